//! Runs one command of the benchmark and measures it: wall time, and the peak resident
//! memory of it and the descendants it waited for (`wait4`'s `ru_maxrss`: the larger of the
//! grader's own peak and its children's, cargo, rustc, student programs). Nothing is
//! sampled: one blocking `wait4` ends the run, a timer only stops a command past its limit.

use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// What one run of a command took.
pub struct Measured {
    pub wall: Duration,
    pub success: bool,
    pub stdout: String,
    /// The end of its standard error, to say why it failed.
    pub stderr_tail: String,
    /// The largest peak resident memory of it and its waited-for descendants, in KiB: an
    /// upper bound of its own.
    pub peak_kib: u64,
}

impl Measured {
    /// Why it failed, in one line.
    pub fn why(&self) -> String {
        let last = self
            .stderr_tail
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty());
        last.unwrap_or("failed without a message")
            .trim()
            .to_string()
    }
}

/// How long a command past its limit has to stop after SIGTERM before SIGKILL.
const STOP_GRACE: Duration = Duration::from_secs(10);

/// Runs `command` to its end (stopped after `limit`), with stdout and stderr captured.
pub fn run(command: &mut Command, limit: Duration) -> std::io::Result<Measured> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command.spawn()?;
    let pid = child.id() as i32;
    let (mut stdout, mut stderr) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out = thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let err = thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stderr.read_to_end(&mut bytes);
        let start = bytes.len().saturating_sub(4096);
        String::from_utf8_lossy(&bytes[start..]).into_owned()
    });
    let (done_tx, done) = mpsc::channel();
    thread::spawn(move || {
        let _ = done_tx.send(wait(pid));
    });
    let mut stopped = false;
    let mut result = done.recv_timeout(limit);
    // Past its limit: asked to stop, then (a grace later) killed.
    for signal in [libc::SIGTERM, libc::SIGKILL] {
        if result.is_ok() {
            break;
        }
        stopped = true;
        // SAFETY: kill takes plain integers; `pid` is our child, not yet reaped (the
        // waiting thread has not reported).
        unsafe { libc::kill(pid, signal) };
        result = done.recv_timeout(STOP_GRACE);
    }
    let (status, usage) =
        result.map_err(|_| std::io::Error::other("the command would not stop"))??;
    let wall = started.elapsed();
    // Reaped by `wait` already: dropping the `Child` closes its handles, nothing more.
    drop(child);
    Ok(Measured {
        wall,
        success: !stopped && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        stdout: out.join().unwrap_or_default(),
        stderr_tail: err.join().unwrap_or_default(),
        peak_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
    })
}

/// `wait4` on `pid` until it exits: its status and resource usage (its own and that of the
/// descendants it waited for).
fn wait(pid: i32) -> std::io::Result<(i32, libc::rusage)> {
    let mut status = 0;
    // SAFETY: rusage is plain data, filled by the kernel.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: valid pointers to a local status and rusage.
        let done = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        match done {
            -1 if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted => {}
            -1 => return Err(std::io::Error::last_os_error()),
            _ => return Ok((status, usage)),
        }
    }
}

/// KiB as MB for a figure.
pub fn mb(kib: u64) -> String {
    format!("{:.0} MB", kib as f64 * 1024.0 / 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_a_command_and_its_failure() {
        let ok = run(
            Command::new("sh").args(["-c", "echo hi"]),
            Duration::from_secs(30),
        )
        .unwrap();
        assert!(ok.success);
        assert_eq!(ok.stdout, "hi\n");
        assert!(ok.peak_kib > 0);
        let failed = run(
            Command::new("sh").args(["-c", "echo broken >&2; exit 3"]),
            Duration::from_secs(30),
        )
        .unwrap();
        assert!(!failed.success);
        assert_eq!(failed.why(), "broken");
    }
}
