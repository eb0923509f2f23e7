//! Cutting requests out of a TCP byte stream: one request is one line, with a size limit.
//!
//! Why lines: the seed's servers do one `recv(2048)` and treat whatever arrived as the whole
//! command. TCP is a byte stream, not a message stream: `on\n` may arrive as `o` then `n\n`,
//! and `on\noff\n` may arrive in one read. So we need *framing*: a rule that says where a
//! request ends. Here it is the newline (`\r\n` accepted, for Windows clients and telnet);
//! a last line without `\n` before the client closes still counts, so the seed's clients
//! (send, then close) and `nc` both work.
//!
//! Why a limit: a client that never sends a newline would otherwise make us buffer forever.
//! A line over [`MAX_LINE`] bytes is refused as soon as it is too long, not when (if ever)
//! its newline arrives.

use std::io::{self, BufRead};

/// Longest request line accepted, in bytes (without the newline).
pub const MAX_LINE: usize = 1024;

/// What [`LineReader::next_line`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// A line, without `\n` / `\r\n` (invalid UTF-8 replaced by U+FFFD).
    Text(String),
    /// A line longer than the limit (it was read and thrown away up to its newline).
    TooLong,
    /// The peer closed and nothing is left.
    Eof,
}

/// Reads `\n`-terminated lines with a length limit; a last line without `\n` counts.
/// A line over the limit is reported as soon as it is too long, without waiting for a
/// newline that may never come; the rest of it, up to its newline, is then skipped.
pub struct LineReader<R> {
    inner: R,
    max: usize,
    /// Inside a line already reported too long: skip up to its newline.
    skipping: bool,
}

impl<R: BufRead> LineReader<R> {
    /// Lines of at most `max` bytes from `inner`.
    pub fn new(inner: R, max: usize) -> Self {
        LineReader {
            inner,
            max,
            skipping: false,
        }
    }

    /// The next line. Each call reads at most up to the next newline.
    pub fn next_line(&mut self) -> io::Result<Line> {
        let mut buf: Vec<u8> = Vec::new();
        loop {
            // `fill_buf` hands us what the socket has delivered so far (at least one byte,
            // waiting for it if needed) without taking it: we `consume` only what we use,
            // so bytes after a newline stay for the next call (pipelined requests).
            let chunk = self.inner.fill_buf()?;
            if chunk.is_empty() {
                // An empty chunk is end of stream: the client closed (or half-closed) its
                // sending side. A partial last line still counts.
                if buf.last() == Some(&b'\r') {
                    buf.pop();
                }
                return Ok(if buf.len() > self.max {
                    Line::TooLong
                } else if buf.is_empty() {
                    Line::Eof
                } else {
                    Line::Text(finish(buf))
                });
            }
            let (part, found) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (&chunk[..i], Some(i)),
                None => (chunk, None),
            };
            let used = found.map_or(chunk.len(), |i| i + 1);
            if self.skipping {
                self.inner.consume(used);
                self.skipping = found.is_none();
                continue;
            }
            // The limit holds before the newline: refuse as soon as the line is too long,
            // so a client that never sends `\n` cannot make us grow without bound.
            // One byte of slack for a '\r' that may end a full-size line.
            if buf.len() + part.len() > self.max + 1 {
                self.inner.consume(used);
                self.skipping = found.is_none();
                return Ok(Line::TooLong);
            }
            buf.extend_from_slice(part);
            self.inner.consume(used);
            if found.is_some() {
                if buf.last() == Some(&b'\r') {
                    buf.pop();
                }
                if buf.len() > self.max {
                    return Ok(Line::TooLong);
                }
                return Ok(Line::Text(finish(buf)));
            }
        }
    }
}

/// The line as text. A client may send any bytes: invalid UTF-8 becomes U+FFFD instead of
/// an error (the seed's `decode('UTF-8')` crashed the whole server on it).
fn finish(buf: Vec<u8>) -> String {
    String::from_utf8_lossy(&buf).into_owned()
}
