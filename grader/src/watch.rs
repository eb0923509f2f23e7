//! `grader watch [LAB]`: re-grades on save, like rustlings' watch. The screen shows the next
//! failing check (reason, diff, hint) on top and the status of every lab below it.
//!
//! Changes are found by polling the files under `labs/` (their modification times and sizes)
//! every [`POLL`], with std only: no file-notification crate, and the same behaviour on every
//! platform and file system (network mounts and containers included). A lab is re-graded
//! [`QUIET`] after the last change to it, so an editor's burst of writes, or "save all",
//! costs one grading run.
//!
//! Between two looks at the files the loop waits for the person instead: pressing Enter
//! re-grades every selected lab at once, and the wait ends after [`POLL`] otherwise. The
//! debounce logic itself is a pure function of file snapshots and instants
//! ([`Debouncer::observe`]), tested without waiting. The loop runs until Ctrl-C, which
//! `harness::signals` turns into killing every student program and exiting.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant, SystemTime};

use crate::grade::{self, Request, Unusable};
use crate::i18n::{t, t_with};
use crate::labs::{self, Lab};
use crate::outcome::{Outcome, Status};
use crate::report::status;
use crate::report::table::Style;
use crate::report::{self, Report};
use crate::snapshot::Snapshots;

/// How often the files are looked at.
pub const POLL: Duration = Duration::from_millis(500);
/// How long the files must stay unchanged before a re-grade.
pub const QUIET: Duration = Duration::from_millis(300);
/// How deep the walk under `labs/` goes.
const MAX_DEPTH: usize = 8;

/// What the files under a folder looked like at one moment: path → (modified, size).
pub type Snapshot = BTreeMap<PathBuf, (SystemTime, u64)>;

/// The files under `dir` (without `target/` and hidden entries, such as editors' swap files
/// and `.git`).
pub fn scan(dir: &Path) -> Snapshot {
    let ignored = |name: &str| name.starts_with('.') || name == "target" || name.ends_with('~');
    walkdir::WalkDir::new(dir)
        .max_depth(MAX_DEPTH + 1)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !ignored(&e.file_name().to_string_lossy()))
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            Some((e.into_path(), (modified, meta.len())))
        })
        .collect()
}

/// The files added, removed or modified between two snapshots.
pub fn changed(before: &Snapshot, after: &Snapshot) -> BTreeSet<PathBuf> {
    let modified = after
        .iter()
        .filter(|(path, stamp)| before.get(*path) != Some(stamp))
        .map(|(p, _)| p);
    let removed = before.keys().filter(|path| !after.contains_key(*path));
    modified.chain(removed).cloned().collect()
}

/// Turns a stream of snapshots into "re-grade now" events: changes are gathered until the
/// files have been quiet for a while.
pub struct Debouncer {
    seen: Snapshot,
    pending: BTreeSet<PathBuf>,
    last_change: Option<Instant>,
    quiet: Duration,
}

impl Debouncer {
    pub fn new(initial: Snapshot, quiet: Duration) -> Debouncer {
        Debouncer {
            seen: initial,
            pending: BTreeSet::new(),
            last_change: None,
            quiet,
        }
    }

    /// Looks at the files as they are `now`; returns the changed files once nothing has
    /// changed for the quiet period.
    pub fn observe(&mut self, snapshot: Snapshot, now: Instant) -> Option<BTreeSet<PathBuf>> {
        let changes = changed(&self.seen, &snapshot);
        if !changes.is_empty() {
            self.pending.extend(changes);
            self.last_change = Some(now);
            self.seen = snapshot;
        }
        let last = self.last_change?;
        if now.duration_since(last) < self.quiet {
            return None;
        }
        self.last_change = None;
        Some(std::mem::take(&mut self.pending))
    }
}

/// The labs whose folders hold any of `paths` (under `labs_dir`), in course order.
pub fn labs_touched(labs_dir: &Path, paths: &BTreeSet<PathBuf>) -> Vec<&'static Lab> {
    labs::LABS
        .iter()
        .copied()
        .filter(|lab| {
            paths
                .iter()
                .any(|p| p.starts_with(labs_dir.join(lab.folder)))
        })
        .collect()
}

/// What `grader watch` grades with.
pub struct Options {
    pub path: PathBuf,
    /// The one lab to watch; every lab when `None`.
    pub lab: Option<String>,
    pub jobs: usize,
    pub replacements: Vec<(String, String)>,
    pub target_dir: Option<PathBuf>,
}

