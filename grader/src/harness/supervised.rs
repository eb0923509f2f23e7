//! A tool the grader trusts but must bound (cargo building a submission, a child grader of
//! `batch`), run in a process group of its own, registered as live with the harness, and
//! stopped at a deadline by a watchdog thread: SIGTERM to the group, SIGKILL after a grace
//! period, and SIGKILL to every process it had started (found before they are orphaned),
//! whichever group they moved to.
//!
//! The watchdog signals only while the child is unreaped: `wait` first waits for the exit
//! without reaping (`waitid` with `WNOWAIT`), tells the watchdog under its lock, and only
//! then reaps, so a deadline that passes at the moment of the exit can never signal a
//! process that reused the pid.

use std::io;
use std::process::{Child, Command, ExitStatus};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, WaitId, WaitIdOptions};

use super::registry;

/// What the child and its watchdog share.
#[derive(Default)]
struct State {
    /// The child exited (not yet reaped): the watchdog signals no more.
    exited: bool,
    /// The deadline stopped it.
    timed_out: bool,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

/// A running child under a deadline. Dropping it without `wait` kills its group and
/// reaps it.
pub struct Supervised {
    child: Child,
    pid: i32,
    shared: Shared,
    waited: bool,
}

impl Supervised {
    /// Spawns `command` in a process group of its own; past `deadline` its group gets
    /// SIGTERM, and SIGKILL `grace` later.
    pub fn spawn(command: &mut Command, deadline: Duration, grace: Duration) -> io::Result<Self> {
        std::os::unix::process::CommandExt::process_group(command, 0);
        let gate = registry::spawn_gate()?;
        let child = command.spawn()?;
        let pid = child.id() as i32;
        // A live group of ours: an orphan sweep elsewhere in this process leaves it alone,
        // and Ctrl-C kills it with the rest.
        registry::register(pid);
        drop(gate);
        let shared = Shared::default();
        let watched = Arc::clone(&shared);
        thread::spawn(move || watch(pid, &watched, deadline, grace));
        Ok(Supervised {
            child,
            pid,
            shared,
            waited: false,
        })
    }

    /// The child, to take its pipes.
    pub fn child(&mut self) -> &mut Child {
        &mut self.child
    }

    /// Waits for the child to exit and reaps it; also says whether the deadline stopped it.
    pub fn wait(mut self) -> (io::Result<ExitStatus>, bool) {
        self.waited = true;
        let timed_out = self.exited();
        let status = self.child.wait();
        registry::unregister(self.pid);
        (status, timed_out)
    }

    /// Waits for the exit without reaping, then stops the watchdog; returns whether the
    /// deadline had stopped the child.
    fn exited(&self) -> bool {
        if let Some(pid) = Pid::from_raw(self.pid) {
            let options = WaitIdOptions::EXITED | WaitIdOptions::NOWAIT;
            while let Err(rustix::io::Errno::INTR) =
                rustix::process::waitid(WaitId::Pid(pid), options)
            {}
        }
        let (lock, changed) = &*self.shared;
        let mut state = lock.lock().unwrap();
        state.exited = true;
        changed.notify_all();
        state.timed_out
    }
}

impl Drop for Supervised {
    fn drop(&mut self) {
        if !self.waited {
            registry::kill_group(self.pid, Signal::KILL);
            self.exited();
            let _ = self.child.wait();
            registry::unregister(self.pid);
        }
    }
}

/// The watchdog: waits for the exit or the deadline, then stops the group.
fn watch(pid: i32, shared: &Shared, deadline: Duration, grace: Duration) {
    let (lock, changed) = &**shared;
    let wait_until = |state, until: Instant| {
        let left = until.saturating_duration_since(Instant::now());
        changed
            .wait_timeout_while(state, left, |state: &mut State| !state.exited)
            .unwrap()
            .0
    };
    let mut state = wait_until(lock.lock().unwrap(), Instant::now() + deadline);
    if state.exited {
        return;
    }
    state.timed_out = true;
    // Found now, while the child still holds them as its own: after its exit they would
    // be orphans that are hard to tell from anyone else's.
    let tree = registry::descendants(pid);
    registry::kill_group(pid, Signal::TERM);
    let state = wait_until(state, Instant::now() + grace);
    if !state.exited {
        registry::kill_group(pid, Signal::KILL);
    }
    drop(state);
    // Orphans of a reaped child are re-parented to the grader (a subreaper) and stay
    // unreaped until its sweep: their pids are still theirs.
    for pid in tree.into_iter().filter_map(Pid::from_raw) {
        let _ = rustix::process::kill_process(pid, Signal::KILL);
    }
}
