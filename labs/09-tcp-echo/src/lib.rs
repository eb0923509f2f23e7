//! Lab 09: TCP echo. The server sends every byte back until the client closes; the client
//! sends a message and reads until every byte has come back.
//!
//! TCP is a *byte stream*, not a sequence of messages: one `write` of 33 bytes may arrive as
//! one `read` of 33, or as 16 + 17, or as 33 reads of 1 byte. The Python original assumed a
//! single `recv` returns everything; this lab fixes that on both sides.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::thread;

/// The seed reads at most 2048 bytes per `recv` on the server.
pub const SERVER_CHUNK: usize = 2048;
/// The seed's client reads 16 bytes at a time, which makes partial reads easy to see.
pub const CLIENT_CHUNK: usize = 16;

// ANCHOR: serve
/// Accepts clients forever, one thread each, so a slow client never holds up the others
/// (the idea behind Python's `socketserver.ThreadingTCPServer`). An error it returns stops
/// the server and is printed as it is, so it should say what failed ("accept: ...").
pub fn serve(listener: TcpListener) -> io::Result<()> {
    // ANCHOR_END: serve
    // BEGIN SOLUTION
    loop {
        log(format_args!("Waiting to receive message from client"));
        let (stream, peer) = match listener.accept() {
            Ok(client) => client,
            // A client that connects and resets before we accept it is its problem, not a
            // reason for the server to stop.
            Err(e) if e.kind() == io::ErrorKind::ConnectionAborted => continue,
            // Say what failed: the caller prints this error as it is.
            Err(e) => return Err(io::Error::new(e.kind(), format!("accept: {e}"))),
        };
        thread::spawn(move || {
            if let Err(e) = echo_client(stream, peer) {
                eprintln!("tcp-echo: client {peer}: {e}");
            }
        });
    }
    // END SOLUTION
}

// ANCHOR: echo_client
/// Echoes one client until it closes its side (a `read` of 0 bytes means end of stream).
/// Returns how many bytes were echoed.
pub fn echo_client(mut stream: TcpStream, peer: SocketAddr) -> io::Result<u64> {
    // ANCHOR_END: echo_client
    // BEGIN SOLUTION
    let mut buf = [0u8; SERVER_CHUNK];
    let mut total = 0u64;
    loop {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Ok(total);
        }
        log(format_args!("Data: {}", preview(&buf[..n])));
        // `write` may also send less than asked; `write_all` loops until all is sent.
        stream.write_all(&buf[..n])?;
        log(format_args!("sent {n} bytes back to {peer}"));
        total += n as u64;
    }
    // END SOLUTION
}

// ANCHOR: client_error
/// Why a client run failed.
#[derive(Debug)]
pub enum ClientError {
    /// The socket failed (connect refused, reset, timeout, ...).
    Io(io::Error),
    /// The server closed the connection before echoing everything.
    EarlyClose { received: usize, expected: usize },
}
// ANCHOR_END: client_error

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClientError::Io(e) => write!(f, "{e}"),
            ClientError::EarlyClose { received, expected } => write!(
                f,
                "server closed the connection after {received} of {expected} bytes"
            ),
        }
    }
}

impl From<io::Error> for ClientError {
    fn from(e: io::Error) -> Self {
        ClientError::Io(e)
    }
}

// ANCHOR: echo_roundtrip
/// Sends `message`, then reads in `CLIENT_CHUNK`-byte pieces until as many bytes have come
/// back as were sent, calling `on_read` for each piece. Returns the bytes received.
pub fn echo_roundtrip(
    stream: &mut TcpStream,
    message: &[u8],
    mut on_read: impl FnMut(&[u8]),
) -> Result<Vec<u8>, ClientError> {
    // ANCHOR_END: echo_roundtrip
    // BEGIN SOLUTION
    // SOLUTION-SENTINEL: `grader release` checks that no line of a solution region survives
    stream.write_all(message)?;
    let mut received = Vec::with_capacity(message.len());
    let mut buf = [0u8; CLIENT_CHUNK];
    while received.len() < message.len() {
        // Never ask for more than is still missing: the rest belongs to no one.
        let want = (message.len() - received.len()).min(CLIENT_CHUNK);
        let n = stream.read(&mut buf[..want])?;
        if n == 0 {
            return Err(ClientError::EarlyClose {
                received: received.len(),
                expected: message.len(),
            });
        }
        on_read(&buf[..n]);
        received.extend_from_slice(&buf[..n]);
    }
    Ok(received)
    // END SOLUTION
}

/// Prints one line of the server's log. A server must outlive its terminal: if stdout is
/// gone (the window was closed, whoever read our output left), `println!` would panic; the
/// line is dropped instead, and the server goes on serving.
pub fn log(line: std::fmt::Arguments) {
    let _ = writeln!(io::stdout(), "{line}");
}

/// Shows bytes the way Python shows `bytes`, escaped, cut after 64 so a megabyte of binary
/// data does not flood the terminal.
pub fn preview(bytes: &[u8]) -> String {
    const MAX: usize = 64;
    let shown: String = bytes[..bytes.len().min(MAX)].escape_ascii().to_string();
    if bytes.len() > MAX {
        format!("{shown}... ({} bytes)", bytes.len())
    } else {
        shown
    }
}
