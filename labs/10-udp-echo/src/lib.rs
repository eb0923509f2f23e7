//! Lab 10: UDP echo. The server sends every datagram back to whoever sent it; the client
//! sends one datagram and waits for the echo, sending again when none comes.
//!
//! UDP keeps message boundaries (one `send_to` = one `recv_from`) but promises nothing else:
//! a datagram may be lost, duplicated, or come from someone you never talked to. The Python
//! original waited forever for a reply that might never come; this lab fixes that.

use std::io::{self, Write};
use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

/// The largest UDP payload over IPv4: 65535 minus the 8-byte UDP and 20-byte IP headers.
/// The seed's 2048-byte buffer silently cut longer datagrams short.
pub const MAX_DATAGRAM: usize = 65507;

// ANCHOR: serve
/// Echoes datagrams forever, each to the address it came from.
pub fn serve(socket: &UdpSocket) -> io::Result<()> {
    // ANCHOR_END: serve
    // One byte more than the largest datagram: if it ever fills, something was cut.
    let mut buf = vec![0u8; MAX_DATAGRAM + 1];
    loop {
        log(format_args!("Waiting to receive message from client"));
        // BEGIN SOLUTION
        let (n, from) = match socket.recv_from(&mut buf) {
            Ok(received) => received,
            // On Linux an ICMP "port unreachable" for an earlier reply can surface here:
            // it concerns a client that left, not us.
            Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => continue,
            Err(e) => return Err(e),
        };
        log(format_args!("received {n} bytes from {from}"));
        log(format_args!("Data: {}", preview(&buf[..n])));
        // An empty datagram is a datagram too: echo it (the seed skipped it).
        let sent = socket.send_to(&buf[..n], from)?;
        log(format_args!("sent {sent} bytes back to {from}"));
        // END SOLUTION
    }
}

// ANCHOR: event
/// What the client saw while waiting.
#[derive(Debug, PartialEq)]
pub enum Event {
    /// No reply within the timeout; `attempt` of `attempts` was just used up.
    TimedOut { attempt: u32, attempts: u32 },
    /// A datagram from an address that is not the server: not our reply.
    Stranger(SocketAddr),
}
// ANCHOR_END: event

// ANCHOR: echo_with_retries
/// Sends `message` to `server` and waits up to `timeout` for the echo, sending again up to
/// `attempts` times in all. Datagrams from any other address are reported and ignored.
/// Returns the echo, or `None` when every attempt timed out.
pub fn echo_with_retries(
    socket: &UdpSocket,
    server: SocketAddr,
    message: &[u8],
    timeout: Duration,
    attempts: u32,
    mut on_event: impl FnMut(Event),
) -> io::Result<Option<Vec<u8>>> {
    // ANCHOR_END: echo_with_retries
    let mut buf = vec![0u8; MAX_DATAGRAM + 1];
    // BEGIN SOLUTION
    // SOLUTION-SENTINEL: `grader release` checks that no line of a solution region survives
    for attempt in 1..=attempts {
        socket.send_to(message, server)?;
        let deadline = Instant::now() + timeout;
        // Strangers do not reset the clock: wait only for what is left of this attempt.
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            if left.is_zero() {
                break;
            }
            socket.set_read_timeout(Some(left))?;
            match socket.recv_from(&mut buf) {
                Ok((n, from)) if from == server => return Ok(Some(buf[..n].to_vec())),
                Ok((_, from)) => on_event(Event::Stranger(from)),
                Err(e) if is_timeout(&e) => break,
                Err(e) => return Err(e),
            }
        }
        on_event(Event::TimedOut { attempt, attempts });
    }
    Ok(None)
    // END SOLUTION
}

/// A read timeout shows up as `WouldBlock` on Unix and `TimedOut` on Windows.
pub fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// Prints one line of the server's log. A server must outlive its terminal: if stdout is
/// gone (the window was closed, whoever read our output left), `println!` would panic; the
/// line is dropped instead, and the server goes on serving.
pub fn log(line: std::fmt::Arguments) {
    let _ = writeln!(io::stdout(), "{line}");
}

/// Shows bytes the way Python shows `bytes`, escaped, cut after 64.
pub fn preview(bytes: &[u8]) -> String {
    const MAX: usize = 64;
    let shown: String = bytes[..bytes.len().min(MAX)].escape_ascii().to_string();
    if bytes.len() > MAX {
        format!("{shown}... ({} bytes)", bytes.len())
    } else {
        shown
    }
}
