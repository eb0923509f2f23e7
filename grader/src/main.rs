//! `grader`: the command line. Parses arguments and dispatches to `commands/`, one file per
//! command; the work is done in the library.
//!
//! Exit codes: 0 done (and, with `--require-all`, everything passed), 1 checks failed where
//! that was asked to be an error, 2 usage error.

mod commands;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use grader::grade;
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
    Release {
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
    },
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
        Command::Release {
            out,
            force,
            no_verify,
            target_dir,
            jobs,
        } => release(&out, force, no_verify, target_dir, jobs),
        Command::Dev(dev) => commands::dev::main(dev),
        Command::Status(args) => commands::status::main(args),
        Command::Watch(args) => commands::watch::main(args),
    }
}

fn release(
    out: &std::path::Path,
    force: bool,
    no_verify: bool,
    target_dir: Option<PathBuf>,
    jobs: Option<usize>,
) -> ExitCode {
    use grader::release::{self, ReleaseError};
    let from = grade::this_checkout();
    let written = match release::write(&from, out, force) {
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
    if no_verify {
        println!("verification skipped (--no-verify)");
        return ExitCode::SUCCESS;
    }
    eprintln!("verifying: building, grading and searching the student edition ...");
    let target_dir = target_dir.unwrap_or_else(|| from.join("target/student-edition"));
    let verification = release::verify(
        &written,
        &target_dir,
        jobs.unwrap_or_else(grade::default_jobs),
    );
    print!("{}", verification.render(&written));
    if verification.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
