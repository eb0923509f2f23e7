//! Solution regions: the lines between `// BEGIN SOLUTION` and `// END SOLUTION` in a lab's
//! Rust source, replaced in the student edition by `// TODO: your code here` and a starter
//! (the text after a colon on the BEGIN line, or a `todo!()` naming the function and the
//! first sentence of its doc comment), so every lab compiles and stops where the student
//! begins. Regions do not nest; an unmatched or malformed marker is an error naming
//! file:line. The leak scan (`leaks.rs`) reads the same markers.

use std::fmt::Write as _;

use super::MarkerError;

/// The line put above the starter in place of the BEGIN marker.
const TODO_LINE: &str = "// TODO: your code here";

/// Added to the top of every released file that had a solution region: until the student
/// writes their part, parameters, imports and helpers are unused, and the compiler would
/// bury their own warnings under dozens of these.
const ALLOWANCE: &str = "// Starter code: until your part is written, parameters, imports and helpers are unused.\n\
                         // Delete the next line once the lab is done, to see the compiler's warnings again.\n\
                         #![allow(unused_variables, unused_imports, unused_mut, dead_code, unreachable_code)]\n";

/// What a line is, as far as solution regions go.
#[derive(Debug, PartialEq)]
pub(super) enum SolutionMarker<'a> {
    Begin(Option<&'a str>),
    End,
}

pub(super) fn solution_marker(line: &str) -> Result<Option<SolutionMarker<'_>>, String> {
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
pub(super) fn with_allowance(text: &str) -> String {
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
}
