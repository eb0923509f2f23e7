//! `grader export`: the Gradescope bundle and the GitHub Classroom workflow, tried here as
//! the platforms would run them, with no network: the bundle is unpacked, its
//! `run_autograder` grades the instructor edition as `/autograder/submission` under a
//! stand-in root (`AUTOGRADER_ROOT`) with the grader already built (`GRADER_BIN`), and the
//! workflow's grading script runs in a student checkout. Only tcp-echo and udp-echo are
//! graded (`GRADER_LABS`), to stay fast.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use grader::export;
use grader::i18n::Language;
use grader::submission;

const LABS: &str = "tcp-echo udp-echo";
const POINTS: u64 = 46;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("netlabs-export-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs a script of the export with the environment that stands in for the platform.
fn bash(script: &Path, env: &[(&str, &Path)], cwd: &Path, cache: &str) -> Output {
    let mut command = Command::new("bash");
    command
        .arg(script)
        .current_dir(cwd)
        .env("GRADER_BIN", env!("CARGO_BIN_EXE_grader"))
        .env("GRADER_LABS", LABS);
    // The labs build into a cache of the checkout's own, kept between runs (one per test:
    // two builds into one target directory would replace each other's programs).
    command.env(
        "CARGO_TARGET_DIR",
        grader::paths::checkout()
            .join("target/netlabs-export-test")
            .join(cache),
    );
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("run bash")
}

fn unpack(zip_path: &Path, into: &Path) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip_path).unwrap()).unwrap();
    archive.extract(into).unwrap();
}

