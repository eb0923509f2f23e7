//! The result of one check, as every report format sees it (and as `grader batch` reads
//! a child grader's JSON report back: the same types, derived both ways).

use serde::{Deserialize, Serialize};

use crate::transcript::Event;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Passed,
    Failed,
    /// The student's code still has a `todo!()` on this path.
    NotImplemented,
    /// The lab did not compile: every check of it gets this, with the compiler's errors.
    BuildFailed,
    /// The grader could not judge (a missing snapshot): fix the grader, not the lab.
    Error,
    /// The check does not apply (an output snapshot of a program given by `--bin`).
    NotApplicable,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Passed => "pass",
            Status::Failed => "FAIL",
            Status::NotImplemented => "todo",
            Status::BuildFailed => "build",
            Status::Error => "ERROR",
            Status::NotApplicable => "n/a",
        }
    }
}

/// What a student program printed, capped, next to the transcript in a failure.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ProgramOutput {
    pub program: String,
    pub exit: String,
    pub stdout: String,
    pub stderr: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Outcome {
    pub id: String,
    pub lab: String,
    pub name: String,
    pub description: String,
    pub hint: String,
    pub status: Status,
    pub score: u32,
    pub max_score: u32,
    pub reason: Option<String>,
    pub diff: Option<String>,
    pub transcript: Vec<Event>,
    pub outputs: Vec<ProgramOutput>,
    pub elapsed_ms: f64,
    pub required_wait_ms: f64,
}

impl Outcome {
    pub fn passed(&self) -> bool {
        self.status == Status::Passed
    }
}
