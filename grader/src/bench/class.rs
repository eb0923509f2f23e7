//! The `batch` rows: what grading a class costs per submission once its labs are in the
//! build cache (20 copies of the instructor edition), against the labs' own cold compile;
//! one lab for a class of 100, from a cold cache, in all; and `batch`'s peak memory.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use super::{Figure, fresh, measure, seconds};
use crate::submission::copy_workspace;
use crate::workspace;

/// How many copies the per-submission row grades.
const COPIES: usize = 20;

/// How many copies the one-lab row grades, and its lab.
const CLASS: usize = 100;
const CLASS_LAB: &str = "tcp-echo";

/// How long one `batch` of the benchmark may take.
const LIMIT: Duration = Duration::from_secs(1800);

pub fn figures(
    root: &Path,
    grader: &Path,
    scratch: &Path,
    full_grade: Option<Duration>,
) -> Vec<Figure> {
    let compile = cold_compile(root, scratch);
    let mut figures = Vec::new();
    let labs_compile = compile.as_ref().ok().copied();
    figures.push(match compile {
        Ok(took) => Figure::new(
            "cold compile of every lab",
            seconds(took),
            "a fresh target folder, manifest rules + staged, jailed build; the reference for batch"
                .into(),
        ),
        Err(why) => Figure::failed("cold compile of every lab", why),
    });
    figures.push(plain_cold_compile(root, scratch, labs_compile));
    figures.extend(per_submission(
        root,
        grader,
        scratch,
        labs_compile,
        full_grade,
    ));
    figures.push(one_lab_of_a_class(root, grader, scratch));
    figures
}

/// Every lab of the checkout built into a fresh target folder.
fn cold_compile(root: &Path, scratch: &Path) -> Result<Duration, String> {
    let target = fresh(scratch, "cold-compile");
    let labs = workspace::find_labs(root).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let build = workspace::build(root, &labs, Some(&target)).map_err(|e| e.to_string())?;
    let took = started.elapsed();
    let _ = std::fs::remove_dir_all(&target);
    match build.errors.len() {
        0 => Ok(took),
        n => Err(format!("{n} labs did not build")),
    }
}

/// The same cold compile with plain cargo in the workspace (no manifest rules, no staged
/// workspace, no jail): the build sandbox's overhead is the difference.
fn plain_cold_compile(root: &Path, scratch: &Path, sandboxed: Option<Duration>) -> Figure {
    const NAME: &str = "cold compile, plain cargo";
    let target = fresh(scratch, "plain-compile");
    let Ok(labs) = workspace::find_labs(root) else {
        return Figure::failed(NAME, "no labs found");
    };
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .current_dir(root)
        .args(["build", "--quiet", "--bins", "--target-dir"])
        .arg(&target);
    for lab in &labs {
        command.args(["-p", &lab.package]);
    }
    let started = Instant::now();
    let ok = command.output().is_ok_and(|o| o.status.success());
    let took = started.elapsed();
    let _ = std::fs::remove_dir_all(&target);
    if !ok {
        return Figure::failed(NAME, "cargo build failed");
    }
    let note = match sandboxed {
        Some(s) => format!(
            "the same labs without the build sandbox: sandbox overhead {:+.1} s",
            s.as_secs_f64() - took.as_secs_f64()
        ),
        None => "the same labs without the build sandbox".into(),
    };
    Figure::new(NAME, seconds(took), note)
}

/// Makes `count` copies of the checkout under `dir`.
fn class_of(root: &Path, dir: &Path, count: usize) -> std::io::Result<()> {
    (0..count).try_for_each(|i| copy_workspace(root, &dir.join(format!("student-{i:03}"))))
}

