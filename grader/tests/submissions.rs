//! The grader catches broken and hostile submissions: each folder under
//! `fixtures/submissions/` is applied to a copy of the instructor edition and graded, and
//! the test asserts that exactly the checks its `expect.txt` names fail (with the right
//! status and reason), that the run ends within the sum of the checks' deadlines, that no
//! process of the submission is left running, that neither the submission's copy, nor the
//! grader's checkout, nor a canary file outside the sandbox changed, and that the report
//! shows no raw control character.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use grader::grade::{self, Request};
use grader::labs;
use grader::snapshot::Snapshots;
use grader::submission::{self, Expectation};

fn fixtures() -> PathBuf {
    grader::paths::checkout().join("fixtures/submissions")
}

/// Grades one submission and returns what went wrong (empty when all is as expected).
fn grade_submission(folder: &Path, target_dir: &Path) -> Vec<String> {
    let name = folder.file_name().unwrap().to_string_lossy().into_owned();
    let workspace = std::env::temp_dir().join(format!("netlabs-sub-{}-{name}", std::process::id()));
    let expectation = Expectation::read(folder).expect("read expect.txt");
    if let Some(missing) = submission::unmet_requirement(&expectation) {
        eprintln!("{name}: skipped, this machine lacks {missing}");
        return Vec::new();
    }
    let _ = std::fs::remove_dir_all(&workspace);
    submission::copy_workspace(&grader::paths::checkout(), &workspace).expect("copy the workspace");
    if let Err(e) = submission::apply(folder, &workspace) {
        let _ = std::fs::remove_dir_all(&workspace);
        return vec![format!("{name}: {e}")];
    }
    let before = fingerprint(&workspace);
    let request = Request {
        path: workspace.clone(),
        labs: expectation.labs.clone(),
        jobs: 2,
        replacements: Vec::new(),
        target_dir: Some(target_dir.to_path_buf()),
        snapshots: Arc::new(Snapshots::compare(grader::paths::snapshots())),
    };
    let started = Instant::now();
    let report = grade::grade(request, &|_| {}).expect("the submission can be graded");
    let elapsed = started.elapsed();
    let mut problems = Vec::new();
    for check in &report.checks {
        match expectation.expected_failure(&check.id) {
            None if !check.passed() => problems.push(format!(
                "{name}: {} should pass, got {:?}: {}",
                check.id,
                check.status,
                check.reason.as_deref().unwrap_or("")
            )),
            Some(_) if check.passed() => {
                problems.push(format!("{name}: {} should fail, it passed", check.id))
            }
            Some(Some(status)) if check.status.label() != status => problems.push(format!(
                "{name}: {} should fail with status {status}, got {}",
                check.id,
                check.status.label()
            )),
            _ => {}
        }
        if !check.passed() && check.reason.as_deref().unwrap_or("").trim().is_empty() {
            problems.push(format!("{name}: {} failed without a reason", check.id));
        }
    }
    // A hostile program costs at most its checks' deadlines (run two at a time), plus the
    // build of the one patched crate.
    let deadlines: Duration = expectation
        .labs
        .iter()
        .filter_map(|lab| labs::find(lab))
        .flat_map(|lab| lab.checks.iter())
        .map(|check| check.deadline)
        .sum();
    let budget = deadlines / 2 + Duration::from_secs(60);
    if elapsed > budget {
        problems.push(format!(
            "{name}: grading took {elapsed:?}, more than {budget:?}"
        ));
    }
    for (id, text) in &expectation.reasons {
        let reason = report
            .checks
            .iter()
            .find(|c| c.id == *id)
            .and_then(|c| c.reason.clone())
            .unwrap_or_default();
        if !reason.contains(text.as_str()) {
            problems.push(format!(
                "{name}: {id}'s reason should say {text:?}, got {reason:?}"
            ));
        }
    }
    let shown =
        grader::report::details::render(&report, &grader::report::table::Style::plain(), true)
            + &grader::report::junit::render(&report)
            + &grader::report::gradescope::render(&report);
    if let Some(c) = shown
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        problems.push(format!(
            "{name}: the report shows a raw control character {c:?}"
        ));
    }
    if report.checks.is_empty() || report.sandbox.is_empty() {
        problems.push(format!("{name}: the report is incomplete"));
    }
    for path in &expectation.absent {
        if workspace.join(path).exists() {
            problems.push(format!(
                "{name}: {path} exists: the program wrote outside its directory"
            ));
        }
    }
    // What the programs could not change: absent files are reported above by name.
    if expectation
        .absent
        .iter()
        .all(|p| !workspace.join(p).exists())
        && fingerprint(&workspace) != before
    {
        problems.push(format!(
            "{name}: the submission's files changed while it was graded"
        ));
    }
    for leftover in leftovers(&workspace, target_dir) {
        problems.push(format!("{name}: a process was left running: {leftover}"));
    }
    let _ = std::fs::remove_dir_all(&workspace);
    problems
}

