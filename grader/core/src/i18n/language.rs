//! The languages the grader speaks, and how a locale name (`th_TH.UTF-8`, `zh-TW`) or the
//! environment picks one.

/// A language with a catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    En,
    Th,
    ZhTw,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::En, Language::Th, Language::ZhTw];

    /// The BCP 47 tag, also the catalog's folder name.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Th => "th",
            Language::ZhTw => "zh-TW",
        }
    }

    /// A language from a tag or a POSIX locale name: `th`, `th_TH.UTF-8`, `zh-TW`,
    /// `zh_TW.UTF-8`, `zh-Hant`, `en_US`, `C`. None for a language without a catalog
    /// (Simplified Chinese included: its students are not this course's).
    pub fn parse(name: &str) -> Option<Language> {
        let name = name.split(['.', '@']).next().unwrap_or("");
        let name = name.replace('_', "-").to_ascii_lowercase();
        let mut parts = name.split('-');
        match (parts.next().unwrap_or(""), parts.next()) {
            ("en" | "c" | "posix", _) => Some(Language::En),
            ("th", _) => Some(Language::Th),
            ("zh", Some("tw" | "hant" | "hk" | "mo")) => Some(Language::ZhTw),
            _ => None,
        }
    }

    /// The language of the messages locale (LC_ALL, else LC_MESSAGES, else LANG, as POSIX
    /// orders them; unset or empty ones are skipped); English when it has no catalog.
    pub fn from_env() -> Language {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// [`Language::from_env`] over any lookup, so it can be tested without the process
    /// environment.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Language {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(var)
            .find(|value| !value.is_empty())
            .and_then(|value| Language::parse(&value))
            .unwrap_or(Language::En)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_names_pick_a_language() {
        assert_eq!(Language::parse("th_TH.UTF-8"), Some(Language::Th));
        assert_eq!(Language::parse("zh_TW.UTF-8"), Some(Language::ZhTw));
        assert_eq!(Language::parse("zh-Hant-TW"), Some(Language::ZhTw));
        assert_eq!(Language::parse("zh-TW"), Some(Language::ZhTw));
        assert_eq!(Language::parse("C.UTF-8"), Some(Language::En));
        assert_eq!(Language::parse("zh_CN.UTF-8"), None);
        assert_eq!(Language::parse("fr_FR"), None);
    }

    #[test]
    fn lc_all_wins_then_lc_messages_then_lang() {
        fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
            let pairs: Vec<(String, String)> = pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            move |name| {
                pairs
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
            }
        }
        let all = [("LC_ALL", "th_TH.UTF-8"), ("LANG", "zh_TW.UTF-8")];
        assert_eq!(Language::from_vars(env(&all)), Language::Th);
        let messages = [("LC_ALL", ""), ("LC_MESSAGES", "zh_TW"), ("LANG", "th")];
        assert_eq!(Language::from_vars(env(&messages)), Language::ZhTw);
        assert_eq!(Language::from_vars(env(&[("LANG", "th")])), Language::Th);
        assert_eq!(Language::from_vars(env(&[("LANG", "de_DE")])), Language::En);
        assert_eq!(Language::from_vars(env(&[])), Language::En);
    }
}
