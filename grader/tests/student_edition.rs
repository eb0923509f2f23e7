//! Every lab fails as shipped and passes when solved, in the spirit of rustlings' dev check.
//!
//! "Passes when solved" is `snapshots.rs` (the instructor edition, this checkout, scores full
//! marks). This test is the other half: it releases the student edition into a temporary
//! folder and asserts that it builds, that every lab the grader knows has a check that stops
//! at a `todo!()` and scores under half its points, that no check errors or fails to build,
//! that no solution text (a lab's sentinel comment) survived, and that the book's
//! translations ship no message of the instructor chapters.
//!
//! The verification builds into `target/student-edition` (shared with `grader release`), so
//! only the std-only lab crates are compiled again.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use grader::grade;
use grader::outcome::Status;
use grader::release;

#[test]
fn the_student_edition_builds_grades_under_half_and_leaks_nothing() {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("student-edition");
    let target_dir = grader::paths::checkout().join("target/student-edition");
    let written = release::write(&grader::paths::checkout(), &out, true)
        .unwrap_or_else(|e| panic!("release: {e}"));
    assert!(
        written.total_regions() > 0,
        "no solution region was replaced"
    );

    let verification = release::verify(&written, &target_dir, grade::default_jobs());
    let summary = verification.render(&written);
    assert!(
        matches!(verification.build, Some(Ok(_))),
        "the student edition must compile:\n{summary}"
    );
    let report = verification
        .report
        .as_ref()
        .unwrap_or_else(|| panic!("not graded:\n{summary}"));

    let mut problems = Vec::new();
    for check in &report.checks {
        if matches!(check.status, Status::Error | Status::BuildFailed) {
            problems.push(format!(
                "{} is {:?}: {}",
                check.id,
                check.status,
                check.reason.as_deref().unwrap_or("")
            ));
        }
    }
    for lab in &report.labs {
        let todo = report
            .checks
            .iter()
            .filter(|c| c.lab == lab.lab && c.status == Status::NotImplemented)
            .count();
        if todo == 0 {
            problems.push(format!("{}: no check reaches a todo!()", lab.lab));
        }
        if 2 * lab.score >= lab.max_score {
            problems.push(format!(
                "{}: scores {}/{} without its solutions",
                lab.lab, lab.score, lab.max_score
            ));
        }
    }
    assert!(problems.is_empty(), "{}\n\n{summary}", problems.join("\n"));
    assert!(
        verification.leaks.is_empty(),
        "solution text survived:\n{summary}"
    );
    for lab in &written.labs {
        if written.regions.contains_key(lab) {
            assert!(
                written.sentinels.contains_key(lab),
                "{lab} has no sentinel in its solution regions"
            );
        }
    }
    assert!(verification.ok(), "{summary}");
    assert!(
        verification.scanned >= written.files / 2,
        "the leak scan read only {} of {} files",
        verification.scanned,
        written.files
    );
    assert!(
        written.solution_lines.len() > 100,
        "only {} solution lines to look for",
        written.solution_lines.len()
    );
    // The release leaves out what only the instructor has.
    for gone in [
        "fixtures/submissions",
        "fixtures/python",
        "grader/tests",
        "docs/src/instructor",
    ] {
        assert!(!out.join(gone).exists(), "{gone} was shipped");
    }
    // The grader ships whole: both its crates, which the edition's manifest lists.
    assert!(out.join("grader/core/src/lib.rs").is_file());
    let read = |file: &str| std::fs::read_to_string(out.join(file)).unwrap();
    let readme = read("README.md");
    assert!(!readme.to_lowercase().contains("instructor"), "{readme}");
    assert!(!read("docs/src/SUMMARY.md").contains("instructor"));
    assert!(!read("docs/src/introduction.md").contains("instructor/"));
    assert!(!read("grader/Cargo.toml").contains("dev-dependencies"));
    assert!(read("Cargo.toml").contains(r#""grader", "grader/core""#));
    assert!(!read("ARCHITECTURE.md").contains("grader/tests/"));
    let justfile = read("Justfile");
    for recipe in ["release", "batch", "export", "bench", "ci"] {
        assert!(
            !justfile.contains(&format!("\n{recipe} "))
                && !justfile.contains(&format!("\n{recipe}:")),
            "`just {recipe}` was shipped:\n{justfile}"
        );
    }
    assert_no_instructor_messages(&out);
    eprintln!("{}{summary}", written.render());
}

/// The book's translations ship no message of the instructor chapters: every message the
/// instructor edition's template takes only from `src/instructor/` is absent from the
/// student edition's PO files, and so is the title of the book's "For instructors" part;
/// the students' chapters keep their translations.
fn assert_no_instructor_messages(out: &Path) {
    let msgids = |path: &Path| -> Vec<(String, String)> {
        polib::po_file::parse(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .messages()
            .map(|m| (m.msgid().to_string(), m.source().to_string()))
            .collect()
    };
    let template = msgids(&grader::paths::checkout().join("docs/po/messages.pot"));
    let instructor: BTreeSet<&str> = template
        .iter()
        .filter(|(_, sources)| {
            sources
                .split_whitespace()
                .all(|s| s.starts_with("src/instructor/"))
        })
        .map(|(msgid, _)| msgid.as_str())
        .collect();
    assert!(
        instructor.len() > 100,
        "only {} instructor-chapter messages in the template",
        instructor.len()
    );
    for language in ["th", "zh-TW"] {
        let shipped = msgids(&out.join(format!("docs/po/{language}.po")));
        let leaked: Vec<&str> = shipped
            .iter()
            .map(|(msgid, _)| msgid.as_str())
            .filter(|msgid| instructor.contains(msgid) || *msgid == "For instructors")
            .collect();
        assert!(
            leaked.is_empty(),
            "{language}.po ships {} instructor message(s), e.g. {:?}",
            leaked.len(),
            &leaked[..leaked.len().min(3)]
        );
        assert!(
            shipped
                .iter()
                .any(|(msgid, _)| msgid == "Lab 09 — tcp-echo: a byte stream, not messages"),
            "{language}.po lost the students' chapters"
        );
    }
}

/// The command line: an `--out` inside the workspace (the copy would copy itself) is a
/// usage error, exit 2, with one line saying why, and nothing is written.
#[test]
fn a_release_into_the_workspace_is_refused_with_exit_2() {
    let inside = grader::paths::checkout().join("labs/release-here");
    let output = assert_cmd::Command::cargo_bin("grader")
        .unwrap()
        .args(["release", "--no-verify", "--out"])
        .arg(&inside)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("inside the workspace"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!inside.exists());
}

/// The student edition's book, pruned translations included, passes the book's own check
/// (`docs/check.sh`): it builds in English, Thai and Chinese without a warning or a broken
/// link, and each translation keeps the translated share `check_po.py` commits to.
#[test]
fn the_student_book_builds_in_three_languages_and_keeps_its_translations() {
    let tools = [
        "mdbook",
        "mdbook-gettext",
        "mdbook-xgettext",
        "msgfmt",
        "python3",
    ];
    if let Some(missing) = tools.iter().find(|t| !crate::book_fonts::on_path(t)) {
        eprintln!(
            "SKIPPED: needs {} on PATH ({missing} is not)",
            tools.join(", ")
        );
        return;
    }
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("student-book");
    release::write(&grader::paths::checkout(), &out, true)
        .unwrap_or_else(|e| panic!("release: {e}"));
    let output = std::process::Command::new("bash")
        .arg(out.join("docs/check.sh"))
        .output()
        .expect("run docs/check.sh");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "docs/check.sh failed on the student edition:\n{text}"
    );
    for language in ["th", "zh-TW"] {
        assert!(
            text.lines()
                .any(|l| l.starts_with(&format!("{language}: ")) && l.ends_with(": ok")),
            "no translated share for {language}:\n{text}"
        );
    }
}
