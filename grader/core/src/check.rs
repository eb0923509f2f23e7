//! What a check is (id, points, deadline, description, hint, the function that runs it),
//! what it returns, and the context it runs in: how it starts student programs and
//! compares their output with a snapshot.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::harness::capture::DEFAULT_CAP;
use crate::harness::{Finished, Running, Sandbox, parse_bound_addr};
use crate::programs::Programs;
use crate::snapshot::{Filter, Mismatch, Snapshots, normalise};
use crate::transcript::Transcript;

/// How long a server may take to print its address.
pub const FIRST_LINE_WAIT: Duration = Duration::from_secs(3);

/// One check of one lab. Its id is `lab/name`.
pub struct Check {
    pub lab: &'static str,
    pub name: &'static str,
    pub points: u32,
    /// After this the check's programs are killed and it fails.
    pub deadline: Duration,
    /// How long the check must wait by design (a timeout under test, a retry). `just bench`
    /// compares a full grade's wall time with the sum of these (checks overlap in parallel).
    pub required_wait: Duration,
    pub description: &'static str,
    pub hint: &'static str,
    pub run: fn(&Ctx) -> Result<(), Failure>,
}

impl Check {
    /// A check with the usual deadline (10 s) and no wait required by design.
    pub const fn new(
        lab: &'static str,
        name: &'static str,
        points: u32,
        description: &'static str,
        hint: &'static str,
        run: fn(&Ctx) -> Result<(), Failure>,
    ) -> Check {
        Check {
            lab,
            name,
            points,
            deadline: Duration::from_secs(10),
            required_wait: Duration::ZERO,
            description,
            hint,
            run,
        }
    }

    /// A longer deadline, in seconds, for a check that starts its programs several times
    /// (each start and stop may take seconds on a loaded machine).
    pub const fn deadline_secs(mut self, secs: u64) -> Check {
        self.deadline = Duration::from_secs(secs);
        self
    }

    /// Declares how long the check waits by design (a timeout under test), in ms.
    pub const fn waits_ms(mut self, ms: u64) -> Check {
        self.required_wait = Duration::from_millis(ms);
        self
    }

    pub fn id(&self) -> String {
        format!("{}/{}", self.lab, self.name)
    }
}

/// Why a check failed.
#[derive(Debug)]
pub struct Failure {
    pub reason: String,
    /// Expected against actual, as a unified diff.
    pub diff: Option<String>,
    /// The grader could not judge (e.g. a missing snapshot): not the student's fault.
    pub grader_error: bool,
}

impl Failure {
    pub fn new(reason: impl Into<String>) -> Failure {
        Failure {
            reason: reason.into(),
            diff: None,
            grader_error: false,
        }
    }
}

/// Fails the check with a formatted reason.
#[macro_export]
macro_rules! fail {
    ($($arg:tt)*) => { return Err($crate::check::Failure::new(format!($($arg)*))) };
}

/// Fails the check with a formatted reason unless `cond` holds.
#[macro_export]
macro_rules! ensure {
    // `match` rather than `if !cond`: `!(a <= b)` on floats reads wrong (NaN).
    ($cond:expr, $($arg:tt)*) => { match $cond { true => {}, false => $crate::fail!($($arg)*) } };
}

/// Turns any error into a failure with a short context.
pub trait Context<T> {
    fn context(self, what: &str) -> Result<T, Failure>;
}

impl<T, E: std::fmt::Display> Context<T> for Result<T, E> {
    fn context(self, what: &str) -> Result<T, Failure> {
        self.map_err(|e| Failure::new(format!("{what}: {e}")))
    }
}

/// Everything a check may use while it runs. Shared with the runner, which kills the
/// check's programs if it overruns its deadline.
pub struct Ctx {
    pub check: &'static Check,
    programs: Arc<Programs>,
    snapshots: Arc<Snapshots>,
    sandbox: Arc<Sandbox>,
    /// The conversation on the wire, filled by peers and the grader's clients.
    pub log: Transcript,
    deadline: Instant,
    live: Mutex<Vec<i32>>,
    finished: Mutex<Vec<Finished>>,
}

