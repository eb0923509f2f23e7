//! The instructor edition passes every check, and the expected outputs under
//! `fixtures/snapshots/` are exactly what it prints.
//!
//! This test is where snapshots come from: it grades this checkout with the snapshot store
//! in *record* mode (the same checks and filters as real grading) and hands every recorded
//! output to insta. Re-bless after changing a lab's output with
//! `cargo insta test -p grader --test integration -- snapshots::` and review with
//! `cargo insta review`. Under CI (CI=true) insta never writes: a stale or missing `.snap`
//! fails here.

use std::sync::Arc;

use grader::grade::{self, Request};
use grader::snapshot::Snapshots;

#[test]
fn instructor_edition_scores_full_marks_and_matches_every_snapshot() {
    let snapshots = Arc::new(Snapshots::record(grader::paths::snapshots()));
    let request = Request {
        path: grader::paths::checkout(),
        // GRADER_LABS=host-info,tcp-echo narrows the run while a lab is being written.
        labs: std::env::var("GRADER_LABS")
            .map(|v| v.split(',').map(String::from).collect())
            .unwrap_or_default(),
        jobs: grade::default_jobs(),
        replacements: Vec::new(),
        target_dir: None,
        snapshots: Arc::clone(&snapshots),
    };
    let report = grade::grade(request, &|_| {}).expect("this checkout can be graded");
    let failures: Vec<String> = report
        .checks
        .iter()
        .filter(|c| !c.passed())
        .map(|c| format!("{}: {}", c.id, c.reason.as_deref().unwrap_or("")))
        .collect();
    assert!(
        failures.is_empty(),
        "the instructor edition must pass every check:\n{}",
        failures.join("\n")
    );
    assert_eq!(report.score, report.max_score);
    let recorded = snapshots.recorded();
    assert!(!recorded.is_empty(), "the checks recorded no output");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(grader::paths::snapshots());
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (name, output) in recorded {
            insta::assert_snapshot!(name, output);
        }
    });
}
