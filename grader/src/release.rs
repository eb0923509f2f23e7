//! `grader release`: the student edition of this checkout, and the proof that it is fit to
//! hand out.
//!
//! The release copies the workspace (without build output, the built book and the
//! instructor-only files), replaces every solution region of the labs with its starter,
//! removes instructor-only blocks, and then verifies the copy: every lab and its visible
//! tests compile, the grader gives no lab half its points and never errors, and no line of a
//! solution survived (each lab carries a `SOLUTION-SENTINEL` comment inside one of its
//! regions, which must not appear anywhere in the copy).
//!
//! Markers (see `labs/README.md`):
//! - a solution region is the lines between `// BEGIN SOLUTION` and `// END SOLUTION` in a
//!   `.rs` file under `labs/`; it becomes `// TODO: your code here` and the starter, which is
//!   the text after a colon on the BEGIN line, or `todo!("FUNCTION: first sentence of its
//!   doc comment")`. Regions do not nest; an unmatched marker is an error naming file:line.
//! - an instructor-only block is the lines between `INSTRUCTOR ONLY` and `END INSTRUCTOR
//!   ONLY` comment lines (`//`, `#` or `<!-- -->`) in any text file; it is removed with its
//!   markers. Whole files and folders that are instructor-only are listed in
//!   [`INSTRUCTOR_ONLY`].

mod leaks;
mod readme;
mod seed;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use crate::grade::{self, Request};
use crate::outcome::Status;
use crate::report::Report;
use crate::snapshot::Snapshots;

/// What a release copies from the root of the workspace; everything else stays behind
/// (`.git`, `.ci`, `target/`, editor files).
pub const COPIED: &[&str] = &[
    "labs",
    "hw-mock",
    "grader",
    "fixtures",
    "docs",
    "Justfile",
    "README.md",
    "ARCHITECTURE.md",
    "Cargo.toml",
    "Cargo.lock",
    ".gitignore",
    ".cargo",
];

/// Files and folders only the instructor edition has: the hostile submissions, the
/// grader's own tests, which grade the solutions (full marks, patched submissions), a
/// Python solution (to grade other languages), mutation testing of the solutions and the
/// instructor chapters of the book.
pub const INSTRUCTOR_ONLY: &[&str] = &[
    "fixtures/submissions",
    "fixtures/python",
    "fixtures/mutants",
    "fixtures/alternatives",
    "grader/tests",
    "docs/src/instructor",
];

/// The file the student edition gets its own version of (see [`readme`]).
const README: &str = "README.md";

/// Build output, never copied (folders named `target` are skipped at any depth).
const BUILD_OUTPUT: &[&str] = &["docs/book"];

/// Files that are leftovers of a snapshot review, never copied.
const LEFTOVER_SUFFIXES: &[&str] = &[".pending-snap", ".snap.new"];

/// The comment put inside one solution region of every lab; written in two halves so that
/// this file does not contain it.
pub const SENTINEL: &str = concat!("// SOLUTION", "-SENTINEL");

/// How deep a release walks into folders (the workspace is shallow; a symlink loop is not).
const MAX_DEPTH: usize = 24;

/// The line put above the starter in place of the BEGIN marker.
const TODO_LINE: &str = "// TODO: your code here";

/// Added to the top of every released file that had a solution region: until the student
/// writes their part, parameters, imports and helpers are unused, and the compiler would
/// bury their own warnings under dozens of these.
const ALLOWANCE: &str = "// Starter code: until your part is written, parameters, imports and helpers are unused.\n\
                         // Delete the next line once the lab is done, to see the compiler's warnings again.\n\
                         #![allow(unused_variables, unused_imports, unused_mut, dead_code, unreachable_code)]\n";

/// A marker that does not pair up, or is malformed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for MarkerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Why a release could not be written.
#[derive(Debug)]
pub enum ReleaseError {
    /// `--out` is not a place a release may write to.
    Out(String),
    Io(PathBuf, std::io::Error),
    Markers(Vec<MarkerError>),
}

