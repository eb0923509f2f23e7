//! `grader batch DIR`: a whole class at once. Every folder under DIR is one student's
//! workspace (a clone, or an extracted zip whose single top folder is descended into); each
//! is graded by its own `grader grade` process, two (`--parallel`) at a time, and the class
//! comes out as a CSV, one JSON report per student, an optional HTML report, and a summary
//! of the checks the class fails most.
//!
//! Why one process per submission: a grading run ends by killing every child of its process
//! (orphans of student programs included), so two runs in one process would kill each
//! other's programs and builds; a process of its own also caps what a pathological
//! submission (a hanging `build.rs`, a grader crash on odd output) can cost, with a hard
//! wall-clock deadline, and turns it into a row with 0 points and a note.
//!
//! The build cache: each of the `--parallel` workers grades its submissions one after the
//! other in a workspace copy at a fixed path (`<target>/slot-N/workspace`) with a target
//! directory of its own (`<target>/slot-N/target`). So a worker's next submission is built
//! like an edit of the previous one: dependencies are not rebuilt, and rustc's incremental
//! state (which is tied to the source paths) is reused for whatever did not change; a worker
//! is never building into a directory another one is grading from. Cargo decides what to
//! rebuild from file times, so every copied file is dated a day ahead (see
//! [`copy_submission`]): a submission can never be taken for the one graded before it.
//! Above that, every worker shares a content-addressed cache of built labs
//! (`<target>/builds`, see [`crate::build_cache`]): a lab byte-identical to one built
//! before (the starter, a copied solution) is not compiled again, only graded.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Deserialize;

use crate::grade::{self, Unusable};
use crate::harness::Supervised;
use crate::outcome::{Outcome, ProgramOutput, Status};
use crate::peers::transcript::{Event, Kind};
use crate::report::{self, Report};

/// `grader batch`'s command line.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The class: one folder per student, each a workspace (or a folder holding one).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The CSV to write: one row per student.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Where each student's JSON report goes (default: `<out stem>-json/` beside the CSV).
    #[arg(long, value_name = "DIR")]
    pub json_dir: Option<PathBuf>,
    /// Also write the class as one self-contained HTML page.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// The CPU budget of one submission's checks, in cores (default: the number of cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Submissions graded at once (their builds still take turns).
    #[arg(long, default_value_t = 2)]
    pub parallel: usize,
    /// Only these labs, by name (`tcp-echo`) or folder (`09-tcp-echo`).
    #[arg(long, num_args = 1.., value_name = "LAB")]
    pub labs: Vec<String>,
    /// The shared build cache (default: `DIR/.netlabs-target`).
    #[arg(long, value_name = "DIR")]
    pub target_dir: Option<PathBuf>,
}

/// What to grade and how.
#[derive(Clone, Debug)]
pub struct Options {
    pub dir: PathBuf,
    /// Lab names as given (all when empty).
    pub labs: Vec<String>,
    pub jobs: usize,
    pub parallel: usize,
    /// The shared build cache.
    pub target_dir: PathBuf,
    /// The grader executable that grades one submission.
    pub grader: PathBuf,
    /// Folders under `dir` that are not submissions (the JSON folder, say).
    pub skip: Vec<PathBuf>,
    /// A submission's whole run (build and checks) is stopped after this long; zero means a
    /// build allowance plus the sum of the graded checks' deadlines.
    pub deadline: Duration,
}

impl Options {
    /// Defaults for the class at `dir`, graded by `grader`.
    pub fn new(dir: &Path, grader: &Path) -> Options {
        Options {
            dir: dir.to_path_buf(),
            labs: Vec::new(),
            jobs: grade::default_jobs(),
            parallel: 2,
            target_dir: dir.join(".netlabs-target"),
            grader: grader.to_path_buf(),
            skip: Vec::new(),
            deadline: Duration::ZERO,
        }
    }
}

/// One lab's column: its package and the points it is worth.
#[derive(Clone, Debug)]
pub struct LabColumn {
    pub package: String,
    pub max_score: u32,
}

/// One student's result: a report, or why there is none.
#[derive(Clone, Debug)]
pub struct Graded {
    pub student: String,
    pub path: PathBuf,
    pub result: Result<Report, String>,
    pub seconds: f64,
}

