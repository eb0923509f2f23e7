//! Lab 05 — the four ways a TCP client fails, shown with an HTTP/1.0 GET.
//!
//! A client goes through four steps, and each can fail for its own reasons:
//! 1. *resolve* the host name to addresses (the name may not exist),
//! 2. *connect* (nobody listening: refused; a firewall: no answer, so use a timeout),
//! 3. *send* the request (the peer may be gone already),
//! 4. *receive* until the peer closes (the peer may reset the connection midway).
//!
//! Telling the user *which* step failed is most of good error handling. The response is
//! copied to the output as raw bytes: a web server can send anything (images, compressed
//! data), so decoding it as UTF-8 text, as the Python original does, is a bug.

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

// ANCHOR: fetch_error
/// Which step failed, with the system's error. `Display` gives the program's message.
#[derive(Debug)]
pub enum FetchError {
    /// Step 1: the host name could not be resolved.
    Address(io::Error),
    /// Step 2: no connection (refused, unreachable, timed out).
    Connection(io::Error),
    /// Step 3: the request could not be sent.
    Send(io::Error),
    /// Step 4: receiving the response failed (e.g. connection reset by peer).
    Receive(io::Error),
    /// Writing the response to our own output failed (e.g. a closed pipe).
    Output(io::Error),
}
// ANCHOR_END: fetch_error

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Address(e) => write!(f, "Address-related error connecting to server: {e}"),
            FetchError::Connection(e) => write!(f, "Connection error: {e}"),
            FetchError::Send(e) => write!(f, "Error sending data: {e}"),
            FetchError::Receive(e) => write!(f, "Error receiving data: {e}"),
            FetchError::Output(e) => write!(f, "socket-errors: error writing output: {e}"),
        }
    }
}

// ANCHOR: request
/// The HTTP/1.0 request for `path`: `GET /index.html HTTP/1.0` and an empty line, each line
/// ended by CR LF. HTTP/1.0 servers close the connection after the response, so "read until
/// end of file" reads exactly the response.
pub fn request(path: &str) -> String {
    // ANCHOR_END: request
    // BEGIN SOLUTION
    format!("GET {path} HTTP/1.0\r\n\r\n")
    // END SOLUTION
}

// ANCHOR: resolve
/// Step 1: the addresses of `host`:`port` (a name or an IP address).
pub fn resolve(host: &str, port: u16) -> Result<Vec<SocketAddr>, FetchError> {
    // ANCHOR_END: resolve
    // BEGIN SOLUTION
    let addrs: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(FetchError::Address)?
        .collect();
    if addrs.is_empty() {
        let e = io::Error::new(io::ErrorKind::NotFound, "no address for host");
        return Err(FetchError::Address(e));
    }
    Ok(addrs)
    // END SOLUTION
}

// ANCHOR: connect
/// Step 2: connects to the first address that accepts, each try bounded by `timeout`.
/// When all fail, the error is the last one.
pub fn connect(addrs: &[SocketAddr], timeout: Duration) -> Result<TcpStream, FetchError> {
    // ANCHOR_END: connect
    // BEGIN SOLUTION
    let mut last_error = io::Error::new(io::ErrorKind::NotFound, "no address to connect to");
    for addr in addrs {
        match TcpStream::connect_timeout(addr, timeout) {
            Ok(stream) => return Ok(stream),
            Err(e) => last_error = e,
        }
    }
    Err(FetchError::Connection(last_error))
    // END SOLUTION
}

// ANCHOR: send_request
/// Step 3: sends the whole request for `path` (`write_all`: one `write` may send only part).
pub fn send_request(stream: &mut TcpStream, path: &str) -> Result<(), FetchError> {
    // ANCHOR_END: send_request
    // BEGIN SOLUTION
    stream
        .write_all(request(path).as_bytes())
        .map_err(FetchError::Send)
    // END SOLUTION
}

// ANCHOR: copy_response
/// Step 4: copies everything the server sends to `out`, byte for byte, until end of file.
/// Each chunk is written (and flushed) as soon as it arrives, so when the connection breaks
/// midway, what came before is already out. A read that waits longer than `timeout` fails
/// with "timed out". Returns the number of bytes copied.
pub fn copy_response(
    stream: &mut TcpStream,
    out: &mut impl Write,
    timeout: Duration,
) -> Result<u64, FetchError> {
    // ANCHOR_END: copy_response
    // BEGIN SOLUTION
    stream
        .set_read_timeout(Some(timeout))
        .map_err(FetchError::Receive)?;
    let mut buf = [0u8; 8192];
    let mut total: u64 = 0;
    loop {
        let n = match stream.read(&mut buf) {
            Ok(0) => return Ok(total), // the server closed: the response is complete
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                let e = io::Error::new(io::ErrorKind::TimedOut, "timed out");
                return Err(FetchError::Receive(e));
            }
            Err(e) => return Err(FetchError::Receive(e)),
        };
        out.write_all(&buf[..n]).map_err(FetchError::Output)?;
        out.flush().map_err(FetchError::Output)?;
        total += n as u64;
    }
    // END SOLUTION
}

// ANCHOR: http_get
/// All four steps: GET `path` from `host`:`port` and copy the response to `out`.
pub fn http_get(
    host: &str,
    port: u16,
    path: &str,
    timeout: Duration,
    out: &mut impl Write,
) -> Result<u64, FetchError> {
    // ANCHOR_END: http_get
    // BEGIN SOLUTION
    // SOLUTION-SENTINEL: `grader release` checks that no line of a solution region survives
    let addrs = resolve(host, port)?;
    let mut stream = connect(&addrs, timeout)?;
    stream
        .set_write_timeout(Some(timeout))
        .map_err(FetchError::Send)?;
    send_request(&mut stream, path)?;
    copy_response(&mut stream, out, timeout)
    // END SOLUTION
}
