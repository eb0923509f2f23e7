//! A trusted program the grader runs for itself (a child `grader grade` of `grader batch`),
//! with the same plumbing as student programs: a process group of its own, registered in
//! `registry` (Ctrl-C kills it, an orphan sweep leaves it alone), its output drained on
//! threads (stdout kept up to a cap, the end of stderr), and a hard deadline after which it
//! and everything it started are killed.
//!
//! Why not `process::Running`: that one sandboxes (limits, jail, a fresh working folder)
//! what it starts, which a grader process must not be; what the two share lives in
//! `registry` and `signals`.

use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use std::os::unix::process::CommandExt;

use super::{registry, signals};

/// How long a program stopped at its deadline gets between SIGTERM and SIGKILL (a grader
/// kills its own student programs on SIGTERM first).
const TERM_GRACE: Duration = Duration::from_secs(10);

/// How many processes below the program are looked for and killed at a deadline.
const TREE_CAP: usize = 4096;

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
pub fn run(mut command: Command, deadline: Duration, caps: Caps) -> std::io::Result<Ended> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    signals::unblocked(&mut command);
    // A group of its own: whatever happens to its group reaches only this program.
    command.process_group(0);
    let mut child = command.spawn()?;
    let pid = child.id() as i32;
    registry::register(pid);
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    let (done_tx, done_rx) = mpsc::channel();
    Ok(std::thread::scope(|scope| {
        let out = scope.spawn(move || {
            let mut text = String::new();
            let _ = stdout.take(caps.stdout).read_to_string(&mut text);
            text
        });
        let err = scope.spawn(move || {
            let mut bytes = Vec::new();
            let _ = std::io::BufReader::new(stderr).read_to_end(&mut bytes);
            let start = bytes.len().saturating_sub(caps.stderr);
            String::from_utf8_lossy(&bytes[start..]).into_owned()
        });
        scope.spawn(move || {
            let status = child.wait();
            registry::unregister(pid);
            let _ = done_tx.send(status);
        });
        let ending = match done_rx.recv_timeout(deadline) {
            Ok(Ok(status)) => Ending::Exited(status),
            Ok(Err(e)) => Ending::Lost(e),
            Err(_) => {
                stop(pid, &done_rx);
                Ending::TimedOut
            }
        };
        Ended {
            ending,
            stdout: out.join().unwrap_or_default(),
            stderr: err.join().unwrap_or_default(),
        }
    }))
}

/// Stops a program past its deadline: SIGTERM, SIGKILL after a grace period, and SIGKILL to
/// whatever it had started (cargo, rustc, a build script that hangs, each possibly in a
/// group of its own), found before the program's exit orphans them.
fn stop(pid: i32, done: &mpsc::Receiver<std::io::Result<ExitStatus>>) {
    let tree = descendants(pid);
    signal(pid, libc::SIGTERM);
    if done.recv_timeout(TERM_GRACE).is_err() {
        signal(pid, libc::SIGKILL);
        let _ = done.recv();
    }
    for descendant in tree {
        signal(descendant, libc::SIGKILL);
    }
}

/// Every process below `pid`, from /proc (bounded).
fn descendants(pid: i32) -> Vec<i32> {
    let mut found = Vec::new();
    let mut frontier = vec![pid];
    while let Some(parent) = frontier.pop() {
        if found.len() >= TREE_CAP {
            break;
        }
        for child in registry::children_of(parent) {
            found.push(child);
            frontier.push(child);
        }
    }
    found
}

fn signal(pid: i32, signal: i32) {
    // SAFETY: kill takes plain integers. The pids are our child, not reaped until it exits,
    // and its descendants seen moments ago, which nothing but their exit can free.
    unsafe {
        libc::kill(pid, signal);
    }
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
