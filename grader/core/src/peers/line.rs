//! One-line request/reply peers for the timeouts lab: a prompt one (which may keep the
//! connection open after its reply: the client must stop at the newline), a slow one
//! (answers after a pause: a client whose timeout is too eager gives up), a silent one
//! (accepts and never answers: a client without a read timeout hangs), a dripping one (one
//! byte at a time, never a newline: a client that restarts its timeout on every read never
//! gives up), and one that resets the connection instead of answering.

use std::io;
use std::net::SocketAddr;
use std::thread;
use std::time::{Duration, Instant};

use super::lines::{Lines, NoLine};
use super::{Peer, Transcript, Wire};

/// The longest request line a peer reads; the rest is ignored.
const MAX_LINE: usize = 4096;

/// What a replying peer puts before the client's own line.
pub const REPLY_PREFIX: &str = "reply: ";

/// The answer a replying peer gives to `line` (which ends with its newline).
pub fn reply_to(line: &[u8]) -> Vec<u8> {
    [REPLY_PREFIX.as_bytes(), line].concat()
}

/// Reads up to and including the first newline (bounded: a line past `MAX_LINE` is what
/// came; `None` when the client left or went quiet first).
fn read_line(wire: &mut Wire) -> Option<Vec<u8>> {
    let mut lines = Lines::new(MAX_LINE);
    match lines.next(wire) {
        Ok(line) => Some(line),
        Err(NoLine::TooLong) => Some(lines.take_pending()),
        Err(_) => None,
    }
}

/// Reads and discards until the client closes (or the idle timeout ends the connection).
fn drain(wire: &mut Wire) {
    let mut buf = [0u8; 512];
    while let Ok(1..) = wire.read(&mut buf) {}
}

/// Answers each connection's first line with `reply: LINE` after `delay`, then closes.
pub fn answer(bind: SocketAddr, log: &Transcript, delay: Duration) -> io::Result<Peer> {
    Peer::tcp(bind, log, move |mut wire: Wire| {
        let Some(line) = read_line(&mut wire) else {
            return;
        };
        if !delay.is_zero() {
            // The pause is the point of this peer: the reply comes late, but in time.
            thread::sleep(delay);
        }
        if wire.write_all(&reply_to(&line)).is_ok() {
            wire.close();
        }
    })
}

/// Answers each connection's first line with `reply: LINE` at once, then keeps the
/// connection open until the client closes: a client must stop reading at the newline,
/// not wait for end of file.
pub fn answer_and_stay(bind: SocketAddr, log: &Transcript) -> io::Result<Peer> {
    Peer::tcp(bind, log, |mut wire: Wire| {
        let Some(line) = read_line(&mut wire) else {
            return;
        };
        if wire.write_all(&reply_to(&line)).is_ok() {
            drain(&mut wire);
            wire.close();
        }
    })
}

/// Reads the client's line, then resets the connection (SO_LINGER 0) instead of answering.
pub fn reset(bind: SocketAddr, log: &Transcript) -> io::Result<Peer> {
    Peer::tcp(bind, log, |mut wire: Wire| {
        if read_line(&mut wire).is_some() {
            wire.reset();
        }
    })
}

/// Accepts, reads whatever comes, and never answers. The connection ends when the client
/// closes it (or after the peers' idle timeout).
pub fn silent(bind: SocketAddr, log: &Transcript) -> io::Result<Peer> {
    Peer::tcp(bind, log, |mut wire: Wire| drain(&mut wire))
}

/// How often the dripping peer sends its byte, and for how long in all.
pub const DRIP_EVERY: Duration = Duration::from_millis(40);
const DRIP_FOR: Duration = Duration::from_secs(4);

/// After the client's line, sends one `.` every `DRIP_EVERY` (never a newline) for a few
/// seconds, then closes.
pub fn drip(bind: SocketAddr, log: &Transcript) -> io::Result<Peer> {
    Peer::tcp(bind, log, |mut wire: Wire| {
        if read_line(&mut wire).is_none() {
            return;
        }
        let started = Instant::now();
        while started.elapsed() < DRIP_FOR {
            if wire.write_all(b".").is_err() {
                return;
            }
            thread::sleep(DRIP_EVERY);
        }
        wire.close();
    })
}
