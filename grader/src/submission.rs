//! A submission to grade that is not a plain folder: the instructor edition with a patch or
//! overlay applied, as kept under `fixtures/submissions/` (the hostile and wrong programs
//! the grader's own tests feed it).
//!
//! A submission folder holds `submission.patch` (applied with `git apply`) and/or files
//! under `labs/` that replace the instructor edition's, plus `expect.txt`, which says
//! which checks must not pass.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Copies the workspace at `from` into `to` (without `target/` and the grader itself), so a
/// patch can be applied to the copy.
pub fn copy_workspace(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for dir in ["labs", "hw-mock"] {
        copy_tree(&from.join(dir), &to.join(dir))?;
    }
    let lock = from.join("Cargo.lock");
    if lock.exists() {
        std::fs::copy(&lock, to.join("Cargo.lock"))?;
    }
    // The same workspace, without the grader (a student's copy needs only the labs).
    let manifest = std::fs::read_to_string(from.join("Cargo.toml"))?;
    std::fs::write(
        to.join("Cargo.toml"),
        crate::stage::with_members(&manifest, &["labs/*".into(), "hw-mock".into()])
            .map_err(std::io::Error::other)?,
    )
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    let walk = walkdir::WalkDir::new(from)
        .into_iter()
        .filter_entry(|e| e.file_name() != "target");
    for entry in walk {
        let entry = entry?;
        let target = to.join(entry.path().strip_prefix(from).unwrap_or(entry.path()));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Applies the submission folder `submission` to the workspace copy at `workspace`.
pub fn apply(submission: &Path, workspace: &Path) -> Result<(), String> {
    let patch = submission.join("submission.patch");
    if patch.exists() {
        let output = Command::new("git")
            .arg("apply")
            .arg(&patch)
            .current_dir(workspace)
            .output()
            .map_err(|e| format!("cannot run git apply: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "{} does not apply (the lab changed? tcp-echo fixtures are rebuilt by \
                 fixtures/submissions/regenerate-tcp-echo.py): {}",
                patch.display(),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    let overlay = submission.join("labs");
    if overlay.exists() {
        copy_tree(&overlay, &workspace.join("labs")).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// What `expect.txt` says.
#[derive(Debug, Default)]
pub struct Expectation {
    /// Labs to grade; by default those the submission touches.
    pub labs: Vec<String>,
    /// Check ids (or `lab/*`) that must not pass, each with the status it must have.
    pub failing: Vec<(String, Option<String>)>,
    /// What the machine must offer for this submission to be run at all
    /// (`namespaces`, `process-limit`, `jail`): a fork bomb is not run where nothing stops
    /// it, and a program that attacks the grader is run only where the jail holds it.
    pub requires: Vec<String>,
    /// Files (relative to the workspace) that must not exist after grading.
    pub absent: Vec<String>,
    /// Check ids whose reason must contain a text (a refused manifest names its line).
    pub reasons: Vec<(String, String)>,
}

impl Expectation {
    pub fn read(submission: &Path) -> Result<Expectation, String> {
        let path = submission.join("expect.txt");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut expectation = Expectation::default();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["grade", labs @ ..] => expectation.labs.extend(labs.iter().map(|l| l.to_string())),
                ["requires", what] => expectation.requires.push(what.to_string()),
                ["absent", path] => expectation.absent.push(path.to_string()),
                ["reason", id, text @ ..] => {
                    expectation.reasons.push((id.to_string(), text.join(" ")))
                }
                ["fail", id] | [id] => expectation.failing.push((id.to_string(), None)),
                ["fail", id, status] => expectation
                    .failing
                    .push((id.to_string(), Some(status.to_string()))),
                _ => return Err(format!("{}: cannot read line {line:?}", path.display())),
            }
        }
        if expectation.labs.is_empty() {
            expectation.labs = touched_labs(submission);
        }
        for (id, _) in &expectation.failing {
            let lab = id.split('/').next().unwrap_or_default().to_string();
            if !expectation.labs.contains(&lab) {
                expectation.labs.push(lab);
            }
        }
        Ok(expectation)
    }

    /// Whether `check_id` is expected to fail, and with which status.
    pub fn expected_failure(&self, check_id: &str) -> Option<Option<&str>> {
        self.failing.iter().find_map(|(id, status)| {
            let matches = id == check_id
                || id
                    .strip_suffix("/*")
                    .is_some_and(|lab| check_id.starts_with(&format!("{lab}/")));
            matches.then_some(status.as_deref())
        })
    }
}

/// The requirement of `requires` this machine does not meet, if any.
pub fn unmet_requirement(expectation: &Expectation) -> Option<&str> {
    use crate::harness::{cgroup, isolation, jail, sandbox};
    expectation
        .requires
        .iter()
        .map(String::as_str)
        .find(|what| match *what {
            "namespaces" => !isolation::network_namespace_works(),
            "process-limit" => cgroup::hierarchy().is_none() && !sandbox::enforced_nproc(),
            "jail" => jail::detect().is_err(),
            _ => true,
        })
}

/// The lab packages whose folders a submission's patch or overlay touches.
fn touched_labs(submission: &Path) -> Vec<String> {
    let mut folders: Vec<String> = Vec::new();
    if let Ok(patch) = std::fs::read_to_string(submission.join("submission.patch")) {
        for line in patch.lines().filter(|l| l.starts_with("+++ b/labs/")) {
            if let Some(folder) = line["+++ b/labs/".len()..].split('/').next() {
                folders.push(folder.to_string());
            }
        }
    }
    if let Ok(entries) = std::fs::read_dir(submission.join("labs")) {
        folders.extend(
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned()),
        );
    }
    let mut labs: Vec<String> = folders
        .iter()
        .filter_map(|folder| crate::labs::LABS.iter().find(|lab| lab.folder == folder))
        .map(|lab| lab.package.to_string())
        .collect();
    labs.dedup();
    labs
}

/// Every submission folder under `dir`, sorted.
pub fn all(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}
