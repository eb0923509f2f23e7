//! A cgroup per student program (where the grader may make one: as root, with the
//! controller mounted): `pids` so a fork bomb meets `pids.max` instead of the machine's
//! limit, and `memory` so the program's total memory is bounded, shared mappings and tmpfs
//! pages included (RLIMIT_DATA counts only private mappings). cgroup v2 (one hierarchy)
//! and v1 (one per controller) are both handled.
//!
//! RLIMIT_NPROC does the pids part for ordinary users, but the kernel exempts root, and CI
//! runs as root. The cgroup also knows every process of the program, those that left its
//! process group with `setsid` too, so killing the cgroup's members leaves nothing behind.
//!
//! Making a cgroup, writing its limits and removing it costs more than starting a small
//! program, so a program's cgroups, once it has ended and they are proven empty, wait in a
//! pool for the next program of the run (its limits are already written; a memory cgroup
//! reclaims the page cache the last program left before it counts against the next).
//! `drain` removes them at the end of each grading run; cgroups a grader that died left
//! behind are removed when the next grader starts.

use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

/// How many processes and threads one student program may have at once.
pub const PIDS_MAX: u32 = 512;

/// How much memory one student program may hold (resident, shared and tmpfs included).
pub const MEMORY_MAX: u64 = 512 << 20;

/// One controller's hierarchy and the files that limit it there.
#[derive(Debug)]
struct Controller {
    root: PathBuf,
    /// (file, value) pairs written in order into a new cgroup.
    limits: Vec<(&'static str, String)>,
}

#[derive(Debug, Default)]
struct Found {
    pids: Option<Controller>,
    memory: Option<Controller>,
}

fn found() -> &'static Found {
    static FOUND: OnceLock<Found> = OnceLock::new();
    FOUND.get_or_init(|| {
        if !rustix::process::geteuid().is_root() {
            return Found::default();
        }
        remove_left_behind();
        let pids = [("pids.max", PIDS_MAX.to_string())];
        Found {
            pids: find("pids", &pids, &pids),
            memory: find(
                "memory",
                &[
                    ("memory.max", MEMORY_MAX.to_string()),
                    ("memory.swap.max", "0".to_string()),
                ],
                &[
                    ("memory.limit_in_bytes", MEMORY_MAX.to_string()),
                    ("memory.memsw.limit_in_bytes", MEMORY_MAX.to_string()),
                ],
            ),
        }
    })
}

/// Removes the program cgroups (`netlabs-PID-N`) of graders that are gone, and those that
/// name this process's pid (a pid reused since): before this grader makes any.
fn remove_left_behind() {
    let roots = [
        "/sys/fs/cgroup",
        "/sys/fs/cgroup/pids",
        "/sys/fs/cgroup/memory",
    ];
    for root in roots.map(Path::new) {
        let Ok(entries) = std::fs::read_dir(root) else {
            continue;
        };
        for entry in entries.flatten() {
            let owner = entry.file_name().to_str().and_then(owner);
            let gone =
                |pid| pid == std::process::id() || !Path::new(&format!("/proc/{pid}")).exists();
            if owner.is_some_and(gone) {
                // Only an empty cgroup can be removed: anything still inside is left alone.
                let _ = std::fs::remove_dir(entry.path());
            }
        }
    }
}

/// The grader that made the cgroup `name` (`netlabs-PID-N`, `netlabs-PID-probe-NAME`).
fn owner(name: &str) -> Option<u32> {
    name.strip_prefix("netlabs-")?
        .split('-')
        .next()?
        .parse()
        .ok()
}

/// Where the pids controller can make cgroups, if anywhere.
pub fn hierarchy() -> Option<&'static Path> {
    found().pids.as_ref().map(|c| c.root.as_path())
}

/// Whether each program gets a memory cgroup.
pub fn memory_available() -> bool {
    found().memory.is_some()
}

