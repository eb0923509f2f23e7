//! The command line as a user meets it: exit codes, error messages for bad input, the
//! report formats, and a failing check explained with its transcript.

use assert_cmd::Command;
use predicates::prelude::*;

use grader::submission;

fn grader() -> Command {
    let mut grader = Command::cargo_bin("grader").expect("the grader binary is built");
    // These tests read English: a Thai or Chinese locale on the machine must not change that.
    grader.env("LC_ALL", "C.UTF-8");
    grader
}

#[test]
fn an_unknown_lab_lists_the_valid_ones() {
    grader()
        .args(["grade", "no-such-lab"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("unknown lab `no-such-lab`")
                .and(predicate::str::contains("tcp-echo")),
        );
    grader().args(["check", "nope"]).assert().code(2);
    grader()
        .args(["check", "tcp-echo/no-such-check"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("checks of tcp-echo are:")
                .and(predicate::str::contains("server-hello")),
        );
}

#[test]
fn a_missing_cross_tool_is_one_line_naming_its_install_command() {
    // A PATH without the emulator or the cross linker.
    let empty = std::env::temp_dir().join(format!("netlabs-no-tools-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let output = grader()
        .args([
            "grade",
            "host-info",
            "--target",
            "armv7-unknown-linux-gnueabihf",
        ])
        .env("PATH", &empty)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&empty).unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for needed in [
        "the emulator qemu-arm",
        "the linker arm-linux-gnueabihf-gcc",
        "qemu-user",
    ] {
        assert!(stderr.contains(needed), "{needed} in: {stderr}");
    }
    assert!(stderr.contains("install with: "), "{stderr}");
    grader()
        .args(["grade", "--target", "sparc-sun-solaris"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "targets are: aarch64-unknown-linux-gnu",
        ));
}

#[test]
fn a_path_that_is_not_a_workspace_is_a_usage_error() {
    let empty = std::env::temp_dir().join(format!("netlabs-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    grader()
        .args(["grade", "--path"])
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a netlabs workspace"));
    std::fs::remove_dir_all(&empty).unwrap();
}

#[test]
fn list_shows_every_check_with_points() {
    grader().arg("list").assert().success().stdout(
        predicate::str::contains("tcp-echo/server-large-payload")
            .and(predicate::str::contains("udp-echo/client-black-hole")),
    );
}

/// `--seed N` replays a run's inputs: the same seed draws the same SNTP time, which a
/// failing check names, and the report prints the seed.
#[test]
fn a_seed_replays_the_inputs_and_is_reported() {
    let run = |seed: &str| {
        let out = grader()
            .env("NO_COLOR", "1")
            .args(["grade", "sntp-time/server-time", "--seed", seed])
            .args(["--bin", "sntp-time=echo Thu Jan  1 00:00:00 1970"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let (first, again, other) = (run("7"), run("7"), run("8"));
    assert!(first.contains("seed 7 (replay: --seed 7)"), "{first}");
    let wanted = |out: &str| {
        out.lines()
            .find(|l| l.contains("the first line should be"))
            .map(String::from)
            .unwrap_or_else(|| panic!("no time named in {out}"))
    };
    assert_eq!(wanted(&first), wanted(&again));
    assert_ne!(wanted(&first), wanted(&other));
}

#[test]
fn serve_lists_its_peers_and_refuses_unknown_ones() {
    grader()
        .args(["serve", "--list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("tcp-trickle"));
    grader()
        .args(["serve", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("peers are:"));
}

#[test]
fn report_formats_are_well_formed() {
    let json = grader()
        .args(["grade", "udp-echo", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&json).expect("json report parses");
    assert_eq!(report["score"], report["max_score"]);
    assert!(report["checks"].as_array().is_some_and(|c| !c.is_empty()));

    let gradescope = grader()
        .args(["grade", "udp-echo", "--format", "gradescope"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let results: serde_json::Value =
        serde_json::from_slice(&gradescope).expect("gradescope results parse");
    for test in results["tests"].as_array().unwrap() {
        for field in [
            "name",
            "score",
            "max_score",
            "status",
            "output",
            "visibility",
        ] {
            assert!(
                test.get(field).is_some(),
                "gradescope test lacks {field}: {test}"
            );
        }
    }

    grader()
        .args(["grade", "udp-echo", "--format", "junit"])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("<?xml")
                .and(predicate::str::contains("<testcase classname=\"udp-echo\"")),
        );
}

/// A server that never answers: `grader check` names the check, the reason, the hint, and
/// shows the conversation with the point where it went wrong marked.
#[test]
fn a_failing_check_is_explained_with_its_transcript() {
    let workspace = std::env::temp_dir().join(format!("netlabs-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&workspace);
    submission::copy_workspace(&grader::paths::checkout(), &workspace).unwrap();
    let fixture = grader::paths::checkout().join("fixtures/submissions/server-never-answers");
    submission::apply(&fixture, &workspace).unwrap();
    let target = grader::paths::checkout().join("target/netlabs-submissions");
    let assert = grader()
        .env("NO_COLOR", "1")
        .args(["check", "tcp-echo", "--path"])
        .arg(&workspace)
        .arg("--target-dir")
        .arg(&target)
        .assert()
        .code(1);
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    std::fs::remove_dir_all(&workspace).unwrap();
    assert!(out.contains("FAIL tcp-echo/server-hello"), "{out}");
    assert!(out.contains("hint:"), "{out}");
    assert!(out.contains("on the wire:"), "{out}");
    // This run's 24-byte message (it changes with the seed).
    assert!(
        out.contains("grader → server \"") && out.contains("(24 bytes)"),
        "{out}"
    );
    // The divergence: the grader gave up waiting for the echo.
    assert!(
        out.lines()
            .any(|l| l.trim_start().starts_with(">>") && l.contains("gave up waiting")),
        "{out}"
    );
    assert!(out.contains("pass tcp-echo/client-output"), "{out}");
}
