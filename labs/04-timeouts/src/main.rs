//! `timeouts` — shows a socket's timeout, or fetches a one-line reply with timeouts.
//!
//! Thin front end: parse the arguments, call the library, print, choose the exit code
//! (0 ok, 1 a network error or a timeout, 2 bad usage).

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;
use timeouts::{FetchError, fetch, format_timeout, parse_seconds};

const USAGE: &str = "\
usage: timeouts show
       timeouts fetch --port PORT [--host HOST] [--timeout SECS] [--message TEXT]
       timeouts --help

  show       a TCP socket's read timeout before and after setting it to 100 s
  fetch      connect to HOST:PORT, send TEXT, print the reply (up to the first newline,
             or to end of file); the whole reply must arrive within SECS
  --host     default 127.0.0.1
  --timeout  seconds, a number greater than 0 (default 5); it bounds the connect, and
             separately the wait for the whole reply
  --message  default \"hello\"; a newline is added when TEXT does not end with one";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        // `println!` would panic if the reader stops early (`--help | head -1`).
        let _ = writeln!(std::io::stdout(), "{USAGE}");
        return ExitCode::SUCCESS;
    }
    match args.split_first() {
        Some((command, rest)) if command == "show" && rest.is_empty() => show(),
        Some((command, rest)) if command == "fetch" => match parse_fetch(rest) {
            Ok(request) => run_fetch(&request),
            Err(message) => usage_error(&message),
        },
        Some((command, _)) if command == "show" => usage_error("show takes no arguments"),
        Some((command, _)) => usage_error(&format!("unknown command: {command}")),
        None => usage_error("missing command"),
    }
}

/// `Default socket timeout: None` / `Current socket timeout: 100.0`, read from a real
/// connected socket (std only makes a `TcpStream` by connecting, so we connect to a
/// listener of our own on loopback).
fn show() -> ExitCode {
    let result = (|| {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let stream = TcpStream::connect(listener.local_addr()?)?;
        let before = stream.read_timeout()?;
        stream.set_read_timeout(Some(Duration::from_secs(100)))?;
        let after = stream.read_timeout()?;
        Ok::<_, std::io::Error>((before, after))
    })();
    match result {
        Ok((before, after)) => {
            println!("Default socket timeout: {}", format_timeout(before));
            println!("Current socket timeout: {}", format_timeout(after));
            ExitCode::SUCCESS
        }
        Err(e) => fail(&format!("socket: {e}")),
    }
}

struct Request {
    host: String,
    port: u16,
    timeout: Duration,
    timeout_text: String,
    message: String,
}

fn parse_fetch(args: &[String]) -> Result<Request, String> {
    let (mut host, mut port, mut timeout, mut message) = (None, None, None, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let slot = match arg.as_str() {
            "--host" => &mut host,
            "--port" => &mut port,
            "--timeout" => &mut timeout,
            "--message" => &mut message,
            other => return Err(format!("unexpected argument: {other}")),
        };
        *slot = Some(args.next().ok_or(format!("{arg} needs a value"))?.clone());
    }
    let port_text = port.ok_or("--port is required")?;
    let port = port_text
        .parse::<u16>()
        .map_err(|_| format!("bad --port: {port_text}"))?;
    let timeout_text = timeout.unwrap_or_else(|| "5".to_string());
    let timeout = parse_seconds(&timeout_text).ok_or(format!(
        "bad --timeout (seconds, greater than 0): {timeout_text}"
    ))?;
    let mut message = message.unwrap_or_else(|| "hello".to_string());
    if !message.ends_with('\n') {
        message.push('\n');
    }
    Ok(Request {
        host: host.unwrap_or_else(|| "127.0.0.1".to_string()),
        port,
        timeout_text: format!("{}", timeout.as_secs_f64()),
        timeout,
        message,
    })
}

fn run_fetch(request: &Request) -> ExitCode {
    let target = format!("{}:{}", request.host, request.port);
    let addr: SocketAddr = match (request.host.as_str(), request.port).to_socket_addrs() {
        Ok(mut addrs) => match addrs.next() {
            Some(addr) => addr,
            None => return fail(&format!("{}: no address", request.host)),
        },
        Err(e) => return fail(&format!("{}: {e}", request.host)),
    };
    let secs = &request.timeout_text;
    match fetch(addr, request.message.as_bytes(), request.timeout) {
        Ok(reply) if reply.is_empty() => {
            fail(&format!("{target} closed the connection without a reply"))
        }
        Ok(reply) => {
            let mut out = std::io::stdout().lock();
            if out.write_all(&reply).and_then(|()| out.flush()).is_err() {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(FetchError::ConnectTimeout) => {
            fail(&format!("timed out after {secs} s connecting to {target}"))
        }
        Err(FetchError::Connect(e)) => fail(&format!("connect to {target}: {e}")),
        Err(FetchError::Send(e)) => fail(&format!("send to {target}: {e}")),
        Err(FetchError::ReplyTimeout) => {
            fail(&format!("timed out after {secs} s waiting for reply"))
        }
        Err(FetchError::Receive(e)) => fail(&format!("receive from {target}: {e}")),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("timeouts: {message}");
    ExitCode::FAILURE
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("timeouts: {message}");
    eprintln!("{USAGE}");
    ExitCode::from(2)
}
