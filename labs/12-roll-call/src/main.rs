//! `roll-call`: the seed's id/name activity. `server` answers `id` and `name` like the
//! student's machine in the seed; `client` checks in with the instructor's classroom
//! server ("I will be running a server on my machine").
//!
//! This file only parses arguments, calls the library and picks the exit code.

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
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        // `println!` would panic if the reader stops early (`--help | head -1`).
        let _ = writeln!(std::io::stdout(), "{USAGE}");
        return ExitCode::SUCCESS;
    }
    let options = match parse_args(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("roll-call: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match options.mode {
        Mode::Server => run_server(&options),
        Mode::Client => run_client(&options),
    }
}

fn run_server(o: &Options) -> ExitCode {
    let listener = match TcpListener::bind((o.host.as_str(), o.port)) {
        Ok(listener) => listener,
        Err(e) => return fail(&format!("bind {}:{}: {e}", o.host, o.port)),
    };
    match listener.local_addr() {
        Ok(addr) => {
            let mut out = std::io::stdout();
            let _ = writeln!(out, "Roll-call server listening on {addr}");
            let _ = out.flush();
        }
        Err(e) => return fail(&format!("local address: {e}")),
    }
    serve(listener, &o.id, &o.name, o.timeout);
    ExitCode::SUCCESS
}

fn run_client(o: &Options) -> ExitCode {
    match check_in(&o.host, o.port, &o.id, &o.name, o.timeout) {
        Ok(answer) if answer.starts_with("OK") => {
            println!("Server says: {answer}");
            ExitCode::SUCCESS
        }
        Ok(answer) if answer.is_empty() => fail("server closed the connection without an answer"),
        Ok(answer) => fail(&format!("server says: {answer}")),
        Err(e) => fail(&e.to_string()),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("roll-call: {message}");
    ExitCode::from(1)
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mode = match args.first().map(String::as_str) {
        Some("server") => Mode::Server,
        Some("client") => Mode::Client,
        Some(other) => return Err(format!("unknown command '{other}'")),
        None => return Err("missing command: server or client".to_string()),
    };
    let mut host = "127.0.0.1".to_string();
    let mut port = 12345;
    let mut id = None;
    let mut name = None;
    let mut timeout = None;
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        let value = rest
            .next()
            .map(String::as_str)
            .ok_or_else(|| format!("unexpected argument '{flag}' or missing value"))?;
        match flag.as_str() {
            "--host" => host = value.to_string(),
            "--port" => port = parse_port(value, &mode)?,
            "--id" => id = Some(value.to_string()),
            "--name" => name = Some(value.to_string()),
            "--idle-timeout" if mode == Mode::Server => timeout = Some(parse_secs(flag, value)?),
            "--timeout" if mode == Mode::Client => timeout = Some(parse_secs(flag, value)?),
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
        Ok(0) if *mode == Mode::Client => Err("invalid port '0': expected 1-65535".to_string()),
        Ok(port) => Ok(port),
        Err(_) => Err(format!("invalid port '{text}': expected 0-65535")),
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
