//! TCP echo peers for the echo client lab: an honest one, one that answers in 1-to-3-byte
//! pieces with pauses (a client that assumes one `recv` gets everything fails), and one that
//! hangs up after sending back half (a client must notice and say so), and one that sends
//! more than the echo (a client must stop at its own bytes).

use std::io;
use std::net::SocketAddr;
use std::thread;
use std::time::Duration;

use super::{Peer, Transcript, Wire};

/// The most a single read takes, so a peer's memory stays bounded whatever comes.
const CHUNK: usize = 64 * 1024;

/// Echoes every byte until the client closes.
pub fn echo(bind: SocketAddr, log: &Transcript) -> io::Result<Peer> {
    Peer::tcp(bind, log, |mut wire: Wire| {
        let mut buf = vec![0u8; CHUNK];
        while let Ok(n @ 1..) = wire.read(&mut buf) {
            if wire.write_all(&buf[..n]).is_err() {
                break;
            }
        }
    })
}

/// Echoes every byte and, in the same write, adds `trailer`: bytes that are not part of
/// the echo. A client must stop reading when its echo is complete and never see them.
pub fn echo_with_trailer(
    bind: SocketAddr,
    log: &Transcript,
    trailer: &'static [u8],
) -> io::Result<Peer> {
    Peer::tcp(bind, log, move |mut wire: Wire| {
        let mut buf = vec![0u8; CHUNK];
        while let Ok(n @ 1..) = wire.read(&mut buf) {
            let mut reply = buf[..n].to_vec();
            reply.extend_from_slice(trailer);
            if wire.write_all(&reply).is_err() {
                break;
            }
        }
    })
}

/// Echoes in pieces of 1, 2 and 3 bytes, pausing between them.
pub fn trickle(bind: SocketAddr, log: &Transcript) -> io::Result<Peer> {
    Peer::tcp(bind, log, |mut wire: Wire| {
        let mut buf = vec![0u8; CHUNK];
        while let Ok(n @ 1..) = wire.read(&mut buf) {
            let mut rest = &buf[..n];
            let mut size = 1;
            while !rest.is_empty() {
                let (piece, tail) = rest.split_at(size.min(rest.len()));
                if wire.write_all(piece).is_err() {
                    return;
                }
                rest = tail;
                size = size % 3 + 1;
                // The pause makes each piece its own segment, so the client's reads see
                // them one by one, as they would over a slow network.
                thread::sleep(Duration::from_millis(2));
            }
        }
    })
}

/// Reads what the client sends (until a pause or `expected` bytes), sends back half, and
/// closes the connection.
pub fn half_closer(bind: SocketAddr, log: &Transcript, expected: usize) -> io::Result<Peer> {
    Peer::tcp(bind, log, move |mut wire: Wire| {
        let _ = wire.set_read_timeout(Duration::from_millis(500));
        let Ok(received) = wire.read_exact_or_eof(expected) else {
            return;
        };
        let _ = wire.write_all(&received[..received.len() / 2]);
        wire.close();
    })
}
