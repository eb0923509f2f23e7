//! One grading run from start to finish: pick the labs, build the submission, run the
//! checks, assemble the report. The command line, `batch` and the grader's own tests all
//! come through here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::check::Check;
use crate::harness::Sandbox;
use crate::harness::isolation;
use crate::labs::{self, Lab};
use crate::outcome::Outcome;
use crate::programs::Programs;
use crate::report::Report;
use crate::runner::{self, RunEnv};
use crate::snapshot::Snapshots;
use crate::target::CrossTarget;
use crate::workspace::{self, LabCrate};

/// What to grade and how.
pub struct Request {
    /// The submission's workspace.
    pub path: PathBuf,
    /// Labs to grade (packages); all when empty.
    pub labs: Vec<String>,
    pub jobs: usize,
    /// `--bin NAME=CMD` replacements.
    pub replacements: Vec<(String, String)>,
    /// Where cargo builds (shared across submissions by `batch`); the workspace's own
    /// `target/` when `None`.
    pub target_dir: Option<PathBuf>,
    pub snapshots: Arc<Snapshots>,
}

/// Why a run could not even start: a usage problem (exit 2).
#[derive(Debug)]
pub struct Unusable(pub String);

impl std::fmt::Display for Unusable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The labs named (or all), or the list of valid names. A name is a lab (`tcp-echo`), its
/// number (`09`), its folder (`09-tcp-echo`, `labs/09-tcp-echo/`) or one of its checks
/// (`tcp-echo/server-hello`).
pub fn select_labs(names: &[String]) -> Result<Vec<&'static Lab>, Unusable> {
    if names.is_empty() {
        return Ok(labs::LABS.to_vec());
    }
    let mut selected: Vec<&'static Lab> = Vec::new();
    for name in names.iter().map(|n| without_folder(n)) {
        let lab = lab_named(name.split('/').next().unwrap_or_default())?;
        if !selected.iter().any(|l| l.package == lab.package) {
            selected.push(lab);
        }
    }
    Ok(selected)
}

/// `labs/09-tcp-echo/` as `09-tcp-echo`: a folder path typed or tab-completed in a shell.
fn without_folder(name: &str) -> &str {
    let name = name.trim_start_matches("./");
    name.strip_prefix("labs/")
        .unwrap_or(name)
        .trim_end_matches('/')
}

fn lab_named(name: &str) -> Result<&'static Lab, Unusable> {
    let number = name.trim_start_matches('0');
    let by_number = labs::LABS.iter().copied().find(|lab| {
        !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_digit())
            && lab
                .folder
                .split('-')
                .next()
                .map(|n| n.trim_start_matches('0'))
                == Some(number)
    });
    let package = name.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
    by_number.or_else(|| labs::find(package)).ok_or_else(|| {
        let valid: Vec<&str> = labs::LABS.iter().map(|l| l.folder).collect();
        Unusable(format!(
            "unknown lab `{name}`; labs are (by name, number or folder): {}",
            valid.join(", ")
        ))
    })
}

/// The checks the names select: every check of a named lab, or the one named `lab/check`.
pub fn select_checks(names: &[String]) -> Result<Vec<&'static Check>, Unusable> {
    let names: Vec<String> = names
        .iter()
        .map(|n| without_folder(n).to_string())
        .collect();
    let names = &names[..];
    let mut checks: Vec<&'static Check> = Vec::new();
    for lab in select_labs(names)? {
        let wanted: Vec<&str> = names
            .iter()
            .filter_map(|n| n.split_once('/'))
            .filter(|(l, _)| lab_named(l).is_ok_and(|found| found.package == lab.package))
            .map(|(_, check)| check)
            .collect();
        for name in &wanted {
            if !lab.checks.iter().any(|c| c.name == *name) {
                let valid: Vec<&str> = lab.checks.iter().map(|c| c.name).collect();
                return Err(Unusable(format!(
                    "unknown check `{}/{name}`; checks of {} are: {}",
                    lab.package,
                    lab.package,
                    valid.join(", ")
                )));
            }
        }
        let whole_lab = names.is_empty()
            || names
                .iter()
                .any(|n| !n.contains('/') && lab_named(n).is_ok_and(|l| l.package == lab.package));
        checks.extend(
            lab.checks
                .iter()
                .filter(|c| whole_lab || wanted.contains(&c.name)),
        );
    }
    Ok(checks)
}

/// Builds and grades. `on_done` sees each outcome as it arrives.
pub fn grade(request: Request, on_done: &(dyn Fn(&Outcome) + Sync)) -> Result<Report, Unusable> {
    grade_for(request, None, on_done)
}

