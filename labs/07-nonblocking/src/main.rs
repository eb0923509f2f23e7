//! `nonblocking`: `trivial` shows what `accept` does on a non-blocking socket;
//! `echo-server` is a one-thread echo server built on `poll(2)`.
//!
//! This file only parses arguments, calls the library and picks the exit code.
//!
//! A blocking call (`accept`, `read`, `write`) puts the whole thread to sleep until it can
//! finish. A non-blocking socket never sleeps: a call that would have to wait fails at
//! once with `WouldBlock`. One thread can then serve many clients, if something tells it
//! which sockets are ready: `poll(2)`, the `select` of the seed.

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

struct Options {
    mode: Mode,
    host: String,
    port: u16,
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
    match parse_args(&args) {
        Ok(options) => run(&options),
        Err(message) => usage_error(&message),
    }
}

fn run(options: &Options) -> ExitCode {
    // `bind` gives the socket its address (port 0: the kernel picks a free port), and
    // std's `TcpListener::bind` also calls `listen`: from now on the kernel accepts
    // connections into a queue, whether or not we call `accept`.
    let listener = match TcpListener::bind((options.host.as_str(), options.port)) {
        Ok(listener) => listener,
        Err(e) => return fail(&format!("bind {}:{}: {e}", options.host, options.port)),
    };
    // The address really bound (with the port the kernel picked): our first output line,
    // so whoever started us knows where to connect.
    let addr = match listener.local_addr() {
        Ok(addr) => addr,
        Err(e) => return fail(&format!("local address: {e}")),
    };
    match options.mode {
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

/// The seed's trivial server: one `accept` on a non-blocking listener with nobody
/// connecting. A blocking `accept` would sleep until a client came; this one returns
/// `WouldBlock` at once.
fn trivial(listener: &TcpListener, addr: std::net::SocketAddr) -> ExitCode {
    say(&format!("Trivial Server launched on socket: {addr}"));
    // `set_nonblocking` sets O_NONBLOCK on the socket: every later call on it returns at
    // once instead of waiting.
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

fn parse_args(args: &[String]) -> Result<Options, String> {
    let (command, rest) = args
        .split_first()
        .ok_or("missing command: trivial or echo-server")?;
    let mode = match command.as_str() {
        "trivial" => Mode::Trivial,
        "echo-server" => Mode::EchoServer,
        other => return Err(format!("unknown command '{other}'")),
    };
    let mut options = Options {
        mode,
        host: "127.0.0.1".to_string(),
        port: 0,
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
    eprintln!("nonblocking: {message}");
    ExitCode::FAILURE
}

/// A usage error: what is wrong and the usage text on stderr, exit status 2.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("nonblocking: {message}\n{USAGE}");
    ExitCode::from(2)
}