impl std::fmt::Display for ReleaseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReleaseError::Out(why) => f.write_str(why),
            ReleaseError::Io(path, e) => write!(f, "{}: {e}", path.display()),
            ReleaseError::Markers(errors) => {
                writeln!(f, "the solution markers do not pair up:")?;
                for e in errors {
                    writeln!(f, "  {e}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ReleaseError {}

/// What a release wrote.
#[derive(Debug, Default)]
pub struct Written {
    /// The instructor edition it was made from.
    pub from: PathBuf,
    pub out: PathBuf,
    pub files: usize,
    /// Lab folders copied.
    pub labs: Vec<String>,
    /// Solution regions replaced, per lab folder.
    pub regions: BTreeMap<String, usize>,
    /// Files in which regions were replaced.
    pub rewritten_files: usize,
    pub instructor_blocks: usize,
    /// Instructor-only paths that existed and were left out.
    pub left_out: Vec<String>,
    /// Sentinel comments in the instructor edition, per lab folder.
    pub sentinels: BTreeMap<String, usize>,
    /// The solution regions' distinctive lines, which the leak scan looks for everywhere.
    pub solution_lines: BTreeSet<String>,
}

impl Written {
    pub fn total_regions(&self) -> usize {
        self.regions.values().sum()
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "student edition written to {}", self.out.display());
        let _ = writeln!(out, "  files        {} copied", self.files);
        let _ = writeln!(
            out,
            "  labs         {}, {} solution regions replaced in {} files",
            self.labs.len(),
            self.total_regions(),
            self.rewritten_files
        );
        let _ = writeln!(
            out,
            "  instructor   {} block(s) removed",
            self.instructor_blocks
        );
        let left_out = if self.left_out.is_empty() {
            "nothing".to_string()
        } else {
            self.left_out.join(", ")
        };
        let _ = writeln!(out, "  left out     {left_out}");
        out
    }
}

/// Writes the student edition of the workspace at `from` into `out`.
///
/// `out` must be empty or absent; with `force`, the entries a release writes are replaced
/// and anything else there (`.git`, `target/`) is kept.
pub fn write(from: &Path, out: &Path, force: bool) -> Result<Written, ReleaseError> {
    let from = from
        .canonicalize()
        .map_err(|e| ReleaseError::Io(from.to_path_buf(), e))?;
    let out = std::path::absolute(out).map_err(|e| ReleaseError::Io(out.to_path_buf(), e))?;
    prepare_out(&from, &out, force)?;
    let mut written = Written {
        from: from.clone(),
        out: out.clone(),
        ..Written::default()
    };
    let mut errors = Vec::new();
    let mut solution = leaks::SolutionLines::default();
    for entry in COPIED {
        let source = from.join(entry);
        if source.exists() {
            let mut copying = Copying {
                written: &mut written,
                errors: &mut errors,
                solution: &mut solution,
            };
            copy(&from, &out, Path::new(entry), 0, &mut copying)?;
        }
    }
    if !errors.is_empty() {
        return Err(ReleaseError::Markers(errors));
    }
    written.solution_lines = solution.distinctive();
    written.labs = lab_folders(&out.join("labs"));
    Ok(written)
}

/// Refuses an `--out` inside the workspace (the copy would copy itself) or one holding
/// something else; clears a previous release with `force`.
fn prepare_out(from: &Path, out: &Path, force: bool) -> Result<(), ReleaseError> {
    let resolved = resolve(out);
    if resolved == from
        || (resolved.starts_with(from) && !resolved.starts_with(from.join("target")))
    {
        return Err(ReleaseError::Out(format!(
            "--out {} is inside the workspace being released; pick a folder outside it (or under target/)",
            out.display()
        )));
    }
    if from.starts_with(&resolved) {
        return Err(ReleaseError::Out(format!(
            "--out {} contains the workspace being released",
            out.display()
        )));
    }
    let non_empty = std::fs::read_dir(out)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if non_empty {
        if !force {
            return Err(ReleaseError::Out(format!(
                "{} is not empty; pass --force to replace a previous student edition there \
                 (its .git and target/ are kept)",
                out.display()
            )));
        }
        for entry in COPIED {
            let path = out.join(entry);
            let result = match std::fs::symlink_metadata(&path) {
                Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(&path),
                Ok(_) => std::fs::remove_file(&path),
                Err(_) => Ok(()),
            };
            result.map_err(|e| ReleaseError::Io(path, e))?;
        }
    }
    std::fs::create_dir_all(out).map_err(|e| ReleaseError::Io(out.to_path_buf(), e))
}

/// `path` with symlinks resolved as far as it exists.
fn resolve(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    resolved.extend(rest.iter().rev());
    resolved
}

/// `rel` as a relative path with `/`, whatever the platform.
fn slash(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What a copy gathers on its way.
struct Copying<'a> {
    written: &'a mut Written,
    errors: &'a mut Vec<MarkerError>,
    solution: &'a mut leaks::SolutionLines,
}

fn copy(
    from: &Path,
    out: &Path,
    rel: &Path,
    depth: usize,
    copying: &mut Copying,
) -> Result<(), ReleaseError> {
    let Copying {
        written, errors, ..
    } = copying;
    let name = slash(rel);
    if INSTRUCTOR_ONLY.contains(&name.as_str()) {
        written.left_out.push(name);
        return Ok(());
    }
    let file_name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if BUILD_OUTPUT.contains(&name.as_str())
        || file_name == "target"
        || file_name == ".git"
        || LEFTOVER_SUFFIXES.iter().any(|s| file_name.ends_with(s))
    {
        return Ok(());
    }
    let source = from.join(rel);
    let target = out.join(rel);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |e| ReleaseError::Io(path, e)
    };
    let meta = std::fs::symlink_metadata(&source).map_err(io(&source))?;
    if meta.file_type().is_symlink() {
        let link = std::fs::read_link(&source).map_err(io(&source))?;
        std::os::unix::fs::symlink(link, &target).map_err(io(&target))?;
        return Ok(());
    }
    if meta.is_dir() {
        if depth >= MAX_DEPTH {
            return Err(ReleaseError::Out(format!(
                "{} is nested too deeply to release",
                source.display()
            )));
        }
        std::fs::create_dir_all(&target).map_err(io(&target))?;
        let mut entries: Vec<_> = std::fs::read_dir(&source)
            .map_err(io(&source))?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<Result<_, _>>()
            .map_err(io(&source))?;
        entries.sort();
        for entry in entries {
            copy(from, out, &rel.join(entry), depth + 1, copying)?;
        }
        return Ok(());
    }
    // Copy first (keeps the mode, e.g. of scripts), then rewrite the text if needed.
    std::fs::copy(&source, &target).map_err(io(&source))?;
    written.files += 1;
    let Ok(text) = std::fs::read_to_string(&source) else {
        return Ok(()); // not text: copied as is
    };
    if name == README {
        let student = readme::student_readme(&text);
        return std::fs::write(&target, student).map_err(io(&target));
    }
    let mut new_text = match strip_instructor_only(&name, &text) {
        Ok((stripped, blocks)) => {
            written.instructor_blocks += blocks;
            stripped
        }
        Err(e) => {
            errors.push(e);
            return Ok(());
        }
    };
    if let Some(lab) = name.strip_prefix("labs/").filter(|_| name.ends_with(".rs")) {
        let lab = lab.split('/').next().unwrap_or_default().to_string();
        let sentinels = text
            .lines()
            .filter(|l| l.trim_start().starts_with(SENTINEL))
            .count();
        if sentinels > 0 {
            *written.sentinels.entry(lab.clone()).or_default() += sentinels;
        }
        copying.solution.add(&text);
        match rewrite_regions(&name, &new_text) {
            Ok((rewritten, 0)) => new_text = rewritten,
            Ok((rewritten, regions)) => {
                new_text = with_allowance(&rewritten);
                *written.regions.entry(lab).or_default() += regions;
                written.rewritten_files += 1;
            }
            Err(e) => {
                errors.push(e);
                return Ok(());
            }
        }
    } else if name.ends_with(".rs") {
        // The grader's and hw-mock's code may say what a solution says: not a leak.
        copying.solution.add(&text);
    }
    if new_text != text {
        std::fs::write(&target, new_text).map_err(io(&target))?;
    }
    Ok(())
}

/// The lab folders under `labs/`, sorted.
fn lab_folders(labs: &Path) -> Vec<String> {
    let mut folders: Vec<String> = std::fs::read_dir(labs)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().join("Cargo.toml").exists())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    folders.sort();
    folders
}

