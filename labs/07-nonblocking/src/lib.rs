//! Lab 07: non-blocking sockets and a `poll(2)` readiness loop.
//!
//! A blocking `accept` or `read` puts the whole thread to sleep until something happens on
//! *that one* socket. A non-blocking socket never sleeps: when nothing is ready the call
//! fails at once with `ErrorKind::WouldBlock`. That alone would make us spin; the missing
//! piece is `poll`, which sleeps until *any* of many sockets is ready. Together they let one
//! thread serve hundreds of clients: ask `poll` who is ready, do only the work that will
//! not block, go back to `poll`.

pub mod sys;

use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::fd::AsRawFd;

use sys::{POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, PollFd};

/// Stop reading from a client while this many echoed bytes are still waiting to go back
/// to it. A client that writes without reading then fills its own socket buffers and is
/// slowed down by TCP itself, while our memory stays bounded.
pub const MAX_PENDING: usize = 256 * 1024;
/// How much one `read` takes at most.
pub const READ_CHUNK: usize = 16 * 1024;

/// One connected client and the bytes we still owe it.
#[derive(Debug)]
pub struct Client {
    pub stream: TcpStream,
    /// Echo data read but not yet written back (a write can take less than we offer).
    pub pending: Vec<u8>,
    /// The client sent end-of-stream (it closed or shut down its sending side).
    pub read_closed: bool,
}

impl Client {
    pub fn new(stream: TcpStream) -> Client {
        Client {
            stream,
            pending: Vec::new(),
            read_closed: false,
        }
    }

    /// Done: the client said EOF and we have echoed everything back.
    pub fn is_finished(&self) -> bool {
        self.read_closed && self.pending.is_empty()
    }
}

// ANCHOR: try_accept
/// Accepts one connection from a *non-blocking* listener. `Ok(None)` means nobody is
/// waiting right now (`accept` failed with `WouldBlock`), which is not an error.
pub fn try_accept(listener: &TcpListener) -> io::Result<Option<(TcpStream, SocketAddr)>> {
    // ANCHOR_END: try_accept
    // BEGIN SOLUTION
    match listener.accept() {
        Ok((stream, peer)) => Ok(Some((stream, peer))),
        Err(e) if e.kind() == ErrorKind::WouldBlock => Ok(None),
        Err(e) => Err(e),
    }
    // END SOLUTION
}

// ANCHOR: wanted_events
/// The events to ask `poll` for on this client: `POLLIN` while we are willing to read
/// (not at EOF, not too much pending), `POLLOUT` only while we have output waiting.
/// Asking for `POLLOUT` with nothing to write would wake us up all the time: a busy loop.
pub fn wanted_events(client: &Client) -> i16 {
    // ANCHOR_END: wanted_events
    // BEGIN SOLUTION
    let mut events = 0;
    if !client.read_closed && client.pending.len() < MAX_PENDING {
        events |= POLLIN;
    }
    if !client.pending.is_empty() {
        events |= POLLOUT;
    }
    events
    // END SOLUTION
}

// ANCHOR: on_readable
/// Reads once from a readable client and queues the bytes for echoing. A read of 0 bytes
/// is end-of-stream. `WouldBlock` is fine: nothing to do after all.
pub fn on_readable(client: &mut Client) -> io::Result<()> {
    // ANCHOR_END: on_readable
    // BEGIN SOLUTION
    let mut buf = [0u8; READ_CHUNK];
    match client.stream.read(&mut buf) {
        Ok(0) => client.read_closed = true,
        // read() returns what has arrived so far, which may be less than the client sent
        // in one write, or several writes glued together: TCP has no message boundaries.
        Ok(n) => client.pending.extend_from_slice(&buf[..n]),
        Err(e) if e.kind() == ErrorKind::WouldBlock || e.kind() == ErrorKind::Interrupted => {}
        Err(e) => return Err(e),
    }
    Ok(())
    // END SOLUTION
}

