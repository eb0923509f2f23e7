//! Lab 03 — the services database, and a TCP port scan.
//!
//! Port numbers are what the network uses; names like `http` are for people. The mapping
//! lives in a plain text file, `/etc/services` (see `services(5)`): one service per line,
//! `name port/protocol aliases...`, with `#` starting a comment. The C library reads it for
//! `getservbyport`/`getservbyname`; here you read it yourself.
//!
//! The second half is a port scan: try to connect to each port. On a closed port the
//! machine answers at once with a reset ("connection refused"); on an open port the
//! connection succeeds; a firewall that drops packets makes you wait, so every attempt
//! has a time limit.

use std::net::{IpAddr, SocketAddr, TcpStream};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

// ANCHOR: service
/// One line of the services database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub name: String,
    pub port: u16,
    pub proto: String,
    pub aliases: Vec<String>,
}
// ANCHOR_END: service

// ANCHOR: parse_line
/// Parses one line of a services file. Returns `None` for blank lines, comment lines and
/// malformed lines (no `port/proto` field, port not a number in 0..=65535, empty protocol).
/// Everything from `#` to the end of the line is a comment, even right after an entry.
pub fn parse_line(line: &str) -> Option<Service> {
    // ANCHOR_END: parse_line
    // BEGIN SOLUTION
    let without_comment = line.split('#').next().unwrap_or("");
    let mut fields = without_comment.split_whitespace();
    let name = fields.next()?;
    let (port, proto) = fields.next()?.split_once('/')?;
    // Only plain digits: Rust's parse would also take `+80`, a services file never has that.
    if !port.bytes().all(|b| b.is_ascii_digit()) || proto.is_empty() {
        return None;
    }
    let port: u16 = port.parse().ok()?; // fails when empty or above 65535
    Some(Service {
        name: name.to_string(),
        port,
        proto: proto.to_string(),
        aliases: fields.map(str::to_string).collect(),
    })
    // END SOLUTION
}

// ANCHOR: parse_services
/// Parses a whole services file: every well-formed line, in file order.
pub fn parse_services(text: &str) -> Vec<Service> {
    // ANCHOR_END: parse_services
    // BEGIN SOLUTION
    text.lines().filter_map(parse_line).collect()
    // END SOLUTION
}

// ANCHOR: service_for_port
/// The service name for `port`/`proto` (the first matching line wins, as with the C
/// library's `getservbyport`).
pub fn service_for_port<'a>(db: &'a [Service], port: u16, proto: &str) -> Option<&'a str> {
    // ANCHOR_END: service_for_port
    // BEGIN SOLUTION
    db.iter()
        .find(|s| s.port == port && s.proto == proto)
        .map(|s| s.name.as_str())
    // END SOLUTION
}

// ANCHOR: port_for_service
/// The port for a service `name` or one of its aliases, for `proto` (`getservbyname`).
pub fn port_for_service(db: &[Service], name: &str, proto: &str) -> Option<u16> {
    // ANCHOR_END: port_for_service
    // BEGIN SOLUTION
    db.iter()
        .find(|s| s.proto == proto && (s.name == name || s.aliases.iter().any(|a| a == name)))
        .map(|s| s.port)
    // END SOLUTION
}

// ANCHOR: parse_port_range
/// Parses a port range `LO-HI` or a single port `N`; ports are 1..=65535 and LO <= HI.
pub fn parse_port_range(text: &str) -> Result<(u16, u16), String> {
    // ANCHOR_END: parse_port_range
    // BEGIN SOLUTION
    let (lo, hi) = text.split_once('-').unwrap_or((text, text));
    let parse = |part: &str| match part.parse::<u16>() {
        Ok(port) if port >= 1 => Ok(port),
        _ => Err(format!("bad port range (ports are 1-65535): {text}")),
    };
    let (lo, hi) = (parse(lo)?, parse(hi)?);
    if lo > hi {
        return Err(format!("bad port range (start is after end): {text}"));
    }
    Ok((lo, hi))
    // END SOLUTION
}

// ANCHOR: is_open
/// Is a TCP port open? Tries to connect, waiting at most `timeout`.
pub fn is_open(ip: IpAddr, port: u16, timeout: Duration) -> bool {
    // ANCHOR_END: is_open
    // BEGIN SOLUTION
    match TcpStream::connect_timeout(&SocketAddr::new(ip, port), timeout) {
        // On loopback, a connect to a closed port in the ephemeral range can pick that very
        // port as its own source port and "connect to itself" (TCP simultaneous open).
        // That is not a server, so it does not count.
        Ok(stream) => stream.local_addr().ok() != stream.peer_addr().ok(),
        Err(_) => false,
    }
    // END SOLUTION
}

/// How many connects a scan runs at the same time.
pub const SCAN_THREADS: u32 = 8;

// ANCHOR: scan
/// Scans the TCP ports `first..=last` of `ip` and returns the open ones in ascending order.
/// Several threads take ports from a shared counter, so one slow (filtered) port does not
/// hold up the others.
pub fn scan(ip: IpAddr, first: u16, last: u16, timeout: Duration) -> Vec<u16> {
    // ANCHOR_END: scan
    // BEGIN SOLUTION
    // SOLUTION-SENTINEL: `grader release` checks that no line of a solution region survives
    let next = AtomicU32::new(u32::from(first));
    let open = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..SCAN_THREADS {
            scope.spawn(|| {
                loop {
                    let port = next.fetch_add(1, Ordering::Relaxed);
                    let Ok(port) = u16::try_from(port) else { break };
                    if port > last {
                        break;
                    }
                    if is_open(ip, port, timeout) {
                        if let Ok(mut list) = open.lock() {
                            list.push(port);
                        }
                    }
                }
            });
        }
    });
    let mut open = open.into_inner().unwrap_or_default();
    open.sort_unstable();
    open
    // END SOLUTION
}
