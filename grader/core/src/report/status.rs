//! `grader status` (and the lower half of `grader watch`): where a student stands on every lab,
//! like rustlings' list. Each lab is done, failing (n of m checks pass), does not compile,
//! or not started, with a progress bar; the next lab to work on is the first one in course
//! order that is not done. The class report counts labs not started with the same rule.
//!
//! "Not started" means nothing fails outright (every check that does not pass stops at a
//! `todo!()`) and the lab scores under half its points. That
//! is exactly what `grader release` guarantees of an untouched lab, whose argument-parsing
//! checks may already pass because the programs' `main` is not the student's code.

use std::fmt::Write as _;

use crate::i18n::{self, t, t_with};
use crate::outcome::{Outcome, Status};
use crate::report::Report;
use crate::report::table::Style;

/// Where one lab stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Done,
    Failing,
    /// The lab's code does not build: started, and broken.
    DoesNotCompile,
    NotStarted,
}

impl Progress {
    /// The word for it in the chosen language (`done`, `failing`, `not started`).
    pub fn label(self) -> String {
        match self {
            Progress::Done => t("progress-done"),
            Progress::Failing => t("progress-failing"),
            Progress::DoesNotCompile => t("progress-does-not-compile"),
            Progress::NotStarted => t("progress-not-started"),
        }
    }
}

/// One lab's line of the status.
#[derive(Debug, Clone)]
pub struct LabProgress {
    pub lab: String,
    pub progress: Progress,
    pub passed: usize,
    pub checks: usize,
    /// Checks that stop at a `todo!()`.
    pub todo: usize,
    pub score: u32,
    pub max_score: u32,
}

/// Every lab of the report, in course order.
pub fn of(report: &Report) -> Vec<LabProgress> {
    report
        .labs
        .iter()
        .map(|summary| {
            let checks: Vec<&Outcome> = report
                .checks
                .iter()
                .filter(|c| c.lab == summary.lab)
                .collect();
            progress(&summary.lab, &checks)
        })
        .collect()
}

/// Where a lab stands, from its checks' outcomes.
pub fn progress(lab: &str, checks: &[&Outcome]) -> LabProgress {
    let counts = |status: Status| checks.iter().filter(|c| c.status == status).count();
    let passed = counts(Status::Passed) + counts(Status::NotApplicable);
    let todo = counts(Status::NotImplemented);
    let unstarted = counts(Status::NotImplemented);
    let score: u32 = checks.iter().map(|c| c.score).sum();
    let max_score: u32 = checks.iter().map(|c| c.max_score).sum();
    let progress = if passed == checks.len() {
        Progress::Done
    } else if counts(Status::BuildFailed) > 0 {
        Progress::DoesNotCompile
    } else if passed + unstarted == checks.len() && 2 * score < max_score.max(1) {
        Progress::NotStarted
    } else {
        Progress::Failing
    };
    LabProgress {
        lab: lab.to_string(),
        progress,
        passed,
        checks: checks.len(),
        todo,
        score,
        max_score,
    }
}

/// Width of a lab's progress bar, in characters.
const BAR: usize = 20;

/// A text progress bar, `[#####---------------]`.
pub fn bar(done: usize, total: usize, width: usize) -> String {
    let filled = (done * width).checked_div(total).unwrap_or(0).min(width);
    format!("[{}{}]", "#".repeat(filled), "-".repeat(width - filled))
}

