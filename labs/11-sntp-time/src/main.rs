//! `sntp-time`: ask an (S)NTP server for the time, print it like C's `ctime`, then the
//! clock offset and the round-trip delay. The seed's print_machine_time, without ntplib.
//!
//! This file only parses arguments, calls the library and picks the exit code.
//!
//! SNTP is one UDP datagram each way: a 48-byte request to port 123, a reply of (at
//! least) 48 bytes carrying the server's clock. `query` sends it and waits with a deadline: UDP gives no
//! error when nobody answers, only silence.

use std::io::Write;
use std::net::{SocketAddr, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

use sntp_time::{ctime, format_seconds, parse_server, query};

const USAGE: &str = "\
usage: sntp-time [--server HOST[:PORT]] [--timeout SECS]

Send one SNTP request and print the server's time (UTC, ctime format), the offset of
this machine's clock from it, and the round-trip delay.

options:
  --server HOST[:PORT]  NTP server (default pool.ntp.org:123; IPv6 as [::1]:123)
  --timeout SECS        how long to wait for the reply, e.g. 0.5 (default 5)
  --help                print this help";

/// The parsed command line.
struct Options {
    host: String,
    port: u16,
    timeout: Duration,
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
    let options = match parse_args(&args) {
        Ok(options) => options,
        Err(message) => return usage_error(&message),
    };
    run(&options)
}

fn run(options: &Options) -> ExitCode {
    let server = match resolve(&options.host, options.port) {
        Ok(addr) => addr,
        Err(message) => return fail(&message),
    };
    match query(server, options.timeout) {
        Ok(m) => {
            say(&ctime(m.server_unix_seconds()));
            say(&format!(
                "Offset: {} s",
                format_seconds(m.offset_nanos, true)
            ));
            say(&format!(
                "Delay: {} s",
                format_seconds(m.delay_nanos, false)
            ));
            ExitCode::SUCCESS
        }
        // No reply, a short reply, a wrong mode, a kiss-of-death: each has its own message.
        Err(e) => fail(&e.to_string()),
    }
}

/// The first address the server name resolves to (a DNS lookup for `pool.ntp.org`).
fn resolve(host: &str, port: u16) -> Result<SocketAddr, String> {
    let shown = if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    let mut addrs = (host, port)
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {shown}: {e}"))?;
    addrs
        .next()
        .ok_or_else(|| format!("cannot resolve {shown}: no address"))
}

/// Flags, each with a value.
fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut server = "pool.ntp.org";
    let mut timeout = Duration::from_secs(5);
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        match flag.as_str() {
            "--server" => server = value(flag, rest.next())?,
            "--timeout" => timeout = parse_timeout(value(flag, rest.next())?)?,
            other => return Err(format!("unexpected argument '{other}'")),
        }
    }
    let (host, port) = parse_server(server)?;
    Ok(Options {
        host,
        port,
        timeout,
    })
}

fn parse_timeout(text: &str) -> Result<Duration, String> {
    match text.parse::<f64>() {
        Ok(secs) if secs > 0.0 && secs <= 3600.0 => Ok(Duration::from_secs_f64(secs)),
        _ => Err(format!(
            "invalid --timeout '{text}': expected seconds between 0 and 3600, e.g. 0.5"
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
    eprintln!("sntp-time: {message}");
    ExitCode::FAILURE
}

/// A usage error: what is wrong and the usage text on stderr, exit status 2.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("sntp-time: {message}\n{USAGE}");
    ExitCode::from(2)
}