/// cgroup v1's hierarchy of `name`, or the cgroup v2 root when it offers the controller;
/// proven by making, limiting and removing a probe cgroup. A limit file the hierarchy
/// lacks (v1's memsw without swap accounting, v2's swap without swap) is skipped.
fn find(
    name: &str,
    v2_limits: &[(&'static str, String)],
    v1_limits: &[(&'static str, String)],
) -> Option<Controller> {
    let v1 = PathBuf::from("/sys/fs/cgroup").join(name);
    let v2 = PathBuf::from("/sys/fs/cgroup");
    let candidates = [
        v1.join("cgroup.procs")
            .exists()
            .then(|| (v1.clone(), v1_limits)),
        std::fs::read_to_string(v2.join("cgroup.controllers"))
            .is_ok_and(|c| c.split_whitespace().any(|c| c == name))
            .then(|| {
                // Children of the root get the controller only if the root hands it down.
                let _ = std::fs::write(v2.join("cgroup.subtree_control"), format!("+{name}"));
                (v2.clone(), v2_limits)
            }),
    ];
    candidates.into_iter().flatten().find_map(|(root, limits)| {
        // Named as program cgroups are (`netlabs-PID-…`): one a grader that died left
        // behind is removed by the next (`remove_left_behind`).
        let probe = root.join(format!("netlabs-{}-probe-{name}", std::process::id()));
        let made = std::fs::create_dir(&probe).is_ok();
        let limits: Vec<(&'static str, String)> = limits
            .iter()
            .filter(|(file, _)| probe.join(file).exists())
            .cloned()
            .collect();
        let ok = made
            && !limits.is_empty()
            && limits
                .iter()
                .all(|(file, value)| std::fs::write(probe.join(file), value).is_ok());
        let _ = std::fs::remove_dir(&probe);
        ok.then_some(Controller { root, limits })
    })
}

/// One student program's cgroups (one per hierarchy): each path and its open
/// `cgroup.procs`.
type Groups = Vec<(PathBuf, OwnedFd)>;

/// Cgroups of programs that ended, empty, limited and ready for the next program.
static IDLE: Mutex<Vec<Groups>> = Mutex::new(Vec::new());

/// One student program's cgroups. Dropping it kills what is left inside and, once they
/// are empty, puts them back in the pool.
pub struct ProcessCgroup {
    groups: Groups,
}

impl ProcessCgroup {
    /// The program's cgroups, limited, in every hierarchy found (`None` if none): from the
    /// pool, else made now.
    pub fn create() -> io::Result<Option<ProcessCgroup>> {
        if let Some(groups) = IDLE.lock().unwrap().pop() {
            return Ok(Some(ProcessCgroup { groups }));
        }
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "netlabs-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut cgroup = ProcessCgroup { groups: Vec::new() };
        for controller in [&found().pids, &found().memory].into_iter().flatten() {
            let path = controller.root.join(&name);
            if !cgroup.groups.iter().any(|(p, _)| *p == path) {
                if let Err(e) = std::fs::create_dir(&path) {
                    // Left by an earlier grader that had this pid and died: the name is
                    // ours now, and rmdir succeeds only if nothing is inside.
                    if e.kind() != io::ErrorKind::AlreadyExists {
                        return Err(e);
                    }
                    std::fs::remove_dir(&path)?;
                    std::fs::create_dir(&path)?;
                }
                // Opened here, written in the child: one write(2) before exec.
                let procs = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path.join("cgroup.procs"))?;
                cgroup.groups.push((path.clone(), procs.into()));
            }
            for (file, value) in &controller.limits {
                std::fs::write(path.join(file), value)?;
            }
        }
        Ok((!cgroup.groups.is_empty()).then_some(cgroup))
    }

    /// Copies of the descriptors the child writes "0" to (meaning itself) to join its
    /// cgroups (closed on exec, and in the grader when the command is dropped).
    pub fn procs_fds(&self) -> io::Result<Vec<OwnedFd>> {
        self.groups.iter().map(|(_, fd)| fd.try_clone()).collect()
    }
}

/// Kills every process in `groups`; returns how many there were (`None` if a cgroup could
/// not be read: it is not reused).
fn kill_members(groups: &Groups) -> Option<usize> {
    let mut killed = Some(0);
    for (path, _) in groups {
        let Ok(members) = std::fs::read_to_string(path.join("cgroup.procs")) else {
            killed = None;
            continue;
        };
        let pids = members.lines().filter_map(|l| l.trim().parse::<i32>().ok());
        for pid in pids.filter_map(rustix::process::Pid::from_raw) {
            // A pid the kernel lists in our cgroup.
            let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
            killed = killed.map(|n| n + 1);
        }
    }
    killed
}

impl Drop for ProcessCgroup {
    fn drop(&mut self) {
        // Killed processes leave the cgroup as they die; only an empty one is reused.
        for _ in 0..100 {
            if kill_members(&self.groups) == Some(0) {
                IDLE.lock().unwrap().push(std::mem::take(&mut self.groups));
                return;
            }
            std::thread::yield_now();
        }
        remove(std::mem::take(&mut self.groups));
    }
}

/// Removes the pooled cgroups: at the end of a grading run.
pub fn drain() {
    let idle = std::mem::take(&mut *IDLE.lock().unwrap());
    for groups in idle {
        remove(groups);
    }
}

/// Removes `groups` (each once it is empty; a cgroup that stays busy is left).
fn remove(mut groups: Groups) {
    for _ in 0..100 {
        kill_members(&groups);
        groups.retain(|(path, _)| std::fs::remove_dir(path).is_err());
        if groups.is_empty() {
            return;
        }
        std::thread::yield_now();
    }
}

/// Joins the cgroup whose `cgroup.procs` is open as `fd` (in the child, before exec: one
/// write(2), async-signal-safe).
pub fn join_in_child(fd: impl AsFd) -> io::Result<()> {
    match rustix::io::write(fd, b"0")? {
        1 => Ok(()),
        _ => Err(io::ErrorKind::WriteZero.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::owner;

    /// Program and probe cgroups both name their grader first, so the next grader finds
    /// those a dead one left; other cgroups are nobody's.
    #[test]
    fn a_cgroup_names_the_grader_that_made_it() {
        assert_eq!(owner("netlabs-4242-7"), Some(4242));
        assert_eq!(owner("netlabs-4242-probe-pids"), Some(4242));
        assert_eq!(owner("netlabs-probe-pids-4242"), None);
        assert_eq!(owner("user.slice"), None);
    }
}