/// Watches until Ctrl-C, handing each text to show to `show` (the command prints it).
/// Returns only if the run cannot even start (an unknown lab, not a workspace).
pub fn run(options: Options, show: &mut dyn FnMut(&str)) -> Result<(), Unusable> {
    let selected: Vec<&'static Lab> = grade::select_labs(options.lab.as_slice())?;
    let labs_dir = options.path.join("labs");
    let style = Style::detect();
    let mut latest: BTreeMap<&'static str, Vec<Outcome>> = BTreeMap::new();
    let mut debouncer = Debouncer::new(scan(&labs_dir), QUIET);
    let mut to_grade = selected.clone();
    let mut sandbox = String::new();
    let enter = enter_presses();
    loop {
        if !to_grade.is_empty() {
            let names: Vec<&str> = to_grade.iter().map(|l| l.package).collect();
            let labs = names.join(", ");
            show(&format!(
                "\n{}",
                t_with("watch-grading", &[("labs", &labs)])
            ));
            let started = Instant::now();
            let report = grade_labs(&options, &names)?;
            sandbox.clone_from(&report.sandbox);
            for lab in &to_grade {
                latest.insert(
                    lab.package,
                    report
                        .checks
                        .iter()
                        .filter(|c| c.lab == lab.package)
                        .cloned()
                        .collect(),
                );
            }
            let combined = combine(&selected, &latest, &sandbox);
            show(&screen(&combined, &style, &names, started.elapsed()));
        }
        let pressed = enter.recv_timeout(POLL).is_ok();
        to_grade = match debouncer.observe(scan(&labs_dir), Instant::now()) {
            _ if pressed => selected.clone(),
            Some(paths) => labs_touched(&labs_dir, &paths)
                .into_iter()
                .filter(|lab| selected.iter().any(|s| s.package == lab.package))
                .collect(),
            None => Vec::new(),
        };
    }
}

/// One message per Enter pressed on the terminal. When stdin ends (no terminal), the
/// sender stays alive, so waiting on the channel still times out instead of returning at once.
fn enter_presses() -> mpsc::Receiver<()> {
    let (presses, enter) = mpsc::channel();
    std::thread::spawn(move || {
        for _ in std::io::stdin().lines() {
            if presses.send(()).is_err() {
                return;
            }
        }
        loop {
            std::thread::park();
        }
    });
    enter
}

fn grade_labs(options: &Options, labs: &[&str]) -> Result<Report, Unusable> {
    let request = Request {
        path: options.path.clone(),
        labs: labs.iter().map(|l| l.to_string()).collect(),
        jobs: options.jobs,
        replacements: options.replacements.clone(),
        target_dir: options.target_dir.clone(),
        snapshots: Arc::new(Snapshots::compare(crate::paths::snapshots())),
    };
    grade::grade(request, &|_| {})
}

