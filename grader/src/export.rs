//! `grader export`: the grader packaged for a course platform (the command line is
//! `commands/export.rs`).
//!
//! - `gradescope --out autograder.zip`: Gradescope's autograder bundle. `setup.sh` (run once
//!   when Gradescope builds its image: installs a Rust toolchain with rustup if there is
//!   none, then builds the bundled grader), `run_autograder` (run per submission: copies
//!   `/autograder/submission`, grades it, writes `/autograder/results/results.json`), and
//!   the grader's own source with the layout kept (the grader finds its snapshots and
//!   fixtures relative to its source folder, fixed at compile time).
//! - `classroom --out DIR`: a GitHub Actions workflow for GitHub Classroom
//!   (`.github/workflows/classroom.yml`, written by [`classroom_workflow`]): one
//!   `classroom-resources/autograding-command-grader` step per lab, worth the lab's points
//!   when all its checks pass, then `autograding-grading-reporter`, which fills the
//!   Classroom grade column; and `.github/classroom/grade.sh`, which prints every lab's
//!   points and `Points x/y`, for a student to run by hand.
//!
//! Both scripts honour variables so they can be tried without the platform:
//! `AUTOGRADER_ROOT` (default `/autograder`), `AUTOGRADER_SOURCE`, `GRADER_BIN` (a grader
//! already built) and `GRADER_LABS` (the labs to grade, space-separated).

use std::path::{Path, PathBuf};

use crate::i18n::Language;

/// What the Gradescope bundle carries from the checkout, besides the workspace manifest.
pub const BUNDLED: &[&str] = &[
    "Cargo.lock",
    "grader",
    "hw-mock",
    "fixtures/snapshots",
    "fixtures/services",
    "fixtures/www",
];

/// Writes the Gradescope bundle of the checkout at `root` to `out`; returns how many files
/// it holds. `labs` empty means every lab; `lang` is the language of the visible feedback.
pub fn gradescope(
    root: &Path,
    out: &Path,
    labs: &[String],
    lang: Language,
) -> std::io::Result<usize> {
    let mut files: Vec<(String, Vec<u8>, u32)> = vec![
        ("setup.sh".into(), SETUP.as_bytes().to_vec(), 0o755),
        (
            "run_autograder".into(),
            run_autograder(labs, lang).into_bytes(),
            0o755,
        ),
        (
            "Cargo.toml".into(),
            bundle_manifest(&std::fs::read_to_string(root.join("Cargo.toml"))?)
                .map_err(std::io::Error::other)?
                .into_bytes(),
            0o644,
        ),
    ];
    for item in BUNDLED {
        collect(root, Path::new(item), &mut files)?;
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    write_zip(out, &files)?;
    Ok(files.len())
}

/// Writes `files` (name, bytes, Unix mode) as a zip at `out`.
#[cfg(feature = "export")]
fn write_zip(out: &Path, files: &[(String, Vec<u8>, u32)]) -> std::io::Result<()> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(out)?);
    for (name, bytes, mode) in files {
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .unix_permissions(*mode);
        zip.start_file(name.as_str(), options)
            .map_err(std::io::Error::other)?;
        zip.write_all(bytes)?;
    }
    zip.finish().map_err(std::io::Error::other)?;
    Ok(())
}

/// Without the `export` feature there is no zip writer (it would slow everyone's first
/// build): say how to get one.
#[cfg(not(feature = "export"))]
fn write_zip(_out: &Path, _files: &[(String, Vec<u8>, u32)]) -> std::io::Result<()> {
    Err(std::io::Error::other(
        "this grader was built without the zip writer; run \
         `cargo run -p grader --features export -- export gradescope --out FILE`",
    ))
}

/// The workspace manifest of the bundle: the grader (its two crates) and the hardware mock
/// only (the labs come with each submission).
pub fn bundle_manifest(manifest: &str) -> Result<String, toml::de::Error> {
    let members = ["grader", "grader/core", "hw-mock"].map(String::from);
    crate::stage::with_members(manifest, &members)
}

