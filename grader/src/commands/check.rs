//! `grader check LAB`: grade one lab and explain every failure (reason, diff, hint, what was
//! on the wire); exits 1 unless every check passes.

use std::process::ExitCode;

use grader::report::{self, table::Style};

use super::target::{self, Target};

#[derive(clap::Args)]
pub struct Args {
    lab: String,
    #[command(flatten)]
    target: Target,
    /// Show the conversation on the wire for passing checks too.
    #[arg(long)]
    transcript: bool,
}

pub fn main(args: Args) -> ExitCode {
    let report = match target::run(vec![args.lab], args.target) {
        Ok(report) => report,
        Err(code) => return code,
    };
    print!(
        "{}",
        report::details::render(&report, &Style::detect(), args.transcript)
    );
    if report.all_passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
