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
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        // `println!` would panic if the reader stops early (`--help | head -1`).
        let _ = writeln!(std::io::stdout(), "{USAGE}");
        return ExitCode::SUCCESS;
    }
    match parse_args(&args) {
        Ok(options) => match run(&options) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("reuseaddr: {message}");
                ExitCode::from(1)
            }
        },
        Err(message) => {
            eprintln!("reuseaddr: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(options: &Options) -> Result<(), String> {
    let addr = resolve(&options.host, options.port)?;
    let socket = new_socket(&addr).map_err(|e| format!("socket: {e}"))?;

    let old = reuse_state(&socket).map_err(|e| format!("getsockopt: {e}"))?;
    say(&format!("Old sock state: {old}"));
    if options.reuse {
        enable_reuse(&socket).map_err(|e| format!("setsockopt: {e}"))?;
    }
    let new = reuse_state(&socket).map_err(|e| format!("getsockopt: {e}"))?;
    say(&format!("New sock state: {new}"));

    let listener = bind_and_listen(socket, &addr).map_err(|e| format!("bind {addr}: {e}"))?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("local address: {e}"))?
        .port();
    say(&format!("Listening on port: {port}"));

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

/// Prints a line and flushes it at once; ignores a closed stdout instead of panicking.
fn say(line: &str) {
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

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
                    .map_err(|_| format!("invalid port '{text}': expected 0-65535"))?;
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

/// The value after a flag, or an error naming the flag.
fn value<'a>(flag: &str, next: Option<&'a String>) -> Result<&'a str, String> {
    next.map(String::as_str)
        .ok_or_else(|| format!("{flag} needs a value"))
}
