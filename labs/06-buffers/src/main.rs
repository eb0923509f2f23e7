//! `buffers`: show what the kernel does with `SO_SNDBUF`/`SO_RCVBUF` requests, and
//! (`buffers bench`) how the buffer size changes loopback throughput.
//!
//! This file only parses arguments, calls the library and picks the exit code.

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
    Help,
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
    let args: Vec<String> = std::env::args().skip(1).collect();
    match parse_args(&args) {
        Ok(Command::Help) => {
            // `println!` would panic if the reader stops early (`--help | head -1`).
            let _ = writeln!(std::io::stdout(), "{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(Command::Show { send, recv }) => show(send, recv),
        Ok(Command::Bench {
            sizes,
            bytes,
            seconds,
            csv,
        }) => bench(&sizes, bytes, seconds, csv),
        Err(message) => {
            eprintln!("buffers: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn show(send: usize, recv: usize) -> ExitCode {
    match modify_buff_size(send, recv) {
        Ok(report) => {
            println!("Buffer size [Before]:{}", report.send_before);
            println!("Buffer size [After]:{}", report.send_after);
            println!("Receive buffer size [After]:{}", report.recv_after);
            println!("TCP_NODELAY: {}", u8::from(report.nodelay));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("buffers: {e}");
            ExitCode::from(1)
        }
    }
}

fn bench(sizes: &[usize], bytes: u64, seconds: f64, csv: bool) -> ExitCode {
    let cap = Duration::from_secs_f64(seconds);
    let mut rows = Vec::new();
    for &size in sizes {
        match bench_one(size, bytes, cap) {
            Ok(row) => rows.push(row),
            Err(e) => {
                eprintln!("buffers: bench with buffer size {size}: {e}");
                return ExitCode::from(1);
            }
        }
    }
    let text = if csv {
        format_csv(&rows)
    } else {
        format_table(&rows)
    };
    let mut out = std::io::stdout();
    if out
        .write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn parse_args(args: &[String]) -> Result<Command, String> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(Command::Help);
    }
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

/// The value after a flag, or an error naming the flag.
fn value<'a>(flag: &str, next: Option<&'a String>) -> Result<&'a str, String> {
    next.map(String::as_str)
        .ok_or_else(|| format!("{flag} needs a value"))
}

fn parse_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s > 0.0 && s <= 3600.0 => Ok(s),
        _ => Err(format!(
            "invalid --seconds '{text}': expected a number of seconds between 0 and 3600"
        )),
    }
}
