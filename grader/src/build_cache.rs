//! A content-addressed cache of built labs, shared by every submission of a `batch`: a lab
//! whose sources are byte-identical to one already built (the student starter, another
//! student's copy) is not compiled again. Its programs are still run and graded.
//!
//! What a lab's build depends on is written as one canonical byte string, its *inputs*.
//! They describe the staged build (`stage.rs`), which takes the workspace manifest, lock
//! file and `hw-mock` from the grader's own edition and only the lab folder from the
//! submission: the toolchain (`rustc -vV`, `cargo -V`), the grader that builds (its
//! executable's size and time), the build's `CARGO*`/`RUST*` environment, the edition's
//! `Cargo.toml`, `Cargo.lock`, toolchain and cargo configuration files, every file of the
//! submission's lab crate, and every file of the crates it names by `path` as the staged
//! build resolves them (the edition's `hw-mock`). A hash of the inputs names the entry, but
//! a hit needs the entry's stored inputs to be byte-identical: a hash collision can never
//! hand one student another's program.
//!
//! Never cached: a crate with a build script or a symbolic link (either may read anything),
//! and a build whose dep-info names a file that is not among the inputs
//! (`include_str!("../../notes.txt")`). `batch` names the cache for its `grader grade`
//! processes in [`ENV`].

use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::workspace::LabCrate;

/// The environment variable naming the cache folder.
pub const ENV: &str = "NETLABS_BUILD_CACHE";

/// Inputs larger than this are not cached (a lab is some 100 KiB).
const INPUTS_CAP: usize = 32 << 20;

/// How deep `path` dependencies are followed.
const PATH_DEPTH: usize = 8;

/// The cache named by [`ENV`], if any. Its folder is made at once, so the sandbox can make
/// it read-only to the programs graded before the first lab is stored.
pub fn from_env() -> Option<Cache> {
    let dir = PathBuf::from(std::env::var_os(ENV)?);
    std::fs::create_dir_all(&dir).ok()?;
    Some(Cache { dir })
}

/// A folder of built labs: `<shelf>/<key>/inputs` and `<shelf>/<key>/bin/<program>`, one
/// shelf per toolchain, grader and workspace manifest. Only the current shelf is kept: the
/// others could never be hit again by this grader.
pub struct Cache {
    dir: PathBuf,
}

/// What the cache holds of a submission's labs.
pub struct Lookup {
    /// Program name → cached executable, for the labs found.
    pub found: HashMap<String, PathBuf>,
    /// The labs that must be built.
    pub to_build: Vec<LabCrate>,
    missed: Vec<Missed>,
    /// Where this workspace's entries are.
    shelf: PathBuf,
}

/// A lab to build whose result can be stored.
struct Missed {
    package: String,
    programs: &'static [&'static str],
    inputs: Inputs,
}

/// A lab's inputs: the canonical bytes and the files they hold.
struct Inputs {
    bytes: Vec<u8>,
    files: BTreeSet<PathBuf>,
}

impl Inputs {
    fn key(&self) -> String {
        name(&self.bytes)
    }
}

/// A name for `bytes`: two differently seeded 64-bit hashes (hits compare the bytes).
fn name(bytes: &[u8]) -> String {
    let half = |seed: &str| {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        seed.hash(&mut hasher);
        bytes.hash(&mut hasher);
        hasher.finish()
    };
    format!("{:016x}{:016x}", half("netlabs"), half("build cache"))
}

