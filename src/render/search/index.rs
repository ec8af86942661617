//! The in-memory inverted index: surface words → stems → postings with
//! precomputed BM25F impacts and token positions.
//!
//! Why impacts: every BM25F input (tf per field, field lengths, df, N) is known
//! at build time, so each posting stores its final per-term score quantized to
//! 1..=1023. The browser just sums them; it needs no doc lengths, which keeps
//! the bootstrap file tiny. Single pass over the tokens, one hash lookup per
//! token (keyed by the borrowed raw token), no quadratic work.

use crate::render::search::tokenize::{each_word, fold, WordStemmer};
use crate::render::search::SearchDoc;
use rustc_hash::FxHashMap;

/// BM25F parameters. Titles are a separate field with their own weight so a
/// heading hit beats a body hit; b is lower for titles (they are all short).
pub(crate) const K1: f64 = 1.2;
pub(crate) const B_BODY: f64 = 0.75;
pub(crate) const B_TITLE: f64 = 0.5;
pub(crate) const W_HEADING: f64 = 5.0;
pub(crate) const W_LABEL: f64 = 2.0;
/// Largest quantized impact (fits two base-32 varint digits).
pub(crate) const MAX_IMPACT: u32 = 1023;

#[derive(Clone, Copy, Debug)]
pub struct Posting {
    pub doc: u32,
    pub impact: u16,
    /// Number of positions of this posting in the stem's `positions` vector.
    pub npos: u32,
    /// How many of them are in the title (capped), for scoring.
    pub title_tf: u16,
}

/// A stem's tokens so far, and the last doc it was seen in (to count postings).
struct StemTally {
    tokens: u32,
    last_doc: u32,
}

/// A book's tokens from [`Index::tokenize`].
struct Tokens {
    /// Each token's stem, doc after doc.
    stems: Vec<u32>,
    /// One past each doc's last token.
    doc_end: Vec<usize>,
    /// Each doc's (title, body) token counts.
    lens: Vec<(u32, u32)>,
    /// Per stem.
    per_stem: Vec<StemTally>,
    /// Distinct (stem, doc) pairs: the postings to come.
    postings: usize,
}

pub struct Surface {
    pub word: String,
    pub stem: u32,
    /// Occurrences in the corpus (decides the stem's home chunk).
    pub count: u32,
}

pub struct Index {
    pub n_docs: u32,
    pub stems: Vec<String>,
    pub surfaces: Vec<Surface>,
    /// All postings grouped by stem (ascending doc ids within a stem);
    /// stem t owns `postings[post_start[t]..post_start[t+1]]`.
    pub postings: Vec<Posting>,
    pub post_start: Vec<u32>,
    /// All positions grouped by stem, then posting, ascending within a posting.
    /// Title tokens are 0..t, body tokens start at t+1: the gap keeps phrases
    /// from spanning the two fields.
    pub positions: Vec<u32>,
    pub pos_start: Vec<u32>,
    pub avg_title: f64,
    pub avg_body: f64,
    pub stemming: bool,
    pub warnings: Vec<String>,
    /// Weight of a heading match (`[output.html.search] boost-title`, see `title_weight`).
    pub w_heading: f64,
}

/// The heading weight for mdBook's `boost-title` (default 2, against 1 for text), scaled so
/// mdBook's default gives metbook's own tuning.
pub(crate) fn title_weight(boost_title: Option<u32>) -> f64 {
    boost_title.map_or(W_HEADING, |b| W_HEADING * f64::from(b) / 2.0)
}

/// Raw token → surface id, the one look-up made for every token of the book. Tokens of up
/// to 15 bytes, nearly all of them, are keyed by their bytes packed into an integer with
/// the length in it (so the packing is one-to-one): hashing and comparing that takes a
/// few instructions, where a string key costs a byte-wise hash and a `memcmp`. Words of up
/// to seven bytes, most of a text, are packed into a `u64` a byte at a time, without the
/// call to `memcpy` that copying into a key buffer costs.
#[derive(Default)]
struct RawIds<'a> {
    short: FxHashMap<u64, u32>,
    mid: FxHashMap<u128, u32>,
    long: FxHashMap<&'a str, u32>,
}

impl<'a> RawIds<'a> {
    /// The id of `tok`, made by `make` on its first sighting.
    fn get_or_insert(&mut self, tok: &'a str, make: impl FnOnce() -> u32) -> u32 {
        let b = tok.as_bytes();
        match b.len() {
            0..=7 => {
                // The length in the low three bits, then a byte per shift.
                let key = b.iter().fold(b.len() as u64, |k, &c| k << 8 | u64::from(c));
                *self.short.entry(key).or_insert_with(make)
            }
            8..=15 => {
                let mut key = [0u8; 16];
                key[..b.len()].copy_from_slice(b);
                key[15] = b.len() as u8;
                *self
                    .mid
                    .entry(u128::from_le_bytes(key))
                    .or_insert_with(make)
            }
            _ => *self.long.entry(tok).or_insert_with(make),
        }
    }
}

