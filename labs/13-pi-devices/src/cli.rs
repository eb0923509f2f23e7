//! Command-line options of the servers and clients (std only, no argument crate).
//!
//! Why by hand: the labs use std only; the options are few. Both `--opt VALUE` and
//! `--opt=VALUE` work; a usage error is reported as a message, the caller exits 2.

use std::path::PathBuf;

use hw_mock::Sht31Fault;

use crate::backend::Backend;

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
    pub help: bool,
}

/// Options of a client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientOpts {
    pub host: String,
    pub port: u16,
    pub args: Vec<String>,
    pub help: bool,
}

/// Splits `--opt=value` and takes the value of `--opt value`.
fn value(
    it: &mut std::slice::Iter<'_, String>,
    name: &str,
    inline: Option<&str>,
) -> Result<String, String> {
    match inline {
        Some(v) => Ok(v.to_string()),
        None => it
            .next()
            .cloned()
            .ok_or_else(|| format!("{name} needs a value")),
    }
}

fn port(v: &str) -> Result<u16, String> {
    v.parse().map_err(|_| format!("bad port: {v}"))
}

fn number(name: &str, v: &str) -> Result<f64, String> {
    v.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| format!("bad number for {name}: {v}"))
}

/// Parses server options; the `--sim-*` options only when `climate`.
pub fn parse_server(args: &[String], climate: bool) -> Result<ServerOpts, String> {
    let mut o = ServerOpts {
        host: "127.0.0.1".into(),
        port: DEFAULT_PORT,
        backend: None,
        trace: None,
        sim_temp: 25.0,
        sim_humidity: 50.0,
        sim_fault: None,
        quiet: false,
        help: false,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (name, inline) = match a.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v)),
            _ => (a.as_str(), None),
        };
        match name {
            "-h" | "--help" => o.help = true,
            "--quiet" => o.quiet = true,
            "--host" => o.host = value(&mut it, name, inline)?,
            "--port" => o.port = port(&value(&mut it, name, inline)?)?,
            "--backend" => {
                o.backend = Some(match value(&mut it, name, inline)?.as_str() {
                    "sim" => Backend::Sim,
                    "rpi" => Backend::Rpi,
                    other => return Err(format!("unknown backend: {other} (sim or rpi)")),
                })
            }
            "--trace" => o.trace = Some(PathBuf::from(value(&mut it, name, inline)?)),
            "--sim-temp" if climate => {
                o.sim_temp = number(name, &value(&mut it, name, inline)?)?;
                if !(-45.0..=130.0).contains(&o.sim_temp) {
                    return Err(format!("--sim-temp {} outside -45..130", o.sim_temp));
                }
            }
            "--sim-humidity" if climate => {
                o.sim_humidity = number(name, &value(&mut it, name, inline)?)?;
                if !(0.0..=100.0).contains(&o.sim_humidity) {
                    return Err(format!("--sim-humidity {} outside 0..100", o.sim_humidity));
                }
            }
            "--sim-fault" if climate => {
                o.sim_fault = match value(&mut it, name, inline)?.as_str() {
                    "none" => None,
                    "crc" => Some(Sht31Fault::BadCrc),
                    "nack" => Some(Sht31Fault::Nack),
                    "nomeasure" => Some(Sht31Fault::NoMeasurement),
                    other => {
                        return Err(format!(
                            "unknown fault: {other} (none, crc, nack or nomeasure)"
                        ));
                    }
                }
            }
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    Ok(o)
}

/// Parses client options; everything that is not an option is an argument.
pub fn parse_client(args: &[String]) -> Result<ClientOpts, String> {
    let mut o = ClientOpts {
        host: "127.0.0.1".into(),
        port: DEFAULT_PORT,
        args: Vec::new(),
        help: false,
    };
    let mut it = args.iter();
    let mut only_args = false;
    while let Some(a) = it.next() {
        if only_args || !a.starts_with("--") && a != "-h" {
            o.args.push(a.clone());
            continue;
        }
        let (name, inline) = match a.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (a.as_str(), None),
        };
        match name {
            "--" => only_args = true,
            "-h" | "--help" => o.help = true,
            "--host" => o.host = value(&mut it, name, inline)?,
            "--port" => o.port = port(&value(&mut it, name, inline)?)?,
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    Ok(o)
}
