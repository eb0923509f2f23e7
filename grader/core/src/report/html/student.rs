//! The class report's drill-down, one collapsible `<details>` per student: wrong behaviour,
//! build failures and errors first (a lab that did not build once, with its compiler
//! errors), then the `todo!()`s of started labs, the labs not started in one line, and the
//! passed checks collapsed. Each failing check shows its reason, diff, hint, what the
//! programs printed and the ends of its conversation on the wire.

use maud::{Markup, html};

use super::{grade_class, plural};
use crate::outcome::{Outcome, Status};
use crate::report::class::{Class, Graded};
use crate::report::status::{self, Progress};
use crate::transcript::trimmed;

/// How many events a failing check's transcript shows at each end.
const TRANSCRIPT_ENDS: usize = 6;
/// How many lines of a program's stdout or stderr are shown.
const OUTPUT_LINES: usize = 20;

pub fn section(class: &Class) -> Markup {
    html! {
        section id="students" {
            h2 { "Students" }
            p class="tools" {
                button type="button" id="open-all" { "Open all" } " "
                button type="button" id="close-all" { "Close all" }
            }
            @for (i, student) in class.students.iter().enumerate() {
                (details(class, i, student))
            }
        }
    }
}

fn details(class: &Class, i: usize, student: &Graded) -> Markup {
    let unstarted: Vec<String> = match &student.result {
        Ok(report) => status::of(report)
            .into_iter()
            .filter(|l| l.progress == Progress::NotStarted)
            .map(|l| l.lab)
            .collect(),
        Err(_) => Vec::new(),
    };
    let mut failing: Vec<&Outcome> = match &student.result {
        Ok(report) => report
            .checks
            .iter()
            .filter(|c| !c.passed() && !unstarted.contains(&c.lab))
            .collect(),
        Err(_) => Vec::new(),
    };
    failing.sort_by_key(|c| c.status == Status::NotImplemented);
    let pill = format!("pill {}", grade_class(student.score(), class.max_score()));
    html! {
        details class="student" id=(format!("s{i}")) {
            summary {
                span class="name" { (student.student) } " "
                span class=(pill) {
                    (student.score()) "/" (class.max_score()) " · "
                    (format!("{:.1}%", class.percent(student)))
                }
                @match &student.result {
                    Err(_) => { " " span class="tag error" { "not graded" } }
                    Ok(_) if failing.is_empty() => { " " span class="tag ok" { "all checks pass" } }
                    Ok(_) => { " " span class="tag" { (failing.len()) " failing" } }
                }
            }
            div class="body" {
                p class="path" {
                    (student.path.display().to_string()) " · graded in "
                    (format!("{:.1}", student.seconds)) " s"
                }
                @match &student.result {
                    Err(why) => {
                        p { "This submission could not be graded:" }
                        pre class="reason" { (why) }
                    }
                    Ok(report) => {
                        (failures(&failing))
                        @if !unstarted.is_empty() {
                            p class="unstarted" {
                                span class="status todo" { "todo" } " not started: "
                                @for (i, lab) in unstarted.iter().enumerate() {
                                    @if i > 0 { ", " }
                                    code { (lab) }
                                }
                            }
                        }
                        (passed(report.checks.iter().filter(|c| c.passed()).collect()))
                    }
                }
            }
        }
    }
}

/// The failing checks; a lab that did not compile fails all its checks with the same
/// errors: once.
fn failures(failing: &[&Outcome]) -> Markup {
    let mut unbuilt: Vec<&str> = Vec::new();
    let mut shown = Vec::new();
    for check in failing {
        if check.status != Status::BuildFailed {
            shown.push(failing_check(check));
        } else if !unbuilt.contains(&check.lab.as_str()) {
            unbuilt.push(&check.lab);
            let of_lab: Vec<&Outcome> = failing
                .iter()
                .copied()
                .filter(|c| c.lab == check.lab)
                .collect();
            shown.push(build_failure(check, &of_lab));
        }
    }
    html! { @for part in shown { (part) } }
}

fn passed(passed: Vec<&Outcome>) -> Markup {
    html! {
        @if !passed.is_empty() {
            details class="passed" {
                summary { (plural(passed.len(), "check")) " passed" }
                ul {
                    @for check in passed {
                        li {
                            code { (check.id) } " "
                            span class="pts" { (check.score) "/" (check.max_score) } " "
                            (check.description)
                        }
                    }
                }
            }
        }
    }
}

fn status_class(status: Status) -> &'static str {
    match status {
        Status::Passed => "pass",
        Status::Failed => "fail",
        Status::NotImplemented => "todo",
        Status::BuildFailed => "build",
        Status::Error => "error",
        Status::NotApplicable => "na",
    }
}

/// A lab that did not build: its compiler errors once, and the checks it cost.
fn build_failure(first: &Outcome, checks: &[&Outcome]) -> Markup {
    let max: u32 = checks.iter().map(|c| c.max_score).sum();
    html! {
        article class="check" data-lab=(first.lab) {
            h4 {
                span class="status build" { "build" } " " code { (first.lab) } " did not build "
                span class="pts" { "0/" (max) " · " (plural(checks.len(), "check")) }
            }
            @if let Some(reason) = &first.reason {
                pre class="reason" { (reason) }
            }
            details class="sub" {
                summary { "Checks not run" }
                ul {
                    @for check in checks {
                        li { code { (check.id) } " " (check.description) }
                    }
                }
            }
        }
    }
}

fn failing_check(check: &Outcome) -> Markup {
    html! {
        article class="check" data-check=(check.id) {
            h4 {
                span class=(format!("status {}", status_class(check.status))) {
                    (check.status.label())
                }
                " " code { (check.id) } " "
                span class="pts" { (check.score) "/" (check.max_score) }
            }
            p class="desc" { (check.description) }
            @if let Some(reason) = &check.reason {
                pre class="reason" { (reason) }
            }
            @if let Some(diff) = &check.diff {
                pre class="diff" {
                    @for line in diff.lines() {
                        span class=(diff_class(line)) { (line) }
                    }
                }
            }
            @if !check.hint.is_empty() {
                p class="hint" { b { "hint" } " " (check.hint) }
            }
            @if !check.outputs.is_empty() {
                details class="sub" {
                    summary { "What the programs printed" }
                    @for output in &check.outputs {
                        p class="prog" { code { (output.program) } " (" (output.exit) ")" }
                        @for (stream, text) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
                            @if !text.trim().is_empty() {
                                pre class="out" data-stream=(stream) { (first_lines(text)) }
                            }
                        }
                    }
                }
            }
            @if !check.transcript.is_empty() {
                details class="sub" {
                    summary { "On the wire" }
                    pre class="wire" {
                        @for line in trimmed(&check.transcript, TRANSCRIPT_ENDS) {
                            @if line.starts_with(">>") {
                                span class="diverged" { (line) }
                            } @else {
                                span { (line) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A diff line's CSS class: removed, added, a hunk header, or context.
fn diff_class(line: &str) -> &'static str {
    match line.chars().next() {
        Some('-') if !line.starts_with("---") => "del",
        Some('+') if !line.starts_with("+++") => "add",
        Some('@') => "hunk",
        _ => "ctx",
    }
}

/// The first lines of a program's output, with how many more there were.
fn first_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut shown = lines[..lines.len().min(OUTPUT_LINES)].join("\n");
    if lines.len() > OUTPUT_LINES {
        shown.push_str(&format!("\n… {} more lines", lines.len() - OUTPUT_LINES));
    }
    shown
}
