//! Lab 12: a line protocol, and the framing it needs.
//!
//! TCP delivers a stream of bytes, not messages: one `read` may return half a command,
//! or three commands at once. A line protocol puts the message boundaries back: every
//! message ends with `\n` (usually `\r\n`), and the receiver collects bytes until it has a
//! whole line. It must also bound how much it collects, or a peer that never sends `\n`
//! makes it grow forever.
//!
//! Two programs: the roll-call *server* (the seed's activity: answer `id` and `name`), and
//! the *client* that checks in with the instructor's classroom server.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::thread;
use std::time::Duration;

/// Longest accepted line, not counting the `\r\n` or `\n` that ends it.
pub const MAX_LINE: usize = 1024;
/// A client that sends nothing for this long is disconnected.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Sent before closing a connection whose line is longer than `MAX_LINE`.
pub const TOO_LONG: &str = "ERR line too long\r\n";
/// Longest accepted `--id` and `--name`, in bytes.
pub const MAX_ID: usize = 64;
pub const MAX_NAME: usize = 256;

/// A line went over `MAX_LINE` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineTooLong;

// ANCHOR: line_buffer
/// Collects bytes as they arrive and hands out whole lines.
#[derive(Debug, Default)]
pub struct LineBuffer {
    buf: Vec<u8>,
}
// ANCHOR_END: line_buffer

impl LineBuffer {
    pub fn new() -> LineBuffer {
        LineBuffer::default()
    }

    /// Adds bytes just read from the socket.
    pub fn push(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Bytes received that do not yet form a whole line.
    pub fn leftover(&self) -> &[u8] {
        &self.buf
    }

    // ANCHOR: next_line
    /// The next complete line without its `\n` or `\r\n`, `Ok(None)` if no whole line has
    /// arrived yet, or `Err(LineTooLong)` as soon as the line is known to be too long.
    pub fn next_line(&mut self) -> Result<Option<Vec<u8>>, LineTooLong> {
        // ANCHOR_END: next_line
        // BEGIN SOLUTION
        match self.buf.iter().position(|&b| b == b'\n') {
            Some(end) => {
                let mut line: Vec<u8> = self.buf.drain(..=end).collect();
                line.pop(); // the '\n'
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                if line.len() > MAX_LINE {
                    return Err(LineTooLong);
                }
                Ok(Some(line))
            }
            // No newline yet. One byte of slack for a '\r' that may end a full-size line.
            None if self.buf.len() > MAX_LINE + 1 => Err(LineTooLong),
            None => Ok(None),
        }
        // END SOLUTION
    }
}

// ANCHOR: answer
/// The server's answer to one line, or `None` for a blank line (ignored). Commands are
/// trimmed and case-insensitive: `id`, ` ID `, `Id\r` all work. Anything else gets
/// `ERR unknown command: <the command>`; bytes that are not UTF-8 are shown as `�`.
pub fn answer(line: &[u8], id: &str, name: &str) -> Option<String> {
    // ANCHOR_END: answer
    // BEGIN SOLUTION
    let command = line.trim_ascii();
    if command.is_empty() {
        None
    } else if command.eq_ignore_ascii_case(b"id") {
        Some(format!("{id}\r\n"))
    } else if command.eq_ignore_ascii_case(b"name") {
        Some(format!("{name}\r\n"))
    } else {
        let shown = printable(&String::from_utf8_lossy(command));
        Some(format!("ERR unknown command: {shown}\r\n"))
    }
    // END SOLUTION
}

/// Replaces control characters with `?` so that a peer cannot inject line breaks or
/// terminal escape sequences into what we send or print.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// After `ERR line too long`: stop sending (FIN), then read and drop what the client still
/// sends, for a little while. Closing a socket with unread input makes the kernel send a
/// reset (RST), which can destroy our error line before the client reads it.
fn close_gently(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut sink = [0u8; 4096];
    let mut drained = 0;
    while drained < 1024 * 1024 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

// ANCHOR: handle_client
/// Serves one connection: any number of commands, until the client closes, goes idle
/// for `idle`, or sends a line that is too long.
pub fn handle_client(
    mut stream: TcpStream,
    id: &str,
    name: &str,
    idle: Duration,
) -> io::Result<()> {
    // ANCHOR_END: handle_client
    // BEGIN SOLUTION
    stream.set_read_timeout(Some(idle))?;
    stream.set_write_timeout(Some(idle))?;
    let mut lines = LineBuffer::new();
    let mut buf = [0u8; 4096];
    loop {
        // First answer every whole line we have (they may have come pipelined).
        loop {
            match lines.next_line() {
                Ok(Some(line)) => {
                    if let Some(reply) = answer(&line, id, name) {
                        stream.write_all(reply.as_bytes())?;
                    }
                }
                Ok(None) => break,
                Err(LineTooLong) => {
                    stream.write_all(TOO_LONG.as_bytes())?;
                    close_gently(stream);
                    return Ok(());
                }
            }
        }
        // Then wait for more bytes. One read may bring part of a line, or several.
        match stream.read(&mut buf) {
            Ok(0) => {
                // End of stream: a last command without a newline still gets its answer.
                if let Some(reply) = answer(lines.leftover(), id, name) {
                    stream.write_all(reply.as_bytes())?;
                }
                return Ok(());
            }
            Ok(n) => lines.push(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            // Idle too long: hang up, so a silent client cannot hold a thread forever.
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Ok(());
            }
            Err(e) => return Err(e),
        }
    }
    // END SOLUTION
}

// ANCHOR: serve
/// Accepts clients forever, one thread each.
pub fn serve(listener: TcpListener, id: &str, name: &str, idle: Duration) {
    // ANCHOR_END: serve
    // BEGIN SOLUTION
    for incoming in listener.incoming() {
        match incoming {
            Ok(stream) => {
                let (id, name) = (id.to_string(), name.to_string());
                let spawned =
                    thread::Builder::new().spawn(move || handle_client(stream, &id, &name, idle));
                if let Err(e) = spawned {
                    eprintln!("roll-call: cannot start a thread: {e}");
                }
            }
            Err(e) => {
                // e.g. out of file descriptors; wait a moment instead of spinning.
                eprintln!("roll-call: accept: {e}");
                thread::sleep(Duration::from_millis(100));
            }
        }
    }
    // END SOLUTION
}

/// Checks an `--id`: 1 to 64 bytes, no spaces or control characters (the check-in line
/// uses the first space to separate the id from the name).
pub fn validate_id(id: &str) -> Result<(), String> {
    if id.is_empty() || id.len() > MAX_ID {
        return Err(format!("invalid --id: must be 1 to {MAX_ID} bytes"));
    }
    if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("invalid --id: must not contain spaces or control characters".to_string());
    }
    Ok(())
}

/// Checks a `--name`: 1 to 256 bytes, not only spaces, no control characters (a line
/// break inside it would end the line early).
pub fn validate_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() || name.len() > MAX_NAME {
        return Err(format!(
            "invalid --name: must be 1 to {MAX_NAME} bytes, not only spaces"
        ));
    }
    if name.chars().any(char::is_control) {
        return Err("invalid --name: must not contain control characters".to_string());
    }
    Ok(())
}

