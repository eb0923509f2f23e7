//! Headless Chromium for the grader's browser tests (the HTML class report, the book's
//! fonts): find it, run it with a deadline, read what it printed.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use grader::harness::Supervised;

/// How long one Chromium run may take before it is killed and the test fails.
const DEADLINE: Duration = Duration::from_secs(90);

pub fn chromium() -> Option<PathBuf> {
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Runs headless Chromium with `args` (e.g. `--dump-dom URL`) and a profile of its own in
/// `profile`; returns its stdout. Chromium (and the helpers it starts) is stopped at the
/// deadline by the grader's own supervisor.
pub fn run(browser: &Path, profile: &Path, args: &[&str]) -> String {
    let mut command = Command::new(browser);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut chromium =
        Supervised::spawn(&mut command, DEADLINE, Duration::from_secs(2)).expect("start chromium");
    let mut stdout = chromium.child().stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stdout.read_to_end(&mut text);
        text
    });
    let (status, timed_out) = chromium.wait();
    assert!(!timed_out, "chromium did not finish within {DEADLINE:?}");
    status.expect("chromium ran");
    String::from_utf8_lossy(&reader.join().unwrap_or_default()).into_owned()
}

/// The DOM after the page's scripts ran.
pub fn dump_dom(browser: &Path, url: &str, profile: &Path) -> String {
    run(browser, profile, &["--dump-dom", url])
}
