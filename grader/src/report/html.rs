//! `grader batch --html`: the class as one self-contained page (inline CSS and JavaScript,
//! nothing fetched when it is viewed): a students × labs table sortable by any column, a
//! bar chart of the checks the class fails most (real failures in started labs, sorted by
//! how many fail; labs not started are counted apart), and one drill-down per student with
//! failing checks first, each with its reason, diff, hint, program output and (collapsed)
//! conversation on the wire. It fits a 1366-pixel-wide screen; a class of 300 stays a few
//! megabytes.
//!
//! Everything a student controls (names, output, transcripts, compiler errors) is
//! HTML-escaped; the script reads only `data-` attributes the page itself wrote.

use super::escape_markup as escape;
use std::fmt::Write;

use super::class::{Class, Failing, Graded, failures};
use crate::outcome::{Outcome, Status};
use crate::peers::transcript::trimmed;
use crate::status::{self, Progress};

/// How many failing checks the chart shows.
const CHART_ROWS: usize = 15;
/// How many events a failing check's transcript shows at each end.
const TRANSCRIPT_ENDS: usize = 6;
/// How many lines of a program's stdout or stderr are shown.
const OUTPUT_LINES: usize = 20;

pub fn render(class: &Class) -> String {
    let failing = failures(class);
    let mut page = String::new();
    page.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.push_str("<title>netlabs class report</title>\n<style>\n");
    page.push_str(CSS);
    page.push_str("</style>\n</head>\n<body>\n");
    header(&mut page, class);
    scores(&mut page, class);
    chart(&mut page, &failing);
    not_started(&mut page, class);
    students(&mut page, class);
    page.push_str("<footer>Written by <code>grader batch</code>. This page is self-contained: it works offline.</footer>\n");
    page.push_str("<script>\n");
    page.push_str(SCRIPT);
    page.push_str("</script>\n</body>\n</html>\n");
    page
}

