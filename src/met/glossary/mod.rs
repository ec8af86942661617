//! The glossary file (term, aliases, definition, see-also) and the matcher that finds the
//! first mention of each term in a chapter's text, plurals and possessives included.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

mod openers;

use super::BlockError;
use crate::diagnostics::{Diagnostic, Kind};
use crate::markdown::slug;
use crate::model::met::glossary::{Glossary, Inflection, Phrase, Term};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawTerm {
    term: String,
    id: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    definition: String,
    #[serde(default)]
    see_also: Vec<String>,
}

/// Whether `word` of the text may stand for a phrase word spelt `caps`.
fn caps_match(caps: &Option<String>, word: &str) -> bool {
    let Some(c) = caps else { return true };
    let stem = ["'s", "’s", "s"]
        .iter()
        .find_map(|s| word.strip_suffix(s))
        .unwrap_or(word);
    word == c || stem == c
}

/// "MET", "OARS", "MI": two or more characters, letters all capitals.
fn is_acronym(word: &str) -> bool {
    word.chars().count() >= 2
        && word.chars().any(|c| c.is_alphabetic())
        && word.chars().all(|c| !c.is_lowercase())
}

/// Word buffers for [`Glossary::find_with`], reused from one call to the next.
#[derive(Debug, Default)]
pub struct Scratch {
    word: String,
    next: String,
    starts: Vec<usize>,
}

/// A found mention: byte range in the text and the term's index.
#[derive(Debug, PartialEq)]
pub struct Mention {
    /// Byte offset where the mention starts.
    pub start: usize,
    /// Byte offset just past its end.
    pub end: usize,
    /// Index of the term in [`Glossary::terms`].
    pub term: usize,
}

impl Glossary {
    /// Parses glossary.yml for an English book; every problem found, located in `file`.
    pub fn parse(text: &str, file: &Path) -> Result<Glossary, Vec<Diagnostic>> {
        Glossary::parse_in(text, file, Inflection::English)
    }

