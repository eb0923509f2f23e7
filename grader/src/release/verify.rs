//! Verifying a student edition before it is handed out: it builds (seeded with the
//! instructor edition's dependency builds, `seed.rs`), every lab's visible tests compile,
//! the grader judges every check and gives no lab half its points (something stops at a
//! `todo!()`), and no solution text survived anywhere (`leaks.rs`).

use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use cargo_metadata::Message;
use cargo_metadata::diagnostic::DiagnosticLevel;

use super::{Written, leaks, seed};
use crate::grade::{self, Request};
use crate::outcome::Status;
use crate::report::Report;
use crate::snapshot::Snapshots;

/// How one lab of the student edition graded.
#[derive(Debug, Clone, Default)]
pub struct LabVerdict {
    pub lab: String,
    pub todo: usize,
    pub failed: usize,
    pub passed: usize,
    /// Checks that errored or did not build: a broken student edition.
    pub broken: usize,
    pub other: usize,
    pub score: u32,
    pub max_score: u32,
}

/// The result of verifying a student edition.
#[derive(Debug, Default)]
pub struct Verification {
    /// `Ok(warnings)`, or the first compiler errors.
    pub build: Option<Result<usize, String>>,
    pub report: Option<Report>,
    pub labs: Vec<LabVerdict>,
    /// Lab folders the grader has no checks for (yet).
    pub unchecked: Vec<String>,
    /// `file:line` of every surviving sentinel, solution line or solution marker.
    pub leaks: Vec<String>,
    /// Text files the leak scan read (every one in the release).
    pub scanned: usize,
    /// Dependency builds copied from the instructor edition's target folder.
    pub seeded: usize,
    /// How long each step took.
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// Labs without a sentinel in the instructor edition (the leak check cannot see them).
    pub unguarded: Vec<String>,
    pub problems: Vec<String>,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// A lab of the student edition is as it should be: something reaches a `todo!()`, it
/// scores under half its points, and the grader could judge every check.
pub(super) fn lab_ok(lab: &LabVerdict) -> Result<(), String> {
    if lab.broken > 0 {
        return Err(format!(
            "{}: {} check(s) errored or did not build",
            lab.lab, lab.broken
        ));
    }
    if lab.todo == 0 {
        return Err(format!("{}: no check reaches a todo!()", lab.lab));
    }
    if lab.max_score > 0 && 2 * lab.score >= lab.max_score {
        return Err(format!(
            "{}: scores {}/{} without the solutions: its checks do not depend on the student's code",
            lab.lab, lab.score, lab.max_score
        ));
    }
    Ok(())
}

/// Verifies the student edition at `out`: builds it (into `target_dir`, seeded with the
/// instructor edition's builds of the dependencies), grades it and looks for surviving
/// solution text.
///
/// Each crate is compiled once: grading builds the programs, then `cargo check` of every
/// target type-checks the tests.
pub fn verify(written: &Written, target_dir: &Path, jobs: usize) -> Verification {
    let out = &written.out;
    // Cargo runs in the edition's folder: a relative path would point elsewhere there.
    let target_dir = &std::path::absolute(target_dir).unwrap_or_else(|_| target_dir.to_path_buf());
    let mut verification = Verification::default();
    let instructor_target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| written.from.join("target"));
    let started = std::time::Instant::now();
    let labs = crate::workspace::find_labs(out).unwrap_or_default();
    if let Ok(dependencies) = seed::dependencies(out, &labs) {
        // A cold cache only costs time: a failed copy is not a verification problem.
        verification.seeded =
            seed::seed(&instructor_target, target_dir, &dependencies).unwrap_or(0);
    }
    verification.timings.push(("seeded", started.elapsed()));

