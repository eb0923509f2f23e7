//! Device-server stand-ins for the Pi lab's clients: one that records the request line a
//! client sends and answers it like the real server (`OK led on`), and one that sends the
//! climate server's greeting in pieces with pauses (a client that takes one `recv` as one
//! value, as the seed's does, reads garbage), or sends an error line instead.

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use super::lines::Lines;
use super::{Peer, Transcript, Wire};

/// The longest request a peer keeps; the rest is ignored.
const MAX_LINE: usize = 4096;

/// Every request the recording peer received, one entry per connection: the bytes up to and
/// including the first newline (or all of them, if the client closed first).
#[derive(Clone, Default)]
pub struct Heard(Arc<Mutex<Vec<Vec<u8>>>>);

impl Heard {
    pub fn requests(&self) -> Vec<Vec<u8>> {
        self.0.lock().unwrap().clone()
    }

    fn push(&self, request: Vec<u8>) {
        self.0.lock().unwrap().push(request);
    }
}

/// Reads until the first newline, end of stream, a quiet client or `MAX_LINE` bytes, and
/// returns everything that came (also what came after the newline in the same read).
fn read_request(wire: &mut Wire) -> Vec<u8> {
    let mut lines = Lines::new(MAX_LINE);
    let mut request = lines.next(wire).unwrap_or_default();
    request.extend(lines.take_pending());
    request
}

/// Reads and discards until the client closes (or the peers' idle timeout ends it).
fn drain(wire: &mut Wire) {
    let mut buf = [0u8; 512];
    while let Ok(1..) = wire.read(&mut buf) {}
}

/// Records each connection's request and answers it with `reply(line)` and a newline (the
/// line without its `\r\n`), then closes, as the real server does after the client's
/// half-close.
pub fn recorder(
    bind: SocketAddr,
    log: &Transcript,
    reply: fn(&str) -> String,
) -> io::Result<(Peer, Heard)> {
    let heard = Heard::default();
    let keep = heard.clone();
    let peer = Peer::tcp(bind, log, move |mut wire: Wire| {
        let request = read_request(&mut wire);
        let line = String::from_utf8_lossy(&request);
        let line = line
            .split('\n')
            .next()
            .unwrap_or("")
            .trim_end_matches('\r')
            .to_string();
        keep.push(request);
        let answer = format!("{}\n", reply(&line));
        if wire.write_all(answer.as_bytes()).is_ok() {
            wire.close();
        }
    })?;
    Ok((peer, heard))
}

/// The pause between the pieces of the split climate greeting.
pub const PIECE_PAUSE: Duration = Duration::from_millis(40);

/// Like the climate server: on connect sends `pieces`, pausing `PIECE_PAUSE` between them,
/// then keeps the connection open until the client closes it (the real server waits for
/// `read` requests; a client that reads to end of stream hangs, as it would there).
pub fn climate(
    bind: SocketAddr,
    log: &Transcript,
    pieces: &'static [&'static str],
) -> io::Result<Peer> {
    Peer::tcp(bind, log, move |mut wire: Wire| {
        let _ = wire.stream().set_nodelay(true);
        for (i, piece) in pieces.iter().enumerate() {
            if i > 0 {
                // The pause is the point of this peer: each piece arrives on its own.
                thread::sleep(PIECE_PAUSE);
            }
            if wire.write_all(piece.as_bytes()).is_err() {
                return;
            }
        }
        drain(&mut wire);
    })
}

/// The climate greeting for 45.5 %RH and −20.0 °C, cut so that no piece is a whole line:
/// two `recv` calls read `RH=4` and `5.5\nTem`.
pub const CLIMATE_SPLIT: &[&str] = &["RH=4", "5.5\nTem", "p=-20.0\n"];

/// The climate server's answer when the sensor's CRC is wrong.
pub const CLIMATE_CRC_ERROR: &[&str] = &["ERR sensor: CRC mismatch\n"];
