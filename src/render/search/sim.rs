//! A Rust mirror of search.js's query evaluation, for tests and for measuring
//! which files a query makes the browser load. Keep it in step with search.js:
//! same parsing, same chunk choice, same weights, same ranking.

use crate::render::search::chunks::{
    doc_chunk_name, facets_name, js_cmp, pos_chunk_name, word_chunk_name, Layout,
};
use crate::render::search::fuzzy;
use crate::render::search::index::Index;
use crate::render::search::tokenize::{fold, words};
use rustc_hash::{FxHashMap, FxHashSet};

/// Weight of an exact (or corrected, see [`fuzzy`]) match.
pub const W_EXACT: f64 = 1.0;
/// Weight of a prefix-completion match.
pub const W_PREFIX: f64 = 0.9;
/// Prefix completion only from this many word chunks (the rest of a wide prefix is skipped).
pub const PREFIX_CHUNKS: usize = 2;
/// The shortest last word that is completed as a prefix, in characters.
pub const MIN_PREFIX: usize = 2;
/// Results on the first page (search.js's `PAGE`), whose documents the browser loads.
pub const SHOWN: usize = 10;

/// What a query finds and what it costs the browser.
pub struct QueryResult {
    /// (doc id, score), best first.
    pub ranked: Vec<(u32, f64)>,
    /// Files the browser would load for this query (after index.js).
    pub files: Vec<String>,
    /// (typed word, shown correction) when the results are for corrected words.
    pub fixed: Vec<(String, String)>,
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

/// One query word as evaluated: its chunk, whether it is in a phrase, and its stems with
/// their weights.
struct Word {
    w: String,
    chunk: usize,
    phrase: bool,
    stems: Vec<(u32, f64)>,
}

/// Runs query `q` as search.js would against the index `idx` laid out as `lay`.
pub fn query(idx: &Index, lay: &Layout, q: &str) -> QueryResult {
    let mut files: Vec<String> = vec![facets_name(&lay.version)];
    let (mut ws, phrases) = exact_words(lay, q, &mut files);
    let mut ranked = rank(idx, lay, &ws, &phrases);
    let miss: Vec<usize> = (0..ws.len())
        .filter(|&i| ws[i].stems.is_empty() && !ws[i].phrase)
        .filter(|&i| fuzzy::tolerance(ws[i].w.chars().count()) > 0)
        .collect();
    let mut fixed = Vec::new();
    if ranked.is_empty() && !miss.is_empty() {
        let mut found = vec![Vec::new(); ws.len()];
        for &i in &miss {
            found[i] = corrections(lay, &ws[i], &mut files);
        }
        let sets = doc_sets(idx, lay, &ws, &found);
        for &i in &miss {
            let docs = |g: u32| {
                let ds = idx.postings_of(lay.stem_of_global[g as usize]);
                let others = |d: u32| (0..ws.len()).all(|k| k == i || sets[k].contains(&d));
                (ds.iter().filter(|p| others(p.doc)).count(), ds.len())
            };
            // Only the shown correction is searched for, as if typed.
            if let Some(best) = fuzzy::best(&found[i], docs) {
                let g = found[i].iter().find(|f| f.1 == best).map(|f| f.2);
                ws[i].stems = g.map(|g| (g, W_EXACT)).into_iter().collect();
                fixed.push((ws[i].w.clone(), best.to_string()));
            }
        }
        ranked = rank(idx, lay, &ws, &phrases);
        if ranked.is_empty() {
            fixed.clear();
        }
    }
    for &(d, _) in ranked.iter().take(SHOWN) {
        load(
            &mut files,
            doc_chunk_name(lay.doc_chunk_of(d), &lay.version),
        );
    }
    QueryResult {
        ranked,
        files,
        fixed,
    }
}

/// Per word, the docs having any of its stems or corrections.
fn doc_sets(
    idx: &Index,
    lay: &Layout,
    ws: &[Word],
    found: &[Vec<(usize, String, u32)>],
) -> Vec<FxHashSet<u32>> {
    ws.iter()
        .zip(found)
        .map(|(w, f)| {
            let stems = w.stems.iter().map(|s| s.0).chain(f.iter().map(|x| x.2));
            stems
                .flat_map(|g| idx.postings_of(lay.stem_of_global[g as usize]))
                .map(|p| p.doc)
                .collect()
        })
        .collect()
}

fn load(files: &mut Vec<String>, f: String) {
    if !files.contains(&f) {
        files.push(f)
    }
}

/// The first pass: exact words, and prefix completion of the last word being typed.
/// Returns the words and each phrase's stems (`u32::MAX` for a word not in the index).
fn exact_words(lay: &Layout, q: &str, files: &mut Vec<String>) -> (Vec<Word>, Vec<Vec<u32>>) {
    let v = &lay.version;
    let (terms, open_last) = parse(q);
    let nterms = terms.len();
    let mut out = Vec::new();
    let mut phrases: Vec<Vec<u32>> = Vec::new();
    for (ti, (ws, phrase)) in terms.iter().enumerate() {
        let mut phrase_stems = Vec::new();
        for (wi, w) in ws.iter().enumerate() {
            let c = lay.chunk_of(w);
            load(files, word_chunk_name(c, v));
            let mut stems: Vec<(u32, f64)> = Vec::new();
            if let Some(g) = lookup(lay, c, w) {
                stems.push((g, W_EXACT));
                load(files, word_chunk_name(lay.home_of_stem(g), v));
            }
            if *phrase {
                phrase_stems.push(stems.first().map(|s| s.0).unwrap_or(u32::MAX));
            }
            let is_prefix = !*phrase
                && ti + 1 == nterms
                && wi + 1 == ws.len()
                && open_last
                && w.chars().count() >= MIN_PREFIX;
            if is_prefix {
                complete(lay, w, c, &mut stems, files);
            }
            out.push(Word {
                w: w.clone(),
                chunk: c,
                phrase: *phrase,
                stems,
            });
        }
        if *phrase {
            for &g in &phrase_stems {
                if g != u32::MAX {
                    load(files, pos_chunk_name(lay.home_of_stem(g), v));
                }
            }
            phrases.push(phrase_stems);
        }
    }
    (out, phrases)
}

fn lookup(lay: &Layout, c: usize, w: &str) -> Option<u32> {
    lay.chunk_words[c]
        .binary_search_by(|(x, _)| js_cmp(x, w))
        .ok()
        .map(|i| lay.chunk_words[c][i].1)
}

/// Prefix completion over at most [`PREFIX_CHUNKS`] chunks, of stems homed in them.
fn complete(lay: &Layout, w: &str, c: usize, stems: &mut Vec<(u32, f64)>, files: &mut Vec<String>) {
    let hi = lay.chunk_of(&format!("{w}\u{ffff}"));
    let covered: Vec<usize> = (c..=hi.min(c + PREFIX_CHUNKS - 1)).collect();
    for &cc in &covered {
        load(files, word_chunk_name(cc, &lay.version));
    }
    for &cc in &covered {
        for (x, g) in &lay.chunk_words[cc] {
            if x.starts_with(w)
                && covered.contains(&lay.home_of_stem(*g))
                && !stems.iter().any(|s| s.0 == *g)
            {
                stems.push((*g, W_PREFIX));
            }
        }
    }
}

/// The second pass for a word that matched nothing: its closest words in the chunks around
/// its own (see [`fuzzy`]), and the chunks holding their postings.
fn corrections(lay: &Layout, w: &Word, files: &mut Vec<String>) -> Vec<(usize, String, u32)> {
    let span = fuzzy::span(w.chunk, lay.chunk_words.len());
    for c in span.clone() {
        load(files, word_chunk_name(c, &lay.version));
    }
    let words = span.flat_map(|c| lay.chunk_words[c].iter().map(|(x, g)| (x.as_str(), *g)));
    let found = fuzzy::nearest(&w.w, words);
    for (_, _, g) in &found {
        load(files, word_chunk_name(lay.home_of_stem(*g), &lay.version));
    }
    found
}

/// The words' docs (all words, AND) with their scores, best first.
fn rank(idx: &Index, lay: &Layout, ws: &[Word], phrases: &[Vec<u32>]) -> Vec<(u32, f64)> {
    let per_word: Vec<FxHashMap<u32, f64>> = ws
        .iter()
        .map(|w| {
            let mut m: FxHashMap<u32, f64> = FxHashMap::default();
            for &(g, wt) in &w.stems {
                for p in idx.postings_of(lay.stem_of_global[g as usize]) {
                    let s = m.entry(p.doc).or_insert(0.0);
                    *s = s.max(wt * p.impact as f64);
                }
            }
            m
        })
        .collect();
    let mut ranked: Vec<(u32, f64)> = Vec::new();
    if let Some((first, rest)) = per_word.split_first() {
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
    ranked
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
