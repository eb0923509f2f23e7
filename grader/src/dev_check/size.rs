//! No grader source file over 600 lines: a file that long holds several concerns, and the
//! next person to change one of them reads all of them. Split it into a folder by concern
//! (as `batch/` and `labs/pi_devices/` are).
//!
//! The grader's sources (both crates, `grader` and `grader-core`) and its tests are held to
//! it; the count is of lines, tests and comments included, because that is what a reader
//! scrolls through.

use std::path::Path;

/// The most lines a grader source file may have.
const MAX_LINES: usize = 600;

/// The folders of the grader whose `.rs` files are held to the limit.
const HELD: &[&str] = &["grader/core/src", "grader/src", "grader/tests"];

/// Every grader source file under `root` over `MAX_LINES`, named with its line count.
pub fn check(root: &Path, problems: &mut Vec<String>) {
    for folder in HELD {
        for entry in walkdir::WalkDir::new(root.join(folder))
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let (Ok(relative), Ok(text)) = (path.strip_prefix(root), std::fs::read_to_string(path))
            else {
                continue;
            };
            problems.extend(judge(&relative.to_string_lossy(), &text));
        }
    }
}

/// The problem with one file's text, if it is too long; `file` is its path from the root.
fn judge(file: &str, text: &str) -> Option<String> {
    let lines = text.lines().count();
    (lines > MAX_LINES).then(|| {
        format!(
            "{file}: {lines} lines, over the limit of {MAX_LINES} (split it into a folder by \
             concern; see ARCHITECTURE.md, Invariants)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(n: usize) -> String {
        (1..=n).map(|i| format!("// line {i}\n")).collect()
    }

    #[test]
    fn a_file_over_the_limit_is_named_with_its_line_count() {
        assert_eq!(judge("grader/src/a.rs", &lines(MAX_LINES)), None);
        assert_eq!(
            judge("grader/src/a.rs", &lines(MAX_LINES + 1)).as_deref(),
            Some(
                "grader/src/a.rs: 601 lines, over the limit of 600 (split it into a folder by \
                 concern; see ARCHITECTURE.md, Invariants)"
            )
        );
    }

    #[test]
    fn sources_and_tests_are_held_and_nothing_else() {
        let root = std::env::temp_dir().join(format!("netlabs-size-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let long = lines(MAX_LINES + 5);
        for file in [
            "grader/core/src/report/long.rs",
            "grader/src/batch/long.rs",
            "grader/src/short.rs",
            "grader/tests/long.rs",
            "grader/src/long.txt",
            "labs/01-x/src/long.rs",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let text = if file.contains("short") {
                lines(3)
            } else {
                long.clone()
            };
            std::fs::write(&path, text).unwrap();
        }
        let mut problems = Vec::new();
        check(&root, &mut problems);
        std::fs::remove_dir_all(&root).unwrap();
        let named: Vec<&str> = problems
            .iter()
            .map(|p| p.split(": ").next().unwrap())
            .collect();
        assert_eq!(
            named,
            [
                "grader/core/src/report/long.rs",
                "grader/src/batch/long.rs",
                "grader/tests/long.rs"
            ]
        );
        assert!(
            problems[0].contains(&format!(": {} lines", MAX_LINES + 5)),
            "{problems:#?}"
        );
    }
}
