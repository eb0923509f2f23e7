//! The jail every student program runs in where the machine allows it: bubblewrap
//! (`bwrap`, Flatpak's sandbox) builds a fresh mount view and namespaces, and the program
//! runs as an unprivileged user with no capabilities and `no_new_privs`.
//!
//! What the program sees (the rest of the machine, the grader's checkout and snapshots
//! included, is simply not there):
//! - `/usr`, `/etc` and the `/bin`, `/lib`... links, read-only (libraries, resolver, services);
//! - its own `/proc` (own PID namespace: it can neither see nor signal the grader), a
//!   minimal `/dev`, a private `/tmp` (a small tmpfs), which is also its working folder;
//! - its executable and every file a check hands it on the command line, read-only, at the
//!   same path; a file the check names in the grader's temp folder for the program to write
//!   (a trace) is made empty, given to the program's user and bound writable.
//!
//! Everything else the mount view is made of is read-only and cannot be remounted: the
//! program holds no capability. As root the grader first switches the child to a user of
//! its own, as IOI's isolate does with its box users: one uid per program from a pool
//! (`BOX_UIDS`), so bwrap runs unprivileged and makes a user namespace of that user, and
//! per-user counts (RLIMIT_NPROC: a fork bomb) never mix two programs.
//! Handed paths are opened by the grader and passed to bwrap as descriptors. bwrap, as the
//! box user, must still reach them: a file in a folder others cannot enter (a checkout in a
//! 0700 home or mktemp folder) is handed through a hard link in the temp folder instead.
//!
//! The network namespace is the grading run's own (loopback only, shared with the peers):
//! the jail does not make another.

use std::ffi::OsString;
use std::fs::File;
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The user and group the jail is probed with when the grader is root: `nobody`.
pub const NOBODY: u32 = 65534;

/// The users student programs run as when the grader is root, one per program, in turn:
/// uids no account has (isolate's box users start at 60000 too).
pub const BOX_UIDS: std::ops::Range<u32> = 60_000..61_000;

/// Setting this (to anything) makes the grader use the fallback sandbox: for the grader's
/// own tests of the fallback, never for grading.
pub const FORCE_FALLBACK: &str = "NETLABS_TEST_NO_JAIL";

/// The size of a program's private `/tmp`.
const TMP_BYTES: u64 = 64 << 20;

/// A jailed program's working folder (and `HOME`, `TMPDIR`): its private `/tmp`, in memory,
/// bounded by its size and the memory cgroup, gone with the jail. No folder is made, handed,
/// given to the box user and removed on disk per program (each of those costs a
/// journalled metadata write).
pub const WORKDIR: &str = "/tmp";

/// System folders (and their links) shown read-only inside.
const SYSTEM: &[&str] = &[
    "/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
];

/// How this machine jails programs, found once.
#[derive(Clone, Debug)]
pub struct Jail {
    bwrap: PathBuf,
    /// Whether the child switches to a box user before bwrap (the grader is root).
    pub as_root: bool,
}

/// Why there is no jail, for the report's sandbox line.
pub type NoJail = String;

/// The jail, or why there is none.
pub fn detect() -> &'static Result<Jail, NoJail> {
    static FOUND: OnceLock<Result<Jail, NoJail>> = OnceLock::new();
    FOUND.get_or_init(find)
}

