//! Starting one student program without copying the grader. `fork` copies the page tables
//! of the whole grader (a hundred threads while checks overlap) and makes every page of it
//! copy-on-write, so each later write by any grader thread faults and flushes the TLB of
//! every core. A grade starts about two hundred programs: measured on 2 cores, that was
//! about 3 ms of CPU per start, a third of a full grade's CPU.
//!
//! So the child here shares the grader's memory until it calls `exec`, and the grader's
//! thread waits meanwhile (`clone` with `CLONE_VM | CLONE_VFORK`, what glibc's
//! `posix_spawn` does inside). The child runs [`child`] on a stack of its own and does the
//! sandbox's steps in the order `std::process::Command` does them: standard streams, user,
//! working folder, process group, signals back to their defaults, then the sandbox's own
//! setup (cgroups, limits, kept descriptors), and `execve`. Sharing memory, it may only make
//! system calls: nothing is allocated, locked or printed, and the user is switched with
//! the raw per-thread calls, never glibc's `setuid` (which would signal the grader's
//! threads). Every string and list it needs is made before the clone.

use std::ffi::{CString, OsString, c_int, c_void};
use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use rustix::process::{Pid, WaitOptions};

use super::sandbox::ChildSetup;

/// The child's stack: its system calls need little, debug builds a little more.
#[cfg(target_os = "linux")]
const STACK_BYTES: usize = 256 << 10;

/// What to start and how.
pub struct Spawn {
    /// The program's argument vector; `argv[0]` is looked up in `PATH` when it has no `/`.
    pub argv: Vec<OsString>,
    /// The whole environment (nothing is inherited).
    pub env: Vec<(OsString, OsString)>,
    pub cwd: OsString,
    /// The user (and group) to run as, if not the grader's.
    pub uid: Option<u32>,
    pub setup: ChildSetup,
}

/// A started program: its pid (and process group) and the grader's ends of its streams.
pub struct Spawned {
    pub pid: i32,
    pub stdin: File,
    pub stdout: File,
    pub stderr: File,
}

/// Everything the child reads, made before the clone (it writes nothing of the grader's).
struct ChildArgs<'a> {
    program: &'a CString,
    argv: &'a [*const libc::c_char],
    envp: &'a [*const libc::c_char],
    cwd: &'a CString,
    stdio: [c_int; 3],
    uid: Option<u32>,
    setup: &'a ChildSetup,
    /// Where the child writes the errno of the step that failed (closed by `exec`).
    error: c_int,
}

/// Starts `spawn` in a process group of its own, its standard streams pipes.
pub fn spawn(spawn: &Spawn) -> io::Result<Spawned> {
    let Some(argv0) = spawn.argv.first() else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "no program to run",
        ));
    };
    let program = CString::new(resolve(argv0, &spawn.env)?.into_encoded_bytes())?;
    let argv = c_strings(spawn.argv.iter().map(|a| a.as_bytes().to_vec()))?;
    let env = spawn.env.iter().map(|(key, value)| {
        let mut pair = key.as_bytes().to_vec();
        pair.push(b'=');
        pair.extend_from_slice(value.as_bytes());
        pair
    });
    let env = c_strings(env)?;
    let cwd = CString::new(spawn.cwd.as_bytes())?;
    let (stdin_read, stdin_write) = pipe()?;
    let (stdout_read, stdout_write) = pipe()?;
    let (stderr_read, stderr_write) = pipe()?;
    let (error_read, error_write) = pipe()?;
    let args = ChildArgs {
        program: &program,
        argv: &pointers(&argv),
        envp: &pointers(&env),
        cwd: &cwd,
        stdio: [
            stdin_read.as_raw_fd(),
            stdout_write.as_raw_fd(),
            stderr_write.as_raw_fd(),
        ],
        uid: spawn.uid,
        setup: &spawn.setup,
        error: error_write.as_raw_fd(),
    };
    let pid = clone_child(&args)?;
    drop((stdin_read, stdout_write, stderr_write, error_write));
    match child_error(error_read)? {
        None => Ok(Spawned {
            pid,
            stdin: stdin_write.into(),
            stdout: stdout_read.into(),
            stderr: stderr_read.into(),
        }),
        Some(errno) => {
            // It never ran anything: reap it, so its pid cannot name another process.
            let _ = rustix::process::waitpid(Pid::from_raw(pid), WaitOptions::empty());
            Err(io::Error::from_raw_os_error(errno))
        }
    }
}

