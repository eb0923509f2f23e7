//! Reference peers: the grader's own servers, each bound to an ephemeral loopback port,
//! each recording its side of the conversation in the check's transcript.
//!
//! One file per kind of peer. Every peer survives garbage, slow clients and abrupt
//! disconnects: bounded buffers, read timeouts, a thread per connection, no panics.
//! `grader serve NAME` runs any of them by hand (see `catalog`).

pub mod backlog;
pub mod catalog;
pub mod device_line;
pub mod http;
pub mod line;
pub mod lines;
pub mod roll_call;
pub mod roster;
pub mod sntp;
pub mod tcp_echo;
pub mod udp_echo;
pub mod wire;

use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::Duration;

pub use crate::transcript::Transcript;
pub use wire::Wire;

/// How long a peer waits on a silent connection before it hangs up.
pub const PEER_IDLE: Duration = Duration::from_secs(10);

/// A running peer. Dropping it stops it.
pub struct Peer {
    addr: SocketAddr,
    stopping: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    protocol: Protocol,
}

#[derive(Clone, Copy)]
enum Protocol {
    Tcp,
    Udp,
}

impl Peer {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Serves TCP on `bind`: each accepted connection runs `handle` on a thread of its own.
    pub fn tcp(
        bind: SocketAddr,
        log: &Transcript,
        handle: impl Fn(Wire) + Send + Sync + 'static,
    ) -> io::Result<Peer> {
        let listener = TcpListener::bind(bind)?;
        let addr = listener.local_addr()?;
        let stopping = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stopping);
        let log = log.clone();
        let handle = Arc::new(handle);
        let thread = thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let _ = stream.set_read_timeout(Some(PEER_IDLE));
                let wire = Wire::accepted(stream, &log, "client");
                let handle = Arc::clone(&handle);
                thread::spawn(move || handle(wire));
            }
        });
        Ok(Peer {
            addr,
            stopping,
            thread: Some(thread),
            protocol: Protocol::Tcp,
        })
    }

    /// Serves UDP on `bind`: `serve` owns the socket and returns when `stopping` is set
    /// (it is woken by an empty datagram).
    pub fn udp(
        bind: SocketAddr,
        serve: impl FnOnce(UdpSocket, Arc<AtomicBool>) + Send + 'static,
    ) -> io::Result<Peer> {
        let socket = UdpSocket::bind(bind)?;
        let addr = socket.local_addr()?;
        let stopping = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stopping);
        let thread = thread::spawn(move || serve(socket, stop));
        Ok(Peer {
            addr,
            stopping,
            thread: Some(thread),
            protocol: Protocol::Udp,
        })
    }

    /// The next datagram for a UDP peer's loop, into `buf`: its length and sender, or
    /// `None` once the peer is stopping or its socket failed. An ICMP "port unreachable"
    /// for an earlier answer (that client left) is skipped.
    pub fn next_datagram(
        socket: &UdpSocket,
        buf: &mut [u8],
        stop: &AtomicBool,
    ) -> Option<(usize, SocketAddr)> {
        loop {
            let received = match socket.recv_from(buf) {
                Ok(received) => received,
                Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => continue,
                Err(_) => return None,
            };
            return (!stop.load(Ordering::SeqCst)).then_some(received);
        }
    }

    /// Blocks until the peer stops by itself (used by `grader serve`).
    pub fn join(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wake the blocked accept or recv so the thread sees the flag.
        let wake = match self.protocol {
            Protocol::Tcp => {
                TcpStream::connect_timeout(&self.addr, Duration::from_secs(1)).map(drop)
            }
            Protocol::Udp => UdpSocket::bind(unspecified(self.addr))
                .and_then(|s| s.send_to(&[], self.addr))
                .map(drop),
        };
        if wake.is_ok() {
            if let Some(thread) = self.thread.take() {
                let _ = thread.join();
            }
        }
    }
}

/// Port 0 on the loopback address of the same family as `addr`.
pub fn unspecified(addr: SocketAddr) -> SocketAddr {
    match addr {
        SocketAddr::V4(_) => "127.0.0.1:0".parse().unwrap(),
        SocketAddr::V6(_) => "[::1]:0".parse().unwrap(),
    }
}

/// The default bind address of a peer: any free port on 127.0.0.1.
pub fn loopback() -> SocketAddr {
    "127.0.0.1:0".parse().unwrap()
}

/// The same on IPv6's loopback, `::1`.
pub fn loopback_v6() -> SocketAddr {
    "[::1]:0".parse().unwrap()
}
