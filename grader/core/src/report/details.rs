//! The student's view of one lab (`grader check LAB`): every check, and for each one that
//! failed its reason, the diff against the expected output, its hint, what the student's
//! programs printed and the conversation on the wire.

use super::Report;
use super::table::Style;
use crate::i18n::{self, t, t_with};
use crate::outcome::Outcome;
use crate::transcript::trimmed;

/// How many events a failing check's transcript shows at each end.
const TRANSCRIPT_ENDS: usize = 6;

pub fn render(report: &Report, style: &Style, always_transcript: bool) -> String {
    let mut out = String::new();
    for check in &report.checks {
        out.push_str(&format!(
            "{} {}  {}\n",
            style.status(check.status),
            check.id,
            style.paint("2", &i18n::description(&check.id, &check.description))
        ));
        if !check.passed() {
            failure(&mut out, check, style);
        }
        if always_transcript || !check.passed() {
            transcript(&mut out, check);
        }
    }
    let points = t_with(
        "details-points",
        &[
            ("score", &report.score.to_string()),
            ("max", &report.max_score.to_string()),
        ],
    );
    out.push_str(&format!(
        "\n{points}, seed {} (replay: --seed {})\n",
        report.seed, report.seed
    ));
    out
}

fn failure(out: &mut String, check: &Outcome, style: &Style) {
    if let Some(reason) = &check.reason {
        for line in reason.lines() {
            out.push_str(&format!("      {line}\n"));
        }
    }
    if let Some(diff) = &check.diff {
        for line in diff.lines() {
            let painted = match line.chars().next() {
                Some('-') if !line.starts_with("---") => style.paint("31", line),
                Some('+') if !line.starts_with("+++") => style.paint("32", line),
                _ => line.to_string(),
            };
            out.push_str(&format!("      {painted}\n"));
        }
    }
    out.push_str(&format!(
        "      {} {}\n",
        style.paint("36", &t("details-hint")),
        i18n::hint(&check.id, &check.hint)
    ));
    for output in &check.outputs {
        out.push_str(&format!("      {} ({}):\n", output.program, output.exit));
        for (stream, text) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
            for line in text.lines().take(8) {
                out.push_str(&format!("        {stream}| {line}\n"));
            }
        }
    }
}

fn transcript(out: &mut String, check: &Outcome) {
    if check.transcript.is_empty() {
        return;
    }
    out.push_str(&format!("      {}\n", t("details-on-the-wire")));
    for line in trimmed(&check.transcript, TRANSCRIPT_ENDS) {
        out.push_str(&format!("      {line}\n"));
    }
}
