//! `service-names` — looks up ports and service names, or scans a host's TCP ports.
//!
//! Thin front end: parse the arguments, read the services file, call the library, print,
//! choose the exit code (0 ok, 1 not found or a runtime error, 2 bad usage).
//!
//! The services database (`/etc/services`) is only a file of conventions: port 80 is
//! "http" because the file says so, whatever really listens there. The scan asks the
//! network instead: a TCP connect that succeeds means something listens on that port.

use service_names::{Service, parse_port_range, parse_services, port_for_service, scan};
use std::io::Write;
use std::net::{IpAddr, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "\
usage: service-names port PORT... [--proto PROTO] [--services FILE]
       service-names name NAME... [--proto PROTO] [--services FILE]
       service-names scan [--host HOST] [--ports LO-HI] [--timeout MS] [--services FILE]
       service-names --help

  port     the service name of each PORT (0-65535)
  name     the port of each service NAME (a name or an alias)
  scan     try a TCP connect to each port, list the open ones, then a summary
  --proto     protocol for lookups (default tcp)
  --services  services database (default /etc/services)
  --host      host to scan (default 127.0.0.1)
  --ports     port range to scan, LO-HI or N, within 1-65535 (default 1-1024)
  --timeout   connect time limit per port in milliseconds, 1-60000 (default 200)

A port or name that is not in the database prints `Port: N => no service` or
`Service: NAME => no port` on stdout, and the exit status is 1.";

/// The parsed command line.
struct Options {
    command: String,
    values: Vec<String>,
    proto: String,
    services: String,
    host: String,
    ports: String,
    timeout_ms: String,
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
    match options.command.as_str() {
        "port" => lookup_ports(&options),
        "name" => lookup_names(&options),
        "scan" => run_scan(&options),
        other => usage_error(&format!("unknown command '{other}'")),
    }
}

/// The command, then flags with a value and the command's own values (ports or names).
fn parse_args(args: &[String]) -> Result<Options, String> {
    let (command, rest) = args
        .split_first()
        .ok_or("missing command: port, name or scan")?;
    let mut options = Options {
        command: command.clone(),
        values: Vec::new(),
        proto: "tcp".to_string(),
        services: "/etc/services".to_string(),
        host: "127.0.0.1".to_string(),
        ports: "1-1024".to_string(),
        timeout_ms: "200".to_string(),
    };
    let mut rest = rest.iter();
    while let Some(flag) = rest.next() {
        match flag.as_str() {
            "--proto" => options.proto = value(flag, rest.next())?.to_string(),
            "--services" => options.services = value(flag, rest.next())?.to_string(),
            "--host" => options.host = value(flag, rest.next())?.to_string(),
            "--ports" => options.ports = value(flag, rest.next())?.to_string(),
            "--timeout" => options.timeout_ms = value(flag, rest.next())?.to_string(),
            other if other.starts_with("--") => {
                return Err(format!("unexpected argument '{other}'"));
            }
            other => options.values.push(other.to_string()),
        }
    }
    Ok(options)
}

/// Reads and parses the services file; on failure prints the error and gives exit 1.
fn load_services(path: &str) -> Result<Vec<Service>, ExitCode> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(parse_services(&String::from_utf8_lossy(&bytes))),
        Err(e) => Err(fail(&format!("{path}: {e}"))),
    }
}

fn lookup_ports(options: &Options) -> ExitCode {
    if options.values.is_empty() {
        return usage_error("port: give at least one port");
    }
    let mut ports = Vec::new();
    for value in &options.values {
        match value.parse::<u16>() {
            Ok(port) => ports.push(port),
            Err(_) => return usage_error(&format!("not a port number (0-65535): {value}")),
        }
    }
    let db = match load_services(&options.services) {
        Ok(db) => db,
        Err(code) => return code,
    };
    let mut all_found = true;
    for port in ports {
        match service_names::service_for_port(&db, port, &options.proto) {
            Some(name) => say(&format!("Port: {port} => service name: {name}")),
            None => {
                say(&format!("Port: {port} => no service"));
                all_found = false;
            }
        }
    }
    exit_status(all_found)
}

fn lookup_names(options: &Options) -> ExitCode {
    if options.values.is_empty() {
        return usage_error("name: give at least one service name");
    }
    let db = match load_services(&options.services) {
        Ok(db) => db,
        Err(code) => return code,
    };
    let mut all_found = true;
    for name in &options.values {
        match port_for_service(&db, name, &options.proto) {
            Some(port) => say(&format!("Service: {name} => port: {port}")),
            None => {
                say(&format!("Service: {name} => no port"));
                all_found = false;
            }
        }
    }
    exit_status(all_found)
}

fn run_scan(options: &Options) -> ExitCode {
    if let Some(extra) = options.values.first() {
        return usage_error(&format!("unexpected argument '{extra}'"));
    }
    let (first, last) = match parse_port_range(&options.ports) {
        Ok(range) => range,
        Err(message) => return usage_error(&message),
    };
    let timeout = match options.timeout_ms.parse::<u64>() {
        Ok(ms @ 1..=60_000) => Duration::from_millis(ms),
        _ => {
            return usage_error(&format!(
                "invalid --timeout '{}': expected 1-60000 ms",
                options.timeout_ms
            ));
        }
    };
    let db = match load_services(&options.services) {
        Ok(db) => db,
        Err(code) => return code,
    };
    let ip = match resolve(&options.host) {
        Ok(ip) => ip,
        Err(message) => return fail(&format!("{}: {message}", options.host)),
    };
    // A connect to a closed port is refused at once (the kernel answers with a reset); a
    // port behind a firewall that drops packets would never answer, so each connect
    // waits at most `timeout`, and several run at the same time (see `scan`).
    let open = scan(ip, first, last, timeout);
    for &port in &open {
        let name = service_names::service_for_port(&db, port, "tcp").unwrap_or("unknown");
        say(&format!("Port {port} ({name}) is open"));
    }
    let count = u32::from(last) - u32::from(first) + 1;
    say(&format!(
        "Scanned {count} ports on {ip}: {} open",
        open.len()
    ));
    ExitCode::SUCCESS
}

/// An IP address as given, or the first address the resolver has for a name (the port,
/// 0 here, only fills the socket address the resolver returns).
fn resolve(host: &str) -> Result<IpAddr, String> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(ip);
    }
    let mut addrs = (host, 0).to_socket_addrs().map_err(|e| e.to_string())?;
    addrs
        .next()
        .map(|a| a.ip())
        .ok_or_else(|| "no address".to_string())
}

fn exit_status(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
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
    eprintln!("service-names: {message}");
    ExitCode::FAILURE
}

/// A usage error: what is wrong and the usage text on stderr, exit status 2.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("service-names: {message}\n{USAGE}");
    ExitCode::from(2)
}
