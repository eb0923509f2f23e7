//! UDP peers for the echo client lab: an honest echo, one that drops the first datagrams
//! (the client must resend), a black hole (the client must give up in time), and a
//! "stranger" that first answers from another socket (the client must ignore it), and one
//! whose strangers keep coming during the whole wait (the timeout must not restart).

use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::{Peer, Transcript, unspecified};
use crate::transcript::Kind;

/// Room for the largest datagram and one byte more.
const MAX: usize = 65536;

/// Runs `answer` for every datagram until the peer is stopped.
fn serve_datagrams(
    bind: SocketAddr,
    log: &Transcript,
    mut answer: impl FnMut(&UdpSocket, &[u8], SocketAddr, u32) + Send + 'static,
) -> io::Result<Peer> {
    let log = log.clone();
    Peer::udp(bind, move |socket: UdpSocket, stop: Arc<AtomicBool>| {
        let conn = log.new_conn();
        let mut buf = vec![0u8; MAX];
        let mut count = 0;
        loop {
            let Some((n, from)) = Peer::next_datagram(&socket, &mut buf, &stop) else {
                return;
            };
            count += 1;
            log.record(
                conn,
                Kind::Recv,
                "client",
                &buf[..n],
                &format!("datagram {count} from {from}"),
            );
            answer(&socket, &buf[..n], from, count);
        }
    })
}

fn send(socket: &UdpSocket, data: &[u8], to: SocketAddr, log: &Transcript, detail: &str) {
    let conn = 1;
    if socket.send_to(data, to).is_ok() {
        log.record(conn, Kind::Send, "client", data, detail);
    }
}

/// Echoes every datagram to its sender.
pub fn echo(bind: SocketAddr, log: &Transcript) -> io::Result<Peer> {
    let out = log.clone();
    serve_datagrams(bind, log, move |socket, data, from, _| {
        send(socket, data, from, &out, "echo")
    })
}

/// Drops the first `drop_first` datagrams, then echoes.
pub fn lossy(bind: SocketAddr, log: &Transcript, drop_first: u32) -> io::Result<Peer> {
    let out = log.clone();
    serve_datagrams(bind, log, move |socket, data, from, count| {
        if count <= drop_first {
            out.note(&format!("peer dropped datagram {count} on purpose"));
        } else {
            send(socket, data, from, &out, "echo");
        }
    })
}

/// Receives and never answers.
pub fn black_hole(bind: SocketAddr, log: &Transcript) -> io::Result<Peer> {
    serve_datagrams(bind, log, |_, _, _, _| {})
}

/// What the stranger sends: if a client prints this, it believed a stranger.
pub const STRANGER_PAYLOAD: &[u8] = b"I am not the server you asked";

/// First answers from a different socket (another port), then echoes honestly.
pub fn stranger(bind: SocketAddr, log: &Transcript) -> io::Result<Peer> {
    let out = log.clone();
    serve_datagrams(bind, log, move |socket, data, from, _| {
        if let Ok(other) = UdpSocket::bind(unspecified(from)) {
            let port = other.local_addr().map(|a| a.port()).unwrap_or(0);
            send(
                &other,
                STRANGER_PAYLOAD,
                from,
                &out,
                &format!("from a stranger's port {port}"),
            );
        }
        send(socket, data, from, &out, "echo");
    })
}

/// How often, and how many times, `pester` sends a stranger's datagram: for 3 s in all.
const PESTER_EVERY: std::time::Duration = std::time::Duration::from_millis(50);
const PESTER_COUNT: u32 = 60;

/// Never answers from its own socket; after the first datagram, a stranger's socket sends
/// a datagram every 50 ms for 3 s. A client that restarts its timeout on each stranger
/// waits 3 s; one that keeps its deadline gives up on time.
pub fn pester(bind: SocketAddr, log: &Transcript) -> io::Result<Peer> {
    let out = log.clone();
    serve_datagrams(bind, log, move |_, _, from, count| {
        let Ok(other) = UdpSocket::bind(unspecified(from)) else {
            return;
        };
        if count > 1 {
            return;
        }
        let out = out.clone();
        std::thread::spawn(move || {
            for i in 1..=PESTER_COUNT {
                send(
                    &other,
                    STRANGER_PAYLOAD,
                    from,
                    &out,
                    &format!("stranger datagram {i}"),
                );
                std::thread::sleep(PESTER_EVERY);
            }
        });
    })
}
