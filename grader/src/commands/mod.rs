//! The command line's entry points, one file per command: each parses nothing itself (clap
//! does, from the `Args` here), calls the library, prints what it returns and picks the exit
//! code. The library below never prints (`grader dev check` holds that line), so everything
//! a command writes to the terminal is here or in `report/`.
//!
//! Exit codes: 0 done (and, with `--require-all`, everything passed), 1 checks failed where
//! that was asked to be an error, 2 usage error.

pub mod batch;
pub mod bench;
pub mod check;
pub mod dev;
pub mod export;
pub mod grade;
pub mod list;
pub mod release;
pub mod serve;
pub mod status;
pub mod target;
pub mod watch;

use std::process::ExitCode;

/// Prints `grader: {error}` on stderr and returns `code`.
pub fn fail(error: impl std::fmt::Display, code: u8) -> ExitCode {
    eprintln!("grader: {error}");
    ExitCode::from(code)
}
