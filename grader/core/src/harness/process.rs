//! One running student program: spawned sandboxed in its own process group, its output
//! captured, its exit watched by a thread, and the whole group killed when it is dropped.

use std::ffi::OsString;
use std::fs::File;
use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, WaitOptions};

use super::capture::Capture;
use super::cgroup::ProcessCgroup;
use super::jail::{self, Handed};
use super::registry;
use super::sandbox::{self, ChildSetup, Sandbox, WorkDir};
use super::spawn::{self, Spawn};

/// How long a program gets between SIGTERM and SIGKILL.
pub const TERM_GRACE: Duration = Duration::from_millis(200);

/// What to run: the program's name (for messages) and its full argument vector.
#[derive(Clone, Debug)]
pub struct Launch {
    pub name: String,
    pub argv: Vec<OsString>,
}

/// How a program ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Code(i32),
    Signal(i32),
}

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exit::Code(code) => write!(f, "exit code {code}"),
            Exit::Signal(libc::SIGKILL) => write!(f, "killed (SIGKILL)"),
            Exit::Signal(libc::SIGXCPU) => write!(f, "killed for using too much CPU (SIGXCPU)"),
            Exit::Signal(libc::SIGSEGV) => write!(f, "crashed (SIGSEGV)"),
            Exit::Signal(libc::SIGABRT) => write!(f, "aborted (SIGABRT)"),
            Exit::Signal(libc::SIGTERM) => write!(f, "terminated (SIGTERM)"),
            Exit::Signal(signal) => write!(f, "killed by signal {signal}"),
        }
    }
}

/// Reaps what is left of the group `pgid` once its leader has been: the processes it
/// started (bwrap's init, a program whose parent died first) become the grader's children
/// when it dies, the grader being a subreaper. Each is waited for until none is left; the
/// group is killed when its `Running` goes, at the latest. Unreaped, they would stay
/// zombies until the end of the run, each still counted in the pids cgroup its program
/// had, which the next program of the run reuses.
fn reap_group(pgid: i32) {
    let Some(group) = Pid::from_raw(pgid) else {
        return;
    };
    loop {
        match rustix::process::waitpgid(group, WaitOptions::empty()) {
            Ok(Some(_)) | Err(rustix::io::Errno::INTR) => continue,
            _ => return,
        }
    }
}

/// Waits for the child `pid` to end, and how it did (-1 if it cannot be waited for).
fn wait(pid: i32) -> Exit {
    loop {
        match rustix::process::waitpid(Pid::from_raw(pid), WaitOptions::empty()) {
            Err(rustix::io::Errno::INTR) => continue,
            Ok(Some((_, status))) => {
                return match (status.exit_status(), status.terminating_signal()) {
                    (Some(code), _) => Exit::Code(code),
                    (None, Some(signal)) => Exit::Signal(signal),
                    (None, None) => Exit::Code(-1),
                };
            }
            _ => return Exit::Code(-1),
        }
    }
}

/// A running program. Dropping it kills its process group.
pub struct Running {
    pub name: String,
    pid: i32,
    jailed: bool,
    started: Instant,
    exit: Arc<(Mutex<Option<Exit>>, Condvar)>,
    stdin: Option<File>,
    pub stdout: Capture,
    pub stderr: Capture,
    /// Dropped after the process group is killed: kills escaped members, then goes.
    _cgroup: Option<ProcessCgroup>,
    _workdir: Option<WorkDir>,
}

/// What a finished program left behind.
#[derive(Clone, Debug)]
pub struct Finished {
    pub name: String,
    pub exit: Exit,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub stdout_truncated: bool,
    pub elapsed: Duration,
}