/// What a line is, as far as solution regions go.
#[derive(Debug, PartialEq)]
enum SolutionMarker<'a> {
    Begin(Option<&'a str>),
    End,
}

fn solution_marker(line: &str) -> Result<Option<SolutionMarker<'_>>, String> {
    let trimmed = line.trim();
    if let Some(rest) = trimmed.strip_prefix("// BEGIN SOLUTION") {
        if rest.trim().is_empty() {
            return Ok(Some(SolutionMarker::Begin(None)));
        }
        return match rest.strip_prefix(':').map(str::trim) {
            Some("") => {
                Err("`// BEGIN SOLUTION:` has an empty starter after the colon".to_string())
            }
            Some(starter) => Ok(Some(SolutionMarker::Begin(Some(starter)))),
            None => Err(format!(
                "malformed marker `{trimmed}` (expected `// BEGIN SOLUTION` or `// BEGIN SOLUTION: STARTER`)"
            )),
        };
    }
    if let Some(rest) = trimmed.strip_prefix("// END SOLUTION") {
        if rest.trim().is_empty() {
            return Ok(Some(SolutionMarker::End));
        }
        return Err(format!(
            "malformed marker `{trimmed}` (expected `// END SOLUTION`)"
        ));
    }
    Ok(None)
}

/// Replaces every solution region of `text` (the file `file`, for error messages) with its
/// starter; returns the new text and how many regions were replaced.
pub fn rewrite_regions(file: &str, text: &str) -> Result<(String, usize), MarkerError> {
    let lines: Vec<&str> = text.lines().collect();
    let error = |line: usize, message: String| MarkerError {
        file: file.to_string(),
        line,
        message,
    };
    let mut out = String::with_capacity(text.len());
    // The open region: the index of its BEGIN line and its starter.
    let mut open: Option<(usize, Option<&str>)> = None;
    let mut regions = 0;
    for (i, line) in lines.iter().enumerate() {
        match solution_marker(line).map_err(|m| error(i + 1, m))? {
            Some(SolutionMarker::Begin(starter)) => {
                if let Some((begin, _)) = open {
                    return Err(error(
                        i + 1,
                        format!(
                            "BEGIN SOLUTION inside the region opened at line {} (regions do not nest)",
                            begin + 1
                        ),
                    ));
                }
                open = Some((i, starter));
            }
            Some(SolutionMarker::End) => {
                let Some((begin, starter)) = open.take() else {
                    return Err(error(
                        i + 1,
                        "END SOLUTION without a BEGIN SOLUTION before it".to_string(),
                    ));
                };
                let indent = indentation(lines[begin]);
                let starter = match starter {
                    Some(starter) => starter.to_string(),
                    None => {
                        let tail = is_tail(&lines[i + 1..]);
                        format!(
                            "todo!(\"{}\"){}",
                            escape(&hint(&lines[..begin], indent)),
                            if tail { "" } else { ";" }
                        )
                    }
                };
                let _ = writeln!(out, "{indent}{TODO_LINE}");
                let _ = writeln!(out, "{indent}{starter}");
                regions += 1;
            }
            None if open.is_none() => {
                out.push_str(line);
                out.push('\n');
            }
            None => {} // solution text: left out
        }
    }
    if let Some((begin, _)) = open {
        return Err(error(
            begin + 1,
            "BEGIN SOLUTION is never closed by an END SOLUTION".to_string(),
        ));
    }
    if !text.ends_with('\n') && out.ends_with('\n') {
        out.pop();
    }
    Ok((out, regions))
}

