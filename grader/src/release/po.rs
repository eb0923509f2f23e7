//! The book's translations in the student edition: its PO files (`docs/po/*.po` and the
//! template `messages.pot`) keep only the messages of the student book.
//!
//! Every message names where the English comes from (`#: src/FILE.md:LINE`, relative to
//! the book). A source in a chapter the release left out (the instructor's) or inside an
//! instructor-only block of a chapter it kept is not the student's, and is dropped; a
//! message left without a source is dropped with its translation, so the student edition
//! does not ship the instructor chapters in Thai and Chinese. The files are read and written
//! with `polib`, the PO library mdbook-i18n-helpers itself uses.

use std::collections::HashMap;
use std::io;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use polib::catalog::Catalog;
use polib::message::{CatalogMessageMutView, MessageMutView, MessageView};

use super::ReleaseError;
use super::instructor;

/// Where the book is, relative to the workspace; PO sources are relative to it.
const BOOK: &str = "docs";

/// Where its translations are, relative to the workspace.
const PO_DIR: &str = "docs/po";

/// The header fields `polib` requires (it panics without them; GNU gettext and
/// mdbook-xgettext always write them).
const HEADER: &[&str] = &[
    "Project-Id-Version",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Language-Team",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Language",
    "Plural-Forms",
];

/// Prunes every PO file of the edition at `out`, made from the instructor edition at
/// `from`. Returns how many messages were dropped.
pub fn prune(from: &Path, out: &Path) -> Result<usize, ReleaseError> {
    let Ok(entries) = std::fs::read_dir(out.join(PO_DIR)) else {
        return Ok(0); // a course without translations
    };
    let mut sources = Sources {
        from: from.join(BOOK),
        out: out.join(BOOK),
        blocks: HashMap::new(),
    };
    let mut dropped = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("po" | "pot")
        ) {
            dropped += prune_file(&path, &mut sources)?;
        }
    }
    Ok(dropped)
}

/// Prunes one PO file in place; returns how many messages it lost.
fn prune_file(path: &Path, sources: &mut Sources) -> Result<usize, ReleaseError> {
    let invalid = |e: &dyn std::fmt::Display| {
        ReleaseError::Io(path.to_path_buf(), io::Error::other(e.to_string()))
    };
    let text =
        std::fs::read_to_string(path).map_err(|e| ReleaseError::Io(path.to_path_buf(), e))?;
    if let Some(key) = HEADER
        .iter()
        .find(|key| !text.contains(&format!("\"{key}: ")))
    {
        return Err(invalid(&format!(
            "the header has no `{key}` field (regenerate it with msgmerge, see the translations guide)"
        )));
    }
    let mut catalog = polib::po_file::parse(path).map_err(|e| invalid(&e))?;
    let dropped = prune_catalog(&mut catalog, |source| sources.for_students(source))
        .map_err(|e| invalid(&e))?;
    if dropped > 0 {
        polib::po_file::write(&catalog, path)
            .map_err(|e| ReleaseError::Io(path.to_path_buf(), e))?;
    }
    Ok(dropped)
}

/// Drops from `catalog` the sources `keep` refuses, and the messages left without one.
/// Returns how many messages were dropped.
fn prune_catalog(
    catalog: &mut Catalog,
    mut keep: impl FnMut(&str) -> Result<bool, super::MarkerError>,
) -> Result<usize, super::MarkerError> {
    let mut dropped = 0;
    for mut message in catalog.messages_mut() {
        let all: Vec<String> = message
            .source()
            .split_whitespace()
            .map(String::from)
            .collect();
        if all.is_empty() {
            continue; // nothing says where it is from: kept
        }
        let mut kept = Vec::new();
        for source in all.iter() {
            if keep(source)? {
                kept.push(source.as_str());
            }
        }
        if kept.is_empty() {
            message.delete();
            dropped += 1;
        } else if kept.len() < all.len() {
            *message.source_mut() = kept.join(" ");
        }
    }
    Ok(dropped)
}

