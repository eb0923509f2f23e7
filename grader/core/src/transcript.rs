//! The conversation a check had on the wire, as the grader saw it: connects, every send and
//! receive with its size and first bytes, half-closes, resets, timeouts, end of stream.
//!
//! A failing check prints it, so "expected 1048576 bytes, got 2048" comes with the story of
//! how the 2048 bytes came and what happened next.
//!
//! It sits below both of its sides: the peers and the checks' own clients write into it,
//! outcomes and reports read it, so neither reports nor outcomes import `peers`.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// How many bytes of each send or receive are kept, escaped.
const HEAD: usize = 24;

/// Who did what.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Connect,
    Accept,
    Send,
    Recv,
    HalfClose,
    Eof,
    Reset,
    Timeout,
    Close,
    Note,
}

/// One thing that happened on one connection (or datagram socket).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Event {
    /// Time since the check started.
    #[serde(serialize_with = "as_millis", deserialize_with = "from_millis")]
    pub at: Duration,
    /// Which connection, numbered from 1 in order of appearance.
    pub conn: u32,
    pub kind: Kind,
    /// Who the other side is, from the grader's point of view ("server", "client").
    pub peer: String,
    pub bytes: usize,
    /// The first bytes, escaped like a Rust byte string.
    pub head: String,
    /// Free text: an error, a datagram's source, a running total.
    pub detail: String,
}

fn as_millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64() * 1000.0)
}

fn from_millis<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    let ms = f64::deserialize(d)?;
    Ok(Duration::from_secs_f64(ms.max(0.0) / 1000.0))
}

impl std::fmt::Display for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = self.at.as_secs_f64() * 1000.0;
        write!(f, "{ms:8.2} ms  #{} ", self.conn)?;
        let peer = &self.peer;
        match self.kind {
            Kind::Connect => write!(f, "grader connected to {peer}")?,
            Kind::Accept => write!(f, "{peer} connected to grader")?,
            Kind::Send => write!(
                f,
                "grader → {peer} \"{}\" ({})",
                self.head,
                byte_count(self.bytes)
            )?,
            Kind::Recv => write!(
                f,
                "{peer} → grader \"{}\" ({})",
                self.head,
                byte_count(self.bytes)
            )?,
            Kind::HalfClose => write!(f, "grader closed its sending side (half-close)")?,
            Kind::Eof => write!(f, "{peer} closed the connection (EOF)")?,
            Kind::Reset => write!(f, "connection reset")?,
            Kind::Timeout => write!(f, "grader gave up waiting for {peer}")?,
            Kind::Close => write!(f, "grader closed the connection")?,
            Kind::Note => {}
        }
        if !self.detail.is_empty() {
            if self.kind == Kind::Note {
                write!(f, "{}", self.detail)?;
            } else {
                write!(f, ": {}", self.detail)?;
            }
        }
        Ok(())
    }
}

/// "1 byte", "2 bytes".
pub fn byte_count(n: usize) -> String {
    if n == 1 {
        "1 byte".to_string()
    } else {
        format!("{n} bytes")
    }
}

/// The shared log of one check. Cheap to clone; every clone appends to the same log.
#[derive(Clone)]
pub struct Transcript {
    start: Instant,
    events: Arc<Mutex<Vec<Event>>>,
    next_conn: Arc<Mutex<u32>>,
}

/// The log keeps at most this many events; a flood of tiny reads must not eat memory.
const MAX_EVENTS: usize = 4096;

impl Default for Transcript {
    fn default() -> Self {
        Transcript {
            start: Instant::now(),
            events: Arc::default(),
            next_conn: Arc::default(),
        }
    }
}

impl Transcript {
    /// A number for a new connection.
    pub fn new_conn(&self) -> u32 {
        let mut next = self.next_conn.lock().unwrap();
        *next += 1;
        *next
    }

    pub fn record(&self, conn: u32, kind: Kind, peer: &str, data: &[u8], detail: &str) {
        self.record_at(self.now(), conn, kind, peer, data, detail);
    }

    /// The time since the check started, to stamp an event before the call that makes it
    /// (a send is stamped before the write: the echo may be recorded before it returns).
    pub fn now(&self) -> Duration {
        self.start.elapsed()
    }

    /// Records an event that happened at `at` (from [`Transcript::now`]).
    pub fn record_at(
        &self,
        at: Duration,
        conn: u32,
        kind: Kind,
        peer: &str,
        data: &[u8],
        detail: &str,
    ) {
        let mut events = self.events.lock().unwrap();
        if events.len() >= MAX_EVENTS {
            return;
        }
        events.push(Event {
            at,
            conn,
            kind,
            peer: peer.to_string(),
            bytes: data.len(),
            head: escape_head(data),
            detail: detail.to_string(),
        });
    }

    /// A line of free text in the log, e.g. "server printed its address".
    pub fn note(&self, text: &str) {
        self.record(0, Kind::Note, "", &[], text);
    }

    /// The events in the order they happened (threads record them in the order they
    /// finish).
    pub fn events(&self) -> Vec<Event> {
        let mut events = self.events.lock().unwrap().clone();
        events.sort_by_key(|e| e.at);
        events
    }
}

/// The first bytes of `data`, escaped, with `…` when there is more.
pub fn escape_head(data: &[u8]) -> String {
    let mut head = data[..data.len().min(HEAD)].escape_ascii().to_string();
    if data.len() > HEAD {
        head.push('…');
    }
    head
}

/// The events to show for a failure: the first and last few, with the point where the
/// conversation went wrong (the first reset, timeout or early EOF) marked.
pub fn trimmed(events: &[Event], keep: usize) -> Vec<String> {
    let divergence = events
        .iter()
        .position(|e| matches!(e.kind, Kind::Reset | Kind::Timeout | Kind::Eof));
    let mut lines = Vec::new();
    let mut skipped = false;
    for (i, event) in events.iter().enumerate() {
        let near_divergence = divergence.is_some_and(|d| i + 2 >= d && i <= d + 2);
        if i < keep || i + keep >= events.len() || near_divergence {
            let marker = if Some(i) == divergence { ">>" } else { "  " };
            lines.push(format!("{marker}{event}"));
            skipped = false;
        } else if !skipped {
            lines.push("    …".to_string());
            skipped = true;
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_byte_is_singular() {
        let log = Transcript::default();
        log.record(1, Kind::Send, "server", b"x", "");
        log.record(1, Kind::Recv, "server", b"xy", "");
        let lines: Vec<String> = log.events().iter().map(|e| e.to_string()).collect();
        assert!(lines[0].ends_with("\"x\" (1 byte)"), "{}", lines[0]);
        assert!(lines[1].ends_with("\"xy\" (2 bytes)"), "{}", lines[1]);
    }

    #[test]
    fn events_come_in_the_order_they_happened_not_the_order_recorded() {
        let log = Transcript::default();
        let sent_at = log.now();
        // The echo is recorded (by the reading thread) before the write returns.
        log.record(1, Kind::Recv, "server", b"hi", "");
        log.record_at(sent_at, 1, Kind::Send, "server", b"hi", "");
        let kinds: Vec<Kind> = log.events().iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [Kind::Send, Kind::Recv]);
    }
}