fn indentation(line: &str) -> &str {
    &line[..line.len() - line.trim_start().len()]
}

/// Whether the region ends its block (the next line of code closes it): then the default
/// `todo!()` is the block's value and takes no semicolon.
fn is_tail(after: &[&str]) -> bool {
    after
        .iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty() && !l.starts_with("//"))
        .is_some_and(|l| l.starts_with('}'))
}

/// The message of a default `todo!()`: the enclosing function and the first sentence of its
/// doc comment, found by looking up from the region (`before` are the lines above it).
fn hint(before: &[&str], region_indent: &str) -> String {
    let Some((at, name)) = before.iter().enumerate().rev().find_map(|(i, line)| {
        if indentation(line).len() >= region_indent.len() && !region_indent.is_empty() {
            return None;
        }
        function_name(line).map(|name| (i, name))
    }) else {
        return "your code here (see the lab's README)".to_string();
    };
    let mut doc: Vec<&str> = Vec::new();
    for line in before[..at].iter().rev().map(|l| l.trim()) {
        if let Some(text) = line.strip_prefix("///") {
            doc.push(text.trim());
        } else if !(line.starts_with("#[") || (line.starts_with("//") && !line.starts_with("//!")))
        {
            break;
        }
    }
    doc.reverse();
    let doc = doc.join(" ");
    match first_sentence(&doc) {
        Some(sentence) => format!("{name}: {sentence}"),
        None => name.to_string(),
    }
}

/// The name of the function a line declares, if it does.
fn function_name(line: &str) -> Option<&str> {
    let code = line.trim_start();
    if code.starts_with("//") {
        return None;
    }
    let at = code
        .find("fn ")
        .filter(|&at| at == 0 || code.as_bytes()[at - 1] == b' ')?;
    let rest = &code[at + 3..];
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// The first sentence of a doc comment, without its full stop, shortened if long.
fn first_sentence(doc: &str) -> Option<String> {
    const MAX_CHARS: usize = 120;
    let doc = doc.trim();
    if doc.is_empty() {
        return None;
    }
    let end = [". ", "? ", "! "]
        .iter()
        .filter_map(|stop| doc.find(stop))
        .min()
        .map_or(doc.len(), |i| i + 1);
    let sentence = doc[..end].trim_end_matches('.');
    if sentence.chars().count() > MAX_CHARS {
        let cut: String = sentence.chars().take(MAX_CHARS).collect();
        // Cut at a word boundary.
        let cut = cut
            .rsplit_once(' ')
            .map_or(cut.as_str(), |(words, _)| words);
        Some(format!("{}…", cut.trim_end_matches([',', ';', ':', ' '])))
    } else {
        Some(sentence.to_string())
    }
}

/// `text` as the inside of a string literal that is also a format string.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('{', "{{")
        .replace('}', "}}")
}

