//! The folder cargo builds a submission from: the grader's own workspace manifest, lock
//! file and `hw-mock`, with the submission's lab folders linked in under `labs/`.
//!
//! So nothing of the submission outside its labs reaches the build: not its workspace
//! `Cargo.toml` (profiles, patches), not its `hw-mock`, not its `.cargo/config.toml` or
//! `rust-toolchain.toml` (cargo and rustup read those from the folder they run in and its
//! parents, and this folder is in the grader's temp folder, outside the submission).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::workspace::LabCrate;

/// A staged workspace, removed on drop.
pub struct Stage {
    path: PathBuf,
}

impl Stage {
    /// Stages `labs` against the grader's edition at `edition`.
    pub fn new(edition: &Path, labs: &[LabCrate]) -> std::io::Result<Stage> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "netlabs-build-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(path.join("labs"))?;
        let stage = Stage { path };
        // Exactly the labs linked below: a glob like `labs/*` would match nothing (and
        // cargo refuse it) when no lab of the submission may be built.
        let mut members: Vec<String> = labs
            .iter()
            .map(|lab| format!("labs/{}", lab.dir.file_name().unwrap_or_default().display()))
            .collect();
        members.push("hw-mock".to_string());
        std::fs::write(
            stage.path.join("Cargo.toml"),
            with_members(
                &std::fs::read_to_string(edition.join("Cargo.toml"))?,
                &members,
            )
            .map_err(std::io::Error::other)?,
        )?;
        let lock = edition.join("Cargo.lock");
        if lock.exists() {
            std::fs::copy(&lock, stage.path.join("Cargo.lock"))?;
        }
        std::os::unix::fs::symlink(
            std::path::absolute(edition.join("hw-mock"))?,
            stage.path.join("hw-mock"),
        )?;
        for lab in labs {
            let name = lab.dir.file_name().unwrap_or_default();
            std::os::unix::fs::symlink(
                std::path::absolute(&lab.dir)?,
                stage.path.join("labs").join(name),
            )?;
        }
        Ok(stage)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A workspace manifest with its members set to `members`: an edit of the parsed
/// manifest, so the profiles, which name the builds, stay as they are. The stage, a
/// student's copy and the Gradescope bundle each list their own members (the bundle's
/// manifest has no labs, the instructor's has the grader).
pub fn with_members(manifest: &str, members: &[String]) -> Result<String, toml::de::Error> {
    let mut manifest: toml::Table = manifest.parse()?;
    if let Some(toml::Value::Table(workspace)) = manifest.get_mut("workspace") {
        let members = members.iter().cloned().map(toml::Value::String).collect();
        workspace.insert("members".to_string(), toml::Value::Array(members));
    }
    Ok(manifest.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_set_and_the_profiles_kept() {
        let instructor: toml::Table = include_str!("../../Cargo.toml").parse().unwrap();
        let members = vec!["labs/09-tcp-echo".to_string(), "hw-mock".to_string()];
        let staged: toml::Table = with_members(include_str!("../../Cargo.toml"), &members)
            .unwrap()
            .parse()
            .unwrap();
        let listed: Vec<&str> = staged["workspace"]["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        assert_eq!(listed, ["labs/09-tcp-echo", "hw-mock"]);
        assert_eq!(staged["profile"], instructor["profile"]);
    }

    #[test]
    fn a_submission_with_no_buildable_lab_stages_a_workspace_cargo_accepts() {
        let stage = Stage::new(&crate::paths::checkout(), &[]).unwrap();
        let status = std::process::Command::new(env!("CARGO"))
            .args([
                "metadata",
                "--offline",
                "--no-deps",
                "--format-version",
                "1",
            ])
            .current_dir(stage.path())
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "cargo refused the staged manifest");
    }
}
