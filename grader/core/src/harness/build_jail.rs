//! The build's jail: cargo (and every rustc it starts) under bubblewrap, seeing only the
//! system, the toolchain and cargo's home, the staged workspace, the submission's lab
//! folders and the grader's hw-mock (read-only), and its target folder (writable); no
//! network, no capabilities, its own PID namespace.
//!
//! No code of the student's runs at build time (the manifest rules refuse build scripts
//! and proc-macros), but the compiler reads files the source names: `include_str!` of the
//! grader's snapshots would put the expected outputs in the program. In the jail those
//! files are not there.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use super::jail;

/// What one build may see.
pub struct BuildView<'a> {
    pub stage: &'a Path,
    pub target_dir: &'a Path,
    pub readonly: Vec<PathBuf>,
}

/// Set once a jailed cargo could not start here: later builds of this process run as
/// they are.
static REFUSED: AtomicBool = AtomicBool::new(false);

/// The cargo command, jailed where bwrap is (and says so), else as it is. No probe runs
/// first (a jailed `cargo --version` costs a grade about 35 ms): the build itself is the
/// probe, see [`refused`].
pub fn cargo(view: &BuildView) -> (Command, bool) {
    let cargo: OsString = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    match jail::detect() {
        Ok(jail) if !REFUSED.load(Ordering::Relaxed) => (jailed(jail.bwrap(), &cargo, view), true),
        _ => (Command::new(cargo), false),
    }
}

/// Whether a jailed build failed because of the jail itself, and so must run again as it
/// is: cargo never said a word on stdout (every build it runs ends with a JSON message),
/// and bwrap said why on stderr (user namespaces off, cargo not in the view). No code of
/// the submission's ran (none runs at build time), so nothing of it can say so instead.
pub fn refused(cargo_spoke: bool, stderr: &str) -> bool {
    let refused = jail_failed(cargo_spoke, stderr);
    if refused {
        REFUSED.store(true, Ordering::Relaxed);
    }
    refused
}

/// The report's words for how the build ran.
pub fn describe(jailed: bool) -> &'static str {
    if jailed {
        "build: jailed by bwrap (no capabilities, no network; sees the toolchain, the staged workspace and its target folder, not the checkout)"
    } else {
        "build: not jailed (no code of the submission's runs at build time: manifest rules)"
    }
}

fn jail_failed(cargo_spoke: bool, stderr: &str) -> bool {
    !cargo_spoke && stderr.starts_with("bwrap: ")
}

/// Whether a jailed cargo runs here (probed once with `cargo --version`), for a run that
/// builds nothing (every lab cached) and the grader's tests.
pub fn works() -> bool {
    static WORKS: OnceLock<bool> = OnceLock::new();
    *WORKS.get_or_init(|| {
        let Ok(jail) = jail::detect() else {
            return false;
        };
        let temp = std::env::temp_dir();
        let cargo: OsString = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let view = BuildView {
            stage: &temp,
            target_dir: &temp,
            readonly: Vec::new(),
        };
        jailed(jail.bwrap(), &cargo, &view)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn jailed(bwrap: &Path, cargo: &OsString, view: &BuildView) -> Command {
    let mut command = Command::new(bwrap);
    command.args([
        "--unshare-user",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-net",
        "--die-with-parent",
        "--cap-drop",
        "ALL",
    ]);
    for (path, target) in jail::system_view() {
        match target {
            Some(target) => command.arg("--symlink").arg(target).arg(path),
            None => command.arg("--ro-bind").arg(path).arg(path),
        };
    }
    command.args(["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]);
    // The toolchain (rustup's home) and cargo's home (its registry cache, which cargo
    // also writes its locks and cache records into).
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let rustup = std::env::var_os("RUSTUP_HOME")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".rustup")));
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".cargo")));
    let cargo_dir = Path::new(cargo).parent().map(Path::to_path_buf);
    for path in rustup.iter().chain(cargo_dir.iter()).chain(&view.readonly) {
        if path.is_absolute() && path.exists() {
            command.arg("--ro-bind").arg(path).arg(path);
        }
    }
    for path in cargo_home
        .iter()
        .chain([&view.stage.to_path_buf(), &view.target_dir.to_path_buf()])
    {
        if path.exists() {
            command.arg("--bind").arg(path).arg(path);
        }
    }
    command.arg("--chdir").arg(view.stage);
    command.arg("--").arg(cargo);
    command
}

#[cfg(test)]
mod tests {
    use super::jail_failed;

    /// Only bwrap's own refusal, before cargo said anything, makes the build run again
    /// unjailed; cargo's errors (a broken manifest) and a failing build do not.
    #[test]
    fn only_bwrap_refusing_means_the_jail_failed() {
        let bwrap = "bwrap: setting up uid map: Permission denied\n";
        assert!(jail_failed(false, bwrap));
        assert!(jail_failed(
            false,
            "bwrap: execvp cargo: No such file or directory\n"
        ));
        assert!(!jail_failed(true, bwrap));
        assert!(!jail_failed(
            false,
            "error: failed to parse manifest at `labs/x/Cargo.toml`\n"
        ));
        assert!(!jail_failed(false, ""));
    }
}
