//! `grader bench`: figures, not a test. How long a full grade of a built checkout takes
//! against the waits its checks need by design, how long a cold build takes, and how fast
//! some labs and peers are. Nothing here asserts: it prints a table for a person to read.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

use crate::grade::{self, Request};
use crate::snapshot::{self, Snapshots};
use crate::workspace;

/// One figure of the benchmark.
pub struct Figure {
    pub name: String,
    pub value: String,
    pub note: String,
}

fn figure(name: &str, value: String, note: &str) -> Figure {
    Figure { name: name.to_string(), value, note: note.to_string() }
}

/// Runs every measurement on the checkout at `root`.
pub fn run(root: &Path, rounds: usize) -> Vec<Figure> {
    let mut figures = Vec::new();
    figures.extend(full_grade(root, rounds));
    figures.extend(cold_build(root));
    figures.extend(port_scan(root));
    figures
}

fn full_grade(root: &Path, rounds: usize) -> Vec<Figure> {
    let mut walls = Vec::new();
    let mut required = 0.0;
    let mut passed = true;
    for _ in 0..rounds.max(1) {
        let request = Request {
            path: root.to_path_buf(),
            labs: Vec::new(),
            jobs: grade::default_jobs(),
            replacements: Vec::new(),
            target_dir: None,
            snapshots: Arc::new(Snapshots::compare(snapshot::default_dir())),
        };
        let started = Instant::now();
        match grade::grade(request, &|_| {}) {
            Ok(report) => {
                walls.push(started.elapsed().as_secs_f64());
                required = report.required_wait_ms / 1000.0;
                passed &= report.all_passed();
            }
            Err(e) => return vec![figure("full grade", "failed".into(), &e.to_string())],
        }
    }
    walls.sort_by(f64::total_cmp);
    let median = walls[walls.len() / 2];
    let jobs = grade::default_jobs() as f64;
    let floor = required / jobs;
    vec![
        figure("full grade, wall (median)", format!("{median:.2} s"), &format!("{} rounds, {} jobs, built checkout{}", walls.len(), jobs, if passed { "" } else { ", NOT all passed" })),
        figure("waits required by the checks (sum)", format!("{required:.2} s"), "timeouts under test, retries"),
        figure("ratio wall / required waits", format!("{:.2}", median / required.max(1e-9)), "target ≤ 1.25"),
        figure("ratio wall / (required waits / jobs)", format!("{:.2}", median / floor.max(1e-9)), "waits overlap across jobs"),
    ]
}

fn cold_build(root: &Path) -> Vec<Figure> {
    let target = std::env::temp_dir().join(format!("netlabs-bench-target-{}", std::process::id()));
    let labs = match workspace::find_labs(root) {
        Ok(labs) => labs,
        Err(e) => return vec![figure("cold build", "failed".into(), &e.to_string())],
    };
    let started = Instant::now();
    let build = workspace::build(root, &labs, Some(&target));
    let elapsed = started.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(&target);
    match build {
        Ok(build) if build.errors.is_empty() => vec![figure(
            "cold build of every lab",
            format!("{elapsed:.1} s"),
            &format!("{} labs, fresh target dir, dev profile", labs.len()),
        )],
        Ok(build) => vec![figure("cold build", "failed".into(), &format!("{} labs did not build", build.errors.len()))],
        Err(e) => vec![figure("cold build", "failed".into(), &e.to_string())],
    }
}

/// The service-names lab's 1–1024 scan of loopback: refused connects are instant.
fn port_scan(root: &Path) -> Vec<Figure> {
    let exe = root.join("target/debug/service-names");
    if !exe.exists() {
        return Vec::new();
    }
    let mut times = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let ok = Command::new(&exe)
            .args(["scan", "--host", "127.0.0.1", "--ports", "1-1024"])
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            return vec![figure("port scan 1-1024", "failed".into(), "service-names scan did not succeed")];
        }
        times.push(started.elapsed());
    }
    times.sort();
    vec![figure(
        "port scan 1-1024 on loopback (median)",
        format!("{:.0} ms", times[2].as_secs_f64() * 1000.0),
        "lab 03, target < 1 s",
    )]
}

/// The figures as a table.
pub fn render(figures: &[Figure]) -> String {
    let width = figures.iter().map(|f| f.name.chars().count()).max().unwrap_or(0);
    let value_width = figures.iter().map(|f| f.value.len()).max().unwrap_or(0);
    figures
        .iter()
        .map(|f| format!("{:width$}  {:>value_width$}  {}\n", f.name, f.value, f.note))
        .collect()
}
