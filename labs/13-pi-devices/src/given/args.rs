//! Command-line options of the servers and clients (std only, no argument crate).
//!
//! The course's one grammar (as in labs 01–12): `--flag VALUE` as two arguments, `--help`
//! or `-h` anywhere prints the usage. A mistake comes back as a one-line message; the
//! program prints it with the usage and exits 2.

use std::path::PathBuf;

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

fn port(text: &str) -> Result<u16, String> {
    text.parse()
        .map_err(|_| format!("invalid port `{text}`: expected 0 to 65535"))
}

fn number(flag: &str, text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| format!("invalid number for {flag}: `{text}`"))
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
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "-h" | "--help" => o.help = true,
            "--quiet" => o.quiet = true,
            "--host" => o.host = value()?.clone(),
            "--port" => o.port = port(value()?)?,
            "--backend" => {
                o.backend = Some(match value()?.as_str() {
                    "sim" => Backend::Sim,
                    "rpi" => Backend::Rpi,
                    other => return Err(format!("unknown backend `{other}` (sim or rpi)")),
                })
            }
            "--trace" => o.trace = Some(PathBuf::from(value()?)),
            "--sim-temp" if climate => {
                o.sim_temp = number(flag, value()?)?;
                if !(-45.0..=130.0).contains(&o.sim_temp) {
                    return Err(format!("--sim-temp {} outside -45..130", o.sim_temp));
                }
            }
            "--sim-humidity" if climate => {
                o.sim_humidity = number(flag, value()?)?;
                if !(0.0..=100.0).contains(&o.sim_humidity) {
                    return Err(format!("--sim-humidity {} outside 0..100", o.sim_humidity));
                }
            }
            "--sim-fault" if climate => {
                o.sim_fault = match value()?.as_str() {
                    "none" => None,
                    "crc" => Some(Sht31Fault::BadCrc),
                    "nack" => Some(Sht31Fault::Nack),
                    "nomeasure" => Some(Sht31Fault::NoMeasurement),
                    other => {
                        return Err(format!(
                            "unknown fault `{other}` (none, crc, nack or nomeasure)"
                        ));
                    }
                }
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(o)
}

/// Parses client options; everything that is not an option is an argument (after `--`,
/// everything is, so `lcd -- --help` shows the text `--help`).
pub fn parse_client(args: &[String]) -> Result<ClientOpts, String> {
    let mut o = ClientOpts {
        host: "127.0.0.1".into(),
        port: DEFAULT_PORT,
        args: Vec::new(),
        help: false,
    };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        if !flag.starts_with("--") && flag != "-h" {
            o.args.push(flag.clone());
            continue;
        }
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--" => {
                o.args.extend(args.cloned());
                break;
            }
            "-h" | "--help" => o.help = true,
            "--host" => o.host = value()?.clone(),
            "--port" => o.port = port(value()?)?,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(o)
}
