//! `grade --target`: a lab built for a Raspberry Pi and run under qemu-user is judged as on
//! the PC. qemu adds a thread of its own to every program: the solution must still pass the
//! one-thread check, and a server with a thread per client must still fail it (and only
//! it), also when both are built in one shared directory. Skips (saying so) on a machine without the aarch64 target, its linker or qemu-user.

use std::path::PathBuf;
use std::sync::Arc;

use grader::grade::{self, Request};
use grader::snapshot::Snapshots;
use grader::submission;

/// The checks of lab `nonblocking` of `path` that fail, built for `cross` into `target_dir`.
fn failing(
    path: &std::path::Path,
    cross: &grader::target::CrossTarget,
    target_dir: PathBuf,
) -> Vec<String> {
    let request = Request {
        path: path.to_path_buf(),
        labs: vec!["nonblocking".to_string()],
        jobs: 2,
        replacements: Vec::new(),
        target_dir: Some(target_dir),
        snapshots: Arc::new(Snapshots::compare(grader::paths::snapshots())),
    };
    let report = grade::grade_for(request, Some(cross), &|_| {}).expect("it can be graded");
    report
        .checks
        .iter()
        .filter(|c| !c.passed())
        .map(|c| format!("{}: {}", c.id, c.reason.as_deref().unwrap_or("")))
        .collect()
}

#[test]
fn under_emulation_only_a_thread_per_client_server_fails_the_one_thread_check() {
    let cross = match grader::target::find("aarch64-unknown-linux-gnu") {
        Ok(cross) => cross,
        Err(why) => {
            eprintln!("skipped: {why}");
            return;
        }
    };
    let checkout = grader::paths::checkout();
    let workspace = std::env::temp_dir().join(format!("netlabs-cross-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&workspace);
    submission::copy_workspace(&checkout, &workspace).expect("copy the workspace");
    let fixture = checkout.join("fixtures/submissions/nonblocking-thread-per-client");
    submission::apply(&fixture, &workspace).expect("the fixture applies");
    // One shared build directory, as for a class: the solution built after the wrong
    // submission must not be taken for built (cargo fingerprints it by relative path).
    let shared = checkout.join("target/netlabs-cross");
    let wrong = failing(&workspace, cross, shared.clone());
    let _ = std::fs::remove_dir_all(&workspace);
    assert_eq!(wrong.len(), 1, "{wrong:#?}");
    assert!(
        wrong[0].starts_with("nonblocking/one-thread: "),
        "{wrong:#?}"
    );
    let solution = failing(&checkout, cross, shared);
    assert!(solution.is_empty(), "{solution:#?}");
}
