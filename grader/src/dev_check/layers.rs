//! The grader's layers, enforced: data flows one way (command line → grade → workspace →
//! runner → outcome → report), so the modules below the command line never reach up into
//! it, and nothing below the runner prints (reports are the only writers; the commands
//! print what they return).
//!
//! The compiler holds most of that line: the lower layers are the `grader-core` crate
//! (`grader/core`), which cannot name the `grader` crate above it. What it cannot hold is
//! scanned here: the labs' checks (`grader/src/labs/`, in the `grader` crate) never reach
//! up into the command line or the grading flow, nothing in `grader-core` but the peers
//! (and no one but the checks) uses the peers, and nothing below the command line prints.
//!
//! A plain scan of the source, line by line, is enough: it names `file:line` for each use
//! a rule forbids (`crate::grade` from a check, `crate::peers` from an outcome...) and each
//! printing macro below the command line. Comment lines and the `#[cfg(test)]` tail of a
//! file are not scanned (tests may print and may use anything).

use std::path::Path;
use std::sync::OnceLock;

use regex::Regex;

/// The `grader-core` crate's source: every module below the command line but the checks.
const CORE: &str = "grader/core/src/";
/// The labs' checks, in the `grader` crate (they name the grader's labs registry).
const CHECKS: &str = "grader/src/labs/";
/// The modules below the command line, as folders from the checkout's root.
const LOWER: &[&str] = &[CORE, CHECKS];

/// A use the lower modules must not make.
struct Rule {
    /// The modules it forbids, as a regex alternation of `crate::` names.
    modules: &'static str,
    /// The lower modules it does not hold (paths from the checkout's root; a folder ends
    /// in `/`).
    exempt: &'static [&'static str],
    /// What is wrong, and what to do instead.
    advice: &'static str,
}

const RULES: &[Rule] = &[
    Rule {
        modules: "batch|bench|commands|dev_check|export|release|watch",
        // `grader-core` cannot name them: the compiler holds that line.
        exempt: &[CORE],
        advice: "reaches up from a lower layer into a command-level module (see ARCHITECTURE.md, \
                 Invariants: move what both need down, e.g. into report/)",
    },
    Rule {
        modules: "build_cache|grade|rules|stage|submission|target|workspace",
        exempt: &[CORE],
        advice: "reaches up from a lower layer into the grading flow (a path of this checkout \
                 is in `crate::paths`; a run's settings come in through `RunEnv` and `Ctx`)",
    },
    Rule {
        modules: "peers",
        exempt: &[CHECKS, "grader/core/src/peers/"],
        advice: "uses the peers outside the checks (only `labs/` starts peers; the recorded \
                 conversation is `crate::transcript`)",
    },
];

/// Every layering violation in the grader's lower modules under `root`.
pub fn check(root: &Path, problems: &mut Vec<String>) {
    for folder in LOWER {
        for entry in walkdir::WalkDir::new(root.join(folder))
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            let path = entry.path();
            let Ok(relative) = path.strip_prefix(root) else {
                continue;
            };
            let relative = relative.to_string_lossy();
            if !relative.ends_with(".rs") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            scan(&relative, &text, problems);
        }
    }
}

/// Whether `relative` (a path from the checkout's root) is one of `modules` or inside one.
fn within(relative: &str, modules: &[&str]) -> bool {
    modules.iter().any(|m| match m.strip_suffix('/') {
        Some(folder) => relative.starts_with(&format!("{folder}/")),
        None => relative == *m,
    })
}

