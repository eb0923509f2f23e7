//! A submission's workspace: which labs it has, building them with cargo, and where the
//! built programs are (read from cargo's JSON messages, never guessed from paths).
//!
//! A lab that does not compile fails its own checks with the compiler's first errors; the
//! other labs are still built (`--keep-going`) and graded.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

/// A lab crate found under `labs/`.
#[derive(Clone, Debug)]
pub struct LabCrate {
    pub package: String,
    pub dir: PathBuf,
}

/// The result of building a submission.
#[derive(Default)]
pub struct Build {
    /// Binary name → executable.
    pub executables: HashMap<String, PathBuf>,
    /// Package → the first compiler errors, for labs that did not build.
    pub errors: HashMap<String, String>,
}

/// Why a directory cannot be graded at all.
#[derive(Debug)]
pub struct NotAWorkspace(pub String);

impl std::fmt::Display for NotAWorkspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The lab crates of the workspace at `root`.
pub fn find_labs(root: &Path) -> Result<Vec<LabCrate>, NotAWorkspace> {
    let manifest = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| {
        NotAWorkspace(format!(
            "{} is not a netlabs workspace: {}: {e}",
            root.display(),
            manifest.display()
        ))
    })?;
    if !text.contains("[workspace]") {
        return Err(NotAWorkspace(format!(
            "{} is not a workspace (no [workspace] in Cargo.toml)",
            root.display()
        )));
    }
    let labs_dir = root.join("labs");
    let entries = std::fs::read_dir(&labs_dir)
        .map_err(|e| NotAWorkspace(format!("{} has no labs/ folder: {e}", root.display())))?;
    let mut labs: Vec<LabCrate> = entries
        .flatten()
        .filter_map(|entry| {
            let dir = entry.path();
            let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
            Some(LabCrate {
                package: package_name(&manifest)?,
                dir,
            })
        })
        .collect();
    labs.sort_by(|a, b| a.dir.cmp(&b.dir));
    Ok(labs)
}

/// The `name` of the `[package]` section of a manifest.
fn package_name(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(value) = line.strip_prefix("name") {
                let value = value.trim_start().strip_prefix('=')?.trim();
                return Some(value.trim_matches('"').to_string());
            }
        }
    }
    None
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    #[serde(default)]
    manifest_path: Option<PathBuf>,
    #[serde(default)]
    target: Option<Target>,
    #[serde(default)]
    executable: Option<PathBuf>,
    #[serde(default)]
    message: Option<Diagnostic>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
    kind: Vec<String>,
}

#[derive(Deserialize)]
struct Diagnostic {
    level: String,
    rendered: Option<String>,
}

/// How many compiler errors a build failure shows.
const ERRORS_SHOWN: usize = 3;

/// Builds `labs` of the workspace at `root` with cargo, into `target_dir` if given.
pub fn build(root: &Path, labs: &[LabCrate], target_dir: Option<&Path>) -> std::io::Result<Build> {
    // In a shared target directory the next build overwrites the programs cargo just made:
    // building and stashing them is one step, one submission at a time.
    static SHARED_TARGET: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time =
        target_dir.map(|_| SHARED_TARGET.lock().unwrap_or_else(|e| e.into_inner()));
    // Labs built before from byte-identical sources are taken from the cache, if any.
    let cache = crate::build_cache::from_env();
    let lookup = cache.as_ref().map(|c| c.lookup(root, labs));
    let (labs, cached) = match &lookup {
        Some(lookup) if lookup.to_build.is_empty() => {
            return Ok(Build {
                executables: lookup.found.clone(),
                errors: HashMap::new(),
            });
        }
        Some(lookup) => (lookup.to_build.as_slice(), lookup.found.clone()),
        None => (labs, HashMap::new()),
    };
    if let Some(dir) = target_dir {
        forget_workspace_builds(root, dir)?;
    }
    let mut run = run_cargo(root, labs, target_dir)?;
    if let (Some(cache), Some(lookup)) = (&cache, &lookup) {
        cache.store(lookup, &run.build.executables, &run.build.errors);
    }
    if let Some(dir) = target_dir {
        run.build.executables = stash(&run.build.executables, &stash_dir(dir, root))?;
    }
    let mut build = run.build;
    build.executables.extend(cached);
    // Cargo failed before compiling anything (a broken manifest, say): every lab without
    // programs failed, with cargo's own words.
    if !run.succeeded && build.executables.is_empty() {
        for lab in labs {
            build.errors.entry(lab.package.clone()).or_insert_with(|| {
                format!(
                    "cargo could not build the workspace:\n{}",
                    tail(&run.stderr, 20)
                )
            });
        }
    }
    Ok(build)
}

/// What one `cargo build` said.
struct CargoRun {
    build: Build,
    succeeded: bool,
    stderr: String,
}

