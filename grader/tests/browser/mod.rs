//! Headless Chromium for the grader's browser tests (the HTML class report, the book's
//! fonts): find it, run it with a deadline, read what it printed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

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
/// `profile`; returns its stdout.
pub fn run(browser: &Path, profile: &Path, args: &[&str]) -> String {
    let child = Command::new(browser)
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
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let pid = child.id() as i32;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(DEADLINE) {
        Ok(output) => String::from_utf8_lossy(&output.expect("chromium ran").stdout).into_owned(),
        Err(_) => {
            // SAFETY: signalling the chromium we started and have not reaped.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("chromium did not finish within {DEADLINE:?}");
        }
    }
}

/// The DOM after the page's scripts ran.
pub fn dump_dom(browser: &Path, url: &str, profile: &Path) -> String {
    run(browser, profile, &["--dump-dom", url])
}
