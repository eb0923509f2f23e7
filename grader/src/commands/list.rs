//! `grader list [LAB...]`: the labs and their checks, with points and descriptions in the
//! chosen language.

use std::process::ExitCode;

use grader::grade;
use grader::i18n;

use super::fail;

#[derive(clap::Args)]
pub struct Args {
    /// Only these labs.
    labs: Vec<String>,
}

pub fn main(args: Args) -> ExitCode {
    let selected = match grade::select_labs(&args.labs) {
        Ok(selected) => selected,
        Err(e) => return fail(e, 2),
    };
    for lab in selected {
        let points: u32 = lab.checks.iter().map(|c| c.points).sum();
        let heading = i18n::t_with(
            "list-lab",
            &[
                ("lab", lab.package),
                ("folder", lab.folder),
                ("checks", &lab.checks.len().to_string()),
                ("points", &points.to_string()),
            ],
        );
        println!("{heading}");
        for check in lab.checks {
            println!(
                "  {:<40} {:>2} pt  {}",
                check.id(),
                check.points,
                i18n::description(&check.id(), check.description)
            );
        }
    }
    ExitCode::SUCCESS
}
