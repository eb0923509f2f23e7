//! The conversation a check had on the wire, as the grader saw it: connects, every send and
//! receive with its size and first bytes, half-closes, resets, timeouts, end of stream.
//!
//! A failing check prints it, so "expected 1048576 bytes, got 2048" comes with the story of
//! how the 2048 bytes came and what happened next.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

/// How many bytes of each send or receive are kept, escaped.
const HEAD: usize = 24;

/// Who did what.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
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
#[derive(Clone, Debug, Serialize)]
pub struct Event {
    /// Time since the check started.
    #[serde(serialize_with = "as_millis")]
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
                "grader → {peer} \"{}\" ({} bytes)",
                self.head, self.bytes
            )?,
            Kind::Recv => write!(
                f,
                "{peer} → grader \"{}\" ({} bytes)",
                self.head, self.bytes
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
        let mut events = self.events.lock().unwrap();
        if events.len() >= MAX_EVENTS {
            return;
        }
        events.push(Event {
            at: self.start.elapsed(),
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

    pub fn events(&self) -> Vec<Event> {
        self.events.lock().unwrap().clone()
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
