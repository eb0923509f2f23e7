//! The class report's view of the class as a whole: an SVG bar chart of the checks it fails
//! most (each bar split by how: wrong behaviour, did not compile, grader error), and apart
//! from it the labs students have not started (their `todo!()`s are not failures).

use maud::{Markup, html};

use crate::report::class::{Class, Failing};
use crate::report::status::{self, Progress};

/// How many failing checks the chart shows.
const CHART_ROWS: usize = 15;
/// A bar's height, the labels' width and the longest bar's, in SVG units.
const ROW: usize = 30;
const LABEL: usize = 360;
const BAR: usize = 420;

pub fn section(failing: &[Failing]) -> Markup {
    let shown = &failing[..failing.len().min(CHART_ROWS)];
    html! {
        section id="failing" {
            h2 { "Checks the class fails most" }
            @if failing.is_empty() {
                p class="empty" { "Every graded student passes every check." }
            } @else {
                (chart(shown))
                p class="legend" {
                    span class="key seg-fail" {} "wrong behaviour "
                    span class="key seg-build" {} "did not compile "
                    span class="key seg-todo" {} "not implemented (" code { "todo!()" } ") "
                    span class="key seg-error" {} "grader error"
                }
                @if failing.len() > shown.len() {
                    p class="more" { "… and " (failing.len() - shown.len()) " more failing checks." }
                }
            }
        }
    }
}

fn chart(shown: &[Failing]) -> Markup {
    let height = ROW * shown.len() + 24;
    let width = LABEL + BAR + 120;
    // SVG elements are closed explicitly (`{}`): in an HTML page, `<rect>` without a closing
    // tag would swallow what follows it.
    html! {
        svg id="failing-chart" role="img" aria-label="Checks the class fails most"
            viewBox=(format!("0 0 {width} {height}")) width="100%"
            style=(format!("max-width:{width}px")) xmlns="http://www.w3.org/2000/svg" {
            @for pct in [0, 25, 50, 75, 100] {
                @let x = LABEL + BAR * pct / 100;
                line class="grid" x1=(x) x2=(x) y1="0" y2=(height - 18) {}
                text class="axis" x=(x) y=(height - 4) { (pct) "%" }
            }
            @for (i, f) in shown.iter().enumerate() {
                (bar(i, f))
            }
        }
    }
}

fn bar(i: usize, f: &Failing) -> Markup {
    let y = i * ROW;
    let length = ((BAR as f64) * f.percent() / 100.0).round().max(2.0);
    let how: Vec<String> = f
        .statuses
        .iter()
        .map(|(label, count)| format!("{count} {label}"))
        .collect();
    let text_y = y + ROW / 2 + 5;
    // Each status's share of the bar, left to right: (CSS class, x, width).
    let mut x = LABEL as f64;
    let segments: Vec<(&str, f64, f64)> = f
        .statuses
        .iter()
        .map(|(label, count)| {
            let width = length * *count as f64 / f.failed.max(1) as f64;
            x += width;
            (label_class(label), x - width, width)
        })
        .collect();
    html! {
        g class="bar" data-check=(f.id) {
            title { (f.id) ": " (f.description) " (" (how.join(", ")) ")" }
            text class="label" x=(LABEL - 10) y=(text_y) { (f.id) }
            @for (class, x, width) in segments {
                rect class=(format!("seg-{class}")) x=(format!("{x:.1}")) y=(y + 5)
                    width=(format!("{width:.1}")) height=(ROW - 10) {}
            }
            text class="value" x=(format!("{:.0}", LABEL as f64 + length + 8.0)) y=(text_y) {
                (f.failed) "/" (f.graded) " (" (format!("{:.0}", f.percent())) "%)"
            }
        }
    }
}

/// The CSS class of a status label (`FAIL` → `fail`).
fn label_class(label: &str) -> &'static str {
    match label {
        "FAIL" => "fail",
        "build" => "build",
        "todo" => "todo",
        "ERROR" => "error",
        "n/a" => "na",
        _ => "pass",
    }
}

/// How many students have not started each lab (see `status`): apart from the chart, whose
/// `todo!()`s are not failures.
pub fn not_started(class: &Class) -> Markup {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for student in &class.students {
        let Ok(report) = &student.result else {
            continue;
        };
        for lab in status::of(report) {
            if lab.progress == Progress::NotStarted {
                match counts.iter_mut().find(|(l, _)| *l == lab.lab) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((lab.lab, 1)),
                }
            }
        }
    }
    let graded = class.students.iter().filter(|s| s.result.is_ok()).count();
    html! {
        @if !counts.is_empty() {
            section id="not-started" {
                h2 { "Labs not started" }
                p class="legend" {
                    @for (i, (lab, n)) in counts.iter().enumerate() {
                        @if i > 0 { " · " }
                        code { (lab) } " " (n) "/" (graded)
                    }
                }
            }
        }
    }
}
