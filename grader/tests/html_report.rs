//! The HTML class report in a real headless browser: the page's script must have sorted the
//! table (best total first, or as the address asks), counted the rows, and the chart must
//! lead with the check the class fails most; student-controlled text must stay text.
//!
//! The class is made of reports built here from the tcp-echo and udp-echo checks, so no
//! lab is compiled. Skipped (with a note) where no Chromium is installed.

use std::path::PathBuf;
use std::time::Duration;

use crate::browser::{chromium, dump_dom, run};

use grader::labs;
use grader::outcome::{Outcome, Status};
use grader::report::class::{Class, Graded, LabColumn};
use grader::report::{Report, html};
use grader::transcript::{Event, Kind};

const HOSTILE: &str = "bea <script>alert(1)</script>";

fn outcome(lab: &str, name: &str, status: Status) -> Outcome {
    let check = labs::find(lab)
        .unwrap()
        .checks
        .iter()
        .find(|c| c.name == name)
        .unwrap();
    let passed = status == Status::Passed;
    Outcome {
        id: check.id(),
        lab: check.lab.to_string(),
        name: check.name.to_string(),
        description: check.description.to_string(),
        hint: check.hint.to_string(),
        status,
        score: if passed { check.points } else { 0 },
        max_score: check.points,
        reason: None,
        diff: None,
        transcript: Vec::new(),
        outputs: Vec::new(),
        elapsed_ms: 1.0,
        required_wait_ms: 0.0,
    }
}

/// Every check of tcp-echo and udp-echo, passed unless `change` says otherwise.
fn report(change: impl Fn(&mut Outcome)) -> Report {
    let outcomes = ["tcp-echo", "udp-echo"]
        .iter()
        .flat_map(|lab| labs::find(lab).unwrap().checks.iter())
        .map(|check| {
            let mut o = outcome(check.lab, check.name, Status::Passed);
            change(&mut o);
            o
        })
        .collect();
    Report::new(outcomes, 1000.0, "test".into())
}

fn event(ms: u64, kind: Kind, head: &str, detail: &str) -> Event {
    Event {
        at: Duration::from_millis(ms),
        conn: 1,
        kind,
        peer: "server".into(),
        bytes: head.len(),
        head: head.into(),
        detail: detail.into(),
    }
}

fn class() -> Class {
    let ada = report(|o| {
        if o.lab == "tcp-echo" {
            o.status = Status::BuildFailed;
            o.score = 0;
            o.reason = Some("does not compile:\nerror[E0308]: mismatched types".into());
        }
    });
    let bea = report(|o| {
        if o.id == "tcp-echo/server-hello" {
            o.status = Status::Failed;
            o.score = 0;
            o.reason = Some("expected the hello back, got nothing <b>bold</b>".into());
            o.diff = Some("--- expected\n+++ actual\n-hello\n+<img src=x onerror=alert(2)>".into());
            o.transcript = vec![
                event(1, Kind::Connect, "", ""),
                event(2, Kind::Send, "hello\\n", ""),
                event(500, Kind::Timeout, "", "no reply in 500 ms"),
            ];
        }
    });
    let cyd = report(|_| {});
    // Has not started udp-echo: its checks stop at todo!() (its usage check passes).
    let eve = report(|o| {
        if o.lab == "udp-echo" && o.name != "bad-input" {
            o.status = Status::NotImplemented;
            o.score = 0;
        }
    });
    let column = |lab: &str| LabColumn {
        package: lab.into(),
        number: labs::find(lab).unwrap().folder[..2].into(),
        max_score: labs::find(lab)
            .unwrap()
            .checks
            .iter()
            .map(|c| c.points)
            .sum(),
    };
    let graded = |name: &str, result: Result<Report, String>| Graded {
        student: name.into(),
        path: PathBuf::from(format!("/class/{name}")),
        result,
        seconds: 1.0,
    };
    Class {
        labs: vec![column("tcp-echo"), column("udp-echo")],
        students: vec![
            graded("ada", Ok(ada)),
            graded(HOSTILE, Ok(bea)),
            graded("cyd", Ok(cyd)),
            graded("eve", Ok(eve)),
            graded(
                "dan",
                Err("grading took longer than 60 s and was stopped".into()),
            ),
        ],
        elapsed_s: 12.0,
        parallel: 2,
    }
}

