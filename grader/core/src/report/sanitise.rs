//! Student output shown to a person: every control character but newline and tab is
//! shown escaped (`\x1b`, `\r`, `\u{9b}`), so a program's output cannot retitle, clear or
//! recolour the terminal of whoever reads a report. The runner passes every piece of
//! student text an outcome keeps (reason, diff, program output) through `shown`, so the
//! table, `check`, `watch`, JUnit, Gradescope and JSON all show the same safe text.

/// `text` with its control characters (other than `\n` and `\t`) escaped.
pub fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x80 && c.is_control() => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control() => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_obeyed() {
        assert_eq!(
            shown("\x1b]0;pwned\x07\x1b[2Jok\r\n\tend\u{9b}"),
            "\\x1b]0;pwned\\x07\\x1b[2Jok\\r\n\tend\\u{9b}"
        );
        assert_eq!(shown("plain ünïcode"), "plain ünïcode");
    }
}
