//! The command line of the eight programs (std only, no argument crate), in the one shape
//! every lab uses; `labs/01-host-info/src/main.rs` explains it once.
//!
//! Labs 01–12 keep these few functions at the end of their `main.rs`. Here eight programs
//! share them, so they live in this file of given code: `command_line` reads the words
//! (`--flag=VALUE` becomes `--flag VALUE`; a word that is not UTF-8 is a usage error), the
//! program prints its usage for `--help` or `-h` anywhere, `parse_server` or `parse_client`
//! reads the words once with a `match` on each flag, and whatever is wrong comes back as an
//! `Err(String)` for `usage_error` (exit 2). `fail` is a runtime error (exit 1), `say` a
//! line of output that never panics when the reader has gone.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use hw_mock::Sht31Fault;

use super::board::Backend;

/// The port the seed uses.
pub const DEFAULT_PORT: u16 = 9999;

/// Options of a server.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerOpts {
    pub host: String,
    pub port: u16,
    pub backend: Option<Backend>,
    pub trace: Option<PathBuf>,
    pub sim_temp: f64,
    pub sim_humidity: f64,
    pub sim_fault: Option<Sht31Fault>,
    pub quiet: bool,
}

/// Options of a client, and its other words (the command, the number or the text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientOpts {
    pub host: String,
    pub port: u16,
    pub args: Vec<String>,
}

/// Server flags, each with a value but `--quiet`; the `--sim-*` flags only when `climate`.
pub fn parse_server(args: &[String], climate: bool) -> Result<ServerOpts, String> {
    let mut options = ServerOpts {
        host: "127.0.0.1".to_string(),
        port: DEFAULT_PORT,
        backend: None,
        trace: None,
        sim_temp: 25.0,
        sim_humidity: 50.0,
        sim_fault: None,
        quiet: false,
    };
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        match flag.as_str() {
            "--quiet" => options.quiet = true,
            "--host" => options.host = value(flag, rest.next())?.to_string(),
            "--port" => options.port = parse_port(value(flag, rest.next())?)?,
            "--backend" => {
                options.backend = Some(match value(flag, rest.next())? {
                    "sim" => Backend::Sim,
                    "rpi" => Backend::Rpi,
                    other => {
                        return Err(format!("invalid --backend '{other}': expected sim or rpi"));
                    }
                });
            }
            "--trace" => options.trace = Some(PathBuf::from(value(flag, rest.next())?)),
            "--sim-temp" if climate => {
                options.sim_temp = parse_number(flag, value(flag, rest.next())?, -45.0, 130.0)?;
            }
            "--sim-humidity" if climate => {
                options.sim_humidity = parse_number(flag, value(flag, rest.next())?, 0.0, 100.0)?;
            }
            "--sim-fault" if climate => {
                options.sim_fault = match value(flag, rest.next())? {
                    "none" => None,
                    "crc" => Some(Sht31Fault::BadCrc),
                    "crc-temp" => Some(Sht31Fault::BadTempCrc),
                    "crc-humidity" => Some(Sht31Fault::BadHumidityCrc),
                    "nack" => Some(Sht31Fault::Nack),
                    "nomeasure" => Some(Sht31Fault::NoMeasurement),
                    other => {
                        return Err(format!(
                            "invalid --sim-fault '{other}': expected none, crc, crc-temp, crc-humidity, nack or nomeasure"
                        ));
                    }
                };
            }
            other => return Err(format!("unexpected argument '{other}'")),
        }
    }
    Ok(options)
}

/// Client flags, each with a value; every word that is not a flag is the client's own (its
/// command, number or text), in order.
pub fn parse_client(args: &[String]) -> Result<ClientOpts, String> {
    let mut options = ClientOpts {
        host: "127.0.0.1".to_string(),
        port: DEFAULT_PORT,
        args: Vec::new(),
    };
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        match flag.as_str() {
            "--host" => options.host = value(flag, rest.next())?.to_string(),
            "--port" => options.port = parse_port(value(flag, rest.next())?)?,
            other if other.starts_with("--") => {
                return Err(format!("unexpected argument '{other}'"));
            }
            other => options.args.push(other.to_string()),
        }
    }
    Ok(options)
}

/// A port, 0-65535 (a server given 0 lets the kernel pick a free one).
fn parse_port(text: &str) -> Result<u16, String> {
    text.parse()
        .map_err(|_| format!("invalid --port '{text}': expected 0-65535"))
}

/// A number for `flag` from `low` to `high`.
fn parse_number(flag: &str, text: &str, low: f64, high: f64) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|x| (low..=high).contains(x))
        .ok_or_else(|| format!("invalid {flag} '{text}': expected a number from {low} to {high}"))
}

/// The arguments after the program name, with `--flag=VALUE` split into `--flag VALUE`.
pub fn command_line() -> Result<Vec<String>, String> {
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
pub fn say(line: &str) {
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// A runtime failure: one line on stderr starting with the program name, exit status 1.
pub fn fail(program: &str, message: &str) -> ExitCode {
    eprintln!("{program}: {message}");
    ExitCode::FAILURE
}

/// A usage error: what is wrong and the usage text on stderr, exit status 2.
pub fn usage_error(program: &str, usage: &str, message: &str) -> ExitCode {
    eprintln!("{program}: {message}\n{usage}");
    ExitCode::from(2)
}