impl Graded {
    pub fn score(&self) -> u32 {
        self.result.as_ref().map_or(0, |r| r.score)
    }

    /// Points of one lab (0 when the lab was not graded).
    pub fn lab_score(&self, package: &str) -> u32 {
        let Ok(report) = &self.result else { return 0 };
        report
            .labs
            .iter()
            .find(|l| l.lab == package)
            .map_or(0, |l| l.score)
    }

    /// A short remark for the CSV: why there is no report, or which labs did not build.
    pub fn note(&self) -> String {
        match &self.result {
            Err(why) => why.lines().next().unwrap_or_default().to_string(),
            Ok(report) => {
                let unbuilt: BTreeSet<&str> = report
                    .checks
                    .iter()
                    .filter(|c| c.status == Status::BuildFailed)
                    .map(|c| c.lab.as_str())
                    .collect();
                if unbuilt.is_empty() {
                    String::new()
                } else {
                    format!(
                        "did not build: {}",
                        unbuilt.into_iter().collect::<Vec<_>>().join(", ")
                    )
                }
            }
        }
    }
}

/// A graded class.
#[derive(Clone, Debug)]
pub struct Class {
    pub labs: Vec<LabColumn>,
    pub students: Vec<Graded>,
    pub elapsed_s: f64,
    pub parallel: usize,
}

impl Class {
    /// The points the graded labs are worth.
    pub fn max_score(&self) -> u32 {
        self.labs.iter().map(|l| l.max_score).sum()
    }

    /// A student's percentage of the class's maximum.
    pub fn percent(&self, student: &Graded) -> f64 {
        let max = self.max_score();
        if max == 0 {
            0.0
        } else {
            100.0 * f64::from(student.score()) / f64::from(max)
        }
    }

    /// The mean percentage over every student (ungraded ones count as 0).
    pub fn mean_percent(&self) -> f64 {
        if self.students.is_empty() {
            return 0.0;
        }
        self.students.iter().map(|s| self.percent(s)).sum::<f64>() / self.students.len() as f64
    }
}

/// One check the class fails: how many of the graded students fail it, and how.
#[derive(Clone, Debug)]
pub struct Failing {
    pub id: String,
    pub description: String,
    /// Students who did not pass it.
    pub failed: usize,
    /// Students whose report has it.
    pub graded: usize,
    /// Status label (`FAIL`, `build`, `todo`, ...) → students.
    pub statuses: BTreeMap<String, usize>,
}

impl Failing {
    pub fn percent(&self) -> f64 {
        if self.graded == 0 {
            0.0
        } else {
            100.0 * self.failed as f64 / self.graded as f64
        }
    }
}

/// A submission found under the class folder.
#[derive(Clone, Debug)]
pub struct Submission {
    pub student: String,
    pub path: PathBuf,
}

/// The submissions under `dir`, sorted by student: every visible folder but those in `skip`.
pub fn discover(dir: &Path, skip: &[PathBuf]) -> std::io::Result<Vec<Submission>> {
    let skip: Vec<PathBuf> = skip.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut found: Vec<Submission> = std::fs::read_dir(dir)?
        .flatten()
        .filter(|entry| visible(&entry.file_name().to_string_lossy()) && entry.path().is_dir())
        .filter(|entry| {
            entry
                .path()
                .canonicalize()
                .is_ok_and(|p| !skip.contains(&p))
        })
        .map(|entry| Submission {
            student: entry.file_name().to_string_lossy().into_owned(),
            path: workspace_root(&entry.path()),
        })
        .collect();
    found.sort_by(|a, b| a.student.cmp(&b.student));
    Ok(found)
}

fn visible(name: &str) -> bool {
    !name.starts_with('.') && name != "__MACOSX"
}