/// A student's repository as submitted: the workspace with a copy of the grader in it
/// (which must not be what grades it), inside the one folder a zip of the repo has.
fn student_repository(at: &Path) -> PathBuf {
    let workspace = at.join("netlabs-main");
    submission::copy_workspace(&grader::paths::checkout(), &workspace).unwrap();
    let manifest = std::fs::read_to_string(workspace.join("Cargo.toml")).unwrap();
    std::fs::write(
        workspace.join("Cargo.toml"),
        manifest.replace(r#""labs/*", "#, r#""labs/*", "grader", "grader/core", "#),
    )
    .unwrap();
    std::fs::create_dir_all(workspace.join("grader/src")).unwrap();
    std::fs::write(
        workspace.join("grader/Cargo.toml"),
        "[package]\nname = \"grader\"\nthis does not parse\n",
    )
    .unwrap();
    workspace
}

#[test]
fn the_gradescope_bundle_grades_the_instructor_edition_in_full() {
    let dir = scratch("gradescope");
    let zip_path = dir.join("autograder.zip");
    let files = export::gradescope(&grader::paths::checkout(), &zip_path, &[], Language::En)
        .expect("write the bundle");
    assert!(files > 20, "only {files} files in the bundle");
    let source = dir.join("autograder/source");
    unpack(&zip_path, &source);

    // What Gradescope needs at the top, executable; the grader's source with its layout.
    use std::os::unix::fs::PermissionsExt;
    for script in ["setup.sh", "run_autograder"] {
        let mode = std::fs::metadata(source.join(script))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0o111, "{script} is not executable");
        let syntax = Command::new("bash")
            .arg("-n")
            .arg(source.join(script))
            .output()
            .unwrap();
        assert!(
            syntax.status.success(),
            "{script}: {}",
            String::from_utf8_lossy(&syntax.stderr)
        );
    }
    for file in [
        "Cargo.lock",
        "grader/Cargo.toml",
        "grader/src/main.rs",
        "grader/core/Cargo.toml",
        "grader/core/src/lib.rs",
        "grader/i18n/en/grader.ftl",
        "hw-mock/Cargo.toml",
        "fixtures/services",
    ] {
        assert!(source.join(file).is_file(), "{file} is not in the bundle");
    }
    let snapshots = std::fs::read_dir(source.join("fixtures/snapshots"))
        .unwrap()
        .count();
    assert!(snapshots > 0, "no snapshots in the bundle");
    assert!(source.join("fixtures/www").is_dir());
    assert!(
        !source.join("labs").exists(),
        "the labs come with each submission, not the bundle"
    );
    let manifest = std::fs::read_to_string(source.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains(r#"members = ["grader", "grader/core", "hw-mock"]"#),
        "{manifest}"
    );
    // The bundled workspace loads as it is (setup.sh builds it on Gradescope's machine).
    let metadata = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "metadata",
            "--offline",
            "--no-deps",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(source.join("Cargo.toml"))
        .output()
        .unwrap();
    assert!(
        metadata.status.success(),
        "{}",
        String::from_utf8_lossy(&metadata.stderr)
    );

    // A submission: graded in full.
    let root = dir.join("autograder");
    student_repository(&root.join("submission"));
    let run = bash(
        &source.join("run_autograder"),
        &[("AUTOGRADER_ROOT", &root)],
        &dir,
        "gradescope",
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "run_autograder failed: {stderr}");
    let results = std::fs::read_to_string(root.join("results/results.json")).expect("results.json");
    let results: serde_json::Value = serde_json::from_str(&results).expect("results.json is JSON");
    assert_eq!(results["max_score"], POINTS, "{results:#}");
    assert_eq!(results["score"], results["max_score"], "{results:#}");
    assert_eq!(results["tests"].as_array().unwrap().len(), 23);
    assert!(
        root.join("submission/netlabs-main/grader").exists(),
        "the submission itself is left as it was"
    );

    // A submission that is not a workspace: 0 points and why, still valid JSON.
    std::fs::remove_dir_all(root.join("submission")).unwrap();
    std::fs::create_dir_all(root.join("submission/notes")).unwrap();
    std::fs::create_dir_all(root.join("submission/more \"notes\"")).unwrap();
    let run = bash(
        &source.join("run_autograder"),
        &[("AUTOGRADER_ROOT", &root)],
        &dir,
        "gradescope",
    );
    assert!(run.status.success());
    let results = std::fs::read_to_string(root.join("results/results.json")).unwrap();
    let results: serde_json::Value = serde_json::from_str(&results).expect("results.json is JSON");
    assert_eq!(results["score"], 0);
    assert!(
        results["output"]
            .as_str()
            .unwrap()
            .contains("no Cargo.toml"),
        "{results:#}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_classroom_workflow_prints_points() {
    let dir = scratch("classroom");
    let repo = dir.join("repo");
    submission::copy_workspace(&grader::paths::checkout(), &repo).unwrap();
    let written = export::classroom(&repo, &[]).expect("write the workflow");
    assert_eq!(written.len(), 2);
    let workflow = std::fs::read_to_string(repo.join(".github/workflows/classroom.yml")).unwrap();
    for needle in [
        "actions/checkout",
        "rustup",
        "run: cargo build --release -p grader",
        "uses: classroom-resources/autograding-grading-reporter@v1",
        "  checks: write\n  actions: read\n  contents: read\n",
        "on:",
    ] {
        assert!(
            workflow.contains(needle),
            "the workflow lacks {needle}:\n{workflow}"
        );
    }
    // One command-grader step per lab, worth the lab's points, each reported by its id.
    let mut ids = Vec::new();
    for lab in grader::labs::LABS {
        let id = format!("lab{}", &lab.folder[..2]);
        let points: u32 = lab.checks.iter().map(|c| c.points).sum();
        let step = format!(
            "      - name: {0}\n        id: {id}\n        uses: classroom-resources/autograding-command-grader@v1\n        with:\n          test-name: {0}\n          command: target/release/grader grade {1} --require-all\n          timeout: 10\n          max-score: {points}\n",
            lab.folder, lab.package
        );
        assert!(
            workflow.contains(&step),
            "no step:\n{step}\nin:\n{workflow}"
        );
        let env = format!(
            "          {}_RESULTS: \"${{{{ steps.{id}.outputs.result }}}}\"\n",
            id.to_uppercase()
        );
        assert!(workflow.contains(&env), "no {env} in:\n{workflow}");
        ids.push(id);
    }
    assert!(
        workflow.contains(&format!("          runners: {}\n", ids.join(","))),
        "{workflow}"
    );
    let run = bash(
        &repo.join(".github/classroom/grade.sh"),
        &[],
        &dir,
        "classroom",
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "grade.sh failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        stdout.lines().last(),
        Some(format!("Points {POINTS}/{POINTS}").as_str()),
        "{stdout}"
    );
    assert!(
        stdout.contains("tcp-echo") && stdout.contains("24/24"),
        "per-lab lines:\n{stdout}"
    );
    println!("{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}
