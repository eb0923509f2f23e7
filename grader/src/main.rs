//! `grader`: the command line. Parses arguments and dispatches to `commands/`, one file per
//! command; the work is done in the library.
//!
//! Exit codes: 0 done (and, with `--require-all`, everything passed), 1 checks failed where
//! that was asked to be an error, 2 usage error.

mod commands;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use grader::harness;
use grader::i18n::{self, Language};

#[derive(Parser)]
#[command(
    name = "grader",
    version,
    about = "Builds and grades the netlabs labs over real sockets on loopback"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The language of reports: en, th or zh-TW (default: from LC_ALL, LC_MESSAGES or LANG).
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_language)]
    lang: Option<Language>,
}

#[derive(Subcommand)]
enum Command {
    /// Build and grade labs (all by default) and print a report.
    Grade(commands::grade::Args),
    /// Grade one lab and explain every failure: reason, diff, hint, what was on the wire.
    Check(commands::check::Args),
    /// List the labs and their checks.
    List(commands::list::Args),
    /// Grade a class: every folder under DIR is a submission; CSV, JSON per student, HTML.
    Batch(commands::batch::Args),
    /// Package the grader for a platform: a Gradescope autograder zip, a GitHub Classroom workflow.
    Export(commands::export::Args),
    /// Measure: a full grade against its longest required wait, batch, memory, and more.
    Bench(commands::bench::Args),
    /// Run a reference peer by hand until Ctrl-C.
    ///
    /// In class, the instructor runs the check-in server for the whole room:
    /// `grader serve roll-call --bind 0.0.0.0:12345 --roster roster.csv --out attendance.csv`
    Serve(commands::serve::Args),
    /// Write the student edition (solutions replaced by starters) and verify it.
    Release(commands::release::Args),
    /// Tools for whoever maintains the course.
    #[command(subcommand)]
    Dev(commands::dev::Dev),
    /// Progress over every lab: done, failing or not started.
    Status(commands::status::Args),
    /// Re-grade on every save and show the next failing check, until Ctrl-C.
    Watch(commands::watch::Args),
}

fn parse_language(name: &str) -> Result<Language, String> {
    Language::parse(name).ok_or_else(|| "the grader speaks en, th and zh-TW".to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    i18n::choose(cli.lang.unwrap_or_else(Language::from_env));
    harness::registry::become_subreaper();
    harness::signals::kill_children_on_interrupt();
    match cli.command {
        Command::Grade(args) => commands::grade::main(args),
        Command::Check(args) => commands::check::main(args),
        Command::List(args) => commands::list::main(args),
        Command::Batch(args) => commands::batch::main(args),
        Command::Export(args) => commands::export::main(args, cli.lang),
        Command::Bench(args) => commands::bench::main(args),
        Command::Serve(args) => commands::serve::main(args),
        Command::Release(args) => commands::release::run(args),
        Command::Dev(dev) => commands::dev::main(dev),
        Command::Status(args) => commands::status::main(args),
        Command::Watch(args) => commands::watch::main(args),
    }
}