/// The workspace inside a student's folder: the folder itself when it has a Cargo.toml,
/// else (a zip extracted with its top folder) the one folder in it, a few levels at most.
pub fn workspace_root(folder: &Path) -> PathBuf {
    let mut here = folder.to_path_buf();
    for _ in 0..3 {
        if here.join("Cargo.toml").is_file() {
            break;
        }
        let subdirs: Vec<PathBuf> = std::fs::read_dir(&here)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| visible(&e.file_name().to_string_lossy()) && e.path().is_dir())
                    .map(|e| e.path())
                    .collect()
            })
            .unwrap_or_default();
        let with_manifest: Vec<&PathBuf> = subdirs
            .iter()
            .filter(|d| d.join("Cargo.toml").is_file())
            .collect();
        here = match (subdirs.as_slice(), with_manifest.as_slice()) {
            (_, [only]) => (*only).clone(),
            ([only], []) => only.clone(),
            _ => break,
        };
    }
    here
}

/// Grades every submission under `options.dir`. `progress` is advanced once per student.
pub fn run(options: &Options, progress: &ProgressBar) -> Result<Class, Unusable> {
    let started = Instant::now();
    let selected = grade::select_labs(&options.labs)?;
    let labs: Vec<LabColumn> = selected
        .iter()
        .map(|lab| LabColumn {
            package: lab.package.to_string(),
            max_score: lab.checks.iter().map(|c| c.points).sum(),
        })
        .collect();
    let submissions = discover(&options.dir, &options.skip).map_err(|e| {
        Unusable(format!(
            "cannot read the class folder {}: {e}",
            options.dir.display()
        ))
    })?;
    let deadline = if options.deadline.is_zero() {
        // The build, then every check one after the other: a generous upper bound.
        let checks: Duration = selected
            .iter()
            .flat_map(|lab| lab.checks.iter())
            .map(|c| c.deadline)
            .sum();
        Duration::from_secs(BUILD_ALLOWANCE) + checks
    } else {
        options.deadline
    };
    let package_names: Vec<String> = labs.iter().map(|l| l.package.clone()).collect();
    progress.set_length(submissions.len() as u64);
    let next = AtomicUsize::new(0);
    let busy: Mutex<BTreeSet<String>> = Mutex::default();
    let results: Mutex<Vec<Option<Graded>>> = Mutex::new(vec![None; submissions.len()]);
    std::thread::scope(|scope| {
        for slot in 0..options.parallel.clamp(1, submissions.len().max(1)) {
            let (next, busy, results, submissions) = (&next, &busy, &results, &submissions);
            let package_names = &package_names;
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(submission) = submissions.get(index) else {
                        break;
                    };
                    show_busy(progress, busy, |b| b.insert(submission.student.clone()));
                    let graded = grade_one(slot, submission, package_names, options, deadline);
                    results.lock().unwrap()[index] = Some(graded);
                    show_busy(progress, busy, |b| b.remove(&submission.student));
                    progress.inc(1);
                }
            });
        }
    });
    progress.finish_and_clear();
    Ok(Class {
        labs,
        students: results
            .into_inner()
            .unwrap()
            .into_iter()
            .flatten()
            .collect(),
        elapsed_s: started.elapsed().as_secs_f64(),
        parallel: options.parallel.max(1),
    })
}

fn show_busy(
    progress: &ProgressBar,
    busy: &Mutex<BTreeSet<String>>,
    change: impl FnOnce(&mut BTreeSet<String>) -> bool,
) {
    let mut busy = busy.lock().unwrap();
    change(&mut busy);
    let names: Vec<&str> = busy.iter().map(String::as_str).collect();
    progress.set_message(names.join(", "));
}

/// What a submission's build may take, on top of its checks' deadlines, before its run is
/// stopped (a cold build of every lab takes well under a minute).
const BUILD_ALLOWANCE: u64 = 300;

/// How much of a run's output is kept: its JSON report, and the end of its stderr.
const STDOUT_CAP: u64 = 256 << 20;
const STDERR_CAP: usize = 16 << 10;

