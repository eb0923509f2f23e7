//! `grader batch` over a small class: the instructor edition twice (once as an extracted zip,
//! its workspace one folder down), two fixture submissions (one that does not compile, one
//! whose server never answers) and a folder that is not a workspace. Only the tcp-echo and
//! udp-echo labs are graded, to stay fast.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use grader::batch::{self, Options};
use grader::submission;
use indicatif::ProgressBar;

fn fixture(name: &str) -> PathBuf {
    grader::paths::checkout()
        .join("fixtures/submissions")
        .join(name)
}

/// A student's workspace: the instructor edition, with a fixture submission applied.
fn student(class: &Path, folder: &str, fixture_name: Option<&str>) {
    let workspace = class.join(folder);
    submission::copy_workspace(&grader::paths::checkout(), &workspace).expect("copy the workspace");
    if let Some(name) = fixture_name {
        submission::apply(&fixture(name), &workspace).expect("apply the submission");
    }
}

#[test]
fn grades_a_class_into_a_csv_and_a_failure_summary() {
    let root = std::env::temp_dir().join(format!("netlabs-batch-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let class = root.join("class");
    student(&class, "ada", Some("does-not-compile"));
    student(&class, "bea", Some("server-never-answers"));
    student(&class, "cyd", None);
    student(&class, "dan/netlabs-main", None);
    std::fs::create_dir_all(class.join("eve/empty")).unwrap();

    let mut options = Options::new(&class, Path::new(env!("CARGO_BIN_EXE_grader")));
    options.labs = vec!["tcp-echo".into(), "udp-echo".into()];
    options.jobs = 2;
    options.parallel = 2;
    // A cache that outlives the test, as an instructor's would: later runs reuse its builds.
    options.target_dir = grader::paths::checkout().join("target/netlabs-batch-test");
    let started = Instant::now();
    let graded = batch::run(&options, &ProgressBar::hidden()).expect("the class can be graded");
    let elapsed = started.elapsed();

    let csv = batch::csv(&graded);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows,
        [
            "student,tcp-echo,udp-echo,total,max,percent,note",
            "ada,0,22,22,46,47.8,did not build: tcp-echo",
            "bea,9,22,31,46,67.4,",
            "cyd,24,22,46,46,100.0,",
            "dan,24,22,46,46,100.0,",
            // A field with a comma is quoted.
            "eve,0,0,0,46,0.0,\"no Cargo.toml: not a workspace (expected the repository, or a folder holding only it)\"",
        ],
        "the CSV:\n{csv}"
    );
    assert!(csv.ends_with("\r\n"), "CSV rows end with CRLF");

    // ada's build failure and bea's silent server both fail the seven server checks; the
    // client checks fail only for ada, who did not compile.
    let failing = grader::report::class::failures(&graded);
    let servers: Vec<&str> = failing.iter().take(7).map(|f| f.id.as_str()).collect();
    for id in &servers {
        assert!(
            id.starts_with("tcp-echo/server-"),
            "most failed: {servers:?}"
        );
    }
    for f in failing.iter().take(7) {
        assert_eq!((f.failed, f.graded), (2, 4), "{}", f.id);
        assert_eq!(f.statuses.get("build"), Some(&1), "{}", f.id);
        assert_eq!(f.statuses.get("FAIL"), Some(&1), "{}", f.id);
    }
    assert_eq!(
        failing.len(),
        12,
        "every tcp-echo check fails for someone: {failing:#?}"
    );
    assert!(
        failing[7..]
            .iter()
            .all(|f| f.failed == 1 && f.statuses.get("build") == Some(&1))
    );

    let summary = batch::summary(&graded, &failing);
    assert!(summary.contains("graded 5 submissions"), "{summary}");
    assert!(summary.contains("1 could not be graded"), "{summary}");
    assert!(
        summary.contains("checks the class fails most:"),
        "{summary}"
    );
    let hello = summary
        .lines()
        .find(|l| l.contains("tcp-echo/server-hello"))
        .expect("server-hello in the summary");
    assert!(
        hello.contains("2/4") && hello.contains("50.0%") && hello.contains("1 FAIL, 1 build"),
        "{hello}"
    );

    let json_dir = root.join("results-json");
    batch::write_json(&graded, &json_dir).unwrap();
    for name in ["ada", "bea", "cyd", "dan", "eve"] {
        let text = std::fs::read_to_string(json_dir.join(format!("{name}.json"))).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        if name == "eve" {
            assert!(json["error"].as_str().unwrap().contains("no Cargo.toml"));
        } else {
            assert_eq!(json["schema"], 1, "{name}");
            assert_eq!(json["max_score"], 46, "{name}");
        }
    }
    // The workers' copies are gone; their caches stay.
    for slot in ["slot-0", "slot-1"] {
        let copy = options.target_dir.join(slot).join("workspace");
        assert!(!copy.exists(), "{} was left behind", copy.display());
    }
    assert!(
        elapsed < Duration::from_secs(180),
        "the batch took {elapsed:?}"
    );
    let _ = std::fs::remove_dir_all(&root);
}

/// Processes whose command line mentions `text`.
fn processes_mentioning(text: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            cmdline.contains(text).then_some(cmdline)
        })
        .collect()
}

#[test]
fn a_build_that_hangs_costs_its_deadline_and_leaves_nothing_running() {
    let root = std::env::temp_dir().join(format!("netlabs-batch-hang-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let class = root.join("class");
    student(&class, "fay", None);
    // Build scripts are refused; a constant that takes forever to evaluate is plain std
    // Rust and keeps the compiler busy forever instead.
    let lib = class.join("fay/labs/09-tcp-echo/src/lib.rs");
    let source = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(
        &lib,
        format!(
            "#![allow(long_running_const_eval)]\n{source}\npub const FOREVER: u64 = {{ let mut i = 0; while i < u64::MAX {{ i += 1; }} i }};\n"
        ),
    )
    .unwrap();
    let mut options = Options::new(&class, Path::new(env!("CARGO_BIN_EXE_grader")));
    options.labs = vec!["tcp-echo".into()];
    options.target_dir = root.join("cache");
    options.deadline = Duration::from_secs(5);
    let started = Instant::now();
    let graded = batch::run(&options, &ProgressBar::hidden()).expect("the class can be graded");
    let elapsed = started.elapsed();
    let csv = batch::csv(&graded);
    assert_eq!(
        csv.lines().nth(1),
        Some("fay,0,0,24,0.0,grading took longer than 5 s and was stopped"),
        "{csv}"
    );
    assert!(
        elapsed < Duration::from_secs(30),
        "the hang cost {elapsed:?}"
    );
    let left = processes_mentioning(&root.to_string_lossy());
    assert!(left.is_empty(), "left running: {left:#?}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn an_unknown_lab_is_a_usage_error() {
    let dir = std::env::temp_dir().join(format!("netlabs-batch-usage-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    Command::new(env!("CARGO_BIN_EXE_grader"))
        .arg("batch")
        .arg(&dir)
        .arg("--out")
        .arg(dir.join("results.csv"))
        .args(["--labs", "no-such-lab"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown lab"));
    assert!(!dir.join("results.csv").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