fn find() -> Result<Jail, NoJail> {
    if std::env::var_os(FORCE_FALLBACK).is_some() {
        return Err(format!("jail turned off ({FORCE_FALLBACK})"));
    }
    if !cfg!(target_os = "linux") {
        return Err("no jail (bubblewrap is Linux only)".to_string());
    }
    let bwrap = ["/usr/bin/bwrap", "/bin/bwrap", "/usr/local/bin/bwrap"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .ok_or_else(|| "no jail (bubblewrap is not installed)".to_string())?;
    let root = rustix::process::geteuid().is_root();
    let jail = Jail {
        bwrap,
        as_root: root,
    };
    // Prove it works here: user namespaces may be off, or forbidden in a container.
    let probe_uid = root.then_some(NOBODY);
    let mut probe = jail.command(&["/bin/true".into()], &Handed::default(), probe_uid);
    let output = probe
        .output()
        .map_err(|e| format!("no jail (cannot run bwrap: {e})"))?;
    if output.status.success() {
        Ok(jail)
    } else {
        let said = String::from_utf8_lossy(&output.stderr);
        Err(format!(
            "no jail (bwrap fails here: {})",
            said.lines().next().unwrap_or("no reason given").trim()
        ))
    }
}

/// Descriptors of the paths one program is handed, opened by the grader before the spawn
/// and inherited by bwrap (see `Handed::keep_in_child`).
#[derive(Default)]
pub struct Handed {
    binds: Vec<(OwnedFd, PathBuf, bool)>,
}

impl Handed {
    /// The paths `argv` names (its program and absolute path arguments). Paths under the
    /// system folders are visible anyway; `/` and the kernel's folders are never handed.
    pub fn for_program(argv: &[OsString], owner: Option<u32>) -> std::io::Result<Handed> {
        let mut handed = Handed::default();
        let temp = temp_folder();
        for arg in argv {
            let path = Path::new(arg);
            let kernel = ["/proc", "/dev", "/sys"]
                .iter()
                .any(|dir| path.starts_with(dir));
            if !path.is_absolute()
                || path.parent().is_none()
                || kernel
                || SYSTEM.iter().any(|dir| path.starts_with(dir))
            {
                continue;
            }
            if path.is_file() && owner.is_some() && !reachable_by_others(path) {
                // bwrap, running as the box user, must reach the file it binds: a checkout
                // in a private folder (a 0700 home or mktemp folder) is shown through a
                // link of the file in the temp folder, at the same path inside.
                // (Once more if a prune of old links took it in the meantime.)
                handed
                    .add_from(&mirror(path)?, path)
                    .or_else(|_| handed.add_from(&mirror(path)?, path))?;
            } else if path.exists() {
                handed.add(path, false)?;
            } else if temp.is_some() && path.parent().and_then(|p| p.canonicalize().ok()) == *temp {
                // A file the program is to write for the grader (a trace).
                File::create(path)?;
                if let Some(uid) = owner {
                    std::os::unix::fs::chown(path, Some(uid), Some(uid))?;
                }
                handed.add(path, true)?;
            }
        }
        Ok(handed)
    }

    fn add(&mut self, path: &Path, writable: bool) -> std::io::Result<()> {
        let file = File::open(path)?;
        self.binds.push((file.into(), path.to_path_buf(), writable));
        Ok(())
    }

    /// Binds the file at `source` read-only at `dest` inside.
    fn add_from(&mut self, source: &Path, dest: &Path) -> std::io::Result<()> {
        let file = File::open(source)?;
        self.binds.push((file.into(), dest.to_path_buf(), false));
        Ok(())
    }

    /// The descriptors the child must keep open across `exec` (bwrap reads them), once
    /// `command` has named them.
    pub fn into_fds(self) -> Vec<OwnedFd> {
        self.binds.into_iter().map(|(fd, _, _)| fd).collect()
    }
}

/// The grader's temp folder, resolved once.
fn temp_folder() -> &'static Option<PathBuf> {
    static TEMP: OnceLock<Option<PathBuf>> = OnceLock::new();
    TEMP.get_or_init(|| std::env::temp_dir().canonicalize().ok())
}

/// Whether every folder above `path` lets others through (the execute bit for "others").
fn reachable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.ancestors()
        .skip(1)
        .all(|dir| std::fs::metadata(dir).is_ok_and(|m| m.permissions().mode() & 0o001 != 0))
}

/// A copy of the file at `path` that anyone can reach: a hard link (else a copy) in
/// `TEMP/netlabs-handed-UID/` (a folder only the grader's user may write), named by the
/// file's path, size and time, so one build's program is linked once and reused by every
/// later spawn. Entries a day old are removed.
fn mirror(path: &Path) -> std::io::Result<PathBuf> {
    use std::hash::{Hash, Hasher};
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
    let me = rustix::process::geteuid().as_raw();
    let root = std::env::temp_dir().join(format!("netlabs-handed-{me}"));
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o755)
        .create(&root)?;
    // Only a folder of ours that no one else may write is trusted: in a shared temp folder
    // someone could have made it first and planted a "program" under a name we would use.
    let folder = std::fs::symlink_metadata(&root)?;
    if !folder.is_dir() || folder.uid() != me {
        return Err(std::io::Error::other(format!(
            "{} is not a folder of the grader's user: remove it",
            root.display()
        )));
    }
    // (Changed only when it differs: a chmod per spawn would be a metadata write each.)
    if folder.permissions().mode() & 0o7777 != 0o755 {
        std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755))?;
    }
    let meta = std::fs::metadata(path)?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (
        path,
        meta.len(),
        meta.mtime(),
        meta.mtime_nsec(),
        meta.ino(),
    )
        .hash(&mut hasher);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let copy = root.join(format!("{:016x}-{name}", hasher.finish()));
    if !copy.exists() {
        prune(&root);
        // A name of this call's own: other threads and processes may be linking it too.
        static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let partial = root.join(format!(".{}-{call}-{name}", std::process::id()));
        if std::fs::hard_link(path, &partial).is_err() {
            std::fs::copy(path, &partial)?;
        }
        std::fs::rename(&partial, &copy)?;
    }
    Ok(copy)
}

