//! Tokenizing, folding and stemming (build time only).
//!
//! The browser never stems: it only folds a typed word and looks it up as a
//! *surface word*. So the folding here must be byte-for-byte what search.js
//! does: `w.normalize('NFD').replace(/\p{M}/gu,'').replace(/\u2019/g,"'").toLowerCase()`.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Case- and diacritics-folds one word: NFD, drop every General_Category=Mark
/// char (what JS `\p{M}` matches), map the typographic apostrophe to `'`, then
/// full Unicode lowercase (same mapping as JS `toLowerCase`, incl. final sigma).
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        // Fast path: most tokens of an English manual; NFD/marks are no-ops.
        return word.to_ascii_lowercase();
    }
    let stripped: String = word
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| if c == '\u{2019}' { '\'' } else { c })
        .collect();
    stripped.to_lowercase()
}

/// Unicode (UAX #29) words of `text`, as slices of it. search.js uses
/// `Intl.Segmenter(…, {granularity:'word'})`, which follows the same rules.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.unicode_words()
}

/// Same words as [`words`], faster: text is cut at ASCII whitespace (UAX #29
/// always breaks there) and all-ASCII pieces, the bulk of an English manual,
/// go through a hand-written ASCII subset of the UAX #29 rules. Checked
/// against `unicode_words` by a randomized test.
pub fn each_word<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    // Whitespace is neither a word byte nor a joiner, so an all-ASCII text (every text of
    // an English manual, as a rule) needs no cutting at all.
    if text.is_ascii() {
        ascii_words(text, &mut f);
        return;
    }
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        // One byte scan finds the piece's end and whether it is all ASCII; cutting at an
        // ASCII byte always lands on a char boundary.
        let start = i;
        let mut ascii = true;
        while i < b.len() && !b[i].is_ascii_whitespace() {
            ascii &= b[i].is_ascii();
            i += 1;
        }
        let piece = &text[start..i];
        if ascii {
            ascii_words(piece, &mut f);
        } else {
            piece.unicode_words().for_each(&mut f);
        }
    }
}

/// Byte classes of the ASCII word rules, one table look-up per byte.
const WORD: u8 = 1;
const ALPHA: u8 = 2;
const DIGIT: u8 = 4;
/// WB6/7: `:`, `.` and `'` join letters.
const MID_LETTER: u8 = 8;
/// WB11/12: `,`, `;`, `.` and `'` join digits.
const MID_NUM: u8 = 16;
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        if b.is_ascii_alphabetic() {
            t[c] = WORD | ALPHA;
        } else if b.is_ascii_digit() {
            t[c] = WORD | DIGIT;
        }
        c += 1;
    }
    t[b'_' as usize] = WORD;
    t[b':' as usize] = MID_LETTER;
    t[b'.' as usize] = MID_LETTER | MID_NUM;
    t[b'\'' as usize] = MID_LETTER | MID_NUM;
    t[b',' as usize] = MID_NUM;
    t[b';' as usize] = MID_NUM;
    t
};

/// The UAX #29 words of an all-ASCII text: runs of letters, digits and `_` (WB5, 8, 9,
/// 10, 13a, 13b), joined across one `:`/`.`/`'` between letters (WB6/7) or one
/// `,`/`;`/`.`/`'` between digits (WB11/12); runs of `_` alone are no word.
fn ascii_words<'a>(text: &'a str, f: &mut impl FnMut(&'a str)) {
    let b = text.as_bytes();
    let is_word = |c: &u8| CLASS[*c as usize] & WORD != 0;
    let mut i = 0;
    while let Some(k) = b[i..].iter().position(is_word) {
        let start = i + k;
        i = start;
        loop {
            i += b[i..]
                .iter()
                .position(|c| !is_word(c))
                .unwrap_or(b.len() - i);
            if !joined(b, i) {
                break;
            }
            i += 1;
        }
        if b[start..i].iter().any(|&c| c != b'_') {
            f(&text[start..i]);
        }
    }
}

/// Whether the word run ending before `b[i]` goes on over it (WB6/7, WB11/12).
fn joined(b: &[u8], i: usize) -> bool {
    if i + 1 >= b.len() {
        return false;
    }
    let (prev, mid, next) = (
        CLASS[b[i - 1] as usize],
        CLASS[b[i] as usize],
        CLASS[b[i + 1] as usize],
    );
    (prev & ALPHA != 0 && mid & MID_LETTER != 0 && next & ALPHA != 0)
        || (prev & DIGIT != 0 && mid & MID_NUM != 0 && next & DIGIT != 0)
}