impl Cache {
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Splits `labs` (a submission's) into those the cache holds and those to build, for a
    /// build staged against the grader's edition at `edition`.
    pub fn lookup(&self, edition: &Path, labs: &[LabCrate]) -> Lookup {
        let header = header(edition);
        let mut lookup = Lookup {
            found: HashMap::new(),
            to_build: Vec::new(),
            missed: Vec::new(),
            shelf: self.dir.join(name(&header)),
        };
        self.prune(&lookup.shelf);
        for lab in labs {
            let known = crate::labs::find(&lab.package);
            let inputs = known.and_then(|_| inputs(&header, edition, &lab.dir));
            let (Some(known), Some(inputs)) = (known, inputs) else {
                lookup.to_build.push(lab.clone());
                continue;
            };
            match get(&lookup.shelf, &inputs, known.programs) {
                Some(found) => lookup.found.extend(found),
                None => {
                    lookup.to_build.push(lab.clone());
                    lookup.missed.push(Missed {
                        package: lab.package.clone(),
                        programs: known.programs,
                        inputs,
                    });
                }
            }
        }
        lookup
    }

    /// Removes every shelf but `keep` (another toolchain's, grader's or manifest's).
    fn prune(&self, keep: &Path) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            if entry.path() != keep {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }

    /// Stores the labs of `lookup` that built (every program there, no compiler error, no
    /// input the dep-info does not account for). `executables` are cargo's, before any copy.
    pub fn store(
        &self,
        lookup: &Lookup,
        executables: &HashMap<String, PathBuf>,
        errors: &HashMap<String, String>,
    ) {
        for missed in &lookup.missed {
            let built: Option<Vec<(&str, &PathBuf)>> = missed
                .programs
                .iter()
                .map(|p| executables.get(*p).map(|exe| (*p, exe)))
                .collect();
            let Some(built) = built else { continue };
            if errors.contains_key(&missed.package)
                || !built.iter().all(|(_, exe)| accounted(exe, &missed.inputs))
            {
                continue;
            }
            // A failure to store only costs a later compile.
            let _ = put(&lookup.shelf, &missed.inputs, &built);
        }
    }
}

/// The cached programs of a lab with exactly these inputs.
fn get(shelf: &Path, inputs: &Inputs, programs: &[&str]) -> Option<HashMap<String, PathBuf>> {
    let entry = shelf.join(inputs.key());
    if std::fs::read(entry.join("inputs")).ok()? != inputs.bytes {
        return None;
    }
    programs
        .iter()
        .map(|p| {
            let exe = entry.join("bin").join(p);
            exe.is_file().then(|| (p.to_string(), exe))
        })
        .collect()
}

/// Stores `built` (program, executable) as the entry for `inputs` on `shelf`.
fn put(shelf: &Path, inputs: &Inputs, built: &[(&str, &PathBuf)]) -> std::io::Result<()> {
    let entry = shelf.join(inputs.key());
    if entry.exists() {
        return Ok(());
    }
    let temp = shelf.join(format!(".new-{}-{}", std::process::id(), inputs.key()));
    let _ = std::fs::remove_dir_all(&temp);
    std::fs::create_dir_all(temp.join("bin"))?;
    std::fs::write(temp.join("inputs"), &inputs.bytes)?;
    for (program, exe) in built {
        let copy = temp.join("bin").join(program);
        if std::fs::hard_link(exe, &copy).is_err() {
            std::fs::copy(exe, &copy)?;
        }
    }
    // Another grader may have stored the same entry meanwhile: theirs stays.
    if std::fs::rename(&temp, &entry).is_err() {
        std::fs::remove_dir_all(&temp)?;
    }
    Ok(())
}

/// What every lab of a build staged against the edition at `edition` shares: toolchain,
/// grader, environment, workspace manifest, lock file and toolchain file.
fn header(edition: &Path) -> Vec<u8> {
    let mut out = b"netlabs build cache 1\n".to_vec();
    for (tool, arg) in [("RUSTC", "-vV"), ("CARGO", "-V")] {
        let program = std::env::var_os(tool).unwrap_or_else(|| tool.to_lowercase().into());
        let output = Command::new(program).arg(arg).current_dir(edition).output();
        let version = output.map(|o| o.stdout).unwrap_or_default();
        section(&mut out, tool, &version);
    }
    let grader = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{} {:?}", m.len(), m.modified().ok()))
        .unwrap_or_default();
    section(&mut out, "grader", grader.as_bytes());
    let mut vars: Vec<(String, String)> = std::env::vars()
        .filter(|(name, _)| name.starts_with("CARGO") || name.starts_with("RUST"))
        .collect();
    vars.sort();
    for (name, value) in vars {
        section(&mut out, &name, value.as_bytes());
    }
    let files = [
        "Cargo.toml",
        "Cargo.lock",
        "rust-toolchain",
        "rust-toolchain.toml",
        ".cargo/config",
        ".cargo/config.toml",
    ];
    for file in files {
        let bytes = std::fs::read(edition.join(file)).unwrap_or_default();
        section(&mut out, file, &bytes);
    }
    out
}

/// Appends a named, length-prefixed field: no two different inputs serialise the same.
fn section(out: &mut Vec<u8>, name: &str, bytes: &[u8]) {
    out.extend_from_slice(format!("{name} {}\n", bytes.len()).as_bytes());
    out.extend_from_slice(bytes);
    out.push(b'\n');
}

/// The inputs of the submission's lab crate at `lab` as built staged against the edition at
/// `edition`, or `None` when it cannot be cached.
fn inputs(header: &[u8], edition: &Path, lab: &Path) -> Option<Inputs> {
    let edition = edition.canonicalize().ok()?;
    let lab = lab.canonicalize().ok()?;
    // The stage links the lab in at `labs/NAME` of the edition's layout: its `path`
    // dependencies resolve from there, to the edition's crates.
    let staged = edition.join("labs").join(lab.file_name()?);
    let mut crates = BTreeSet::new();
    for dir in manifest_paths(&edition, &lab, &staged)? {
        if dir.is_dir() {
            collect_crates(&edition, &dir, &mut crates, 1)?;
        }
    }
    // Paths in the workspace manifest ([patch], [workspace.dependencies]) count for every lab.
    for dir in manifest_paths(&edition, &edition, &edition)? {
        if dir.is_dir() {
            collect_crates(&edition, &dir, &mut crates, 1)?;
        }
    }
    let mut inputs = Inputs {
        bytes: header.to_vec(),
        files: BTreeSet::new(),
    };
    if has_build_script(&lab) {
        return None;
    }
    let submission = lab.parent()?.parent()?;
    add_files(submission, &lab, "", &mut inputs)?;
    for dir in &crates {
        if has_build_script(dir) {
            return None;
        }
        add_files(&edition, dir, "edition/", &mut inputs)?;
    }
    Some(inputs)
}

/// Whether the crate at `dir` has a build script: `build.rs`, or `build = "…"` under
/// another name.
fn has_build_script(dir: &Path) -> bool {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_default();
    let key = |line: &str| {
        line.split('=')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    dir.join("build.rs").exists() || manifest.lines().any(|l| key(l) == "build")
}

/// Adds the edition's crate at `dir` and those its manifest names by `path`, all inside
/// `edition`.
fn collect_crates(
    edition: &Path,
    dir: &Path,
    crates: &mut BTreeSet<PathBuf>,
    depth: usize,
) -> Option<()> {
    if depth > PATH_DEPTH || !dir.starts_with(edition) || dir == edition {
        return None;
    }
    if !crates.insert(dir.to_path_buf()) {
        return Some(());
    }
    for path in manifest_paths(edition, dir, dir)? {
        // A file (`[[bin]] path = "src/x.rs"`) is one of the crate's own; a folder is a crate.
        if path.is_dir() {
            collect_crates(edition, &path, crates, depth + 1)?;
        }
    }
    Some(())
}

/// Every `path = "…"` of the manifest in `dir`, resolved from `from` (where the build sees
/// that manifest); `None` when one leaves `edition` (a lab's own files, `[[bin]] path`, are
/// resolved from the lab itself and must stay in it).
fn manifest_paths(edition: &Path, dir: &Path, from: &Path) -> Option<Vec<PathBuf>> {
    static PATH: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let pattern = PATH.get_or_init(|| {
        regex::Regex::new(r#"\bpath\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("a valid regex")
    });
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
    pattern
        .captures_iter(&manifest)
        .map(|c| {
            let value = c.get(1).or_else(|| c.get(2))?.as_str();
            // The crate's own file: inside the crate wherever it is.
            if let Ok(own) = dir.join(value).canonicalize() {
                if own.is_file() && own.starts_with(dir) {
                    return Some(own);
                }
            }
            let path = from.join(value).canonicalize().ok()?;
            path.starts_with(edition).then_some(path)
        })
        .collect()
}

/// Adds every file under `dir` (but `target/`) to `inputs`, named `prefix` + its path
/// relative to `base`.
fn add_files(base: &Path, dir: &Path, prefix: &str, inputs: &mut Inputs) -> Option<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir).ok()?.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let kind = entry.file_type().ok()?;
        if kind.is_symlink() {
            return None;
        } else if kind.is_dir() {
            if entry.file_name() != "target" {
                add_files(base, &path, prefix, inputs)?;
            }
        } else {
            let bytes = std::fs::read(&path).ok()?;
            let relative = path.strip_prefix(base).ok()?;
            let name = format!("{prefix}{}", relative.to_string_lossy());
            section(&mut inputs.bytes, &name, &bytes);
            inputs.files.insert(path);
            if inputs.bytes.len() > INPUTS_CAP {
                return None;
            }
        }
    }
    Some(())
}

