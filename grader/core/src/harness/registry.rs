//! Every process group the grader started and has not yet reaped, so that one call can kill
//! them all: at the end of a run, and when the instructor presses Ctrl-C.
//!
//! A student program may escape its group with `setsid` and leave an orphan behind. The
//! grader makes itself a *child subreaper*, so such orphans become its children instead of
//! init's, and `sweep` finds and kills them by their parent pid.

use std::collections::BTreeSet;
use std::sync::{Mutex, RwLock, RwLockReadGuard};

use rustix::process::{Pid, Signal, WaitOptions};

static LIVE_GROUPS: Mutex<BTreeSet<i32>> = Mutex::new(BTreeSet::new());

/// Whether the grader is stopping (Ctrl-C, SIGTERM). Spawns hold it for reading from before
/// the fork until the new group is registered; `kill_everything` holds it for writing, so
/// a program is either registered before the final kill looks, or never started.
static STOPPING: RwLock<bool> = RwLock::new(false);

/// Taken before spawning a program (or a tool) and held until its group is registered;
/// an error once the grader is stopping.
pub fn spawn_gate() -> std::io::Result<RwLockReadGuard<'static, bool>> {
    let stopping = STOPPING.read().unwrap_or_else(|e| e.into_inner());
    if *stopping {
        return Err(std::io::Error::other("the grader is stopping"));
    }
    Ok(stopping)
}

pub fn register(pgid: i32) {
    LIVE_GROUPS.lock().unwrap().insert(pgid);
}

pub fn unregister(pgid: i32) {
    LIVE_GROUPS.lock().unwrap().remove(&pgid);
}

/// Whether `pgid` is a group we started and have not yet reaped: only those may be
/// signalled later, since a reaped group's id can be reused by an unrelated process.
pub fn is_live(pgid: i32) -> bool {
    LIVE_GROUPS.lock().unwrap().contains(&pgid)
}

/// Sends a signal to a process group (one that is gone already is left alone).
pub fn kill_group(pgid: i32, signal: Signal) {
    if let Some(pgid) = Pid::from_raw(pgid) {
        let _ = rustix::process::kill_process_group(pgid, signal);
    }
}

/// Kills every registered group and every orphan that was re-parented to us (on Ctrl-C);
/// no program starts after it.
pub fn kill_everything() {
    *STOPPING.write().unwrap_or_else(|e| e.into_inner()) = true;
    let groups: Vec<i32> = LIVE_GROUPS.lock().unwrap().iter().copied().collect();
    for pgid in groups {
        kill_group(pgid, Signal::KILL);
    }
    sweep();
}

/// Makes orphaned grandchildren ours (Linux), so `sweep` can find them.
pub fn become_subreaper() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::set_child_subreaper(Some(rustix::process::getpid()));
}

/// Kills and reaps the orphans of student programs that were re-parented to us: children
/// of ours outside the grader's own process group and outside every live program's group.
/// Programs still running (another grading run in this process) and cargo are left alone.
/// The program cgroups waiting for reuse are removed.
pub fn sweep() {
    super::cgroup::drain();
    // No program of another grading in this process is between its spawn and its
    // registration while the children are looked at: such a program would look orphaned.
    let _no_spawn_in_flight = STOPPING.write().unwrap_or_else(|e| e.into_inner());
    let ours = rustix::process::getpgrp();
    let live = LIVE_GROUPS.lock().unwrap().clone();
    for pid in children_of(std::process::id() as i32) {
        let Some(pid) = Pid::from_raw(pid) else {
            continue;
        };
        let Ok(group) = rustix::process::getpgid(Some(pid)) else {
            continue;
        };
        if group == ours || live.contains(&group.as_raw_pid()) {
            continue;
        }
        // An orphan that /proc says is our child: it stays ours (a zombie at worst) until
        // reaped here, so its pid cannot name another process meanwhile.
        let _ = rustix::process::kill_process(pid, Signal::KILL);
        let _ = rustix::process::waitpid(Some(pid), WaitOptions::empty());
    }
}

/// Every process below `pid`, from /proc (at most 4096).
pub fn descendants(pid: i32) -> Vec<i32> {
    let mut found = Vec::new();
    let mut frontier = vec![pid];
    while let Some(parent) = frontier.pop() {
        if found.len() >= 4096 {
            break;
        }
        for child in children_of(parent) {
            found.push(child);
            frontier.push(child);
        }
    }
    found
}

/// Pids whose parent is `parent`, from /proc (empty where there is no /proc): the
/// kernel's list of each of its threads' children, else (a kernel without those lists) a
/// look at every process of the machine.
pub fn children_of(parent: i32) -> Vec<i32> {
    let task = format!("/proc/{parent}/task");
    if !std::path::Path::new(&format!("{task}/{parent}/children")).exists() {
        return every_child_of(parent);
    }
    let Ok(threads) = std::fs::read_dir(task) else {
        return Vec::new();
    };
    let lists = threads
        .flatten()
        .filter_map(|thread| std::fs::read_to_string(thread.path().join("children")).ok());
    lists
        .flat_map(|pids| {
            pids.split_whitespace()
                .filter_map(|p| p.parse().ok())
                .collect::<Vec<i32>>()
        })
        .collect()
}

/// [`children_of`] by reading every process's parent.
fn every_child_of(parent: i32) -> Vec<i32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| parent_of(*pid) == Some(parent))
        .collect()
}

fn parent_of(pid: i32) -> Option<i32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name in field 2 may hold spaces and parentheses: skip past its last `)`.
    let after_name = &stat[stat.rfind(')')? + 2..];
    after_name.split_whitespace().nth(1)?.parse().ok()
}
