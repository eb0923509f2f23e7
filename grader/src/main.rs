//! `grader`: the command line. Parses arguments, dispatches, picks the exit code; the work
//! is done in the library.
//!
//! Exit codes: 0 done (and, with `--require-all`, everything passed), 1 checks failed where
//! that was asked to be an error, 2 usage error.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

mod commands;

use clap::{Parser, Subcommand, ValueEnum};

use grader::grade::{self, Request};
use grader::i18n::{self, Language};
use grader::report::{self, Report, table::Style};
use grader::snapshot::{self, Snapshots};
use grader::{harness, peers};

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

#[derive(clap::Args)]
struct Target {
    /// The workspace to grade (default: this checkout).
    #[arg(long, value_name = "DIR")]
    path: Option<PathBuf>,
    /// CPU budget in cores: 2 ordinary checks per core, waiting ones on top (default: all cores).
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// Run a command instead of a lab's program, e.g. `tcp-echo='python3 echo.py --port {port}'`.
    #[arg(long = "bin", value_name = "NAME=CMD", value_parser = parse_replacement)]
    replacements: Vec<(String, String)>,
    /// Build into this directory instead of the workspace's target/.
    #[arg(long, value_name = "DIR")]
    target_dir: Option<PathBuf>,
    /// Build for a Raspberry Pi (aarch64-unknown-linux-gnu or armv7-unknown-linux-gnueabihf)
    /// and run the programs under qemu-user.
    #[arg(long = "target", value_name = "TRIPLE")]
    cross: Option<String>,
    /// Replay the inputs of an earlier run (the seed its report printed).
    #[arg(long)]
    seed: Option<u64>,
}

#[derive(Subcommand)]
enum Command {
    /// Build and grade labs (all by default) and print a report.
    Grade {
        /// Labs to grade, by name (`tcp-echo`) or folder (`09-tcp-echo`).
        labs: Vec<String>,
        #[command(flatten)]
        target: Target,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Exit 1 unless every check passes.
        #[arg(long)]
        require_all: bool,
    },
    /// Grade one lab and explain every failure: reason, diff, hint, what was on the wire.
    Check {
        lab: String,
        #[command(flatten)]
        target: Target,
        /// Show the conversation on the wire for passing checks too.
        #[arg(long)]
        transcript: bool,
    },
    /// List the labs and their checks.
    List {
        /// Only these labs.
        labs: Vec<String>,
    },
    /// Grade a class: every folder under DIR is a submission; CSV, JSON per student, HTML.
    Batch(grader::batch::Args),
    /// Package the grader for a platform: a Gradescope autograder zip, a GitHub Classroom workflow.
    Export(grader::export::Args),
    /// Measure: a full grade against its longest required wait, batch, memory, and more.
    Bench {
        /// How many full grades to time.
        #[arg(long, default_value_t = 3)]
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
    },
    /// Run a reference peer by hand until Ctrl-C.
    ///
    /// In class, the instructor runs the check-in server for the whole room:
    /// `grader serve roll-call --bind 0.0.0.0:12345 --roster roster.csv --out attendance.csv`
    Serve {
        /// The peer to run (see `grader serve --list`).
        #[arg(required_unless_present = "list")]
        peer: Option<String>,
        /// Address to bind (default: a free port on 127.0.0.1; `0.0.0.0:12345` to let a
        /// classroom reach you).
        #[arg(long, default_value = "127.0.0.1:0")]
        bind: SocketAddr,
        /// List the peers.
        #[arg(long)]
        list: bool,
        /// roll-call only: accept only these ids (CSV with a header line `id,name`, then one
        /// student per line; extra columns are ignored).
        #[arg(long, value_name = "CSV")]
        roster: Option<PathBuf>,
        /// roll-call only: the attendance file, appended to (and read back on restart so
        /// duplicates stay refused). Rows: `id,name,peer_address,unix_time`.
        #[arg(long, value_name = "CSV", default_value = "attendance.csv")]
        out: PathBuf,
    },
    /// Write the student edition (solutions replaced by starters) and verify it.
    Release(commands::release::Args),
    /// Tools for whoever maintains the course.
    #[command(subcommand)]
    Dev(Dev),
    /// Progress over every lab: done, failing or not started.
    Status {
        #[command(flatten)]
        target: Target,
    },
    /// Re-grade on every save and show the next failing check, until Ctrl-C.
    Watch {
        /// Watch only this lab (default: every lab).
        lab: Option<String>,
        #[command(flatten)]
        target: Target,
    },
}

