//! The batch build cache (`NETLABS_BUILD_CACHE`): a lab byte-identical to one built before is
//! not compiled again, yet graded; a lab that differs in one file is compiled, and graded as
//! itself. Each grade builds into a fresh target folder, so whether cargo compiled shows.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use grader::{build_cache, submission};

/// Grades tcp-echo of `workspace` into the fresh target folder `target`: its score, and
/// whether anything was compiled.
fn grade_tcp_echo(workspace: &Path, target: &Path, cache: &Path) -> (u32, bool) {
    let output = Command::new(env!("CARGO_BIN_EXE_grader"))
        .args(["grade", "tcp-echo", "--format", "json", "--path"])
        .arg(workspace)
        .arg("--target-dir")
        .arg(target)
        .env(build_cache::ENV, cache)
        .output()
        .expect("run the grader");
    assert!(output.status.success(), "{output:?}");
    let report = grader::report::json::parse(&String::from_utf8_lossy(&output.stdout)).unwrap();
    (report.score, target.join("debug").exists())
}

fn copy(root: &Path, name: &str, fixture: Option<&str>) -> PathBuf {
    let workspace = root.join(name);
    submission::copy_workspace(&grader::paths::checkout(), &workspace).unwrap();
    if let Some(fixture) = fixture {
        let folder = grader::paths::checkout()
            .join("fixtures/submissions")
            .join(fixture);
        submission::apply(&folder, &workspace).unwrap();
    }
    workspace
}

#[test]
fn identical_labs_are_graded_without_compiling_and_a_changed_one_is_compiled() {
    let root = std::env::temp_dir().join(format!("netlabs-build-cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let cache = root.join("cache");
    let full = 24;

    let first = copy(&root, "first", None);
    assert_eq!(
        grade_tcp_echo(&first, &root.join("t1"), &cache),
        (full, true)
    );

    let same = copy(&root, "same", None);
    assert_eq!(
        grade_tcp_echo(&same, &root.join("t2"), &cache),
        (full, false)
    );

    let changed = copy(&root, "changed", Some("server-never-answers"));
    let (score, compiled) = grade_tcp_echo(&changed, &root.join("t3"), &cache);
    assert!(compiled, "a changed lab must be compiled");
    assert!(
        score < full,
        "the changed lab was graded as the cached one: {score}"
    );
    let _ = std::fs::remove_dir_all(&root);
}