    /// [`Glossary::parse`] for a book in a language that inflects as `inflection` says.
    pub fn parse_in(
        text: &str,
        file: &Path,
        inflection: Inflection,
    ) -> Result<Glossary, Vec<Diagnostic>> {
        if text.trim().is_empty() {
            return Ok(Glossary::default());
        }
        let raw: Vec<RawTerm> = serde_yaml::from_str(text).map_err(|e| {
            vec![BlockError::from_yaml(&e, text, 0, "the glossary is a YAML list: each entry starts with `- term: …` and has a `definition: …`").into_diagnostic(Kind::Glossary, file, 1)]
        })?;
        let lines = entry_lines(text);
        let mut g = Glossary {
            inflection,
            ..Default::default()
        };
        let mut errors = Vec::new();
        for (i, r) in raw.into_iter().enumerate() {
            let line = lines.get(i).copied().unwrap_or(1);
            let id = r.id.clone().unwrap_or_else(|| slug(&r.term));
            if let Some(&prev) = g.by_id.get(&id) {
                errors.push(Diagnostic::error(Kind::Glossary, file, line, 1, format!("the term `{}` is defined twice", r.term))
                    .help(format!("it is already defined on line {}; merge the two entries or give this one a different `id:`", g.terms[prev].line)));
                continue;
            }
            g.by_id.insert(id.clone(), g.terms.len());
            let plain = crate::markdown::plain_text(&r.definition);
            g.terms.push(Term {
                id,
                term: r.term,
                aliases: r.aliases,
                definition: r.definition,
                plain,
                see_also: r.see_also,
                line,
            });
        }
        // A phrase (term or alias) that two entries share would make mentions ambiguous.
        let mut phrases: HashMap<String, usize> = HashMap::new();
        for (i, t) in g.terms.iter().enumerate() {
            for phrase in std::iter::once(&t.term).chain(t.aliases.iter()) {
                let key = words(phrase)
                    .into_iter()
                    .map(|(_, _, w)| normalise_in(w, inflection))
                    .collect::<Vec<_>>()
                    .join(" ");
                if key.is_empty() {
                    continue;
                }
                match phrases.get(&key) {
                    Some(&j) if j != i => {
                        let other = &g.terms[j];
                        errors.push(Diagnostic::error(Kind::Glossary, file, t.line, 1, format!("`{phrase}` (in the entry `{}`) is already used by the term `{}`", t.term, other.term))
                            .help(format!("each term and alias may belong to one entry only; `{}` is defined on line {}", other.term, other.line)));
                    }
                    Some(_) => {}
                    None => {
                        phrases.insert(key, i);
                    }
                }
            }
        }
        for t in &g.terms {
            for s in &t.see_also {
                if !g.by_id.contains_key(s) {
                    errors.push(Diagnostic::error(Kind::Glossary, file, t.line, 1, format!("`{}` refers in see-also to an unknown term id `{s}`", t.term))
                        .help("see-also lists term ids (the term in lowercase with hyphens, e.g. `change-talk`)"));
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        g.build_matcher();
        Ok(g)
    }

    fn build_matcher(&mut self) {
        for (i, t) in self.terms.iter().enumerate() {
            for phrase in std::iter::once(&t.term).chain(t.aliases.iter()) {
                let raw = words(phrase);
                let words: Vec<String> = raw
                    .iter()
                    .map(|(_, _, w)| normalise_in(w, self.inflection))
                    .collect();
                let caps = raw
                    .iter()
                    .map(|(_, _, w)| is_acronym(w).then(|| w.to_string()))
                    .collect();
                if let Some(first) = words.first().cloned() {
                    self.matcher.entry(first).or_default().push(Phrase {
                        words,
                        caps,
                        term: i,
                    });
                }
            }
        }
        for v in self.matcher.values_mut() {
            v.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        }
        self.openers = openers::build(self.matcher.keys(), self.inflection);
        if self.matcher.keys().all(|k| k.len() >= 2) {
            self.starts = vec![0; PAIRS * PAIRS];
            for k in self.matcher.keys() {
                let (b, len) = (k.as_bytes(), k.len().min(63));
                self.starts[pair(b[0], b[1])] |= 1 << len;
            }
        }
    }

    /// False only when `word` cannot normalise to any matcher key.
    fn may_start_term(&self, word: &str) -> bool {
        let b = word.as_bytes();
        // `normalise` lowers ASCII and strips only endings, and keeps at least the first
        // two bytes of an ASCII word of four bytes or more, or of two or three bytes
        // without an apostrophe ("a's" becomes "a"). Those are most words; any other is
        // looked up.
        let keeps_two = b.len() >= 4 || (b.len() >= 2 && !b.contains(&b'\''));
        if self.starts.is_empty() || !keeps_two || !word.is_ascii() {
            return true;
        }
        // It strips at most five bytes ("'s" and then a plural ending), so the key of a
        // word of n bytes is n - 5 to n bytes long: "the" cannot be "therapist".
        let hi = b.len().min(63);
        let lo = b.len().saturating_sub(5).min(hi);
        let lengths = ((1u64 << (hi - lo + 1)) - 1) << lo;
        self.starts[pair(b[0], b[1])] & lengths != 0
    }

    /// Mentions in `text`, at most one per term, skipping terms `skip` says are done.
    /// Words are scanned lazily: most start like no term and are passed over without
    /// being stored, lowered or hashed (this runs over every word of the book).
    pub fn find(&self, text: &str, skip: &mut dyn FnMut(usize) -> bool) -> Vec<Mention> {
        self.find_with(text, skip, &mut Scratch::default())
    }

    /// [`Glossary::find`] with word buffers kept by the caller: it runs once per prose run
    /// of every chapter, and two fresh buffers a run were a tenth of a build's allocations.
    pub fn find_with(
        &self,
        text: &str,
        skip: &mut dyn FnMut(usize) -> bool,
        scratch: &mut Scratch,
    ) -> Vec<Mention> {
        let mut out = Vec::new();
        if self.matcher.is_empty() {
            return out;
        }
        let mut pos = 0;
        if let (Some(ac), true) = (&self.openers, text.is_ascii()) {
            // Only the words the automaton found may begin a mention.
            openers::word_starts(ac, text, &mut scratch.starts);
            for i in 0..scratch.starts.len() {
                let p = scratch.starts[i];
                if p < pos {
                    continue;
                }
                let Some(word) = next_word(text, p) else {
                    break;
                };
                pos = word.2;
                if let Some(m) = self.mention_at(text, word, scratch, skip) {
                    pos = m.1;
                    out.push(m.0);
                }
            }
            return out;
        }
        while let Some(word) = next_word(text, pos) {
            pos = word.2;
            if !self.may_start_term(&text[word.0..word.1]) {
                continue;
            }
            if let Some(m) = self.mention_at(text, word, scratch, skip) {
                pos = m.1;
                out.push(m.0);
            }
        }
        out
    }

    /// The mention starting with `word` (its range and where the text goes on, as
    /// [`next_word`] gives them) and where the text goes on after it, if any.
    fn mention_at(
        &self,
        text: &str,
        (start, end, resume): (usize, usize, usize),
        scratch: &mut Scratch,
        skip: &mut dyn FnMut(usize) -> bool,
    ) -> Option<(Mention, usize)> {
        let Scratch {
            word: buf, next, ..
        } = scratch;
        let word = &text[start..end];
        normalise_into(word, buf, self.inflection);
        for Phrase { words, caps, term } in self.matcher.get(buf.as_str())? {
            if !caps_match(&caps[0], word) {
                continue;
            }
            let (mut last, mut at) = (end, resume);
            // The words of a phrase are parted by spaces or a line break only: "change.
            // Talk" is not "change talk".
            let rest_matches =
                words[1..]
                    .iter()
                    .zip(&caps[1..])
                    .all(|(w, c)| match next_word(text, at) {
                        Some((s, e, r))
                            if text[last..s].bytes().all(|b| b.is_ascii_whitespace()) =>
                        {
                            normalise_into(&text[s..e], next, self.inflection);
                            (last, at) = (e, r);
                            *next == *w && caps_match(c, &text[s..e])
                        }
                        _ => false,
                    });
            if rest_matches && !skip(*term) {
                let m = Mention {
                    start,
                    end: last,
                    term: *term,
                };
                return Some((m, at));
            }
        }
        None
    }
}

/// Classes of a key's or word's first two bytes for the prefilter: the 26 letters (either
/// case), ten digits, the two joiners, and one class for any other byte.
const PAIRS: usize = 39;

fn pair(a: u8, b: u8) -> usize {
    let class = |c: u8| match c.to_ascii_lowercase() {
        c @ b'a'..=b'z' => usize::from(c - b'a'),
        c @ b'0'..=b'9' => 26 + usize::from(c - b'0'),
        b'-' => 36,
        b'\'' => 37,
        _ => 38,
    };
    class(a) * PAIRS + class(b)
}

/// Words with their byte ranges; hyphens and apostrophes inside a word belong to it.
fn words(text: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some((start, end, resume)) = next_word(text, pos) {
        out.push((start, end, &text[start..end]));
        pos = resume;
    }
    out
}

/// Byte classes for [`next_word`]: ASCII letters and digits, the ASCII joiners inside a
/// word, and the lead bytes of multi-byte chars (decoded and asked); any other byte ends
/// a word. One table look-up per byte of the book.
const ALNUM: u8 = 1;
const JOINER: u8 = 2;
const WIDE: u8 = 3;
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b.is_ascii_alphanumeric() {
            ALNUM
        } else if b == b'-' || b == b'\'' {
            JOINER
        } else if b >= 0x80 {
            WIDE
        } else {
            0
        };
        c += 1;
    }
    t
};

/// The first word at or after byte `from` (a char boundary): its byte range without
/// trailing joiners, and where to look for the next one. A word starts with a letter or
/// digit and goes on through letters, digits, hyphens and apostrophes.
#[inline]
fn next_word(text: &str, from: usize) -> Option<(usize, usize, usize)> {
    let b = text.as_bytes();
    let wide = |i: usize| text.get(i..).and_then(|t| t.chars().next());
    let mut i = from;
    let start = loop {
        match CLASS[usize::from(*b.get(i)?)] {
            ALNUM => break i,
            WIDE => match wide(i)? {
                c if c.is_alphanumeric() => break i,
                c => i += c.len_utf8(),
            },
            _ => i += 1,
        }
    };
    while let Some(&byte) = b.get(i) {
        match CLASS[usize::from(byte)] {
            ALNUM | JOINER => i += 1,
            WIDE => match wide(i) {
                Some(c) if c.is_alphanumeric() || c == '’' => i += c.len_utf8(),
                _ => break,
            },
            _ => break,
        }
    }
    // Trailing joiners are no part of the word ("statement's--" is "statement's").
    let mut end = i;
    loop {
        match &b[start..end] {
            [.., b'-' | b'\''] => end -= 1,
            [.., 0xE2, 0x80, 0x99] => end -= '’'.len_utf8(),
            _ => break,
        }
    }
    Some((start, end, i))
}

/// Lowercases and strips simple English inflections (possessive, plural) so "reflections"
/// and "reflection's" match "reflection".
pub fn normalise(word: &str) -> String {
    normalise_in(word, Inflection::English)
}

/// [`normalise`] by the rules of `inflection`.
pub fn normalise_in(word: &str, inflection: Inflection) -> String {
    let mut w = String::with_capacity(word.len());
    normalise_into(word, &mut w, inflection);
    w
}

/// `normalise` into a reused buffer: called for every word of the book.
fn normalise_into(word: &str, w: &mut String, inflection: Inflection) {
    if inflection == Inflection::Spanish {
        return spanish_into(word, w);
    }
    w.clear();
    if word.is_ascii() {
        // Nearly every word: lower-case bytes without decoding chars.
        w.push_str(word);
        w.make_ascii_lowercase();
        if !w.ends_with('s') {
            // Every ending below ends in "s".
            return;
        }
    } else {
        w.extend(word.chars().flat_map(char::to_lowercase));
    }
    for suffix in ["'s", "’s"] {
        if w.ends_with(suffix) {
            w.truncate(w.len() - suffix.len());
        }
    }
    if w.len() > 4 && w.ends_with("ies") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.len() > 4
        && (w.ends_with("sses") || w.ends_with("ches") || w.ends_with("shes") || w.ends_with("xes"))
    {
        w.truncate(w.len() - 2);
    } else if w.len() > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        w.pop();
    }
}