impl Ctx {
    pub fn new(
        check: &'static Check,
        programs: Arc<Programs>,
        snapshots: Arc<Snapshots>,
        sandbox: Arc<Sandbox>,
    ) -> Ctx {
        let deadline = Instant::now() + programs.deadline(check.deadline);
        Ctx {
            check,
            programs,
            snapshots,
            sandbox,
            log: Transcript::default(),
            deadline,
            live: Mutex::default(),
            finished: Mutex::default(),
        }
    }

    /// Threads an emulator adds to each program's process (0 unless `--target`).
    pub fn emulator_threads(&self) -> u32 {
        self.programs.emulator_threads()
    }

    /// `limit` for how the programs run: a limit that catches a hung or slow program
    /// (never a wait the check requires) is longer under emulation (`--target`).
    pub fn allow(&self, limit: Duration) -> Duration {
        self.programs.deadline(limit)
    }

    /// Time left before the check's deadline.
    pub fn time_left(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }

    /// `Instant::now() + wait`, but never past the check's deadline.
    pub fn until(&self, wait: Duration) -> Instant {
        (Instant::now() + wait).min(self.deadline)
    }

    /// Starts a student program with stdin closed: a program that reads stdin gets end of
    /// file at once instead of hanging.
    pub fn spawn(&self, program: &str, args: &[&str]) -> Result<Process<'_>, Failure> {
        let mut process = self.spawn_with_stdin(program, args)?;
        process.close_stdin();
        Ok(process)
    }

    /// Starts a student program with stdin open for `Process::write_stdin`.
    pub fn spawn_with_stdin(&self, program: &str, args: &[&str]) -> Result<Process<'_>, Failure> {
        self.spawn_capturing(program, args, DEFAULT_CAP)
    }

    /// Runs a program to completion keeping up to `cap` bytes of its output (more than the
    /// usual 64 KiB, for a check that compares a large download byte for byte).
    pub fn run_capturing(
        &self,
        program: &str,
        args: &[&str],
        within: Duration,
        cap: usize,
    ) -> Result<Finished, Failure> {
        let mut process = self.spawn_capturing(program, args, cap)?;
        process.close_stdin();
        process.finish(within)
    }

    fn spawn_capturing(
        &self,
        program: &str,
        args: &[&str],
        cap: usize,
    ) -> Result<Process<'_>, Failure> {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let launch = self
            .programs
            .launch(program, &args)
            .ok_or_else(|| Failure::new(format!("program `{program}` was not built")))?;
        let running = Running::spawn(&launch, &self.sandbox, cap)
            .map_err(|e| Failure::new(format!("cannot start `{program}`: {e}")))?;
        self.live.lock().unwrap().push(running.pid());
        Ok(Process {
            ctx: self,
            running: Some(running),
        })
    }

    /// Starts a server and waits for its first line, which must hold the address it bound.
    pub fn start_server(
        &self,
        program: &str,
        args: &[&str],
    ) -> Result<(Process<'_>, SocketAddr), Failure> {
        let server = self.spawn(program, args)?;
        let addr = server.bound_addr()?;
        self.log
            .note(&format!("{program} printed its address {addr}"));
        Ok((server, addr))
    }

    /// Runs a program to completion (it must exit within `within`) and returns its result.
    pub fn run(&self, program: &str, args: &[&str], within: Duration) -> Result<Finished, Failure> {
        self.spawn(program, args)?.finish(within)
    }

    /// Compares `output` (normalised by the common filters and `filters`) with the snapshot
    /// `lab__name`.
    pub fn snapshot(&self, name: &str, output: &str, filters: &[Filter]) -> Result<(), Failure> {
        let name = format!("{}__{}", self.check.lab, name);
        match self.snapshots.check(&name, &normalise(output, filters)) {
            Ok(()) => Ok(()),
            Err(Mismatch::Differs(diff)) => Err(Failure {
                // Output checks judge the wire first: if it was used, it was right.
                reason: if self.log.events().is_empty() {
                    "the output differs from the expected output".to_string()
                } else {
                    "the exchange on the wire was right (the protocol part passed), the printed output was not: it differs from the expected output"
                        .to_string()
                },
                diff: Some(diff),
                grader_error: false,
            }),
            Err(Mismatch::Missing(reason)) => Err(Failure {
                reason,
                diff: None,
                grader_error: true,
            }),
        }
    }

    /// Kills every program this check started (the runner calls this at the deadline).
    pub fn kill_all(&self) {
        use crate::harness::registry;
        for pgid in self
            .live
            .lock()
            .unwrap()
            .iter()
            .filter(|g| registry::is_live(**g))
        {
            registry::kill_group(*pgid, rustix::process::Signal::KILL);
        }
    }

    /// What the check's programs printed, for the report.
    pub fn finished(&self) -> Vec<Finished> {
        self.finished.lock().unwrap().clone()
    }
}