/// Puts [`ALLOWANCE`] after the file's inner doc comment and attributes.
fn with_allowance(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| {
            let l = l.trim();
            !(l.is_empty() || l.starts_with("//!") || l.starts_with("#!["))
        })
        .unwrap_or(lines.len());
    let mut out = String::with_capacity(text.len() + ALLOWANCE.len());
    for line in &lines[..at] {
        out.push_str(line);
        out.push('\n');
    }
    if at > 0 && !lines[at - 1].trim().is_empty() {
        out.push('\n');
    }
    out.push_str(ALLOWANCE);
    out.push('\n');
    for line in &lines[at..] {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Whether a line is an instructor-only marker: `Some(true)` opens, `Some(false)` closes.
fn instructor_marker(line: &str) -> Option<bool> {
    let trimmed = line.trim();
    let inner = if let Some(rest) = trimmed.strip_prefix("<!--") {
        rest.strip_suffix("-->").unwrap_or(rest)
    } else if let Some(rest) = trimmed.strip_prefix("//") {
        rest
    } else {
        trimmed.strip_prefix('#')?
    };
    match inner.trim() {
        "INSTRUCTOR ONLY" => Some(true),
        "END INSTRUCTOR ONLY" => Some(false),
        _ => None,
    }
}

/// Removes every instructor-only block of `text` with its markers; returns the new text and
/// how many blocks were removed.
pub fn strip_instructor_only(file: &str, text: &str) -> Result<(String, usize), MarkerError> {
    if !text.contains("INSTRUCTOR ONLY") {
        return Ok((text.to_string(), 0));
    }
    let error = |line: usize, message: &str| MarkerError {
        file: file.to_string(),
        line,
        message: message.to_string(),
    };
    let mut out = String::with_capacity(text.len());
    let mut open: Option<usize> = None;
    let mut blocks = 0;
    for (i, line) in text.lines().enumerate() {
        match (instructor_marker(line), open) {
            (Some(true), Some(_)) => {
                return Err(error(
                    i + 1,
                    "INSTRUCTOR ONLY inside another instructor-only block",
                ));
            }
            (Some(true), None) => open = Some(i),
            (Some(false), None) => {
                return Err(error(
                    i + 1,
                    "END INSTRUCTOR ONLY without an INSTRUCTOR ONLY before it",
                ));
            }
            (Some(false), Some(_)) => {
                open = None;
                blocks += 1;
            }
            (None, Some(_)) => {}
            (None, None) => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    if let Some(begin) = open {
        return Err(error(
            begin + 1,
            "INSTRUCTOR ONLY is never closed by an END INSTRUCTOR ONLY",
        ));
    }
    if !text.ends_with('\n') && out.ends_with('\n') {
        out.pop();
    }
    Ok((out, blocks))
}

/// How one lab of the student edition graded.
#[derive(Debug, Clone, Default)]
pub struct LabVerdict {
    pub lab: String,
    pub todo: usize,
    pub failed: usize,
    pub passed: usize,
    /// Checks that errored or did not build: a broken student edition.
    pub broken: usize,
    pub other: usize,
    pub score: u32,
    pub max_score: u32,
}

/// The result of verifying a student edition.
#[derive(Debug, Default)]
pub struct Verification {
    /// `Ok(warnings)`, or the first compiler errors.
    pub build: Option<Result<usize, String>>,
    pub report: Option<Report>,
    pub labs: Vec<LabVerdict>,
    /// Lab folders the grader has no checks for (yet).
    pub unchecked: Vec<String>,
    /// `file:line` of every surviving sentinel, solution line or solution marker.
    pub leaks: Vec<String>,
    /// Text files the leak scan read (every one in the release).
    pub scanned: usize,
    /// Dependency builds copied from the instructor edition's target folder.
    pub seeded: usize,
    /// How long each step took.
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// Labs without a sentinel in the instructor edition (the leak check cannot see them).
    pub unguarded: Vec<String>,
    pub problems: Vec<String>,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }

    pub fn render(&self, written: &Written) -> String {
        let mut out = String::from("verification\n");
        if self.seeded > 0 {
            let _ = writeln!(
                out,
                "  cache        {} dependency builds copied from the instructor edition",
                self.seeded
            );
        }
        match &self.build {
            Some(Ok(warnings)) => {
                let _ = writeln!(
                    out,
                    "  build        ok: every lab and its tests compile ({warnings} warnings)"
                );
            }
            Some(Err(errors)) => {
                let _ = writeln!(out, "  build        FAILED:");
                for line in errors.lines().take(30) {
                    let _ = writeln!(out, "                 {line}");
                }
            }
            None => {
                let _ = writeln!(out, "  build        not run");
            }
        }
        if let Some(report) = &self.report {
            let broken: usize = self.labs.iter().map(|l| l.broken).sum();
            let passed: usize = self.labs.iter().map(|l| l.passed).sum();
            let _ = writeln!(
                out,
                "  grade        {}: {} labs, {} checks: {} todo, {passed} pass, {broken} errored; {}/{} points",
                if self.labs.iter().all(|l| lab_ok(l).is_ok()) {
                    "ok"
                } else {
                    "FAILED"
                },
                self.labs.len(),
                report.checks.len(),
                self.labs.iter().map(|l| l.todo).sum::<usize>(),
                report.score,
                report.max_score
            );
            let width = self
                .labs
                .iter()
                .map(|l| l.lab.len())
                .max()
                .unwrap_or(3)
                .max(3);
            let _ = writeln!(
                out,
                "               {:width$}  {:>4}  {:>4}  {:>4}  {:>5}  {:>6}",
                "lab", "todo", "fail", "pass", "error", "points"
            );
            for lab in &self.labs {
                let points = format!("{}/{}", lab.score, lab.max_score);
                let _ = writeln!(
                    out,
                    "               {:width$}  {:>4}  {:>4}  {:>4}  {:>5}  {points:>6}",
                    lab.lab, lab.todo, lab.failed, lab.passed, lab.broken
                );
            }
            if !self.unchecked.is_empty() {
                let _ = writeln!(
                    out,
                    "               no checks yet: {}",
                    self.unchecked.join(", ")
                );
            }
        }
        let sentinels: usize = written.sentinels.values().sum();
        if self.leaks.is_empty() {
            let _ = writeln!(
                out,
                "  leaks        ok: {} text files scanned: none of the {sentinels} sentinels, {} solution lines or markers survived",
                self.scanned,
                written.solution_lines.len()
            );
        } else {
            let _ = writeln!(out, "  leaks        FAILED: solution text survived at");
            for leak in &self.leaks {
                let _ = writeln!(out, "                 {leak}");
            }
        }
        if !self.unguarded.is_empty() {
            let _ = writeln!(
                out,
                "  warning      no `{SENTINEL}` in a solution region of {}: the leak check cannot vouch for them",
                self.unguarded.join(", ")
            );
        }
        let timings: Vec<String> = self
            .timings
            .iter()
            .map(|(step, took)| format!("{step} {:.1} s", took.as_secs_f64()))
            .collect();
        let _ = writeln!(out, "  time         {}", timings.join(", "));
        if self.ok() {
            out.push_str("result: OK, the student edition is ready to hand out\n");
        } else {
            out.push_str("result: FAILED\n");
            for problem in &self.problems {
                let _ = writeln!(out, "  - {problem}");
            }
        }
        out
    }
}

/// A lab of the student edition is as it should be: something reaches a `todo!()`, it
/// scores under half its points, and the grader could judge every check.
fn lab_ok(lab: &LabVerdict) -> Result<(), String> {
    if lab.broken > 0 {
        return Err(format!(
            "{}: {} check(s) errored or did not build",
            lab.lab, lab.broken
        ));
    }
    if lab.todo == 0 {
        return Err(format!("{}: no check reaches a todo!()", lab.lab));
    }
    if lab.max_score > 0 && 2 * lab.score >= lab.max_score {
        return Err(format!(
            "{}: scores {}/{} without the solutions: its checks do not depend on the student's code",
            lab.lab, lab.score, lab.max_score
        ));
    }
    Ok(())
}

/// Verifies the student edition at `out`: builds it (into `target_dir`, seeded with the
/// instructor edition's builds of the dependencies), grades it and looks for surviving
/// solution text.
///
/// Each crate is compiled once: grading builds the programs, then `cargo check` of every
/// target type-checks the tests.
pub fn verify(written: &Written, target_dir: &Path, jobs: usize) -> Verification {
    let out = &written.out;
    let mut verification = Verification::default();
    let instructor_target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| written.from.join("target"));
    if let Ok(members) = crate::workspace::member_names(out) {
        // A cold cache only costs time: a failed copy is not a verification problem.
        verification.seeded = seed::seed(&instructor_target, target_dir, &members).unwrap_or(0);
    }

    let request = Request {
        path: out.clone(),
        labs: Vec::new(),
        jobs,
        replacements: Vec::new(),
        target_dir: Some(target_dir.to_path_buf()),
        snapshots: Arc::new(Snapshots::compare(out.join("fixtures/snapshots"))),
    };
    let started = std::time::Instant::now();
    let graded = grade::grade(request, &|_| {});
    verification
        .timings
        .push(("built and graded", started.elapsed()));
    match graded {
        Ok(report) => {
            verification.labs = verdicts(&report);
            for lab in &verification.labs {
                if let Err(problem) = lab_ok(lab) {
                    verification.problems.push(problem);
                }
            }
            for check in report
                .checks
                .iter()
                .filter(|c| matches!(c.status, Status::Error | Status::BuildFailed))
            {
                let reason = check
                    .reason
                    .as_deref()
                    .unwrap_or("")
                    .lines()
                    .next()
                    .unwrap_or("");
                verification.problems.push(format!(
                    "{} is {}: {reason}",
                    check.id,
                    check.status.label()
                ));
            }
            verification.report = Some(report);
        }
        Err(e) => verification
            .problems
            .push(format!("cannot grade the student edition: {e}")),
    }
    let started = std::time::Instant::now();
    let build = build_all(out, target_dir);
    verification
        .timings
        .push(("tests checked", started.elapsed()));
    if let Err(errors) = &build {
        verification
            .problems
            .push(format!("the student edition does not compile:\n{errors}"));
    }
    verification.build = Some(build);

    let graded: Vec<&str> = crate::labs::LABS.iter().map(|l| l.folder).collect();
    verification.unchecked = written
        .labs
        .iter()
        .filter(|folder| !graded.contains(&folder.as_str()))
        .cloned()
        .collect();

    (verification.leaks, verification.scanned) = leaks::scan(out, &written.solution_lines);
    if !verification.leaks.is_empty() {
        verification.problems.push(format!(
            "{} line(s) of solution text survived",
            verification.leaks.len()
        ));
    }
    verification.unguarded = written
        .labs
        .iter()
        .filter(|lab| written.regions.contains_key(*lab) && !written.sentinels.contains_key(*lab))
        .cloned()
        .collect();
    verification
}

fn verdicts(report: &Report) -> Vec<LabVerdict> {
    let mut labs: Vec<LabVerdict> = Vec::new();
    for check in &report.checks {
        if labs.last().is_none_or(|l| l.lab != check.lab) {
            labs.push(LabVerdict {
                lab: check.lab.clone(),
                ..LabVerdict::default()
            });
        }
        let lab = labs.last_mut().expect("pushed above");
        match check.status {
            Status::Passed => lab.passed += 1,
            Status::Failed => lab.failed += 1,
            Status::NotImplemented => lab.todo += 1,
            Status::BuildFailed | Status::Error => lab.broken += 1,
            Status::NotApplicable => lab.other += 1,
        }
        lab.score += check.score;
        lab.max_score += check.max_score;
    }
    labs
}

/// Type-checks every lab of the workspace at `root` with its tests (`cargo check`: the
/// programs are already built by grading, and a test that type-checks compiles);
/// `Ok(warnings)` or the first compiler errors.
fn build_all(root: &Path, target_dir: &Path) -> Result<usize, String> {
    let labs = crate::workspace::find_labs(root).map_err(|e| e.to_string())?;
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .current_dir(root)
        .args([
            "check",
            "--all-targets",
            "--message-format=json",
            "--keep-going",
        ])
        .arg("--target-dir")
        .arg(target_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for lab in &labs {
        command.args(["-p", &lab.package]);
    }
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = child.stderr.take().expect("piped");
    let stderr_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut std::io::BufReader::new(stderr), &mut text);
        text
    });
    let mut warnings = 0;
    let mut errors: Vec<String> = Vec::new();
    for line in std::io::BufReader::new(child.stdout.take().expect("piped")).lines() {
        let Ok(line) = line else { break };
        let Ok(message) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        if message["reason"] != "compiler-message" {
            continue;
        }
        match message["message"]["level"].as_str() {
            Some("warning") if message["message"]["code"].is_object() => warnings += 1,
            Some("error") => {
                errors.extend(message["message"]["rendered"].as_str().map(String::from))
            }
            _ => {}
        }
    }
    let status = child.wait().map_err(|e| format!("cargo: {e}"))?;
    let cargo_stderr = stderr_reader.join().unwrap_or_default();
    if status.success() {
        Ok(warnings)
    } else if errors.is_empty() {
        Err(cargo_stderr
            .lines()
            .rev()
            .take(20)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join("\n"))
    } else {
        Err(errors.into_iter().take(3).collect::<Vec<_>>().join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_a_whole_body_with_todo_and_the_doc_comment_as_hint() {
        let text = "/// Adds two numbers. Wraps on overflow.\npub fn add(a: u8, b: u8) -> u8 {\n    // BEGIN SOLUTION\n    a.wrapping_add(b)\n    // END SOLUTION\n}\n";
        let (out, regions) = rewrite_regions("lib.rs", text).unwrap();
        assert_eq!(regions, 1);
        assert_eq!(
            out,
            "/// Adds two numbers. Wraps on overflow.\npub fn add(a: u8, b: u8) -> u8 {\n    // TODO: your code here\n    todo!(\"add: Adds two numbers\")\n}\n"
        );
    }

    #[test]
    fn a_starter_after_the_colon_replaces_the_region() {
        let text = "fn names() -> Vec<String> {\n    // BEGIN SOLUTION: Vec::new()\n    vec![\"a\".into()]\n    // END SOLUTION\n}\n";
        let (out, regions) = rewrite_regions("lib.rs", text).unwrap();
        assert_eq!(regions, 1);
        assert_eq!(
            out,
            "fn names() -> Vec<String> {\n    // TODO: your code here\n    Vec::new()\n}\n"
        );
    }

    #[test]
    fn a_run_of_statements_gets_a_semicolon_and_the_enclosing_function_as_hint() {
        let text = "/// Serves {forever}.\n#[inline]\npub fn serve(\n    socket: &UdpSocket,\n) -> io::Result<()> {\n    loop {\n        println!(\"waiting\");\n        // BEGIN SOLUTION\n        recv(socket)?;\n        // END SOLUTION\n        println!(\"done\");\n    }\n}\n";
        let (out, _) = rewrite_regions("lib.rs", text).unwrap();
        assert!(out.contains("        // TODO: your code here\n        todo!(\"serve: Serves {{forever}}\");\n        println!(\"done\");"), "{out}");
        assert!(!out.contains("recv(socket)"));
    }

    #[test]
    fn a_function_without_docs_is_named_and_quotes_are_escaped() {
        let text = "/// Says \"hi\" \\o/.\nfn hi() -> &'static str {\n    // BEGIN SOLUTION\n    \"hi\"\n    // END SOLUTION\n}\nfn bare() {\n    // BEGIN SOLUTION\n    // END SOLUTION\n}\n";
        let (out, regions) = rewrite_regions("lib.rs", text).unwrap();
        assert_eq!(regions, 2);
        assert!(out.contains(r#"todo!("hi: Says \"hi\" \\o/")"#), "{out}");
        assert!(out.contains("todo!(\"bare\")\n}"), "{out}");
    }

    #[test]
    fn nested_regions_are_an_error() {
        let text = "fn f() {\n    // BEGIN SOLUTION\n    // BEGIN SOLUTION\n    // END SOLUTION\n    // END SOLUTION\n}\n";
        let error = rewrite_regions("labs/x/src/lib.rs", text).unwrap_err();
        assert_eq!(error.line, 3);
        assert!(error.message.contains("do not nest"), "{error}");
        assert!(error.to_string().starts_with("labs/x/src/lib.rs:3: "));
    }

    #[test]
    fn unmatched_markers_name_file_and_line() {
        let unclosed =
            rewrite_regions("a.rs", "fn f() {\n    // BEGIN SOLUTION\n    1\n}\n").unwrap_err();
        assert_eq!((unclosed.file.as_str(), unclosed.line), ("a.rs", 2));
        assert!(unclosed.message.contains("never closed"));
        let stray =
            rewrite_regions("b.rs", "fn f() {\n    1\n    // END SOLUTION\n}\n").unwrap_err();
        assert_eq!((stray.file.as_str(), stray.line), ("b.rs", 3));
        assert!(stray.message.contains("without a BEGIN"));
    }

    #[test]
    fn malformed_markers_are_errors() {
        let typo = rewrite_regions(
            "c.rs",
            "fn f() {\n    // BEGIN SOLUTIONS\n    // END SOLUTION\n}\n",
        )
        .unwrap_err();
        assert_eq!(typo.line, 2);
        let empty = rewrite_regions(
            "c.rs",
            "fn f() {\n    // BEGIN SOLUTION:  \n    // END SOLUTION\n}\n",
        )
        .unwrap_err();
        assert!(empty.message.contains("empty starter"), "{empty}");
    }

    #[test]
    fn a_file_without_regions_is_unchanged() {
        let text = "//! Doc mentioning `// BEGIN SOLUTION` in passing.\nfn f() {}";
        assert_eq!(
            rewrite_regions("d.rs", text).unwrap(),
            (text.to_string(), 0)
        );
    }

    #[test]
    fn instructor_only_blocks_go_with_their_markers() {
        let text = "a\n// INSTRUCTOR ONLY\nsecret\n// END INSTRUCTOR ONLY\nb\n# INSTRUCTOR ONLY\nrecipe\n# END INSTRUCTOR ONLY\n<!-- INSTRUCTOR ONLY -->\nnotes\n<!-- END INSTRUCTOR ONLY -->\nc\n";
        assert_eq!(
            strip_instructor_only("f", text).unwrap(),
            ("a\nb\nc\n".to_string(), 3)
        );
        let unclosed = strip_instructor_only("f", "a\n// INSTRUCTOR ONLY\nb\n").unwrap_err();
        assert_eq!(unclosed.line, 2);
        let stray = strip_instructor_only("f", "a\n// END INSTRUCTOR ONLY\n").unwrap_err();
        assert_eq!(stray.line, 2);
        let mention = "Mark it `// INSTRUCTOR ONLY`.\n";
        assert_eq!(
            strip_instructor_only("f", mention).unwrap(),
            (mention.to_string(), 0)
        );
    }

    #[test]
    fn the_allowance_goes_after_the_inner_doc_comment() {
        let text = "//! Lab.\n//! More.\n\nuse std::io;\n";
        let out = with_allowance(text);
        assert!(
            out.starts_with("//! Lab.\n//! More.\n\n// Starter code"),
            "{out}"
        );
        assert!(out.contains("#![allow(unused_variables"));
        assert!(out.ends_with("\nuse std::io;\n"));
    }

    #[test]
    fn first_sentences_are_cut() {
        assert_eq!(
            first_sentence("Parses `a.b`. Then more.").as_deref(),
            Some("Parses `a.b`")
        );
        assert_eq!(first_sentence(""), None);
        assert_eq!(
            first_sentence("Is it open? Tries.").as_deref(),
            Some("Is it open?")
        );
        let long = "word ".repeat(60);
        assert!(first_sentence(&long).unwrap().ends_with('…'));
    }

    #[test]
    fn the_sentinel_is_not_written_out_in_this_file() {
        let source = include_str!("release.rs");
        assert_eq!(
            source
                .lines()
                .filter(|l| l.trim_start().starts_with(SENTINEL))
                .count(),
            0
        );
    }
}
