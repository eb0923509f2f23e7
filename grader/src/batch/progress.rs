//! The batch's progress on the terminal: one bar of submissions graded, with the students
//! being graded right now as its message. Hidden when stderr is not a terminal (a cron
//! job's log, a test).

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar on stderr, hidden when stderr is not a terminal.
pub fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(
        None,
        if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} {elapsed_precise} [{wide_bar}] {pos}/{len} submissions  {msg}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// The students being graded, shown as the bar's message.
#[derive(Default)]
pub struct Busy {
    names: Mutex<BTreeSet<String>>,
}

impl Busy {
    /// `student`'s grading starts.
    pub fn start(&self, progress: &ProgressBar, student: &str) {
        self.change(progress, |names| names.insert(student.to_string()));
    }

    /// `student` is graded: one more submission done.
    pub fn done(&self, progress: &ProgressBar, student: &str) {
        self.change(progress, |names| names.remove(student));
        progress.inc(1);
    }

    fn change(&self, progress: &ProgressBar, change: impl FnOnce(&mut BTreeSet<String>) -> bool) {
        let mut names = self.names.lock().unwrap();
        change(&mut names);
        let shown: Vec<&str> = names.iter().map(String::as_str).collect();
        progress.set_message(shown.join(", "));
    }
}
