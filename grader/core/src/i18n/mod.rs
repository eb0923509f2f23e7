//! The student's language for everything that frames a result: table headings, status
//! words, `status`, `watch` and `check` headings, and each check's description and hint.
//!
//! Messages live in Fluent catalogs (`grader/i18n/LANG/grader.ftl`, compiled in); English is
//! the fallback for anything a catalog lacks. A check's description and hint are keyed by
//! its id (`tcp-echo/client-trickle` → `tcp-echo--client-trickle-description`), and their
//! English stays in the check's code, the source the translations follow. Reasons that
//! quote the wire, and machine formats' ids, are never translated.
//!
//! The language is chosen once by `main` (`--lang`, else LC_ALL / LC_MESSAGES / LANG);
//! until then, and in the library's own tests, it is English.

mod catalog;
mod language;

use std::sync::OnceLock;

pub use catalog::{Catalog, FILES};
pub use language::Language;

static CHOSEN: OnceLock<Language> = OnceLock::new();

/// Chooses the language of this process's reports (the first call wins).
pub fn choose(language: Language) {
    let _ = CHOSEN.set(language);
}

/// The language reports speak: the one chosen, else English.
pub fn language() -> Language {
    CHOSEN.get().copied().unwrap_or(Language::En)
}

/// A frame message in the chosen language, with its `{ $name }` arguments filled in.
pub fn t_with(id: &str, args: &[(&str, &str)]) -> String {
    catalog::text(language(), id, args).unwrap_or_else(|| id.to_string())
}

/// A frame message without arguments.
pub fn t(id: &str) -> String {
    t_with(id, &[])
}

/// The catalog key of a check's description or hint (`part` is `description` or `hint`).
pub fn check_key(check_id: &str, part: &str) -> String {
    format!("{}-{part}", check_id.replace('/', "--"))
}

/// A check's description in the chosen language; `english` (from the check's code) when
/// the catalog has none.
pub fn description(check_id: &str, english: &str) -> String {
    check_text(check_id, "description", english)
}

/// A check's hint in the chosen language, falling back to `english`.
pub fn hint(check_id: &str, english: &str) -> String {
    check_text(check_id, "hint", english)
}

fn check_text(check_id: &str, part: &str, english: &str) -> String {
    match language() {
        Language::En => english.to_string(),
        other => catalog::own_text(other, &check_key(check_id, part), &[])
            .unwrap_or_else(|| english.to_string()),
    }
}

/// `text` padded with spaces to `width` terminal columns (Thai marks take none, Chinese
/// characters two), on the left when `right` is set.
pub fn pad(text: &str, width: usize, right: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(unicode_width::UnicodeWidthStr::width(text)));
    if right {
        format!("{fill}{text}")
    } else {
        format!("{text}{fill}")
    }
}

/// How wide `text` is on a terminal.
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// A check's status word (`pass`, `FAIL`, ...) in the chosen language.
pub fn status(status: crate::outcome::Status) -> String {
    use crate::outcome::Status;
    match status {
        Status::Passed => t("status-passed"),
        Status::Failed => t("status-failed"),
        Status::NotImplemented => t("status-not-implemented"),
        Status::BuildFailed => t("status-build-failed"),
        Status::Error => t("status-error"),
        Status::NotApplicable => t("status-not-applicable"),
    }
}
