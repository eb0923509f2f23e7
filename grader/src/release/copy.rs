//! Copying the workspace into the student edition, file by file: what is copied (the
//! [`COPIED`](super::COPIED) entries, never build output, `.git`, snapshot-review leftovers
//! or what is instructor-only) and what happens to each file on its way (the student
//! README, instructor-only blocks removed, solution regions replaced by their starters).
//!
//! The walk is `walkdir`'s: sorted, symlinks copied as links and never followed, so a
//! symlink loop cannot make it go round.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::instructor::{INSTRUCTOR_ONLY, strip_instructor_only};
use super::regions::{rewrite_regions, with_allowance};
use super::{COPIED, MarkerError, README, ReleaseError, SENTINEL, Written, leaks, readme};

/// Build output, never copied (folders named `target` are skipped at any depth).
const BUILD_OUTPUT: &[&str] = &["docs/book"];

/// Files that are leftovers of a snapshot review, never copied.
const LEFTOVER_SUFFIXES: &[&str] = &[".pending-snap", ".snap.new"];

/// Refuses an `--out` inside the workspace (the copy would copy itself) unless it is in a
/// build folder, or one holding something else; clears a previous release with `force`.
pub(super) fn prepare_out(from: &Path, out: &Path, force: bool) -> Result<(), ReleaseError> {
    let resolved = resolve(out);
    if resolved == from || (resolved.starts_with(from) && !in_build_folder(from, &resolved)) {
        return Err(ReleaseError::Out(format!(
            "--out {} is inside the workspace being released; pick a folder outside it (or under target/)",
            out.display()
        )));
    }
    if from.starts_with(&resolved) {
        return Err(ReleaseError::Out(format!(
            "--out {} contains the workspace being released",
            out.display()
        )));
    }
    let non_empty = std::fs::read_dir(out)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if non_empty {
        if !force {
            return Err(ReleaseError::Out(format!(
                "{} is not empty; pass --force to replace a previous student edition there \
                 (its .git and target/ are kept)",
                out.display()
            )));
        }
        for entry in COPIED {
            let path = out.join(entry);
            let result = match std::fs::symlink_metadata(&path) {
                Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(&path),
                Ok(_) => std::fs::remove_file(&path),
                Err(_) => Ok(()),
            };
            result.map_err(|e| ReleaseError::Io(path, e))?;
        }
    }
    std::fs::create_dir_all(out).map_err(|e| ReleaseError::Io(out.to_path_buf(), e))
}

/// Whether `path`, inside the workspace `from`, is in one of its build folders: `target/`,
/// or any folder cargo marked as its own (`CACHEDIR.TAG`: a `CARGO_TARGET_DIR` such as
/// `target2/`). No build folder is copied (see [`COPIED`](super::COPIED)).
fn in_build_folder(from: &Path, path: &Path) -> bool {
    path.starts_with(from.join("target"))
        || path
            .ancestors()
            .take_while(|folder| *folder != from)
            .any(|folder| folder.join("CACHEDIR.TAG").is_file())
}

/// `path` with symlinks resolved as far as it exists.
fn resolve(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    resolved.extend(rest.iter().rev());
    resolved
}

/// `rel` as a relative path with `/`, whatever the platform.
pub(super) fn slash(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What a copy gathers on its way.
pub(super) struct Copying<'a> {
    pub written: &'a mut Written,
    pub errors: &'a mut Vec<MarkerError>,
    pub solution: &'a mut leaks::SolutionLines,
}

/// Whether the walk skips the entry `rel` (relative to the workspace), named `file_name`.
fn skipped(rel: &str, file_name: &str) -> bool {
    BUILD_OUTPUT.contains(&rel)
        || file_name == "target"
        || file_name == ".git"
        || LEFTOVER_SUFFIXES.iter().any(|s| file_name.ends_with(s))
}

