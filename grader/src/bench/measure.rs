//! Runs one command of the benchmark and measures it: wall time, the process's own peak
//! memory (`VmHWM` from `/proc/PID/status`, sampled), and the largest peak among it and the
//! descendants it waited for (`wait4`'s `ru_maxrss`: cargo, rustc, student programs).

use std::io::Read;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// What one run of a command took.
pub struct Measured {
    pub wall: Duration,
    pub success: bool,
    pub stdout: String,
    /// The end of its standard error, to say why it failed.
    pub stderr_tail: String,
    /// Its own peak resident memory, in KiB (0 if /proc could not tell).
    pub own_peak_kib: u64,
    /// The largest peak resident memory of it and its waited-for descendants, in KiB.
    pub tree_peak_kib: u64,
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

/// How often the process's peak memory is read.
const SAMPLE: Duration = Duration::from_millis(20);

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
    let mut own_peak_kib = 0;
    let mut stopped = false;
    let (status, usage) = loop {
        own_peak_kib = own_peak_kib.max(peak_kib(pid));
        if let Some(done) = wait(pid)? {
            break done;
        }
        let over = started.elapsed().saturating_sub(limit);
        if !over.is_zero() {
            // Asked to stop, then (a grace later) killed.
            let signal = if over < STOP_GRACE {
                libc::SIGTERM
            } else {
                libc::SIGKILL
            };
            // SAFETY: kill takes plain integers; `pid` is our child, not yet reaped.
            unsafe { libc::kill(pid, signal) };
            stopped = true;
        }
        thread::sleep(SAMPLE);
    };
    let wall = started.elapsed();
    // Reaped by `wait` already: dropping the `Child` closes its handles, nothing more.
    drop(child);
    Ok(Measured {
        wall,
        success: !stopped && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        stdout: out.join().unwrap_or_default(),
        stderr_tail: err.join().unwrap_or_default(),
        own_peak_kib,
        tree_peak_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
    })
}

/// `wait4` on `pid` without blocking: its status and resource usage once it has exited.
fn wait(pid: i32) -> std::io::Result<Option<(i32, libc::rusage)>> {
    let mut status = 0;
    // SAFETY: rusage is plain data, filled by the kernel.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: valid pointers to a local status and rusage.
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        match done {
            0 => return Ok(None),
            -1 if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted => {}
            -1 => return Err(std::io::Error::last_os_error()),
            _ => return Ok(Some((status, usage))),
        }
    }
}

/// `VmHWM` of a live process, in KiB (0 once it has exited).
fn peak_kib(pid: i32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
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
        assert!(ok.tree_peak_kib > 0);
        let failed = run(
            Command::new("sh").args(["-c", "echo broken >&2; exit 3"]),
            Duration::from_secs(30),
        )
        .unwrap();
        assert!(!failed.success);
        assert_eq!(failed.why(), "broken");
    }
}
