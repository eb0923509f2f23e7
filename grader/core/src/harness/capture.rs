//! Capped capture of a child's stdout or stderr, readable while the child still runs.
//!
//! A reader thread drains the pipe for the child's whole life, so a program that floods its
//! output never blocks on a full pipe; only the first `cap` bytes are kept. Waiters block on
//! a condition variable until the text they need has arrived (a server's first line), which
//! is how checks wait for readiness without sleeping.

use std::io::Read;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Instant;

/// How much of one stream is kept: enough for any honest program's output.
pub const DEFAULT_CAP: usize = 64 * 1024;

#[derive(Default)]
struct Buffer {
    data: Vec<u8>,
    total: u64,
    closed: bool,
}

/// One captured stream. Cheap to clone: clones share the buffer.
#[derive(Clone)]
pub struct Capture {
    shared: Arc<(Mutex<Buffer>, Condvar)>,
    cap: usize,
}

impl Capture {
    /// Starts draining `reader` on a thread of its own.
    pub fn start(mut reader: impl Read + Send + 'static, cap: usize) -> Capture {
        let capture = Capture {
            shared: Arc::new((Mutex::new(Buffer::default()), Condvar::new())),
            cap,
        };
        let writer = capture.clone();
        thread::spawn(move || {
            let mut chunk = [0u8; 16 * 1024];
            loop {
                let n = match reader.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                writer.append(&chunk[..n]);
            }
            let (lock, ready) = &*writer.shared;
            lock.lock().unwrap().closed = true;
            ready.notify_all();
        });
        capture
    }

    fn append(&self, bytes: &[u8]) {
        let (lock, ready) = &*self.shared;
        let mut buffer = lock.lock().unwrap();
        buffer.total += bytes.len() as u64;
        let room = self.cap.saturating_sub(buffer.data.len());
        buffer
            .data
            .extend_from_slice(&bytes[..bytes.len().min(room)]);
        ready.notify_all();
    }

    /// Everything kept so far.
    pub fn bytes(&self) -> Vec<u8> {
        self.shared.0.lock().unwrap().data.clone()
    }

    /// Everything kept so far, as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes()).into_owned()
    }

    /// How many bytes the program wrote in all, kept or not.
    pub fn total(&self) -> u64 {
        self.shared.0.lock().unwrap().total
    }

    /// Whether the program wrote more than was kept.
    pub fn truncated(&self) -> bool {
        self.total() > self.cap as u64
    }

    /// Waits until `done` holds for the kept bytes, the stream closes, or `deadline` passes.
    /// Returns whether `done` held.
    pub fn wait_until(&self, deadline: Instant, done: impl Fn(&[u8]) -> bool) -> bool {
        let (lock, ready) = &*self.shared;
        let mut buffer = lock.lock().unwrap();
        loop {
            if done(&buffer.data) {
                return true;
            }
            let now = Instant::now();
            if buffer.closed || now >= deadline {
                return false;
            }
            buffer = ready.wait_timeout(buffer, deadline - now).unwrap().0;
        }
    }

    /// Waits until the stream closes (the program and all its children exited) or the
    /// deadline passes. Returns whether it closed.
    pub fn wait_closed(&self, deadline: Instant) -> bool {
        let (lock, ready) = &*self.shared;
        let mut buffer = lock.lock().unwrap();
        while !buffer.closed {
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            buffer = ready.wait_timeout(buffer, deadline - now).unwrap().0;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn keeps_only_the_cap_but_counts_everything() {
        let data = vec![b'x'; 10_000];
        let capture = Capture::start(std::io::Cursor::new(data), 100);
        assert!(capture.wait_closed(Instant::now() + Duration::from_secs(5)));
        assert_eq!(capture.bytes().len(), 100);
        assert_eq!(capture.total(), 10_000);
        assert!(capture.truncated());
    }

    #[test]
    fn wait_until_sees_a_line() {
        let capture = Capture::start(std::io::Cursor::new(b"ready\nmore".to_vec()), 100);
        let deadline = Instant::now() + Duration::from_secs(5);
        assert!(capture.wait_until(deadline, |b| b.contains(&b'\n')));
        assert!(!capture.wait_until(deadline, |b| b.ends_with(b"never")));
    }
}
