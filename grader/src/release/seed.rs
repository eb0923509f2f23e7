//! Seeds the student edition's build folder with the instructor edition's builds of the
//! labs' registry dependencies, so verifying a release compiles only the workspace's own
//! crates.
//!
//! Both editions have the same `Cargo.lock` and profiles, so cargo names a registry
//! dependency's build the same in both (`embedded_hal-6c1def217898a7ee`) and takes a copied
//! one as fresh. Only the dependencies of the labs are copied (found with `cargo metadata`),
//! not the grader's nor anything else the instructor's target folder holds: a handful of
//! megabytes instead of gigabytes. The workspace's own packages are never copied: cargo
//! fingerprints them by their path relative to the workspace, which both editions share, so
//! a copied build of a solved lab could pass for the student's (see
//! `workspace::forget_workspace_builds`). Entries the build folder already has are left
//! alone.

use std::collections::{BTreeSet, HashSet};
use std::io;
use std::path::Path;

use cargo_metadata::{MetadataCommand, PackageId};
use walkdir::WalkDir;

use crate::workspace::LabCrate;

/// What a library's file name ends with (and starts with `lib`).
const LIBRARIES: &[&str] = &[".rlib", ".rmeta", ".so", ".a"];

/// How deep a build script's output folder may go.
const MAX_DEPTH: usize = 12;

/// The names the builds of the labs' dependencies go by in a target folder, from the
/// resolved workspace at `root`: each package's name (`.fingerprint/`, `build/`) and its
/// libraries' crate names (`deps/`), for every package the labs depend on, directly or not,
/// in any kind (normal, dev, build), the workspace's own packages excepted.
pub fn dependencies(root: &Path, labs: &[LabCrate]) -> io::Result<BTreeSet<String>> {
    // Only this machine's packages: the others (Windows-only crates of the grader's) need
    // not be in cargo's cache.
    let mut options = vec!["--offline".to_string()];
    options.extend(host_triple(root).map(|host| format!("--filter-platform={host}")));
    let metadata = MetadataCommand::new()
        .current_dir(root)
        .other_options(options)
        .exec()
        .map_err(io::Error::other)?;
    let resolve = metadata
        .resolve
        .as_ref()
        .ok_or_else(|| io::Error::other("cargo metadata resolved nothing"))?;
    let members: HashSet<&PackageId> = metadata.workspace_members.iter().collect();
    let mut to_visit: Vec<&PackageId> = metadata
        .packages
        .iter()
        .filter(|p| labs.iter().any(|lab| lab.package == p.name.as_str()))
        .map(|p| &p.id)
        .collect();
    let mut seen: HashSet<&PackageId> = HashSet::new();
    while let Some(id) = to_visit.pop() {
        if !seen.insert(id) {
            continue;
        }
        if let Some(node) = resolve.nodes.iter().find(|n| &n.id == id) {
            to_visit.extend(node.deps.iter().map(|d| &d.pkg));
        }
    }
    let mut names = BTreeSet::new();
    for package in metadata
        .packages
        .iter()
        .filter(|p| seen.contains(&p.id) && !members.contains(&p.id))
    {
        names.insert(package.name.to_string());
        let libraries = package.targets.iter().filter(|t| {
            !(t.is_bin() || t.is_test() || t.is_bench() || t.is_example() || t.is_custom_build())
        });
        names.extend(libraries.map(|t| t.name.replace('-', "_")));
    }
    Ok(names)
}

/// The triple of the machine the toolchain at `root` builds for by default.
fn host_triple(root: &Path) -> Option<String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = std::process::Command::new(rustc)
        .current_dir(root)
        .arg("-vV")
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    text.lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(String::from)
}

