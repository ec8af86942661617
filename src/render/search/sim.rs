//! A Rust mirror of search.js's query evaluation, for tests and for measuring
//! which files a query makes the browser load. Keep it in step with search.js:
//! same parsing, same chunk choice, same weights, same ranking.

use crate::render::search::chunks::{
    doc_chunk_name, facets_name, js_cmp, pos_chunk_name, word_chunk_name, Layout,
};
use crate::render::search::index::Index;
use crate::render::search::tokenize::{fold, words};
use rustc_hash::{FxHashMap, FxHashSet};

/// Weights of exact, prefix-completion and typo (edit distance 1) matches.
pub const W_EXACT: f64 = 1.0;
pub const W_PREFIX: f64 = 0.9;
pub const W_TYPO: f64 = 0.6;
/// Prefix completion only from this many word chunks (the rest of a wide prefix is skipped).
pub const PREFIX_CHUNKS: usize = 2;
pub const MIN_PREFIX: usize = 2;
pub const MIN_TYPO: usize = 5;
pub const SHOWN: usize = 10;

pub struct QueryResult {
    /// (doc id, score), best first.
    pub ranked: Vec<(u32, f64)>,
    /// Files the browser would load for this query (after index.js).
    pub files: Vec<String>,
}

/// Query terms: (folded words, is phrase). The last bare word may be a prefix.
pub fn parse(q: &str) -> (Vec<(Vec<String>, bool)>, bool) {
    let mut terms = Vec::new();
    for (i, part) in q.split('"').enumerate() {
        let ws: Vec<String> = words(part).map(fold).collect();
        if i % 2 == 1 && ws.len() > 1 {
            terms.push((ws, true));
        } else {
            terms.extend(ws.into_iter().map(|w| (vec![w], false)));
        }
    }
    let open_last = !q.ends_with(char::is_whitespace)
        && !q.ends_with('"')
        && q.matches('"').count().is_multiple_of(2);
    // A 1-letter word still being typed says nothing yet: ignore it.
    if open_last
        && terms.len() > 1
        && terms
            .last()
            .is_some_and(|t| !t.1 && t.0[0].chars().count() < MIN_PREFIX)
    {
        terms.pop();
    }
    (terms, open_last)
}

pub fn damerau1(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let p = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if a.len() == b.len() {
        a[p + 1..] == b[p + 1..]
            || (p + 1 < a.len() && a[p] == b[p + 1] && a[p + 1] == b[p] && a[p + 2..] == b[p + 2..])
    } else if a.len() > b.len() {
        a[p + 1..] == b[p..]
    } else {
        a[p..] == b[p + 1..]
    }
}

pub fn query(idx: &Index, lay: &Layout, q: &str) -> QueryResult {
    let v = &lay.version;
    let mut files: Vec<String> = vec![facets_name(v)];
    let load = |f: String, files: &mut Vec<String>| {
        if !files.contains(&f) {
            files.push(f)
        }
    };
    let (terms, open_last) = parse(q);
    let nterms = terms.len();
    let mut per_term: Vec<FxHashMap<u32, f64>> = Vec::new();
    let mut phrases: Vec<Vec<u32>> = Vec::new();
    let lookup = |c: usize, w: &str| {
        lay.chunk_words[c]
            .binary_search_by(|(x, _)| js_cmp(x, w))
            .ok()
            .map(|i| lay.chunk_words[c][i].1)
    };
    for (ti, (ws, phrase)) in terms.iter().enumerate() {
        let mut phrase_stems = Vec::new();
        for (wi, w) in ws.iter().enumerate() {
            let c = lay.chunk_of(w);
            load(word_chunk_name(c, v), &mut files);
            let mut stems: Vec<(u32, f64)> = Vec::new();
            if let Some(g) = lookup(c, w) {
                stems.push((g, W_EXACT));
                load(word_chunk_name(lay.home_of_stem(g), v), &mut files);
            }
            if *phrase {
                phrase_stems.push(stems.first().map(|s| s.0).unwrap_or(u32::MAX));
            }
            let is_prefix = !*phrase
                && ti + 1 == nterms
                && wi + 1 == ws.len()
                && open_last
                && w.chars().count() >= MIN_PREFIX;
            let mut covered: Vec<usize> = Vec::new();
            if is_prefix {
                let hi = lay.chunk_of(&format!("{w}\u{ffff}"));
                for cc in c..=hi.min(c + PREFIX_CHUNKS - 1) {
                    covered.push(cc);
                    load(word_chunk_name(cc, v), &mut files);
                }
                for &cc in &covered {
                    for (x, g) in &lay.chunk_words[cc] {
                        if x.starts_with(w.as_str())
                            && covered.contains(&lay.home_of_stem(*g))
                            && !stems.iter().any(|s| s.0 == *g)
                        {
                            stems.push((*g, W_PREFIX));
                        }
                    }
                }
            }
            if stems.is_empty() && w.chars().count() >= MIN_TYPO {
                for (x, g) in &lay.chunk_words[c] {
                    if lay.home_of_stem(*g) == c
                        && damerau1(w, x)
                        && !stems.iter().any(|s| s.0 == *g)
                    {
                        stems.push((*g, W_TYPO));
                    }
                }
            }
            let mut m: FxHashMap<u32, f64> = FxHashMap::default();
            for (g, wt) in stems {
                for p in idx.postings_of(lay.stem_of_global[g as usize]) {
                    let s = m.entry(p.doc).or_insert(0.0);
                    *s = s.max(wt * p.impact as f64);
                }
            }
            per_term.push(m);
        }
        if *phrase {
            for &g in &phrase_stems {
                if g != u32::MAX {
                    load(pos_chunk_name(lay.home_of_stem(g), v), &mut files);
                }
            }
            phrases.push(phrase_stems);
        }
    }
    let mut ranked: Vec<(u32, f64)> = Vec::new();
    if let Some((first, rest)) = per_term.split_first() {
        for (&d, &s) in first {
            let mut total = s;
            if rest.iter().all(|m| m.get(&d).map(|x| total += x).is_some())
                && phrases.iter().all(|ph| phrase_in(idx, lay, ph, d))
            {
                ranked.push((d, total));
            }
        }
    }
    ranked.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap().then(a.0.cmp(&b.0)));
    for &(d, _) in ranked.iter().take(SHOWN) {
        load(doc_chunk_name(lay.doc_chunk_of(d), v), &mut files);
    }
    QueryResult { ranked, files }
}

/// Does doc `d` contain the stems `ph` at consecutive positions?
fn phrase_in(idx: &Index, lay: &Layout, ph: &[u32], d: u32) -> bool {
    if ph.contains(&u32::MAX) {
        return false;
    }
    let lists: Vec<FxHashSet<u32>> = ph
        .iter()
        .map(|&g| {
            let st = lay.stem_of_global[g as usize];
            let pl = idx.postings_of(st);
            match pl.binary_search_by_key(&d, |p| p.doc) {
                Ok(i) => idx.posting_positions(st, i).iter().copied().collect(),
                Err(_) => FxHashSet::default(),
            }
        })
        .collect();
    lists[0].iter().any(|&p| {
        lists
            .iter()
            .enumerate()
            .all(|(k, l)| l.contains(&(p + k as u32)))
    })
}

/// Total bytes of `names` among `files`.
pub fn bytes_of(files: &[(String, Vec<u8>)], names: &[String]) -> usize {
    files
        .iter()
        .filter(|f| names.contains(&f.0))
        .map(|f| f.1.len())
        .sum()
}
