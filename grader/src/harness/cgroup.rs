//! A pids cgroup per student program (where the grader may make one: as root, with the
//! pids controller mounted), so a fork bomb meets `pids.max` instead of the machine's limit.
//!
//! RLIMIT_NPROC does the same for ordinary users, but the kernel exempts root, and CI runs
//! as root. The cgroup also knows every process of the program, those that left its
//! process group with `setsid` too, so killing the cgroup's members leaves nothing behind.

use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// How many processes and threads one student program may have at once.
pub const PIDS_MAX: u32 = 512;

/// Where new pids cgroups can be made, if anywhere: cgroup v1's `pids` hierarchy, or the
/// cgroup v2 root when it offers the pids controller.
pub fn hierarchy() -> Option<&'static Path> {
    static FOUND: OnceLock<Option<PathBuf>> = OnceLock::new();
    FOUND.get_or_init(find_hierarchy).as_deref()
}

fn find_hierarchy() -> Option<PathBuf> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return None;
    }
    let v1 = PathBuf::from("/sys/fs/cgroup/pids");
    let v2 = PathBuf::from("/sys/fs/cgroup");
    let candidates = [
        (v1.join("cgroup.procs").exists()).then_some(v1),
        std::fs::read_to_string(v2.join("cgroup.controllers"))
            .is_ok_and(|c| c.split_whitespace().any(|c| c == "pids"))
            .then(|| {
                // Children of the root get the controller only if the root hands it down.
                let _ = std::fs::write(v2.join("cgroup.subtree_control"), "+pids");
                v2
            }),
    ];
    // Prove it works: make, limit and remove a probe cgroup.
    candidates.into_iter().flatten().find(|root| {
        let probe = root.join(format!("netlabs-probe-{}", std::process::id()));
        let ok = std::fs::create_dir(&probe).is_ok()
            && std::fs::write(probe.join("pids.max"), "1").is_ok();
        let _ = std::fs::remove_dir(&probe);
        ok
    })
}

/// One student program's cgroup. Dropping it kills what is left inside and removes it.
pub struct ProcessCgroup {
    path: PathBuf,
    procs: OwnedFd,
}

impl ProcessCgroup {
    /// Makes a cgroup limited to `PIDS_MAX` under `hierarchy`.
    pub fn create(hierarchy: &Path) -> io::Result<ProcessCgroup> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let path = hierarchy.join(format!(
            "netlabs-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir(&path)?;
        std::fs::write(path.join("pids.max"), PIDS_MAX.to_string())?;
        // Opened here, written in the child: the child only needs one write(2) before exec.
        let procs = std::fs::OpenOptions::new()
            .write(true)
            .open(path.join("cgroup.procs"))?;
        Ok(ProcessCgroup {
            path,
            procs: procs.into(),
        })
    }

    /// The descriptor the child writes "0" to (meaning itself) to join the cgroup.
    pub fn procs_fd(&self) -> i32 {
        self.procs.as_raw_fd()
    }

    /// Kills every process in the cgroup.
    pub fn kill_all(&self) {
        let Ok(members) = std::fs::read_to_string(self.path.join("cgroup.procs")) else {
            return;
        };
        for pid in members.lines().filter_map(|l| l.trim().parse::<i32>().ok()) {
            // SAFETY: signalling a pid the kernel lists in our cgroup.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
            }
        }
    }
}

impl Drop for ProcessCgroup {
    fn drop(&mut self) {
        // A cgroup can be removed only once empty; killed processes leave it as they die.
        for _ in 0..100 {
            self.kill_all();
            if std::fs::remove_dir(&self.path).is_ok() {
                return;
            }
            std::thread::yield_now();
        }
    }
}

/// Joins the cgroup whose `cgroup.procs` is open as `fd` (in the child, before exec).
pub fn join_in_child(fd: i32) -> io::Result<()> {
    let zero = b"0";
    // SAFETY: write(2) of a 1-byte buffer to an open descriptor; async-signal-safe.
    let written = unsafe { libc::write(fd, zero.as_ptr().cast(), zero.len()) };
    if written == 1 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}