/// Grades one submission in a `grader grade` process of its own, on a fresh copy of it in
/// the worker's slot.
fn grade_one(
    slot: usize,
    submission: &Submission,
    labs: &[String],
    options: &Options,
    deadline: Duration,
) -> Graded {
    let started = Instant::now();
    let slot_dir = options.target_dir.join(format!("slot-{slot}"));
    let copy = slot_dir.join("workspace");
    let own_target = slot_dir.join("target");
    let _ = std::fs::remove_dir_all(&copy);
    let result = if !submission.path.join("Cargo.toml").is_file() {
        Err(
            "no Cargo.toml: not a workspace (expected the repository, or a folder holding only it)"
                .to_string(),
        )
    } else {
        match copy_submission(&submission.path, &copy) {
            // The grader's messages name the copy: name the student's folder instead.
            Ok(()) => run_grader(&copy, &own_target, labs, options, deadline).map_err(|e| {
                e.replace(&*copy.to_string_lossy(), &submission.path.to_string_lossy())
            }),
            Err(e) => Err(format!("cannot copy the submission: {e}")),
        }
    };
    let _ = std::fs::remove_dir_all(&copy);
    Graded {
        student: submission.student.clone(),
        path: submission.path.clone(),
        result,
        seconds: started.elapsed().as_secs_f64(),
    }
}

/// A submission copied for grading may be at most this big (build output and `.git` are
/// left out), and this deep.
const COPY_CAP: u64 = 512 << 20;
const COPY_DEPTH: usize = 32;

/// Copies the workspace at `from` to `to`, without build output and hidden folders, and
/// with every file's modification time a day ahead.
///
/// Why ahead: cargo decides whether to recompile a crate from file times alone, and the
/// slot's previous build (another student's `tcp-echo`, at the same path) may be newer than
/// a copy made while it ran, or within the file system's time granularity of it: the
/// student would be graded with someone else's program. Files dated ahead are always newer
/// than any build, so each submission is compiled from its own sources (incrementally:
/// what did not change is reused).
pub fn copy_submission(from: &Path, to: &Path) -> std::io::Result<()> {
    let ahead = std::time::SystemTime::now() + Duration::from_secs(24 * 3600);
    let mut budget = COPY_CAP;
    copy_dir(from, to, ahead, &mut budget, 0)
}

fn copy_dir(
    from: &Path,
    to: &Path,
    time: std::time::SystemTime,
    budget: &mut u64,
    depth: usize,
) -> std::io::Result<()> {
    if depth > COPY_DEPTH {
        return Err(std::io::Error::other(format!(
            "{} is nested too deep",
            from.display()
        )));
    }
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if name == "target" || name.to_string_lossy().starts_with('.') {
            continue;
        }
        let (source, dest) = (entry.path(), to.join(&name));
        let kind = entry.file_type()?;
        if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&source)?, &dest)?;
        } else if kind.is_dir() {
            copy_dir(&source, &dest, time, budget, depth + 1)?;
        } else if kind.is_file() {
            let size = entry.metadata()?.len();
            *budget = budget.checked_sub(size).ok_or_else(|| {
                std::io::Error::other(format!(
                    "the submission is larger than {} MiB",
                    COPY_CAP >> 20
                ))
            })?;
            std::fs::copy(&source, &dest)?;
            std::fs::File::open(&dest)?.set_modified(time)?;
        }
    }
    Ok(())
}

fn run_grader(
    workspace: &Path,
    own_target: &Path,
    labs: &[String],
    options: &Options,
    deadline: Duration,
) -> Result<Report, String> {
    let mut command = Command::new(&options.grader);
    command
        .arg("grade")
        .arg("--path")
        .arg(workspace)
        .args([
            "--format",
            "json",
            "--jobs",
            &options.jobs.max(1).to_string(),
        ])
        .arg("--target-dir")
        .arg(own_target)
        .env(crate::build_cache::ENV, options.target_dir.join("builds"))
        .args(labs)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // A group of its own: whatever a submission does to its group reaches only its grader.
    // Past the deadline the grader gets SIGTERM (it kills its student programs), SIGKILL
    // 10 s later, and whatever it started besides (cargo, rustc) is killed by pid.
    let mut grader = Supervised::spawn(&mut command, deadline, Duration::from_secs(10))
        .map_err(|e| format!("cannot run {}: {e}", options.grader.display()))?;
    let stdout = grader.child().stdout.take().unwrap();
    let stderr = grader.child().stderr.take().unwrap();
    std::thread::scope(|scope| {
        let out = scope.spawn(move || {
            let mut text = String::new();
            let _ = stdout.take(STDOUT_CAP).read_to_string(&mut text);
            text
        });
        let err = scope.spawn(move || {
            let mut bytes = Vec::new();
            let _ = std::io::BufReader::new(stderr).read_to_end(&mut bytes);
            let start = bytes.len().saturating_sub(STDERR_CAP);
            String::from_utf8_lossy(&bytes[start..]).into_owned()
        });
        let (status, timed_out) = grader.wait();
        let stdout = out.join().unwrap_or_default();
        let stderr = err.join().unwrap_or_default();
        if timed_out {
            return Err(format!(
                "grading took longer than {} s and was stopped",
                deadline.as_secs()
            ));
        }
        let status = status.map_err(|e| format!("lost the grader: {e}"))?;
        if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
            return Err(format!("grading process ended by signal {signal}"));
        }
        if !status.success() || stdout.trim().is_empty() {
            let why = stderr.trim().trim_start_matches("grader: ").trim();
            return Err(if why.is_empty() {
                format!("the grader failed ({status})")
            } else {
                why.to_string()
            });
        }
        report_from_json(&stdout)
    })
}

