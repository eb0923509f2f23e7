//! `grader dev ...`: tools for whoever maintains the course. `dev check` prints each
//! inconsistency `grader::dev_check` finds (or that there is none) and exits 1 on any.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Dev {
    /// Prove the course consistent: every lab has its checks, programs, solution regions,
    /// sheet, chapter, snapshots and table rows (exit 1 naming what is wrong).
    Check {
        /// The checkout to check (default: this one).
        #[arg(long, value_name = "DIR")]
        path: Option<PathBuf>,
    },
}

pub fn main(dev: Dev) -> ExitCode {
    match dev {
        Dev::Check { path } => check(path),
    }
}

fn check(path: Option<PathBuf>) -> ExitCode {
    let root = path.unwrap_or_else(grader::paths::checkout);
    match grader::dev_check::check(&root) {
        Ok(problems) if problems.is_empty() => {
            println!(
                "the course is consistent: {} labs, each with its checks, programs, solution \
                 regions, sheet, chapter, snapshots and table rows",
                grader::labs::LABS.len()
            );
            ExitCode::SUCCESS
        }
        Ok(problems) => {
            for problem in &problems {
                eprintln!("{problem}");
            }
            eprintln!(
                "{} problem(s): see docs/src/instructor/new-lab.md",
                problems.len()
            );
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("grader dev check: {error}");
            ExitCode::from(2)
        }
    }
}
