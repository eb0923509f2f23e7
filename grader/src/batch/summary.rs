//! The end-of-batch summary for the terminal: how long the class took, its mean, who could
//! not be graded, and the checks the class fails most (the HTML report has the rest).

use crate::report::class::{Class, Failing};

/// How many failing checks the terminal summary lists.
const SUMMARY_ROWS: usize = 15;

/// The end-of-batch summary for the terminal.
pub fn summary(class: &Class, failing: &[Failing]) -> String {
    let mut out = String::new();
    let n = class.students.len();
    let ungraded = class.students.iter().filter(|s| s.result.is_err()).count();
    out.push_str(&format!(
        "graded {n} submission{} in {:.1} s ({} at a time, {:.1} s each on average): mean {:.1}%",
        if n == 1 { "" } else { "s" },
        class.elapsed_s,
        class.parallel,
        class.elapsed_s / n.max(1) as f64,
        class.mean_percent(),
    ));
    if ungraded > 0 {
        out.push_str(&format!(", {ungraded} could not be graded"));
    }
    out.push('\n');
    for student in class.students.iter().filter(|s| s.result.is_err()) {
        out.push_str(&format!("  {}: {}\n", student.student, student.note()));
    }
    if failing.is_empty() {
        out.push_str("no check fails\n");
        return out;
    }
    out.push_str("checks the class fails most:\n");
    let width = failing
        .iter()
        .take(SUMMARY_ROWS)
        .map(|f| f.id.len())
        .max()
        .unwrap_or(0);
    for f in failing.iter().take(SUMMARY_ROWS) {
        let how: Vec<String> = f
            .statuses
            .iter()
            .map(|(label, count)| format!("{count} {label}"))
            .collect();
        out.push_str(&format!(
            "  {:width$}  {:>3}/{:<3} {:>5.1}%  ({})\n",
            f.id,
            f.failed,
            f.graded,
            f.percent(),
            how.join(", ")
        ));
    }
    if failing.len() > SUMMARY_ROWS {
        out.push_str(&format!(
            "  … and {} more failing checks (see the CSV's JSON reports)\n",
            failing.len() - SUMMARY_ROWS
        ));
    }
    out
}