impl Index {
    pub fn build(docs: &[SearchDoc], language: &str) -> Index {
        Self::build_with(docs, language, W_HEADING)
    }

    pub fn build_with(docs: &[SearchDoc], language: &str, w_heading: f64) -> Index {
        let (stemmer, warn) = WordStemmer::new(language);
        let mut ix = Index {
            n_docs: docs.len() as u32,
            stems: Vec::with_capacity(16 * 1024),
            surfaces: Vec::with_capacity(32 * 1024),
            postings: Vec::new(),
            post_start: Vec::new(),
            positions: Vec::new(),
            pos_start: Vec::new(),
            avg_title: 0.0,
            w_heading,
            avg_body: 0.0,
            stemming: stemmer.is_stemming(),
            warnings: warn.into_iter().collect(),
        };
        let toks = ix.tokenize(docs, &stemmer);
        let (start, sorted_doc) = ix.sort_by_stem(&toks);
        ix.group_postings(&start, &sorted_doc, &toks.lens, toks.postings);
        ix.score(docs, &toks.lens);
        ix
    }

    /// One pass over every word of `docs`: each token's stem, in document order.
    fn tokenize(&mut self, docs: &[SearchDoc], stemmer: &WordStemmer) -> Tokens {
        let total_chars: usize = docs.iter().map(|d| d.title.len() + d.body.len()).sum();
        // raw token (borrowed from docs) → surface id; most tokens hit here.
        let mut raw = RawIds::default();
        let mut by_surface: FxHashMap<String, u32> = FxHashMap::default();
        let mut by_stem: FxHashMap<String, u32> = FxHashMap::default();
        let mut t = Tokens {
            stems: Vec::with_capacity(total_chars / 5 + 16),
            doc_end: Vec::with_capacity(docs.len()),
            lens: Vec::with_capacity(docs.len()),
            per_stem: Vec::with_capacity(16 * 1024),
            postings: 0,
        };
        for (d, doc) in docs.iter().enumerate() {
            let mut pos = 0u32;
            let mut title_len = 0u32;
            for (field, text) in [(0, doc.title.as_str()), (1, doc.body.as_str())] {
                if field == 1 {
                    title_len = pos;
                    pos += 1; // the gap
                }
                each_word(text, |tok| {
                    let sid = raw.get_or_insert(tok, || {
                        self.intern(tok, stemmer, &mut by_surface, &mut by_stem, &mut t.per_stem)
                    });
                    let surf = &mut self.surfaces[sid as usize];
                    surf.count += 1;
                    let stem = &mut t.per_stem[surf.stem as usize];
                    stem.tokens += 1;
                    if stem.last_doc != d as u32 {
                        stem.last_doc = d as u32;
                        t.postings += 1;
                    }
                    t.stems.push(surf.stem);
                    pos += 1;
                });
            }
            t.lens.push((title_len, pos - title_len - 1));
            t.doc_end.push(t.stems.len());
        }
        t
    }

    /// Counting sort of the tokens by stem (stable, so doc and position order are kept):
    /// each stem's first slot, and the doc of every slot. The positions go straight into
    /// `self.positions`; a pair array beside them would add a third to the peak memory.
    fn sort_by_stem(&mut self, t: &Tokens) -> (Vec<u32>, Vec<u32>) {
        let mut start = Vec::with_capacity(t.per_stem.len() + 1);
        let mut acc = 0u32;
        for s in &t.per_stem {
            start.push(acc);
            acc += s.tokens;
        }
        start.push(acc);
        let mut fill = start.clone();
        let mut sorted_doc: Vec<u32> = vec![0; t.stems.len()];
        self.positions = vec![0; t.stems.len()];
        let (mut d, mut doc_start) = (0usize, 0usize);
        for (k, &st) in t.stems.iter().enumerate() {
            while k >= t.doc_end[d] {
                doc_start = t.doc_end[d];
                d += 1;
            }
            // Title tokens are 0..t, body tokens start at t+1 (after the gap).
            let nth = (k - doc_start) as u32;
            let p = if nth < t.lens[d].0 { nth } else { nth + 1 };
            let f = &mut fill[st as usize];
            sorted_doc[*f as usize] = d as u32;
            self.positions[*f as usize] = p;
            *f += 1;
        }
        self.pos_start = start.clone();
        (start, sorted_doc)
    }