/// A student's name as a file name: letters, digits, `-`, `_` and `.` (not leading).
pub fn slug(student: &str) -> String {
    let slug: String = student
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let slug = slug.trim_start_matches('.').to_string();
    if slug.is_empty() {
        "student".to_string()
    } else {
        slug
    }
}

// The JSON report (`--format json`, schema 1), read back into a `Report`.

#[derive(Deserialize)]
struct JsonReport {
    schema: u32,
    checks: Vec<JsonOutcome>,
    elapsed_ms: f64,
    #[serde(default)]
    sandbox: String,
    /// The student's own run's seed (each child grade draws its own).
    #[serde(default)]
    seed: u64,
}

#[derive(Deserialize)]
struct JsonOutcome {
    id: String,
    lab: String,
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    hint: String,
    status: String,
    score: u32,
    max_score: u32,
    reason: Option<String>,
    diff: Option<String>,
    #[serde(default)]
    transcript: Vec<JsonEvent>,
    #[serde(default)]
    outputs: Vec<JsonOutput>,
    #[serde(default)]
    elapsed_ms: f64,
    #[serde(default)]
    required_wait_ms: f64,
}

#[derive(Deserialize)]
struct JsonEvent {
    at: f64,
    conn: u32,
    kind: String,
    peer: String,
    bytes: usize,
    head: String,
    detail: String,
}

#[derive(Deserialize)]
struct JsonOutput {
    program: String,
    exit: String,
    stdout: String,
    stderr: String,
}

/// Reads a `--format json` report back.
pub fn report_from_json(text: &str) -> Result<Report, String> {
    let json: JsonReport = serde_json::from_str(text)
        .map_err(|e| format!("the grader's report is unreadable: {e}"))?;
    if json.schema != 1 {
        return Err(format!(
            "the grader's report has schema {}, expected 1",
            json.schema
        ));
    }
    let checks = json
        .checks
        .into_iter()
        .map(|c| Outcome {
            id: c.id,
            lab: c.lab,
            name: c.name,
            description: c.description,
            hint: c.hint,
            status: status_named(&c.status),
            score: c.score,
            max_score: c.max_score,
            reason: c.reason,
            diff: c.diff,
            transcript: c.transcript.into_iter().map(event).collect(),
            outputs: c
                .outputs
                .into_iter()
                .map(|o| ProgramOutput {
                    program: o.program,
                    exit: o.exit,
                    stdout: o.stdout,
                    stderr: o.stderr,
                })
                .collect(),
            elapsed_ms: c.elapsed_ms,
            required_wait_ms: c.required_wait_ms,
        })
        .collect();
    let mut report = Report::new(checks, json.elapsed_ms, json.sandbox);
    report.seed = json.seed;
    Ok(report)
}

fn status_named(name: &str) -> Status {
    match name {
        "passed" => Status::Passed,
        "failed" => Status::Failed,
        "not_implemented" => Status::NotImplemented,
        "build_failed" => Status::BuildFailed,
        "not_applicable" => Status::NotApplicable,
        _ => Status::Error,
    }
}

