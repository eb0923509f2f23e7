//! One submission graded: copied into the worker's slot, then graded by a `grader grade`
//! process of its own (through `harness::supervised`, with a hard deadline), its JSON report
//! read back; whatever goes wrong becomes the student's note instead of a report.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use super::Options;
use super::copy::copy_submission;
use super::discover::Submission;
use crate::harness::supervised::{self, Caps, Ending};
use crate::report::class::Graded;
use crate::report::{self, Report};

/// How much of a run's output is kept: its JSON report, and the end of its stderr.
const CAPS: Caps = Caps {
    stdout: 256 << 20,
    stderr: 16 << 10,
};

/// Grades one submission in a `grader grade` process of its own, on a fresh copy of it in
/// the worker's slot.
pub fn grade_one(
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
        .args(labs);
    let ended = supervised::run(command, deadline, CAPS)
        .map_err(|e| format!("cannot run {}: {e}", options.grader.display()))?;
    let status = match ended.ending {
        Ending::Exited(status) => status,
        Ending::Lost(e) => return Err(format!("lost the grader: {e}")),
        Ending::TimedOut => {
            return Err(format!(
                "grading took longer than {} s and was stopped",
                deadline.as_secs()
            ));
        }
    };
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        return Err(format!("grading process ended by signal {signal}"));
    }
    if !status.success() || ended.stdout.trim().is_empty() {
        let why = ended.stderr.trim().trim_start_matches("grader: ").trim();
        return Err(if why.is_empty() {
            format!("the grader failed ({status})")
        } else {
            why.to_string()
        });
    }
    report::json::parse(&ended.stdout)
}