/// Adds the file or folder `relative` (under `root`) to `files`, without build output.
fn collect(
    root: &Path,
    relative: &Path,
    files: &mut Vec<(String, Vec<u8>, u32)>,
) -> std::io::Result<()> {
    let path = root.join(relative);
    let meta = std::fs::metadata(&path)?;
    if meta.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(&path)?
            .flatten()
            .map(|e| e.file_name())
            .collect();
        entries.sort();
        for name in entries {
            if name == "target" || name.to_string_lossy().starts_with('.') {
                continue;
            }
            collect(root, &relative.join(name), files)?;
        }
    } else {
        use std::os::unix::fs::PermissionsExt;
        let mode = if meta.permissions().mode() & 0o111 != 0 {
            0o755
        } else {
            0o644
        };
        let name = relative.to_string_lossy().replace('\\', "/");
        files.push((name, std::fs::read(&path)?, mode));
    }
    Ok(())
}

/// Writes the GitHub Classroom workflow and its grading script under `dir`.
pub fn classroom(dir: &Path, labs: &[String]) -> std::io::Result<Vec<PathBuf>> {
    use std::os::unix::fs::PermissionsExt;
    let workflow = dir.join(".github/workflows/classroom.yml");
    let script = dir.join(".github/classroom/grade.sh");
    for (path, text, mode) in [
        (&workflow, classroom_workflow(labs), 0o644),
        (&script, grade_script(labs), 0o755),
    ] {
        std::fs::create_dir_all(path.parent().expect("a file in a folder"))?;
        std::fs::write(path, text)?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    }
    Ok(vec![workflow, script])
}

/// The GitHub Classroom workflow for `labs` (packages; every lab when empty).
///
/// GitHub's command grader gives a step its `max-score` when the command exits 0: each lab
/// is one step, `grader grade LAB --require-all`, worth the lab's points. The reporter then
/// reads every step's result from `<ID>_RESULTS` and posts the total as a check run, which
/// is what the Classroom grade column shows; it needs `checks: write`.
pub fn classroom_workflow(labs: &[String]) -> String {
    let selected: Vec<&crate::labs::Lab> = crate::labs::LABS
        .iter()
        .copied()
        .filter(|lab| labs.is_empty() || labs.iter().any(|l| l == lab.package))
        .collect();
    let mut steps = String::new();
    let mut ids = Vec::new();
    let mut env = String::new();
    for lab in &selected {
        let id = format!("lab{}", lab.folder.split('-').next().unwrap_or_default());
        let points: u32 = lab.checks.iter().map(|c| c.points).sum();
        steps.push_str(&format!(
            "      - name: {folder}
        id: {id}
        uses: classroom-resources/autograding-command-grader@v1
        with:
          test-name: {folder}
          command: target/release/grader grade {package} --require-all
          timeout: 10
          max-score: {points}
",
            folder = lab.folder,
            package = lab.package,
        ));
        env.push_str(&format!(
            "          {}_RESULTS: \"${{{{ steps.{id}.outputs.result }}}}\"\n",
            id.to_uppercase()
        ));
        ids.push(id);
    }
    WORKFLOW
        .replace("@STEPS@", steps.trim_end())
        .replace("@ENV@", env.trim_end())
        .replace("@RUNNERS@", &ids.join(","))
}

const WORKFLOW: &str = r#"# netlabs autograding for GitHub Classroom, written by `grader export classroom`.
# One step per lab: it earns the lab's points when every check of the lab passes. The
# reporter adds them up for the Classroom grade column. This grades with the grader in the
# student's repository, which the student can change: use it for feedback, and take final
# grades from `grader batch` or Gradescope (see the instructor guide).
name: Autograding Tests
on:
  push:
  workflow_dispatch:
  repository_dispatch:
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: 60
    steps:
      - name: Checkout code
        uses: actions/checkout@v4
      - name: Install the Rust toolchain
        run: |
          rustup toolchain install stable --profile minimal
          rustup default stable
      - uses: actions/cache@v4
        with:
          path: |
            ~/.cargo/registry
            ~/.cargo/git
            target
          key: netlabs-${{ runner.os }}-${{ hashFiles('Cargo.lock') }}
      - name: Build the grader
        run: cargo build --release -p grader