/// Makes cargo rebuild the workspace's own packages in a shared target directory.
///
/// Cargo hashes a path package by its path *relative to the workspace*, so every copy of
/// the course (every student's) shares one fingerprint per lab, judged fresh by file
/// times: a student's older files could be taken for built when another student's program
/// is what sits in target/. Removing the workspace packages' fingerprints forces their
/// rebuild; registry dependencies (hw-mock's) stay shared.
fn forget_workspace_builds(root: &Path, target_dir: &Path) -> std::io::Result<()> {
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(root)
        .args(["metadata", "--no-deps", "--format-version", "1"])
        .output()?;
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let members: Vec<String> = metadata["packages"]
        .as_array()
        .map(|packages| {
            packages
                .iter()
                .filter_map(|p| p["name"].as_str().map(|n| format!("{n}-")))
                .collect()
        })
        .unwrap_or_default();
    let Ok(entries) = std::fs::read_dir(target_dir.join("debug/.fingerprint")) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_member = members.iter().any(|m| {
            name.strip_prefix(m.as_str())
                .is_some_and(|hash| hash.chars().all(|c| c.is_ascii_hexdigit()))
        });
        if is_member {
            std::fs::remove_dir_all(entry.path())?;
        }
    }
    Ok(())
}

fn run_cargo(
    root: &Path,
    labs: &[LabCrate],
    target_dir: Option<&Path>,
) -> std::io::Result<CargoRun> {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .current_dir(root)
        .args(["build", "--message-format=json", "--keep-going", "--bins"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for lab in labs {
        command.args(["-p", &lab.package]);
    }
    if let Some(dir) = target_dir {
        command.arg("--target-dir").arg(dir);
    }
    crate::harness::signals::unblocked(&mut command);
    let mut child = command.spawn()?;
    let stderr = child.stderr.take().unwrap();
    let stderr_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut std::io::BufReader::new(stderr), &mut text);
        text
    });
    let mut build = Build::default();
    let mut errors: HashMap<PathBuf, Vec<String>> = HashMap::new();
    for line in std::io::BufReader::new(child.stdout.take().unwrap()).lines() {
        let Ok(line) = line else { break };
        let Ok(message) = serde_json::from_str::<Message>(&line) else {
            continue;
        };
        match (
            message.reason.as_str(),
            message.target,
            message.executable,
            message.message,
        ) {
            ("compiler-artifact", Some(target), Some(exe), _)
                if target.kind.iter().any(|k| k == "bin") =>
            {
                build.executables.insert(target.name, exe);
            }
            ("compiler-message", _, _, Some(diagnostic)) if diagnostic.level == "error" => {
                if let Some(manifest) = message.manifest_path {
                    errors
                        .entry(manifest)
                        .or_default()
                        .extend(diagnostic.rendered);
                }
            }
            _ => {}
        }
    }
    let succeeded = child.wait()?.success();
    let stderr = stderr_reader.join().unwrap_or_default();
    for lab in labs {
        let manifest = lab.dir.join("Cargo.toml");
        let lab_errors = errors
            .iter()
            .find(|(path, _)| same_file(path, &manifest))
            .map(|(_, e)| e.clone());
        if let Some(lab_errors) = lab_errors {
            let shown: Vec<String> = lab_errors.into_iter().take(ERRORS_SHOWN).collect();
            build.errors.insert(
                lab.package.clone(),
                format!("does not compile:\n{}", shown.join("\n")),
            );
        }
    }
    Ok(CargoRun {
        build,
        succeeded,
        stderr,
    })
}

/// Copies (hard-links where possible) executables out of a shared target directory, where
/// the next submission's build would overwrite them, into a folder of this submission's own.
fn stash(
    executables: &HashMap<String, PathBuf>,
    folder: &Path,
) -> std::io::Result<HashMap<String, PathBuf>> {
    std::fs::create_dir_all(folder)?;
    let mut stashed = HashMap::new();
    for (name, exe) in executables {
        let copy = folder.join(name);
        let _ = std::fs::remove_file(&copy);
        if std::fs::hard_link(exe, &copy).is_err() {
            std::fs::copy(exe, &copy)?;
        }
        stashed.insert(name.clone(), copy);
    }
    Ok(stashed)
}

/// Where the programs of the submission at `root` are kept in a shared `target_dir`.
pub fn stash_dir(target_dir: &Path, root: &Path) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    root.canonicalize()
        .unwrap_or_else(|_| root.to_path_buf())
        .hash(&mut hasher);
    target_dir
        .join("netlabs-exes")
        .join(format!("{:016x}", hasher.finish()))
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || a.canonicalize().ok() == b.canonicalize().ok()
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_package_name() {
        let manifest = "[package]\nname = \"tcp-echo\"\nversion = \"0.1.0\"\n[dependencies]\n";
        assert_eq!(package_name(manifest).as_deref(), Some("tcp-echo"));
        assert_eq!(package_name("[workspace]\nmembers = []\n"), None);
    }
}