fn event(e: JsonEvent) -> Event {
    let kind = match e.kind.as_str() {
        "connect" => Kind::Connect,
        "accept" => Kind::Accept,
        "send" => Kind::Send,
        "recv" => Kind::Recv,
        "half_close" => Kind::HalfClose,
        "eof" => Kind::Eof,
        "reset" => Kind::Reset,
        "timeout" => Kind::Timeout,
        "close" => Kind::Close,
        _ => Kind::Note,
    };
    Event {
        at: Duration::from_secs_f64(e.at.max(0.0) / 1000.0),
        conn: e.conn,
        kind,
        peer: e.peer,
        bytes: e.bytes,
        head: e.head,
        detail: e.detail,
    }
}

/// The checks the class fails, most failed first (checks nobody fails are left out).
pub fn failures(class: &Class) -> Vec<Failing> {
    let mut by_id: BTreeMap<&str, Failing> = BTreeMap::new();
    for student in &class.students {
        let Ok(report) = &student.result else {
            continue;
        };
        for check in &report.checks {
            let entry = by_id.entry(&check.id).or_insert_with(|| Failing {
                id: check.id.clone(),
                description: check.description.clone(),
                failed: 0,
                graded: 0,
                statuses: BTreeMap::new(),
            });
            entry.graded += 1;
            // Real failures only: a `todo!()` is work not done yet, not a check the
            // class gets wrong (the HTML report shows labs not started apart).
            if matches!(
                check.status,
                Status::Failed | Status::BuildFailed | Status::Error
            ) {
                entry.failed += 1;
                *entry
                    .statuses
                    .entry(check.status.label().to_string())
                    .or_default() += 1;
            }
        }
    }
    let mut failing: Vec<Failing> = by_id.into_values().filter(|f| f.failed > 0).collect();
    failing.sort_by(|a, b| {
        b.failed
            .cmp(&a.failed)
            .then(b.percent().total_cmp(&a.percent()))
            .then(a.id.cmp(&b.id))
    });
    failing
}

/// The class as CSV: `student`, one column per lab (points), `total`, `max`, `percent`, `note`.
pub fn csv(class: &Class) -> String {
    let mut out = String::new();
    let mut header = vec!["student".to_string()];
    header.extend(class.labs.iter().map(|l| l.package.clone()));
    header.extend(["total", "max", "percent", "note"].map(String::from));
    csv_row(&mut out, &header);
    for student in &class.students {
        let mut row = vec![student.student.clone()];
        row.extend(
            class
                .labs
                .iter()
                .map(|l| student.lab_score(&l.package).to_string()),
        );
        row.push(student.score().to_string());
        row.push(class.max_score().to_string());
        row.push(format!("{:.1}", class.percent(student)));
        row.push(student.note());
        csv_row(&mut out, &row);
    }
    out
}

