//! A submission copied into a worker's slot for grading: without build output and hidden
//! folders, bounded in size and depth, and every file dated a day ahead.
//!
//! Why ahead: cargo decides whether to recompile a crate from file times alone, and the
//! slot's previous build (another student's `tcp-echo`, at the same path) may be newer than
//! a copy made while it ran, or within the file system's time granularity of it: the
//! student would be graded with someone else's program. Files dated ahead are always newer
//! than any build, so each submission is compiled from its own sources.

use std::path::Path;
use std::time::{Duration, SystemTime};

/// A submission copied for grading may be at most this big (build output and `.git` are
/// left out), and this deep.
const COPY_CAP: u64 = 512 << 20;
const COPY_DEPTH: usize = 32;

/// Copies the workspace at `from` to `to`, without build output and hidden folders, and
/// with every file's modification time a day ahead.
pub fn copy_submission(from: &Path, to: &Path) -> std::io::Result<()> {
    let ahead = SystemTime::now() + Duration::from_secs(24 * 3600);
    let mut budget = COPY_CAP;
    copy_dir(from, to, ahead, &mut budget, 0)
}

fn copy_dir(
    from: &Path,
    to: &Path,
    time: SystemTime,
    budget: &mut u64,
    depth: usize,
) -> std::io::Result<()> {
    if depth > COPY_DEPTH {
        return Err(std::io::Error::other(format!(
            "{} is nested too deep",
            from.display()
        )));
    }
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if name == "target" || name.to_string_lossy().starts_with('.') {
            continue;
        }
        let (source, dest) = (entry.path(), to.join(&name));
        let kind = entry.file_type()?;
        if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&source)?, &dest)?;
        } else if kind.is_dir() {
            copy_dir(&source, &dest, time, budget, depth + 1)?;
        } else if kind.is_file() {
            let size = entry.metadata()?.len();
            *budget = budget.checked_sub(size).ok_or_else(|| {
                std::io::Error::other(format!(
                    "the submission is larger than {} MiB",
                    COPY_CAP >> 20
                ))
            })?;
            std::fs::copy(&source, &dest)?;
            std::fs::File::open(&dest)?.set_modified(time)?;
        }
    }
    Ok(())
}