/// One report of the latest outcomes of every selected lab, in course order.
fn combine(
    selected: &[&'static Lab],
    latest: &BTreeMap<&'static str, Vec<Outcome>>,
    sandbox: &str,
) -> Report {
    let outcomes: Vec<Outcome> = selected
        .iter()
        .filter_map(|lab| latest.get(lab.package))
        .flat_map(|o| o.iter().cloned())
        .collect();
    Report::new(outcomes, 0.0, sandbox.to_string())
}

/// The first check to work on: the first one, in course order, that does not pass.
pub fn next_failing(report: &Report) -> Option<&Outcome> {
    report
        .checks
        .iter()
        .find(|c| !matches!(c.status, Status::Passed | Status::NotApplicable))
}

/// The whole screen: cleared, the next failing check explained, then the status.
pub fn screen(report: &Report, style: &Style, graded: &[&str], took: Duration) -> String {
    let mut out = String::from("\x1b[2J\x1b[H");
    let _ = writeln!(out, "{}\n", style.paint("1", &t("watch-title")));
    match next_failing(report) {
        Some(check) => {
            let _ = writeln!(out, "{} {}\n", style.paint("1", &t("watch-next")), check.id);
            let one = Report::new(vec![check.clone()], 0.0, String::new());
            let details = report::details::render(&one, style, false);
            // The one-check report's points line says nothing the status does not.
            let details = details
                .trim_end()
                .rsplit_once('\n')
                .map_or(details.as_str(), |(body, _)| body);
            let _ = writeln!(out, "{}\n", details.trim_end());
        }
        None => {
            let _ = writeln!(out, "{}\n", style.paint("32", &t("watch-all-pass")));
        }
    }
    out.push_str(&status::render(report, style));
    let took = format!("{:.1}", took.as_secs_f64());
    let graded = graded.join(", ");
    let _ = writeln!(
        out,
        "\n{}",
        t_with("watch-graded", &[("labs", &graded), ("seconds", &took)])
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn snapshot(files: &[(&str, u64, u64)]) -> Snapshot {
        files
            .iter()
            .map(|(p, modified, len)| (PathBuf::from(p), (at(*modified), *len)))
            .collect()
    }

    #[test]
    fn finds_added_removed_and_modified_files() {
        let before = snapshot(&[("a.rs", 1, 10), ("b.rs", 1, 10), ("c.rs", 1, 10)]);
        let after = snapshot(&[("a.rs", 1, 10), ("b.rs", 2, 10), ("d.rs", 1, 1)]);
        let names: Vec<PathBuf> = changed(&before, &after).into_iter().collect();
        assert_eq!(names, ["b.rs", "c.rs", "d.rs"].map(PathBuf::from));
        // Same time, different size (a quick second save) is a change too.
        assert_eq!(
            changed(
                &before,
                &snapshot(&[("a.rs", 1, 11), ("b.rs", 1, 10), ("c.rs", 1, 10)])
            )
            .len(),
            1
        );
    }

    #[test]
    fn waits_for_quiet_before_regrading_and_gathers_a_burst() {
        let t0 = Instant::now();
        let ms = |n| t0 + Duration::from_millis(n);
        let v1 = snapshot(&[("a.rs", 1, 10), ("b.rs", 1, 10)]);
        let mut debouncer = Debouncer::new(v1.clone(), Duration::from_millis(300));
        assert_eq!(
            debouncer.observe(v1.clone(), ms(0)),
            None,
            "nothing changed"
        );
        let v2 = snapshot(&[("a.rs", 2, 10), ("b.rs", 1, 10)]);
        assert_eq!(
            debouncer.observe(v2.clone(), ms(100)),
            None,
            "just changed: not quiet yet"
        );
        let v3 = snapshot(&[("a.rs", 2, 10), ("b.rs", 3, 12)]);
        assert_eq!(
            debouncer.observe(v3.clone(), ms(350)),
            None,
            "changed again: the wait restarts"
        );
        assert_eq!(
            debouncer.observe(v3.clone(), ms(600)),
            None,
            "250 ms of quiet is not enough"
        );
        let fired = debouncer
            .observe(v3.clone(), ms(650))
            .expect("300 ms of quiet");
        assert_eq!(
            fired.into_iter().collect::<Vec<_>>(),
            ["a.rs", "b.rs"].map(PathBuf::from)
        );
        assert_eq!(
            debouncer.observe(v3, ms(5000)),
            None,
            "fires once per burst"
        );
    }

    #[test]
    fn scans_a_folder_and_maps_changes_to_labs() {
        let dir = std::env::temp_dir().join(format!("netlabs-watch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let lab = dir.join("09-tcp-echo/src");
        std::fs::create_dir_all(&lab).unwrap();
        std::fs::create_dir_all(dir.join("09-tcp-echo/target")).unwrap();
        std::fs::write(lab.join("lib.rs"), "fn main() {}").unwrap();
        std::fs::write(lab.join(".lib.rs.swp"), "x").unwrap();
        std::fs::write(dir.join("09-tcp-echo/target/junk"), "x").unwrap();
        let before = scan(&dir);
        assert_eq!(
            before.keys().cloned().collect::<Vec<_>>(),
            [lab.join("lib.rs")]
        );
        std::fs::write(lab.join("lib.rs"), "fn main() { todo!() }").unwrap();
        let mut debouncer = Debouncer::new(before, Duration::ZERO);
        let paths = debouncer
            .observe(scan(&dir), Instant::now())
            .expect("the size changed");
        let touched: Vec<&str> = labs_touched(&dir, &paths)
            .iter()
            .map(|l| l.package)
            .collect();
        assert_eq!(touched, ["tcp-echo"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