/// The book's files in both editions, with the instructor-only blocks of each file read.
struct Sources {
    from: PathBuf,
    out: PathBuf,
    blocks: HashMap<String, Vec<RangeInclusive<usize>>>,
}

impl Sources {
    /// Whether `source` (`src/FILE.md:LINE`) is text of the student book.
    fn for_students(&mut self, source: &str) -> Result<bool, super::MarkerError> {
        let (file, line) = match source.rsplit_once(':') {
            Some((file, line)) => (file, line.parse::<usize>().ok()),
            None => (source, None),
        };
        if !self.out.join(file).is_file() {
            return Ok(false);
        }
        let Some(line) = line else {
            return Ok(true);
        };
        if !self.blocks.contains_key(file) {
            let text = std::fs::read_to_string(self.from.join(file)).unwrap_or_default();
            let blocks = instructor::blocks(&format!("{BOOK}/{file}"), &text)?;
            self.blocks.insert(file.to_string(), blocks);
        }
        Ok(!self.blocks[file].iter().any(|b| b.contains(&line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PO: &str = r#"
msgid ""
msgstr ""
"Project-Id-Version: netlabs\n"
"POT-Creation-Date: 2026-11-29T20:32:44Z\n"
"PO-Revision-Date: 2026-11-29T19:31:38Z\n"
"Language-Team: none\n"
"Language: th\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=1; plural=0;\n"

#: src/SUMMARY.md:1
msgid "Summary"
msgstr "สารบัญ"

#: src/SUMMARY.md:3 src/instructor/index.md:1
msgid "Shared"
msgstr "ร่วม"

#: src/instructor/index.md:5
msgid "Only for instructors"
msgstr "สำหรับผู้สอน"

#: src/SUMMARY.md:5
msgid "For instructors"
msgstr "สำหรับผู้สอน"
"#;

    #[test]
    fn messages_of_left_out_chapters_and_blocks_go_and_shared_ones_stay() {
        let dir = std::env::temp_dir().join(format!("po-prune-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let (from, out) = (dir.join("from"), dir.join("out"));
        for root in [&from, &out] {
            std::fs::create_dir_all(root.join("docs/po")).unwrap();
            std::fs::create_dir_all(root.join("docs/src")).unwrap();
        }
        std::fs::create_dir_all(from.join("docs/src/instructor")).unwrap();
        std::fs::write(from.join("docs/src/instructor/index.md"), "# x\n").unwrap();
        let summary = "# Summary\n\n- [Shared](a.md)\n<!-- INSTRUCTOR ONLY -->\n# For instructors\n<!-- END INSTRUCTOR ONLY -->\n";
        std::fs::write(from.join("docs/src/SUMMARY.md"), summary).unwrap();
        std::fs::write(out.join("docs/src/SUMMARY.md"), "# Summary\n").unwrap();
        std::fs::write(out.join("docs/po/th.po"), PO).unwrap();

        let dropped = prune(&from, &out).unwrap();
        let catalog = polib::po_file::parse(&out.join("docs/po/th.po")).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let left: Vec<(String, String)> = catalog
            .messages()
            .map(|m| (m.msgid().to_string(), m.source().to_string()))
            .collect();
        assert_eq!(dropped, 2);
        assert_eq!(
            left,
            [
                ("Summary".to_string(), "src/SUMMARY.md:1".to_string()),
                ("Shared".to_string(), "src/SUMMARY.md:3".to_string()),
            ]
        );
        assert_eq!(catalog.metadata.language, "th");
    }

    #[test]
    fn a_header_polib_cannot_read_is_an_error_not_a_panic() {
        let dir = std::env::temp_dir().join(format!("po-header-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("th.po");
        std::fs::write(&path, "msgid \"\"\nmsgstr \"\"\n\"Language: th\\n\"\n").unwrap();
        let mut sources = Sources {
            from: dir.clone(),
            out: dir.clone(),
            blocks: HashMap::new(),
        };
        let error = prune_file(&path, &mut sources).unwrap_err().to_string();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(error.contains("no `Project-Id-Version` field"), "{error}");
    }
}
