//! What every student process gets before `exec`: resource limits, a fresh working
//! directory, a cleared environment, its own process group, and where the machine allows,
//! the jail (`jail.rs`: bwrap, unprivileged, own PID and mount namespaces) and cgroups
//! (`cgroup.rs`: pids and memory). Without bwrap, as root, a mount namespace makes the
//! grader's and the submission's files read-only instead. `describe` is the report's one
//! line saying which of these applied.
//!
//! The limits turn the classic hostile programs into ordinary failures: a busy loop runs
//! out of CPU seconds, a huge allocation fails, a runaway file stops growing, a fork bomb
//! hits its process limit. They are set in the child between `fork` and `exec`, so they
//! bind the student's program and whatever it starts, never the grader.

use std::ffi::OsString;
use std::io;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rustix::process::{Resource, Rlimit};

use super::cgroup;
use super::isolation::{self, ReadOnly};
use super::jail::{self, Jail};

/// Everything that contains one grading run's student programs.
#[derive(Clone, Debug)]
pub struct Sandbox {
    pub limits: Limits,
    /// Paths student programs see read-only (empty where mount namespaces are unavailable).
    pub readonly: ReadOnly,
    /// Whether each program gets cgroups (pids, memory: whichever the machine has).
    pub cgroups: bool,
    /// The jail, or why there is none.
    pub jail: Result<Jail, jail::NoJail>,
}

impl Default for Sandbox {
    fn default() -> Self {
        Sandbox {
            limits: Limits::default(),
            readonly: ReadOnly::default(),
            cgroups: false,
            jail: Err("no jail".to_string()),
        }
    }
}

impl Sandbox {
    /// The strongest sandbox this machine allows, protecting `protect` from writes.
    pub fn for_run(protect: &[&Path]) -> Sandbox {
        let jail = jail::detect().clone();
        Sandbox {
            limits: Limits::default(),
            readonly: if jail.is_err() && isolation::available() {
                ReadOnly::new(protect)
            } else {
                ReadOnly::default()
            },
            cgroups: cgroup::hierarchy().is_some() || cgroup::memory_available(),
            jail,
        }
    }

    /// Whether programs get a memory cgroup (else RLIMIT_AS bounds them).
    fn memory_cgroup(&self) -> bool {
        self.cgroups && cgroup::memory_available()
    }

    /// One line for the report: what is contained and how.
    pub fn describe(&self, network_isolated: bool) -> String {
        let processes = if self.cgroups && cgroup::hierarchy().is_some() {
            format!("a pids cgroup per program (pids.max {})", cgroup::PIDS_MAX)
        } else if enforced_nproc() {
            "RLIMIT_NPROC".to_string()
        } else {
            "not limited (root without a pids cgroup)".to_string()
        };
        let programs = match &self.jail {
            Ok(jail) => format!(
                "jailed by bwrap ({}, no capabilities, own PID namespace; checkout and snapshots not visible, system read-only)",
                match jail.as_root {
                    true => format!(
                        "a uid of its own per program, {}–{}",
                        super::jail::BOX_UIDS.start,
                        super::jail::BOX_UIDS.end - 1
                    ),
                    false => "the grader's own uid, not root".to_string(),
                }
            ),
            Err(why) if self.readonly.is_empty() => {
                format!("{why}: same uid as the grader, checkout and submission writable")
            }
            Err(why) => format!(
                "{why}: same uid as the grader, checkout and submission read-only (own mount namespace)"
            ),
        };
        let memory = if self.memory_cgroup() {
            format!(
                "a memory cgroup per program ({} MiB)",
                cgroup::MEMORY_MAX >> 20
            )
        } else {
            format!("RLIMIT_AS {} MiB", self.limits.address_bytes >> 20)
        };
        let network = if network_isolated {
            "loopback only (own network namespace)"
        } else {
            "not isolated (network namespaces need root)"
        };
        format!(
            "programs: {programs}; memory: {memory}; limits: cpu {} s, data {} MiB, file {} MiB; processes: {processes}; network: {network}",
            self.limits.cpu_seconds,
            self.limits.data_bytes >> 20,
            self.limits.file_bytes >> 20
        )
    }
}

/// Resource limits for one student process (and its children).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// CPU seconds: a spinning program is killed by the kernel (SIGXCPU, then SIGKILL).
    pub cpu_seconds: u64,
    /// Heap and stacks (RLIMIT_DATA): a 1 GB allocation fails instead of eating the machine.
    pub data_bytes: u64,
    /// Processes of this user (RLIMIT_NPROC): stops a fork bomb, except for root, whom the
    /// kernel exempts (see `enforced_nproc`).
    pub processes: u64,
    /// Largest file the program may write (RLIMIT_FSIZE).
    pub file_bytes: u64,
    /// Address space (RLIMIT_AS), only where there is no memory cgroup: it bounds shared
    /// mappings too, which RLIMIT_DATA does not.
    pub address_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            cpu_seconds: 20,
            data_bytes: 768 << 20,
            // RLIMIT_NPROC counts every thread of the user, the student's browser too, so
            // the limit is what runs now plus room for the servers' threads.
            processes: tasks_of_this_user() + 1024,
            file_bytes: 16 << 20,
            address_bytes: 1 << 30,
        }
    }
}

