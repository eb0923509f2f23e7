//! The class report's table: a row per student, a narrow column per lab (13 of them fit
//! 1366 pixels), the total, the percentage with a meter, and the note; every cell carries
//! its sort value in `data-v` for the script.

use maud::{Markup, html};

use super::grade_class;
use crate::report::class::Class;

pub fn section(class: &Class) -> Markup {
    html! {
        section id="scores" {
            h2 { "Scores" }
            p class="tools" {
                input id="filter" type="search" placeholder="Filter students…"
                    aria-label="Filter students";
                " " span id="shown" {} " "
                span class="help" { "Click a column to sort; click a name for details." }
            }
            div class="scroll" {
                table id="scores-table" {
                    thead { tr { (heads(class)) } }
                    tbody { (rows(class)) }
                }
            }
        }
    }
}

/// One sortable column head: `kind` is `num` or `text`.
fn th(key: &str, kind: &str, label: Markup) -> Markup {
    html! {
        th data-key=(key) data-type=(kind) aria-sort="none" {
            button type="button" { (label) }
        }
    }
}

fn heads(class: &Class) -> Markup {
    html! {
        (th("student", "text", html! { "Student" }))
        // The number on top, the name below in small type, which may wrap at its hyphen.
        @for lab in &class.labs {
            (th(&lab.package, "num", html! {
                (lab.number) small { "/" (lab.max_score) } br; small class="lab" { (lab.package) }
            }))
        }
        (th("total", "num", html! { "Total" small { "/" (class.max_score()) } }))
        (th("percent", "num", html! { "%" }))
        (th("note", "text", html! { "Note" }))
    }
}

fn rows(class: &Class) -> Markup {
    html! {
        @for (i, student) in class.students.iter().enumerate() {
            @let percent = class.percent(student);
            @let note = student.note();
            tr id=(format!("row-{i}")) {
                td data-v=(student.student) {
                    a href=(format!("#s{i}")) data-open=(format!("s{i}")) { (student.student) }
                }
                @for lab in &class.labs {
                    @let score = student.lab_score(&lab.package);
                    td class=(format!("num {}", grade_class(score, lab.max_score))) data-v=(score) {
                        @if student.result.is_ok() { (score) } @else { "–" }
                    }
                }
                td class=(format!("num {}", grade_class(student.score(), class.max_score())))
                    data-v=(student.score()) { (student.score()) }
                td class="num" data-v=(format!("{percent:.3}")) {
                    span class="meter" { span style=(format!("width:{percent:.1}%")) {} }
                    (format!("{percent:.1}%"))
                }
                td class="note" data-v=(note) { (note) }
            }
        }
    }
}
