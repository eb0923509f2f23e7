//! What `grade`, `check`, `status` and `watch` share: which workspace to grade and how
//! (`--path`, `--jobs`, `--bin`, `--target-dir`, `--target`, `--seed`), and one grading run
//! of it with the build's progress on the terminal.

use std::path::PathBuf;
use std::process::ExitCode;

use grader::grade::{self, Request};
use grader::report::{self, Report};
use grader::snapshot::Snapshots;

use super::fail;

#[derive(clap::Args)]
pub struct Target {
    /// The workspace to grade (default: this checkout).
    #[arg(long, value_name = "DIR")]
    pub path: Option<PathBuf>,
    /// CPU budget in cores: 2 ordinary checks per core, waiting ones on top (default: all cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Run a command instead of a lab's program, e.g. `tcp-echo='python3 echo.py --port {port}'`.
    #[arg(long = "bin", value_name = "NAME=CMD", value_parser = parse_replacement)]
    pub replacements: Vec<(String, String)>,
    /// Build into this directory instead of the workspace's target/.
    #[arg(long, value_name = "DIR")]
    pub target_dir: Option<PathBuf>,
    /// Build for a Raspberry Pi (aarch64-unknown-linux-gnu or armv7-unknown-linux-gnueabihf)
    /// and run the programs under qemu-user.
    #[arg(long = "target", value_name = "TRIPLE")]
    pub cross: Option<String>,
    /// Replay the inputs of an earlier run (the seed its report printed).
    #[arg(long)]
    pub seed: Option<u64>,
}

fn parse_replacement(text: &str) -> Result<(String, String), String> {
    let (name, command) = text.split_once('=').ok_or("expected NAME=CMD")?;
    if name.is_empty() || command.trim().is_empty() {
        return Err("expected NAME=CMD".to_string());
    }
    Ok((name.to_string(), command.to_string()))
}

/// Grades `labs` (every lab when empty) of the target, showing the build's progress.
pub fn run(labs: Vec<String>, target: Target) -> Result<Report, ExitCode> {
    if let Some(seed) = target.seed {
        grader::random::set_run_seed(seed);
    }
    let path = target.path.unwrap_or_else(grader::paths::checkout);
    report::progress::enable();
    let request = Request {
        path,
        labs,
        jobs: target.jobs.unwrap_or_else(grade::default_jobs),
        replacements: target.replacements,
        target_dir: target.target_dir,
        snapshots: std::sync::Arc::new(Snapshots::compare(grader::paths::snapshots())),
    };
    let cross = (target
        .cross
        .as_deref()
        .map(grader::target::find)
        .transpose())
    .map_err(|e| fail(e, 2))?;
    grade::grade_for(request, cross, &|_| {}).map_err(|e| fail(e, 2))
}