#[derive(Subcommand)]
enum Dev {
    /// Prove the course consistent: every lab has its checks, programs, solution regions,
    /// sheet, chapter, snapshots and table rows (exit 1 naming what is wrong).
    Check {
        /// The checkout to check (default: this one).
        #[arg(long, value_name = "DIR")]
        path: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
    Gradescope,
    Junit,
}

fn parse_replacement(text: &str) -> Result<(String, String), String> {
    let (name, command) = text.split_once('=').ok_or("expected NAME=CMD")?;
    if name.is_empty() || command.trim().is_empty() {
        return Err("expected NAME=CMD".to_string());
    }
    Ok((name.to_string(), command.to_string()))
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
        Command::Grade {
            labs,
            target,
            format,
            require_all,
        } => {
            let report = match run(labs, target) {
                Ok(report) => report,
                Err(code) => return code,
            };
            let text = match format {
                Format::Table => report::table::render(&report, &Style::detect()),
                Format::Json => report::json::render(&report),
                Format::Gradescope => report::gradescope::render(&report),
                Format::Junit => report::junit::render(&report),
            };
            print!("{text}");
            if require_all && !report.all_passed() {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Command::Check {
            lab,
            target,
            transcript,
        } => {
            let report = match run(vec![lab], target) {
                Ok(report) => report,
                Err(code) => return code,
            };
            print!(
                "{}",
                report::details::render(&report, &Style::detect(), transcript)
            );
            if report.all_passed() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::List { labs } => list(&labs),
        Command::Batch(args) => grader::batch::main(args),
        Command::Export(mut args) => {
            args.lang = cli.lang;
            grader::export::main(args)
        }
        Command::Bench {
            rounds,
            cold,
            cold_test,
            release,
        } => {
            let grader = match std::env::current_exe() {
                Ok(exe) => exe,
                Err(e) => {
                    eprintln!("grader: cannot find my own executable: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let options = grader::bench::Options {
                rounds,
                cold,
                cold_test,
                release,
            };
            let figures = grader::bench::run(&grade::this_checkout(), &grader, &options);
            print!("{}", grader::bench::render(&figures));
            ExitCode::SUCCESS
        }
        Command::Serve {
            peer,
            bind,
            list: false,
            roster,
            out,
        } if peer.as_deref() == Some("roll-call") => {
            match peers::roll_call::start_by_hand(bind, roster.as_deref(), &out, announce) {
                Ok(peer) => {
                    announce(
                        peers::roll_call::Notice::Event,
                        &format!("roll-call listening on {}", peer.addr()),
                    );
                    peer.join();
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("grader: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve {
            peer, bind, list, ..
        } => serve(peer.as_deref(), bind, list),
        Command::Release(args) => commands::release::run(args),
        Command::Dev(Dev::Check { path }) => dev_check(path),
        Command::Status { target } => match run(Vec::new(), target) {
            Ok(report) => {
                print!("{}", grader::status::render(&report, &Style::detect()));
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
        Command::Watch { lab, target } => watch(lab, target),
    }
}

fn run(labs: Vec<String>, target: Target) -> Result<Report, ExitCode> {
    if let Some(seed) = target.seed {
        grader::random::set_run_seed(seed);
    }
    let path = target.path.unwrap_or_else(grade::this_checkout);
    report::progress::enable();
    let request = Request {
        path,
        labs,
        jobs: target.jobs.unwrap_or_else(grade::default_jobs),
        replacements: target.replacements,
        target_dir: target.target_dir,
        snapshots: std::sync::Arc::new(Snapshots::compare(snapshot::default_dir())),
    };
    let cross = (target
        .cross
        .as_deref()
        .map(grader::target::find)
        .transpose())
    .map_err(|e| {
        eprintln!("grader: {e}");
        ExitCode::from(2)
    })?;
    grade::grade_for(request, cross, &|_| {}).map_err(|e| {
        eprintln!("grader: {e}");
        ExitCode::from(2)
    })
}

fn list(names: &[String]) -> ExitCode {
    let selected = match grade::select_labs(names) {
        Ok(selected) => selected,
        Err(e) => {
            eprintln!("grader: {e}");
            return ExitCode::from(2);
        }
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

fn serve(name: Option<&str>, bind: SocketAddr, list: bool) -> ExitCode {
    if list {
        for entry in peers::catalog::PEERS {
            println!("{:<18} {}", entry.name, entry.description);
        }
        return ExitCode::SUCCESS;
    }
    let name = name.unwrap_or_default();
    let Some(entry) = peers::catalog::find(name) else {
        let names: Vec<&str> = peers::catalog::PEERS.iter().map(|p| p.name).collect();
        eprintln!(
            "grader: unknown peer `{name}`; peers are: {}",
            names.join(", ")
        );
        return ExitCode::from(2);
    };
    let log = peers::Transcript::default();
    match (entry.start)(bind, &log) {
        Ok(peer) => {
            println!("{} listening on {}", entry.name, peer.addr());
            peer.join();
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("grader: cannot start {name} on {bind}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn watch(lab: Option<String>, target: Target) -> ExitCode {
    if target.cross.is_some() {
        eprintln!("grader: watch grades on this machine only; use `grade --target` for a Pi");
        return ExitCode::from(2);
    }
    report::progress::enable();
    let options = grader::watch::Options {
        path: target.path.unwrap_or_else(grade::this_checkout),
        lab,
        jobs: target.jobs.unwrap_or_else(grade::default_jobs),
        replacements: target.replacements,
        target_dir: target.target_dir,
    };
    match grader::watch::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("grader: {e}");
            ExitCode::from(2)
        }
    }
}

/// `grader dev check`: prints each inconsistency (or that there is none) and exits 1 on any.
fn dev_check(path: Option<PathBuf>) -> ExitCode {
    let root = path.unwrap_or_else(grade::this_checkout);
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

/// Where `grader serve roll-call` shows what its server announces: check-ins on stdout
/// (flushed at once, for a projector or a pipe), refusals and problems on stderr.
fn announce(notice: peers::roll_call::Notice, line: &str) {
    use std::io::Write;
    match notice {
        peers::roll_call::Notice::Event => {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{line}");
            let _ = out.flush();
        }
        peers::roll_call::Notice::Problem => eprintln!("{line}"),
    }
}
