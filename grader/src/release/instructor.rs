//! What only the instructor edition has: whole files and folders ([`INSTRUCTOR_ONLY`]) and
//! blocks inside any text file, between `INSTRUCTOR ONLY` and `END INSTRUCTOR ONLY` comment
//! lines (`//`, `#` or `<!-- -->`), removed with their markers. The book's translations
//! (`po.rs`) use the same blocks to drop the messages of the text they held.

use std::ops::RangeInclusive;

use super::MarkerError;

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

/// The instructor-only blocks of `text` (the file `file`, for error messages), as 1-based
/// line ranges that include their markers.
pub fn blocks(file: &str, text: &str) -> Result<Vec<RangeInclusive<usize>>, MarkerError> {
    let error = |line: usize, message: &str| MarkerError {
        file: file.to_string(),
        line,
        message: message.to_string(),
    };
    let mut found = Vec::new();
    let mut open: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        match (instructor_marker(line), open) {
            (Some(true), Some(_)) => {
                return Err(error(
                    number,
                    "INSTRUCTOR ONLY inside another instructor-only block",
                ));
            }
            (Some(true), None) => open = Some(number),
            (Some(false), None) => {
                return Err(error(
                    number,
                    "END INSTRUCTOR ONLY without an INSTRUCTOR ONLY before it",
                ));
            }
            (Some(false), Some(begin)) => {
                found.push(begin..=number);
                open = None;
            }
            (None, _) => {}
        }
    }
    if let Some(begin) = open {
        return Err(error(
            begin,
            "INSTRUCTOR ONLY is never closed by an END INSTRUCTOR ONLY",
        ));
    }
    Ok(found)
}

/// Removes every instructor-only block of `text` with its markers; returns the new text and
/// how many blocks were removed.
pub fn strip_instructor_only(file: &str, text: &str) -> Result<(String, usize), MarkerError> {
    if !text.contains("INSTRUCTOR ONLY") {
        return Ok((text.to_string(), 0));
    }
    let blocks = blocks(file, text)?;
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        if !blocks.iter().any(|block| block.contains(&(i + 1))) {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !text.ends_with('\n') && out.ends_with('\n') {
        out.pop();
    }
    Ok((out, blocks.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
