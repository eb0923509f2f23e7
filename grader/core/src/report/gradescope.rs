//! `--format gradescope`: Gradescope's `results.json` (score, max_score, and one test per
//! check with name, score, max_score, status, output and visibility).

use serde_json::json;

use super::Report;
use crate::i18n::{self, t};

pub fn render(report: &Report) -> String {
    let tests: Vec<_> = report
        .checks
        .iter()
        .map(|check| {
            let mut output = i18n::description(&check.id, &check.description);
            if let Some(reason) = &check.reason {
                output.push_str(&format!("\n\n{reason}"));
            }
            if let Some(diff) = &check.diff {
                output.push_str(&format!("\n\n{diff}"));
            }
            if !check.passed() {
                let hint = i18n::hint(&check.id, &check.hint);
                output.push_str(&format!("\n\n{} {hint}", t("details-hint")));
            }
            json!({
                "name": check.id,
                "score": check.score,
                "max_score": check.max_score,
                "status": if check.passed() { "passed" } else { "failed" },
                "output": output,
                "visibility": "visible",
            })
        })
        .collect();
    let results = json!({
        "score": report.score,
        "max_score": report.max_score,
        "execution_time": (report.elapsed_ms / 1000.0).round(),
        "tests": tests,
    });
    serde_json::to_string_pretty(&results).expect("results serialise")
}
