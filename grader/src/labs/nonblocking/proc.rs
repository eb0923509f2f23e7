//! What `/proc/PID` tells about the nonblocking server beyond its CPU time: how often it
//! woke up, which sockets it keeps open. Each shows a bug the echoes alone hide (a short
//! poll timeout, a client that is gone but never closed).

use std::collections::HashSet;

/// How often the server's main thread went to sleep so far (`voluntary_ctxt_switches` in
/// `/proc/PID/status`): a server waiting in `poll(-1)` sleeps once per event, a poll
/// timeout adds one per expiry. None where the kernel does not say.
pub(super) fn sleeps(pid: i32) -> Option<u64> {
    status_number(pid, "voluntary_ctxt_switches")
}

fn status_number(pid: i32, name: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let prefix = format!("{name}:");
    let value = status.lines().find_map(|l| l.strip_prefix(&prefix))?;
    value.split_whitespace().next()?.parse().ok()
}

/// How many sockets the server holds open (`/proc/PID/fd`), each counted once however many
/// descriptors share it (`try_clone` makes a second). None where they cannot be read.
pub(super) fn open_sockets(pid: i32) -> Option<usize> {
    let entries = std::fs::read_dir(format!("/proc/{pid}/fd")).ok()?;
    let sockets: HashSet<String> = entries
        .filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
        .map(|target| target.to_string_lossy().into_owned())
        .filter(|target| target.starts_with("socket:"))
        .collect();
    Some(sockets.len())
}
