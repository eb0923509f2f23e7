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
//! longest wait does, with everything else done while it waited.

use std::sync::{Condvar, Mutex};

use crate::check::Check;

/// Ordinary checks run at once per core of the budget.
pub const PER_CORE: usize = 2;

/// Checks that mostly wait, run at once on top of the budget.
pub const WAITING: usize = 16;

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
    ordinary: usize,
    waiting: usize,
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
            let (count, max) = match waits {
                true => (&mut running.waiting, WAITING),
                false => (&mut running.ordinary, self.ordinary_max),
            };
            if *count < max {
                *count += 1;
                return Permit {
                    budget: self,
                    waits,
                };
            }
            running = self.freed.wait(running).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// A running check's share of the budget, given back when dropped.
pub struct Permit<'a> {
    budget: &'a Budget,
    waits: bool,
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
            false => running.ordinary -= 1,
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
        assert_eq!((running.ordinary, running.waiting), (PER_CORE, WAITING));
        drop(running);
        drop((ordinary, waiting));
        let running = budget.running.lock().unwrap();
        assert_eq!((running.ordinary, running.waiting), (0, 0));
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
