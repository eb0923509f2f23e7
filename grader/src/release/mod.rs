//! `grader release`: the student edition of this checkout, and the proof that it is fit to
//! hand out.
//!
//! The release copies the workspace (without build output, the built book and the
//! instructor-only files; `copy.rs`), replaces every solution region of the labs with its
//! starter (`regions.rs`), removes instructor-only blocks (`instructor.rs`) and the
//! translations of what they held (`po.rs`), and then verifies the copy (`verify.rs`):
//! every lab and its visible tests compile, the grader gives no lab half its points and
//! never errors, and no line of a solution survived (each lab carries a
//! `SOLUTION-SENTINEL` comment inside one of its regions, which must not appear anywhere in
//! the copy).
//!
//! Markers (see `labs/README.md`):
//! - a solution region is the lines between `// BEGIN SOLUTION` and `// END SOLUTION` in a
//!   `.rs` file under `labs/`; it becomes `// TODO: your code here` and the starter, which is
//!   the text after a colon on the BEGIN line, or `todo!("FUNCTION: first sentence of its
//!   doc comment")`. Regions do not nest; an unmatched marker is an error naming file:line.
//! - an instructor-only block is the lines between `INSTRUCTOR ONLY` and `END INSTRUCTOR
//!   ONLY` comment lines (`//`, `#` or `<!-- -->`) in any text file; it is removed with its
//!   markers. Whole files and folders that are instructor-only are listed in
//!   [`INSTRUCTOR_ONLY`].

mod copy;
mod instructor;
mod leaks;
mod po;
mod readme;
mod regions;
mod seed;
mod summary;
mod verify;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub use instructor::{INSTRUCTOR_ONLY, strip_instructor_only};
pub use regions::rewrite_regions;
pub use verify::{LabVerdict, Verification, verify};

use copy::{Copying, copy, lab_folders, prepare_out};

/// What a release copies from the root of the workspace; everything else stays behind
/// (`.git`, `.ci`, `target/`, editor files).
pub const COPIED: &[&str] = &[
    "labs",
    "hw-mock",
    "grader",
    "fixtures",
    "docs",
    "Justfile",
    "README.md",
    "ARCHITECTURE.md",
    "Cargo.toml",
    "Cargo.lock",
    ".gitignore",
    ".cargo",
];

/// The file the student edition gets its own version of (see [`readme`]).
const README: &str = "README.md";

/// The comment put inside one solution region of every lab; written in two halves so that
/// this file does not contain it.
pub const SENTINEL: &str = concat!("// SOLUTION", "-SENTINEL");

/// A marker that does not pair up, or is malformed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for MarkerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Why a release could not be written.
#[derive(Debug)]
pub enum ReleaseError {
    /// `--out` is not a place a release may write to.
    Out(String),
    Io(PathBuf, std::io::Error),
    Markers(Vec<MarkerError>),
}

impl std::fmt::Display for ReleaseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReleaseError::Out(why) => f.write_str(why),
            ReleaseError::Io(path, e) => write!(f, "{}: {e}", path.display()),
            ReleaseError::Markers(errors) => {
                writeln!(f, "the solution markers do not pair up:")?;
                for e in errors {
                    writeln!(f, "  {e}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ReleaseError {}

/// What a release wrote.
#[derive(Debug, Default)]
pub struct Written {
    /// The instructor edition it was made from.
    pub from: PathBuf,
    pub out: PathBuf,
    pub files: usize,
    /// Lab folders copied.
    pub labs: Vec<String>,
    /// Solution regions replaced, per lab folder.
    pub regions: BTreeMap<String, usize>,
    /// Files in which regions were replaced.
    pub rewritten_files: usize,
    pub instructor_blocks: usize,
    /// Messages of the instructor-only text dropped from the book's translations.
    pub translations_pruned: usize,
    /// Instructor-only paths that existed and were left out.
    pub left_out: Vec<String>,
    /// Sentinel comments in the instructor edition, per lab folder.
    pub sentinels: BTreeMap<String, usize>,
    /// The solution regions' distinctive lines, which the leak scan looks for everywhere.
    pub solution_lines: BTreeSet<String>,
}

impl Written {
    pub fn total_regions(&self) -> usize {
        self.regions.values().sum()
    }
}

/// Writes the student edition of the workspace at `from` into `out`.
///
/// `out` must be empty or absent; with `force`, the entries a release writes are replaced
/// and anything else there (`.git`, `target/`) is kept.
pub fn write(from: &Path, out: &Path, force: bool) -> Result<Written, ReleaseError> {
    let from = from
        .canonicalize()
        .map_err(|e| ReleaseError::Io(from.to_path_buf(), e))?;
    let out = std::path::absolute(out).map_err(|e| ReleaseError::Io(out.to_path_buf(), e))?;
    prepare_out(&from, &out, force)?;
    let mut written = Written {
        from: from.clone(),
        out: out.clone(),
        ..Written::default()
    };
    let mut errors = Vec::new();
    let mut solution = leaks::SolutionLines::default();
    for entry in COPIED {
        let source = from.join(entry);
        if source.exists() {
            let mut copying = Copying {
                written: &mut written,
                errors: &mut errors,
                solution: &mut solution,
            };
            copy(&from, &out, entry, &mut copying)?;
        }
    }
    if !errors.is_empty() {
        return Err(ReleaseError::Markers(errors));
    }
    written.translations_pruned = po::prune(&from, &out)?;
    written.solution_lines = solution.distinctive();
    written.labs = lab_folders(&out.join("labs"));
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentinel_is_not_written_out_in_the_release_code() {
        let sources = [
            include_str!("mod.rs"),
            include_str!("copy.rs"),
            include_str!("instructor.rs"),
            include_str!("leaks.rs"),
            include_str!("po.rs"),
            include_str!("readme.rs"),
            include_str!("regions.rs"),
            include_str!("seed.rs"),
            include_str!("summary.rs"),
            include_str!("verify.rs"),
        ];
        let written_out = sources
            .iter()
            .flat_map(|source| source.lines())
            .filter(|l| l.trim_start().starts_with(SENTINEL))
            .count();
        assert_eq!(written_out, 0);
    }
}
