//! `socket-errors` — fetches a file over HTTP/1.0 and reports which step failed, if any.
//!
//! Thin front end: parse the arguments, call [`socket_errors::http_get`] with stdout as the
//! output, print the failure's message, choose the exit code (0 ok, 1 failed, 2 bad usage).
//!
//! A client can fail at four different steps (resolve the name, connect, send, receive),
//! each for its own reasons; the library tells them apart, and the message printed here is
//! the seed's line for that step, as it is (these lines do not start with the program
//! name, so they read like the Python original's).

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "\
usage: socket-errors --host HOST --port PORT --file PATH [--timeout SECS]
       socket-errors --help

Sends `GET PATH HTTP/1.0` to HOST:PORT and writes the raw response (headers and body,
byte for byte) to stdout. --timeout (seconds, greater than 0, default 5) bounds the
connect and each wait for data. On failure, one line on stderr says which step failed:
  Address-related error connecting to server: ...   (the host name does not resolve)
  Connection error: ...                              (refused, unreachable, timed out)
  Error sending data: ...
  Error receiving data: ...                          (what arrived before is already written)";

struct Options {
    host: String,
    port: u16,
    file: String,
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
    // The response goes to stdout as it arrives, byte for byte (it may be binary), so
    // what came before a failure is already written when the error line is printed.
    let mut stdout = std::io::stdout().lock();
    let result = socket_errors::http_get(
        &options.host,
        options.port,
        &options.file,
        options.timeout,
        &mut stdout,
    );
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Flags with a value; `--host`, `--port` and `--file` are required.
fn parse_args(args: &[String]) -> Result<Options, String> {
    let (mut host, mut port, mut file) = (None, None, None);
    let mut timeout_text = "5";
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        match flag.as_str() {
            "--host" => host = Some(value(flag, rest.next())?.to_string()),
            "--port" => {
                let text = value(flag, rest.next())?;
                let parsed = text.parse::<u16>();
                port =
                    Some(parsed.map_err(|_| format!("invalid --port '{text}': expected 0-65535"))?);
            }
            "--file" => file = Some(value(flag, rest.next())?.to_string()),
            "--timeout" => timeout_text = value(flag, rest.next())?,
            other => return Err(format!("unexpected argument '{other}'")),
        }
    }
    let host = host.ok_or("missing --host")?;
    let port = port.ok_or("missing --port")?;
    let file = file.ok_or("missing --file")?;
    // The path goes into the request line `GET PATH HTTP/1.0`: a space or a line break
    // in it would change the request.
    if file.is_empty() || file.contains(['\r', '\n', ' ']) {
        return Err(format!("invalid --file {file:?}: no spaces or line breaks"));
    }
    let timeout = timeout_text
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .filter(|d| !d.is_zero())
        .ok_or(format!(
            "invalid --timeout '{timeout_text}': expected seconds, greater than 0"
        ))?;
    Ok(Options {
        host,
        port,
        file,
        timeout,
    })
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

/// A usage error: what is wrong and the usage text on stderr, exit status 2.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("socket-errors: {message}\n{USAGE}");
    ExitCode::from(2)
}