/// The ids of the table's rows, in the order the page shows them.
fn row_order(dom: &str) -> Vec<String> {
    dom.match_indices("<tr id=\"row-")
        .map(|(at, _)| {
            let rest = &dom[at + "<tr id=\"".len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

#[test]
fn the_class_report_sorts_charts_and_escapes_in_a_browser() {
    let class = class();
    let page = html::render(&class);
    // Before any script: rows in the class's order (by name), nothing fetched from anywhere.
    assert_eq!(
        row_order(&page),
        ["row-0", "row-1", "row-2", "row-3", "row-4"]
    );
    assert!(
        !page.contains("<script>alert(1)"),
        "a student's name became markup"
    );
    assert!(!page.contains("<img src=x"), "a diff became markup");
    let external = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(
        !external.contains("http://") && !external.contains("https://"),
        "the page must not fetch anything"
    );

    let Some(browser) = chromium() else {
        eprintln!("SKIPPED: no chromium on PATH; the report's script was not run in a browser");
        return;
    };
    let dir = std::env::temp_dir().join(format!("netlabs-html-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("report.html");
    std::fs::write(&file, &page).unwrap();
    let url = format!("file://{}", file.display());

    let dom = dump_dom(&browser, &url, &dir.join("profile"));
    assert!(
        dom.contains("data-ready=\"1\""),
        "the script did not run to its end:\n{dom}"
    );
    // Best total first: cyd 44, bea 42, eve 25, ada 20, dan (not graded) 0.
    assert_eq!(
        row_order(&dom),
        ["row-2", "row-1", "row-3", "row-0", "row-4"]
    );
    assert!(dom.contains("data-sort-key=\"total\"") && dom.contains("data-sort-dir=\"desc\""));
    assert!(dom.contains("<th data-key=\"total\" data-type=\"num\" aria-sort=\"descending\">"));
    assert!(dom.contains("5 of 5 students"), "the row count");
    // The chart leads with the check both ada (build) and bea (wrong behaviour) fail.
    let first_bar = dom.find("<g class=\"bar\"").expect("a chart bar");
    assert!(dom[first_bar..].starts_with("<g class=\"bar\" data-check=\"tcp-echo/server-hello\""));
    assert!(dom[first_bar..first_bar + 2000].contains("2/4 (50%)"));
    // eve's untouched udp-echo is not a failure of the class: it is counted apart.
    assert!(
        !dom.contains("<g class=\"bar\" data-check=\"udp-echo/"),
        "todo in the chart"
    );
    assert!(
        dom.contains("<code>udp-echo</code> 1/4"),
        "labs not started"
    );
    assert!(dom.contains("not started: <code>udp-echo</code>"));
    // The drill-down: the build failure once, the reason, the diff and the wire.
    assert!(dom.contains("tcp-echo</code> did not build"));
    assert!(dom.contains("&lt;b&gt;bold&lt;/b&gt;"));
    assert!(dom.contains("+&lt;img src=x onerror=alert(2)&gt;"));
    assert!(dom.contains("grader gave up waiting for server: no reply in 500 ms"));
    assert!(dom.contains("grading took longer than 60 s and was stopped"));
    // Student-controlled text stayed text after the scripts ran.
    assert!(dom.contains("bea &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!dom.contains("<script>alert(1)"));
    assert!(!dom.contains("<img src=x"));

    // The address can ask for another order.
    let dom = dump_dom(
        &browser,
        &format!("{url}#sort=student:asc"),
        &dir.join("profile"),
    );
    assert_eq!(
        row_order(&dom),
        ["row-0", "row-1", "row-2", "row-4", "row-3"]
    );
    assert!(dom.contains("<th data-key=\"student\" data-type=\"text\" aria-sort=\"ascending\">"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A class of `n`: the five students above over and over, with long transcripts, and a
/// column for every lab of the course (the table's widest form).
fn big_class(n: usize) -> Class {
    let mut class = class();
    class.labs = labs::LABS
        .iter()
        .map(|lab| LabColumn {
            package: lab.package.into(),
            number: lab.folder[..2].into(),
            max_score: lab.checks.iter().map(|c| c.points).sum(),
        })
        .collect();
    let model = class.students.clone();
    class.students = (0..n)
        .map(|i| {
            let mut student = model[i % model.len()].clone();
            student.student = format!("student-{i:03} {}", student.student);
            if let Ok(report) = &mut student.result {
                for check in report.checks.iter_mut().filter(|c| !c.passed()) {
                    check.transcript = (0..200)
                        .map(|ms| event(ms, Kind::Recv, "0123456789abcdef", ""))
                        .collect();
                }
            }
            student
        })
        .collect();
    class
}

#[test]
fn a_class_of_300_fits_a_1366_pixel_screen_and_a_few_megabytes() {
    let page = html::render(&big_class(300));
    let megabytes = page.len() as f64 / 1e6;
    eprintln!("HTML report for 300 students: {megabytes:.2} MB");
    assert!(megabytes < 8.0, "{megabytes:.2} MB for 300 students");
    // Transcripts start collapsed.
    assert!(!page.contains("<details class=\"sub\" open>"));

    let Some(browser) = chromium() else {
        eprintln!("SKIPPED: no chromium on PATH; the width was not measured");
        return;
    };
    let dir = std::env::temp_dir().join(format!("netlabs-html-width-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // The page, plus a line that writes down how wide its content is once laid out: the
    // page's own width, or more if a box inside it (the scores table's) scrolls sideways.
    let measured = page.replace(
        "</body>",
        "<script>let w = document.documentElement.scrollWidth;\n\
         for (const e of document.querySelectorAll('body *')) {\n\
           if (getComputedStyle(e).overflowX !== 'visible' && e.scrollWidth > e.clientWidth) w = Math.max(w, 1366 + e.scrollWidth - e.clientWidth);\n\
         }\n\
         document.body.dataset.scrollWidth = w;</script></body>",
    );
    let file = dir.join("report.html");
    std::fs::write(&file, &measured).unwrap();
    let url = format!("file://{}", file.display());
    let size = "--window-size=1366,900";
    let dom = run(&browser, &dir.join("profile"), &[size, "--dump-dom", &url]);
    let width: u32 = dom
        .split("data-scroll-width=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("no width measured:\n{}", &dom[..dom.len().min(2000)]));
    assert!(width <= 1366, "the page is {width} px wide at 1366 px");
    // A screenshot for a human to look at (kept next to the test's other output).
    let png = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("class-report-1366.png");
    let shot = format!("--screenshot={}", png.display());
    run(&browser, &dir.join("profile"), &[size, &shot, &url]);
    assert!(png.is_file(), "no screenshot at {}", png.display());
    eprintln!("screenshot: {} (page {width} px wide)", png.display());
    let _ = std::fs::remove_dir_all(&dir);
}