@STEPS@
      - name: Autograding Reporter
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
@ENV@
        with:
          runners: @RUNNERS@
"#;

fn run_autograder(labs: &[String], lang: Language) -> String {
    RUN_AUTOGRADER
        .replace("@LABS@", &labs.join(" "))
        .replace("@LANG@", lang.code())
}

fn grade_script(labs: &[String]) -> String {
    GRADE_SH.replace("@LABS@", &labs.join(" "))
}

const SETUP: &str = r#"#!/usr/bin/env bash
# netlabs autograder: Gradescope runs this once, as root, when it builds the autograder
# image (the bundle is unpacked in /autograder/source). It installs a Rust toolchain with
# rustup if there is none, then builds the bundled grader. Written by `grader export
# gradescope`.
set -euo pipefail
SOURCE="$(cd "$(dirname "$0")" && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

if ! command -v cc >/dev/null || ! command -v curl >/dev/null; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends build-essential ca-certificates curl
fi
# The grader jails student programs with bubblewrap where the container allows it.
if ! command -v bwrap >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends bubblewrap) \
        || echo "bubblewrap could not be installed: student programs run unjailed"
fi
if ! command -v cargo >/dev/null; then
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --default-toolchain stable
    # shellcheck disable=SC1091
    . "$HOME/.cargo/env"
fi
cargo build --release --manifest-path "$SOURCE/Cargo.toml" -p grader
"$SOURCE/target/release/grader" list >/dev/null
# The build cache of the image: hw-mock and its dependencies, built once here, so a
# submission compiles only its own crates. run_autograder builds into the same folder, with
# the same profile: no debug information, a fifth less compile time (the workspace's profile
# already builds the labs and hw-mock without incremental state).
export CARGO_PROFILE_DEV_DEBUG=false
cargo build --manifest-path "$SOURCE/Cargo.toml" -p hw-mock --target-dir "$SOURCE/target/labs"
echo "netlabs grader built: $SOURCE/target/release/grader"
"#;

const RUN_AUTOGRADER: &str = r#"#!/usr/bin/env bash
# netlabs autograder: Gradescope runs this for every submission. It copies the submission
# (a student's workspace, or a folder holding one), grades it with the grader built by
# setup.sh, and writes Gradescope's results.json. A submission that cannot be graded at all
# gets 0 points and the reason. Written by `grader export gradescope`.
#
# For a local try: AUTOGRADER_ROOT (default /autograder), AUTOGRADER_SOURCE (default
# $AUTOGRADER_ROOT/source), GRADER_BIN (default the grader setup.sh built), GRADER_LABS,
# CARGO_TARGET_DIR (default the build cache setup.sh warmed).
set -uo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="${AUTOGRADER_SOURCE:-$ROOT/source}"
GRADER="${GRADER_BIN:-$SOURCE/target/release/grader}"
LABS="${GRADER_LABS-@LABS@}"
# Shared between submissions: the grader rebuilds the workspace's own crates every time and
# keeps only the dependencies (see ARCHITECTURE.md, "A shared build cache never mixes
# students").
LABS_TARGET="${CARGO_TARGET_DIR:-$SOURCE/target/labs}"
# The profile setup.sh built hw-mock with (else it is compiled again for every submission).
export CARGO_PROFILE_DEV_DEBUG=false
RESULTS="$ROOT/results"
WORK="$ROOT/work/submission"
export PATH="$HOME/.cargo/bin:$PATH"
mkdir -p "$RESULTS"

json_string() {
    tr -d '\000-\010\013-\037' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' | awk 'BEGIN { ORS = "" } { if (NR > 1) print "\\n"; print }'
}

not_graded() {
    printf '{"score": 0, "output": "%s", "tests": []}\n' "$(printf '%s' "$1" | json_string)" > "$RESULTS/results.json"
    echo "not graded: $1" >&2
    exit 0
}

