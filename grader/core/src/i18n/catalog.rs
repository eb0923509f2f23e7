//! The Fluent catalogs, compiled into the grader, and message lookup with English as the
//! fallback.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

use super::Language;

/// Each language's catalog source, as compiled in (`grader/i18n/LANG/grader.ftl`).
pub const FILES: [(Language, &str); 3] = [
    (Language::En, include_str!("../../../i18n/en/grader.ftl")),
    (Language::Th, include_str!("../../../i18n/th/grader.ftl")),
    (
        Language::ZhTw,
        include_str!("../../../i18n/zh-TW/grader.ftl"),
    ),
];

/// One language's messages.
pub struct Catalog {
    bundle: FluentBundle<FluentResource>,
}

impl Catalog {
    /// Parses a catalog, with its syntax errors (the entries that parsed still load).
    pub fn parse(language: Language, source: &str) -> (Catalog, Vec<String>) {
        let tag = language
            .code()
            .parse()
            .expect("catalog language tags are valid");
        let mut bundle = FluentBundle::new_concurrent(vec![tag]);
        // No Unicode isolation marks around arguments: terminals show them as junk.
        bundle.set_use_isolating(false);
        let (resource, errors) = match FluentResource::try_new(source.to_string()) {
            Ok(resource) => (resource, Vec::new()),
            Err((resource, errors)) => (resource, errors.iter().map(|e| e.to_string()).collect()),
        };
        bundle
            .add_resource(resource)
            .expect("one resource per bundle, so no id clashes between resources");
        (Catalog { bundle }, errors)
    }

    /// Whether the catalog has a message with this id.
    pub fn has(&self, id: &str) -> bool {
        self.bundle
            .get_message(id)
            .is_some_and(|m| m.value().is_some())
    }

    /// The message, formatted; None when the catalog lacks it.
    pub fn format(&self, id: &str, args: &[(&str, &str)]) -> Option<String> {
        let pattern = self.bundle.get_message(id)?.value()?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, *value);
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors);
        Some(text.into_owned())
    }
}

static CATALOGS: LazyLock<Vec<(Language, Catalog)>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(language, source)| (*language, Catalog::parse(*language, source).0))
        .collect()
});

fn catalog(language: Language) -> &'static Catalog {
    let found = CATALOGS.iter().find(|(l, _)| *l == language);
    &found.expect("every language has a catalog").1
}

/// The message in `language` only.
pub fn own_text(language: Language, id: &str, args: &[(&str, &str)]) -> Option<String> {
    catalog(language).format(id, args)
}

/// The message in `language`, else in English.
pub fn text(language: Language, id: &str, args: &[(&str, &str)]) -> Option<String> {
    own_text(language, id, args).or_else(|| own_text(Language::En, id, args))
}
