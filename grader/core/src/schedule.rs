//! When each check of a run may start: checks wait far more than they compute, so the
//! runner overlaps them beyond the number of cores, under a CPU budget rather than a job
//! count.
//!
//! Measured on a 2-core machine, an ordinary check (start a program, talk to it over
//! loopback) uses at most 80 ms of CPU, its programs included, over 100 ms or more of wall
//! time. Two such checks per core keep the cores busy: more only contend (each start forks
//! the grader), and under load from other work they made a full grade slower and less
//! regular. So each core of the budget runs [`PER_CORE`] ordinary checks at once. A check that declares a required wait (a timeout under test, a retry)
//! sleeps for most of its run: it takes nothing from the budget, and up to [`WAITING`]
//! such checks overlap. The longest waits start first, so the run ends about when the
//! longest wait does, with everything else done while it waited. An ordinary check still
//! running after [`STALLED`] is waiting too (a failing program's timeout, typically 3 s):
//! it leaves the budget to the next check and counts as waiting from then on.

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::check::Check;

/// Ordinary checks run at once per core of the budget.
pub const PER_CORE: usize = 2;

/// Checks that mostly wait, run at once on top of the budget.
pub const WAITING: usize = 16;

/// How long an ordinary check runs before it counts as waiting: ten times what one
/// computes, even on a loaded machine.
pub const STALLED: Duration = Duration::from_secs(1);

/// The order checks start in: the longest required wait first, then as declared.
pub fn order(checks: &[&Check]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..checks.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(checks[i].required_wait));
    order
}

/// Whether a check sleeps for most of its run (it declared a required wait).
fn waits(check: &Check) -> bool {
    !check.required_wait.is_zero()
}

/// The checks running now, by kind, against the budget.
pub struct Budget {
    running: Mutex<Running>,
    freed: Condvar,
    ordinary_max: usize,
}

#[derive(Default)]
struct Running {
    /// When each ordinary check running now started, by permit number.
    ordinary: Vec<(u64, Instant)>,
    waiting: usize,
    next: u64,
}

impl Running {
    /// Ordinary checks that have not run for [`STALLED`] yet, and when the first of them
    /// will have.
    fn computing(&self, now: Instant) -> (usize, Option<Instant>) {
        let computing = self.ordinary.iter().map(|(_, started)| *started + STALLED);
        let computing: Vec<Instant> = computing.filter(|stalls| *stalls > now).collect();
        (computing.len(), computing.into_iter().min())
    }

    /// Checks waiting now: declared ones and stalled ordinary ones.
    fn waiting(&self, now: Instant) -> usize {
        self.waiting + self.ordinary.len() - self.computing(now).0
    }
}

impl Budget {
    /// A budget of `cores` cores (at least one).
    pub fn new(cores: usize) -> Budget {
        Budget {
            running: Mutex::default(),
            freed: Condvar::new(),
            ordinary_max: cores.max(1) * PER_CORE,
        }
    }

    /// Blocks until `check` fits in the budget; it holds its share until the permit drops.
    pub fn admit(&self, check: &Check) -> Permit<'_> {
        let waits = waits(check);
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let now = Instant::now();
            let (computing, next_stall) = running.computing(now);
            let waiting = running.waiting(now);
            let fits = match waits {
                true => waiting < WAITING,
                false => {
                    computing < self.ordinary_max
                        && waiting + computing < self.ordinary_max + WAITING
                }
            };
            if fits {
                let number = running.next;
                running.next += 1;
                match waits {
                    true => running.waiting += 1,
                    false => running.ordinary.push((number, now)),
                }
                return Permit {
                    budget: self,
                    waits,
                    number,
                };
            }
            // Woken when a check ends, or when a running one stalls and leaves the budget.
            running = match next_stall {
                Some(at) if !waits => {
                    let timeout = at.saturating_duration_since(now);
                    self.freed
                        .wait_timeout(running, timeout)
                        .unwrap_or_else(|e| e.into_inner())
                        .0
                }
                _ => self.freed.wait(running).unwrap_or_else(|e| e.into_inner()),
            };
        }
    }
}

/// A running check's share of the budget, given back when dropped.
pub struct Permit<'a> {
    budget: &'a Budget,
    waits: bool,
    number: u64,
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut running = self
            .budget
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match self.waits {
            true => running.waiting -= 1,
            false => running
                .ordinary
                .retain(|(number, _)| *number != self.number),
        }
        self.budget.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Ctx, Failure};

    fn pass(_: &Ctx) -> Result<(), Failure> {
        Ok(())
    }

    const ORDINARY: Check = Check::new("lab", "ordinary", 1, "", "", pass);
    const WAITS: Check = Check::new("lab", "waits", 1, "", "", pass).waits_ms(300);
    const WAITS_LONGER: Check = Check::new("lab", "waits-longer", 1, "", "", pass).waits_ms(900);

    #[test]
    fn longest_waits_start_first_then_as_declared() {
        let checks = [&ORDINARY, &WAITS, &ORDINARY, &WAITS_LONGER];
        assert_eq!(order(&checks), vec![3, 1, 0, 2]);
    }

    #[test]
    fn ordinary_checks_fill_the_budget_and_waiting_ones_overlap_beyond_it() {
        let budget = Budget::new(1);
        let ordinary: Vec<Permit> = (0..PER_CORE).map(|_| budget.admit(&ORDINARY)).collect();
        let waiting: Vec<Permit> = (0..WAITING).map(|_| budget.admit(&WAITS)).collect();
        let running = budget.running.lock().unwrap();
        assert_eq!(
            (running.ordinary.len(), running.waiting),
            (PER_CORE, WAITING)
        );
        drop(running);
        drop((ordinary, waiting));
        let running = budget.running.lock().unwrap();
        assert_eq!((running.ordinary.len(), running.waiting), (0, 0));
    }

    #[test]
    fn an_ordinary_check_running_past_stalled_counts_as_waiting() {
        let budget = Budget::new(1);
        let started = Instant::now();
        let held: Vec<Permit> = (0..PER_CORE).map(|_| budget.admit(&ORDINARY)).collect();
        // No permit is given back: the next check starts once the others have stalled.
        let next = budget.admit(&ORDINARY);
        assert!(started.elapsed() >= STALLED);
        let running = budget.running.lock().unwrap();
        let now = Instant::now();
        assert_eq!(
            (running.computing(now).0, running.waiting(now)),
            (1, PER_CORE)
        );
        drop(running);
        drop((held, next));
    }

    #[test]
    fn a_check_beyond_the_budget_starts_when_one_finishes() {
        let budget = Budget::new(1);
        let mut held: Vec<Permit> = (0..PER_CORE).map(|_| budget.admit(&ORDINARY)).collect();
        let (started, start) = std::sync::mpsc::channel();
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let _permit = budget.admit(&ORDINARY);
                started.send(()).unwrap();
            });
            // The late check cannot start while the budget is full ...
            let wait = std::time::Duration::from_millis(50);
            assert!(start.recv_timeout(wait).is_err());
            // ... and starts once one check is done.
            held.pop();
            start.recv().unwrap();
        });
    }
}
