//! `grader watch [LAB]`: re-grade on every save and show the next failing check, until
//! Ctrl-C (the loop itself is `grader::watch`). On this machine only: a Pi is graded with
//! `grade --target`.

use std::io::Write;
use std::process::ExitCode;

use grader::grade;
use grader::report;

use super::fail;
use super::target::Target;

#[derive(clap::Args)]
pub struct Args {
    /// Watch only this lab (default: every lab).
    lab: Option<String>,
    #[command(flatten)]
    target: Target,
}

pub fn main(args: Args) -> ExitCode {
    let target = args.target;
    if target.cross.is_some() {
        return fail(
            "watch grades on this machine only; use `grade --target` for a Pi",
            2,
        );
    }
    report::progress::enable();
    let options = grader::watch::Options {
        path: target.path.unwrap_or_else(grader::paths::checkout),
        lab: args.lab,
        jobs: target.jobs.unwrap_or_else(grade::default_jobs),
        replacements: target.replacements,
        target_dir: target.target_dir,
    };
    let mut show = |text: &str| {
        let mut out = std::io::stdout().lock();
        let _ = write!(out, "{text}");
        let _ = out.flush();
    };
    match grader::watch::run(options, &mut show) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e, 2),
    }
}
