//! The glossary file (term, aliases, definition, see-also) and the matcher that finds the
//! first mention of each term in a chapter's text, plurals and possessives included.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::Diagnostic;
use crate::load::chapter::yaml_error;
use crate::markdown::slug;

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

#[derive(Debug, Clone)]
pub struct Term {
    pub id: String,
    pub term: String,
    pub aliases: Vec<String>,
    /// Markdown source of the definition.
    pub definition: String,
    /// The definition as plain text, for tooltips and search.
    pub plain: String,
    pub see_also: Vec<String>,
    pub line: usize,
}

#[derive(Debug, Default)]
pub struct Glossary {
    pub terms: Vec<Term>,
    pub by_id: HashMap<String, usize>,
    /// First normalised word → candidate phrases (normalised words, term index), longest first.
    /// Keyed by a phrase's first normalised word; Fx hashing, as this is looked up once
    /// per word of every chapter.
    matcher: rustc_hash::FxHashMap<String, Vec<(Vec<String>, usize)>>,
    /// The first two bytes of every matcher key, as a bit set: most words of a chapter
    /// start like no term, and are passed over without normalising or hashing them.
    /// Empty when some key is shorter than two bytes.
    starts: Vec<u64>,
}

/// A found mention: byte range in the text and the term's index.
#[derive(Debug, PartialEq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub term: usize,
}

