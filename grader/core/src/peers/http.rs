//! HTTP/1.0 peers for the socket-errors lab: a file server over `fixtures/www/` (a text page
//! and a 1 MiB binary blob, so a client that decodes bytes as text is caught), and one that
//! sends the start of a response and then resets the connection (SO_LINGER 0), so the
//! client must write what it got and then report the receive error.
//!
//! Both record every request head they read, so a check can prove the exact request line.
//! Requests are bounded (8 KiB, a read timeout); paths with `..` are refused; nothing
//! panics on garbage.

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use super::{Peer, Transcript, Wire};

/// The longest request head read; a longer one is answered 400.
const MAX_HEAD: usize = 8 * 1024;
/// How long a peer waits for a request, and for a slow client to take the response.
const PATIENCE: Duration = Duration::from_secs(5);

/// The request heads a peer received, in order (each as read: up to the blank line, plus
/// anything that came in the same read).
pub type Seen = Arc<Mutex<Vec<Vec<u8>>>>;

/// Reads a request head (up to `\r\n\r\n` or `\n\n`), bounded. `None` when the client left
/// or went quiet before finishing it.
fn read_head(wire: &mut Wire) -> Option<Vec<u8>> {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        if contains(&head, b"\r\n\r\n") || contains(&head, b"\n\n") || head.len() >= MAX_HEAD {
            return Some(head);
        }
        match wire.read(&mut buf) {
            Ok(n @ 1..) => head.extend_from_slice(&buf[..n]),
            // End of stream after a complete request line is still a request (HTTP/0.9 style
            // clients); anything less is nothing.
            Ok(_) if head.contains(&b'\n') => return Some(head),
            _ => return None,
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The path of `GET PATH HTTP/1.x`, or `None` when the request line is not that.
fn requested_path(head: &[u8]) -> Option<String> {
    let line = head.split(|&b| b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?.trim_end_matches('\r');
    let mut words = line.split(' ');
    let (method, path, version) = (words.next()?, words.next()?, words.next()?);
    if method != "GET" || !version.starts_with("HTTP/1.") || words.next().is_some() {
        return None;
    }
    Some(path.to_string())
}

fn status(code: &str, message: &str) -> Vec<u8> {
    let body = format!("{code} {message}\n");
    format!(
        "HTTP/1.0 {code} {message}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html",
        Some("txt" | "md") => "text/plain",
        _ => "application/octet-stream",
    }
}

/// The head of a `200 OK` response for a body of `length` bytes.
pub fn ok_head(content_type: &str, length: usize) -> Vec<u8> {
    format!(
        "HTTP/1.0 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
    )
    .into_bytes()
}

/// The exact bytes the file server sends for `path` (the file under `root`, or an error
/// status). Checks call it too, to know what the client must write.
pub fn response_for(root: &Path, path: &str) -> Vec<u8> {
    let relative = path.trim_start_matches('/');
    let relative = if relative.is_empty() {
        "index.html"
    } else {
        relative
    };
    let safe = path.starts_with('/')
        && !relative.split('/').any(|part| part == ".." || part == ".")
        && !relative.contains(['\\', '\0']);
    if !safe {
        return status("403", "Forbidden");
    }
    let file = root.join(relative);
    match std::fs::metadata(&file) {
        Ok(meta) if meta.is_file() => match std::fs::read(&file) {
            Ok(body) => [ok_head(content_type(&file), body.len()), body].concat(),
            Err(_) => status("500", "Internal Server Error"),
        },
        _ => status("404", "Not Found"),
    }
}

/// Reads one request, records it, and returns its path (answering 400 itself when the
/// request is not a GET).
fn take_request(wire: &mut Wire, seen: &Seen) -> Option<String> {
    let _ = wire.set_read_timeout(PATIENCE);
    let _ = wire.stream().set_write_timeout(Some(PATIENCE));
    let head = read_head(wire)?;
    seen.lock().unwrap().push(head.clone());
    match requested_path(&head) {
        Some(path) => Some(path),
        None => {
            let _ = wire.write_all(&status("400", "Bad Request"));
            None
        }
    }
}

/// Serves the files under `root`, one request per connection, as HTTP/1.0 does.
pub fn serve_files(
    bind: SocketAddr,
    log: &Transcript,
    root: PathBuf,
    seen: Seen,
) -> io::Result<Peer> {
    let root = Arc::new(root);
    Peer::tcp(bind, log, move |mut wire: Wire| {
        let Some(path) = take_request(&mut wire, &seen) else {
            return;
        };
        if wire.write_all(&response_for(&root, &path)).is_ok() {
            wire.close();
        }
    })
}

/// `grader serve http-files`: the file server over `fixtures/www/`.
pub fn files(bind: SocketAddr, log: &Transcript) -> io::Result<Peer> {
    serve_files(bind, log, crate::paths::www(), Seen::default())
}

/// The body the resetting peer starts to send (text, so only the reset is under test).
pub fn reset_body() -> Vec<u8> {
    (0..400)
        .map(|i| format!("line {i:03} of a response that never ends\n"))
        .collect::<String>()
        .into_bytes()
}

/// How much of `reset_body` is sent before the reset.
pub const RESET_AFTER: usize = 6000;

/// The exact bytes the resetting peer sends before it resets.
pub fn reset_prefix() -> Vec<u8> {
    let body = reset_body();
    [
        ok_head("text/plain", body.len()),
        body[..RESET_AFTER].to_vec(),
    ]
    .concat()
}

/// Answers with a head announcing the whole body, sends part of it, waits a moment for the
/// client to read it, and resets the connection.
pub fn serve_reset(bind: SocketAddr, log: &Transcript, seen: Seen) -> io::Result<Peer> {
    Peer::tcp(bind, log, move |mut wire: Wire| {
        if take_request(&mut wire, &seen).is_none() {
            return;
        }
        if wire.write_all(&reset_prefix()).is_err() {
            return;
        }
        // Give the bytes time to reach the client before the reset, which would otherwise
        // overtake them: the client must see data first, then the error.
        thread::sleep(Duration::from_millis(50));
        wire.reset();
    })
}

/// `grader serve http-reset`: sends part of a response, then resets.
pub fn reset(bind: SocketAddr, log: &Transcript) -> io::Result<Peer> {
    serve_reset(bind, log, Seen::default())
}
