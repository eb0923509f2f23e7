//! `tcp-echo server|client`: the command line around the lab's library. Parses arguments,
//! prints what the seed printed, and turns errors into exit codes (1 runtime, 2 usage).
//!
//! The server: `bind` + `listen` (one call in std), print the address, then `serve`
//! accepts clients. The client: resolve, `connect` with a timeout, a read timeout, then
//! `echo_roundtrip` sends the message and reads until every byte has come back.

use std::io::Write;
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

use tcp_echo::{ClientError, echo_roundtrip, serve};

const USAGE: &str = "\
usage: tcp-echo server [--host HOST] [--port PORT]
       tcp-echo client [--host HOST] [--port PORT] [--message TEXT] [--timeout SECS]

  --host HOST     address to bind or connect to (default 127.0.0.1; ::1 for IPv6)
  --port PORT     TCP port, 0 lets the server pick a free one (default 9999)
  --message TEXT  what the client sends (default \"Test message. This will be echoed\")
  --timeout SECS  how long the client waits for the echo (default 5)";

struct Options {
    host: String,
    port: u16,
    message: String,
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
        timeout: Duration::from_secs(5),
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
            other => return Err(format!("unexpected argument '{other}'")),
        }
    }
    Ok((mode, options))
}

fn run_server(options: &Options) -> Result<(), String> {
    // `bind` claims the address (it fails if another socket holds it: "Address already in
    // use"), and std's `TcpListener::bind` also calls `listen`: the kernel now completes
    // connections into a queue until `accept` takes them.
    let address = (options.host.as_str(), options.port);
    let listener =
        TcpListener::bind(address).map_err(|e| format!("bind {}: {e}", display(options)))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    // The first line says where we really are (port 0 means "any"): whoever started us
    // waits for it instead of guessing when we are ready.
    say(&format!(
        "Starting up echo server on {} port {}",
        bound.ip(),
        bound.port()
    ));
    // `serve` returns only when the server must stop; its error says what failed.
    serve(listener).map_err(|e| format!("server stopped: {e}"))
}

fn run_client(options: &Options) -> Result<(), String> {
    say(&format!(
        "Connecting to {} port {}",
        options.host, options.port
    ));
    let address = (options.host.as_str(), options.port)
        .to_socket_addrs()
        .map_err(|e| format!("{}: {e}", options.host))?
        .next()
        .ok_or(format!("{}: no address", options.host))?;
    // A plain `connect` to a host that drops packets waits for minutes (the kernel's SYN
    // retries); `connect_timeout` gives up after our timeout. A refused port fails at once.
    let mut stream = TcpStream::connect_timeout(&address, options.timeout)
        .map_err(|e| format!("connect to {}: {e}", display(options)))?;
    // Without a read timeout a silent server would keep us waiting forever. The timeout
    // bounds each `read`, so the wait between two pieces of the echo.
    stream
        .set_read_timeout(Some(options.timeout))
        .map_err(|e| e.to_string())?;
    say(&format!("Sending {}", options.message));
    let result = echo_roundtrip(&mut stream, options.message.as_bytes(), |piece| {
        say(&format!("Received: {}", String::from_utf8_lossy(piece)));
    });
    // The stream is closed when it goes out of scope, at the end of this function.
    say("Closing connection to the server");
    match result {
        Ok(_) => Ok(()),
        // A read that waited longer than the read timeout fails with WouldBlock (Unix) or
        // TimedOut (Windows): say it in words.
        Err(ClientError::Io(e)) if is_timeout(&e) => Err(format!(
            "no echo within {} s",
            options.timeout.as_secs_f64()
        )),
        Err(e) => Err(e.to_string()),
    }
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    )
}

/// `host:port`, with brackets around an IPv6 address as in a URL.
fn display(options: &Options) -> String {
    if options.host.contains(':') {
        format!("[{}]:{}", options.host, options.port)
    } else {
        format!("{}:{}", options.host, options.port)
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
    eprintln!("tcp-echo: {message}");
    ExitCode::FAILURE
}

/// A usage error: what is wrong and the usage text on stderr, exit status 2.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("tcp-echo: {message}\n{USAGE}");
    ExitCode::from(2)
}
