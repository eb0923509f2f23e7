//! `grader bench` (`just bench`): figures, not a test. Every row of issue #15's table with
//! its floor or reference beside it, and the ratio where one means something: a full grade
//! of a built checkout against its longest required wait, `batch` per submission and for
//! one lab of a class of 100, the grader's peak memory; with `--cold`, a newcomer's first
//! result against a reference CLI built cold in the same run; with `--cold-test`, `cargo
//! test --workspace` from cold; with `--release`, the release command. Nothing here asserts: it prints a table for a
//! person to read. Every measured command runs as a process of its own (`measure`).

mod class;
mod labs;
mod measure;
mod slow;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

pub use labs::classroom_check_ins;

/// Which rows to measure.
pub struct Options {
    /// Full grades to time (the median is shown).
    pub rounds: usize,
    /// Also a newcomer's first result against a reference CLI (minutes).
    pub cold: bool,
    /// Also `cargo test --workspace` from cold (many minutes).
    pub cold_test: bool,
    /// Also `grader release` (minutes).
    pub release: bool,
}

/// One row of the benchmark.
pub struct Figure {
    pub name: String,
    pub value: String,
    /// The floor or reference it is compared with.
    pub reference: String,
    /// Value over reference, where that means something.
    pub ratio: Option<f64>,
    /// The goal, and what the figure was taken on.
    pub note: String,
}

impl Figure {
    fn new(name: &str, value: String, note: String) -> Figure {
        Figure {
            name: name.to_string(),
            value,
            reference: String::new(),
            ratio: None,
            note,
        }
    }

    fn against(mut self, reference: String, ratio: f64) -> Figure {
        self.reference = reference;
        self.ratio = Some(ratio);
        self
    }

    fn failed(name: &str, why: impl std::fmt::Display) -> Figure {
        Figure::new(name, "failed".into(), why.to_string())
    }
}

/// Runs every measurement on the checkout at `root`, with `grader` (this executable).
pub fn run(root: &Path, grader: &Path, options: &Options) -> Vec<Figure> {
    let scratch = std::env::temp_dir().join(format!("netlabs-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let mut figures = Vec::new();
    let grade = full_grade(root, grader, options.rounds);
    let grade_wall = grade.wall;
    figures.extend(grade.figures);
    figures.extend(class::figures(root, grader, &scratch, grade_wall));
    if options.cold {
        figures.extend(slow::newcomer(root, &scratch));
    }
    if options.cold_test {
        figures.push(slow::cargo_test(root, &scratch));
    }
    if options.release {
        figures.push(slow::release(grader, &scratch));
    }
    figures.extend(labs::figures(root));
    let _ = std::fs::remove_dir_all(&scratch);
    figures
}

/// The full-grade rows, and the median wall time (for the batch rows' reference).
struct FullGrade {
    figures: Vec<Figure>,
    wall: Option<Duration>,
}

/// `rounds` full grades of the built checkout, each a `grader grade` process.
fn full_grade(root: &Path, grader: &Path, rounds: usize) -> FullGrade {
    const NAME: &str = "full grade of a built checkout";
    let mut walls = Vec::new();
    let mut peak = 0;
    let mut report = None;
    for _ in 0..rounds.max(1) {
        let mut command = Command::new(grader);
        command.arg("grade").arg("--path").arg(root);
        command.args(["--format", "json"]);
        let run = match measure::run(&mut command, Duration::from_secs(600)) {
            Ok(run) if run.success => run,
            Ok(run) => return failed_grade(NAME, run.why()),
            Err(e) => return failed_grade(NAME, e),
        };
        walls.push(run.wall);
        peak = peak.max(run.peak_kib);
        match crate::report::json::parse(&run.stdout) {
            Ok(read) => report = Some(read),
            Err(e) => return failed_grade(NAME, e),
        }
    }
    let Some(report) = report else {
        return failed_grade(NAME, "no report");
    };
    walls.sort();
    let median = walls[walls.len() / 2];
    let longest = report
        .checks
        .iter()
        .max_by(|a, b| a.required_wait_ms.total_cmp(&b.required_wait_ms));
    let (longest_ms, longest_id) = longest.map_or((0.0, "none"), |c| (c.required_wait_ms, &c.id));
    let passed = if report.all_passed() {
        String::new()
    } else {
        format!(", NOT all passed ({:.0}%)", report.percent())
    };
    let grade = Figure::new(
        NAME,
        seconds(median),
        format!(
            "goal ≤ 1.25; median of {}, {} checks{passed}",
            walls.len(),
            report.checks.len()
        ),
    )
    .against(
        format!(
            "longest required wait {:.2} s ({longest_id})",
            longest_ms / 1000.0
        ),
        median.as_secs_f64() * 1000.0 / longest_ms.max(1.0),
    );
    let memory = Figure::new(
        "grader peak memory, full grade",
        measure::mb(peak),
        "the larger of the grader and each process it waited for (cargo's no-op build, \
         programs): an upper bound of the grader's own"
            .into(),
    )
    .against("goal < 100 MB".into(), peak as f64 * 1024.0 / 100e6);
    FullGrade {
        figures: vec![grade, memory],
        wall: Some(median),
    }
}

fn failed_grade(name: &str, why: impl std::fmt::Display) -> FullGrade {
    FullGrade {
        figures: vec![Figure::failed(name, why)],
        wall: None,
    }
}

/// A duration as a figure.
fn seconds(duration: Duration) -> String {
    format!("{:.2} s", duration.as_secs_f64())
}

/// A fresh folder under the benchmark's scratch folder.
fn fresh(scratch: &Path, name: &str) -> PathBuf {
    let dir = scratch.join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The figures as a table.
pub fn render(figures: &[Figure]) -> String {
    let width = |column: fn(&Figure) -> String| {
        figures
            .iter()
            .map(|f| column(f).chars().count())
            .max()
            .unwrap_or(0)
    };
    let ratio = |f: &Figure| f.ratio.map(|r| format!("×{r:.2}")).unwrap_or_default();
    let (name_w, value_w, reference_w, ratio_w) = (
        width(|f| f.name.clone()),
        width(|f| f.value.clone()),
        width(|f| f.reference.clone()),
        width(|f| f.ratio.map(|r| format!("×{r:.2}")).unwrap_or_default()),
    );
    figures
        .iter()
        .map(|f| {
            let line = format!(
                "{:name_w$}  {:>value_w$}  {:reference_w$}  {:>ratio_w$}  {}",
                f.name,
                f.value,
                f.reference,
                ratio(f),
                f.note
            );
            format!("{}\n", line.trim_end())
        })
        .collect()
}
