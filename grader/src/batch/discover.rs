//! Which folders under the class folder are submissions, and where each one's workspace
//! is: a clone is the folder itself, an extracted zip usually one folder down.

use std::path::{Path, PathBuf};

/// A submission found under the class folder.
#[derive(Clone, Debug)]
pub struct Submission {
    pub student: String,
    pub path: PathBuf,
}

/// The submissions under `dir`, sorted by student: every visible folder but those in `skip`.
pub fn discover(dir: &Path, skip: &[PathBuf]) -> std::io::Result<Vec<Submission>> {
    let skip: Vec<PathBuf> = skip.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut found: Vec<Submission> = std::fs::read_dir(dir)?
        .flatten()
        .filter(|entry| visible(&entry.file_name().to_string_lossy()) && entry.path().is_dir())
        .filter(|entry| {
            entry
                .path()
                .canonicalize()
                .is_ok_and(|p| !skip.contains(&p))
        })
        .map(|entry| Submission {
            student: entry.file_name().to_string_lossy().into_owned(),
            path: workspace_root(&entry.path()),
        })
        .collect();
    found.sort_by(|a, b| a.student.cmp(&b.student));
    Ok(found)
}

fn visible(name: &str) -> bool {
    !name.starts_with('.') && name != "__MACOSX"
}

/// The workspace inside a student's folder: the folder itself when it has a Cargo.toml,
/// else (a zip extracted with its top folder) the one folder in it, a few levels at most.
pub fn workspace_root(folder: &Path) -> PathBuf {
    let mut here = folder.to_path_buf();
    for _ in 0..3 {
        if here.join("Cargo.toml").is_file() {
            break;
        }
        let subdirs: Vec<PathBuf> = std::fs::read_dir(&here)
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| visible(&e.file_name().to_string_lossy()) && e.path().is_dir())
                    .map(|e| e.path())
                    .collect()
            })
            .unwrap_or_default();
        let with_manifest: Vec<&PathBuf> = subdirs
            .iter()
            .filter(|d| d.join("Cargo.toml").is_file())
            .collect();
        here = match (subdirs.as_slice(), with_manifest.as_slice()) {
            (_, [only]) => (*only).clone(),
            ([only], []) => only.clone(),
            _ => break,
        };
    }
    here
}