# The workspace: the submission itself, or the one folder it holds (a zip of the repo).
find_workspace() {
    local dir="$1" i
    for i in 1 2 3; do
        [ -f "$dir/Cargo.toml" ] && break
        mapfile -t subdirs < <(find "$dir" -mindepth 1 -maxdepth 1 -type d ! -name '.*' ! -name __MACOSX)
        [ "${#subdirs[@]}" -eq 1 ] || break
        dir="${subdirs[0]}"
    done
    printf '%s\n' "$dir"
}

rm -rf "$ROOT/work"
mkdir -p "$WORK"
cp -a "$ROOT/submission/." "$WORK/" || not_graded "cannot copy the submission"
WORKSPACE="$(find_workspace "$WORK")"
[ -f "$WORKSPACE/Cargo.toml" ] || not_graded "no Cargo.toml in the submission: upload the whole repository (or a zip of it)"
# Only the bundled grader grades: a copy of the grader in the submission is left out.
rm -rf "$WORKSPACE/grader" "$WORKSPACE/target"
sed -i -e 's/"grader[^"]*", *//g' -e 's/, *"grader[^"]*"//g' "$WORKSPACE/Cargo.toml"

# shellcheck disable=SC2086
"$GRADER" --lang @LANG@ grade --path "$WORKSPACE" --target-dir "$LABS_TARGET" --format gradescope $LABS > "$RESULTS/results.json.part" 2> "$RESULTS/grader-stderr.txt"
status=$?
if [ "$status" -ne 0 ] || [ ! -s "$RESULTS/results.json.part" ]; then
    not_graded "the grader could not grade this submission (exit $status): $(tail -n 20 "$RESULTS/grader-stderr.txt")"
fi
mv "$RESULTS/results.json.part" "$RESULTS/results.json"
"#;

const GRADE_SH: &str = r#"#!/usr/bin/env bash
# netlabs: grades this repository with its grader and prints `Points x/y` (GitHub
# Classroom's autograding convention). Written by `grader export classroom`; the workflow
# .github/workflows/classroom.yml runs it, and so can you.
#
# GRADER_BIN: a grader already built (default: `cargo run -p grader`). GRADER_LABS: the labs
# to grade, space-separated (default: those chosen at export, or all).
set -uo pipefail
cd "$(dirname "$0")/../.."
LABS="${GRADER_LABS-@LABS@}"
REPORT="${NETLABS_REPORT:-target/netlabs-report.json}"
mkdir -p "$(dirname "$REPORT")"

# shellcheck disable=SC2086
if [ -n "${GRADER_BIN:-}" ]; then
    "$GRADER_BIN" grade --path . --format json $LABS > "$REPORT"
else
    cargo run --quiet --release -p grader -- grade --format json $LABS > "$REPORT"
fi
status=$?

# The report's top-level fields are indented by two spaces.
points="$(sed -n 's/^  "score": \([0-9][0-9]*\),$/\1/p' "$REPORT" | head -n 1)"
max="$(sed -n 's/^  "max_score": \([0-9][0-9]*\),$/\1/p' "$REPORT" | head -n 1)"
if [ "$status" -ne 0 ] || [ -z "$points" ] || [ -z "$max" ]; then
    echo "The grader could not grade this repository (exit $status)."
    echo "Points 0/${max:-0}"
    exit 1
fi
# One line per lab: "lab: score/max".
awk '/^  "labs": \[/ { inlabs = 1; next }
     inlabs && /^  \]/ { inlabs = 0 }
     inlabs && /"lab":/ { gsub(/[",]/, "", $2); lab = $2 }
     inlabs && /"score":/ { gsub(/,/, "", $2); score = $2 }
     inlabs && /"max_score":/ { gsub(/,/, "", $2); printf "  %-16s %s/%s\n", lab, score, $2 }' "$REPORT"
echo "Run \`cargo run -p grader -- check LAB\` for the reasons, diffs and hints."
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    echo "**netlabs: $points/$max points**" >> "$GITHUB_STEP_SUMMARY"
fi
echo "Points $points/$max"
"#;