/// A student program started by a check. Dropping it stops it and keeps its output for
/// the report.
pub struct Process<'a> {
    ctx: &'a Ctx,
    running: Option<Running>,
}

impl Process<'_> {
    fn running(&self) -> &Running {
        self.running.as_ref().expect("process is running")
    }

    pub fn pid(&self) -> i32 {
        self.running().program_pid()
    }

    /// The address the program printed in its first line.
    pub fn bound_addr(&self) -> Result<SocketAddr, Failure> {
        let running = self.running();
        let deadline = self.ctx.until(self.ctx.allow(FIRST_LINE_WAIT));
        match running.first_line(deadline) {
            Some(line) => parse_bound_addr(&line).ok_or_else(|| {
                Failure::new(format!(
                    "the first line should say which address the server bound, got {line:?}"
                ))
            }),
            None => match running.exit() {
                Some(exit) => Err(Failure::new(format!(
                    "`{}` ended ({exit}) before printing its address; stderr: {}",
                    running.name,
                    excerpt(&running.stderr.text())
                ))),
                None => Err(Failure::new(format!(
                    "`{}` never printed the address it bound as its first line",
                    running.name
                ))),
            },
        }
    }

    /// Waits until stdout contains `text`; fails after `within`.
    pub fn wait_for_output(&self, text: &str, within: Duration) -> Result<(), Failure> {
        let running = self.running();
        let found = running
            .stdout
            .wait_until(self.ctx.until(within), |b| contains(b, text.as_bytes()));
        ensure!(found, "`{}` never printed {text:?}", running.name);
        Ok(())
    }

    /// Whether the program is still running.
    pub fn is_alive(&self) -> bool {
        self.running().exit().is_none()
    }

    pub fn stdout_text(&self) -> String {
        self.running().stdout.text()
    }

    pub fn write_stdin(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        self.running
            .as_mut()
            .unwrap()
            .write_stdin(bytes)
            .context("write to stdin")
    }

    pub fn close_stdin(&mut self) {
        self.running.as_mut().unwrap().close_stdin();
    }

    /// Waits for the program to exit by itself; fails if it does not within `within`.
    pub fn finish(mut self, within: Duration) -> Result<Finished, Failure> {
        let running = self.running.take().unwrap();
        let name = running.name.clone();
        let (finished, in_time) = running.wait_or_kill(self.ctx.until(within));
        self.ctx.finished.lock().unwrap().push(finished.clone());
        ensure!(
            in_time,
            "`{name}` did not exit within {:.1} s",
            within.as_secs_f64()
        );
        Ok(finished)
    }

    /// Stops the program (SIGTERM, then SIGKILL) and returns what it printed.
    pub fn stop(mut self) -> Finished {
        let finished = self.running.take().unwrap().stop();
        self.ctx.finished.lock().unwrap().push(finished.clone());
        finished
    }
}

impl Drop for Process<'_> {
    fn drop(&mut self) {
        if let Some(running) = self.running.take() {
            let finished = running.stop();
            self.ctx.finished.lock().unwrap().push(finished);
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// A Rust panic in `finished`'s stderr (any thread, whether or not the process lived on),
/// as one line: the program, the thread and place, and the panic's own message.
pub fn panic_of(finished: &Finished) -> Option<String> {
    let stderr = finished.stderr_text();
    let at = stderr.find("panicked at")?;
    let start = stderr[..at].rfind('\n').map_or(0, |i| i + 1);
    let lines: Vec<&str> = stderr[start..]
        .lines()
        .filter(|l| !l.starts_with("note: "))
        .take(2)
        .collect();
    let text: String = lines.join(" ").chars().take(300).collect();
    Some(format!("`{}` {text}", finished.name))
}

/// The first line of `text`, shortened, for a one-line reason.
pub fn excerpt(text: &str) -> String {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("(nothing)");
    let mut short: String = line.chars().take(160).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    short
}
