//! The grader's layers, enforced: data flows one way (command line → grade → workspace →
//! runner → outcome → report), so the modules below the command line never reach up into
//! it, and nothing below the runner prints (reports are the only writers; the commands
//! print what they return).
//!
//! A plain scan of the source, line by line, is enough: it names `file:line` for each
//! `crate::batch` (or any other command-level module) used from below, and each printing
//! macro there. Comment lines and the `#[cfg(test)]` tail of a file are not scanned (tests
//! may print and may use anything).

use std::path::Path;
use std::sync::OnceLock;

use regex::Regex;

/// The modules below the command line, as paths under `grader/src/` (a folder ends in `/`).
const LOWER: &[&str] = &[
    "check.rs",
    "explain.rs",
    "harness/",
    "labs/",
    "outcome.rs",
    "peers/",
    "random.rs",
    "report/",
    "runner.rs",
    "schedule.rs",
    "snapshot.rs",
];

/// Command-level modules: the command line and what only it drives.
const UPPER: &str = "batch|bench|commands|dev_check|export|release|watch";

/// Every layering violation in the grader's source under `root`.
pub fn check(root: &Path, problems: &mut Vec<String>) {
    let src = root.join("grader/src");
    for entry in walkdir::WalkDir::new(&src)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let path = entry.path();
        let Ok(relative) = path.strip_prefix(&src) else {
            continue;
        };
        let relative = relative.to_string_lossy();
        let lower = LOWER.iter().any(|l| match l.strip_suffix('/') {
            Some(folder) => relative.starts_with(&format!("{folder}/")),
            None => relative == *l,
        });
        if !lower || !relative.ends_with(".rs") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        scan(&format!("grader/src/{relative}"), &text, problems);
    }
}

/// The violations in one lower module's text, named by `file`.
fn scan(file: &str, text: &str, problems: &mut Vec<String>) {
    static PATTERNS: OnceLock<(Regex, Regex)> = OnceLock::new();
    let (upward, printing) = PATTERNS.get_or_init(|| {
        (
            Regex::new(&format!(r"\bcrate::({UPPER})\b")).expect("a valid pattern"),
            Regex::new(r"\b(e?println|e?print|dbg)!\s*[(\[{]").expect("a valid pattern"),
        )
    });
    for (i, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("#[cfg(test)]") {
            break;
        }
        if code.starts_with("//") {
            continue;
        }
        let at = format!("{file}:{}", i + 1);
        if let Some(found) = upward.find(code) {
            problems.push(format!(
                "{at}: `{}` reaches up from a lower layer into a command-level module \
                 (see ARCHITECTURE.md, Invariants: move what both need down, e.g. into report/)",
                found.as_str()
            ));
        }
        if let Some(found) = printing.captures(code) {
            problems.push(format!(
                "{at}: `{}!` prints below the runner (return the text; a report or a command \
                 writes it)",
                &found[1]
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "//! A report that breaks both rules.\n\
        use crate::batch::Options;\n\
        // crate::batch in a comment is fine, and so is println!(\"x\").\n\
        pub fn render() -> String {\n\
        \x20   eprintln!(\"rendering\");\n\
        \x20   crate::commands::fail(\"x\", 1);\n\
        \x20   String::new()\n\
        }\n\
        #[cfg(test)]\n\
        mod tests { fn f() { println!(\"tests may print\"); } }\n";

    #[test]
    fn a_lower_module_that_reaches_up_or_prints_is_named_by_line() {
        let mut problems = Vec::new();
        scan("grader/src/report/bad.rs", SAMPLE, &mut problems);
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems[0].starts_with("grader/src/report/bad.rs:2: `crate::batch`"));
        assert!(problems[1].starts_with("grader/src/report/bad.rs:5: `eprintln!`"));
        assert!(problems[2].starts_with("grader/src/report/bad.rs:6: `crate::commands`"));
    }

    #[test]
    fn only_lower_modules_are_held_to_it() {
        let root = std::env::temp_dir().join(format!("netlabs-layers-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for file in ["report/bad.rs", "batch/fine.rs", "outcome.rs"] {
            let path = root.join("grader/src").join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, SAMPLE).unwrap();
        }
        let mut problems = Vec::new();
        check(&root, &mut problems);
        std::fs::remove_dir_all(&root).unwrap();
        let files: Vec<&str> = problems
            .iter()
            .map(|p| p.split(':').next().unwrap())
            .collect();
        assert_eq!(files.len(), 6, "{problems:#?}");
        assert!(files[..3].iter().all(|f| *f == "grader/src/outcome.rs"));
        assert!(files[3..].iter().all(|f| *f == "grader/src/report/bad.rs"));
    }

    #[test]
    fn this_grader_keeps_its_layers() {
        let mut problems = Vec::new();
        check(&crate::grade::this_checkout(), &mut problems);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
