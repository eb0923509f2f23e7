//! Runs checks in parallel, each on a thread of its own under a hard deadline, and turns
//! what they return into outcomes. Nothing here prints: reports do.

use std::collections::HashMap;
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use crate::check::{self, Check, Ctx, Failure};
use crate::explain;
use crate::harness::{Finished, Sandbox};
use crate::outcome::{Outcome, ProgramOutput, Status};
use crate::programs::Programs;
use crate::report::sanitise::shown;
use crate::schedule;
use crate::snapshot::Snapshots;

/// Everything the checks of one grading run share.
pub struct RunEnv {
    pub programs: Arc<Programs>,
    pub snapshots: Arc<Snapshots>,
    pub sandbox: Arc<Sandbox>,
    /// Labs that did not build, with the compiler's first errors.
    pub build_errors: HashMap<String, String>,
    /// The CPU budget, in cores.
    pub jobs: usize,
}

/// How much of a program's output an outcome keeps.
const OUTPUT_EXCERPT: usize = 2048;

/// Runs `checks` and returns their outcomes in the same order. They start as the CPU
/// budget allows (`jobs` cores, see [`schedule`]), the longest required wait first.
/// `on_done` is called as each finishes (for progress displays).
pub fn run(
    checks: &[&'static Check],
    env: &RunEnv,
    on_done: &(dyn Fn(&Outcome) + Sync),
) -> Vec<Outcome> {
    let budget = schedule::Budget::new(env.jobs);
    let (tx, rx) = mpsc::channel();
    thread::scope(|scope| {
        for i in schedule::order(checks) {
            let permit = budget.admit(checks[i]);
            let tx = tx.clone();
            scope.spawn(move || {
                let outcome = run_one(checks[i], env);
                drop(permit);
                on_done(&outcome);
                let _ = tx.send((i, outcome));
            });
        }
    });
    drop(tx);
    let mut outcomes: Vec<(usize, Outcome)> = rx.into_iter().collect();
    outcomes.sort_by_key(|(i, _)| *i);
    outcomes.into_iter().map(|(_, o)| o).collect()
}

/// Runs one check on its own thread, killing its programs if it overruns its deadline.
pub fn run_one(check: &'static Check, env: &RunEnv) -> Outcome {
    let started = Instant::now();
    if let Some(errors) = env.build_errors.get(check.lab) {
        return outcome(
            check,
            Status::BuildFailed,
            Some(errors.clone()),
            None,
            started,
            None,
        );
    }
    let ctx = Arc::new(Ctx::new(
        check,
        Arc::clone(&env.programs),
        Arc::clone(&env.snapshots),
        Arc::clone(&env.sandbox),
    ));
    let (tx, rx) = mpsc::channel();
    let worker_ctx = Arc::clone(&ctx);
    thread::spawn(move || {
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (check.run)(&worker_ctx)));
        let result = result.unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(Failure {
                reason: format!("grader bug: the check panicked: {what}"),
                diff: None,
                grader_error: true,
            })
        });
        let _ = tx.send(result);
    });
    // A little beyond the check's own deadline: its internal waits end at the deadline and
    // it needs a moment to stop its programs and report.
    let deadline = env.programs.deadline(check.deadline);
    let result = match rx.recv_timeout(deadline + Duration::from_millis(500)) {
        Ok(result) => result,
        Err(_) => {
            ctx.kill_all();
            Err(Failure::new(format!(
                "did not finish within the check's deadline of {:.1} s",
                deadline.as_secs_f64()
            )))
        }
    };
    let finished = ctx.finished();
    // No panic, ever: one in any thread fails the check that provoked it.
    let result = result.and_then(|()| match finished.iter().find_map(check::panic_of) {
        Some(panic) => Err(Failure::new(format!(
            "the exchange went through, but a program panicked (no panic, ever): {panic}"
        ))),
        None => Ok(()),
    });
    let (status, reason, diff) = match result {
        Ok(()) => (Status::Passed, None, None),
        Err(failure) if failure.grader_error => (Status::Error, Some(failure.reason), failure.diff),
        Err(failure) if finished.iter().any(not_implemented) => (
            Status::NotImplemented,
            Some(todo_message(&finished)),
            failure.diff,
        ),
        Err(failure) if failure.diff.is_some() && replaced(&finished, env) => (
            Status::NotApplicable,
            Some(format!(
                "output snapshot does not apply to a replaced program: {}",
                failure.reason
            )),
            failure.diff,
        ),
        Err(failure) => (
            Status::Failed,
            Some(with_panic(failure.reason, &finished)),
            failure.diff,
        ),
    };
    let mut outcome = outcome(check, status, reason, diff, started, Some(&finished));
    outcome.transcript = ctx.log.events();
    if outcome.status == Status::Failed {
        let reason = outcome.reason.take().unwrap_or_default();
        outcome.reason = Some(explain::reason(reason, &outcome.transcript));
        outcome.hint = explain::hint(
            check,
            outcome.status,
            outcome.reason.as_deref().unwrap_or_default(),
            outcome.diff.is_some(),
            &outcome.transcript,
        );
    }
    outcome
}

/// Adds a student program's panic message to a failure's reason: often the real cause.
fn with_panic(reason: String, finished: &[Finished]) -> String {
    match finished.iter().find_map(check::panic_of) {
        Some(panic) if !reason.contains("panicked") => format!("{reason}\n{panic}"),
        _ => reason,
    }
}

fn replaced(finished: &[Finished], env: &RunEnv) -> bool {
    !finished.is_empty() && finished.iter().all(|f| env.programs.is_replaced(&f.name))
}

/// A Rust `todo!()` panics with "not yet implemented".
fn not_implemented(finished: &Finished) -> bool {
    let stderr = finished.stderr_text();
    stderr.contains("not yet implemented") || stderr.contains("not implemented")
}

/// The `todo!()` message, e.g. "not yet implemented: serve: Accepts clients forever".
fn todo_message(finished: &[Finished]) -> String {
    finished
        .iter()
        .filter(|f| not_implemented(f))
        .flat_map(|f| {
            f.stderr_text()
                .lines()
                .map(str::trim)
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .find(|line| line.contains("implemented"))
        .unwrap_or_else(|| "not implemented".to_string())
}

fn outcome(
    check: &'static Check,
    status: Status,
    reason: Option<String>,
    diff: Option<String>,
    started: Instant,
    finished: Option<&[Finished]>,
) -> Outcome {
    let outputs = finished
        .unwrap_or_default()
        .iter()
        .map(|f| ProgramOutput {
            program: f.name.clone(),
            exit: f.exit.to_string(),
            stdout: shown(&cap(&f.stdout_text())),
            stderr: shown(&cap(&f.stderr_text())),
        })
        .collect();
    Outcome {
        id: check.id(),
        lab: check.lab.to_string(),
        name: check.name.to_string(),
        description: check.description.to_string(),
        hint: explain::hint(check, status, "", diff.is_some(), &[]),
        score: if status == Status::Passed {
            check.points
        } else {
            0
        },
        // A check that does not apply (a replaced program's output) counts for nothing.
        max_score: if status == Status::NotApplicable {
            0
        } else {
            check.points
        },
        status,
        reason: reason.as_deref().map(shown),
        diff: diff.as_deref().map(shown),
        transcript: Vec::new(),
        outputs,
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
        required_wait_ms: check.required_wait.as_secs_f64() * 1000.0,
    }
}

fn cap(text: &str) -> String {
    if text.len() <= OUTPUT_EXCERPT {
        return text.to_string();
    }
    let mut end = OUTPUT_EXCERPT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &text[..end], text.len())
}
