//! `grader dev check`: the course proves itself consistent, as rustlings' `dev check` does.
//!
//! Adding a lab touches a crate, a checks module, the registry in `labs/mod.rs`, snapshots, a
//! chapter, `SUMMARY.md` and two lab tables. A mismatch among them used to show up only at
//! release or grade time; this module finds it in about a second and names the file to fix.
//! What can be read from the lab crates themselves (package, binaries) is read through
//! `cargo metadata`, never guessed.
//!
//! It only reads the tree and returns problems; `commands/dev.rs` prints them. The grader's
//! own layering (`layers.rs`) and file sizes (`size.rs`) are checked here too.

mod layers;
mod size;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use regex::Regex;

use crate::labs::{LABS, Lab};

/// The lab tables that must list every lab: the README's and `labs/README.md`.
const LAB_TABLES: &[&str] = &["README.md", "labs/README.md"];

/// Files of `grader/src/labs/` that are not a lab's checks.
const NOT_CHECK_MODULES: &[&str] = &["mod.rs", "common.rs", "wire_proof.rs", "new_lab_sketch.rs"];

/// The root of the grader's one integration-test binary.
const TEST_MAIN: &str = "integration.rs";

/// The how-to for a new lab, and the code its sketch must be included from.
const NEW_LAB_HOWTO: &str = "docs/src/instructor/new-lab.md";
const NEW_LAB_SKETCH: &str = "grader/src/labs/new_lab_sketch.rs";

/// Every inconsistency found under `root`, one line each, starting with the path to fix.
pub fn check(root: &Path) -> Result<Vec<String>, String> {
    let crates = lab_crates(root)?;
    let mut problems = Vec::new();
    for (folder, krate) in &crates {
        match LABS.iter().find(|lab| lab.folder == folder) {
            None => problems.push(format!(
                "labs/{folder}: no checks module in grader/src/labs/ (add one and register it in \
                 LABS in grader/src/labs/mod.rs; see {NEW_LAB_HOWTO})"
            )),
            Some(lab) => check_lab(root, lab, krate, &mut problems),
        }
    }
    for lab in LABS {
        if !crates.contains_key(lab.folder) {
            problems.push(format!(
                "{}: lab `{}` has no crate at labs/{}/",
                module_file(root, lab),
                lab.package,
                lab.folder
            ));
        }
    }
    check_not_incremental(root, &crates, &mut problems);
    check_module_files(root, &mut problems);
    check_snapshot_files(root, &mut problems);
    check_tables(root, &mut problems);
    check_howto(root, &mut problems);
    check_test_modules(root, &mut problems);
    layers::check(root, &mut problems);
    size::check(root, &mut problems);
    Ok(problems)
}

/// A lab crate as cargo sees it: its package name and binaries.
struct Crate {
    package: String,
    binaries: BTreeSet<String>,
}

/// The crates under `labs/`, by folder name, from `cargo metadata --no-deps`.
fn lab_crates(root: &Path) -> Result<BTreeMap<String, Crate>, String> {
    let metadata = cargo_metadata::MetadataCommand::new()
        .manifest_path(root.join("Cargo.toml"))
        .no_deps()
        .other_options(vec!["--offline".to_string()])
        .exec()
        .map_err(|e| format!("cargo metadata failed in {}: {e}", root.display()))?;
    let labs_dir = root
        .join("labs")
        .canonicalize()
        .map_err(|e| e.to_string())?;
    let mut crates = BTreeMap::new();
    for package in metadata.packages {
        let Some(dir) = package.manifest_path.parent() else {
            continue;
        };
        if dir.parent().map(|p| p.as_std_path()) != Some(labs_dir.as_path()) {
            continue;
        }
        let binaries = package
            .targets
            .iter()
            .filter(|t| t.is_bin())
            .map(|t| t.name.clone())
            .collect();
        let folder = dir.file_name().unwrap_or_default().to_string();
        crates.insert(
            folder,
            Crate {
                package: package.name.to_string(),
                binaries,
            },
        );
    }
    Ok(crates)
}

/// Every lab compiles without incremental compilation: the root manifest's profile names
/// each (cargo has no pattern for workspace members; see the comment there).
fn check_not_incremental(
    root: &Path,
    crates: &BTreeMap<String, Crate>,
    problems: &mut Vec<String>,
) {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok());
    let profiles = manifest
        .as_ref()
        .and_then(|m| m.get("profile")?.get("dev")?.get("package"));
    for krate in crates.values() {
        let off = profiles.and_then(|p| p.get(&krate.package)?.get("incremental")?.as_bool())
            == Some(false);
        if !off {
            problems.push(format!(
                "Cargo.toml: `[profile.dev.package]` has no `{} = {{ incremental = false }}` \
                 (every lab compiles without incremental compilation)",
                krate.package
            ));
        }
    }
}

