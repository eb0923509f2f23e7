//! A submission's workspace: which labs it has, building them with cargo, and where the
//! built programs are (read from cargo's JSON messages, never guessed from paths).
//!
//! A lab that does not compile fails its own checks with the compiler's first errors; the
//! other labs are still built (`--keep-going`) and graded.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use serde::Deserialize;

use crate::harness::Supervised;
use crate::harness::build_jail::{self, BuildView};
use crate::stage::Stage;
use crate::target::CrossTarget;

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
    /// Whether cargo ran in the build jail.
    pub jailed: bool,
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

/// The `name` of the `[package]` section of a manifest (read, never run: the submission's
/// manifest is not handed to cargo here).
fn package_name(manifest: &str) -> Option<String> {
    let manifest: toml::Table = manifest.parse().ok()?;
    Some(manifest.get("package")?.get("name")?.as_str()?.to_string())
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

/// Builds `labs` of the workspace at `root` with cargo, into `target_dir` if given (else
/// the submission's own `target/`). A lab whose manifest breaks the course's rules
/// (`rules.rs`) is not built: it fails with the rule it breaks. The others are built from a
/// staged workspace (`stage.rs`): the grader's manifest, lock file and hw-mock, never the
/// submission's.
pub fn build(root: &Path, labs: &[LabCrate], target_dir: Option<&Path>) -> std::io::Result<Build> {
    build_for(root, labs, target_dir, None)
}

/// `build`, for the CPU of `cross` when given (a Raspberry Pi, see `target.rs`).
pub fn build_for(
    root: &Path,
    labs: &[LabCrate],
    target_dir: Option<&Path>,
    cross: Option<&CrossTarget>,
) -> std::io::Result<Build> {
    // In a shared target directory the next build overwrites the programs cargo just made:
    // building and stashing them is one step, one submission at a time per directory.
    let lock = target_dir.map(shared_target_lock);
    let _one_at_a_time = lock
        .as_ref()
        .map(|lock| lock.lock().unwrap_or_else(|e| e.into_inner()));
    let mut refused = HashMap::new();
    let allowed: Vec<LabCrate> = labs
        .iter()
        .filter(
            |lab| match crate::rules::violation(&lab.dir, &lab.package) {
                Some(why) => {
                    refused.insert(lab.package.clone(), why);
                    false
                }
                None => true,
            },
        )
        .cloned()
        .collect();
    // Labs built before from byte-identical sources are taken from the cache, if any.
    let cache = crate::build_cache::from_env().filter(|_| cross.is_none());
    let edition = crate::paths::checkout();
    let lookup = cache.as_ref().map(|c| c.lookup(&edition, &allowed));
    let (allowed, cached) = match &lookup {
        Some(lookup) if lookup.to_build.is_empty() => {
            return Ok(Build {
                executables: lookup.found.clone(),
                errors: refused,
                jailed: crate::harness::build_jail::works(),
            });
        }
        Some(lookup) => (lookup.to_build.clone(), lookup.found.clone()),
        None => (allowed, HashMap::new()),
    };
    let stage = Stage::new(&edition, &allowed)?;
    let own_target = root.join("target");
    let target = target_dir.unwrap_or(&own_target);
    if target_dir.is_some() {
        forget_workspace_builds(stage.path(), target)?;
    }
    let mut run = run_cargo(stage.path(), &allowed, target, cross)?;
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
        for lab in &allowed {
            build.errors.entry(lab.package.clone()).or_insert_with(|| {
                format!(
                    "cargo could not build the workspace:\n{}",
                    tail(&run.stderr, 20)
                )
            });
        }
    }
    build.errors.extend(refused);
    Ok(build)
}

/// The lock of one shared target directory: builds into different ones run at once.
fn shared_target_lock(dir: &Path) -> std::sync::Arc<std::sync::Mutex<()>> {
    type Locks = std::collections::BTreeMap<PathBuf, std::sync::Arc<std::sync::Mutex<()>>>;
    static LOCKS: std::sync::Mutex<Locks> = std::sync::Mutex::new(Locks::new());
    let key = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut locks = LOCKS.lock().unwrap_or_else(|e| e.into_inner());
    std::sync::Arc::clone(locks.entry(key).or_default())
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
/// rebuild; registry dependencies stay shared, and so does hw-mock: the stage always takes
/// the grader's own, never the submission's.
fn forget_workspace_builds(stage: &Path, target_dir: &Path) -> std::io::Result<()> {
    let mut members = member_names(stage)?;
    members.retain(|m| m != "hw-mock");
    // The host's builds, and those for a Pi (`--target`), each under their triple.
    let builds = std::iter::once(target_dir.to_path_buf()).chain(
        crate::target::TARGETS
            .iter()
            .map(|t| target_dir.join(t.triple)),
    );
    let entries = builds.filter_map(|dir| std::fs::read_dir(dir.join("debug/.fingerprint")).ok());
    for entry in entries.flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_members_build(&name, &members) {
            std::fs::remove_dir_all(entry.path())?;
        }
    }
    Ok(())
}

