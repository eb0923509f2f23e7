//! Expected output, kept as insta `.snap` files under `fixtures/snapshots/`.
//!
//! The files are written by insta from the grader's own test suite (`cargo insta test -p
//! grader`, then `cargo insta review`), running the instructor edition through the same
//! checks and filters. At grading time the grader reads them itself and diffs: no
//! environment variable can make grading pass or write a file.

use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use regex::Regex;

/// Compare against the files, or record what the instructor edition printed (for the
/// grader's own test, which hands the records to insta).
pub enum Mode {
    Compare,
    Record(Mutex<Vec<(String, String)>>),
}

pub struct Snapshots {
    dir: PathBuf,
    mode: Mode,
}

/// Why a snapshot comparison did not pass.
pub enum Mismatch {
    /// The output differs: a unified diff, expected (-) against actual (+).
    Differs(String),
    /// The snapshot file is missing or unreadable: a grader problem, not the student's.
    Missing(String),
}

impl Snapshots {
    pub fn compare(dir: PathBuf) -> Snapshots {
        Snapshots {
            dir,
            mode: Mode::Compare,
        }
    }

    pub fn record(dir: PathBuf) -> Snapshots {
        Snapshots {
            dir,
            mode: Mode::Record(Mutex::default()),
        }
    }

    /// The file name insta uses for a snapshot named `lab__name`.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.snap"))
    }

    /// Checks `actual` (already normalised) against snapshot `name`.
    pub fn check(&self, name: &str, actual: &str) -> Result<(), Mismatch> {
        match &self.mode {
            Mode::Record(records) => {
                records
                    .lock()
                    .unwrap()
                    .push((name.to_string(), actual.to_string()));
                Ok(())
            }
            Mode::Compare => {
                let path = self.path(name);
                let file = std::fs::read_to_string(&path).map_err(|e| {
                    Mismatch::Missing(format!("snapshot {} cannot be read: {e}", path.display()))
                })?;
                let expected = body(&file);
                if normalise_ends(expected) == normalise_ends(actual) {
                    Ok(())
                } else {
                    Err(Mismatch::Differs(unified_diff(expected, actual)))
                }
            }
        }
    }

    /// What was recorded, in order (empty in compare mode).
    pub fn recorded(&self) -> Vec<(String, String)> {
        match &self.mode {
            Mode::Record(records) => records.lock().unwrap().clone(),
            Mode::Compare => Vec::new(),
        }
    }
}

/// The body of an insta snapshot file: what follows the `---` header block.
pub fn body(file: &str) -> &str {
    let file = file.strip_prefix('\u{feff}').unwrap_or(file);
    if let Some(rest) = file.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---\n") {
            return &rest[end + 5..];
        }
    }
    file
}

/// insta trims trailing newlines and normalises line endings; so do we.
fn normalise_ends(text: &str) -> String {
    text.replace("\r\n", "\n")
        .trim_end_matches('\n')
        .to_string()
}

/// A unified diff, expected (-) against actual (+).
pub fn unified_diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(3)
        .header("expected (snapshot)", "actual (your program)")
        .to_string()
}

/// A rewrite applied to output before it is compared: what varies from run to run (ports,
/// addresses, timings, the host name) becomes a fixed placeholder.
pub struct Filter {
    pattern: Regex,
    replacement: String,
}

impl Filter {
    pub fn new(pattern: &str, replacement: &str) -> Filter {
        Filter {
            pattern: Regex::new(pattern).expect("filter pattern is valid"),
            replacement: replacement.to_string(),
        }
    }

    /// Replaces a literal string (e.g. this machine's host name).
    pub fn literal(text: &str, replacement: &str) -> Filter {
        Filter::new(&regex::escape(text), replacement)
    }

    pub fn apply(&self, text: &str) -> String {
        self.pattern
            .replace_all(text, self.replacement.as_str())
            .into_owned()
    }
}

/// The filters every output goes through.
pub fn common_filters() -> &'static [Filter] {
    static FILTERS: OnceLock<Vec<Filter>> = OnceLock::new();
    FILTERS.get_or_init(|| {
        vec![
            Filter::new(r"\[([0-9a-fA-F:]+)\]:\d{1,5}\b", "[$1]:[PORT]"),
            Filter::new(r"\b(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}\b", "$1:[PORT]"),
            Filter::new(r"\b(port:?) \d{1,5}\b", "$1 [PORT]"),
            Filter::new(r"\b\d+(?:\.\d+)? ?(?:ms|µs|us|ns)\b", "[TIME]"),
        ]
    })
}

/// Runs `text` through the common filters, then `extra`.
pub fn normalise(text: &str, extra: &[Filter]) -> String {
    common_filters()
        .iter()
        .chain(extra)
        .fold(text.to_string(), |text, filter| filter.apply(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_body_after_the_insta_header() {
        let file =
            "---\nsource: grader/tests/snapshots.rs\nexpression: output\n---\nline 1\nline 2\n";
        assert_eq!(body(file), "line 1\nline 2\n");
    }

    #[test]
    fn ports_and_times_are_redacted() {
        let text = "on 127.0.0.1 port 40123\nfrom 127.0.0.1:5555 and [::1]:7 in 12.5 ms";
        assert_eq!(
            normalise(text, &[]),
            "on 127.0.0.1 port [PORT]\nfrom 127.0.0.1:[PORT] and [::1]:[PORT] in [TIME]"
        );
    }

    #[test]
    fn a_difference_is_shown_as_a_diff() {
        let dir = std::env::temp_dir().join(format!("netlabs-snap-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("x__y.snap"), "---\nsource: t\n---\nhello\nworld\n").unwrap();
        let snapshots = Snapshots::compare(dir.clone());
        assert!(snapshots.check("x__y", "hello\nworld").is_ok());
        match snapshots.check("x__y", "hello\nthere") {
            Err(Mismatch::Differs(diff)) => {
                assert!(diff.contains("-world") && diff.contains("+there"), "{diff}")
            }
            _ => panic!("expected a diff"),
        }
        assert!(matches!(
            snapshots.check("missing", ""),
            Err(Mismatch::Missing(_))
        ));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
