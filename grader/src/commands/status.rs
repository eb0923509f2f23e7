//! `grader status`: progress over every lab (done, failing or not started), rendered by
//! `grader::status`.

use std::process::ExitCode;

use grader::report::table::Style;

use super::target::{self, Target};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    target: Target,
}

pub fn main(args: Args) -> ExitCode {
    match target::run(Vec::new(), args.target) {
        Ok(report) => {
            print!(
                "{}",
                grader::report::status::render(&report, &Style::detect())
            );
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}
