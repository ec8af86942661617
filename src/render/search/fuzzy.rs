//! Query-side typo correction, shared by the test mirror (`sim`) and the download probe
//! (`examples/search_queries.rs`); themes/default/js/search.js does the same in the browser.
//!
//! A word that matches nothing is corrected to the surface words within its tolerance
//! (insertions, deletions, substitutions and swaps all count as one edit), looked for in its
//! own word chunk and `FUZZY_SPAN` chunks either side: a typo after the first letters sorts
//! next to the word meant, so a few neighbouring chunks are enough and the download stays
//! small. Only the closest candidates are kept, at most `MAX_FIXES` stems.

use crate::text::typo_distance;

/// Word chunks searched on each side of a mistyped word's own chunk.
pub const FUZZY_SPAN: usize = 1;
/// Stems a mistyped word may be corrected to.
pub const MAX_FIXES: usize = 8;

/// Edits a word of `len` characters may be off by: none below 5 letters (too many short
/// words are one edit apart), one up to 8, two from 9 ("reflectve" → "reflective").
pub fn tolerance(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// The chunks a correction of a word in chunk `c` is looked for in (of `n` chunks).
pub fn span(c: usize, n: usize) -> std::ops::RangeInclusive<usize> {
    c.saturating_sub(FUZZY_SPAN)..=(c + FUZZY_SPAN).min(n.saturating_sub(1))
}

/// (distance, surface word, stem) of the closest `candidates` to `w`, one per stem, ordered
/// by word, at most [`MAX_FIXES`]; empty when none is within the tolerance.
pub fn nearest<'a>(
    w: &str,
    candidates: impl IntoIterator<Item = (&'a str, u32)>,
) -> Vec<(usize, String, u32)> {
    let n = w.chars().count();
    let tol = tolerance(n);
    let mut all: Vec<(usize, &str, u32)> = candidates
        .into_iter()
        .filter(|(x, _)| *x != w && x.chars().count().abs_diff(n) <= tol)
        .map(|(x, g)| (typo_distance(w, x), x, g))
        .filter(|(d, _, _)| *d <= tol)
        .collect();
    // Like JS's `<` on strings; the words are distinct, so the order is total.
    all.sort_by(|a, b| a.0.cmp(&b.0).then(super::chunks::js_cmp(a.1, b.1)));
    let mut out: Vec<(usize, String, u32)> = Vec::new();
    for (d, x, g) in &all {
        if *d == all[0].0 && out.len() < MAX_FIXES && !out.iter().any(|o| o.2 == *g) {
            out.push((*d, x.to_string(), *g));
        }
    }
    out
}

/// The word shown in "Showing results for …": of the closest words, the one whose stem is
/// found most often with the query's other words, then in the most documents (the first of
/// those in word order). `docs` gives a stem's (documents with the other words, documents).
pub fn best(found: &[(usize, String, u32)], docs: impl Fn(u32) -> (usize, usize)) -> Option<&str> {
    let mut best: Option<(&str, (usize, usize))> = None;
    for (_, x, g) in found {
        let n = docs(*g);
        if best.is_none_or(|b| n > b.1) {
            best = Some((x, n));
        }
    }
    best.map(|b| b.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerance_grows_with_length() {
        assert_eq!(tolerance(4), 0);
        assert_eq!(tolerance(5), 1);
        assert_eq!(tolerance(8), 1);
        assert_eq!(tolerance(9), 2);
    }

    #[test]
    fn deletions_insertions_substitutions_and_swaps_are_alike() {
        let words = [("reflect", 0), ("reflective", 1), ("reflex", 2)];
        for typo in ["refletive", "reflecctive", "reflectove", "reflcetive"] {
            let found = nearest(typo, words);
            assert_eq!(found.len(), 1, "{typo}: {found:?}");
            assert_eq!(found[0].1, "reflective", "{typo}");
        }
    }

    #[test]
    fn only_the_closest_are_kept_one_per_stem() {
        let words = [("listening", 7), ("listens", 7), ("listing", 8)];
        // "listning" is one edit from "listening" and "listing", two from "listens".
        let found = nearest("listning", words);
        let got: Vec<&str> = found.iter().map(|f| f.1.as_str()).collect();
        assert_eq!(got, ["listening", "listing"]);
        let docs = |g| if g == 7 { 40 } else { 3 };
        assert_eq!(best(&found, |g| (1, docs(g))), Some("listening"));
        // Found more often with the other words wins over more documents.
        assert_eq!(
            best(&found, |g| (usize::from(g == 8), docs(g))),
            Some("listing")
        );
        assert!(nearest("xyzzy", words).is_empty());
        assert!(
            nearest("lis", words).is_empty(),
            "short words are not corrected"
        );
    }

    #[test]
    fn span_stays_inside_the_chunks() {
        assert_eq!(span(0, 5), 0..=1);
        assert_eq!(span(4, 5), 3..=4);
        assert_eq!(span(0, 1), 0..=0);
    }
}