/// The package names of the workspace at `root` (its members, not their dependencies).
/// Run on the grader's own or staged workspaces only: cargo reads a folder's configuration.
pub fn member_names(root: &Path) -> std::io::Result<Vec<String>> {
    let metadata = cargo_metadata::MetadataCommand::new()
        .current_dir(root)
        .no_deps()
        .other_options(vec!["--offline".to_string()])
        .exec()
        .map_err(std::io::Error::other)?;
    Ok(metadata
        .packages
        .into_iter()
        .map(|package| package.name.to_string())
        .collect())
}

/// Whether a `.fingerprint` (or `build/`) entry, `NAME-HASH`, is one of `members`' builds.
pub fn is_members_build(entry: &str, members: &[String]) -> bool {
    members.iter().any(|m| {
        entry
            .strip_prefix(m.as_str())
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|hash| hash.chars().all(|c| c.is_ascii_hexdigit()))
    })
}

fn run_cargo(
    stage: &Path,
    labs: &[LabCrate],
    target_dir: &Path,
    cross: Option<&CrossTarget>,
) -> std::io::Result<CargoRun> {
    std::fs::create_dir_all(target_dir)?;
    let mut readonly: Vec<PathBuf> = labs
        .iter()
        .filter_map(|lab| std::path::absolute(&lab.dir).ok())
        .collect();
    readonly.extend(std::path::absolute(crate::paths::hw_mock()).ok());
    let view = BuildView {
        stage,
        target_dir,
        readonly,
    };
    let (mut command, jailed) = build_jail::cargo(&view);
    // From the staged folder: no configuration of the submission's is read; the lock file
    // is the grader's, and everything it names is in the grader's cache already.
    command
        .current_dir(stage)
        .args([
            "build",
            "--message-format=json",
            "--keep-going",
            "--bins",
            "--offline",
        ])
        .arg("--manifest-path")
        .arg(stage.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for lab in labs {
        command.args(["-p", &lab.package]);
    }
    if let Some(cross) = cross {
        command.args(cross.cargo_args());
    }
    crate::report::progress::build_started(labs.len());
    // Its own process group, so the deadline stops cargo and every rustc it started.
    let mut cargo = Supervised::spawn(&mut command, BUILD_DEADLINE, BUILD_GRACE)?;
    let stderr = cargo.child().stderr.take().unwrap();
    let stderr_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut std::io::BufReader::new(stderr), &mut text);
        text
    });
    let mut build = Build::default();
    let mut errors: HashMap<PathBuf, Vec<String>> = HashMap::new();
    let mut built: Vec<PathBuf> = Vec::new();
    let mut cargo_spoke = false;
    for line in std::io::BufReader::new(cargo.child().stdout.take().unwrap()).lines() {
        let Ok(line) = line else { break };
        let Ok(message) = serde_json::from_str::<Message>(&line) else {
            continue;
        };
        cargo_spoke = true;
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
                if let Some(manifest) = message.manifest_path {
                    let lab = labs
                        .iter()
                        .find(|l| same_file(&l.dir.join("Cargo.toml"), &manifest));
                    if !built.iter().any(|b| b == &manifest) {
                        if let Some(lab) = lab {
                            crate::report::progress::lab_built(&lab.package);
                        }
                    }
                    built.push(manifest);
                }
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
    crate::report::progress::build_finished();
    let (status, timed_out) = cargo.wait();
    let succeeded = status?.success();
    let stderr = stderr_reader.join().unwrap_or_default();
    if jailed && build_jail::refused(cargo_spoke, &stderr) {
        return run_cargo(stage, labs, target_dir, cross);
    }
    for lab in labs {
        let manifest = lab.dir.join("Cargo.toml");
        if timed_out && !built.iter().any(|path| same_file(path, &manifest)) {
            build.errors.insert(
                lab.package.clone(),
                format!(
                    "build timed out: cargo was stopped after {} s",
                    BUILD_DEADLINE.as_secs()
                ),
            );
            continue;
        }
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
    build.jailed = jailed;
    Ok(CargoRun {
        build,
        succeeded,
        stderr,
    })
}

/// How long one build may take before cargo's process group is killed: far more than a
/// cold build of every lab needs, even on a loaded machine.
const BUILD_DEADLINE: std::time::Duration = std::time::Duration::from_secs(900);

/// How long cargo gets between SIGTERM and SIGKILL at the deadline.
const BUILD_GRACE: std::time::Duration = std::time::Duration::from_secs(2);

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
