//! A graded class, as the class reports read it: one lab column per graded lab, one row per
//! student (a report, or why there is none), and the checks the class fails most.
//!
//! Why here and not in `batch`: `grader batch` produces a `Class`, and the CSV, the terminal
//! summary and the HTML page render one. Keeping the data on the report side lets `report/`
//! stay below `batch` (report never imports batch; `grader dev check` holds that line).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::outcome::Status;
use crate::report::Report;

/// One lab's column: its package, its number and the points it is worth.
#[derive(Clone, Debug)]
pub struct LabColumn {
    pub package: String,
    /// The two digits its folder starts with (`02` for `labs/02-tcp-echo`), shown above its
    /// name.
    pub number: String,
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
