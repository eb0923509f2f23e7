//! A listener that never accepts, with its accept queue filled by the grader's own
//! connections: a further SYN is dropped (Linux drops SYNs to a listener whose accept queue
//! is full), so a client's `connect` hangs until its connect timeout fires. This is how the
//! timeouts lab proves a client bounds its connect, without any unroutable address.

use std::io;
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use socket2::{Domain, Socket, Type};

use super::Transcript;

/// How long one filling connect may take before the queue counts as full.
const FILL_PROBE: Duration = Duration::from_millis(50);
/// The most filling connections tried (the queue of `listen(fd, 0)` holds one or two).
const MAX_FILL: usize = 16;

/// A listener on 127.0.0.1 whose accept queue is full. Dropping it closes everything.
pub struct FullQueue {
    addr: SocketAddr,
    _listener: Socket,
    _fillers: Vec<TcpStream>,
}

impl FullQueue {
    /// Listens with a backlog of 0 and connects until a connect no longer completes.
    pub fn new(log: &Transcript) -> io::Result<FullQueue> {
        FullQueue::on_port(log, 0)
    }

    /// The same on 127.0.0.1:`port` (0: any free port).
    pub fn on_port(log: &Transcript, port: u16) -> io::Result<FullQueue> {
        let listener = Socket::new(Domain::IPV4, Type::STREAM, None)?;
        let at: SocketAddr = ([127, 0, 0, 1], port).into();
        listener.bind(&at.into())?;
        listener.listen(0)?;
        let addr = listener
            .local_addr()?
            .as_socket()
            .ok_or_else(|| io::Error::other("listener has no IP address"))?;
        let mut fillers = Vec::new();
        for _ in 0..MAX_FILL {
            match TcpStream::connect_timeout(&addr, FILL_PROBE) {
                Ok(stream) => fillers.push(stream),
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
                    ) =>
                {
                    log.note(&format!(
                        "listener {addr} never accepts: its queue is full after {} connections",
                        fillers.len()
                    ));
                    return Ok(FullQueue {
                        addr,
                        _listener: listener,
                        _fillers: fillers,
                    });
                }
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other(format!(
            "the accept queue of {addr} never filled after {MAX_FILL} connections"
        )))
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }
}
