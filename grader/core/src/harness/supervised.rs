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
//!
//! `run` is the common case on top: stdin closed, stdout kept up to a cap and the end of
//! stderr, drained on threads while the program runs.

use std::io::{self, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
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

/// How long a program stopped at its deadline gets between SIGTERM and SIGKILL (a grader
/// kills its own student programs on SIGTERM first).
const TERM_GRACE: Duration = Duration::from_secs(10);

/// How a supervised program ended.
#[derive(Debug)]
pub enum Ending {
    Exited(ExitStatus),
    /// Waiting for it failed.
    Lost(std::io::Error),
    /// It ran past its deadline and was killed, with everything it started.
    TimedOut,
}

/// What a supervised program left behind.
#[derive(Debug)]
pub struct Ended {
    pub ending: Ending,
    /// Its stdout, up to the cap given.
    pub stdout: String,
    /// The end of its stderr, up to the cap given.
    pub stderr: String,
}

/// Caps on what is kept of a program's output.
#[derive(Clone, Copy, Debug)]
pub struct Caps {
    /// The first bytes of stdout.
    pub stdout: u64,
    /// The last bytes of stderr.
    pub stderr: usize,
}

/// Runs `command` (stdin closed, stdout and stderr captured) until it exits or `deadline`
/// passes. Errors only when it cannot be started.
pub fn run(mut command: Command, deadline: Duration, caps: Caps) -> io::Result<Ended> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut program = Supervised::spawn(&mut command, deadline, TERM_GRACE)?;
    let stdout = program.child().stdout.take().expect("stdout is piped");
    let stderr = program.child().stderr.take().expect("stderr is piped");
    Ok(thread::scope(|scope| {
        let out = scope.spawn(move || {
            let mut text = String::new();
            let _ = stdout.take(caps.stdout).read_to_string(&mut text);
            text
        });
        let err = scope.spawn(move || {
            let mut bytes = Vec::new();
            let _ = io::BufReader::new(stderr).read_to_end(&mut bytes);
            let start = bytes.len().saturating_sub(caps.stderr);
            String::from_utf8_lossy(&bytes[start..]).into_owned()
        });
        let (status, timed_out) = program.wait();
        let ending = match status {
            _ if timed_out => Ending::TimedOut,
            Ok(status) => Ending::Exited(status),
            Err(e) => Ending::Lost(e),
        };
        Ended {
            ending,
            stdout: out.join().unwrap_or_default(),
            stderr: err.join().unwrap_or_default(),
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    const CAPS: Caps = Caps {
        stdout: 1 << 20,
        stderr: 4,
    };

    #[test]
    fn keeps_stdout_and_the_end_of_stderr() {
        let mut command = Command::new("sh");
        command.args(["-c", "echo out; echo 123456789 >&2; exit 3"]);
        let ended = run(command, Duration::from_secs(30), CAPS).unwrap();
        assert!(matches!(ended.ending, Ending::Exited(s) if s.code() == Some(3)));
        assert_eq!(ended.stdout, "out\n");
        assert_eq!(ended.stderr, "789\n");
    }

    #[test]
    fn a_deadline_kills_the_program_and_what_it_started() {
        let mut command = Command::new("sh");
        // A grandchild in a session of its own ignores the group; it must still go.
        command.args(["-c", "setsid sleep 600 & echo started; wait"]);
        let started = Instant::now();
        let ended = run(command, Duration::from_secs(2), CAPS).unwrap();
        assert!(matches!(ended.ending, Ending::TimedOut), "{ended:?}");
        // The output pipes close only when the grandchild holding them is dead.
        assert_eq!(ended.stdout, "started\n");
        assert!(started.elapsed() < Duration::from_secs(20));
    }
}
