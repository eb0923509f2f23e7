//! `grader bench`: measure (a full grade against its longest required wait, batch, memory,
//! and the opt-in cold rows) and print the figures `grader::bench` returns.

use std::process::ExitCode;

use super::fail;

#[derive(clap::Args)]
pub struct Args {
    /// How many full grades to time (the median is shown: one takes under a second, and
    /// seven keep the figure steady on a shared, noisy machine).
    #[arg(long, default_value_t = 7)]
    rounds: usize,
    /// Also a newcomer's first result (a fresh clone) against a reference CLI's cold
    /// build (minutes).
    #[arg(long)]
    cold: bool,
    /// Also `cargo test --workspace` in a fresh clone (many minutes).
    #[arg(long)]
    cold_test: bool,
    /// Also time `grader release` (minutes).
    #[arg(long)]
    release: bool,
}

pub fn main(args: Args) -> ExitCode {
    let grader = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return fail(format!("cannot find my own executable: {e}"), 1),
    };
    let options = grader::bench::Options {
        rounds: args.rounds,
        cold: args.cold,
        cold_test: args.cold_test,
        release: args.release,
    };
    let figures = grader::bench::run(&grader::paths::checkout(), &grader, &options);
    print!("{}", grader::bench::render(&figures));
    ExitCode::SUCCESS
}
