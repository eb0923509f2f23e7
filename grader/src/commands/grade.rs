//! `grader grade [LAB...]`: build and grade labs (all by default) and print a report in
//! the format asked (a table for people, JSON, Gradescope or JUnit for machines).

use std::process::ExitCode;

use clap::ValueEnum;

use grader::report::{self, table::Style};

use super::target::{self, Target};

#[derive(clap::Args)]
pub struct Args {
    /// Labs to grade, by name (`tcp-echo`) or folder (`09-tcp-echo`).
    labs: Vec<String>,
    #[command(flatten)]
    target: Target,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Exit 1 unless every check passes.
    #[arg(long)]
    require_all: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
    Gradescope,
    Junit,
}

pub fn main(args: Args) -> ExitCode {
    let report = match target::run(args.labs, args.target) {
        Ok(report) => report,
        Err(code) => return code,
    };
    let text = match args.format {
        Format::Table => report::table::render(&report, &Style::detect()),
        Format::Json => report::json::render(&report),
        Format::Gradescope => report::gradescope::render(&report),
        Format::Junit => report::junit::render(&report),
    };
    print!("{text}");
    if args.require_all && !report.all_passed() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