impl Finished {
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

impl Running {
    /// Starts `launch` sandboxed, with stdin a pipe (closed by `close_stdin`), and stdout and
    /// stderr captured.
    /// At most `cap` bytes of each of stdout and stderr are kept.
    pub fn spawn(launch: &Launch, sandbox: &Sandbox, cap: usize) -> std::io::Result<Running> {
        let cgroup = if sandbox.cgroups {
            ProcessCgroup::create()?
        } else {
            None
        };
        // Jailed, the program works in its private `/tmp`; else in a fresh folder of its own.
        let (argv, handed, uid, workdir) = match &sandbox.jail {
            Ok(jail) => {
                let uid = jail.program_uid();
                let handed = Handed::for_program(&launch.argv, uid)?;
                (jail.argv(&launch.argv, &handed), handed, uid, None)
            }
            Err(_) => (
                launch.argv.clone(),
                Handed::default(),
                None,
                Some(WorkDir::new()?),
            ),
        };
        let cwd = workdir
            .as_ref()
            .map_or(Path::new(jail::WORKDIR), WorkDir::path);
        let cgroup_procs = match &cgroup {
            Some(cgroup) => cgroup.procs_fds()?,
            None => Vec::new(),
        };
        let spawn = Spawn {
            argv,
            env: sandbox::environment(sandbox, cwd),
            cwd: cwd.into(),
            uid,
            setup: ChildSetup::new(sandbox, cgroup_procs, handed.into_fds()),
        };
        let gate = registry::spawn_gate()?;
        // Before the spawn: a program's measured run time is never shorter than its real one.
        let started = Instant::now();
        let child = spawn::spawn(&spawn)?;
        // The child has its copies of the handed descriptors; the grader's go now.
        drop(spawn);
        let jailed = sandbox.jail.is_ok();
        let pid = child.pid;
        // The group id is the child's pid (its own process group).
        registry::register(pid);
        drop(gate);
        let stdout = Capture::start(child.stdout, cap);
        let stderr = Capture::start(child.stderr, cap);
        let stdin = Some(child.stdin);
        let exit = Arc::new((Mutex::new(None), Condvar::new()));
        let watcher = Arc::clone(&exit);
        // One thread per child blocks in waitpid, so others can wait for the exit with a
        // timeout instead of polling.
        thread::spawn(move || {
            let status = match wait(pid) {
                Exit::Code(code) if jailed => {
                    jail::signal_of(code).map_or(Exit::Code(code), Exit::Signal)
                }
                exit => exit,
            };
            let (lock, done) = &*watcher;
            *lock.lock().unwrap() = Some(status);
            done.notify_all();
            reap_group(pid);
        });
        Ok(Running {
            name: launch.name.clone(),
            pid,
            jailed,
            started,
            exit,
            stdin,
            stdout,
            stderr,
            _cgroup: cgroup,
            _workdir: workdir,
        })
    }

    /// The process group (the first process started: bwrap when jailed).
    pub fn pid(&self) -> i32 {
        self.pid
    }

    /// The student's program itself, as the grader's `/proc` sees it. In the jail it is
    /// the first child of bwrap's init (the sandbox's pid 1, bwrap's child); a program that
    /// has not started yet (or has ended) is reported as the group.
    pub fn program_pid(&self) -> i32 {
        if !self.jailed {
            return self.pid;
        }
        let first_child = |pid: i32| registry::children_of(pid).into_iter().next();
        first_child(self.pid)
            .and_then(first_child)
            .unwrap_or(self.pid)
    }

    /// Writes to the program's stdin.
    pub fn write_stdin(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match self.stdin.as_mut() {
            Some(stdin) => stdin.write_all(bytes),
            None => Err(std::io::Error::other("stdin already closed")),
        }
    }

    /// Closes stdin: the program reads end of file.
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// The exit status, if the program has exited.
    pub fn exit(&self) -> Option<Exit> {
        *self.exit.0.lock().unwrap()
    }

    /// Waits for the program to exit until `deadline`.
    pub fn wait_exit(&self, deadline: Instant) -> Option<Exit> {
        let (lock, done) = &*self.exit;
        let mut exit = lock.lock().unwrap();
        while exit.is_none() {
            let now = Instant::now();
            if now >= deadline {
                return None;
            }
            exit = done.wait_timeout(exit, deadline - now).unwrap().0;
        }
        *exit
    }