impl Glossary {
    pub fn parse(text: &str, file: &Path) -> Result<Glossary, Vec<Diagnostic>> {
        if text.trim().is_empty() {
            return Ok(Glossary::default());
        }
        let raw: Vec<RawTerm> = serde_yaml::from_str(text).map_err(|e| {
            let mut d = yaml_error(&e, file, 1);
            if d.help.starts_with("front matter") {
                d.help = "the glossary is a YAML list: each entry starts with `- term: …` and has a `definition: …`".into();
            }
            vec![d]
        })?;
        let lines = entry_lines(text);
        let mut g = Glossary::default();
        let mut errors = Vec::new();
        for (i, r) in raw.into_iter().enumerate() {
            let line = lines.get(i).copied().unwrap_or(1);
            let id = r.id.clone().unwrap_or_else(|| slug(&r.term));
            if let Some(&prev) = g.by_id.get(&id) {
                errors.push(Diagnostic::error(file, line, 1, format!("the term `{}` is defined twice", r.term))
                    .help(format!("it is already defined on line {}; merge the two entries or give this one a different `id:`", g.terms[prev].line)));
                continue;
            }
            g.by_id.insert(id.clone(), g.terms.len());
            let plain = plain_text(&r.definition);
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
                    .map(|(_, _, w)| normalise(w))
                    .collect::<Vec<_>>()
                    .join(" ");
                if key.is_empty() {
                    continue;
                }
                match phrases.get(&key) {
                    Some(&j) if j != i => {
                        let other = &g.terms[j];
                        errors.push(Diagnostic::error(file, t.line, 1, format!("`{phrase}` (in the entry `{}`) is already used by the term `{}`", t.term, other.term))
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
                    errors.push(Diagnostic::error(file, t.line, 1, format!("`{}` refers in see-also to an unknown term id `{s}`", t.term))
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
                let words: Vec<String> = words(phrase)
                    .into_iter()
                    .map(|(_, _, w)| normalise(w))
                    .collect();
                if let Some(first) = words.first().cloned() {
                    self.matcher.entry(first).or_default().push((words, i));
                }
            }
        }
        for v in self.matcher.values_mut() {
            v.sort_by(|a, b| b.0.len().cmp(&a.0.len()));
        }
        if self.matcher.keys().all(|k| k.len() >= 2) {
            self.starts = vec![0; 1024];
            for k in self.matcher.keys() {
                let n = start_bits(k.as_bytes()[0], k.as_bytes()[1]);
                self.starts[n >> 6] |= 1 << (n & 63);
            }
        }
    }

    /// False only when `word` cannot normalise to any matcher key.
    fn may_start_term(&self, word: &str) -> bool {
        let b = word.as_bytes();
        // ASCII words of four bytes or more keep at least their first two bytes, lowered,
        // through `normalise` (it strips only endings); anything else is looked up.
        if self.starts.is_empty() || b.len() < 4 || !word.is_ascii() {
            return true;
        }
        let n = start_bits(b[0].to_ascii_lowercase(), b[1].to_ascii_lowercase());
        self.starts[n >> 6] & (1 << (n & 63)) != 0
    }

    /// Mentions in `text`, at most one per term, skipping terms `skip` says are done.
    pub fn find(&self, text: &str, skip: &mut dyn FnMut(usize) -> bool) -> Vec<Mention> {
        if self.matcher.is_empty() {
            return Vec::new();
        }
        let ws = words(text);
        let mut out = Vec::new();
        let (mut buf, mut next) = (String::new(), String::new());
        let mut i = 0;
        while i < ws.len() {
            let mut advanced = false;
            if !self.may_start_term(ws[i].2) {
                i += 1;
                continue;
            }
            normalise_into(ws[i].2, &mut buf);
            if let Some(cands) = self.matcher.get(buf.as_str()) {
                for (phrase, term) in cands {
                    if i + phrase.len() <= ws.len()
                        && phrase.iter().enumerate().skip(1).all(|(k, w)| {
                            normalise_into(ws[i + k].2, &mut next);
                            next == *w
                        })
                        && !skip(*term)
                    {
                        out.push(Mention {
                            start: ws[i].0,
                            end: ws[i + phrase.len() - 1].1,
                            term: *term,
                        });
                        i += phrase.len();
                        advanced = true;
                        break;
                    }
                }
            }
            if !advanced {
                i += 1;
            }
        }
        out
    }
}

fn start_bits(a: u8, b: u8) -> usize {
    (a as usize) << 8 | b as usize
}

/// Words with their byte ranges; hyphens and apostrophes inside a word belong to it.
fn words(text: &str) -> Vec<(usize, usize, &str)> {
    if text.is_ascii() {
        return ascii_words(text);
    }
    let mut out = Vec::new();
    let mut iter = text.char_indices().peekable();
    loop {
        while let Some(&(_, c)) = iter.peek() {
            if c.is_alphanumeric() {
                break;
            }
            iter.next();
        }
        let Some(&(start, _)) = iter.peek() else {
            return out;
        };
        let mut end = start;
        while let Some(&(i, c)) = iter.peek() {
            let joiner = matches!(c, '-' | '\'' | '’');
            if c.is_alphanumeric() || joiner {
                end = i + c.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let w = text[start..end].trim_end_matches(['-', '\'', '’']);
        out.push((start, start + w.len(), w));
    }
}

/// [`words`] for ASCII text, the bulk of an English manual: the same rules on bytes.
fn ascii_words(text: &str) -> Vec<(usize, usize, &str)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'-' | b'\'')) {
            i += 1;
        }
        let w = text[start..i].trim_end_matches(['-', '\'']);
        out.push((start, start + w.len(), w));
    }
    out
}

/// Lowercases and strips simple English inflections (possessive, plural) so "reflections"
/// and "reflection's" match "reflection".
pub fn normalise(word: &str) -> String {
    let mut w = String::with_capacity(word.len());
    normalise_into(word, &mut w);
    w
}

/// `normalise` into a reused buffer: called for every word of the book.
fn normalise_into(word: &str, w: &mut String) {
    w.clear();
    if word.is_ascii() {
        // Nearly every word: lower-case bytes without decoding chars.
        w.push_str(word);
        w.make_ascii_lowercase();
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

fn plain_text(md: &str) -> String {
    let mut s = String::new();
    for e in crate::markdown::parser(md) {
        match e {
            pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) => s.push_str(&t),
            pulldown_cmark::Event::SoftBreak | pulldown_cmark::Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
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

    const G: &str = "- term: change talk\n  aliases: [self-motivational statement]\n  definition: The client's *own* arguments for change.\n- term: discrepancy\n  definition: A gap.\n  see-also: [change-talk]\n";

    #[test]
    fn finds_first_mentions_with_plurals_and_aliases() {
        let g = Glossary::parse(G, Path::new("glossary.yml")).unwrap();
        let mut used = vec![false; 2];
        let text =
            "Discrepancies grow. Change talk and self-motivational statements; discrepancy again.";
        let ms = g.find(text, &mut |t| std::mem::replace(&mut used[t], true));
        let found: Vec<&str> = ms.iter().map(|m| &text[m.start..m.end]).collect();
        assert_eq!(found, ["Discrepancies", "Change talk"]);
        assert_eq!(g.terms[0].plain, "The client’s own arguments for change.");
    }

    #[test]
    fn ascii_words_split_like_the_general_rule() {
        for t in [
            "",
            "change talk",
            "self-motivational statement's--",
            "a'b' -c- x-'y 3.5kg",
            "  ...end",
        ] {
            // A non-ASCII word at the end forces the char-by-char path.
            let mixed = format!("{t} é");
            let mut general = words(&mixed);
            assert_eq!(general.pop().map(|w| w.2), Some("é"));
            assert_eq!(ascii_words(t), general, "{t:?}");
        }
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
}