/// A hash of every file under `dir` (names and contents, `target/` left out).
fn fingerprint(dir: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
    fn walk(dir: &Path, hasher: &mut std::collections::hash_map::DefaultHasher) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .map(|e| e.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for path in entries {
            if path.file_name().is_some_and(|n| n == "target") {
                continue;
            }
            path.hash(hasher);
            if path.is_dir() {
                walk(&path, hasher);
            } else {
                std::fs::read(&path).unwrap_or_default().hash(hasher);
            }
        }
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    walk(dir, &mut hasher);
    hasher.finish()
}

/// Processes that run a program of this submission, or a fixture's `sleep 31337` (orphan)
/// or `sleep 60.3133N` (double fork, build script).
fn leftovers(workspace: &Path, target_dir: &Path) -> Vec<String> {
    let stash = grader::workspace::stash_dir(target_dir, workspace);
    let ours = |text: &str| {
        text.contains(&*workspace.to_string_lossy())
            || text.contains("sleep 31337")
            || text.contains("sleep 60.3133")
            || text.contains(&*stash.to_string_lossy())
    };
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            ours(&cmdline)
                .then(|| format!("pid {}: {cmdline}", entry.file_name().to_string_lossy()))
        })
        .collect()
}

#[test]
fn every_fixture_submission_fails_exactly_the_expected_checks() {
    let folders = submission::all(&fixtures());
    assert!(
        folders.len() >= 10,
        "expected the fixture submissions under {}",
        fixtures().display()
    );
    let target_dir = grader::paths::checkout().join("target/netlabs-submissions");
    // The grader's expected outputs and lab sources, and a file outside every sandbox.
    let checkout = [
        grader::paths::checkout().join("fixtures/snapshots"),
        grader::paths::checkout().join("labs"),
    ];
    // A fixed path: `server-remounts-writable` tries to overwrite it from inside the jail.
    let canary = Path::new("/tmp/netlabs-canary");
    std::fs::write(canary, "a file no student program may change").unwrap();
    let checkout_before: Vec<u64> = checkout.iter().map(|d| fingerprint(d)).collect();
    // Each worker builds into a target directory of its own, so builds (one lab crate at a
    // time, mostly one core) overlap as well as grading.
    let queue = Mutex::new(folders);
    let problems = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for worker in 0..3 {
            let (queue, problems) = (&queue, &problems);
            let target_dir = target_dir.join(format!("worker-{worker}"));
            scope.spawn(move || {
                while let Some(folder) = queue.lock().unwrap().pop() {
                    let found = grade_submission(&folder, &target_dir);
                    problems.lock().unwrap().extend(found);
                }
            });
        }
    });
    let mut problems = problems.into_inner().unwrap();
    let checkout_after: Vec<u64> = checkout.iter().map(|d| fingerprint(d)).collect();
    if checkout_after != checkout_before {
        problems.push("the grader's checkout (snapshots, labs) changed".to_string());
    }
    if std::fs::read_to_string(canary).ok().as_deref()
        != Some("a file no student program may change")
    {
        problems.push(format!("the canary {} changed", canary.display()));
    }
    let _ = std::fs::remove_file(canary);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