fn csv_row(out: &mut String, fields: &[String]) {
    let fields: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

/// One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; text a
/// spreadsheet would take for a formula (`=`, `+`, `-`, `@` first) gets a leading `'`.
pub fn csv_field(field: &str) -> String {
    let numeric = field.parse::<f64>().is_ok();
    let field = if !numeric && field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_string()
    };
    if field.contains([',', '"', '\n', '\r']) || field.starts_with(' ') || field.ends_with(' ') {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

/// The end-of-batch summary for the terminal.
pub fn summary(class: &Class, failing: &[Failing]) -> String {
    let mut out = String::new();
    let n = class.students.len();
    let ungraded = class.students.iter().filter(|s| s.result.is_err()).count();
    out.push_str(&format!(
        "graded {n} submission{} in {:.1} s ({} at a time, {:.1} s each on average): mean {:.1}%",
        if n == 1 { "" } else { "s" },
        class.elapsed_s,
        class.parallel,
        class.elapsed_s / n.max(1) as f64,
        class.mean_percent(),
    ));
    if ungraded > 0 {
        out.push_str(&format!(", {ungraded} could not be graded"));
    }
    out.push('\n');
    for student in class.students.iter().filter(|s| s.result.is_err()) {
        out.push_str(&format!("  {}: {}\n", student.student, student.note()));
    }
    if failing.is_empty() {
        out.push_str("no check fails\n");
        return out;
    }
    out.push_str("checks the class fails most:\n");
    let width = failing
        .iter()
        .take(SUMMARY_ROWS)
        .map(|f| f.id.len())
        .max()
        .unwrap_or(0);
    for f in failing.iter().take(SUMMARY_ROWS) {
        let how: Vec<String> = f
            .statuses
            .iter()
            .map(|(label, count)| format!("{count} {label}"))
            .collect();
        out.push_str(&format!(
            "  {:width$}  {:>3}/{:<3} {:>5.1}%  ({})\n",
            f.id,
            f.failed,
            f.graded,
            f.percent(),
            how.join(", ")
        ));
    }
    if failing.len() > SUMMARY_ROWS {
        out.push_str(&format!(
            "  … and {} more failing checks (see the CSV's JSON reports)\n",
            failing.len() - SUMMARY_ROWS
        ));
    }
    out
}

/// How many failing checks the terminal summary lists.
const SUMMARY_ROWS: usize = 15;

/// The default folder for per-student JSON: `<out stem>-json/` beside the CSV.
pub fn default_json_dir(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map_or_else(|| "results".into(), |s| s.to_string_lossy().into_owned());
    out.with_file_name(format!("{stem}-json"))
}

/// Writes one JSON report per student into `dir` (`<student>.json`; an ungraded student's
/// file holds `{"student", "error"}`).
pub fn write_json(class: &Class, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut used = BTreeSet::new();
    for student in &class.students {
        let mut name = slug(&student.student);
        while !used.insert(name.clone()) {
            name.push('_');
        }
        let text = match &student.result {
            Ok(report) => report::json::render(report),
            Err(why) => serde_json::to_string_pretty(
                &serde_json::json!({ "student": student.student, "error": why }),
            )
            .expect("a string serialises"),
        };
        std::fs::write(dir.join(format!("{name}.json")), text)?;
    }
    Ok(())
}

/// A progress bar on stderr, hidden when stderr is not a terminal.
pub fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(
        None,
        if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} {elapsed_precise} [{wide_bar}] {pos}/{len} submissions  {msg}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// `grader batch`: grade the class, write the CSV, JSON and HTML, print the summary.
pub fn main(args: Args) -> ExitCode {
    let grader = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => {
            eprintln!("grader: cannot find my own executable: {e}");
            return ExitCode::FAILURE;
        }
    };
    let json_dir = args
        .json_dir
        .clone()
        .unwrap_or_else(|| default_json_dir(&args.out));
    let mut options = Options::new(&args.dir, &grader);
    options.labs = args.labs;
    options.jobs = args.jobs.unwrap_or_else(grade::default_jobs);
    options.parallel = args.parallel.max(1);
    if let Some(target) = args.target_dir {
        options.target_dir = target;
    }
    options.skip = vec![json_dir.clone(), options.target_dir.clone()];
    let progress = progress_bar();
    let class = match run(&options, &progress) {
        Ok(class) => class,
        Err(e) => {
            eprintln!("grader: {e}");
            return ExitCode::from(2);
        }
    };
    crate::harness::registry::sweep();
    let failing = failures(&class);
    let mut written = vec![args.out.display().to_string()];
    let mut result =
        std::fs::write(&args.out, csv(&class)).map_err(|e| format!("{}: {e}", args.out.display()));
    result = result
        .and(write_json(&class, &json_dir).map_err(|e| format!("{}: {e}", json_dir.display())));
    written.push(format!("{}/", json_dir.display()));
    if let Some(html) = &args.html {
        result = result.and(
            std::fs::write(html, report::html::render(&class))
                .map_err(|e| format!("{}: {e}", html.display())),
        );
        written.push(html.display().to_string());
    }
    // A closed stdout (`| head`) must not lose the files or the exit code.
    let mut stdout = std::io::stdout().lock();
    let _ = write!(stdout, "{}", summary(&class, &failing));
    match result {
        Ok(()) => {
            let _ = writeln!(stdout, "wrote {}", written.join(", "));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("grader: cannot write {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_csv_fields() {
        assert_eq!(csv_field("alice"), "alice");
        assert_eq!(csv_field("doe, jane"), "\"doe, jane\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("-1.5"), "-1.5");
    }

    #[test]
    fn slugs_are_file_names() {
        assert_eq!(slug("alice"), "alice");
        assert_eq!(slug("../etc/passwd"), "_etc_passwd");
        assert_eq!(slug("..."), "student");
        assert_eq!(slug("Zoë Smith"), "Zo__Smith");
    }
}
