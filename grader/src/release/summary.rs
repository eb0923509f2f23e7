//! What `grader release` tells the instructor: what was written, then the verification
//! (build, grade per lab, leak scan, time per step) and the verdict.

use std::fmt::Write as _;

use super::verify::lab_ok;
use super::{SENTINEL, Verification, Written};

impl Written {
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "student edition written to {}", self.out.display());
        let _ = writeln!(out, "  files        {} copied", self.files);
        let _ = writeln!(
            out,
            "  labs         {}, {} solution regions replaced in {} files",
            self.labs.len(),
            self.total_regions(),
            self.rewritten_files
        );
        let _ = writeln!(
            out,
            "  instructor   {} block(s) removed, {} message(s) dropped from the translations",
            self.instructor_blocks, self.translations_pruned
        );
        let left_out = if self.left_out.is_empty() {
            "nothing".to_string()
        } else {
            self.left_out.join(", ")
        };
        let _ = writeln!(out, "  left out     {left_out}");
        out
    }
}

impl Verification {
    pub fn render(&self, written: &Written) -> String {
        let mut out = String::from("verification\n");
        if self.seeded > 0 {
            let _ = writeln!(
                out,
                "  cache        {} dependency builds copied from the instructor edition",
                self.seeded
            );
        }
        match &self.build {
            Some(Ok(warnings)) => {
                let _ = writeln!(
                    out,
                    "  build        ok: every lab and its tests compile ({warnings} warnings)"
                );
            }
            Some(Err(errors)) => {
                let _ = writeln!(out, "  build        FAILED:");
                for line in errors.lines().take(30) {
                    let _ = writeln!(out, "                 {line}");
                }
            }
            None => {
                let _ = writeln!(out, "  build        not run");
            }
        }
        if let Some(report) = &self.report {
            let broken: usize = self.labs.iter().map(|l| l.broken).sum();
            let passed: usize = self.labs.iter().map(|l| l.passed).sum();
            let _ = writeln!(
                out,
                "  grade        {}: {} labs, {} checks: {} todo, {passed} pass, {broken} errored; {}/{} points",
                if self.labs.iter().all(|l| lab_ok(l).is_ok()) {
                    "ok"
                } else {
                    "FAILED"
                },
                self.labs.len(),
                report.checks.len(),
                self.labs.iter().map(|l| l.todo).sum::<usize>(),
                report.score,
                report.max_score
            );
            let width = self
                .labs
                .iter()
                .map(|l| l.lab.len())
                .max()
                .unwrap_or(3)
                .max(3);
            let _ = writeln!(
                out,
                "               {:width$}  {:>4}  {:>4}  {:>4}  {:>5}  {:>6}",
                "lab", "todo", "fail", "pass", "error", "points"
            );
            for lab in &self.labs {
                let points = format!("{}/{}", lab.score, lab.max_score);
                let _ = writeln!(
                    out,
                    "               {:width$}  {:>4}  {:>4}  {:>4}  {:>5}  {points:>6}",
                    lab.lab, lab.todo, lab.failed, lab.passed, lab.broken
                );
            }
            if !self.unchecked.is_empty() {
                let _ = writeln!(
                    out,
                    "               no checks yet: {}",
                    self.unchecked.join(", ")
                );
            }
        }
        let sentinels: usize = written.sentinels.values().sum();
        if self.leaks.is_empty() {
            let _ = writeln!(
                out,
                "  leaks        ok: {} text files scanned: none of the {sentinels} sentinels, {} solution lines or markers survived",
                self.scanned,
                written.solution_lines.len()
            );
        } else {
            let _ = writeln!(out, "  leaks        FAILED: solution text survived at");
            for leak in &self.leaks {
                let _ = writeln!(out, "                 {leak}");
            }
        }
        if !self.unguarded.is_empty() {
            let _ = writeln!(
                out,
                "  warning      no `{SENTINEL}` in a solution region of {}: the leak check cannot vouch for them",
                self.unguarded.join(", ")
            );
        }
        let timings: Vec<String> = self
            .timings
            .iter()
            .map(|(step, took)| format!("{step} {:.1} s", took.as_secs_f64()))
            .collect();
        let _ = writeln!(out, "  time         {}", timings.join(", "));
        if self.ok() {
            out.push_str("result: OK, the student edition is ready to hand out\n");
        } else {
            out.push_str("result: FAILED\n");
            for problem in &self.problems {
                let _ = writeln!(out, "  - {problem}");
            }
        }
        out
    }
}
