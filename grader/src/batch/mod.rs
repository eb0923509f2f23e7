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
//! like an edit of the previous one: dependencies are not rebuilt (the labs themselves
//! compile without incremental state, see the root `Cargo.toml`); a worker is never
//! building into a directory another one is grading from. Cargo decides what to
//! rebuild from file times, so every copied file is dated a day ahead (see `copy`): a
//! submission can never be taken for the one graded before it. Above that, every worker
//! shares a content-addressed cache of built labs (`<target>/builds`, see
//! [`crate::build_cache`]): a lab byte-identical to one built before (the starter, a copied
//! solution) is not compiled again, only graded.
//!
//! The parts: `discover` (which folders are submissions), `pool` (the workers), `copy` (a
//! submission into a slot), `child` (one submission graded by a child grader), `output`
//! (CSV and JSON files), `summary` (the terminal's), `progress` (the bar). The class it
//! produces is `report::class`, which the reports read; the command line is
//! `commands/batch.rs`.

mod child;
mod copy;
mod discover;
mod output;
mod pool;
mod progress;
mod summary;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::ProgressBar;

use crate::grade::{self, Unusable};
use crate::report::class::{Class, LabColumn};

pub use output::{csv, default_json_dir, write_json};
pub use progress::progress_bar;
pub use summary::summary;

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

/// What a submission's build may take, on top of its checks' deadlines, before its run is
/// stopped (a cold build of every lab takes well under a minute).
const BUILD_ALLOWANCE: u64 = 300;

/// Grades every submission under `options.dir`. `progress` is advanced once per student.
pub fn run(options: &Options, progress: &ProgressBar) -> Result<Class, Unusable> {
    let started = Instant::now();
    let selected = grade::select_labs(&options.labs)?;
    let labs: Vec<LabColumn> = selected
        .iter()
        .map(|lab| LabColumn {
            package: lab.package.to_string(),
            number: lab.folder[..2].to_string(),
            max_score: lab.checks.iter().map(|c| c.points).sum(),
        })
        .collect();
    let submissions = discover::discover(&options.dir, &options.skip).map_err(|e| {
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
    let busy = progress::Busy::default();
    let students = pool::run_each(&submissions, options.parallel, |slot, submission| {
        busy.start(progress, &submission.student);
        let graded = child::grade_one(slot, submission, &package_names, options, deadline);
        busy.done(progress, &submission.student);
        graded
    });
    progress.finish_and_clear();
    Ok(Class {
        labs,
        students,
        elapsed_s: started.elapsed().as_secs_f64(),
        parallel: options.parallel.max(1),
    })
}
