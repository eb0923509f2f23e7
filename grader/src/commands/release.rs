//! `grader release`: writes the student edition of this checkout, prints what it wrote,
//! verifies it (unless `--no-verify`) and prints the verdict. The work is in
//! `grader::release`.

use std::path::PathBuf;
use std::process::ExitCode;

use grader::grade;
use grader::release::{self, ReleaseError};

/// What `grader release` takes.
#[derive(clap::Args)]
pub struct Args {
    /// Where to write it; must be empty unless --force.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Replace a previous student edition in DIR (its .git and target/ are kept).
    #[arg(long)]
    force: bool,
    /// Skip the verification (build, grade, leak check).
    #[arg(long)]
    no_verify: bool,
    /// Build directory for the verification (default: target/student-edition here).
    #[arg(long, value_name = "DIR")]
    target_dir: Option<PathBuf>,
    /// Checks run at once while verifying (default: the number of cores).
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
}

pub fn run(args: Args) -> ExitCode {
    let from = grader::paths::checkout();
    let written = match release::write(&from, &args.out, args.force) {
        Ok(written) => written,
        Err(e) => {
            eprintln!("grader: {e}");
            return if matches!(e, ReleaseError::Out(_)) {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            };
        }
    };
    print!("{}", written.render());
    if args.no_verify {
        println!("verification skipped (--no-verify)");
        return ExitCode::SUCCESS;
    }
    eprintln!("verifying: building, grading and searching the student edition ...");
    let target_dir = args
        .target_dir
        .unwrap_or_else(|| from.join("target/student-edition"));
    let verification = release::verify(
        &written,
        &target_dir,
        args.jobs.unwrap_or_else(grade::default_jobs),
    );
    print!("{}", verification.render(&written));
    if verification.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