/// The checks module's file stem: the package with `-` as `_`.
fn module_name(lab: &Lab) -> String {
    lab.package.replace('-', "_")
}

/// The checks module's file: `grader/src/labs/NAME.rs`, or `NAME/mod.rs` for a folder.
fn module_file(root: &Path, lab: &Lab) -> String {
    let name = module_name(lab);
    let folder = format!("grader/src/labs/{name}/mod.rs");
    if root.join(&folder).is_file() {
        folder
    } else {
        format!("grader/src/labs/{name}.rs")
    }
}

fn check_lab(root: &Path, lab: &Lab, krate: &Crate, problems: &mut Vec<String>) {
    let at = format!("labs/{}", lab.folder);
    if krate.package != lab.package {
        problems.push(format!(
            "{at}/Cargo.toml: package `{}`, but {} says `{}`",
            krate.package,
            module_file(root, lab),
            lab.package
        ));
    }
    let programs: BTreeSet<String> = lab.programs.iter().map(|p| p.to_string()).collect();
    if programs != krate.binaries {
        problems.push(format!(
            "{}: programs {:?}, but the crate builds {:?}",
            module_file(root, lab),
            programs,
            krate.binaries
        ));
    }
    if !root.join(&at).join("README.md").is_file() {
        problems.push(format!("{at}: no exercise sheet (README.md)"));
    }
    check_regions(root, &at, problems);
    let chapter = format!("labs/{}.md", lab.folder);
    if !root.join("docs/src").join(&chapter).is_file() {
        problems.push(format!("docs/src/{chapter}: missing (the lab's chapter)"));
    }
    let summary = std::fs::read_to_string(root.join("docs/src/SUMMARY.md")).unwrap_or_default();
    if !summary.contains(&format!("({chapter})")) {
        problems.push(format!("docs/src/SUMMARY.md: no entry for {chapter}"));
    }
    for name in snapshot_names(root, lab) {
        let file = format!("fixtures/snapshots/{}__{name}.snap", lab.package);
        if !root.join(&file).is_file() {
            problems.push(format!(
                "{file}: missing ({} compares with it; record it with \
                 `cargo insta test -p grader --test integration -- snapshots::`)",
                module_file(root, lab)
            ));
        }
    }
}

/// Every lab has solution regions, and in every file they pair up.
fn check_regions(root: &Path, at: &str, problems: &mut Vec<String>) {
    let mut regions = 0;
    for entry in walkdir::WalkDir::new(root.join(at).join("src")) {
        let Ok(entry) = entry else { continue };
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let begins = text.matches("// BEGIN SOLUTION").count();
        let ends = text.matches("// END SOLUTION").count();
        if begins != ends {
            let path = entry.path().strip_prefix(root).unwrap_or(entry.path());
            problems.push(format!(
                "{}: {begins} `// BEGIN SOLUTION` but {ends} `// END SOLUTION`",
                path.display()
            ));
        }
        regions += begins;
    }
    if regions == 0 {
        problems.push(format!(
            "{at}/src: no solution region (`// BEGIN SOLUTION` … `// END SOLUTION`)"
        ));
    }
}