    let request = Request {
        path: out.clone(),
        labs: Vec::new(),
        jobs,
        replacements: Vec::new(),
        target_dir: Some(target_dir.to_path_buf()),
        snapshots: Arc::new(Snapshots::compare(out.join("fixtures/snapshots"))),
    };
    let started = std::time::Instant::now();
    let graded = grade::grade(request, &|_| {});
    verification
        .timings
        .push(("built and graded", started.elapsed()));
    match graded {
        Ok(report) => {
            verification.labs = verdicts(&report);
            for lab in &verification.labs {
                if let Err(problem) = lab_ok(lab) {
                    verification.problems.push(problem);
                }
            }
            for check in report
                .checks
                .iter()
                .filter(|c| matches!(c.status, Status::Error | Status::BuildFailed))
            {
                let reason = check
                    .reason
                    .as_deref()
                    .unwrap_or("")
                    .lines()
                    .next()
                    .unwrap_or("");
                verification.problems.push(format!(
                    "{} is {}: {reason}",
                    check.id,
                    check.status.label()
                ));
            }
            verification.report = Some(report);
        }
        Err(e) => verification
            .problems
            .push(format!("cannot grade the student edition: {e}")),
    }
    let started = std::time::Instant::now();
    let build = build_all(out, target_dir);
    verification
        .timings
        .push(("tests checked", started.elapsed()));
    if let Err(errors) = &build {
        verification
            .problems
            .push(format!("the student edition does not compile:\n{errors}"));
    }
    verification.build = Some(build);

    let graded: Vec<&str> = crate::labs::LABS.iter().map(|l| l.folder).collect();
    verification.unchecked = written
        .labs
        .iter()
        .filter(|folder| !graded.contains(&folder.as_str()))
        .cloned()
        .collect();

    (verification.leaks, verification.scanned) = leaks::scan(out, &written.solution_lines);
    if !verification.leaks.is_empty() {
        verification.problems.push(format!(
            "{} line(s) of solution text survived",
            verification.leaks.len()
        ));
    }
    verification.unguarded = written
        .labs
        .iter()
        .filter(|lab| written.regions.contains_key(*lab) && !written.sentinels.contains_key(*lab))
        .cloned()
        .collect();
    verification
}

fn verdicts(report: &Report) -> Vec<LabVerdict> {
    let mut labs: Vec<LabVerdict> = Vec::new();
    for check in &report.checks {
        if labs.last().is_none_or(|l| l.lab != check.lab) {
            labs.push(LabVerdict {
                lab: check.lab.clone(),
                ..LabVerdict::default()
            });
        }
        let lab = labs.last_mut().expect("pushed above");
        match check.status {
            Status::Passed => lab.passed += 1,
            Status::Failed => lab.failed += 1,
            Status::NotImplemented => lab.todo += 1,
            Status::BuildFailed | Status::Error => lab.broken += 1,
            Status::NotApplicable => lab.other += 1,
        }
        lab.score += check.score;
        lab.max_score += check.max_score;
    }
    labs
}

/// Type-checks every lab of the workspace at `root` with its tests (`cargo check`: the
/// programs are already built by grading, and a test that type-checks compiles);
/// `Ok(warnings)` or the first compiler errors.
fn build_all(root: &Path, target_dir: &Path) -> Result<usize, String> {
    let labs = crate::workspace::find_labs(root).map_err(|e| e.to_string())?;
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .current_dir(root)
        .args([
            "check",
            "--all-targets",
            "--message-format=json",
            "--keep-going",
        ])
        .arg("--target-dir")
        .arg(target_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for lab in &labs {
        command.args(["-p", &lab.package]);
    }
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = child.stderr.take().expect("piped");
    let stderr_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut std::io::BufReader::new(stderr), &mut text);
        text
    });
    let mut warnings = 0;
    let mut errors: Vec<String> = Vec::new();
    let stdout = BufReader::new(child.stdout.take().expect("piped"));
    for message in Message::parse_stream(stdout).map_while(Result::ok) {
        let Message::CompilerMessage(message) = message else {
            continue;
        };
        match message.message.level {
            DiagnosticLevel::Warning if message.message.code.is_some() => warnings += 1,
            DiagnosticLevel::Error => errors.extend(message.message.rendered),
            _ => {}
        }
    }
    let status = child.wait().map_err(|e| format!("cargo: {e}"))?;
    let cargo_stderr = stderr_reader.join().unwrap_or_default();
    if status.success() {
        Ok(warnings)
    } else if errors.is_empty() {
        Err(cargo_stderr
            .lines()
            .rev()
            .take(20)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join("\n"))
    } else {
        Err(errors.into_iter().take(3).collect::<Vec<_>>().join("\n"))
    }
}
