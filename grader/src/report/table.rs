//! The human report: one row per lab, then one line per check that did not pass, with its
//! reason. Colour only on a terminal and never with NO_COLOR set.

use std::io::IsTerminal;

use super::Report;
use crate::outcome::Status;

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
        self.paint(code, &format!("{:>5}", status.label()))
    }
}

pub fn render(report: &Report, style: &Style) -> String {
    let mut out = String::new();
    let width = report
        .labs
        .iter()
        .map(|l| l.lab.len())
        .max()
        .unwrap_or(3)
        .max(3);
    out.push_str(&format!(
        "{:width$}  {:>7}  {:>9}\n",
        "lab", "checks", "points"
    ));
    for lab in &report.labs {
        let ok = lab.passed == lab.checks;
        let checks = format!("{}/{}", lab.passed, lab.checks);
        let points = format!("{}/{}", lab.score, lab.max_score);
        let mark = if ok {
            style.paint("32", "✓")
        } else {
            style.paint("31;1", "✗")
        };
        out.push_str(&format!(
            "{:width$}  {checks:>7}  {points:>9}  {mark}\n",
            lab.lab
        ));
    }
    let failing: Vec<_> = report.checks.iter().filter(|c| !c.passed()).collect();
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
    out.push_str(&format!(
        "\ntotal {}/{} points ({:.0}%) in {:.2} s, seed {} (replay: --seed {})\n",
        report.score,
        report.max_score,
        report.percent(),
        report.elapsed_ms / 1000.0,
        report.seed,
        report.seed
    ));
    out
}
