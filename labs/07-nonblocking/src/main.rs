//! `nonblocking`: `trivial` shows what `accept` does on a non-blocking socket;
//! `echo-server` is a one-thread echo server built on `poll(2)`.
//!
//! This file only parses arguments, calls the library and picks the exit code.

use std::io::Write;
use std::net::TcpListener;
use std::process::ExitCode;

use nonblocking::{serve, try_accept};

const USAGE: &str = "\
usage: nonblocking trivial [--host HOST] [--port PORT]
       nonblocking echo-server [--host HOST] [--port PORT]

trivial      bind a non-blocking listener, call accept() once with no client waiting and
             show that it returns WouldBlock instead of sleeping
echo-server  echo every client's bytes back, all clients in one thread, using poll(2)

options:
  --host HOST  address to bind (default 127.0.0.1)
  --port PORT  port to bind, 0 = any free port (default 0)
  --help       print this help";

enum Mode {
    Trivial,
    EchoServer,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        // `println!` would panic if the reader stops early (`--help | head -1`).
        let _ = writeln!(std::io::stdout(), "{USAGE}");
        return ExitCode::SUCCESS;
    }
    let (mode, host, port) = match parse_args(&args) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("nonblocking: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind((host.as_str(), port)) {
        Ok(listener) => listener,
        Err(e) => return fail(&format!("bind {host}:{port}: {e}")),
    };
    let addr = match listener.local_addr() {
        Ok(addr) => addr,
        Err(e) => return fail(&format!("local address: {e}")),
    };
    match mode {
        Mode::Trivial => trivial(&listener, addr),
        Mode::EchoServer => {
            say(&format!("Echo server (poll) listening on {addr}"));
            match serve(listener) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&format!("poll: {e}")),
            }
        }
    }
}

fn trivial(listener: &TcpListener, addr: std::net::SocketAddr) -> ExitCode {
    say(&format!("Trivial Server launched on socket: {addr}"));
    if let Err(e) = listener.set_nonblocking(true) {
        return fail(&format!("set_nonblocking: {e}"));
    }
    match try_accept(listener) {
        Ok(None) => say("accept() would block: no client is waiting (WouldBlock)"),
        Ok(Some((_, peer))) => say(&format!("accept() returned a client at once: {peer}")),
        Err(e) => return fail(&format!("accept: {e}")),
    }
    ExitCode::SUCCESS
}

/// Prints a line and flushes, so a program reading our output sees it at once. Errors
/// (nobody reading our stdout any more) are ignored rather than crashing the server.
fn say(line: &str) {
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

fn fail(message: &str) -> ExitCode {
    eprintln!("nonblocking: {message}");
    ExitCode::from(1)
}

fn parse_args(args: &[String]) -> Result<(Mode, String, u16), String> {
    let mode = match args.first().map(String::as_str) {
        Some("trivial") => Mode::Trivial,
        Some("echo-server") => Mode::EchoServer,
        Some(other) => return Err(format!("unknown command '{other}'")),
        None => return Err("missing command: trivial or echo-server".to_string()),
    };
    let mut host = "127.0.0.1".to_string();
    let mut port: u16 = 0;
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        let value = match flag.as_str() {
            "--host" | "--port" => rest.next().ok_or_else(|| format!("{flag} needs a value"))?,
            other => return Err(format!("unexpected argument '{other}'")),
        };
        if flag == "--host" {
            host = value.clone();
        } else {
            port = value
                .parse()
                .map_err(|_| format!("invalid port '{value}': expected 0-65535"))?;
        }
    }
    Ok((mode, host, port))
}