/// The violations in one lower module's text; `relative` is its path from the checkout's
/// root.
fn scan(relative: &str, text: &str, problems: &mut Vec<String>) {
    static PATTERNS: OnceLock<(Vec<Regex>, Regex)> = OnceLock::new();
    let (uses, printing) = PATTERNS.get_or_init(|| {
        let uses = RULES
            .iter()
            .map(|rule| {
                // `crate::peers::Wire`, and `crate::{check, peers}` on one line.
                Regex::new(&format!(r"\bcrate::(?:\{{[^}}]*?\b)?({})\b", rule.modules))
                    .expect("a valid pattern")
            })
            .collect();
        let printing = Regex::new(r"\b(e?println|e?print|dbg)!\s*[(\[{]").expect("a valid pattern");
        (uses, printing)
    });
    let held: Vec<(&Rule, &Regex)> = RULES
        .iter()
        .zip(uses)
        .filter(|(rule, _)| !within(relative, rule.exempt))
        .collect();
    for (i, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("#[cfg(test)]") {
            break;
        }
        if code.starts_with("//") {
            continue;
        }
        let at = format!("{relative}:{}", i + 1);
        for (rule, pattern) in &held {
            if let Some(found) = pattern.captures(code) {
                problems.push(format!("{at}: `crate::{}` {}", &found[1], rule.advice));
            }
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

    /// A lower module that reaches into the grading flow and the peers.
    const FLOW_AND_PEERS: &str = "//! Breaks the flow and peers rules.\n\
        use crate::peers::transcript::Event;\n\
        use crate::{check, peers};\n\
        fn fixtures() -> PathBuf { crate::grade::this_checkout() }\n\
        use crate::paths;\n\
        use crate::transcript::Transcript;\n\
        // crate::grade in a comment is fine.\n";

    fn scanned(relative: &str, text: &str) -> Vec<String> {
        let mut problems = Vec::new();
        scan(relative, text, &mut problems);
        problems
    }

    #[test]
    fn a_check_that_reaches_up_or_prints_is_named_by_line() {
        let problems = scanned("grader/src/labs/bad.rs", SAMPLE);
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems[0].starts_with("grader/src/labs/bad.rs:2: `crate::batch` reaches up"));
        assert!(problems[1].starts_with("grader/src/labs/bad.rs:5: `eprintln!`"));
        assert!(problems[2].starts_with("grader/src/labs/bad.rs:6: `crate::commands`"));
    }

    #[test]
    fn in_the_core_crate_only_printing_is_scanned_for_since_the_compiler_holds_the_rest() {
        let problems = scanned("grader/core/src/report/bad.rs", SAMPLE);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(problems[0].starts_with("grader/core/src/report/bad.rs:5: `eprintln!`"));
    }

    #[test]
    fn outcomes_and_reports_never_use_the_peers() {
        for module in [
            "grader/core/src/report/json.rs",
            "grader/core/src/outcome.rs",
            "grader/core/src/runner.rs",
            "grader/core/src/check.rs",
            "grader/core/src/explain.rs",
        ] {
            let peers: Vec<String> = scanned(module, FLOW_AND_PEERS)
                .into_iter()
                .filter(|p| p.contains("`crate::peers`"))
                .collect();
            assert_eq!(peers.len(), 2, "{module}: {peers:#?}");
            assert!(peers[0].starts_with(&format!("{module}:2: ")));
            assert!(peers[1].starts_with(&format!("{module}:3: ")));
            assert!(peers[0].contains("`crate::transcript`"), "{peers:#?}");
        }
    }

    #[test]
    fn the_checks_and_the_peers_may_use_the_peers_but_the_checks_never_the_grading_flow() {
        let module = "grader/src/labs/udp_echo.rs";
        let problems = scanned(module, FLOW_AND_PEERS);
        assert_eq!(problems.len(), 1, "{module}: {problems:#?}");
        assert!(
            problems[0].starts_with(&format!("{module}:4: `crate::grade` reaches up")),
            "{problems:#?}"
        );
        assert!(problems[0].contains("`crate::paths`"), "{problems:#?}");
        // The peers cannot name the grading flow (another crate): only the peers are allowed.
        let problems = scanned("grader/core/src/peers/http.rs", FLOW_AND_PEERS);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn only_lower_modules_are_held_to_it() {
        let root = std::env::temp_dir().join(format!("netlabs-layers-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for file in [
            "grader/core/src/report/bad.rs",
            "grader/core/src/outcome.rs",
            "grader/src/batch/fine.rs",
            "grader/src/grade.rs",
            "grader/src/labs/bad.rs",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, format!("{FLOW_AND_PEERS}{SAMPLE}")).unwrap();
        }
        let mut problems = Vec::new();
        check(&root, &mut problems);
        std::fs::remove_dir_all(&root).unwrap();
        let files: Vec<&str> = problems
            .iter()
            .map(|p| p.split(':').next().unwrap())
            .collect();
        // In the core crate, the two uses of the peers and the printing; in the checks, the
        // grading flow, the two command-level modules and the printing.
        assert_eq!(files.len(), 10, "{problems:#?}");
        assert!(
            files[..3]
                .iter()
                .all(|f| *f == "grader/core/src/outcome.rs")
        );
        assert!(
            files[3..6]
                .iter()
                .all(|f| *f == "grader/core/src/report/bad.rs")
        );
        assert!(files[6..].iter().all(|f| *f == "grader/src/labs/bad.rs"));
    }

    #[test]
    fn this_grader_keeps_its_layers() {
        let mut problems = Vec::new();
        check(&crate::paths::checkout(), &mut problems);
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
