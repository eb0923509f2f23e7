//! Reports: the only code that writes a grading run's results anywhere. Every format reads
//! the same `Report`.

pub mod class;
pub mod details;
pub mod gradescope;
pub mod html;
pub mod json;
pub mod junit;
pub mod progress;
pub mod sanitise;
pub mod status;
pub mod table;

use serde::{Deserialize, Serialize};

use crate::outcome::{Outcome, Status};

/// A whole grading run.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report {
    /// Schema version of the JSON form (see `docs/src/instructor/report-json.md`).
    pub schema: u32,
    pub score: u32,
    pub max_score: u32,
    pub labs: Vec<LabSummary>,
    pub checks: Vec<Outcome>,
    pub elapsed_ms: f64,
    /// The sum of the waits the checks require by design.
    pub required_wait_ms: f64,
    /// How student programs were contained (limits, network isolation).
    pub sandbox: String,
    /// The run's seed for the inputs checks drew (`--seed N` replays them).
    pub seed: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LabSummary {
    pub lab: String,
    pub passed: usize,
    pub checks: usize,
    pub score: u32,
    pub max_score: u32,
}

impl Report {
    pub fn new(checks: Vec<Outcome>, elapsed_ms: f64, sandbox: String) -> Report {
        let mut labs: Vec<LabSummary> = Vec::new();
        for outcome in &checks {
            if labs.last().is_none_or(|l| l.lab != outcome.lab) {
                labs.push(LabSummary {
                    lab: outcome.lab.clone(),
                    passed: 0,
                    checks: 0,
                    score: 0,
                    max_score: 0,
                });
            }
            let lab = labs.last_mut().unwrap();
            lab.checks += 1;
            lab.passed += usize::from(outcome.passed());
            lab.score += outcome.score;
            lab.max_score += outcome.max_score;
        }
        Report {
            schema: 1,
            score: checks.iter().map(|c| c.score).sum(),
            max_score: checks.iter().map(|c| c.max_score).sum(),
            required_wait_ms: checks.iter().map(|c| c.required_wait_ms).sum(),
            labs,
            checks,
            elapsed_ms,
            sandbox,
            seed: crate::random::run_seed(),
        }
    }

    pub fn all_passed(&self) -> bool {
        self.checks
            .iter()
            .all(|c| matches!(c.status, Status::Passed | Status::NotApplicable))
    }

    pub fn percent(&self) -> f64 {
        if self.max_score == 0 {
            0.0
        } else {
            100.0 * f64::from(self.score) / f64::from(self.max_score)
        }
    }
}

/// Escapes text for XML and HTML (content and quoted attribute values), dropping the
/// control characters XML 1.0 cannot hold: student output may contain anything.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}
