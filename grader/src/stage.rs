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
            student_manifest(&std::fs::read_to_string(edition.join("Cargo.toml"))?),
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

/// The instructor edition's workspace manifest without the grader: the labs and hw-mock.
/// Its members are set, not edited: the Gradescope bundle's manifest lists only the grader
/// and hw-mock (it ships no labs, and cargo refuses a glob that matches nothing).
pub fn student_manifest(manifest: &str) -> String {
    let members = regex::Regex::new(r"members\s*=\s*\[[^\]]*\]").expect("a valid regex");
    members
        .replace(manifest, r#"members = ["labs/*", "hw-mock"]"#)
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_staged_manifest_has_the_labs_and_hw_mock_whatever_the_edition_lists() {
        let edition = std::fs::read_to_string(crate::grade::this_checkout().join("Cargo.toml"))
            .expect("the workspace manifest");
        let bundle = crate::export::bundle_manifest(&edition);
        for manifest in [edition, bundle] {
            let staged = student_manifest(&manifest);
            assert!(
                staged.contains(r#"members = ["labs/*", "hw-mock"]"#),
                "{staged}"
            );
            assert!(!staged.contains("\"grader\""), "{staged}");
        }
    }
}
