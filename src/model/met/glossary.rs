//! The glossary's data: its terms and the index `met::glossary` builds to find the first
//! mention of each term in a chapter's text.

use rustc_hash::FxHashMap as HashMap;

/// One glossary entry.
#[derive(Debug, Clone)]
pub struct Term {
    /// The id links and `see-also` use (the term's slug unless given).
    pub id: String,
    /// The term as shown.
    pub term: String,
    /// Other words that also find the term in prose.
    pub aliases: Vec<String>,
    /// Markdown source of the definition.
    pub definition: String,
    /// The definition as plain text, for tooltips and search.
    pub plain: String,
    /// Ids of related terms.
    pub see_also: Vec<String>,
    /// 1-based line of the entry in glossary.yml.
    pub line: usize,
}

/// The glossary: its terms and the index that finds their first mention in a chapter.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    /// The terms, in file order.
    pub terms: Vec<Term>,
    /// Term id → index in `terms`.
    pub by_id: HashMap<String, usize>,
    /// First normalised word → candidate phrases (normalised words, term index), longest first.
    /// Keyed by a phrase's first normalised word; Fx hashing, as this is looked up once
    /// per word of every chapter.
    pub(crate) matcher: rustc_hash::FxHashMap<String, Vec<Phrase>>,
    /// For each class of a matcher key's first two bytes, the key lengths that start so, as
    /// a bit set (bit 63: 63 bytes or more): most words of a chapter start like no term,
    /// or are too short or long for the terms that start like them, and are passed over
    /// without normalising or hashing them. Empty when some key is shorter than two bytes.
    pub(crate) starts: Vec<u64>,
    /// For an English glossary: an automaton over the start each key's words have in the
    /// text whatever their ending, which finds in an ASCII run the few words that may
    /// begin a mention without looking at every word (see `met::glossary::openers`).
    pub(crate) openers: Option<aho_corasick::AhoCorasick>,
    /// How the book's language inflects, so a plural or an accent still finds its term.
    pub(crate) inflection: Inflection,
}

/// The word endings a glossary looks through, by the book's language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Inflection {
    /// Possessive `'s`, plural `-s`, `-es`, `-ies`.
    #[default]
    English,
    /// Accents ignored ("sesion" is "sesión"); plural `-s` after a vowel, `-es` after a
    /// consonant, `-ces` for `-z` ("afirmaciones" is "afirmación").
    Spanish,
}

impl Inflection {
    /// The inflection of a language tag; English rules for languages without their own.
    pub fn of(lang: &str) -> Inflection {
        match lang
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
            .as_str()
        {
            "es" => Inflection::Spanish,
            _ => Inflection::English,
        }
    }
}

/// One term or alias, as the matcher looks for it.
#[derive(Debug, Clone)]
pub(crate) struct Phrase {
    /// Its normalised words.
    pub(crate) words: Vec<String>,
    /// For each word written in capitals ("MET", "OARS"), that spelling: an acronym matches
    /// only itself, with an optional plural or possessive ("MIs", "MI's"), never the
    /// ordinary word ("met", "oar").
    pub(crate) caps: Vec<Option<String>>,
    pub(crate) term: usize,
}
