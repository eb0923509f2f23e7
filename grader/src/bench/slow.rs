//! The slow rows, each opt-in: a newcomer's first result (a fresh clone, `cargo run -p
//! grader -- grade`) against a small reference CLI (clap with derive, serde_json, regex)
//! built cold in the same run; `cargo test --workspace` from cold; and the release command.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use super::{Figure, fresh, measure, seconds};

/// How long one slow command of the benchmark may take.
const LIMIT: Duration = Duration::from_secs(3600);

/// The reference CLI: what a small, ordinary Rust command-line program compiles.
const REFERENCE_MANIFEST: &str = r#"[package]
name = "reference-cli"
version = "0.1.0"
edition = "2024"

[dependencies]
clap = { version = "4", features = ["derive"] }
regex = "1"
serde_json = "1"
"#;

const REFERENCE_MAIN: &str = r#"use clap::Parser;

/// Prints the matches of a pattern in a text, as JSON.
#[derive(Parser)]
struct Cli {
    pattern: String,
    text: String,
}

fn main() {
    let cli = Cli::parse();
    let pattern = regex::Regex::new(&cli.pattern).expect("a valid pattern");
    let found: Vec<&str> = pattern.find_iter(&cli.text).map(|m| m.as_str()).collect();
    println!("{}", serde_json::json!({ "matches": found }));
}
"#;

/// `cargo` as the grader's own builds run it.
fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    // Each build here has a target folder of its own.
    command.env_remove("CARGO_TARGET_DIR");
    command
}

/// A fresh clone of the checkout at `root` (its committed state), in `scratch`.
fn clone(root: &Path, scratch: &Path) -> Result<PathBuf, String> {
    let to = fresh(scratch, "fresh-clone");
    let cloned = Command::new("git")
        .args(["clone", "--quiet"])
        .arg(root)
        .arg(&to)
        .status()
        .map_err(|e| format!("cannot run git: {e}"))?;
    match cloned.success() {
        true => Ok(to),
        false => Err(format!("git clone of {} failed", root.display())),
    }
}

/// A newcomer's first result against the reference CLI's cold build.
pub fn newcomer(root: &Path, scratch: &Path) -> Vec<Figure> {
    const NAME: &str = "newcomer's first result";
    let checkout = match clone(root, scratch) {
        Ok(checkout) => checkout,
        Err(why) => return vec![Figure::failed(NAME, why)],
    };
    let mut first = cargo();
    first
        .current_dir(&checkout)
        .args(["run", "-p", "grader", "--", "grade"]);
    first.env("CARGO_TARGET_DIR", checkout.join("target"));
    let first = match measure::run(&mut first, LIMIT) {
        Ok(run) if run.success => run,
        Ok(run) => return vec![Figure::failed(NAME, run.why())],
        Err(e) => return vec![Figure::failed(NAME, e)],
    };
    let reference = reference_build(&checkout, scratch);
    let score = first.stdout.lines().rev().find(|l| l.starts_with("total"));
    let mut figure = Figure::new(
        NAME,
        seconds(first.wall),
        format!(
            "goal ≤ 3; a fresh clone, `cargo run -p grader -- grade`: {}",
            score.unwrap_or("no total line")
        ),
    );
    match reference {
        Ok(took) => {
            figure = figure.against(
                format!("reference CLI cold build {}", seconds(took)),
                first.wall.as_secs_f64() / took.as_secs_f64(),
            )
        }
        Err(why) => figure.reference = format!("reference CLI failed: {why}"),
    }
    let memory = Figure::new(
        "peak memory of the first result",
        measure::mb(first.peak_kib),
        "the largest process: rustc, cargo, the grader or a program".into(),
    );
    vec![figure, memory]
}

/// Builds the reference CLI cold, with the same dependency versions as `checkout`.
fn reference_build(checkout: &Path, scratch: &Path) -> Result<Duration, String> {
    let dir = fresh(scratch, "reference-cli");
    let written = std::fs::create_dir_all(dir.join("src"))
        .and_then(|()| std::fs::write(dir.join("Cargo.toml"), REFERENCE_MANIFEST))
        .and_then(|()| std::fs::write(dir.join("src/main.rs"), REFERENCE_MAIN))
        .and_then(|()| std::fs::copy(checkout.join("Cargo.lock"), dir.join("Cargo.lock")));
    written.map_err(|e| e.to_string())?;
    let mut build = cargo();
    build.current_dir(&dir).arg("build");
    build.env("CARGO_TARGET_DIR", dir.join("target"));
    match measure::run(&mut build, LIMIT) {
        Ok(run) if run.success => Ok(run.wall),
        Ok(run) => Err(run.why()),
        Err(e) => Err(e.to_string()),
    }
}

/// `cargo test --workspace` in a fresh clone with a fresh target folder.
pub fn cargo_test(root: &Path, scratch: &Path) -> Figure {
    const NAME: &str = "cargo test --workspace, from cold";
    let checkout = match clone(root, scratch) {
        Ok(checkout) => checkout,
        Err(why) => return Figure::failed(NAME, why),
    };
    let mut test = cargo();
    test.current_dir(&checkout).args(["test", "--workspace"]);
    test.env("CARGO_TARGET_DIR", checkout.join("target"));
    match measure::run(&mut test, LIMIT) {
        Ok(run) => Figure::new(
            NAME,
            seconds(run.wall),
            format!(
                "a fresh clone{}",
                if run.success { "" } else { ", tests FAILED" }
            ),
        )
        .against("goal 180 s".into(), run.wall.as_secs_f64() / 180.0),
        Err(e) => Figure::failed(NAME, e),
    }
}

/// `grader release --out DIR`, verification included, as an instructor runs it.
pub fn release(grader: &Path, scratch: &Path) -> Figure {
    const NAME: &str = "grader release (verified)";
    let out = fresh(scratch, "student-edition");
    let mut release = Command::new(grader);
    release.arg("release").arg("--out").arg(&out);
    match measure::run(&mut release, LIMIT) {
        Ok(run) if run.success => Figure::new(
            NAME,
            seconds(run.wall),
            "build folder target/student-edition of this checkout".into(),
        )
        .against("goal 30 s".into(), run.wall.as_secs_f64() / 30.0),
        Ok(run) => Figure::failed(NAME, run.why()),
        Err(e) => Figure::failed(NAME, e),
    }
}