// ANCHOR: checkin_line
/// The check-in line: `ID NAME\r\n`. The id has no spaces; the name is the rest of the line.
pub fn checkin_line(id: &str, name: &str) -> String {
    // ANCHOR_END: checkin_line
    // BEGIN SOLUTION
    format!("{id} {}\r\n", name.trim())
    // END SOLUTION
}

/// Why a check-in failed before the server could answer.
#[derive(Debug)]
pub enum CheckInError {
    /// The name did not resolve.
    Resolve(String, io::Error),
    /// No address accepted the connection.
    Connect(String, io::Error),
    /// Sending or receiving failed.
    Io(String, io::Error),
}

impl std::fmt::Display for CheckInError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CheckInError::Resolve(target, e) => write!(f, "cannot resolve {target}: {e}"),
            CheckInError::Connect(target, e) => write!(f, "connect to {target}: {e}"),
            CheckInError::Io(target, e) => write!(f, "talking to {target}: {e}"),
        }
    }
}

/// Reads the server's answer: up to the first `\n` or until the server closes, at most
/// 4 KiB. Returns the first line without its line ending (empty if nothing came).
fn read_answer(stream: &mut TcpStream) -> io::Result<String> {
    let mut got = Vec::new();
    let mut buf = [0u8; 512];
    while !got.contains(&b'\n') && got.len() < 4096 {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let line = got.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    Ok(printable(&String::from_utf8_lossy(line)))
}

// ANCHOR: check_in
/// Checks in with the classroom server at `host:port`: connects (at most `timeout` per
/// address), sends one check-in line and returns the server's one-line answer.
pub fn check_in(
    host: &str,
    port: u16,
    id: &str,
    name: &str,
    timeout: Duration,
) -> Result<String, CheckInError> {
    // ANCHOR_END: check_in
    // BEGIN SOLUTION
    // SOLUTION-SENTINEL: `grader release` checks that no line of a solution region survives
    let target = if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    let addrs: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|e| CheckInError::Resolve(target.clone(), e))?
        .collect();
    let mut last_error = io::Error::new(ErrorKind::NotFound, "no address");
    let mut connected = None;
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(stream) => {
                connected = Some(stream);
                break;
            }
            Err(e) => last_error = e,
        }
    }
    let mut stream = connected.ok_or_else(|| CheckInError::Connect(target.clone(), last_error))?;
    let io_error = |e| CheckInError::Io(target.clone(), e);
    stream.set_read_timeout(Some(timeout)).map_err(io_error)?;
    stream.set_write_timeout(Some(timeout)).map_err(io_error)?;
    stream
        .write_all(checkin_line(id, name).as_bytes())
        .map_err(io_error)?;
    read_answer(&mut stream).map_err(io_error)
    // END SOLUTION
}
