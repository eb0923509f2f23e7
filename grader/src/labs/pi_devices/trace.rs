//! The trace a device server writes (`--trace FILE`) and what the checks read from it.
//!
//! A server flushes its trace before it sends each reply, so a reply is the signal that the
//! trace holds everything the request did: no check sleeps or polls the file. The inputs of
//! every check are drawn from the run's seed, so a canned trace cannot match.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use hw_mock::{EventKind, Trace};

use crate::check::{Ctx, Failure, Process};

/// A trace file in the system's temp directory, removed when dropped.
pub(super) struct TraceFile {
    path: PathBuf,
}

impl TraceFile {
    pub(super) fn new(ctx: &Ctx) -> TraceFile {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "netlabs-pi-{}-{}-{}.trace",
            std::process::id(),
            ctx.check.name,
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        TraceFile {
            path: std::env::temp_dir().join(name),
        }
    }

    pub(super) fn arg(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }

    /// The trace as the server has written it so far.
    pub(super) fn read(&self) -> Result<Trace, Failure> {
        let text = std::fs::read_to_string(&self.path).map_err(|e| {
            Failure::new(format!(
                "the server was started with `--trace {}` but it cannot be read: {e}",
                self.arg()
            ))
        })?;
        Trace::parse(&text)
            .map_err(|e| Failure::new(format!("the server's trace file is not a valid trace: {e}")))
    }
}

impl Drop for TraceFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Starts `program` on the simulated hardware, writing its trace to `trace`.
pub(super) fn start<'a>(
    ctx: &'a Ctx,
    program: &str,
    trace: &TraceFile,
    extra: &[&str],
) -> Result<(Process<'a>, SocketAddr), Failure> {
    let path = trace.arg();
    let mut args = vec!["--backend", "sim", "--trace", path.as_str(), "--port", "0"];
    args.extend_from_slice(extra);
    ctx.start_server(program, &args)
}

/// The levels `pin` took, in order (only changes are in a trace).
pub(super) fn levels(trace: &Trace, pin: u8) -> Vec<bool> {
    trace
        .events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Gpio { pin: p, high } if p == pin => Some(high),
            _ => None,
        })
        .collect()
}

pub(super) fn level_words(levels: &[bool]) -> String {
    if levels.is_empty() {
        return "no change at all".to_string();
    }
    levels
        .iter()
        .map(|&h| if h { "high" } else { "low" })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn onoff(states: &[bool]) -> String {
    let words: Vec<&str> = states
        .iter()
        .map(|&on| if on { "on" } else { "off" })
        .collect();
    format!("[{}]", words.join(", "))
}
