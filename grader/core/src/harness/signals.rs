//! Ctrl-C and SIGTERM: kill every student program before the grader goes, so nothing is
//! left running.
//!
//! `signal-hook` turns the two signals into messages that one thread waits for, so the
//! cleanup runs as ordinary code, not in a signal handler; no signal is blocked, so every
//! child (cargo, a child grader, a student program) starts with the ordinary mask.

use std::thread;

use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use super::registry;

/// Call once, early.
pub fn kill_children_on_interrupt() {
    let Ok(mut signals) = Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            registry::kill_everything();
            std::process::exit(128 + signal);
        }
    });
}
