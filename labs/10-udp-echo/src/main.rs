//! `udp-echo server|client`: the command line around the lab's library. Parses arguments,
//! prints what the seed printed, and turns errors into exit codes (1 runtime, 2 usage).
//!
//! UDP has no connection: no `listen`, no `accept`, no `connect`. The server binds a
//! socket to a known port and answers each datagram to the address it came from; the
//! client binds any free port and sends. Nothing says a datagram arrived, so the client
//! waits with a timeout and sends again.

use std::io::Write;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs, UdpSocket};
use std::process::ExitCode;
use std::time::Duration;

use udp_echo::{Event, echo_with_retries, serve};

const USAGE: &str = "\
usage: udp-echo server [--host HOST] [--port PORT]
       udp-echo client [--host HOST] [--port PORT] [--message TEXT] [--timeout SECS] [--retries N]

  --host HOST     address to bind or send to (default 127.0.0.1; ::1 for IPv6)
  --port PORT     UDP port, 0 lets the server pick a free one (default 9999)
  --message TEXT  what the client sends (default \"Test message. This will be echoed\")
  --timeout SECS  how long to wait for each echo (default 1)
  --retries N     how many times to send in all before giving up (default 3)";

struct Options {
    host: String,
    port: u16,
    message: String,
    timeout: Duration,
    attempts: u32,
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
    let (mode, options) = match parse_args(&args) {
        Ok(parsed) => parsed,
        Err(message) => return usage_error(&message),
    };
    let result = match mode {
        Mode::Server => run_server(&options),
        Mode::Client => run_client(&options),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(&message),
    }
}

enum Mode {
    Server,
    Client,
}

/// `server` or `client`, then flags, each with a value.
fn parse_args(args: &[String]) -> Result<(Mode, Options), String> {
    let (command, rest) = args
        .split_first()
        .ok_or("missing command: server or client")?;
    let mode = match command.as_str() {
        "server" => Mode::Server,
        "client" => Mode::Client,
        other => return Err(format!("unknown command '{other}'")),
    };
    let mut options = Options {
        host: "127.0.0.1".to_string(),
        port: 9999,
        message: "Test message. This will be echoed".to_string(),
        timeout: Duration::from_secs(1),
        attempts: 3,
    };
    let mut rest = rest.iter();
    while let Some(flag) = rest.next() {
        match flag.as_str() {
            "--host" => options.host = value(flag, rest.next())?.to_string(),
            "--port" => {
                let text = value(flag, rest.next())?;
                options.port = text
                    .parse()
                    .map_err(|_| format!("invalid --port '{text}': expected 0-65535"))?;
            }
            "--message" => options.message = value(flag, rest.next())?.to_string(),
            "--timeout" => {
                let text = value(flag, rest.next())?;
                options.timeout = text
                    .parse::<f64>()
                    .ok()
                    .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
                    .filter(|d| !d.is_zero())
                    .ok_or(format!("invalid --timeout '{text}': expected seconds > 0"))?;
            }
            "--retries" => {
                let text = value(flag, rest.next())?;
                options.attempts = text
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or(format!("invalid --retries '{text}': expected a count > 0"))?;
            }
            other => return Err(format!("unexpected argument '{other}'")),
        }
    }
    Ok((mode, options))
}

fn resolve(options: &Options) -> Result<SocketAddr, String> {
    (options.host.as_str(), options.port)
        .to_socket_addrs()
        .map_err(|e| format!("{}: {e}", options.host))?
        .next()
        .ok_or(format!("{}: no address", options.host))
}

fn run_server(options: &Options) -> Result<(), String> {
    let address = resolve(options)?;
    // `bind` is all a UDP server needs: from now on the kernel queues every datagram sent
    // to this address, up to the socket's receive buffer (more is dropped, silently).
    let socket = UdpSocket::bind(address).map_err(|e| format!("bind {address}: {e}"))?;
    let bound = socket.local_addr().map_err(|e| e.to_string())?;
    // First line: where we really are, so whoever started us knows we are ready.
    say(&format!(
        "Starting up echo server on {} port {}",
        bound.ip(),
        bound.port()
    ));
    serve(&socket).map_err(|e| format!("receive: {e}"))
}

fn run_client(options: &Options) -> Result<(), String> {
    let server = resolve(options)?;
    say(&format!(
        "Connecting to {} port {}",
        options.host, options.port
    ));
    // "Connecting" is the seed's word: UDP sends without a connection. Our socket is
    // bound to port 0 (the system picks a free one), with the server's address family:
    // the server answers to that address.
    let local = if server.is_ipv6() {
        SocketAddr::from((Ipv6Addr::UNSPECIFIED, 0))
    } else {
        SocketAddr::from((Ipv4Addr::UNSPECIFIED, 0))
    };
    let socket = UdpSocket::bind(local).map_err(|e| format!("bind {local}: {e}"))?;
    say(&format!("Sending {}", options.message));
    let secs = options.timeout.as_secs_f64();
    let reply = echo_with_retries(
        &socket,
        server,
        options.message.as_bytes(),
        options.timeout,
        options.attempts,
        |event| match event {
            Event::TimedOut { attempt, attempts } if attempt < attempts => say(&format!(
                "no reply within {secs} s (attempt {attempt} of {attempts}), sending again"
            )),
            Event::TimedOut { .. } => {}
            Event::Stranger(from) => {
                say(&format!("ignored a datagram from {from}: not the server"))
            }
        },
    )
    .map_err(|e| format!("send to {server}: {e}"))?;
    match reply {
        Some(data) => {
            say(&format!("received {}", String::from_utf8_lossy(&data)));
            say("Closing connection to the server");
            Ok(())
        }
        None => Err(format!("no reply after {} attempts", options.attempts)),
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
    eprintln!("udp-echo: {message}");
    ExitCode::FAILURE
}

/// A usage error: what is wrong and the usage text on stderr, exit status 2.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("udp-echo: {message}\n{USAGE}");
    ExitCode::from(2)
}