    /// Waits until stdout holds a complete first line, and returns it.
    pub fn first_line(&self, deadline: Instant) -> Option<String> {
        self.stdout.wait_until(deadline, |b| b.contains(&b'\n'));
        let bytes = self.stdout.bytes();
        let end = bytes.iter().position(|b| *b == b'\n')?;
        Some(
            String::from_utf8_lossy(&bytes[..end])
                .trim_end()
                .to_string(),
        )
    }

    /// Stops the program: SIGTERM to its group, SIGKILL after a grace period, then waits for
    /// the output streams to close (capped by a short deadline: a grandchild that escaped
    /// the group may hold them open).
    pub fn stop(self) -> Finished {
        if self.exit().is_none() {
            registry::kill_group(self.pid, Signal::TERM);
            if self.wait_exit(Instant::now() + TERM_GRACE).is_none() {
                registry::kill_group(self.pid, Signal::KILL);
            }
        }
        self.finish(Instant::now() + TERM_GRACE)
    }

    /// Collects the output of a program that exited (or is being killed).
    fn finish(self, deadline: Instant) -> Finished {
        let exit = self
            .wait_exit(deadline + Duration::from_secs(2))
            .unwrap_or(Exit::Code(-1));
        // Kill what may be left of the group (children of a program that exited).
        registry::kill_group(self.pid, Signal::KILL);
        self.stdout.wait_closed(deadline);
        self.stderr.wait_closed(deadline);
        Finished {
            name: self.name.clone(),
            exit,
            stdout: self.stdout.bytes(),
            stderr: self.stderr.bytes(),
            stdout_truncated: self.stdout.truncated(),
            elapsed: self.started.elapsed(),
        }
    }

    /// Waits for the program to exit by itself until `deadline`; kills it otherwise.
    /// Returns the result and whether it exited in time.
    pub fn wait_or_kill(self, deadline: Instant) -> (Finished, bool) {
        if self.wait_exit(deadline).is_some() {
            (self.finish(Instant::now() + TERM_GRACE), true)
        } else {
            (self.stop(), false)
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        registry::kill_group(self.pid, Signal::KILL);
        registry::unregister(self.pid);
        // Then the cgroup field goes: it kills what escaped the group and waits until empty.
    }
}

/// Finds the address a server printed in its first line: `HOST port N`, `HOST:N`, or
/// `[V6]:N`. The last match on the line wins.
pub fn parse_bound_addr(line: &str) -> Option<SocketAddr> {
    use std::sync::OnceLock;
    static PATTERNS: OnceLock<[regex::Regex; 3]> = OnceLock::new();
    let patterns = PATTERNS.get_or_init(|| {
        [
            regex::Regex::new(r"\[([0-9A-Fa-f:.]+)\]:(\d+)").unwrap(),
            regex::Regex::new(r"(\d+\.\d+\.\d+\.\d+):(\d+)").unwrap(),
            regex::Regex::new(r"([0-9A-Fa-f:.]+)[, ]+port:? (\d+)").unwrap(),
        ]
    });
    patterns.iter().find_map(|pattern| {
        let found = pattern.captures_iter(line).last()?;
        let ip: std::net::IpAddr = found[1].parse().ok()?;
        let port: u16 = found[2].parse().ok()?;
        Some(SocketAddr::new(ip, port))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_bound_address_in_the_usual_shapes() {
        let v4: SocketAddr = "127.0.0.1:4000".parse().unwrap();
        let v6: SocketAddr = "[::1]:4000".parse().unwrap();
        for (line, want) in [
            ("Starting up echo server on 127.0.0.1 port 4000", v4),
            ("Trivial Server launched on socket: 127.0.0.1:4000", v4),
            ("listening on [::1]:4000", v6),
            ("Starting up echo server on ::1 port 4000", v6),
        ] {
            assert_eq!(parse_bound_addr(line), Some(want), "{line}");
        }
        assert_eq!(parse_bound_addr("Listening"), None);
    }
}