/// Copies what `from` (a target folder) has built of `dependencies` (see [`dependencies`])
/// into `to`. Returns how many entries it copied.
pub fn seed(from: &Path, to: &Path, dependencies: &BTreeSet<String>) -> io::Result<usize> {
    let (from, to) = (from.join("debug"), to.join("debug"));
    let wanted = |entry: &str| unit_name(entry).is_some_and(|name| dependencies.contains(name));
    let mut copied = 0;
    for folder in [".fingerprint", "build", "deps"] {
        copied += copy_entries(&from.join(folder), &to.join(folder), wanted)?;
    }
    Ok(copied)
}

/// The crate or package name of a build folder's entry: `embedded-hal-0123abcd` (a
/// fingerprint or build script folder), `libembedded_hal-0123abcd.rlib` or
/// `mockall_derive-0123abcd.d`; `None` for anything not named `NAME-HASH`.
fn unit_name(entry: &str) -> Option<&str> {
    let stem = entry.split('.').next().unwrap_or(entry);
    let (name, hash) = stem.rsplit_once('-')?;
    let is_hash = !hash.is_empty() && hash.chars().all(|c| c.is_ascii_hexdigit());
    let library = LIBRARIES.iter().any(|ext| entry.ends_with(ext));
    is_hash.then(|| match name.strip_prefix("lib") {
        Some(crate_name) if library => crate_name,
        _ => name,
    })
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
    fn names_units_by_crate_or_package() {
        assert_eq!(
            unit_name("libembedded_hal-0123abcd.rlib"),
            Some("embedded_hal")
        );
        assert_eq!(unit_name("libc-89ab"), Some("libc"));
        assert_eq!(unit_name("liblibc-89ab.rmeta"), Some("libc"));
        assert_eq!(unit_name("mockall_derive-0123.d"), Some("mockall_derive"));
        assert_eq!(unit_name("embedded-hal-0123abcd"), Some("embedded-hal"));
        assert_eq!(unit_name("tcp_echo"), None);
        assert_eq!(unit_name("tcp-echo-server"), None);
    }

    #[test]
    fn the_labs_dependencies_are_hw_mocks_and_never_the_workspaces_own_or_the_graders() {
        let root = crate::paths::checkout();
        let labs = crate::workspace::find_labs(&root).unwrap();
        let names = dependencies(&root, &labs).unwrap();
        assert!(names.contains("embedded-hal"), "{names:?}");
        assert!(names.contains("embedded_hal"), "{names:?}");
        for not in [
            "hw-mock",
            "hw_mock",
            "tcp-echo",
            "grader",
            "grader-core",
            "grader_core",
            "clap",
            "serde_json",
            "test",
        ] {
            assert!(!names.contains(not), "{not} in {names:?}");
        }
    }

    #[test]
    fn copies_the_dependencies_asked_for_and_nothing_else() {
        let root = std::env::temp_dir().join(format!("seed-{}", std::process::id()));
        let from = root.join("from/debug");
        for dir in [
            ".fingerprint/embedded-hal-0123abcd",
            ".fingerprint/tcp-echo-4567ef01",
            ".fingerprint/regex-4567ef01",
            "build/libc-89ab/out",
            "deps",
        ] {
            std::fs::create_dir_all(from.join(dir)).unwrap();
        }
        for file in [
            "deps/libembedded_hal-0123abcd.rlib",
            "deps/libtcp_echo-4567ef01.rlib",
            "deps/tcp_echo-4567ef01",
            "deps/libregex-4567ef01.rlib",
            "build/libc-89ab/out/x",
        ] {
            std::fs::write(from.join(file), "x").unwrap();
        }
        let to = root.join("to");
        let dependencies: BTreeSet<String> = ["embedded-hal", "embedded_hal", "libc"]
            .map(String::from)
            .into();
        let copied = seed(&root.join("from"), &to, &dependencies).unwrap();
        let again = seed(&root.join("from"), &to, &dependencies).unwrap();
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
            has("deps/libregex-4567ef01.rlib"),
        );
        std::fs::remove_dir_all(&root).unwrap();
        assert_eq!(result, (3, 0, true, true, true, false, false, false, false));
    }
}
