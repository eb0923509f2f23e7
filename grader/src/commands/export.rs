//! `grader export gradescope|classroom --out PATH`: package the grader for a course
//! platform (`grader::export` writes the bundle or the workflow); says what was written and
//! what to do with it.

use std::path::PathBuf;
use std::process::ExitCode;

use grader::export;
use grader::i18n::Language;

use super::fail;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// What to export.
    #[arg(value_enum)]
    kind: Kind,
    /// The zip to write (gradescope) or the folder to write into (classroom).
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    /// Grade only these labs (default: every lab). One assignment per lab, say.
    #[arg(long, num_args = 1.., value_name = "LAB")]
    labs: Vec<String>,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum Kind {
    /// Gradescope's autograder zip: setup.sh, run_autograder and the grader's source.
    Gradescope,
    /// A GitHub Classroom autograding workflow and its grading script.
    Classroom,
}

/// `lang` is the language of the feedback students see (the global `--lang`; English if
/// not given).
pub fn main(args: Args, lang: Option<Language>) -> ExitCode {
    let labs = match grader::grade::select_labs(&args.labs) {
        Ok(_) if args.labs.is_empty() => Vec::new(),
        Ok(selected) => selected.iter().map(|lab| lab.package.to_string()).collect(),
        Err(e) => return fail(e, 2),
    };
    let written = match args.kind {
        Kind::Gradescope => {
            let lang = lang.unwrap_or(Language::En);
            let root = grader::paths::checkout();
            export::gradescope(&root, &args.out, &labs, lang).map(|files| {
                format!(
                    "wrote {} ({files} files): upload it as the assignment's autograder",
                    args.out.display()
                )
            })
        }
        Kind::Classroom => export::classroom(&args.out, &labs).map(|files| {
            let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            format!(
                "wrote {}: commit them to the assignment's template repository",
                names.join(", ")
            )
        }),
    };
    match written {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(format!("cannot export to {}: {e}", args.out.display()), 1),
    }
}
