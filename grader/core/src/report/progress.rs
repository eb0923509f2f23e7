//! Build progress on stderr for the commands a student runs: the first build of the labs
//! takes minutes, and a silent pause looks like a hang. The build reports each lab as cargo
//! finishes it ("building labs   3/13  service-names built"); the line is cleared once the build
//! is done, so the report below is unchanged.
//!
//! Off unless a command calls [`enable`] (batch and the tests never do), and drawn only on
//! a terminal (indicatif hides itself when stderr is not one).

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::{ProgressBar, ProgressStyle};

static ENABLED: AtomicBool = AtomicBool::new(false);
static BAR: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Shows build progress from now on.
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// A build of `labs` labs starts.
pub fn build_started(labs: usize) {
    if !ENABLED.load(Ordering::Relaxed) {
        return;
    }
    let bar = ProgressBar::new(labs as u64).with_style(
        ProgressStyle::with_template("building labs  {pos:>2}/{len}  {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message("(the first build takes a few minutes)");
    *BAR.lock().unwrap_or_else(|e| e.into_inner()) = Some(bar);
}

/// Cargo finished building the lab `package`.
pub fn lab_built(package: &str) {
    if let Some(bar) = BAR.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
        bar.set_message(format!("{package} built"));
        bar.inc(1);
    }
}

/// The build is over: the progress line goes away.
pub fn build_finished() {
    if let Some(bar) = BAR.lock().unwrap_or_else(|e| e.into_inner()).take() {
        bar.finish_and_clear();
    }
}
