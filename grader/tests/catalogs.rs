//! The grader's message catalogs (`grader/i18n/LANG/grader.ftl`) against the code: every
//! catalog parses, every message the code asks for and every check's description and hint
//! is in every catalog, with the same `{ $arguments }` as the English, and no catalog holds
//! an entry nothing uses. Prints each language's translated share.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use regex::Regex;

use grader::i18n::{Catalog, FILES, Language, check_key};
use grader::labs::LABS;

/// Message ids in a catalog's source, in order (`id = ...` at the start of a line).
fn ids_in(source: &str) -> Vec<String> {
    let entry = Regex::new(r"(?m)^([a-zA-Z][a-zA-Z0-9_-]*)\s*=").unwrap();
    entry
        .captures_iter(source)
        .map(|c| c[1].to_string())
        .collect()
}

/// The `{ $name }` arguments of each message of a catalog.
fn arguments(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let line = Regex::new(r"(?m)^([a-zA-Z][a-zA-Z0-9_-]*)\s*=(.*)$").unwrap();
    let argument = Regex::new(r"\{\s*\$([a-zA-Z0-9_-]+)\s*\}").unwrap();
    line.captures_iter(source)
        .map(|c| {
            let names = argument.captures_iter(&c[2]).map(|a| a[1].to_string());
            (c[1].to_string(), names.collect())
        })
        .collect()
}

/// Every message id the grader's code asks for: `t("id")` and `t_with("id", ...)`,
/// whether called as `t(` or `i18n::t(`, in both crates (`grader/src`, `grader/core/src`).
fn ids_in_code() -> BTreeSet<String> {
    let call = Regex::new(r#"\bt(?:_with)?\(\s*"([a-z0-9-]+)""#).unwrap();
    let mut found = BTreeSet::new();
    let grader = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut folders = vec![grader.join("src"), grader.join("core/src")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                found.extend(call.captures_iter(&text).map(|c| c[1].to_string()));
            }
        }
    }
    found
}

/// Every check's description and hint key.
fn check_keys() -> BTreeSet<String> {
    LABS.iter()
        .flat_map(|lab| lab.checks)
        .flat_map(|check| ["description", "hint"].map(|part| check_key(&check.id(), part)))
        .collect()
}

fn source(language: Language) -> &'static str {
    FILES.iter().find(|(l, _)| *l == language).unwrap().1
}

#[test]
fn every_catalog_parses() {
    for (language, source) in FILES {
        let (_, errors) = Catalog::parse(language, source);
        assert!(
            errors.is_empty(),
            "grader/i18n/{}/grader.ftl: {errors:#?}",
            language.code()
        );
        let ids = ids_in(source);
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{}: an id twice", language.code());
    }
}

#[test]
fn every_message_and_check_is_in_every_catalog_and_nothing_else() {
    let code = ids_in_code();
    // The scan must find the calls: a broken pattern would make this test pass vacuously.
    for id in [
        "table-lab",
        "status-passed",
        "details-hint",
        "watch-title",
        "list-lab",
    ] {
        assert!(
            code.contains(id),
            "the scan of grader/src and grader/core/src missed `{id}`: {code:?}"
        );
    }
    let checks = check_keys();
    assert_eq!(
        checks.len(),
        2 * LABS.iter().map(|l| l.checks.len()).sum::<usize>()
    );
    let english = arguments(source(Language::En));
    let mut problems = Vec::new();
    for language in Language::ALL {
        let source = source(language);
        let (catalog, _) = Catalog::parse(language, source);
        // English check texts are in the code: only the other catalogs carry them.
        let wanted: BTreeSet<String> = if language == Language::En {
            code.clone()
        } else {
            code.union(&checks).cloned().collect()
        };
        let code_name = language.code();
        for id in &wanted {
            if !catalog.has(id) {
                problems.push(format!("{code_name}: no `{id}`"));
            }
        }
        for id in ids_in(source) {
            if !wanted.contains(&id) {
                problems.push(format!("{code_name}: `{id}` is used nowhere"));
            }
        }
        for (id, names) in arguments(source) {
            if let Some(expected) = english.get(&id).filter(|e| *e != &names) {
                problems.push(format!(
                    "{code_name}: `{id}` has arguments {names:?}, English {expected:?}"
                ));
            }
        }
        let translated = wanted.iter().filter(|id| catalog.has(id)).count();
        println!(
            "grader catalog {code_name}: {translated}/{} messages ({:.1}%)",
            wanted.len(),
            100.0 * translated as f64 / wanted.len() as f64
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
