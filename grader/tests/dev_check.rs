//! `grader dev check` on a copy of this checkout: it passes as the course stands, and each
//! kind of inconsistency a new lab can bring is named with the file to fix.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use predicates::prelude::*;

/// A copy of the files git tracks in this checkout (no target/), in a fresh folder.
fn copy_of_checkout(name: &str) -> PathBuf {
    let root = grader::paths::checkout();
    let to = std::env::temp_dir().join(format!("netlabs-dev-check-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&to);
    let listed = Process::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(&root)
        .output()
        .expect("git ls-files runs");
    for file in listed.stdout.split(|b| *b == 0).filter(|f| !f.is_empty()) {
        let file = Path::new(std::str::from_utf8(file).expect("a UTF-8 path"));
        let (from, dest) = (root.join(file), to.join(file));
        if !from.is_file() {
            continue; // deleted in the work tree, still in the index
        }
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&from, &dest).unwrap();
    }
    to
}

fn dev_check(root: &Path) -> assert_cmd::assert::Assert {
    Command::cargo_bin("grader")
        .expect("the grader binary is built")
        .args(["dev", "check", "--path"])
        .arg(root)
        .assert()
}

fn edit(path: &Path, change: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    let changed = change(text.clone());
    assert_ne!(
        text,
        changed,
        "the edit of {} changed nothing",
        path.display()
    );
    std::fs::write(path, changed).unwrap();
}

#[test]
fn the_course_as_it_stands_is_consistent() {
    let root = copy_of_checkout("clean");
    dev_check(&root)
        .success()
        .stdout(predicate::str::contains("the course is consistent"));
    std::fs::remove_dir_all(root).unwrap();
}

#[test]
fn every_kind_of_inconsistency_is_named_with_its_file() {
    let root = copy_of_checkout("broken");
    // A new lab crate with no checks module.
    let chat = root.join("labs/14-chat");
    std::fs::create_dir_all(chat.join("src")).unwrap();
    std::fs::write(
        chat.join("Cargo.toml"),
        "[package]\nname = \"chat\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
    )
    .unwrap();
    std::fs::write(chat.join("src/main.rs"), "fn main() {}\n").unwrap();
    // A program the checks do not know about.
    let extra = root.join("labs/09-tcp-echo/src/bin/extra.rs");
    std::fs::create_dir_all(extra.parent().unwrap()).unwrap();
    std::fs::write(&extra, "fn main() {}\n").unwrap();
    // A lost snapshot, a lost chapter entry, a lost table row, an unpaired region.
    std::fs::remove_file(root.join("fixtures/snapshots/udp-echo__client-output.snap")).unwrap();
    edit(&root.join("docs/src/SUMMARY.md"), |t| {
        t.replace("(labs/11-sntp-time.md)", "(labs/11-sntp.md)")
    });
    edit(&root.join("labs/README.md"), |t| {
        t.lines()
            .filter(|l| !l.contains("`08-reuseaddr`"))
            .map(|l| format!("{l}\n"))
            .collect()
    });
    let lib = root.join("labs/02-ipv4-bytes/src/lib.rs");
    let regions = std::fs::read_to_string(&lib)
        .unwrap()
        .matches("// BEGIN SOLUTION")
        .count();
    edit(&lib, |t| t.replacen("// END SOLUTION", "// (end)", 1));
    // A test file the integration binary does not declare.
    std::fs::write(
        root.join("grader/tests/forgotten.rs"),
        "#[test]\nfn t() {}\n",
    )
    .unwrap();
    // A file in a checks folder that its mod.rs does not declare.
    std::fs::write(root.join("grader/src/labs/pi_devices/forgotten.rs"), "\n").unwrap();
    // A report using the peers (the compiler keeps it from reaching up: it is in grader-core).
    let json = root.join("grader/core/src/report/json.rs");
    edit(&json, |t| {
        t.replacen(
            "use super::Report;",
            "use super::Report;\nuse crate::peers::Wire;",
            1,
        )
    });
    let peers = std::fs::read_to_string(&json)
        .unwrap()
        .lines()
        .position(|l| l == "use crate::peers::Wire;")
        .unwrap()
        + 1;
    // A check finding a fixture through the grading flow, and reaching up into batch.
    let services = root.join("grader/src/labs/service_names.rs");
    edit(&services, |t| {
        t.replacen("crate::paths::services()", "crate::grade::checkout()", 1)
            .replacen("\nuse ", "\nuse crate::batch::Options;\nuse ", 1)
    });
    let upward = std::fs::read_to_string(&services)
        .unwrap()
        .lines()
        .position(|l| l == "use crate::batch::Options;")
        .unwrap()
        + 1;
    let flow = std::fs::read_to_string(&services)
        .unwrap()
        .lines()
        .position(|l| l.contains("crate::grade::checkout()"))
        .unwrap()
        + 1;
    // A source file too long to hold one concern.
    let long: String = (1..=701).map(|i| format!("// {i}\n")).collect();
    std::fs::write(root.join("grader/core/src/report/long.rs"), long).unwrap();
    // A snapshot no check uses.
    std::fs::write(
        root.join("fixtures/snapshots/tcp-echo__leftover.snap"),
        "---\n",
    )
    .unwrap();

    dev_check(&root).code(1).stderr(
        predicate::str::contains("labs/14-chat: no checks module in grader/src/labs/")
            .and(predicate::str::contains(
                "grader/src/labs/tcp_echo.rs: programs {\"tcp-echo\"}, but the crate builds \
                 {\"extra\", \"tcp-echo\"}",
            ))
            .and(predicate::str::contains(
                "fixtures/snapshots/udp-echo__client-output.snap: missing",
            ))
            .and(predicate::str::contains(
                "docs/src/SUMMARY.md: no entry for labs/11-sntp-time.md",
            ))
            .and(predicate::str::contains(
                "labs/README.md: the lab table has no row for 08-reuseaddr",
            ))
            .and(predicate::str::contains(format!(
                "labs/02-ipv4-bytes/src/lib.rs: {regions} `// BEGIN SOLUTION` but {} `// END \
                 SOLUTION`",
                regions - 1
            )))
            .and(predicate::str::contains(
                "fixtures/snapshots/tcp-echo__leftover.snap: no check compares with it",
            ))
            .and(predicate::str::contains(
                "grader/tests/forgotten.rs: not declared in grader/tests/integration.rs",
            ))
            .and(predicate::str::contains(
                "grader/src/labs/pi_devices/forgotten.rs: not declared in \
                 grader/src/labs/pi_devices/mod.rs",
            ))
            .and(predicate::str::contains(format!(
                "grader/src/labs/service_names.rs:{upward}: `crate::batch` reaches up"
            )))
            .and(predicate::str::contains(format!(
                "grader/core/src/report/json.rs:{peers}: `crate::peers` uses the peers outside \
                 the checks"
            )))
            .and(predicate::str::contains(format!(
                "grader/src/labs/service_names.rs:{flow}: `crate::grade` reaches up"
            )))
            .and(predicate::str::contains(
                "grader/core/src/report/long.rs: 701 lines, over the limit of 600",
            )),
    );
    std::fs::remove_dir_all(root).unwrap();
}
