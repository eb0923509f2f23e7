//! `socket-errors` — fetches a file over HTTP/1.0 and reports which step failed, if any.
//!
//! Thin front end: parse the arguments, call [`socket_errors::http_get`] with stdout as the
//! output, print the failure's message, choose the exit code (0 ok, 1 failed, 2 bad usage).

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
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        // `println!` would panic if the reader stops early (`--help | head -1`).
        let _ = writeln!(std::io::stdout(), "{USAGE}");
        return ExitCode::SUCCESS;
    }
    let options = match parse_args(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("socket-errors: {message}");
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
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

fn parse_args(args: &[String]) -> Result<Options, String> {
    let (mut host, mut port, mut file, mut timeout) = (None, None, None, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        // Accept both `--host H` and the Python original's `--host=H`.
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let slot = match name {
            "--host" => &mut host,
            "--port" => &mut port,
            "--file" => &mut file,
            "--timeout" => &mut timeout,
            other => return Err(format!("unexpected argument: {other}")),
        };
        let value = match inline {
            Some(value) => value,
            None => args.next().ok_or(format!("{name} needs a value"))?.clone(),
        };
        *slot = Some(value);
    }
    let host = host.ok_or("--host is required")?;
    let port_text = port.ok_or("--port is required")?;
    let port = port_text
        .parse::<u16>()
        .map_err(|_| format!("bad --port (0-65535): {port_text}"))?;
    let file = file.ok_or("--file is required")?;
    if file.is_empty() || file.contains(['\r', '\n', ' ']) {
        return Err(format!("bad --file (no spaces or line breaks): {file:?}"));
    }
    let timeout_text = timeout.unwrap_or_else(|| "5".to_string());
    let timeout = timeout_text
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .filter(|d| !d.is_zero())
        .ok_or(format!(
            "bad --timeout (seconds, greater than 0): {timeout_text}"
        ))?;
    Ok(Options {
        host,
        port,
        file,
        timeout,
    })
}
