//! Where a mention may start in an ASCII run of prose, found by one automaton pass over the
//! text instead of reading it word by word: glossary linking runs over every word of a
//! book, and nearly all of them begin no term.
//!
//! English normalising only lowers ASCII letters and changes a word's ending, so an ASCII
//! word whose normal form is the key `k` starts with `k` itself, or, for a key in `-y`
//! ("therapy" from "therapies"), with `k` less its `y`. Those starts, matched without
//! regard to case at the start of a word, are a superset of the words the matcher would
//! find; the matcher then decides each of them exactly as it decides any word.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::{ALNUM, CLASS, JOINER};
use crate::model::met::glossary::Inflection;

/// The automaton for `keys` (normalised first words of the terms), or `None` when the
/// glossary's words are not English ones or it cannot be built.
pub(super) fn build<'k>(
    keys: impl Iterator<Item = &'k String>,
    inflection: Inflection,
) -> Option<AhoCorasick> {
    if inflection != Inflection::English {
        return None;
    }
    // An ASCII word never normalises to a key with other characters: those keys are left
    // to the word-by-word matcher, which takes every run that is not all ASCII.
    let starts: Vec<&str> = keys
        .filter(|k| k.is_ascii() && !k.is_empty())
        .map(|k| k.strip_suffix('y').filter(|s| !s.is_empty()).unwrap_or(k))
        .collect();
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostFirst)
        .kind(Some(AhoCorasickKind::DFA))
        .build(starts)
        .ok()
}

/// The byte offsets of `text` (ASCII) where a word starts with one of `ac`'s patterns, in
/// order, into `out`.
///
/// Leftmost matches, each searched for after the last one's end, miss no such word: a
/// pattern is letters, digits and joiners from a letter or digit on, so no match runs
/// over the start of a word (the byte before one is no letter or digit, nor a joiner after
/// one).
pub(super) fn word_starts(ac: &AhoCorasick, text: &str, out: &mut Vec<usize>) {
    out.clear();
    let b = text.as_bytes();
    out.extend(
        ac.find_iter(text)
            .map(|m| m.start())
            .filter(|&p| starts_word(b, p)),
    );
}

/// Whether [`super::next_word`] would find a word starting at byte `p`: a letter or digit
/// not inside a word already, that is, not after letters or digits and any joiners.
fn starts_word(b: &[u8], p: usize) -> bool {
    if CLASS[usize::from(b[p])] != ALNUM {
        return false;
    }
    let mut q = p;
    while q > 0 && CLASS[usize::from(b[q - 1])] == JOINER {
        q -= 1;
    }
    q == 0 || CLASS[usize::from(b[q - 1])] != ALNUM
}