/// Lowercases, drops accents and strips a Spanish plural ending.
fn spanish_into(word: &str, w: &mut String) {
    use unicode_normalization::UnicodeNormalization;
    w.clear();
    w.extend(
        word.nfd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .flat_map(char::to_lowercase),
    );
    let vowel = |c: char| "aeiou".contains(c);
    let before = |n: usize| w.chars().rev().nth(n);
    let len = w.chars().count();
    if len > 4 && w.ends_with("ces") {
        w.truncate(w.len() - 3);
        w.push('z');
    } else if len > 3 && w.ends_with("es") && before(2).is_some_and(|c| !vowel(c)) {
        w.truncate(w.len() - 2);
    } else if len > 3 && w.ends_with('s') && before(1).is_some_and(vowel) {
        w.pop();
    }
}

/// Line of each top-level `- ` entry, so entry problems point at the entry.
pub fn entry_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("- ") || *l == "-")
        .map(|(i, _)| i + 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every mention `g` finds in `t`, as text.
    fn found<'t>(g: &Glossary, t: &'t str) -> Vec<&'t str> {
        let ms = g.find(t, &mut |_| false);
        ms.iter().map(|m| &t[m.start..m.end]).collect()
    }

    const G: &str = "- term: change talk\n  aliases: [self-motivational statement]\n  definition: The client's *own* arguments for change.\n- term: discrepancy\n  definition: A gap.\n  see-also: [change-talk]\n";

    #[test]
    fn acronyms_match_only_themselves() {
        let g = Glossary::parse(
            "- term: MET\n  definition: x\n- term: OARS\n  definition: y\n- term: MI spirit\n  definition: z\n",
            Path::new("g.yml"),
        )
        .unwrap();
        let found = |t| found(&g, t);
        assert!(found("We met at noon; she pulled an oar; mi spirit.").is_empty());
        assert_eq!(
            found("MET uses OARS with MI's spirit"),
            ["MET", "OARS", "MI's spirit"]
        );
        assert_eq!(found("the METs"), ["METs"]);
    }

    #[test]
    fn the_prefilter_never_hides_a_mention() {
        let yaml = "- term: OARS\n  definition: a\n- term: therapy\n  definition: b\n- term: the righting reflex\n  definition: c\n- term: 12-step facilitation\n  definition: d\n- term: rolling with resistance\n  definition: e\n- term: discrepancy\n  definition: f\n- term: pros and cons\n  definition: g\n";
        let g = Glossary::parse(yaml, Path::new("g.yml")).unwrap();
        assert!(!g.starts.is_empty());
        let mut plain = Glossary::parse(yaml, Path::new("g.yml")).unwrap();
        plain.starts.clear();
        let words = [
            "the",
            "then",
            "therapy",
            "therapies",
            "therapy's",
            "therapies's",
            "Therapists",
            "THE",
            "Righting",
            "reflex",
            "reflexes",
            "12-step",
            "facilitations",
            "oars",
            "OARS's",
            "Discrepancies",
            "discrepancy's",
            "disc",
            "rolling",
            "with",
            "resistances",
            "pro",
            "pros",
            "and",
            "cons",
            "a",
            "ab's",
            "x",
            "thé",
            "th",
            "t'he",
            "it's",
        ];
        // Every pair of words, so each can start or end a phrase.
        let text: String = words
            .iter()
            .flat_map(|a| words.iter().map(move |b| format!("{a} {b}. ")))
            .collect();
        assert_eq!(found(&g, &text), found(&plain, &text));
        assert!(found(&g, &text).len() > 50);
    }

    #[test]
    fn the_automaton_finds_what_the_word_by_word_matcher_finds() {
        let yaml = "- term: OARS\n  definition: a\n- term: therapy\n  definition: b\n- term: the righting reflex\n  definition: c\n- term: 12-step facilitation\n  definition: d\n- term: MI spirit\n  definition: e\n- term: discrepancy\n  definition: f\n- term: pros and cons\n  definition: g\n- term: use\n  definition: h\n- term: boss\n  definition: i\n- term: it\n  definition: j\n";
        let g = Glossary::parse(yaml, Path::new("g.yml")).unwrap();
        assert!(g.openers.is_some());
        let mut plain = Glossary::parse(yaml, Path::new("g.yml")).unwrap();
        (plain.openers, plain.starts) = (None, Vec::new());
        let pieces = [
            "the",
            "therapy",
            "therapies",
            "therapy's",
            "THERAPIES'S",
            "therapys",
            "Therapists",
            "righting",
            "reflexes",
            "12-step",
            "step",
            "facilitations",
            "oars",
            "OARS's",
            "oar",
            "MI",
            "mi",
            "MIs",
            "spirit",
            "discrepancies",
            "discrepancy",
            "pros",
            "and",
            "cons",
            "use",
            "uses",
            "used",
            "because",
            "bosses",
            "boss's",
            "it",
            "its",
            "it's",
            "bit",
            "a",
            "x",
            "-",
            "--",
            "'",
            "' ",
            " ",
            " ",
            "  ",
            "\n",
            ". ",
            ", ",
            "(",
            ")",
            "\"",
        ];
        // A small LCG: the same texts every run.
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut tried = 0;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..12 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
                if seed & 1 == 0 {
                    text.push(' ');
                }
            }
            let (a, b) = (found(&g, &text), found(&plain, &text));
            assert_eq!(a, b, "{text:?}");
            tried += usize::from(!a.is_empty());
        }
        assert!(tried > 1000, "{tried}");
    }

    #[test]
    fn short_terms_and_short_words_pass_the_prefilter() {
        let g = Glossary::parse(
            "- term: MI\n  definition: x\n- term: ask\n  definition: y\n- term: oars\n  definition: z\n",
            Path::new("g.yml"),
        )
        .unwrap();
        let t = "Of MI's use: to ASK, and OARS.";
        assert_eq!(found(&g, t), ["MI's", "ASK", "OARS"]);
    }

    #[test]
    fn finds_first_mentions_with_plurals_and_aliases() {
        let g = Glossary::parse(G, Path::new("glossary.yml")).unwrap();
        let mut used = [false; 2];
        let text =
            "Discrepancies grow. Change talk and self-motivational statements; discrepancy again.";
        let ms = g.find(text, &mut |t| std::mem::replace(&mut used[t], true));
        let found: Vec<&str> = ms.iter().map(|m| &text[m.start..m.end]).collect();
        assert_eq!(found, ["Discrepancies", "Change talk"]);
        assert_eq!(g.terms[0].plain, "The client’s own arguments for change.");
    }

    #[test]
    fn words_split_at_anything_but_letters_digits_and_inner_joiners() {
        let w = |t| words(t).into_iter().map(|w| w.2).collect::<Vec<_>>();
        assert!(w("").is_empty());
        assert!(w("  ... -- ''").is_empty());
        assert_eq!(
            w("self-motivational statement's-- a'b' -c- x-'y 3.5kg"),
            [
                "self-motivational",
                "statement's",
                "a'b",
                "c",
                "x-'y",
                "3",
                "5kg"
            ]
        );
        assert_eq!(
            w("L’ambivalence—réflexion, ÉTAPE 2’"),
            ["L’ambivalence", "réflexion", "ÉTAPE", "2"]
        );
        let t = "Rolling… with “résistance”";
        let ranges: Vec<&str> = words(t).iter().map(|&(s, e, _)| &t[s..e]).collect();
        assert_eq!(ranges, ["Rolling", "with", "résistance"]);
    }

    #[test]
    fn a_phrase_is_whole_and_parted_only_by_spaces() {
        let g = Glossary::parse(G, Path::new("glossary.yml")).unwrap();
        let found = |t| found(&g, t);
        assert!(found("We heard change").is_empty());
        assert!(found("a change. Talk about it").is_empty());
        assert!(found("change, talk").is_empty());
        assert_eq!(found("some change\n  talk here"), ["change\n  talk"]);
    }

    #[test]
    fn duplicate_term_is_located() {
        let e = Glossary::parse(
            "- term: a\n  definition: x\n- term: A\n  definition: y\n",
            Path::new("g.yml"),
        )
        .unwrap_err();
        assert_eq!(e[0].line, 3);
        assert!(e[0].message.contains("defined twice"));
    }

    #[test]
    fn unknown_field_is_located() {
        let e = Glossary::parse("- term: a\n  defintion: x\n", Path::new("g.yml")).unwrap_err();
        assert_eq!(e[0].line, 2, "{:?}", e[0]);
    }

    #[test]
    fn spanish_plurals_and_accents_find_their_term() {
        let g = Glossary::parse_in(
            "- id: affirmation\n  term: afirmación\n  definition: x\n- id: norm\n  term: norma poblacional\n  definition: y\n- id: voice\n  term: voz\n  definition: z\n",
            Path::new("glossary.yml"),
            Inflection::Spanish,
        )
        .unwrap();
        for (text, id) in [
            ("Usa afirmaciones sinceras.", "affirmation"),
            ("una afirmacion breve", "affirmation"),
            ("las normas poblacionales", "norm"),
            ("muchas veces, varias voces", "voice"),
        ] {
            let found = g.find(text, &mut |_| false);
            assert_eq!(found.len(), 1, "{text}");
            assert_eq!(g.terms[found[0].term].id, id, "{text}");
        }
        assert_eq!(normalise_in("notes", Inflection::English), "note");
        assert_eq!(normalise_in("sesiones", Inflection::Spanish), "sesion");
    }
}
