//! `grader batch DIR --out FILE`: grade the class (`grader::batch`), write the CSV, one
//! JSON report per student and the HTML page, print the summary.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use grader::batch::{self, Options};
use grader::grade;
use grader::report::{self, class};

use super::fail;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The class: one folder per student, each a workspace (or a folder holding one).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// The CSV to write: one row per student.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Where each student's JSON report goes (default: `<out stem>-json/` beside the CSV).
    #[arg(long, value_name = "DIR")]
    json_dir: Option<PathBuf>,
    /// Also write the class as one self-contained HTML page.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    /// The CPU budget of one submission's checks, in cores (default: the number of cores).
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// Submissions graded at once (their builds still take turns).
    #[arg(long, default_value_t = 2)]
    parallel: usize,
    /// Only these labs, by name (`tcp-echo`) or folder (`09-tcp-echo`).
    #[arg(long, num_args = 1.., value_name = "LAB")]
    labs: Vec<String>,
    /// The shared build cache (default: `DIR/.netlabs-target`).
    #[arg(long, value_name = "DIR")]
    target_dir: Option<PathBuf>,
}

pub fn main(args: Args) -> ExitCode {
    let grader = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return fail(format!("cannot find my own executable: {e}"), 1),
    };
    let json_dir = args
        .json_dir
        .clone()
        .unwrap_or_else(|| batch::default_json_dir(&args.out));
    let mut options = Options::new(&args.dir, &grader);
    options.labs = args.labs;
    options.jobs = args.jobs.unwrap_or_else(grade::default_jobs);
    options.parallel = args.parallel.max(1);
    if let Some(target) = args.target_dir {
        options.target_dir = target;
    }
    options.skip = vec![json_dir.clone(), options.target_dir.clone()];
    let progress = batch::progress_bar();
    let class = match batch::run(&options, &progress) {
        Ok(class) => class,
        Err(e) => return fail(e, 2),
    };
    grader::harness::registry::sweep();
    let failing = class::failures(&class);
    let mut written = vec![args.out.display().to_string()];
    let mut result = std::fs::write(&args.out, batch::csv(&class))
        .map_err(|e| format!("{}: {e}", args.out.display()));
    result = result.and(
        batch::write_json(&class, &json_dir).map_err(|e| format!("{}: {e}", json_dir.display())),
    );
    written.push(format!("{}/", json_dir.display()));
    if let Some(html) = &args.html {
        result = result.and(
            std::fs::write(html, report::html::render(&class))
                .map_err(|e| format!("{}: {e}", html.display())),
        );
        written.push(html.display().to_string());
    }
    // A closed stdout (`| head`) must not lose the files or the exit code.
    let mut stdout = std::io::stdout().lock();
    let _ = write!(stdout, "{}", batch::summary(&class, &failing));
    match result {
        Ok(()) => {
            let _ = writeln!(stdout, "wrote {}", written.join(", "));
            ExitCode::SUCCESS
        }
        Err(e) => fail(format!("cannot write {e}"), 1),
    }
}