/// The errno the child reported, or `None` once its end of the pipe closed by `exec`.
fn child_error(error: OwnedFd) -> io::Result<Option<i32>> {
    let mut errno = [0u8; 4];
    let mut read = 0;
    while read < errno.len() {
        match rustix::io::read(&error, &mut errno[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Ok((read == errno.len()).then(|| i32::from_ne_bytes(errno)))
}

/// Runs [`child`] in a new process sharing this one's memory, and returns once it has
/// called `execve` (or exited): its pid. Every signal is blocked meanwhile, so no handler
/// of the grader's runs on the child's side.
#[cfg(target_os = "linux")]
fn clone_child(args: &ChildArgs) -> io::Result<i32> {
    let mut stack = vec![0u8; STACK_BYTES];
    // The stack grows down from its 16-byte aligned top.
    let top = (stack.as_mut_ptr() as usize + stack.len()) & !15;
    let old = block_signals();
    // SAFETY: CLONE_VFORK suspends this thread until the child has called execve or
    // exited, so `args` and `stack` (alive for this call) outlive every use the child
    // makes of them; the child writes nothing of the grader's memory but its own stack,
    // and makes only async-signal-safe system calls (see `child`). SIGCHLD makes it a
    // child waitpid sees as any other.
    let pid = unsafe {
        libc::clone(
            child,
            top as *mut c_void,
            libc::CLONE_VM | libc::CLONE_VFORK | libc::SIGCHLD,
            args as *const ChildArgs as *mut c_void,
        )
    };
    let cloned = match pid {
        -1 => Err(io::Error::last_os_error()),
        pid => Ok(pid),
    };
    restore_signals(old);
    cloned
}

/// Elsewhere (macOS), an ordinary `fork`: the child runs [`child`] in its copy.
#[cfg(not(target_os = "linux"))]
fn clone_child(args: &ChildArgs) -> io::Result<i32> {
    let old = block_signals();
    // SAFETY: the child of fork only calls `child`, which makes only async-signal-safe
    // system calls and never returns (it execs or exits).
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        child(args as *const ChildArgs as *mut c_void);
    }
    let forked = match pid {
        -1 => Err(io::Error::last_os_error()),
        pid => Ok(pid),
    };
    restore_signals(old);
    forked
}

/// Blocks every signal of this thread; returns the mask it had.
fn block_signals() -> libc::sigset_t {
    // SAFETY: a zeroed sigset_t is a valid (empty) set; sigfillset and pthread_sigmask
    // write only the two sets on this frame.
    unsafe {
        let mut all: libc::sigset_t = std::mem::zeroed();
        let mut old: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut all);
        libc::pthread_sigmask(libc::SIG_SETMASK, &all, &mut old);
        old
    }
}

fn restore_signals(old: libc::sigset_t) {
    // SAFETY: pthread_sigmask reads the set saved by `block_signals`, on this frame.
    unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, &old, std::ptr::null_mut()) };
}

/// The child: the steps before `execve`. On a failure it writes the errno to the grader
/// and exits 127.
extern "C" fn child(args: *mut c_void) -> c_int {
    // SAFETY: `args` is the `ChildArgs` `clone_child` passed, alive until this child execs
    // or exits (CLONE_VFORK); only shared references are taken.
    let args = unsafe { &*(args as *const ChildArgs) };
    let failed = match prepare(args) {
        Ok(()) => {
            // SAFETY: every pointer names a NUL-terminated string, and both lists end with
            // a null pointer; all of them outlive the call (see `clone_child`).
            unsafe {
                libc::execve(
                    args.program.as_ptr(),
                    args.argv.as_ptr(),
                    args.envp.as_ptr(),
                )
            };
            io::Error::last_os_error()
        }
        Err(e) => e,
    };
    let errno = failed.raw_os_error().unwrap_or(libc::EINVAL).to_ne_bytes();
    // SAFETY: write reads the four bytes on this stack; _exit ends this child at once,
    // running nothing of the grader's (no atexit handlers, no output flushed twice).
    unsafe {
        libc::write(args.error, errno.as_ptr().cast(), errno.len());
        libc::_exit(127)
    }
}