/// `grader batch` of the class at `dir` with its cache at `cache`.
fn batch(
    grader: &Path,
    dir: &Path,
    cache: &Path,
    labs: &[&str],
) -> std::io::Result<measure::Measured> {
    let mut command = Command::new(grader);
    command.arg("batch").arg(dir);
    command.arg("--out").arg(dir.with_extension("csv"));
    command.arg("--target-dir").arg(cache);
    if !labs.is_empty() {
        command.arg("--labs").args(labs);
    }
    measure::run(&mut command, LIMIT)
}

/// The class's mean percentage and how many rows are not 100%, from its CSV.
fn class_result(dir: &Path) -> String {
    let csv = std::fs::read_to_string(dir.with_extension("csv")).unwrap_or_default();
    let percents: Vec<f64> = csv
        .lines()
        .skip(1)
        .filter_map(|row| row.rsplit(',').nth(1)?.parse().ok())
        .collect();
    let short = percents.iter().filter(|p| **p < 100.0).count();
    let mean = percents.iter().sum::<f64>() / percents.len().max(1) as f64;
    match short {
        0 => format!("{} graded, all 100%", percents.len()),
        n => format!("{} graded, mean {mean:.1}%, {n} NOT 100%", percents.len()),
    }
}

/// 20 copies of the instructor edition after one warm-up copy filled the build cache.
fn per_submission(
    root: &Path,
    grader: &Path,
    scratch: &Path,
    labs_compile: Option<Duration>,
    full_grade: Option<Duration>,
) -> Vec<Figure> {
    const NAME: &str = "batch, per submission (instructor edition)";
    let (warm, class, cache) = (
        fresh(scratch, "warm"),
        fresh(scratch, "class"),
        fresh(scratch, "cache"),
    );
    if let Err(e) = class_of(root, &warm, 1).and_then(|()| class_of(root, &class, COPIES)) {
        return vec![Figure::failed(NAME, e)];
    }
    match batch(grader, &warm, &cache, &[]) {
        Ok(run) if run.success => {}
        Ok(run) => return vec![Figure::failed(NAME, run.why())],
        Err(e) => return vec![Figure::failed(NAME, e)],
    }
    let run = match batch(grader, &class, &cache, &[]) {
        Ok(run) if run.success => run,
        Ok(run) => return vec![Figure::failed(NAME, run.why())],
        Err(e) => return vec![Figure::failed(NAME, e)],
    };
    let per = run.wall / COPIES as u32;
    let grade = full_grade.map_or(String::new(), |g| {
        format!("; a full grade alone: {}", seconds(g))
    });
    let mut figure = Figure::new(
        NAME,
        seconds(per),
        format!(
            "goal ≤ 1.5 s; {COPIES} copies, 2 at a time, warm build cache{grade}; {}",
            class_result(&class)
        ),
    );
    if let Some(compile) = labs_compile {
        figure = figure.against(
            format!("the labs' own compile {}", seconds(compile)),
            per.as_secs_f64() / compile.as_secs_f64(),
        );
    }
    let memory = Figure::new(
        "batch peak memory (20 copies)",
        measure::mb(run.peak_kib),
        "the larger of the batch process and each grader, program or build it waited for".into(),
    );
    vec![figure, memory]
}

/// One lab for a class of 100, from a cold build cache: the first copy compiles.
fn one_lab_of_a_class(root: &Path, grader: &Path, scratch: &Path) -> Figure {
    let name = format!("batch, one lab ({CLASS_LAB}) of a class of {CLASS}");
    let (class, cache) = (fresh(scratch, "class-of-100"), fresh(scratch, "cache-100"));
    if let Err(e) = class_of(root, &class, CLASS) {
        return Figure::failed(&name, e);
    }
    match batch(grader, &class, &cache, &[CLASS_LAB]) {
        Ok(run) if run.success => Figure::new(
            &name,
            seconds(run.wall),
            format!("cold build cache, 2 at a time; {}", class_result(&class)),
        )
        .against("goal 30 s in all".into(), run.wall.as_secs_f64() / 30.0),
        Ok(run) => Figure::failed(&name, run.why()),
        Err(e) => Figure::failed(&name, e),
    }
}
