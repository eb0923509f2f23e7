//! Seeds the student edition's build folder with the instructor edition's builds of the
//! registry dependencies, so verifying a release compiles only the workspace's own crates.
//!
//! Both editions have the same `Cargo.lock` and profiles, so cargo names a registry
//! dependency's build the same in both (`embedded_hal-6c1def217898a7ee`) and takes a copied
//! one as fresh. The workspace's own packages are never copied: cargo fingerprints them by
//! their path relative to the workspace, which both editions share, so a copied build of a
//! solved lab could pass for the student's (see `workspace::forget_workspace_builds`).
//! Entries the build folder already has are left alone.

use std::io;
use std::path::Path;

use walkdir::WalkDir;

use crate::workspace::is_members_build;

/// How deep a build script's output folder may go.
const MAX_DEPTH: usize = 12;

/// Copies what `from` (a target folder) has built of the dependencies into `to`, for the
/// workspace whose packages are `members`. Returns how many entries it copied.
pub fn seed(from: &Path, to: &Path, members: &[String]) -> io::Result<usize> {
    let (from, to) = (from.join("debug"), to.join("debug"));
    let underscored: Vec<String> = members.iter().map(|m| m.replace('-', "_")).collect();
    let mut copied = 0;
    for folder in [".fingerprint", "build"] {
        copied += copy_entries(&from.join(folder), &to.join(folder), |name| {
            !is_members_build(name, members)
        })?;
    }
    copied += copy_entries(&from.join("deps"), &to.join("deps"), |name| {
        // `libembedded_hal-HASH.rlib`, `mockall_derive-HASH.d`: the `NAME-HASH` part.
        let stem = name.split('.').next().unwrap_or(name);
        let stem = stem.strip_prefix("lib").unwrap_or(stem);
        !is_members_build(stem, &underscored) && !is_members_build(stem, members)
    })?;
    Ok(copied)
}

/// Copies the entries of `from` that `wanted` accepts and `to` lacks.
fn copy_entries(from: &Path, to: &Path, wanted: impl Fn(&str) -> bool) -> io::Result<usize> {
    let Ok(entries) = std::fs::read_dir(from) else {
        return Ok(0); // nothing built there yet
    };
    std::fs::create_dir_all(to)?;
    let mut copied = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let target = to.join(&name);
        if wanted(&name) && std::fs::symlink_metadata(&target).is_err() {
            copy_tree(&entry.path(), &target)?;
            copied += 1;
        }
    }
    Ok(copied)
}

/// Copies the file or folder `from` to `to`, symlinks left out.
fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    for entry in WalkDir::new(from).max_depth(MAX_DEPTH) {
        let entry = entry?;
        let target = match entry.path().strip_prefix(from) {
            Ok(rel) if rel.as_os_str().is_empty() => to.to_path_buf(),
            Ok(rel) => to.join(rel),
            Err(_) => continue,
        };
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_dependencies_and_never_the_workspaces_own_builds() {
        let root = std::env::temp_dir().join(format!("seed-{}", std::process::id()));
        let from = root.join("from/debug");
        for dir in [
            ".fingerprint/embedded-hal-0123abcd",
            ".fingerprint/tcp-echo-4567ef01",
            "build/libc-89ab/out",
            "deps",
        ] {
            std::fs::create_dir_all(from.join(dir)).unwrap();
        }
        for file in [
            "deps/libembedded_hal-0123abcd.rlib",
            "deps/libtcp_echo-4567ef01.rlib",
            "deps/tcp_echo-4567ef01",
            "build/libc-89ab/out/x",
        ] {
            std::fs::write(from.join(file), "x").unwrap();
        }
        let to = root.join("to");
        let members = vec!["tcp-echo".to_string()];
        let copied = seed(&root.join("from"), &to, &members).unwrap();
        let again = seed(&root.join("from"), &to, &members).unwrap();
        let has = |p: &str| to.join("debug").join(p).exists();
        let result = (
            copied,
            again,
            has(".fingerprint/embedded-hal-0123abcd"),
            has("deps/libembedded_hal-0123abcd.rlib"),
            has("build/libc-89ab/out/x"),
            has(".fingerprint/tcp-echo-4567ef01"),
            has("deps/libtcp_echo-4567ef01.rlib"),
            has("deps/tcp_echo-4567ef01"),
        );
        std::fs::remove_dir_all(&root).unwrap();
        assert_eq!(result, (3, 0, true, true, true, false, false, false));
    }
}