pub fn render(report: &Report, style: &Style) -> String {
    let labs = of(report);
    let mut out = String::new();
    let width = labs.iter().map(|l| l.lab.len()).max().unwrap_or(3).max(3);
    for lab in &labs {
        let (colour, mark) = match lab.progress {
            Progress::Done => ("32", "✓"),
            Progress::Failing | Progress::DoesNotCompile => ("31;1", "✗"),
            Progress::NotStarted => ("2", "·"),
        };
        let todo = if lab.todo > 0 && lab.progress != Progress::Done {
            format!(
                "  {}",
                t_with("status-todo", &[("count", &lab.todo.to_string())])
            )
        } else {
            String::new()
        };
        let count = format!("{:>7}", format!("{}/{}", lab.passed, lab.checks));
        let count = t_with("status-checks", &[("count", &count)]);
        let _ = writeln!(
            out,
            "{} {:width$}  {}  {}  {count}{todo}",
            style.paint(colour, mark),
            lab.lab,
            style.paint(colour, &i18n::pad(&lab.progress.label(), 16, false)),
            style.paint(colour, &bar(lab.passed, lab.checks, BAR)),
        );
    }
    let done = labs.iter().filter(|l| l.progress == Progress::Done).count();
    let summary = t_with(
        "status-summary",
        &[
            ("done", &done.to_string()),
            ("labs", &labs.len().to_string()),
            ("score", &report.score.to_string()),
            ("max", &report.max_score.to_string()),
        ],
    );
    let _ = writeln!(
        out,
        "\n{summary}  {} {:.0}%",
        bar(report.score as usize, report.max_score as usize, BAR),
        // Rounded down: 207 of 208 points is not yet 100%.
        report.percent().floor()
    );
    if let Some(next) = labs.iter().find(|l| l.progress != Progress::Done) {
        let why = next.progress.label();
        let _ = writeln!(
            out,
            "{}",
            t_with("status-next", &[("lab", &next.lab), ("why", &why)])
        );
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An outcome of the one check `x` of `lab`.
    pub(crate) fn outcome(lab: &str, status: Status, points: u32) -> Outcome {
        Outcome {
            id: format!("{lab}/x"),
            lab: lab.to_string(),
            name: "x".to_string(),
            description: String::new(),
            hint: String::new(),
            status,
            score: if status == Status::Passed { points } else { 0 },
            max_score: points,
            reason: None,
            diff: None,
            transcript: Vec::new(),
            outputs: Vec::new(),
            elapsed_ms: 0.0,
            required_wait_ms: 0.0,
        }
    }

    #[test]
    fn labs_are_done_failing_or_not_started() {
        let checks = vec![
            outcome("a", Status::Passed, 1),
            outcome("a", Status::Passed, 1),
            // An untouched lab: its usage check passes, the rest stops at todo!().
            outcome("b", Status::Passed, 1),
            outcome("b", Status::NotImplemented, 2),
            outcome("b", Status::NotImplemented, 2),
            outcome("c", Status::Passed, 1),
            outcome("c", Status::Failed, 1),
            outcome("d", Status::BuildFailed, 1),
            // Past half its points, still with a todo!(): under way, so failing.
            outcome("e", Status::Passed, 3),
            outcome("e", Status::NotImplemented, 1),
        ];
        let report = Report::new(checks, 0.0, String::new());
        let states: Vec<(String, Progress, usize)> = of(&report)
            .into_iter()
            .map(|l| (l.lab, l.progress, l.passed))
            .collect();
        assert_eq!(
            states,
            vec![
                ("a".to_string(), Progress::Done, 2),
                ("b".to_string(), Progress::NotStarted, 1),
                ("c".to_string(), Progress::Failing, 1),
                ("d".to_string(), Progress::DoesNotCompile, 0),
                ("e".to_string(), Progress::Failing, 1),
            ]
        );
        let text = render(&report, &Style::plain());
        assert!(text.contains("1 of 5 labs done"), "{text}");
        assert!(text.contains("next: b (not started)"), "{text}");
        assert!(text.contains("d    does not compile"), "{text}");
    }

    #[test]
    fn bars_fill_in_proportion() {
        assert_eq!(bar(0, 4, 4), "[----]");
        assert_eq!(bar(2, 4, 4), "[##--]");
        assert_eq!(bar(4, 4, 4), "[####]");
        assert_eq!(bar(0, 0, 4), "[----]");
    }
}
