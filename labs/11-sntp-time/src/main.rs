//! `sntp-time`: ask an (S)NTP server for the time, print it like C's `ctime`, then the
//! clock offset and the round-trip delay. The seed's print_machine_time, without ntplib.
//!
//! This file only parses arguments, calls the library and picks the exit code.

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

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        // `println!` would panic if the reader stops early (`--help | head -1`).
        let _ = writeln!(std::io::stdout(), "{USAGE}");
        return ExitCode::SUCCESS;
    }
    let (host, port, timeout) = match parse_args(&args) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("sntp-time: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let server = match resolve(&host, port) {
        Ok(addr) => addr,
        Err(message) => return fail(&message),
    };
    match query(server, timeout) {
        Ok(m) => {
            println!("{}", ctime(m.server_unix_seconds()));
            println!("Offset: {} s", format_seconds(m.offset_nanos, true));
            println!("Delay: {} s", format_seconds(m.delay_nanos, false));
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.to_string()),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("sntp-time: {message}");
    ExitCode::from(1)
}

/// The first address the server name resolves to.
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

fn parse_args(args: &[String]) -> Result<(String, u16, Duration), String> {
    let mut server = "pool.ntp.org".to_string();
    let mut timeout = Duration::from_secs(5);
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = match flag.as_str() {
            "--server" | "--timeout" => {
                rest.next().ok_or_else(|| format!("{flag} needs a value"))?
            }
            other => return Err(format!("unexpected argument '{other}'")),
        };
        if flag == "--server" {
            server = value.clone();
        } else {
            timeout = parse_timeout(value)?;
        }
    }
    let (host, port) = parse_server(&server)?;
    Ok((host, port, timeout))
}

fn parse_timeout(text: &str) -> Result<Duration, String> {
    match text.parse::<f64>() {
        Ok(secs) if secs > 0.0 && secs <= 3600.0 => Ok(Duration::from_secs_f64(secs)),
        _ => Err(format!(
            "invalid --timeout '{text}': expected seconds between 0 and 3600, e.g. 0.5"
        )),
    }
}
