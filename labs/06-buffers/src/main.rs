//! `buffers`: show what the kernel does with `SO_SNDBUF`/`SO_RCVBUF` requests, and
//! (`buffers bench`) how the buffer size changes loopback throughput.
//!
//! This file only parses arguments, calls the library and picks the exit code.
//!
//! Every socket has a send buffer and a receive buffer in the kernel: `write` returns once
//! the bytes are copied into the send buffer (it waits only while that is full), and the
//! receive buffer holds what arrived until the program reads it. Their sizes (`SO_SNDBUF`, `SO_RCVBUF`) bound how
//! much data can be on its way at once, hence the throughput the bench measures.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use buffers::{
    DEFAULT_BENCH_BYTES, DEFAULT_BENCH_SECONDS, DEFAULT_BENCH_SIZES, DEFAULT_RECV, DEFAULT_SEND,
    bench_one, format_csv, format_table, modify_buff_size, parse_size, parse_size_list,
};

const USAGE: &str = "\
usage: buffers [--send SIZE] [--recv SIZE]
       buffers bench [--sizes SIZE,SIZE,...] [--bytes SIZE] [--seconds SECS] [--csv]

Without a command: make a TCP socket, print its send buffer size, set TCP_NODELAY and the
send/receive buffer sizes, and print what the kernel really gave (Linux doubles it).

bench: send data over 127.0.0.1 with both sockets' buffers set to each size and print
the throughput (at most --bytes per size, stopping early after --seconds).

options:
  --send SIZE      send buffer to ask for (default 4096)
  --recv SIZE      receive buffer to ask for (default 4096)
  --sizes LIST     bench: buffer sizes, comma separated (default 4096,65536,1048576)
  --bytes SIZE     bench: bytes to send per size (default 64MiB)
  --seconds SECS   bench: time cap per size (default 2)
  --csv            bench: print CSV instead of a table
  --help           print this help
SIZE is a positive number of bytes, optionally with KiB, MiB or GiB (e.g. 64KiB).";

/// What the command line asked for.
enum Command {
    Show {
        send: usize,
        recv: usize,
    },
    Bench {
        sizes: Vec<usize>,
        bytes: u64,
        seconds: f64,
        csv: bool,
    },
}

fn main() -> ExitCode {
    let args = match command_line() {
        Ok(args) => args,
        Err(message) => return usage_error(&message),
    };
    if args.iter().any(|a| a == "--help" || a == "-h") {
        say(USAGE);
        return ExitCode::SUCCESS;
    }
    match parse_args(&args) {
        Ok(Command::Show { send, recv }) => show(send, recv),
        Ok(Command::Bench {
            sizes,
            bytes,
            seconds,
            csv,
        }) => bench(&sizes, bytes, seconds, csv),
        Err(message) => usage_error(&message),
    }
}

/// The kernel's answer to a buffer size request. Linux caps the request at
/// `/proc/sys/net/core/wmem_max` (`rmem_max` for receive), then doubles it (the extra half
/// is for its own bookkeeping), with a minimum: "After" is rarely what was asked.
fn show(send: usize, recv: usize) -> ExitCode {
    match modify_buff_size(send, recv) {
        Ok(report) => {
            say(&format!("Buffer size [Before]:{}", report.send_before));
            say(&format!("Buffer size [After]:{}", report.send_after));
            say(&format!(
                "Receive buffer size [After]:{}",
                report.recv_after
            ));
            say(&format!("TCP_NODELAY: {}", u8::from(report.nodelay)));
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.to_string()),
    }
}

/// One loopback transfer per buffer size, then the table (or CSV) of throughputs.
fn bench(sizes: &[usize], bytes: u64, seconds: f64, csv: bool) -> ExitCode {
    let cap = Duration::from_secs_f64(seconds);
    let mut rows = Vec::new();
    for &size in sizes {
        match bench_one(size, bytes, cap) {
            Ok(row) => rows.push(row),
            Err(e) => return fail(&format!("bench with buffer size {size}: {e}")),
        }
    }
    let text = if csv {
        format_csv(&rows)
    } else {
        format_table(&rows)
    };
    // The text ends with its own newline; `say` adds one, so it gets the text without it.
    say(text.trim_end_matches('\n'));
    ExitCode::SUCCESS
}

/// No command: `show`, with optional sizes. `bench` first: the bench and its flags.
fn parse_args(args: &[String]) -> Result<Command, String> {
    if args.first().map(String::as_str) == Some("bench") {
        return parse_bench(&args[1..]);
    }
    let mut send = DEFAULT_SEND;
    let mut recv = DEFAULT_RECV;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        match flag.as_str() {
            "--send" => send = parse_size(value(flag, rest.next())?)?,
            "--recv" => recv = parse_size(value(flag, rest.next())?)?,
            other => return Err(format!("unexpected argument '{other}'")),
        }
    }
    Ok(Command::Show { send, recv })
}

fn parse_bench(args: &[String]) -> Result<Command, String> {
    let mut sizes = DEFAULT_BENCH_SIZES.to_vec();
    let mut bytes = DEFAULT_BENCH_BYTES;
    let mut seconds = DEFAULT_BENCH_SECONDS;
    let mut csv = false;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        match flag.as_str() {
            "--sizes" => sizes = parse_size_list(value(flag, rest.next())?)?,
            "--bytes" => bytes = parse_size(value(flag, rest.next())?)? as u64,
            "--seconds" => seconds = parse_seconds(value(flag, rest.next())?)?,
            "--csv" => csv = true,
            other => return Err(format!("unexpected argument '{other}'")),
        }
    }
    Ok(Command::Bench {
        sizes,
        bytes,
        seconds,
        csv,
    })
}

fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s > 0.0 && s <= 3600.0 => Ok(s),
        _ => Err(format!(
            "invalid --seconds '{text}': expected a number of seconds between 0 and 3600"
        )),
    }
}

// The command line, the same small shape in every lab (explained in labs/01-host-info/src/main.rs).

/// The arguments after the program name, with `--flag=VALUE` split into `--flag VALUE`.
fn command_line() -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    for arg in std::env::args_os().skip(1) {
        let arg = arg
            .into_string()
            .map_err(|arg| format!("argument is not UTF-8: {arg:?}"))?;
        match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                words.push(flag.to_string());
                words.push(value.to_string());
            }
            _ => words.push(arg),
        }
    }
    Ok(words)
}

/// The word after `flag`, or a usage error naming the flag.
fn value<'a>(flag: &str, next: Option<&'a String>) -> Result<&'a str, String> {
    next.map(String::as_str)
        .ok_or_else(|| format!("{flag} needs a value"))
}

/// Prints one line on stdout and flushes it. Rust ignores SIGPIPE, so writing to a reader
/// that left (`| head -1`) is an error, not death; `println!` would panic on it. The line
/// is dropped instead: whoever stopped reading does not need it.
fn say(line: &str) {
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// A runtime failure: one line on stderr starting with the program name, exit status 1.
fn fail(message: &str) -> ExitCode {
    eprintln!("buffers: {message}");
    ExitCode::FAILURE
}

/// A usage error: what is wrong and the usage text on stderr, exit status 2.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("buffers: {message}\n{USAGE}");
    ExitCode::from(2)
}