/// Whether every source file the dep-info of `exe` names is among the inputs.
fn accounted(exe: &Path, inputs: &Inputs) -> bool {
    let mut info = exe.as_os_str().to_owned();
    info.push(".d");
    let Ok(text) = std::fs::read_to_string(PathBuf::from(info)) else {
        return false;
    };
    let Some((_, sources)) = text.lines().next().and_then(|l| l.split_once(": ")) else {
        return false;
    };
    // Spaces in file names are escaped as `\ `.
    let sources = sources.replace("\\ ", "\0");
    sources.split_whitespace().all(|source| {
        Path::new(&source.replace('\0', " "))
            .canonicalize()
            .is_ok_and(|p| inputs.files.contains(&p))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace(dir: &Path, lab_source: &str) -> LabCrate {
        let lab = dir.join("labs/09-tcp-echo");
        std::fs::create_dir_all(lab.join("src")).unwrap();
        std::fs::create_dir_all(dir.join("hw-mock/src")).unwrap();
        std::fs::write(
            dir.join("Cargo.toml"),
            "[workspace]\nmembers = [\"labs/*\"]\n",
        )
        .unwrap();
        std::fs::write(
            lab.join("Cargo.toml"),
            "[package]\nname = \"tcp-echo\"\n[dependencies]\nhw-mock = { path = \"../../hw-mock\" }\n",
        )
        .unwrap();
        std::fs::write(lab.join("src/lib.rs"), lab_source).unwrap();
        std::fs::write(
            dir.join("hw-mock/Cargo.toml"),
            "[package]\nname = \"hw-mock\"\n",
        )
        .unwrap();
        std::fs::write(dir.join("hw-mock/src/lib.rs"), "// mock\n").unwrap();
        LabCrate {
            package: "tcp-echo".into(),
            dir: lab,
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("netlabs-cache-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn identical_sources_have_identical_inputs_and_any_change_differs() {
        let dir = scratch("inputs");
        let (a, b) = (dir.join("a"), dir.join("b"));
        let (lab_a, lab_b) = (workspace(&a, "// same\n"), workspace(&b, "// same\n"));
        // Each workspace is its own edition here: hw-mock comes from it.
        let of = |root: &Path, lab: &LabCrate| inputs(b"header", root, &lab.dir).unwrap();
        assert_eq!(of(&a, &lab_a).bytes, of(&b, &lab_b).bytes);
        std::fs::write(lab_b.dir.join("src/lib.rs"), "// changed\n").unwrap();
        assert_ne!(of(&a, &lab_a).bytes, of(&b, &lab_b).bytes);
        // A path dependency is part of the lab.
        workspace(&b, "// same\n");
        std::fs::write(b.join("hw-mock/src/lib.rs"), "// other mock\n").unwrap();
        assert_ne!(of(&a, &lab_a).bytes, of(&b, &lab_b).bytes);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_build_script_or_a_path_outside_the_workspace_is_not_cached() {
        let dir = scratch("uncached");
        let lab = workspace(&dir, "// lab\n");
        std::fs::write(lab.dir.join("build.rs"), "fn main() {}\n").unwrap();
        assert!(inputs(b"", &dir, &lab.dir).is_none());
        std::fs::remove_file(lab.dir.join("build.rs")).unwrap();
        std::fs::write(
            lab.dir.join("Cargo.toml"),
            "[package]\nname = \"tcp-echo\"\n[dependencies]\nx = { path = \"/tmp\" }\n",
        )
        .unwrap();
        assert!(inputs(b"", &dir, &lab.dir).is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_hit_needs_byte_identical_inputs_and_every_program() {
        let dir = scratch("hit");
        let shelf = dir.join("cache/shelf");
        std::fs::create_dir_all(&shelf).unwrap();
        let exe = dir.join("tcp-echo");
        std::fs::write(&exe, "program").unwrap();
        let inputs = Inputs {
            bytes: b"inputs".to_vec(),
            files: BTreeSet::new(),
        };
        put(&shelf, &inputs, &[("tcp-echo", &exe)]).unwrap();
        let found = get(&shelf, &inputs, &["tcp-echo"]).expect("a hit");
        assert_eq!(std::fs::read(&found["tcp-echo"]).unwrap(), b"program");
        assert!(get(&shelf, &inputs, &["tcp-echo", "other"]).is_none());
        // Same name, other bytes (as a hash collision would be): a miss.
        let entry = shelf.join(inputs.key());
        std::fs::write(entry.join("inputs"), b"inputz").unwrap();
        assert!(get(&shelf, &inputs, &["tcp-echo"]).is_none());
        // Another grader's shelf goes; this one stays.
        std::fs::create_dir_all(dir.join("cache/old-shelf")).unwrap();
        Cache {
            dir: dir.join("cache"),
        }
        .prune(&shelf);
        assert!(shelf.exists() && !dir.join("cache/old-shelf").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