// ANCHOR: flush_pending
/// Writes as much pending output as the socket takes without blocking; keeps the rest.
pub fn flush_pending(client: &mut Client) -> io::Result<()> {
    // ANCHOR_END: flush_pending
    // BEGIN SOLUTION
    while !client.pending.is_empty() {
        match client.stream.write(&client.pending) {
            // A non-blocking write copies only what fits in the kernel's send buffer.
            Ok(0) => return Err(io::Error::new(ErrorKind::WriteZero, "write returned 0")),
            Ok(n) => {
                client.pending.drain(..n);
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
    // END SOLUTION
}

// ANCHOR: handle_client
/// Handles what `poll` reported for one client. Returns `false` when the client is done
/// (finished, reset or broken) and must be dropped, which closes its socket.
pub fn handle_client(client: &mut Client, revents: i16) -> bool {
    // ANCHOR_END: handle_client
    // BEGIN SOLUTION
    if revents & POLLNVAL != 0 {
        return false;
    }
    // POLLHUP and POLLERR come unasked; reading (or writing) then reports what happened.
    let readable = revents & (POLLIN | POLLHUP | POLLERR) != 0;
    if readable && wanted_events(client) & POLLIN != 0 && on_readable(client).is_err() {
        return false; // e.g. "Connection reset by peer"
    }
    if flush_pending(client).is_err() {
        return false; // e.g. "Broken pipe": the client is gone
    }
    if client.is_finished() {
        // Everything echoed: say EOF to the client too. Dropping the stream closes it.
        let _ = client.stream.shutdown(Shutdown::Write);
        return false;
    }
    true
    // END SOLUTION
}

// ANCHOR: accept_all
/// Accepts every waiting connection, makes each non-blocking and adds it to `clients`.
pub fn accept_all(listener: &TcpListener, clients: &mut Vec<Client>) {
    // ANCHOR_END: accept_all
    // BEGIN SOLUTION
    loop {
        match try_accept(listener) {
            Ok(Some((stream, _peer))) => {
                // Accepted sockets do not inherit O_NONBLOCK from the listener on Linux.
                if stream.set_nonblocking(true).is_ok() {
                    clients.push(Client::new(stream));
                }
            }
            Ok(None) => return,
            // A client that gave up before we accepted it: try the next one.
            Err(e) if e.kind() == ErrorKind::ConnectionAborted => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => {
                // e.g. out of file descriptors: keep serving the clients we have.
                eprintln!("nonblocking: accept: {e}");
                return;
            }
        }
    }
    // END SOLUTION
}

// ANCHOR: serve
/// The echo server: one thread, one `poll` loop, forever (or until `poll` itself fails).
pub fn serve(listener: TcpListener) -> io::Result<()> {
    // ANCHOR_END: serve
    // BEGIN SOLUTION
    // SOLUTION-SENTINEL: `grader release` checks that no line of a solution region survives
    listener.set_nonblocking(true)?;
    let mut clients: Vec<Client> = Vec::new();
    loop {
        // Entry 0 is the listener, entry i + 1 is clients[i].
        let mut fds = Vec::with_capacity(clients.len() + 1);
        fds.push(PollFd::new(listener.as_raw_fd(), POLLIN));
        for client in &clients {
            fds.push(PollFd::new(
                client.stream.as_raw_fd(),
                wanted_events(client),
            ));
        }

        // -1: sleep until something happens. No timeout, so an idle server uses no CPU.
        match sys::poll_fds(&mut fds, -1) {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }

        let mut still_open = Vec::with_capacity(clients.len());
        for (mut client, fd) in clients.drain(..).zip(&fds[1..]) {
            if fd.revents == 0 || handle_client(&mut client, fd.revents) {
                still_open.push(client);
            }
        }
        clients = still_open;

        if fds[0].revents & POLLIN != 0 {
            accept_all(&listener, &mut clients);
        }
    }
    // END SOLUTION
}
