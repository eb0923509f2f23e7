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
        std::fs::write(
            stage.path.join("Cargo.toml"),
            student_manifest(&std::fs::read_to_string(edition.join("Cargo.toml"))?)
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

/// The instructor edition's workspace manifest without the grader (`grader` and
/// `grader/core`): the labs and hw-mock (an edit of the parsed manifest, so the profiles,
/// which name the builds, stay as they are).
pub fn student_manifest(manifest: &str) -> Result<String, toml::de::Error> {
    let mut manifest: toml::Table = manifest.parse()?;
    let members = manifest
        .get_mut("workspace")
        .and_then(|workspace| workspace.get_mut("members"))
        .and_then(toml::Value::as_array_mut);
    if let Some(members) = members {
        members.retain(|member| !member.as_str().is_some_and(is_grader));
    }
    Ok(manifest.to_string())
}

/// Whether a workspace member is the grader or its core crate.
fn is_grader(member: &str) -> bool {
    member == "grader" || member.starts_with("grader/")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_student_manifest_has_every_member_but_the_grader_and_the_same_profiles() {
        let instructor: toml::Table = include_str!("../../Cargo.toml").parse().unwrap();
        let student: toml::Table = super::student_manifest(include_str!("../../Cargo.toml"))
            .unwrap()
            .parse()
            .unwrap();
        let members = |t: &toml::Table| t["workspace"]["members"].as_array().unwrap().clone();
        let mut expected = members(&instructor);
        expected.retain(|m| !["grader", "grader/core"].contains(&m.as_str().unwrap()));
        assert_eq!(expected.len() + 2, members(&instructor).len());
        assert_eq!(members(&student), expected);
        assert_eq!(student["profile"], instructor["profile"]);
    }
}