/// Maps a book language tag ("en", "en-GB", "es_MX", "Spanish") to a Snowball
/// algorithm. `None` means: index without stemming.
pub fn algorithm_for(language: &str) -> Option<Algorithm> {
    let tag = language.trim().to_ascii_lowercase();
    let primary = tag.split(['-', '_']).next().unwrap_or("");
    Some(match primary {
        "en" | "eng" | "english" => Algorithm::English,
        "es" | "spa" | "spanish" => Algorithm::Spanish,
        "ar" | "ara" | "arabic" => Algorithm::Arabic,
        "da" | "dan" | "danish" => Algorithm::Danish,
        "nl" | "nld" | "dutch" => Algorithm::Dutch,
        "fr" | "fra" | "french" => Algorithm::French,
        "de" | "deu" | "german" => Algorithm::German,
        "el" | "ell" | "greek" => Algorithm::Greek,
        "hu" | "hun" | "hungarian" => Algorithm::Hungarian,
        "it" | "ita" | "italian" => Algorithm::Italian,
        "no" | "nb" | "nn" | "nor" | "norwegian" => Algorithm::Norwegian,
        "pt" | "por" | "portuguese" => Algorithm::Portuguese,
        "ro" | "ron" | "romanian" => Algorithm::Romanian,
        "ru" | "rus" | "russian" => Algorithm::Russian,
        "sv" | "swe" | "swedish" => Algorithm::Swedish,
        "ta" | "tam" | "tamil" => Algorithm::Tamil,
        "tr" | "tur" | "turkish" => Algorithm::Turkish,
        _ => return None,
    })
}

/// Stems surface words for one language. Built once per index.
pub struct WordStemmer {
    stemmer: Option<Stemmer>,
}

impl WordStemmer {
    /// Returns the stemmer and, for an unknown language, a warning to surface.
    pub fn new(language: &str) -> (WordStemmer, Option<String>) {
        match algorithm_for(language) {
            Some(alg) => (
                WordStemmer {
                    stemmer: Some(Stemmer::create(alg)),
                },
                None,
            ),
            None => (
                WordStemmer { stemmer: None },
                Some(format!(
                    "search: no stemmer for language {language:?}; words are indexed unstemmed \
                     (plural and inflected forms will not match each other)"
                )),
            ),
        }
    }

    /// Whether words are stemmed (the language has a stemmer).
    pub fn is_stemming(&self) -> bool {
        self.stemmer.is_some()
    }

    /// The folded stem of a raw token. Snowball rules are written for accented
    /// lowercase input (Spanish "-ación"), so stem first and fold afterwards.
    pub fn stem(&self, raw: &str) -> String {
        match &self.stemmer {
            None => fold(raw),
            Some(st) => {
                let lower: String = if raw.is_ascii() {
                    raw.to_ascii_lowercase()
                } else {
                    raw.nfc()
                        .collect::<String>()
                        .to_lowercase()
                        .replace('\u{2019}', "'")
                };
                fold(&st.stem(&lower))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("Ámbivalénce"), "ambivalence");
        assert_eq!(fold("A\u{301}MBIVALENCE"), "ambivalence"); // already-decomposed input
        assert_eq!(fold("Client\u{2019}s"), "client's");
        assert_eq!(fold("ÑANDÚ"), "nandu");
        assert_eq!(fold("ΟΔΟΣ"), "οδος"); // final sigma, as JS toLowerCase does
    }

    #[test]
    fn tokenizing() {
        let w: Vec<&str> =
            words("Roll with resistance: the client's \"change-talk\", 2 times.").collect();
        assert_eq!(
            w,
            [
                "Roll",
                "with",
                "resistance",
                "the",
                "client's",
                "change",
                "talk",
                "2",
                "times"
            ]
        );
        let w: Vec<&str> = words("¿Qué piensa? Reflexión—empatía").collect();
        assert_eq!(w, ["Qué", "piensa", "Reflexión", "empatía"]);
    }

    #[test]
    fn fast_words_match_unicode_words() {
        let alphabet = "ab1_.,;:' \n-\"Zé’";
        for s in crate::text::random_texts(alphabet, 12, 0x2545F4914F6CDD1D, 20_000) {
            let mut fast = Vec::new();
            each_word(&s, |w| fast.push(w));
            let slow: Vec<&str> = words(&s).collect();
            assert_eq!(fast, slow, "text {s:?}");
        }
    }

    #[test]
    fn stemming_en_es() {
        let (en, warn) = WordStemmer::new("en-US");
        assert!(warn.is_none());
        assert_eq!(en.stem("reflections"), en.stem("reflection"));
        assert_eq!(en.stem("Reflecting"), en.stem("reflect"));
        let (es, _) = WordStemmer::new("es");
        assert_eq!(es.stem("reflexiones"), es.stem("reflexión"));
        assert_eq!(es.stem("comunicaciones"), es.stem("comunicación"));
        assert_eq!(es.stem("Reflexión"), "reflexion");
    }

    #[test]
    fn unknown_language_warns_and_folds_only() {
        let (st, warn) = WordStemmer::new("xx");
        assert!(warn.unwrap().contains("xx"));
        assert!(!st.is_stemming());
        assert_eq!(st.stem("Reflections"), "reflections");
    }
}
