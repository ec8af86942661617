//! Where the words go: the index's surface words in the browser's sort order, split into
//! chunks of about [`WORD_CHUNK_TARGET`] bytes, each stem homed in the chunk of its most
//! frequent surface word and numbered in chunk order (see chunks.rs for the files).

use crate::render::search::chunks::{js_cmp, WORD_CHUNK_TARGET};
use crate::render::search::encode::varint_len;
use crate::render::search::index::Index;
use std::cmp::Ordering;

/// Where everything landed; used by the simulator and tests.
pub struct Layout {
    /// The index's version, in every file name so a new build never mixes with a cached one.
    pub version: String,
    /// Separator that starts chunk i+1.
    pub separators: Vec<String>,
    /// Per word chunk: (surface word, global stem id), sorted.
    pub chunk_words: Vec<Vec<(String, u32)>>,
    /// First global stem id of each word chunk, plus the total at the end.
    pub stem_start: Vec<u32>,
    /// Global (chunk-ordered) stem id → index stem id.
    pub stem_of_global: Vec<u32>,
    /// First doc id of each doc chunk, plus n at the end.
    pub doc_start: Vec<u32>,
    /// Facet group → value → sorted doc ids.
    pub facets: super::docs::Facets,
}

impl Layout {
    /// Chunk holding `word` (or where it would be).
    pub fn chunk_of(&self, word: &str) -> usize {
        self.separators
            .partition_point(|s| js_cmp(s, word) != Ordering::Greater)
    }
    /// The word chunk holding global stem id `g`.
    pub fn home_of_stem(&self, g: u32) -> usize {
        self.stem_start.partition_point(|&s| s <= g) - 1
    }
    /// The document chunk holding document `doc`.
    pub fn doc_chunk_of(&self, doc: u32) -> usize {
        self.doc_start.partition_point(|&s| s <= doc) - 1
    }
}

/// The word side of a [`Layout`], planned before any file is written.
pub(crate) struct WordPlan {
    /// Surface word ids in sorted order.
    pub(crate) order: Vec<u32>,
    /// Where in `order` each chunk starts.
    firsts: Vec<usize>,
    /// Index stem id → global (chunk-ordered) stem id.
    pub(crate) global: Vec<u32>,
    /// Global stem id → index stem id.
    pub stem_of_global: Vec<u32>,
    /// First global stem id of each chunk, plus the total at the end.
    pub stem_start: Vec<u32>,
    /// The shortest prefix of each chunk's first word that sorts after the previous chunk.
    pub separators: Vec<String>,
}

impl WordPlan {
    /// Word chunks in all.
    pub(crate) fn chunks(&self) -> usize {
        self.firsts.len()
    }

    /// Positions in `order` of chunk `c`'s words.
    pub(crate) fn words_of(&self, c: usize) -> std::ops::Range<usize> {
        self.firsts[c]..self.firsts.get(c + 1).copied().unwrap_or(self.order.len())
    }
}

/// Plans the word chunks of `idx`.
pub(crate) fn plan_words(idx: &Index) -> WordPlan {
    let order = sorted_surfaces(idx);
    let home = home_words(idx, &order);
    let (firsts, chunk_of_surface) = split(idx, &order, &home);
    let (global, stem_of_global, stem_start) =
        number_stems(idx, &order, &home, &chunk_of_surface, firsts.len());
    let separators = separators(idx, &order, &firsts);
    WordPlan {
        order,
        firsts,
        global,
        stem_of_global,
        stem_start,
        separators,
    }
}

/// Surface word ids sorted like JavaScript sorts strings.
fn sorted_surfaces(idx: &Index) -> Vec<u32> {
    let mut keyed: Vec<(&str, u32)> = idx
        .surfaces
        .iter()
        .enumerate()
        .map(|(i, s)| (s.word.as_str(), i as u32))
        .collect();
    keyed.sort_unstable_by(|a, b| js_cmp(a.0, b.0));
    keyed.into_iter().map(|k| k.1).collect()
}

/// Each stem's home word: its most frequent surface form (the first in order on a tie).
fn home_words(idx: &Index, order: &[u32]) -> Vec<u32> {
    let mut home = vec![u32::MAX; idx.stems.len()];
    for &s in order {
        let sf = &idx.surfaces[s as usize];
        let h = &mut home[sf.stem as usize];
        if *h == u32::MAX || idx.surfaces[*h as usize].count < sf.count {
            *h = s;
        }
    }
    home
}

/// Greedy split of the sorted words by their estimated serialized size (a word, and the
/// postings of the stem it is home to): where each chunk starts in `order`, and each
/// surface word's chunk.
fn split(idx: &Index, order: &[u32], home: &[u32]) -> (Vec<usize>, Vec<u32>) {
    let mut chunk_of_surface = vec![0u32; idx.surfaces.len()];
    let mut firsts: Vec<usize> = vec![0];
    let mut size = 0usize;
    for (k, &s) in order.iter().enumerate() {
        if size >= WORD_CHUNK_TARGET {
            firsts.push(k);
            size = 0;
        }
        let sf = &idx.surfaces[s as usize];
        size += sf.word.len() + 3;
        if home[sf.stem as usize] == s {
            size += postings_len(idx, sf.stem) + 3;
        }
        chunk_of_surface[s as usize] = (firsts.len() - 1) as u32;
    }
    (firsts, chunk_of_surface)
}

/// The encoded length of a stem's postings (doc-id deltas and impacts).
fn postings_len(idx: &Index, stem: u32) -> usize {
    let mut prev = 0;
    idx.postings_of(stem)
        .iter()
        .map(|p| {
            let n = varint_len(p.doc - prev) + varint_len(p.impact as u32);
            prev = p.doc;
            n
        })
        .sum()
}

/// Global stem ids, grouped by home chunk in word order: (index → global, global → index,
/// first global id of each chunk plus the total).
fn number_stems(
    idx: &Index,
    order: &[u32],
    home: &[u32],
    chunk_of_surface: &[u32],
    nchunks: usize,
) -> (Vec<u32>, Vec<u32>, Vec<u32>) {
    let mut global = vec![0u32; idx.stems.len()];
    let mut stem_of_global = Vec::with_capacity(idx.stems.len());
    let mut stem_start = vec![0u32; nchunks + 1];
    for &s in order {
        let st = idx.surfaces[s as usize].stem;
        if home[st as usize] == s {
            global[st as usize] = stem_of_global.len() as u32;
            stem_of_global.push(st);
            stem_start[chunk_of_surface[s as usize] as usize + 1] += 1;
        }
    }
    for i in 0..nchunks {
        stem_start[i + 1] += stem_start[i];
    }
    (global, stem_of_global, stem_start)
}

/// For each chunk after the first, the shortest prefix of its first word that sorts after
/// the last word of the chunk before.
fn separators(idx: &Index, order: &[u32], firsts: &[usize]) -> Vec<String> {
    firsts[1..]
        .iter()
        .map(|&k| {
            let last = &idx.surfaces[order[k - 1] as usize].word;
            let first = &idx.surfaces[order[k] as usize].word;
            let mut end = 0;
            for (i, c) in first.char_indices() {
                end = i + c.len_utf8();
                if js_cmp(&first[..end], last) == Ordering::Greater {
                    break;
                }
            }
            first[..end].to_string()
        })
        .collect()
}