/// Removes the mirrors older than a day (programs of builds long gone).
fn prune(root: &Path) {
    let day = std::time::Duration::from_secs(24 * 3600);
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        // ctime: when the link was made (a link's mtime is its program's).
        let old = entry.metadata().is_ok_and(|m| {
            use std::os::unix::fs::MetadataExt;
            let made =
                std::time::UNIX_EPOCH + std::time::Duration::from_secs(m.ctime().max(0) as u64);
            made.elapsed().is_ok_and(|age| age > day)
        });
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The system folders to show: each with the target of the link it is, or `None` for a
/// folder to bind read-only (looked at once).
pub fn system_view() -> &'static [(PathBuf, Option<PathBuf>)] {
    static VIEW: OnceLock<Vec<(PathBuf, Option<PathBuf>)>> = OnceLock::new();
    VIEW.get_or_init(|| {
        SYSTEM
            .iter()
            .map(Path::new)
            .filter_map(|path| match std::fs::read_link(path) {
                Ok(target) => Some((path.to_path_buf(), Some(target))),
                Err(_) if path.is_dir() => Some((path.to_path_buf(), None)),
                Err(_) => None,
            })
            .collect()
    })
}

impl Jail {
    /// The user the next program runs as: a box user of its own when the grader is root
    /// (taken in turn; the pool is far larger than the programs alive at once, and each
    /// grader process starts at its own place in it), else the grader's own user.
    pub fn program_uid(&self) -> Option<u32> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        if !self.as_root {
            return None;
        }
        let size = BOX_UIDS.end - BOX_UIDS.start;
        let start = std::process::id().wrapping_mul(97);
        let turn = NEXT.fetch_add(1, Ordering::Relaxed);
        Some(BOX_UIDS.start + start.wrapping_add(turn) % size)
    }

    /// Where bwrap is.
    pub fn bwrap(&self) -> &Path {
        &self.bwrap
    }

    /// The command line of `bwrap` with the program's view, running `argv` in `WORKDIR`.
    pub fn argv(&self, argv: &[OsString], handed: &Handed) -> Vec<OsString> {
        let mut line: Vec<OsString> = vec![self.bwrap.clone().into()];
        line.extend(words(&[
            "--unshare-user",
            "--unshare-pid",
            "--unshare-ipc",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--disable-userns",
            "--die-with-parent",
            "--cap-drop",
            "ALL",
        ]));
        for (path, target) in system_view() {
            let (how, from) = match target {
                Some(target) => ("--symlink", target),
                None => ("--ro-bind", path),
            };
            line.extend([how.into(), from.into(), path.into()]);
        }
        line.extend(words(&["--proc", "/proc", "--dev", "/dev"]));
        line.extend(words(&[
            "--size",
            &TMP_BYTES.to_string(),
            "--tmpfs",
            "/tmp",
        ]));
        for (fd, path, writable) in &handed.binds {
            let how = if *writable {
                "--bind-fd"
            } else {
                "--ro-bind-fd"
            };
            line.extend([how.into(), fd.as_raw_fd().to_string().into(), path.into()]);
        }
        // The view's own folders (made for the binds above) become read-only too.
        line.extend(words(&["--remount-ro", "/", "--chdir", WORKDIR, "--"]));
        line.extend(argv.iter().cloned());
        line
    }

    /// [`Jail::argv`] as a command, run as `uid` if given (the probe's way to run it).
    fn command(&self, argv: &[OsString], handed: &Handed, uid: Option<u32>) -> Command {
        let line = self.argv(argv, handed);
        let mut command = Command::new(&line[0]);
        command.args(&line[1..]);
        if let Some(uid) = uid {
            use std::os::unix::process::CommandExt;
            command.uid(uid).gid(uid);
        }
        command
    }
}

fn words<'a>(words: &'a [&str]) -> impl Iterator<Item = OsString> + 'a {
    words.iter().map(OsString::from)
}

/// bwrap reports a program killed by signal N as exit code 128 + N, as shells do.
pub fn signal_of(code: i32) -> Option<i32> {
    (129..=159).contains(&code).then_some(code - 128)
}
