//! Per-document files: doc metadata chunks (title, url, crumbs, excerpt) and
//! the facet doc sets used for filter counts.

use crate::render::search::chunks::{push_json_str, put_varint, DOC_CHUNK_TARGET, EXCERPT_CHARS};
use crate::render::search::space::words;
use crate::render::search::{DocKind, SearchDoc};

/// Hands each doc chunk I to `put(I, content)`; returns (first doc of each chunk + n,
/// chunk count). Each body is already its excerpt (see `search::cut_to_excerpts`).
pub(crate) fn write_docs(
    docs: &[SearchDoc],
    put: &mut dyn FnMut(usize, String),
) -> (Vec<u32>, usize) {
    let mut doc_start = vec![0u32];
    let mut cur = String::new();
    let mut ndc = 0usize;
    let mut flush = |cur: &mut String, ndc: &mut usize| {
        let body = format!("metbookSearch.addDocs({},[{}]);\n", *ndc, cur);
        put(*ndc, body);
        *ndc += 1;
        cur.clear();
    };
    for (d, doc) in docs.iter().enumerate() {
        if !cur.is_empty() {
            cur.push(',');
        }
        cur.push('[');
        push_json_str(&mut cur, &doc.url);
        cur.push(',');
        push_json_str(&mut cur, &doc.title);
        cur.push_str(",[");
        for (i, b) in doc.breadcrumbs.iter().enumerate() {
            if i > 0 {
                cur.push(',');
            }
            push_json_str(&mut cur, b);
        }
        cur.push_str("],");
        push_json_str(&mut cur, &doc.body);
        cur.push(',');
        let kind = DocKind::ALL.iter().position(|k| *k == doc.kind).unwrap();
        cur.push(char::from(b'0' + kind as u8));
        cur.push(']');
        if cur.len() >= DOC_CHUNK_TARGET {
            flush(&mut cur, &mut ndc);
            doc_start.push(d as u32 + 1);
        }
    }
    if !cur.is_empty() || ndc == 0 {
        flush(&mut cur, &mut ndc);
        doc_start.push(docs.len() as u32);
    }
    (doc_start, ndc)
}

/// Facet group → value → ascending doc ids.
pub(crate) type Facets = Vec<(String, Vec<(String, Vec<u32>)>)>;

/// The facets of `docs`: "kind" first, then groups in order of first use.
pub(crate) fn facet_sets(docs: &[SearchDoc]) -> Facets {
    let mut facets: Facets = vec![("kind".into(), Vec::new())];
    for (d, doc) in docs.iter().enumerate() {
        let kind = std::iter::once(("kind", doc.kind.as_str()));
        for (g, v) in kind.chain(doc.facets.iter().map(|(g, v)| (g.as_str(), v.as_str()))) {
            let gi = match facets.iter().position(|f| f.0 == g) {
                Some(i) => i,
                None => {
                    facets.push((g.to_string(), Vec::new()));
                    facets.len() - 1
                }
            };
            let vals = &mut facets[gi].1;
            let vi = match vals.iter().position(|x| x.0 == v) {
                Some(i) => i,
                None => {
                    vals.push((v.to_string(), Vec::new()));
                    vals.len() - 1
                }
            };
            let list = &mut vals[vi].1;
            if list.last() != Some(&(d as u32)) {
                list.push(d as u32);
            }
        }
    }
    facets
}

/// Runs of consecutive doc ids: chapters and dialogues are contiguous, so this
/// is far smaller than a list.
pub(crate) fn runs(list: &[u32]) -> String {
    let mut s = String::new();
    let mut i = 0;
    let mut end = 0u32; // one past the previous run
    while i < list.len() {
        let start = list[i];
        let mut j = i;
        while j + 1 < list.len() && list[j + 1] == list[j] + 1 {
            j += 1;
        }
        put_varint(&mut s, start - end);
        put_varint(&mut s, (j - i) as u32);
        end = list[j] + 1;
        i = j + 1;
    }
    s
}

/// Characters in a word, counted cheaply for ASCII.
fn width(w: &str) -> usize {
    if w.is_ascii() {
        w.len()
    } else {
        w.chars().count()
    }
}

/// First ~EXCERPT_CHARS chars of the body, whitespace collapsed, cut at a word.
pub(crate) fn excerpt(body: &str) -> String {
    let mut out = String::with_capacity(EXCERPT_CHARS + 8);
    if !ascii_excerpt_into(body, &mut out) {
        out.clear();
        excerpt_into(body, &mut out);
    }
    out
}

/// [`excerpt_into`] a byte at a time, for a body whose excerpt is ASCII (most of an
/// English book's): false, with `out` unfinished, at the first other byte it reads.
fn ascii_excerpt_into(body: &str, out: &mut String) -> bool {
    let b = body.as_bytes();
    let space = |c: u8| c == b' ' || (b'\t'..=b'\r').contains(&c);
    let (mut n, mut i) = (0, 0);
    loop {
        while i < b.len() && space(b[i]) {
            i += 1;
        }
        if i == b.len() {
            return true;
        }
        let start = i;
        while i < b.len() && !space(b[i]) {
            if b[i] >= 0x80 {
                return false;
            }
            i += 1;
        }
        let w = &body[start..i];
        if n + w.len() + 1 > EXCERPT_CHARS {
            if n == 0 {
                out.push_str(&w[..EXCERPT_CHARS]);
            }
            out.push('…');
            return true;
        }
        if n > 0 {
            out.push(' ');
            n += 1;
        }
        out.push_str(w);
        n += w.len();
    }
}

/// [`excerpt`] appended to `out`.
fn excerpt_into(body: &str, out: &mut String) {
    let mut n = 0;
    for w in words(body) {
        let wl = width(w);
        if n + wl + 1 > EXCERPT_CHARS {
            if n == 0 {
                out.extend(w.chars().take(EXCERPT_CHARS));
            }
            out.push('…');
            return;
        }
        if n > 0 {
            out.push(' ');
            n += 1;
        }
        out.push_str(w);
        n += wl;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_cut_at_a_word_and_marked() {
        let long = "word ".repeat(200);
        let e = excerpt(&long);
        assert!(e.ends_with("word…"), "{e}");
        assert!(e.chars().count() <= EXCERPT_CHARS + 1);
        assert_eq!(excerpt("  short\n body "), "short body");
        let giant = "x".repeat(EXCERPT_CHARS + 10);
        assert_eq!(excerpt(&giant).chars().count(), EXCERPT_CHARS + 1);
    }

    #[test]
    fn the_ascii_excerpt_is_the_excerpt() {
        let alphabet = "ab \t\n\u{b}\u{c}\r\u{1f}cd efgh ij\u{a0}é";
        let words = ["word ", "a\n", "longerword\t", "é ", "x"];
        let mut tried = 0;
        for (k, s) in
            crate::text::random_texts(alphabet, 40, 0x2545_F491_4F6C_DD1D, 5_000).enumerate()
        {
            // Long texts too, so some are cut.
            let body = s.repeat(1 + k % 30) + words[k % words.len()];
            let mut slow = String::new();
            excerpt_into(&body, &mut slow);
            let mut fast = String::new();
            if ascii_excerpt_into(&body, &mut fast) {
                assert_eq!(fast, slow, "{body:?}");
                tried += 1;
            }
            assert_eq!(excerpt(&body), slow, "{body:?}");
        }
        assert!(tried > 1_000, "only {tried} ASCII excerpts");
    }
}
