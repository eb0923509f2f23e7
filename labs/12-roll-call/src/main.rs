//! `roll-call`: the seed's id/name activity. `server` answers `id` and `name` like the
//! student's machine in the seed; `client` checks in with the instructor's classroom
//! server ("I will be running a server on my machine").
//!
//! This file only parses arguments, calls the library and picks the exit code.
//!
//! The protocol is lines of text over TCP, each ending in `\r\n` (a bare `\n` is taken
//! too). TCP delivers bytes, not lines: the library's line buffer finds where each line
//! ends, whatever pieces the bytes came in.

use std::io::Write;
use std::net::TcpListener;
use std::process::ExitCode;
use std::time::Duration;

use roll_call::{IDLE_TIMEOUT, check_in, serve, validate_id, validate_name};

const USAGE: &str = "\
usage: roll-call server [--host HOST] [--port PORT] --id ID --name NAME [--idle-timeout SECS]
       roll-call client [--host HOST] [--port PORT] --id ID --name NAME [--timeout SECS]

server  answer \"id\" with ID and \"name\" with NAME, one line each, ending in \\r\\n
client  check in with the classroom server: send \"ID NAME\\r\\n\", print its answer
        (exit 0 if it starts with OK, 1 otherwise)

options:
  --host HOST          server: address to bind; client: server to reach (default 127.0.0.1)
  --port PORT          server: 0 = any free port; client: 1-65535 (default 12345)
  --id ID              your student id (no spaces)
  --name NAME          your name (spaces allowed: quote it)
  --idle-timeout SECS  server: hang up on a client silent this long (default 30)
  --timeout SECS       client: connect/answer timeout (default 10)
  --help               print this help";

#[derive(PartialEq)]
enum Mode {
    Server,
    Client,
}

struct Options {
    mode: Mode,
    host: String,
    port: u16,
    id: String,
    name: String,
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
    match options.mode {
        Mode::Server => run_server(&options),
        Mode::Client => run_client(&options),
    }
}

fn run_server(o: &Options) -> ExitCode {
    // `bind` + `listen` (one call in std); port 0 lets the kernel pick a free port.
    let listener = match TcpListener::bind((o.host.as_str(), o.port)) {
        Ok(listener) => listener,
        Err(e) => return fail(&format!("bind {}:{}: {e}", o.host, o.port)),
    };
    // The first line is the address really bound: whoever started us waits for it.
    match listener.local_addr() {
        Ok(addr) => say(&format!("Roll-call server listening on {addr}")),
        Err(e) => return fail(&format!("local address: {e}")),
    }
    // One thread per client; a client silent for `o.timeout` is hung up on, so a client
    // that connects and says nothing does not hold a thread forever.
    serve(listener, &o.id, &o.name, o.timeout);
    ExitCode::SUCCESS
}

/// The classroom server answers one line: `OK …` (checked in) or a refusal.
fn run_client(o: &Options) -> ExitCode {
    match check_in(&o.host, o.port, &o.id, &o.name, o.timeout) {
        Ok(answer) if answer.starts_with("OK") => {
            say(&format!("Server says: {answer}"));
            ExitCode::SUCCESS
        }
        Ok(answer) if answer.is_empty() => fail("server closed the connection without an answer"),
        Ok(answer) => fail(&format!("server says: {answer}")),
        Err(e) => fail(&e.to_string()),
    }
}

/// `server` or `client`, then flags, each with a value; `--id` and `--name` are required.
fn parse_args(args: &[String]) -> Result<Options, String> {
    let (command, rest) = args
        .split_first()
        .ok_or("missing command: server or client")?;
    let mode = match command.as_str() {
        "server" => Mode::Server,
        "client" => Mode::Client,
        other => return Err(format!("unknown command '{other}'")),
    };
    let mut host = "127.0.0.1".to_string();
    let mut port = 12345;
    let mut id = None;
    let mut name = None;
    let mut timeout = None;
    let mut rest = rest.iter();
    while let Some(flag) = rest.next() {
        match flag.as_str() {
            "--host" => host = value(flag, rest.next())?.to_string(),
            "--port" => port = parse_port(value(flag, rest.next())?, &mode)?,
            "--id" => id = Some(value(flag, rest.next())?.to_string()),
            "--name" => name = Some(value(flag, rest.next())?.to_string()),
            "--idle-timeout" if mode == Mode::Server => {
                timeout = Some(parse_secs(flag, value(flag, rest.next())?)?);
            }
            "--timeout" if mode == Mode::Client => {
                timeout = Some(parse_secs(flag, value(flag, rest.next())?)?);
            }
            other => return Err(format!("unexpected argument '{other}'")),
        }
    }
    let id = id.ok_or("missing --id")?;
    let name = name.ok_or("missing --name")?;
    validate_id(&id)?;
    validate_name(&name)?;
    let default_timeout = match mode {
        Mode::Server => IDLE_TIMEOUT,
        Mode::Client => Duration::from_secs(10),
    };
    Ok(Options {
        mode,
        host,
        port,
        id,
        name,
        timeout: timeout.unwrap_or(default_timeout),
    })
}

/// A port: 0-65535 for the server (0 = any free port), 1-65535 for the client.
fn parse_port(text: &str, mode: &Mode) -> Result<u16, String> {
    match text.parse::<u16>() {
        Ok(0) if *mode == Mode::Client => Err("invalid --port '0': expected 1-65535".to_string()),
        Ok(port) => Ok(port),
        Err(_) => Err(format!("invalid --port '{text}': expected 0-65535")),
    }
}

fn parse_secs(flag: &str, text: &str) -> Result<Duration, String> {
    match text.parse::<f64>() {
        Ok(secs) if secs > 0.0 && secs <= 86_400.0 => Ok(Duration::from_secs_f64(secs)),
        _ => Err(format!(
            "invalid {flag} '{text}': expected a number of seconds above 0"
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
    eprintln!("roll-call: {message}");
    ExitCode::FAILURE
}

/// A usage error: what is wrong and the usage text on stderr, exit status 2.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("roll-call: {message}\n{USAGE}");
    ExitCode::from(2)
}
