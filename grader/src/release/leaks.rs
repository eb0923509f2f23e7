//! The leak scan of a student edition: no solution text may survive anywhere, in any
//! language. Two kinds of evidence:
//! - a lab's sentinel comment (one inside a solution region of every lab), on any line of
//!   any text file, whatever its comment syntax (`//`, `#`, a Markdown code block);
//! - a distinctive line of a solution region (long enough, and written nowhere else in the
//!   instructor edition's Rust code), found in any text file: a solution pasted into the
//!   book, a sheet or a script.
//!
//! Solution markers left in a lab's Rust source count too.

use std::collections::BTreeSet;
use std::path::Path;

use super::SENTINEL;
use super::copy::slash;
use super::regions::{SolutionMarker, solution_marker};

/// A solution line shorter than this (trimmed) is too common to be evidence (`}`, `Ok(n)`).
const MIN_DISTINCTIVE: usize = 24;

/// The lines of a lab source's solution regions, and its other lines, trimmed.
#[derive(Debug, Default)]
pub struct SolutionLines {
    inside: BTreeSet<String>,
    outside: BTreeSet<String>,
}

impl SolutionLines {
    /// Files the lines of one instructor-edition Rust source (a lab's, or code without
    /// regions, whose lines are then all "outside").
    pub fn add(&mut self, text: &str) {
        let mut open = false;
        for line in text.lines() {
            match solution_marker(line) {
                Ok(Some(SolutionMarker::Begin(_))) => open = true,
                Ok(Some(SolutionMarker::End)) => open = false,
                _ if open => {
                    self.inside.insert(line.trim().to_string());
                }
                _ => {
                    self.outside.insert(line.trim().to_string());
                }
            }
        }
    }

    /// The lines that only a solution has: evidence of a leak wherever they appear.
    pub fn distinctive(&self) -> BTreeSet<String> {
        self.inside
            .iter()
            .filter(|l| l.chars().count() >= MIN_DISTINCTIVE && !self.outside.contains(*l))
            .cloned()
            .collect()
    }
}

/// Every surviving sentinel, solution line (anywhere) and solution marker (in the labs'
/// Rust sources) in the release at `out`, as `file:line: text`. Also returns how many text
/// files were scanned.
pub fn scan(out: &Path, solution: &BTreeSet<String>) -> (Vec<String>, usize) {
    let mut found = Vec::new();
    let mut scanned = 0;
    let files = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_entry(|e| e.file_name() != "target" && e.file_name() != ".git")
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file());
    for file in files {
        let path = file.path();
        let Ok(text) = std::fs::read_to_string(path) else {
            continue; // not text
        };
        scanned += 1;
        let rel = slash(path.strip_prefix(out).unwrap_or(path));
        let lab_source = rel.starts_with("labs/") && rel.ends_with(".rs");
        for (i, line) in text.lines().enumerate() {
            if is_leak(line, lab_source, solution) {
                found.push(format!("{rel}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    found.sort();
    (found, scanned)
}

fn is_leak(line: &str, lab_source: bool, solution: &BTreeSet<String>) -> bool {
    // A sentinel quoted in backticks is documentation about sentinels, not one.
    let sentinel = line.contains(SENTINEL) && !line.contains(&format!("`{SENTINEL}`"));
    let marker = lab_source && matches!(solution_marker(line), Ok(Some(_)) | Err(_));
    sentinel || marker || solution.contains(line.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_long_lines_found_nowhere_else_are_distinctive() {
        let mut lines = SolutionLines::default();
        lines.add(
            "fn f() {\n    let shared_setup_line = 1234567;\n    // BEGIN SOLUTION\n    let shared_setup_line = 1234567;\n    Ok(n)\n    stream.write_all(&buf[..n])?;\n    // END SOLUTION\n}\n",
        );
        let distinctive = lines.distinctive();
        assert_eq!(
            distinctive.into_iter().collect::<Vec<_>>(),
            ["stream.write_all(&buf[..n])?;"]
        );
    }

    #[test]
    fn a_solution_line_leaks_from_any_file_and_a_sentinel_in_any_comment() {
        let dir = std::env::temp_dir().join(format!("leak-scan-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("docs")).unwrap();
        let solution: BTreeSet<String> = ["stream.write_all(&buf[..n])?;".to_string()].into();
        std::fs::write(
            dir.join("docs/page.md"),
            "Text.\n\n```rust\n        stream.write_all(&buf[..n])?;\n```\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("echo.py"),
            format!("x = 1\n# {SENTINEL}\nmentions `{SENTINEL}` in passing\n"),
        )
        .unwrap();
        let (found, scanned) = scan(&dir, &solution);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(scanned, 2);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("docs/page.md:4: "), "{found:?}");
        assert!(found[1].starts_with("echo.py:2: "), "{found:?}");
    }
}
