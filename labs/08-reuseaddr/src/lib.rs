//! Lab 08: `SO_REUSEADDR` and TIME_WAIT.
//!
//! When a TCP connection closes, the side that closed *first* keeps a small record of it
//! in the TIME_WAIT state for a while (60 s on Linux, 2 × the maximum segment lifetime in
//! the RFC). Why: its last ACK may be lost, and the peer will then resend its FIN; and stray
//! late packets of the old connection must not be mistaken for a new one on the same
//! address and port. While such a record exists, `bind` to that port fails with "Address
//! already in use" — which is why a restarted server cannot come back at once.
//!
//! `SO_REUSEADDR`, set *before* `bind`, tells the kernel that TIME_WAIT leftovers are fine:
//! the bind succeeds. (It does not let two live servers share a port.)

pub mod sys;

use std::io::{self, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::fd::OwnedFd;

/// What the server writes to each client before closing the connection.
pub const GREETING: &str = "Hello from reuseaddr: the server closes first\r\n";
/// How many connections may wait to be accepted.
pub const BACKLOG: i32 = 128;

/// A fresh TCP socket for `addr`'s family, made without std so no option is set yet.
pub fn new_socket(addr: &SocketAddr) -> io::Result<OwnedFd> {
    sys::tcp_socket_for(addr)
}

// ANCHOR: reuse_state
/// The socket's `SO_REUSEADDR` state as the seed prints it: 0 (off) or 1 (on).
/// (Linux answers 1 when it is on; macOS answers the option's flag value, 4.)
pub fn reuse_state(socket: &OwnedFd) -> io::Result<i32> {
    // ANCHOR_END: reuse_state
    // BEGIN SOLUTION
    let value = sys::get_int_option(socket, sys::SOL_SOCKET, sys::SO_REUSEADDR)?;
    Ok(i32::from(value != 0))
    // END SOLUTION
}

// ANCHOR: enable_reuse
/// Turns `SO_REUSEADDR` on. Must happen before `bind`: the check is made at bind time.
pub fn enable_reuse(socket: &OwnedFd) -> io::Result<()> {
    // ANCHOR_END: enable_reuse
    // BEGIN SOLUTION
    sys::set_int_option(socket, sys::SOL_SOCKET, sys::SO_REUSEADDR, 1)
    // END SOLUTION
}

// ANCHOR: bind_and_listen
/// Binds the socket to `addr`, starts listening and hands it to std as a `TcpListener`.
pub fn bind_and_listen(socket: OwnedFd, addr: &SocketAddr) -> io::Result<TcpListener> {
    // ANCHOR_END: bind_and_listen
    // BEGIN SOLUTION
    sys::bind_to(&socket, addr)?;
    sys::listen_on(&socket, BACKLOG)?;
    // The descriptor is now a listening TCP socket: std can take ownership of it.
    Ok(TcpListener::from(socket))
    // END SOLUTION
}

// ANCHOR: serve_client
/// Serves one client: write the greeting and close at once. Because the server closes
/// first, it is the server's side of the connection that goes through TIME_WAIT.
pub fn serve_client(mut stream: TcpStream) -> io::Result<()> {
    // ANCHOR_END: serve_client
    // BEGIN SOLUTION
    // SOLUTION-SENTINEL: `grader release` checks that no line of a solution region survives
    stream.write_all(GREETING.as_bytes())?;
    drop(stream); // close(): our FIN goes out first
    Ok(())
    // END SOLUTION
}

// ANCHOR: serve
/// The server's accept loop: takes clients one after another, tells `on_client` about each
/// (its address, or the error `accept` returned), greets it and closes first with
/// `serve_client`. Stops after `max_clients` clients (`None`: never) and returns how many
/// it served. A client that vanishes, or one failed `accept`, never stops the server.
pub fn serve(
    listener: &TcpListener,
    max_clients: Option<u64>,
    mut on_client: impl FnMut(io::Result<SocketAddr>),
) -> u64 {
    // ANCHOR_END: serve
    // BEGIN SOLUTION
    let mut served: u64 = 0;
    while max_clients.is_none_or(|max| served < max) {
        // accept() waits until a client has connected, then hands us a new socket for that
        // one connection; the listening socket stays open for the next client.
        match listener.accept() {
            Ok((stream, peer)) => {
                on_client(Ok(peer));
                // A client that is already gone is its own problem, not the server's.
                let _ = serve_client(stream);
                served += 1;
            }
            Err(e) => on_client(Err(e)),
        }
    }
    served
    // END SOLUTION
}