fn header(page: &mut String, class: &Class) {
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
    let labs: Vec<String> = class.labs.iter().map(|l| escape(&l.package)).collect();
    let _ = write!(
        page,
        "<header>\n<h1>netlabs class report</h1>\n<p class=\"meta\">{} · {} lab{} ({} points): {}</p>\n\
         <ul class=\"stats\">\n<li><b id=\"stat-students\">{n}</b> students</li>\n\
         <li><b id=\"stat-mean\">{:.1}%</b> mean</li>\n<li><b id=\"stat-median\">{median:.1}%</b> median</li>\n\
         <li><b id=\"stat-full\">{full}</b> with full marks</li>\n<li><b id=\"stat-ungraded\">{ungraded}</b> not graded</li>\n\
         <li><b>{:.0} s</b> to grade ({} at a time)</li>\n</ul>\n</header>\n",
        plural(n, "submission"),
        class.labs.len(),
        if class.labs.len() == 1 { "" } else { "s" },
        class.max_score(),
        labs.join(", "),
        class.mean_percent(),
        class.elapsed_s,
        class.parallel,
    );
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

fn scores(page: &mut String, class: &Class) {
    page.push_str("<section id=\"scores\">\n<h2>Scores</h2>\n");
    page.push_str(
        "<p class=\"tools\"><input id=\"filter\" type=\"search\" placeholder=\"Filter students…\" aria-label=\"Filter students\"> \
         <span id=\"shown\"></span> <span class=\"help\">Click a column to sort; click a name for details.</span></p>\n",
    );
    page.push_str("<div class=\"scroll\"><table id=\"scores-table\">\n<thead><tr>");
    let mut th = |key: &str, kind: &str, label: String| {
        let _ = write!(
            page,
            "<th data-key=\"{}\" data-type=\"{kind}\" aria-sort=\"none\"><button type=\"button\">{label}</button></th>",
            escape(key)
        );
    };
    th("student", "text", "Student".into());
    // Lab columns are narrow (13 of them must fit 1366 pixels): the number on top, the
    // name below in small type, which may wrap at its hyphen.
    for lab in &class.labs {
        let number = crate::labs::find(&lab.package)
            .map(|l| &l.folder[..2])
            .unwrap_or("");
        th(
            &lab.package,
            "num",
            format!(
                "{number}<small>/{}</small><br><small class=\"lab\">{}</small>",
                lab.max_score,
                escape(&lab.package)
            ),
        );
    }
    th(
        "total",
        "num",
        format!("Total<small>/{}</small>", class.max_score()),
    );
    th("percent", "num", "%".into());
    th("note", "text", "Note".into());
    page.push_str("</tr></thead>\n<tbody>\n");
    for (i, student) in class.students.iter().enumerate() {
        let name = escape(&student.student);
        let _ = write!(
            page,
            "<tr id=\"row-{i}\"><td data-v=\"{name}\"><a href=\"#s{i}\" data-open=\"s{i}\">{name}</a></td>"
        );
        for lab in &class.labs {
            let score = student.lab_score(&lab.package);
            let _ = write!(
                page,
                "<td class=\"num {}\" data-v=\"{score}\">{}</td>",
                grade_class(score, lab.max_score),
                if student.result.is_ok() {
                    score.to_string()
                } else {
                    "–".into()
                }
            );
        }
        let percent = class.percent(student);
        let _ = writeln!(
            page,
            "<td class=\"num {}\" data-v=\"{}\">{}</td><td class=\"num\" data-v=\"{percent:.3}\">\
             <span class=\"meter\"><span style=\"width:{percent:.1}%\"></span></span>{percent:.1}%</td>\
             <td class=\"note\" data-v=\"{note}\">{note}</td></tr>",
            grade_class(student.score(), class.max_score()),
            student.score(),
            student.score(),
            note = escape(&student.note()),
        );
    }
    page.push_str("</tbody>\n</table></div>\n</section>\n");
}

fn chart(page: &mut String, failing: &[Failing]) {
    page.push_str("<section id=\"failing\">\n<h2>Checks the class fails most</h2>\n");
    if failing.is_empty() {
        page.push_str(
            "<p class=\"empty\">Every graded student passes every check.</p>\n</section>\n",
        );
        return;
    }
    const ROW: usize = 30;
    const LABEL: usize = 360;
    const BAR: usize = 420;
    let shown = &failing[..failing.len().min(CHART_ROWS)];
    let height = ROW * shown.len() + 24;
    let width = LABEL + BAR + 120;
    let _ = writeln!(
        page,
        "<svg id=\"failing-chart\" role=\"img\" aria-label=\"Checks the class fails most\" viewBox=\"0 0 {width} {height}\" \
         width=\"100%\" style=\"max-width:{width}px\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for pct in [0, 25, 50, 75, 100] {
        let x = LABEL + BAR * pct / 100;
        let _ = writeln!(
            page,
            "<line class=\"grid\" x1=\"{x}\" x2=\"{x}\" y1=\"0\" y2=\"{}\"/><text class=\"axis\" x=\"{x}\" y=\"{}\">{pct}%</text>",
            height - 18,
            height - 4
        );
    }
    for (i, f) in shown.iter().enumerate() {
        let y = i * ROW;
        let bar = ((BAR as f64) * f.percent() / 100.0).round().max(2.0);
        let mut segments = String::new();
        let mut x = LABEL as f64;
        for (label, count) in &f.statuses {
            let width = bar * *count as f64 / f.failed.max(1) as f64;
            let _ = write!(
                segments,
                "<rect class=\"seg-{}\" x=\"{x:.1}\" y=\"{}\" width=\"{width:.1}\" height=\"{}\"/>",
                label_class(label),
                y + 5,
                ROW - 10
            );
            x += width;
        }
        let how: Vec<String> = f
            .statuses
            .iter()
            .map(|(label, count)| format!("{count} {label}"))
            .collect();
        let _ = writeln!(
            page,
            "<g class=\"bar\" data-check=\"{id}\"><title>{id}: {desc} ({how})</title>\
             <text class=\"label\" x=\"{lx}\" y=\"{ty}\">{id}</text>\
             {segments}\
             <text class=\"value\" x=\"{vx:.0}\" y=\"{ty}\">{failed}/{graded} ({pct:.0}%)</text></g>",
            id = escape(&f.id),
            desc = escape(&f.description),
            how = escape(&how.join(", ")),
            lx = LABEL - 10,
            ty = y + ROW / 2 + 5,
            vx = LABEL as f64 + bar + 8.0,
            failed = f.failed,
            graded = f.graded,
            pct = f.percent(),
        );
    }
    page.push_str("</svg>\n<p class=\"legend\"><span class=\"key seg-fail\"></span>wrong behaviour \
        <span class=\"key seg-build\"></span>did not compile <span class=\"key seg-todo\"></span>not implemented (<code>todo!()</code>) \
        <span class=\"key seg-error\"></span>grader error</p>\n");
    if failing.len() > shown.len() {
        let _ = writeln!(
            page,
            "<p class=\"more\">… and {} more failing checks.</p>",
            failing.len() - shown.len()
        );
    }
    page.push_str("</section>\n");
}

/// How many students have not started each lab (see `status`): apart from the chart, whose
/// `todo!()`s are not failures.
fn not_started(page: &mut String, class: &Class) {
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
    if counts.is_empty() {
        return;
    }
    let graded = class.students.iter().filter(|s| s.result.is_ok()).count();
    page.push_str("<section id=\"not-started\">\n<h2>Labs not started</h2>\n<p class=\"legend\">");
    let items: Vec<String> = counts
        .iter()
        .map(|(lab, n)| format!("<code>{}</code> {n}/{graded}", escape(lab)))
        .collect();
    page.push_str(&items.join(" · "));
    page.push_str("</p>\n</section>\n");
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

fn students(page: &mut String, class: &Class) {
    page.push_str("<section id=\"students\">\n<h2>Students</h2>\n<p class=\"tools\">\
        <button type=\"button\" id=\"open-all\">Open all</button> <button type=\"button\" id=\"close-all\">Close all</button></p>\n");
    for (i, student) in class.students.iter().enumerate() {
        student_details(page, class, i, student);
    }
    page.push_str("</section>\n");
}

fn student_details(page: &mut String, class: &Class, i: usize, student: &Graded) {
    // Wrong behaviour, build failures and errors first, then the `todo!()`s of started
    // labs; a lab not started is one line.
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
    let _ = write!(
        page,
        "<details class=\"student\" id=\"s{i}\"><summary><span class=\"name\">{}</span> \
         <span class=\"pill {}\">{}/{} · {:.1}%</span>",
        escape(&student.student),
        grade_class(student.score(), class.max_score()),
        student.score(),
        class.max_score(),
        class.percent(student),
    );
    match &student.result {
        Err(_) => page.push_str(" <span class=\"tag error\">not graded</span>"),
        Ok(_) if failing.is_empty() => {
            page.push_str(" <span class=\"tag ok\">all checks pass</span>")
        }
        Ok(_) => {
            let _ = write!(
                page,
                " <span class=\"tag\">{} failing</span>",
                failing.len()
            );
        }
    }
    page.push_str("</summary>\n<div class=\"body\">\n");
    let _ = writeln!(
        page,
        "<p class=\"path\">{} · graded in {:.1} s</p>",
        escape(&student.path.display().to_string()),
        student.seconds
    );
    match &student.result {
        Err(why) => {
            let _ = writeln!(
                page,
                "<p>This submission could not be graded:</p>\n<pre class=\"reason\">{}</pre>",
                escape(why)
            );
        }
        Ok(report) => {
            // A lab that did not compile fails all its checks with the same errors: once.
            let mut unbuilt: Vec<&str> = Vec::new();
            for check in &failing {
                if check.status != Status::BuildFailed {
                    failing_check(page, check);
                } else if !unbuilt.contains(&check.lab.as_str()) {
                    unbuilt.push(&check.lab);
                    let of_lab: Vec<&&Outcome> =
                        failing.iter().filter(|c| c.lab == check.lab).collect();
                    build_failure(page, check, &of_lab);
                }
            }
            if !unstarted.is_empty() {
                let labs: Vec<String> = unstarted
                    .iter()
                    .map(|l| format!("<code>{}</code>", escape(l)))
                    .collect();
                let _ = writeln!(
                    page,
                    "<p class=\"unstarted\"><span class=\"status todo\">todo</span> not started: {}</p>",
                    labs.join(", ")
                );
            }
            let passed: Vec<&Outcome> = report.checks.iter().filter(|c| c.passed()).collect();
            if !passed.is_empty() {
                let _ = write!(
                    page,
                    "<details class=\"passed\"><summary>{} passed</summary><ul>",
                    plural(passed.len(), "check")
                );
                for check in passed {
                    let _ = write!(
                        page,
                        "<li><code>{}</code> <span class=\"pts\">{}/{}</span> {}</li>",
                        escape(&check.id),
                        check.score,
                        check.max_score,
                        escape(&check.description)
                    );
                }
                page.push_str("</ul></details>\n");
            }
        }
    }
    page.push_str("</div></details>\n");
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
fn build_failure(page: &mut String, first: &Outcome, checks: &[&&Outcome]) {
    let max: u32 = checks.iter().map(|c| c.max_score).sum();
    let _ = writeln!(
        page,
        "<article class=\"check\" data-lab=\"{lab}\"><h4><span class=\"status build\">build</span> <code>{lab}</code> \
         did not build <span class=\"pts\">0/{max} · {}</span></h4>",
        plural(checks.len(), "check"),
        lab = escape(&first.lab),
    );
    if let Some(reason) = &first.reason {
        let _ = writeln!(page, "<pre class=\"reason\">{}</pre>", escape(reason));
    }
    page.push_str("<details class=\"sub\"><summary>Checks not run</summary><ul>");
    for check in checks {
        let _ = write!(
            page,
            "<li><code>{}</code> {}</li>",
            escape(&check.id),
            escape(&check.description)
        );
    }
    page.push_str("</ul></details>\n</article>\n");
}

fn failing_check(page: &mut String, check: &Outcome) {
    let _ = write!(
        page,
        "<article class=\"check\" data-check=\"{id}\"><h4><span class=\"status {}\">{}</span> <code>{id}</code> \
         <span class=\"pts\">{}/{}</span></h4>\n<p class=\"desc\">{}</p>\n",
        status_class(check.status),
        escape(check.status.label()),
        check.score,
        check.max_score,
        escape(&check.description),
        id = escape(&check.id),
    );
    if let Some(reason) = &check.reason {
        let _ = writeln!(page, "<pre class=\"reason\">{}</pre>", escape(reason));
    }
    if let Some(diff) = &check.diff {
        page.push_str("<pre class=\"diff\">");
        for line in diff.lines() {
            let class = match line.chars().next() {
                Some('-') if !line.starts_with("---") => "del",
                Some('+') if !line.starts_with("+++") => "add",
                Some('@') => "hunk",
                _ => "ctx",
            };
            let _ = write!(page, "<span class=\"{class}\">{}</span>", escape(line));
        }
        page.push_str("</pre>\n");
    }
    if !check.hint.is_empty() {
        let _ = writeln!(
            page,
            "<p class=\"hint\"><b>hint</b> {}</p>",
            escape(&check.hint)
        );
    }
    if !check.outputs.is_empty() {
        page.push_str("<details class=\"sub\"><summary>What the programs printed</summary>\n");
        for output in &check.outputs {
            let _ = writeln!(
                page,
                "<p class=\"prog\"><code>{}</code> ({})</p>",
                escape(&output.program),
                escape(&output.exit)
            );
            for (stream, text) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
                if text.trim().is_empty() {
                    continue;
                }
                let lines: Vec<&str> = text.lines().collect();
                let mut shown = lines[..lines.len().min(OUTPUT_LINES)].join("\n");
                if lines.len() > OUTPUT_LINES {
                    shown.push_str(&format!("\n… {} more lines", lines.len() - OUTPUT_LINES));
                }
                let _ = writeln!(
                    page,
                    "<pre class=\"out\" data-stream=\"{stream}\">{}</pre>",
                    escape(&shown)
                );
            }
        }
        page.push_str("</details>\n");
    }
    if !check.transcript.is_empty() {
        page.push_str("<details class=\"sub\"><summary>On the wire</summary><pre class=\"wire\">");
        for line in trimmed(&check.transcript, TRANSCRIPT_ENDS) {
            let class = if line.starts_with(">>") {
                " class=\"diverged\""
            } else {
                ""
            };
            let _ = write!(page, "<span{class}>{}</span>", escape(&line));
        }
        page.push_str("</pre></details>\n");
    }
    page.push_str("</article>\n");
}

const CSS: &str = r#":root { --fg:#1d2330; --muted:#5f6b7a; --line:#dfe3ea; --bg:#f6f7f9; --card:#fff;
  --full:#1a7f37; --full-bg:#dafbe1; --most:#7d5a00; --most-bg:#fff3c4; --some:#a34a00; --some-bg:#ffe2cc;
  --none:#b42318; --none-bg:#fde2e1; --accent:#2f5fb3; }
* { box-sizing: border-box; }
body { margin:0; padding:24px 32px 48px; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:var(--bg); }
h1 { margin:0 0 4px; font-size:24px; } h2 { margin:0 0 12px; font-size:18px; }
header, section { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:16px 20px; margin-bottom:20px; }
.meta, .path, .help, .more, .empty, footer { color:var(--muted); }
.stats { display:flex; flex-wrap:wrap; gap:10px 28px; list-style:none; padding:0; margin:12px 0 0; }
.stats b { font-size:20px; margin-right:4px; }
code, pre { font-family: ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; font-size:12.5px; }
.tools { margin:0 0 10px; }
input[type=search] { padding:6px 10px; border:1px solid var(--line); border-radius:6px; min-width:240px; font:inherit; }
.scroll { overflow-x:auto; }
table { border-collapse:collapse; width:100%; }
th, td { padding:6px 7px; border-bottom:1px solid var(--line); text-align:left; white-space:nowrap; }
th small.lab { display:inline-block; max-width:5.5em; white-space:normal; font-weight:400; line-height:1.2; }
th { vertical-align:bottom; }
#scores-table td:first-child { white-space:normal; overflow-wrap:anywhere; min-width:8em; max-width:14em; }
th { position:sticky; top:0; background:#eef1f5; }
th button { all:unset; cursor:pointer; font-weight:600; }
th button::after { content:" ↕"; color:#a0a8b4; font-weight:400; }
th[data-type=num][aria-sort=none] button::after { content:""; }
th[data-type=num][aria-sort=none] button:hover::after { content:" ↕"; }
th[aria-sort=ascending] button::after { content:" ▲"; color:var(--accent); }
th[aria-sort=descending] button::after { content:" ▼"; color:var(--accent); }
th small { color:var(--muted); font-weight:400; margin-left:2px; }
td.num { text-align:right; font-variant-numeric:tabular-nums; }
td.full { color:var(--full); background:var(--full-bg); } td.most { color:var(--most); background:var(--most-bg); }
td.some { color:var(--some); background:var(--some-bg); } td.none { color:var(--none); background:var(--none-bg); }
td.note { color:var(--muted); white-space:normal; max-width:240px; }
tbody tr:hover td { filter:brightness(0.97); }
a { color:var(--accent); text-decoration:none; } a:hover { text-decoration:underline; }
.meter { display:inline-block; width:40px; height:8px; background:#e6e9ee; border-radius:4px; margin-right:8px; vertical-align:middle; overflow:hidden; }
.meter span { display:block; height:100%; background:var(--accent); }
svg text { font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; fill:var(--fg); }
svg .label { text-anchor:end; } svg .axis { fill:var(--muted); text-anchor:middle; font-size:11px; }
svg .grid { stroke:var(--line); } svg .bar:hover rect { opacity:0.8; }
.seg-fail { fill:#d9534f; background:#d9534f; } .seg-build { fill:#8957e5; background:#8957e5; }
.seg-todo { fill:#9aa4b2; background:#9aa4b2; } .seg-error { fill:#7a1f1f; background:#7a1f1f; } .seg-na, .seg-pass { fill:#c8ced6; background:#c8ced6; }
.legend { color:var(--muted); font-size:12px; margin:6px 0 0; }
.key { display:inline-block; width:10px; height:10px; border-radius:2px; margin:0 4px 0 12px; vertical-align:middle; }
.legend .key:first-child { margin-left:0; }
details.student { border:1px solid var(--line); border-radius:6px; margin:6px 0; background:#fff; }
details.student > summary { padding:8px 12px; cursor:pointer; }
details.student[open] > summary { border-bottom:1px solid var(--line); background:#f8f9fb; }
details.student .body { padding:8px 16px 12px; }
.name { font-weight:600; }
.pill, .tag, .status { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; margin-left:6px; }
.pill.full { background:var(--full-bg); color:var(--full); } .pill.most { background:var(--most-bg); color:var(--most); }
.pill.some { background:var(--some-bg); color:var(--some); } .pill.none { background:var(--none-bg); color:var(--none); }
.tag { background:#eef1f5; color:var(--muted); } .tag.ok { background:var(--full-bg); color:var(--full); } .tag.error { background:var(--none-bg); color:var(--none); }
.check { border-left:3px solid #d9534f; padding:4px 0 4px 12px; margin:12px 0; }
.check h4 { margin:0; font-size:14px; } .desc { margin:2px 0 6px; color:var(--muted); }
.status { margin:0 4px 0 0; font-weight:600; text-transform:uppercase; font-size:11px; }
.status.fail, .status.error { background:var(--none-bg); color:var(--none); } .status.build { background:#ece3ff; color:#5b2bb5; }
.status.todo, .status.na { background:#eef1f5; color:var(--muted); } .status.pass { background:var(--full-bg); color:var(--full); }
.pts { color:var(--muted); font-size:12px; }
pre { background:#f6f8fa; border:1px solid var(--line); border-radius:6px; padding:8px 10px; overflow-x:auto; margin:6px 0; white-space:pre; }
pre.reason { white-space:pre-wrap; }
pre span { display:block; min-height:1.2em; } /* one span per line, no newline between */ .diff .del { background:#ffebe9; color:#82071e; } .diff .add { background:#e6ffec; color:#116329; }
.diff .hunk { color:var(--accent); } .wire .diverged { background:#fff3c4; font-weight:600; }
.hint { margin:6px 0; } .hint b { color:var(--accent); margin-right:4px; }
details.sub > summary { cursor:pointer; color:var(--accent); margin-top:4px; }
details.passed { margin-top:10px; } details.passed > summary { cursor:pointer; color:var(--muted); }
details.passed ul { margin:6px 0; padding-left:20px; }
footer { font-size:12px; text-align:center; }
"#;

const SCRIPT: &str = r#"(function () {
  "use strict";
  var table = document.getElementById("scores-table");
  var tbody = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function value(row, col) { return row.cells[col].getAttribute("data-v") || ""; }
  function sortBy(col, dir) {
    var numeric = heads[col].getAttribute("data-type") === "num";
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (a, b) {
      var x = value(a, col), y = value(b, col), c;
      c = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" });
      if (dir === "desc") c = -c;
      if (c === 0) c = value(a, 0).localeCompare(value(b, 0), undefined, { numeric: true, sensitivity: "base" });
      return c;
    });
    rows.forEach(function (row) { tbody.appendChild(row); });
    heads.forEach(function (h, i) {
      h.setAttribute("aria-sort", i === col ? (dir === "asc" ? "ascending" : "descending") : "none");
    });
    table.setAttribute("data-sort-key", heads[col].getAttribute("data-key"));
    table.setAttribute("data-sort-dir", dir);
  }
  function column(key) {
    for (var i = 0; i < heads.length; i++) if (heads[i].getAttribute("data-key") === key) return i;
    return -1;
  }
  heads.forEach(function (h, i) {
    h.querySelector("button").addEventListener("click", function () {
      var same = table.getAttribute("data-sort-key") === h.getAttribute("data-key");
      var dir = same ? (table.getAttribute("data-sort-dir") === "asc" ? "desc" : "asc")
                     : (h.getAttribute("data-type") === "num" ? "desc" : "asc");
      sortBy(i, dir);
    });
  });
  // The first sort: `#sort=KEY:asc|desc` in the address, else best total first.
  var wanted = /(?:^#|&)sort=([^:&]+):(asc|desc)/.exec(location.hash);
  var col = wanted ? column(decodeURIComponent(wanted[1])) : -1;
  if (col >= 0) sortBy(col, wanted[2]); else sortBy(column("total"), "desc");
  var shown = document.getElementById("shown");
  var filter = document.getElementById("filter");
  function applyFilter() {
    var text = filter.value.trim().toLowerCase(), count = 0;
    Array.prototype.forEach.call(tbody.rows, function (row) {
      var hit = !text || value(row, 0).toLowerCase().indexOf(text) >= 0;
      row.hidden = !hit;
      if (hit) count++;
    });
    shown.textContent = count + " of " + tbody.rows.length + " students";
  }
  filter.addEventListener("input", applyFilter);
  applyFilter();
  tbody.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-open]");
    if (!link) return;
    var details = document.getElementById(link.getAttribute("data-open"));
    if (details) details.open = true;
  });
  function openAll(open) {
    Array.prototype.forEach.call(document.querySelectorAll("details.student"), function (d) { d.open = open; });
  }
  document.getElementById("open-all").addEventListener("click", function () { openAll(true); });
  document.getElementById("close-all").addEventListener("click", function () { openAll(false); });
  if (location.hash && /^#s\d+$/.test(location.hash)) {
    var target = document.getElementById(location.hash.slice(1));
    if (target) target.open = true;
  }
  document.documentElement.setAttribute("data-ready", "1");
})();
"#;
