//! Lab 04 — connect timeouts and read timeouts.
//!
//! A plain socket call waits as long as it takes: `connect` to a host that drops packets,
//! or `read` from a peer that never answers, can hang for minutes. A *timeout* bounds the
//! wait. std gives you `TcpStream::connect_timeout` for the connection and
//! `set_read_timeout` for each `read`; a read that waits too long fails with
//! `WouldBlock` (Unix) or `TimedOut` (Windows).
//!
//! A read timeout limits *one* `read` call. A peer that trickles one byte every second
//! would never trip a 2-second read timeout, yet the reply could take forever. So
//! [`read_reply`] keeps a *deadline* for the whole reply and gives each `read` only the
//! time that is left.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// The most bytes [`read_reply`] keeps (a bound, so a peer that never stops sending
/// cannot fill our memory).
pub const MAX_REPLY: usize = 64 * 1024;

// ANCHOR: format_timeout
/// Shows a timeout the way Python's `socket.gettimeout()` prints: `None` when there is no
/// timeout, otherwise seconds as a float (`100.0`, `0.5`).
pub fn format_timeout(timeout: Option<Duration>) -> String {
    // ANCHOR_END: format_timeout
    // BEGIN SOLUTION
    match timeout {
        None => "None".to_string(),
        Some(d) => {
            let secs = d.as_secs_f64();
            if secs.fract() == 0.0 {
                format!("{secs:.1}")
            } else {
                format!("{secs}")
            }
        }
    }
    // END SOLUTION
}

// ANCHOR: parse_seconds
/// Parses a timeout in seconds: a finite float greater than zero, at most one day.
pub fn parse_seconds(text: &str) -> Option<Duration> {
    // ANCHOR_END: parse_seconds
    // BEGIN SOLUTION
    let secs: f64 = text.trim().parse().ok()?;
    if !secs.is_finite() || secs <= 0.0 || secs > 86_400.0 {
        return None;
    }
    Duration::try_from_secs_f64(secs)
        .ok()
        .filter(|d| !d.is_zero())
    // END SOLUTION
}

// ANCHOR: fetch_error
/// Why a fetch failed. The program turns each into its own message.
#[derive(Debug)]
pub enum FetchError {
    /// The connection was not set up within the timeout.
    ConnectTimeout,
    /// The connection failed for another reason (refused, unreachable, ...).
    Connect(io::Error),
    /// Sending the message failed.
    Send(io::Error),
    /// No complete reply arrived within the timeout.
    ReplyTimeout,
    /// Reading the reply failed for another reason (e.g. connection reset).
    Receive(io::Error),
}
// ANCHOR_END: fetch_error

// ANCHOR: connect
/// Connects to `addr`, giving up after `timeout`.
pub fn connect(addr: SocketAddr, timeout: Duration) -> Result<TcpStream, FetchError> {
    // ANCHOR_END: connect
    // BEGIN SOLUTION
    TcpStream::connect_timeout(&addr, timeout).map_err(|e| match e.kind() {
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => FetchError::ConnectTimeout,
        _ => FetchError::Connect(e),
    })
    // END SOLUTION
}

// ANCHOR: read_reply
/// Reads a reply: everything up to and including the first newline, or up to end of file
/// (at most [`MAX_REPLY`] bytes). The whole reply must arrive within `timeout`, counted
/// from the call: each `read` gets only the time left until that deadline.
pub fn read_reply(stream: &mut TcpStream, timeout: Duration) -> Result<Vec<u8>, FetchError> {
    // ANCHOR_END: read_reply
    // BEGIN SOLUTION
    let deadline = Instant::now() + timeout;
    let mut reply = Vec::new();
    let mut buf = [0u8; 4096];
    while !reply.contains(&b'\n') && reply.len() < MAX_REPLY {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(FetchError::ReplyTimeout);
        }
        stream
            .set_read_timeout(Some(left))
            .map_err(FetchError::Receive)?;
        match stream.read(&mut buf) {
            Ok(0) => break, // end of file: the peer closed, the reply is what we have
            Ok(n) => reply.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(FetchError::ReplyTimeout);
            }
            Err(e) => return Err(FetchError::Receive(e)),
        }
    }
    reply.truncate(MAX_REPLY);
    Ok(reply)
    // END SOLUTION
}

// ANCHOR: fetch
/// Connects, sends `message`, and reads the reply, each step bounded by `timeout`.
pub fn fetch(addr: SocketAddr, message: &[u8], timeout: Duration) -> Result<Vec<u8>, FetchError> {
    // ANCHOR_END: fetch
    // BEGIN SOLUTION
    // SOLUTION-SENTINEL: `grader release` checks that no line of a solution region survives
    let mut stream = connect(addr, timeout)?;
    stream
        .set_write_timeout(Some(timeout))
        .map_err(FetchError::Send)?;
    stream.write_all(message).map_err(FetchError::Send)?;
    read_reply(&mut stream, timeout)
    // END SOLUTION
}
