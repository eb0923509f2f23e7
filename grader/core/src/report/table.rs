//! The human report: one row per lab, then one line per check that did not pass, with its
//! reason. A lab not started yet (see `status`) is its row alone, "not started", not a line
//! per check: on a first run that would be a hundred lines saying "todo". Colour only on a
//! terminal and never with NO_COLOR set.

use std::io::IsTerminal;

use super::Report;
use super::status::{self, Progress};
use crate::i18n::{self, t, t_with};
use crate::outcome::{Outcome, Status};

pub struct Style {
    colour: bool,
}

impl Style {
    /// Colour when stdout is a terminal and NO_COLOR is unset (https://no-color.org).
    pub fn detect() -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            colour: std::io::stdout().is_terminal() && !no_color,
        }
    }

    pub fn plain() -> Style {
        Style { colour: false }
    }

    pub fn paint(&self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn status(&self, status: Status) -> String {
        let code = match status {
            Status::Passed => "32",
            Status::NotApplicable => "2",
            Status::NotImplemented => "33",
            _ => "31;1",
        };
        self.paint(code, &i18n::pad(&i18n::status(status), 5, true))
    }
}

pub fn render(report: &Report, style: &Style) -> String {
    let mut out = String::new();
    let heading = t("table-lab");
    let width = report
        .labs
        .iter()
        .map(|l| l.lab.len())
        .max()
        .unwrap_or(3)
        .max(i18n::width(&heading));
    out.push_str(&format!(
        "{}  {}  {}\n",
        i18n::pad(&heading, width, false),
        i18n::pad(&t("table-checks"), 7, true),
        i18n::pad(&t("table-points"), 9, true)
    ));
    let mut not_started: Vec<&str> = Vec::new();
    for lab in &report.labs {
        let checks = format!("{}/{}", lab.passed, lab.checks);
        let points = format!("{}/{}", lab.score, lab.max_score);
        let outcomes: Vec<&Outcome> = report.checks.iter().filter(|c| c.lab == lab.lab).collect();
        let mark = match status::progress(&lab.lab, &outcomes).progress {
            _ if lab.passed == lab.checks => style.paint("32", "✓"),
            Progress::NotStarted => {
                not_started.push(&lab.lab);
                style.paint("2", &t("progress-not-started"))
            }
            _ => style.paint("31;1", "✗"),
        };
        out.push_str(&format!(
            "{:width$}  {checks:>7}  {points:>9}  {mark}\n",
            lab.lab
        ));
    }
    let failing: Vec<_> = report
        .checks
        .iter()
        .filter(|c| !c.passed() && !not_started.contains(&c.lab.as_str()))
        .collect();
    if !failing.is_empty() {
        out.push('\n');
        for check in failing {
            let reason = check.reason.as_deref().unwrap_or("");
            let first = reason.lines().next().unwrap_or("");
            out.push_str(&format!(
                "{} {}: {first}\n",
                style.status(check.status),
                check.id
            ));
        }
    }
    let total = t_with(
        "table-total",
        &[
            ("score", &report.score.to_string()),
            ("max", &report.max_score.to_string()),
            ("percent", &format!("{:.0}", report.percent())),
            ("seconds", &format!("{:.2}", report.elapsed_ms / 1000.0)),
        ],
    );
    out.push_str(&format!(
        "\n{total}, seed {} (replay: --seed {})\n",
        report.seed, report.seed
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::status::tests::outcome;

    #[test]
    fn an_untouched_lab_is_one_row_and_a_failing_lab_lists_its_checks() {
        let checks = vec![
            outcome("fresh", Status::Passed, 1),
            outcome("fresh", Status::NotImplemented, 2),
            outcome("fresh", Status::NotImplemented, 2),
            outcome("started", Status::Passed, 1),
            outcome("started", Status::Failed, 1),
        ];
        let text = render(&Report::new(checks, 0.0, String::new()), &Style::plain());
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[1].starts_with("fresh") && lines[1].ends_with("not started"),
            "{text}"
        );
        assert!(
            lines[2].starts_with("started") && lines[2].ends_with('✗'),
            "{text}"
        );
        assert!(!text.contains("fresh/x"), "{text}");
        assert!(text.contains("started/x"), "{text}");
    }
}