/// How many tasks (threads) this user runs now, from /proc; 0 where there is no /proc.
fn tasks_of_this_user() -> u64 {
    static COUNT: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *COUNT.get_or_init(count_tasks_of_this_user)
}

fn count_tasks_of_this_user() -> u64 {
    let uid = rustix::process::getuid().as_raw().to_string();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    let mut tasks = 0;
    for entry in entries.flatten() {
        let Ok(status) = std::fs::read_to_string(entry.path().join("status")) else {
            continue;
        };
        let field = |name: &str| {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .map(|rest| rest.split_whitespace().next().unwrap_or("").to_string())
        };
        if field("Uid:").as_deref() == Some(uid.as_str()) {
            tasks += field("Threads:").and_then(|n| n.parse().ok()).unwrap_or(1);
        }
    }
    tasks
}

/// Whether the kernel will apply RLIMIT_NPROC to our children (it does not for root).
pub fn enforced_nproc() -> bool {
    !rustix::process::geteuid().is_root()
}

/// A fresh, empty working directory, removed on drop.
pub struct WorkDir {
    path: PathBuf,
}

impl WorkDir {
    pub fn new() -> io::Result<WorkDir> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "netlabs-run-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path)?;
        Ok(WorkDir { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A sandboxed program's whole environment (nothing of the grader's is inherited), for
/// the working folder `workdir`.
pub fn environment(sandbox: &Sandbox, workdir: &Path) -> Vec<(OsString, OsString)> {
    let mut env: Vec<(OsString, OsString)> = vec![
        ("PATH".into(), "/usr/local/bin:/usr/bin:/bin".into()),
        ("HOME".into(), workdir.into()),
        ("TMPDIR".into(), workdir.into()),
        ("LANG".into(), "C.UTF-8".into()),
        // Programs are judged by behaviour; a backtrace would only bury the panic message.
        ("RUST_BACKTRACE".into(), "0".into()),
    ];
    if sandbox.jail.is_ok() {
        // Lets the hostile fixtures tell they are jailed (they do nothing outside one).
        env.push(("NETLABS_SANDBOX".into(), "bwrap".into()));
    }
    if !sandbox.memory_cgroup() {
        // glibc reserves 64 MiB of address space per malloc arena: keep threads affordable.
        env.push(("MALLOC_ARENA_MAX".into(), "2".into()));
    }
    env
}

/// What the child does to itself just before `exec` (`spawn.rs`): join the cgroups whose
/// `cgroup.procs` are open, keep the jail's handed descriptors open across `exec`, make the
/// fallback's read-only mounts, set the limits, and die with the grader. It owns both
/// descriptor lists: dropping it after the spawn closes the grader's copies.
pub struct ChildSetup {
    cgroup_procs: Vec<OwnedFd>,
    keep_fds: Vec<OwnedFd>,
    readonly: ReadOnly,
    limits: Limits,
    /// RLIMIT_AS, where no memory cgroup bounds the program.
    address_limit: Option<u64>,
}

impl ChildSetup {
    pub fn new(sandbox: &Sandbox, cgroup_procs: Vec<OwnedFd>, keep_fds: Vec<OwnedFd>) -> Self {
        ChildSetup {
            cgroup_procs,
            keep_fds,
            readonly: sandbox.readonly.clone(),
            limits: sandbox.limits,
            address_limit: (!sandbox.memory_cgroup()).then_some(sandbox.limits.address_bytes),
        }
    }

    /// In the child, between the clone and `exec`: it allocates nothing (every list and
    /// string was made before) and makes only direct system calls through rustix (write,
    /// fcntl, setrlimit, prctl, and the fallback's unshare and mount), which are
    /// async-signal-safe.
    pub fn apply_in_child(&self) -> io::Result<()> {
        let limits = self.limits;
        for fd in &self.cgroup_procs {
            cgroup::join_in_child(fd)?;
        }
        for fd in &self.keep_fds {
            rustix::io::fcntl_setfd(fd, rustix::io::FdFlags::empty())?;
        }
        if !self.readonly.is_empty() {
            self.readonly.apply_in_child()?;
        }
        set_limit(Resource::Cpu, limits.cpu_seconds)?;
        set_limit(Resource::Data, limits.data_bytes)?;
        set_limit(Resource::Nproc, limits.processes)?;
        set_limit(Resource::Fsize, limits.file_bytes)?;
        set_limit(Resource::Core, 0)?;
        if let Some(bytes) = self.address_limit {
            set_limit(Resource::As, bytes)?;
        }
        // If the grader dies, so does the program: nothing outlives a grading run.
        #[cfg(target_os = "linux")]
        rustix::process::set_parent_process_death_signal(Some(rustix::process::Signal::KILL))?;
        Ok(())
    }
}

/// Sets both the soft and the hard limit: the program cannot raise it again.
fn set_limit(resource: Resource, value: u64) -> io::Result<()> {
    let limit = Rlimit {
        current: Some(value),
        maximum: Some(value),
    };
    Ok(rustix::process::setrlimit(resource, limit)?)
}