    /// Each stem's run of slots grouped by doc: one posting per (stem, doc), with its
    /// token and title-token counts. `n` is their number, counted while tokenizing, so
    /// the postings are allocated once.
    fn group_postings(&mut self, start: &[u32], sorted_doc: &[u32], lens: &[(u32, u32)], n: usize) {
        self.postings.reserve_exact(n);
        self.post_start.reserve_exact(start.len());
        for w in start.windows(2) {
            self.post_start.push(self.postings.len() as u32);
            let range = w[0] as usize..w[1] as usize;
            let (run, pos) = (&sorted_doc[range.clone()], &self.positions[range]);
            let mut i = 0;
            while i < run.len() {
                let d = run[i];
                let (tl, j0) = (lens[d as usize].0, i);
                let mut tt = 0u32;
                while i < run.len() && run[i] == d {
                    tt += u32::from(pos[i] < tl);
                    i += 1;
                }
                self.postings.push(Posting {
                    doc: d,
                    impact: 0,
                    npos: (i - j0) as u32,
                    title_tf: tt.min(u16::MAX as u32) as u16,
                });
            }
        }
        self.post_start.push(self.postings.len() as u32);
    }

    pub fn postings_of(&self, stem: u32) -> &[Posting] {
        &self.postings
            [self.post_start[stem as usize] as usize..self.post_start[stem as usize + 1] as usize]
    }

    /// All positions of `stem`, posting after posting (`npos` each).
    pub fn positions_of(&self, stem: u32) -> &[u32] {
        &self.positions
            [self.pos_start[stem as usize] as usize..self.pos_start[stem as usize + 1] as usize]
    }

    /// First sighting of a raw token: fold it, find or create its surface word
    /// and stem. A surface word keeps the stem of its first raw form, so the
    /// browser's surface → stem lookup is a function.
    fn intern(
        &mut self,
        tok: &str,
        stemmer: &WordStemmer,
        by_surface: &mut FxHashMap<String, u32>,
        by_stem: &mut FxHashMap<String, u32>,
        per_stem: &mut Vec<StemTally>,
    ) -> u32 {
        let folded = fold(tok);
        if let Some(&s) = by_surface.get(&folded) {
            return s;
        }
        let stem_str = stemmer.stem(tok);
        let stem = match by_stem.get(&stem_str) {
            Some(&t) => t,
            None => {
                let t = self.stems.len() as u32;
                self.stems.push(stem_str.clone());
                per_stem.push(StemTally {
                    tokens: 0,
                    last_doc: u32::MAX,
                });
                by_stem.insert(stem_str, t);
                t
            }
        };
        let s = self.surfaces.len() as u32;
        self.surfaces.push(Surface {
            word: folded.clone(),
            stem,
            count: 0,
        });
        by_surface.insert(folded, s);
        s
    }

    /// BM25F with per-field length normalisation, quantized to 1..=MAX_IMPACT.
    /// The scale is the largest possible idf, so impacts are comparable across
    /// terms and summing them in JS equals summing real BM25F scores (±0.1%).
    fn score(&mut self, docs: &[SearchDoc], lens: &[(u32, u32)]) {
        let n = self.n_docs.max(1) as f64;
        let (st, sb) = lens
            .iter()
            .fold((0u64, 0u64), |a, l| (a.0 + l.0 as u64, a.1 + l.1 as u64));
        self.avg_title = (st as f64 / n).max(1.0);
        self.avg_body = (sb as f64 / n).max(1.0);
        let max_idf = (1.0 + (n - 1.0 + 0.5) / 1.5).ln().max(1e-9);
        // Per-doc length normalisers once, not per posting.
        let norm: Vec<(f64, f64)> = lens
            .iter()
            .zip(docs)
            .map(|(&(lt, lb), doc)| {
                let w_t = if doc.heading { self.w_heading } else { W_LABEL };
                (
                    w_t / (1.0 - B_TITLE + B_TITLE * lt as f64 / self.avg_title),
                    1.0 / (1.0 - B_BODY + B_BODY * lb as f64 / self.avg_body),
                )
            })
            .collect();
        for w in self.post_start.windows(2) {
            let plist = &mut self.postings[w[0] as usize..w[1] as usize];
            let df = plist.len() as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            let scale = idf / max_idf * MAX_IMPACT as f64;
            for p in plist.iter_mut() {
                let tt = p.title_tf;
                let tb = (p.npos - u32::from(tt)).min(u16::MAX as u32) as u16;
                let (a, b) = norm[p.doc as usize];
                let tf = a * tt as f64 + b * tb as f64;
                p.impact = ((scale * tf / (K1 + tf)).round() as u32).clamp(1, MAX_IMPACT) as u16;
            }
        }
    }

    /// Positions of posting `i` of `stem` (linear scan of the counts: only
    /// used by tests and the simulator; the JS decodes the string form).
    pub fn posting_positions(&self, stem: u32, i: usize) -> &[u32] {
        let pl = self.postings_of(stem);
        let start: usize = pl[..i].iter().map(|p| p.npos as usize).sum();
        &self.positions_of(stem)[start..start + pl[i].npos as usize]
    }
}