/// The child's steps before `execve`, in `std::process::Command`'s order.
fn prepare(args: &ChildArgs) -> io::Result<()> {
    for (target, fd) in args.stdio.iter().enumerate() {
        // SAFETY: dup2 on two descriptor numbers; the grader's ends stay open in the
        // grader (this child has its own descriptor table).
        if unsafe { libc::dup2(*fd, target as c_int) } == -1 {
            return Err(io::Error::last_os_error());
        }
    }
    if let Some(uid) = args.uid {
        switch_user(uid)?;
    }
    // SAFETY: chdir reads the NUL-terminated path, alive until the exec.
    if unsafe { libc::chdir(args.cwd.as_ptr()) } == -1 {
        return Err(io::Error::last_os_error());
    }
    // Its own process group: one signal to the group reaches everything it started.
    rustix::process::setpgid(None, None)?;
    default_signals()?;
    args.setup.apply_in_child()
}

/// Runs as `uid` (group `uid`, no other groups). Raw per-thread calls: this child is a
/// process of its own, and glibc's `setuid` would try to signal the threads of the grader
/// it shares memory with.
#[cfg(target_os = "linux")]
fn switch_user(uid: u32) -> io::Result<()> {
    use rustix::process::{Gid, Uid};
    rustix::thread::set_thread_groups(&[])?;
    let gid = Gid::from_raw(uid);
    rustix::thread::set_thread_res_gid(gid, gid, gid)?;
    let uid = Uid::from_raw(uid);
    Ok(rustix::thread::set_thread_res_uid(uid, uid, uid)?)
}

/// Programs run as a user of their own only in the jail, which is Linux only.
#[cfg(not(target_os = "linux"))]
fn switch_user(_uid: u32) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Every signal back to its default action (the grader ignores SIGPIPE and handles
/// SIGINT and SIGTERM), then unblocked: what a program expects to start with. Ignored
/// signals other than SIGPIPE stay ignored, as `exec` keeps them.
fn default_signals() -> io::Result<()> {
    #[cfg(target_os = "linux")]
    let last = libc::SIGRTMAX();
    #[cfg(not(target_os = "linux"))]
    let last = 31;
    for signal in 1..=last {
        // SAFETY: sigaction reads and writes only `action`, on this stack; signals that
        // cannot be caught (SIGKILL, SIGSTOP) or do not exist just fail, and are skipped.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(signal, std::ptr::null(), &mut action) != 0 {
                continue;
            }
            let handled =
                action.sa_sigaction != libc::SIG_DFL && action.sa_sigaction != libc::SIG_IGN;
            if handled || signal == libc::SIGPIPE {
                action.sa_sigaction = libc::SIG_DFL;
                libc::sigaction(signal, &action, std::ptr::null_mut());
            }
        }
    }
    // SAFETY: an empty set, on this stack, replaces the fully blocked mask of the clone.
    let failed = unsafe {
        let mut none: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut none);
        libc::pthread_sigmask(libc::SIG_SETMASK, &none, std::ptr::null_mut())
    };
    match failed {
        0 => Ok(()),
        errno => Err(io::Error::from_raw_os_error(errno)),
    }
}

/// The file to execute for `argv0`: itself when it names a path, else the first
/// executable file of that name in the environment's `PATH`, as `execvp` would find it.
fn resolve(argv0: &OsString, env: &[(OsString, OsString)]) -> io::Result<OsString> {
    if argv0.as_bytes().contains(&b'/') {
        return Ok(argv0.clone());
    }
    let path = env
        .iter()
        .find(|(key, _)| key == "PATH")
        .map(|(_, value)| value);
    let found = std::env::split_paths(path.map_or("/usr/bin:/bin".as_ref(), |p| p.as_os_str()))
        .map(|dir| dir.join(argv0))
        .find(|candidate| executable(candidate));
    match found {
        Some(file) => Ok(file.into_os_string()),
        None => Err(io::Error::from_raw_os_error(libc::ENOENT)),
    }
}