/// Copies the entry `entry` of the workspace at `from` (a file or a folder, with all it
/// holds) into `out`.
pub(super) fn copy(
    from: &Path,
    out: &Path,
    entry: &str,
    copying: &mut Copying,
) -> Result<(), ReleaseError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |e| ReleaseError::Io(path, e)
    };
    let mut left_out = Vec::new();
    let walk = WalkDir::new(from.join(entry))
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let rel = slash(e.path().strip_prefix(from).unwrap_or(e.path()));
            if INSTRUCTOR_ONLY.contains(&rel.as_str()) {
                left_out.push(rel);
                return false;
            }
            !skipped(&rel, &e.file_name().to_string_lossy())
        });
    for found in walk {
        let found = found.map_err(|e| {
            let path = e.path().unwrap_or(from).to_path_buf();
            ReleaseError::Io(path, e.into())
        })?;
        let source = found.path();
        let rel = source.strip_prefix(from).unwrap_or(source);
        let target = out.join(rel);
        if found.path_is_symlink() {
            let link = std::fs::read_link(source).map_err(io(source))?;
            std::os::unix::fs::symlink(link, &target).map_err(io(&target))?;
        } else if found.file_type().is_dir() {
            std::fs::create_dir_all(&target).map_err(io(&target))?;
        } else {
            copy_file(&slash(rel), source, &target, copying)?;
        }
    }
    copying.written.left_out.extend(left_out);
    Ok(())
}

/// Copies one file, `name` in the workspace, and rewrites its text for the student.
fn copy_file(
    name: &str,
    source: &Path,
    target: &Path,
    copying: &mut Copying,
) -> Result<(), ReleaseError> {
    let Copying {
        written, errors, ..
    } = copying;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |e| ReleaseError::Io(path, e)
    };
    // Copy first (keeps the mode, e.g. of scripts), then rewrite the text if needed.
    std::fs::copy(source, target).map_err(io(source))?;
    written.files += 1;
    let Ok(text) = std::fs::read_to_string(source) else {
        return Ok(()); // not text: copied as is
    };
    if name == README {
        let student = readme::student_readme(&text);
        return std::fs::write(target, student).map_err(io(target));
    }
    let mut new_text = match strip_instructor_only(name, &text) {
        Ok((stripped, blocks)) => {
            written.instructor_blocks += blocks;
            stripped
        }
        Err(e) => {
            errors.push(e);
            return Ok(());
        }
    };
    if let Some(lab) = name.strip_prefix("labs/").filter(|_| name.ends_with(".rs")) {
        let lab = lab.split('/').next().unwrap_or_default().to_string();
        let sentinels = text
            .lines()
            .filter(|l| l.trim_start().starts_with(SENTINEL))
            .count();
        if sentinels > 0 {
            *written.sentinels.entry(lab.clone()).or_default() += sentinels;
        }
        copying.solution.add(&text);
        match rewrite_regions(name, &new_text) {
            Ok((rewritten, 0)) => new_text = rewritten,
            Ok((rewritten, regions)) => {
                new_text = with_allowance(&rewritten);
                *written.regions.entry(lab).or_default() += regions;
                written.rewritten_files += 1;
            }
            Err(e) => {
                errors.push(e);
                return Ok(());
            }
        }
    } else if name.ends_with(".rs") {
        // The grader's and hw-mock's code may say what a solution says: not a leak.
        copying.solution.add(&text);
    }
    if new_text != text {
        std::fs::write(target, new_text).map_err(io(target))?;
    }
    Ok(())
}

/// The lab folders under `labs/`, sorted.
pub(super) fn lab_folders(labs: &Path) -> Vec<String> {
    let mut folders: Vec<String> = std::fs::read_dir(labs)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().join("Cargo.toml").exists())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    folders.sort();
    folders
}

#[cfg(test)]
mod tests {
    use super::in_build_folder;

    /// A `CARGO_TARGET_DIR` inside the workspace (cargo marks it with `CACHEDIR.TAG`) is a
    /// build folder like `target/`; the workspace's own folders are not.
    #[test]
    fn build_folders_are_target_or_marked_by_cargo() {
        let workspace =
            std::env::temp_dir().join(format!("netlabs-build-folder-{}", std::process::id()));
        let marked = workspace.join("target2");
        std::fs::create_dir_all(&marked).unwrap();
        std::fs::create_dir_all(workspace.join("labs")).unwrap();
        std::fs::write(
            marked.join("CACHEDIR.TAG"),
            "Signature: 8a477f597d28d172789f06886806bc55",
        )
        .unwrap();
        let found = |rel: &str| in_build_folder(&workspace, &workspace.join(rel));
        let answers = [
            found("target/student-edition"),
            found("target2/tmp/student-edition"),
            found("labs/student-edition"),
            found("student-edition"),
        ];
        std::fs::remove_dir_all(&workspace).unwrap();
        assert_eq!(answers, [true, true, false, false]);
    }
}