/// `grade`, with the labs built for `cross` (a Raspberry Pi) and run under its emulator.
pub fn grade_for(
    request: Request,
    cross: Option<&CrossTarget>,
    on_done: &(dyn Fn(&Outcome) + Sync),
) -> Result<Report, Unusable> {
    let started = Instant::now();
    crate::harness::registry::become_subreaper();
    // Cargo runs in the submission's folder: relative paths would point elsewhere there.
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let request = Request {
        path: absolute(&request.path),
        target_dir: request.target_dir.as_deref().map(absolute),
        ..request
    };
    let selected = select_labs(&request.labs)?;
    let found = workspace::find_labs(&request.path).map_err(|e| Unusable(e.to_string()))?;
    let (to_build, missing) = match_labs(&selected, &found);
    let build = workspace::build_for(
        &request.path,
        &to_build,
        request.target_dir.as_deref(),
        cross,
    )
    .map_err(|e| Unusable(format!("cannot run cargo: {e}")))?;
    let build_jailed = build.jailed;
    let mut build_errors = build.errors;
    for lab in missing {
        build_errors.insert(
            lab.to_string(),
            format!("there is no lab `{lab}` under labs/"),
        );
    }
    let mut programs = Programs::new(build.executables);
    if let Some(emulator) = cross.and_then(CrossTarget::emulator) {
        programs.run_under(emulator);
    }
    for (name, template) in &request.replacements {
        programs.replace(name, template);
    }
    // A lab whose every program is replaced need not compile in Rust; one that still runs
    // some of its own programs must.
    for lab in &selected {
        if lab.programs.iter().all(|p| programs.is_replaced(p)) {
            build_errors.remove(lab.package);
        }
    }
    let this = crate::paths::checkout();
    let mut protect = vec![request.path.as_path(), this.as_path()];
    protect.extend(request.target_dir.as_deref());
    let cache = crate::build_cache::from_env();
    protect.extend(cache.as_ref().map(|c| c.dir()));
    let sandbox = Sandbox::for_run(&protect);
    let env = RunEnv {
        programs: Arc::new(programs),
        snapshots: request.snapshots,
        sandbox: Arc::new(sandbox.clone()),
        build_errors,
        jobs: request.jobs,
    };
    let checks = select_checks(&request.labs)?;
    let (outcomes, isolated) = run_isolated(&checks, &env, on_done);
    crate::harness::registry::sweep();
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    let contained = format!(
        "{}; {}",
        sandbox.describe(isolated),
        crate::harness::build_jail::describe(build_jailed)
    );
    Ok(Report::new(outcomes, elapsed, contained))
}

/// Runs the checks from a thread that entered a network namespace of its own, where the
/// machine allows it; everything the checks start inherits it. Returns whether it did.
fn run_isolated(
    checks: &[&'static crate::check::Check],
    env: &RunEnv,
    on_done: &(dyn Fn(&Outcome) + Sync),
) -> (Vec<Outcome>, bool) {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let isolated =
                    isolation::available() && isolation::enter_network_namespace().is_ok();
                (runner::run(checks, env, on_done), isolated)
            })
            .join()
            .expect("the grading thread does not panic")
    })
}

/// Pairs each selected lab with its crate in the submission; returns the crates to build
/// and the labs the submission lacks.
fn match_labs(selected: &[&'static Lab], found: &[LabCrate]) -> (Vec<LabCrate>, Vec<&'static str>) {
    let by_package: HashMap<&str, &LabCrate> =
        found.iter().map(|c| (c.package.as_str(), c)).collect();
    let mut to_build = Vec::new();
    let mut missing = Vec::new();
    for lab in selected {
        match by_package.get(lab.package) {
            Some(krate) => to_build.push((*krate).clone()),
            None => missing.push(lab.package),
        }
    }
    (to_build, missing)
}

/// The default number of parallel checks: the machine's cores.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packages(names: &[&str]) -> Result<Vec<&'static str>, Unusable> {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        Ok(select_labs(&names)?.iter().map(|l| l.package).collect())
    }

    #[test]
    fn a_lab_is_found_by_name_number_or_folder() {
        for name in [
            "tcp-echo",
            "09",
            "9",
            "09-tcp-echo",
            "labs/09-tcp-echo",
            "labs/09-tcp-echo/",
            "./labs/09-tcp-echo/",
        ] {
            assert_eq!(packages(&[name]).unwrap(), ["tcp-echo"], "{name}");
        }
        assert_eq!(packages(&["01"]).unwrap(), ["host-info"]);
        let checks: Vec<String> = vec!["labs/09-tcp-echo/server-hello".to_string()];
        assert!(select_checks(&checks).is_ok());
    }

    #[test]
    fn an_unknown_number_is_named_in_the_error() {
        let error = packages(&["99"]).unwrap_err().to_string();
        assert!(error.starts_with("unknown lab `99`"), "{error}");
        assert!(error.contains("09-tcp-echo"), "{error}");
    }
}