/// The snapshot names a lab's checks module compares with (`ctx.snapshot("name", …)`).
fn snapshot_names(root: &Path, lab: &Lab) -> BTreeSet<String> {
    let path = root.join(format!("grader/src/labs/{}.rs", module_name(lab)));
    let mut files = vec![path.clone()];
    // A lab's checks may live in a folder of their own (`labs/pi_devices/`).
    let dir = path.with_extension("");
    files.extend(
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .map(|e| e.into_path()),
    );
    let call = Regex::new(r#"\.snapshot\(\s*"([^"]+)""#).expect("a valid pattern");
    files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .flat_map(|text| {
            call.captures_iter(&text)
                .map(|c| c[1].to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every file (or folder) in `grader/src/labs/` is a lab's checks, and the reverse.
fn check_module_files(root: &Path, problems: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(root.join("grader/src/labs")) else {
        problems.push("grader/src/labs: missing".to_string());
        return;
    };
    let modules: BTreeSet<String> = LABS.iter().map(|lab| module_name(lab)).collect();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if NOT_CHECK_MODULES.contains(&name.as_str()) {
            continue;
        }
        let stem = name.trim_end_matches(".rs");
        if !modules.contains(stem) {
            problems.push(format!(
                "grader/src/labs/{name}: not the checks of any lab in LABS (no folder \
                 labs/NN-{} registered)",
                stem.replace('_', "-")
            ));
        }
    }
    for module in &modules {
        let file = root.join(format!("grader/src/labs/{module}.rs"));
        let folder = root.join(format!("grader/src/labs/{module}"));
        match (file.is_file(), folder.is_dir()) {
            (false, false) => problems.push(format!("grader/src/labs/{module}.rs: missing")),
            (true, true) => problems.push(format!(
                "grader/src/labs/{module}/: a second checks module beside {module}.rs (keep one)"
            )),
            (false, true) => check_module_folder(root, module, problems),
            (true, false) => {}
        }
    }
}

/// A lab's checks in a folder (`labs/pi_devices/`): a `mod.rs`, and every file in the folder
/// declared in it (cargo would silently skip one that is not).
fn check_module_folder(root: &Path, module: &str, problems: &mut Vec<String>) {
    let at = format!("grader/src/labs/{module}");
    let Ok(main) = std::fs::read_to_string(root.join(&at).join("mod.rs")) else {
        problems.push(format!(
            "{at}/mod.rs: missing (a checks folder starts there)"
        ));
        return;
    };
    let declared =
        Regex::new(r"(?m)^\s*(?:pub(?:\([a-z]+\))? )?mod ([a-z0-9_]+);").expect("a valid pattern");
    let declared: BTreeSet<&str> = declared
        .captures_iter(&main)
        .filter_map(|c| c.get(1).map(|m| m.as_str()))
        .collect();
    let Ok(entries) = std::fs::read_dir(root.join(&at)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        match name.strip_suffix(".rs") {
            Some("mod") => {}
            Some(stem) if declared.contains(stem) => {}
            _ => problems.push(format!(
                "{at}/{name}: not declared in {at}/mod.rs (`mod {};`)",
                name.trim_end_matches(".rs")
            )),
        }
    }
}

/// Every `.snap` file belongs to a lab and a snapshot its checks compare with.
fn check_snapshot_files(root: &Path, problems: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(root.join("fixtures/snapshots")) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some((package, snapshot)) = name
            .strip_suffix(".snap")
            .and_then(|stem| stem.split_once("__"))
        else {
            continue;
        };
        let used = LABS
            .iter()
            .find(|lab| lab.package == package)
            .is_some_and(|lab| snapshot_names(root, lab).contains(snapshot));
        if !used {
            problems.push(format!(
                "fixtures/snapshots/{name}: no check compares with it (remove it)"
            ));
        }
    }
}

/// The README's lab table and `labs/README.md` list every lab, by folder.
fn check_tables(root: &Path, problems: &mut Vec<String>) {
    for table in LAB_TABLES {
        let text = std::fs::read_to_string(root.join(table)).unwrap_or_default();
        for lab in LABS {
            let row = text
                .lines()
                .any(|line| line.starts_with('|') && line.contains(lab.folder));
            if !row {
                problems.push(format!(
                    "{table}: the lab table has no row for {}",
                    lab.folder
                ));
            }
        }
    }
}

/// Every file of `grader/tests/` is a module of the one integration-test binary: with
/// `autotests = false`, a file left out would silently never run.
fn check_test_modules(root: &Path, problems: &mut Vec<String>) {
    let tests = root.join("grader/tests");
    let main = std::fs::read_to_string(tests.join(TEST_MAIN)).unwrap_or_default();
    let Ok(entries) = std::fs::read_dir(&tests) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(stem) = name.strip_suffix(".rs") else {
            continue;
        };
        if name != TEST_MAIN && !main.lines().any(|l| l.trim() == format!("mod {stem};")) {
            problems.push(format!(
                "grader/tests/{name}: not declared in grader/tests/{TEST_MAIN} (`mod {stem};`), \
                 so its tests never run"
            ));
        }
    }
}

/// The how-to's code sketch is included from real code, which the grader's tests compile.
fn check_howto(root: &Path, problems: &mut Vec<String>) {
    let text = std::fs::read_to_string(root.join(NEW_LAB_HOWTO)).unwrap_or_default();
    if !text.contains("new_lab_sketch.rs:sketch") {
        problems.push(format!(
            "{NEW_LAB_HOWTO}: the sketch must be included from {NEW_LAB_SKETCH} (anchor \
             `sketch`), so that it compiles"
        ));
    }
    if !root.join(NEW_LAB_SKETCH).is_file() {
        problems.push(format!("{NEW_LAB_SKETCH}: missing"));
    }
}
