//! Reading a conversation line by line, bounded: the one blocking line reader that the
//! reference peers and the grader's own clients share. What comes after a newline stays
//! buffered for the next line; a line is at most `max` bytes before its newline.

use std::io::{ErrorKind, Read};

/// What came instead of a line.
#[derive(Debug, PartialEq, Eq)]
pub enum NoLine {
    /// The other side closed the connection.
    Eof,
    /// The connection failed.
    Reset(String),
    /// Nothing more came within the read timeout.
    Timeout,
    /// More than `max` bytes without a newline.
    TooLong,
}

/// The lines read from one connection.
pub struct Lines {
    buffered: Vec<u8>,
    max: usize,
}

impl Lines {
    pub fn new(max: usize) -> Lines {
        Lines {
            buffered: Vec::new(),
            max,
        }
    }

    /// The next line from `reader`, with its `\n` (and `\r`, if any).
    pub fn next(&mut self, reader: &mut impl Read) -> Result<Vec<u8>, NoLine> {
        let mut chunk = [0u8; 1024];
        loop {
            if let Some(end) = self.buffered.iter().position(|&b| b == b'\n') {
                return Ok(self.buffered.drain(..=end).collect());
            }
            if self.buffered.len() > self.max {
                return Err(NoLine::TooLong);
            }
            match reader.read(&mut chunk) {
                Ok(0) => return Err(NoLine::Eof),
                Ok(n) => self.buffered.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Err(NoLine::Timeout);
                }
                Err(e) => return Err(NoLine::Reset(e.to_string())),
            }
        }
    }

    /// What came and is not (yet) a line.
    pub fn pending(&self) -> &[u8] {
        &self.buffered
    }

    /// Takes what came and is not (yet) a line.
    pub fn take_pending(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.buffered)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_follows_a_newline_for_the_next_line() {
        let mut input: &[u8] = b"one\r\ntwo\nthr";
        let mut lines = Lines::new(16);
        assert_eq!(lines.next(&mut input), Ok(b"one\r\n".to_vec()));
        assert_eq!(lines.next(&mut input), Ok(b"two\n".to_vec()));
        assert_eq!(lines.next(&mut input), Err(NoLine::Eof));
        assert_eq!(lines.pending(), b"thr");
    }

    #[test]
    fn a_line_past_the_cap_is_too_long() {
        let mut input: &[u8] = &[b'x'; 100];
        let mut lines = Lines::new(10);
        assert_eq!(lines.next(&mut input), Err(NoLine::TooLong));
        assert!(lines.pending().len() > 10);
    }
}