fn executable(file: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(file).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The strings as C strings (an interior NUL is an error, as std's `Command` makes it).
fn c_strings(strings: impl Iterator<Item = Vec<u8>>) -> io::Result<Vec<CString>> {
    strings
        .map(|s| CString::new(s).map_err(io::Error::from))
        .collect()
}

/// The strings' pointers, ending with a null pointer (execve's lists).
fn pointers(strings: &[CString]) -> Vec<*const libc::c_char> {
    strings
        .iter()
        .map(|s| s.as_ptr())
        .chain(std::iter::once(std::ptr::null()))
        .collect()
}

/// A pipe whose two ends are closed on `exec` (the child's end is duplicated onto 0, 1 or
/// 2 first, and the copy stays open).
#[cfg(target_os = "linux")]
fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    Ok(rustix::pipe::pipe_with(rustix::pipe::PipeFlags::CLOEXEC)?)
}

/// Elsewhere (macOS has no `pipe2`), the flag is set just after.
#[cfg(not(target_os = "linux"))]
fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
    let (read, write) = rustix::pipe::pipe()?;
    for end in [&read, &write] {
        rustix::io::fcntl_setfd(end, rustix::io::FdFlags::CLOEXEC)?;
    }
    Ok((read, write))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::Sandbox;
    use std::io::Read;

    fn start(argv: &[&str]) -> io::Result<Spawned> {
        spawn(&Spawn {
            argv: argv.iter().map(OsString::from).collect(),
            env: vec![
                ("PATH".into(), "/usr/bin:/bin".into()),
                ("ONLY".into(), "this".into()),
            ],
            cwd: "/".into(),
            uid: None,
            setup: ChildSetup::new(&Sandbox::default(), Vec::new(), Vec::new()),
        })
    }

    fn output(mut spawned: Spawned) -> (String, Option<i32>) {
        drop(spawned.stdin);
        let mut text = String::new();
        spawned.stdout.read_to_string(&mut text).unwrap();
        let status = rustix::process::waitpid(Pid::from_raw(spawned.pid), WaitOptions::empty());
        (text, status.unwrap().and_then(|(_, s)| s.exit_status()))
    }

    /// A program that cannot be executed is the spawn's error (as `Command` reports it),
    /// not a child that exits 127; so is an empty command line.
    #[test]
    fn a_missing_program_is_an_error() {
        let empty = start(&[]).err().map(|e| e.kind());
        assert_eq!(empty, Some(io::ErrorKind::InvalidInput));
        let missing = start(&["/nonexistent/program"]).err().map(|e| e.kind());
        assert_eq!(missing, Some(io::ErrorKind::NotFound));
        let not_in_path = start(&["no-such-program-anywhere"]).err().map(|e| e.kind());
        assert_eq!(not_in_path, Some(io::ErrorKind::NotFound));
    }

    /// The child starts as a program expects: only the given environment, in the given
    /// folder, its own process group, no signal blocked, SIGPIPE not ignored (the grader
    /// ignores it), and `PATH` searched for a bare name.
    #[test]
    fn the_child_starts_clean() {
        // The shell's own builtins read its status: it blocks signals while a child runs.
        let script = r#"while read -r line; do case $line in Sig*) echo "$line";; esac; done < /proc/$$/status
            read -r stat < /proc/$$/stat; echo "pid $$"; echo "$stat" | cut -d' ' -f5; env; pwd"#;
        let (text, code) = output(start(&["sh", "-c", script]).unwrap());
        assert_eq!(code, Some(0), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        let env: Vec<&str> = lines.iter().copied().filter(|l| l.contains('=')).collect();
        // sh adds PWD (and may add SHLVL, _) of its own; nothing of the grader's comes through.
        let inherited: Vec<&&str> = env
            .iter()
            .filter(|l| {
                !["PATH=", "ONLY=", "PWD=", "SHLVL=", "_="]
                    .iter()
                    .any(|k| l.starts_with(k))
            })
            .collect();
        assert!(inherited.is_empty(), "{text}");
        assert!(env.contains(&"ONLY=this"), "{text}");
        assert!(lines.contains(&"/"), "{text}");
        assert!(lines.contains(&"SigBlk:\t0000000000000000"), "{text}");
        let ignored = lines
            .iter()
            .find_map(|l| l.strip_prefix("SigIgn:\t"))
            .unwrap();
        let ignored = u64::from_str_radix(ignored, 16).unwrap();
        assert_eq!(
            ignored & (1 << (libc::SIGPIPE - 1)),
            0,
            "SIGPIPE ignored: {text}"
        );
        let pid = lines.iter().position(|l| l.starts_with("pid ")).unwrap();
        let group = lines[pid + 1];
        assert_eq!(
            lines[pid],
            format!("pid {group}"),
            "not its own process group: {text}"
        );
    }
}
