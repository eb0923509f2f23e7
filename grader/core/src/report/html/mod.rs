//! `grader batch --html`: the class as one self-contained page (inline CSS and JavaScript,
//! nothing fetched when it is viewed): a students × labs table sortable by any column, a
//! bar chart of the checks the class fails most (real failures in started labs, sorted by
//! how many fail; labs not started are counted apart), and one drill-down per student with
//! failing checks first, each with its reason, diff, hint, program output and (collapsed)
//! conversation on the wire. It fits a 1366-pixel-wide screen; a class of 300 stays a few
//! megabytes.
//!
//! Written with `maud` templates, which HTML-escape every value they are given: everything
//! a student controls (names, output, transcripts, compiler errors) stays text, and the
//! script (`script.js`) reads only `data-` attributes the page itself wrote. The parts:
//! `scores` (the table), `chart` (failing checks, labs not started), `student` (the
//! drill-downs); the style is `style.css`.

mod chart;
mod scores;
mod student;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::class::{Class, failures};

const CSS: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("script.js");

pub fn render(class: &Class) -> String {
    let failing = failures(class);
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "netlabs class report" }
                style { (PreEscaped(CSS)) }
            }
            body {
                (header(class))
                (scores::section(class))
                (chart::section(&failing))
                (chart::not_started(class))
                (student::section(class))
                footer {
                    "Written by " code { "grader batch" }
                    ". This page is self-contained: it works offline."
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    }
    .into_string()
}

fn header(class: &Class) -> Markup {
    let n = class.students.len();
    let ungraded = class.students.iter().filter(|s| s.result.is_err()).count();
    let mut percents: Vec<f64> = class.students.iter().map(|s| class.percent(s)).collect();
    percents.sort_by(f64::total_cmp);
    let median = match percents.len() {
        0 => 0.0,
        len if len % 2 == 1 => percents[len / 2],
        len => (percents[len / 2 - 1] + percents[len / 2]) / 2.0,
    };
    let full = class
        .students
        .iter()
        .filter(|s| class.max_score() > 0 && s.score() == class.max_score())
        .count();
    let labs: Vec<&str> = class.labs.iter().map(|l| l.package.as_str()).collect();
    html! {
        header {
            h1 { "netlabs class report" }
            p class="meta" {
                (plural(n, "submission")) " · " (plural(class.labs.len(), "lab"))
                " (" (class.max_score()) " points): " (labs.join(", "))
            }
            ul class="stats" {
                li { b id="stat-students" { (n) } " students" }
                li { b id="stat-mean" { (format!("{:.1}%", class.mean_percent())) } " mean" }
                li { b id="stat-median" { (format!("{median:.1}%")) } " median" }
                li { b id="stat-full" { (full) } " with full marks" }
                li { b id="stat-ungraded" { (ungraded) } " not graded" }
                li {
                    b { (format!("{:.0} s", class.elapsed_s)) }
                    " to grade (" (class.parallel) " at a time)"
                }
            }
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// A CSS class for a fraction of the points: full, most, some, none.
fn grade_class(score: u32, max: u32) -> &'static str {
    if max == 0 {
        "none"
    } else if score == max {
        "full"
    } else if score * 2 >= max {
        "most"
    } else if score > 0 {
        "some"
    } else {
        "none"
    }
}
