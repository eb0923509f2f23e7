//! `reuseaddr`: the seed's reuse_socket_address server. Prints the `SO_REUSEADDR` state
//! before and after setting it, listens, and closes every connection first, so that
//! restarting it at once shows what the option is for.
//!
//! This file only parses arguments, calls the library and picks the exit code.

use std::io::Write;
use std::net::{SocketAddr, ToSocketAddrs};
use std::process::ExitCode;

use reuseaddr::{bind_and_listen, enable_reuse, new_socket, reuse_state, serve};

const USAGE: &str = "\
usage: reuseaddr [--host HOST] [--port PORT] [--no-reuse] [--max-clients N | --once]

Listen on HOST:PORT, greet and close every client (the server closes first, so it keeps
the TIME_WAIT state). Stop it and start it again on the same port at once: with
SO_REUSEADDR the bind works, with --no-reuse it fails with \"Address already in use\".

options:
  --host HOST        address to bind (default 127.0.0.1)
  --port PORT        port to bind, 0 = any free port (default 8282)
  --no-reuse         do not set SO_REUSEADDR
  --max-clients N    exit after serving N clients (default: serve forever)
  --once             same as --max-clients 1
  --help             print this help";

struct Options {
    host: String,
    port: u16,
    reuse: bool,
    max_clients: Option<u64>,
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
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

/// The seed's steps, one socket call each: socket, getsockopt, setsockopt, getsockopt,
/// bind, listen, then accept clients. Each error says which call failed.
fn run(options: &Options) -> Result<(), String> {
    let addr = resolve(&options.host, options.port)?;
    // std's `TcpListener::bind` would set SO_REUSEADDR itself before binding, and the old
    // state would always be 1: the socket is made by hand (`socket(2)` in `sys`), bare.
    let socket = new_socket(&addr).map_err(|e| format!("socket: {e}"))?;

    let old = reuse_state(&socket).map_err(|e| format!("getsockopt: {e}"))?;
    say(&format!("Old sock state: {old}"));
    // The option only matters at `bind`, so it is set before it.
    if options.reuse {
        enable_reuse(&socket).map_err(|e| format!("setsockopt: {e}"))?;
    }
    let new = reuse_state(&socket).map_err(|e| format!("getsockopt: {e}"))?;
    say(&format!("New sock state: {new}"));

    // Here a restart without the option fails while the last run's connections are in
    // TIME_WAIT: "Address already in use" (EADDRINUSE), reported as a runtime error.
    let listener = bind_and_listen(socket, &addr).map_err(|e| format!("bind {addr}: {e}"))?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("local address: {e}"))?
        .port();
    say(&format!("Listening on port: {port}"));

    // A failed `accept` is one client's trouble: reported, and the server goes on.
    serve(&listener, options.max_clients, |client| match client {
        Ok(peer) => say(&format!("Connected by {}:{}", peer.ip(), peer.port())),
        Err(e) => eprintln!("reuseaddr: accept: {e}"),
    });
    Ok(())
}

/// The first address HOST:PORT resolves to.
fn resolve(host: &str, port: u16) -> Result<SocketAddr, String> {
    let mut addrs = (host, port)
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {host}: {e}"))?;
    addrs
        .next()
        .ok_or_else(|| format!("cannot resolve {host}: no address"))
}

/// Flags with a value, and the switches `--no-reuse` and `--once`.
fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        host: "127.0.0.1".to_string(),
        port: 8282,
        reuse: true,
        max_clients: None,
    };
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        match flag.as_str() {
            "--no-reuse" => options.reuse = false,
            "--once" => options.max_clients = Some(1),
            "--host" => options.host = value(flag, rest.next())?.to_string(),
            "--port" => {
                let text = value(flag, rest.next())?;
                options.port = text
                    .parse()
                    .map_err(|_| format!("invalid --port '{text}': expected 0-65535"))?;
            }
            "--max-clients" => {
                let text = value(flag, rest.next())?;
                match text.parse::<u64>() {
                    Ok(n) if n > 0 => options.max_clients = Some(n),
                    _ => {
                        return Err(format!(
                            "invalid --max-clients '{text}': expected a number above 0"
                        ));
                    }
                }
            }
            other => return Err(format!("unexpected argument '{other}'")),
        }
    }
    Ok(options)
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
    eprintln!("reuseaddr: {message}");
    ExitCode::FAILURE
}

/// A usage error: what is wrong and the usage text on stderr, exit status 2.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("reuseaddr: {message}\n{USAGE}");
    ExitCode::from(2)
}
