//! Language editions: a translated book is a second `Book` with the same chapters, ids and
//! order, whose pages go under its own folder of the site.

/// Which edition a `Book` is.
#[derive(Debug, Clone, Default)]
pub struct Edition {
    /// This edition's language code (`[book] language` or a `[languages.<code>]` key).
    pub lang: String,
    /// The source language's code, whose chapters a missing translation falls back to.
    pub source_lang: String,
    /// The site folder of this edition: "" for the source language, "es/" for Spanish.
    pub prefix: String,
    /// Every edition of the book, source language first (empty for a one-language book).
    pub all: Vec<EditionRef>,
}

/// Another edition of the book, for the language switcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionRef {
    /// Its language code (`es`).
    pub lang: String,
    /// The language's name in itself ("Español"), for the switcher.
    pub name: String,
    /// Its folder in the site (`es/`); empty for the source edition.
    pub prefix: String,
}

impl Edition {
    /// A one-language book, or the source edition of a translated one.
    pub fn is_source(&self) -> bool {
        self.prefix.is_empty()
    }

    /// From a page of this edition at `root` (its relative way to this edition's root),
    /// the relative way to the whole site's root.
    pub fn site_root(&self, root: &str) -> String {
        let up = self.prefix.matches('/').count();
        format!("{root}{}", "../".repeat(up))
    }
}

/// A chapter of a translated edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    /// Whether the translation is current.
    pub state: TranslationState,
    /// The hash of the source chapter as it is now (`translated-from` should hold it).
    pub source_hash: String,
    /// The title is the language's own (from the translation or its SUMMARY.md).
    pub title_translated: bool,
}

/// How a translated chapter stands against its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TranslationState {
    /// Translated from the source as it is now.
    Current,
    /// Translated from an older source: `recorded` is the hash in `translated-from`, at
    /// `line` of the translation file.
    Stale {
        /// The source hash the translation records.
        recorded: String,
        /// 1-based line of `translated-from` in the translation file.
        line: usize,
    },
    /// Translated, but without `translated-from`, so staleness cannot be told.
    Untracked,
    /// No translation file: the source chapter is shown, marked.
    Missing,
}

/// The language's own name for the codes metbook knows; others show their code.
pub fn language_name(code: &str) -> Option<&'static str> {
    let base = code.split(['-', '_']).next().unwrap_or(code);
    Some(match base.to_ascii_lowercase().as_str() {
        "en" => "English",
        "es" => "Español",
        "pt" => "Português",
        "fr" => "Français",
        "de" => "Deutsch",
        "it" => "Italiano",
        "nl" => "Nederlands",
        "sv" => "Svenska",
        "da" => "Dansk",
        "no" | "nb" => "Norsk",
        "fi" => "Suomi",
        "ro" => "Română",
        "ru" => "Русский",
        "tr" => "Türkçe",
        "hu" => "Magyar",
        "ca" => "Català",
        "pl" => "Polski",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_root_climbs_out_of_the_edition_folder() {
        let es = Edition {
            prefix: "es/".into(),
            ..Default::default()
        };
        assert_eq!(es.site_root("../"), "../../");
        assert_eq!(Edition::default().site_root("../"), "../");
    }

    #[test]
    fn names_cover_regional_tags() {
        assert_eq!(language_name("es-MX"), Some("Español"));
        assert_eq!(language_name("xx"), None);
    }
}
