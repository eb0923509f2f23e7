//! Every path the grader derives from its own checkout (the course it was built from, found
//! at compile time): the snapshots it compares with, the fixture files checks and peers
//! hand to programs, the course's `hw-mock`.
//!
//! One module, so the checks and peers never reach up into the grading flow (`grade`) for
//! a path, and the fixture layout is written down once.

use std::path::{Path, PathBuf};

/// The checkout this grader was built from.
pub fn checkout() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The expected outputs (insta `.snap` files) grading compares with by default.
pub fn snapshots() -> PathBuf {
    checkout().join("fixtures/snapshots")
}

/// The tricky services file `service-names` reads.
pub fn services() -> PathBuf {
    checkout().join("fixtures/services")
}

/// The files the HTTP file server serves.
pub fn www() -> PathBuf {
    checkout().join("fixtures/www")
}

/// The course's simulated hardware, which the Pi lab depends on by path.
pub fn hw_mock() -> PathBuf {
    checkout().join("hw-mock")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_path_is_in_this_checkout() {
        assert!(checkout().join("grader/core/src/paths.rs").is_file());
        assert!(snapshots().is_dir());
        assert!(services().is_file());
        assert!(www().is_dir());
        assert!(hw_mock().join("Cargo.toml").is_file());
    }
}
