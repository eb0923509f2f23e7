//! `timeouts` — shows a socket's timeout, or fetches a one-line reply with timeouts.
//!
//! Thin front end: parse the arguments, call the library, print, choose the exit code
//! (0 ok, 1 a network error or a timeout, 2 bad usage).
//!
//! A socket without a timeout waits as long as the network makes it: `show` prints a
//! socket's timeout before and after setting one, `fetch` uses a connect timeout and a
//! deadline for the reply, so a silent server costs at most `--timeout` seconds to
//! connect and as long again for the reply.

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
    let args = match command_line() {
        Ok(args) => args,
        Err(message) => return usage_error(&message),
    };
    if args.iter().any(|a| a == "--help" || a == "-h") {
        say(USAGE);
        return ExitCode::SUCCESS;
    }
    match parse_args(&args) {
        Ok(Command::Show) => show(),
        Ok(Command::Fetch(request)) => run_fetch(&request),
        Err(message) => usage_error(&message),
    }
}

/// What the command line asked for.
enum Command {
    Show,
    Fetch(Request),
}

/// `show` takes nothing; `fetch` takes flags, each with a value.
fn parse_args(args: &[String]) -> Result<Command, String> {
    let (command, rest) = args.split_first().ok_or("missing command: show or fetch")?;
    match command.as_str() {
        "show" => match rest.first() {
            Some(extra) => Err(format!("unexpected argument '{extra}'")),
            None => Ok(Command::Show),
        },
        "fetch" => parse_fetch(rest).map(Command::Fetch),
        other => Err(format!("unknown command '{other}'")),
    }
}

/// `Default socket timeout: None` / `Current socket timeout: 100.0`, read from a real
/// connected socket.
fn show() -> ExitCode {
    let result = (|| {
        // std only makes a connected `TcpStream` by connecting: a listener of our own on
        // loopback, port 0 (any free port), is the cheapest peer. The kernel completes the
        // handshake and queues the connection even though we never call `accept`.
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let stream = TcpStream::connect(listener.local_addr()?)?;
        // A new socket has no timeout: `None`, a read waits forever. Setting one makes a
        // read that waits longer fail with `WouldBlock` (the kernel's SO_RCVTIMEO).
        let before = stream.read_timeout()?;
        stream.set_read_timeout(Some(Duration::from_secs(100)))?;
        let after = stream.read_timeout()?;
        Ok::<_, std::io::Error>((before, after))
    })();
    match result {
        Ok((before, after)) => {
            say(&format!(
                "Default socket timeout: {}",
                format_timeout(before)
            ));
            say(&format!(
                "Current socket timeout: {}",
                format_timeout(after)
            ));
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
    let mut host = "127.0.0.1".to_string();
    let mut port = None;
    let mut timeout_text = "5".to_string();
    let mut message = "hello".to_string();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        match flag.as_str() {
            "--host" => host = value(flag, rest.next())?.to_string(),
            "--port" => {
                let text = value(flag, rest.next())?;
                let parsed = text.parse::<u16>();
                port =
                    Some(parsed.map_err(|_| format!("invalid --port '{text}': expected 0-65535"))?);
            }
            "--timeout" => timeout_text = value(flag, rest.next())?.to_string(),
            "--message" => message = value(flag, rest.next())?.to_string(),
            other => return Err(format!("unexpected argument '{other}'")),
        }
    }
    let port = port.ok_or("missing --port")?;
    let timeout = parse_seconds(&timeout_text).ok_or(format!(
        "invalid --timeout '{timeout_text}': expected seconds, greater than 0"
    ))?;
    // The server reads one line: the newline tells it the request is complete.
    if !message.ends_with('\n') {
        message.push('\n');
    }
    Ok(Request {
        host,
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
    // `fetch` reports each step's failure as its own variant, so the message can say which
    // step failed: connecting, sending, or waiting for the reply.
    match fetch(addr, request.message.as_bytes(), request.timeout) {
        Ok(reply) if reply.is_empty() => {
            fail(&format!("{target} closed the connection without a reply"))
        }
        Ok(reply) => {
            // The reply is bytes, maybe not UTF-8: written as it came. As in `say`, a
            // reader that left is not an error of ours.
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(&reply).and_then(|()| out.flush());
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
    eprintln!("timeouts: {message}");
    ExitCode::FAILURE
}

/// A usage error: what is wrong and the usage text on stderr, exit status 2.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("timeouts: {message}\n{USAGE}");
    ExitCode::from(2)
}
