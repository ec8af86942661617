//! Splits the index into lazily loaded JS files and serializes them.
//!
//! Files (all under `search/`, `V` = 8-hex build hash so caches never mix builds):
//! - `index.js` (fixed name, the bootstrap): `metbookSearch.init({v, n, lang, stem,
//!   avgT, avgB, b, ss, ds, kinds, groups})`. `b` = space-separated separators: chunk
//!   i>0 holds the sorted surface words `>= b[i-1]` (UTF-16 order, like JS `<`).
//!   `ss` = varints, stems per word chunk; `ds` = varints, docs per doc chunk.
//! - `cI-V.js`: `metbookSearch.addChunk(I, {w, s, p})`: `w` sorted surface words
//!   joined by " "; `s` varints, per word zigzag(global stem id − first stem id
//!   of this chunk) (a stem lives in the chunk of its most frequent surface word,
//!   so a few words point elsewhere); `p` one string per stem of this chunk:
//!   varint pairs (doc-id delta, impact).
//! - `pI-V.js`: `metbookSearch.addPos(I, [...])`, per stem of chunk I, per posting:
//!   varint count then position deltas. Only loaded for quoted phrases.
//! - `dI-V.js`: `metbookSearch.addDocs(I, [[url, title, [crumbs], excerpt, kind], …])`.
//! - `f-V.js`: `metbookSearch.addFacets({group: {value: runs}})`, runs = varint
//!   pairs (gap since previous run end, run length − 1) over doc ids.
//!
//! Varint: base-32 digits, little endian, in a 64-letter URL-safe alphabet; a
//! letter ≥ 32 means "more digits follow". No escaping needed for those strings.
//! All other strings go through serde_json, then `<`, `>`, `&`, U+2028 and U+2029
//! become `\u003c`… so author text cannot close the script or break JS parsing.

use crate::render::search::docs;
use crate::render::search::index::Index;
use crate::render::search::layout::{self, WordPlan};
use crate::render::search::{DocKind, SearchDoc, BOOTSTRAP};
use std::cmp::Ordering;

pub use crate::render::search::layout::Layout;

pub use crate::render::search::encode::{get_varints, json, push_json_str, put_varint};

/// Word chunks close once they exceed this many bytes (one huge stem may exceed it).
pub const WORD_CHUNK_TARGET: usize = 8 * 1024;
/// Doc-metadata chunks: small, because the top 10 results may hit 10 of them.
pub const DOC_CHUNK_TARGET: usize = 2 * 1024;
/// Stored excerpt length (chars); JS highlights matches inside it.
pub const EXCERPT_CHARS: usize = 280;

/// Compares like JavaScript's `<` on strings (UTF-16 code units), so the
/// browser's binary search over the separators agrees with this layout.
pub fn js_cmp(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Site path of word chunk `i`, version `v`.
pub fn word_chunk_name(i: usize, v: &str) -> String {
    format!("search/c{i}-{v}.js")
}
/// Site path of position chunk `i`, version `v`.
pub fn pos_chunk_name(i: usize, v: &str) -> String {
    format!("search/p{i}-{v}.js")
}
/// Site path of document chunk `i`, version `v`.
pub fn doc_chunk_name(i: usize, v: &str) -> String {
    format!("search/d{i}-{v}.js")
}
/// Site path of the facets file, version `v`.
pub fn facets_name(v: &str) -> String {
    format!("search/f-{v}.js")
}

/// Sizes of the search index, in counts and bytes.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    /// Documents indexed.
    pub docs: usize,
    /// Distinct words as written.
    pub surface_words: usize,
    /// Distinct stems.
    pub stems: usize,
    /// Word chunk files.
    pub word_chunks: usize,
    /// Document chunk files.
    pub doc_chunks: usize,
    /// Files written in all.
    pub files: usize,
    /// Bytes of all files.
    pub total_bytes: usize,
    /// Bytes of `search/index.js`, loaded with every page's search.
    pub bootstrap_bytes: usize,
    /// Bytes of all word chunks.
    pub word_chunk_bytes: usize,
    /// Bytes of all position chunks.
    pub pos_bytes: usize,
    /// Bytes of all document chunks.
    pub doc_bytes: usize,
    /// Bytes of the facets file.
    pub facet_bytes: usize,
    /// Bytes of the largest word chunk.
    pub largest_word_chunk: usize,
}

/// Lays out and serializes `idx`. Returns the files (the bootstrap first), sizes and the
/// layout.
pub fn write(
    idx: &Index,
    docs: &[SearchDoc],
    language: &str,
) -> (Vec<(String, Vec<u8>)>, Stats, Layout) {
    let mut files = Vec::new();
    let (stats, layout) = write_each(idx, docs, language, &mut |name, bytes| {
        files.push((name, bytes))
    });
    // write_each hands the bootstrap over last, once every chunk's size is known.
    files.rotate_right(1);
    (files, stats, layout)
}

/// The build version in every file name but the bootstrap's: a hash of everything the files
/// are made from (the index, the docs' shown fields, the language and the code writing
/// them), so names change whenever contents do, and can be known before any file is made.
fn version(idx: &Index, docs: &[SearchDoc], language: &str) -> String {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    let mut text = |t: &str| {
        h.write(t.as_bytes());
        h.write_u8(0xff);
    };
    for code in [
        include_str!("chunks.rs"),
        include_str!("docs.rs"),
        include_str!("encode.rs"),
        include_str!("space.rs"),
        language,
    ] {
        text(code);
    }
    for st in &idx.stems {
        text(st);
    }
    for sf in &idx.surfaces {
        text(&sf.word);
    }
    for d in docs {
        for t in [&d.url, &d.title].into_iter().chain(&d.breadcrumbs) {
            text(t);
        }
        // Bodies are already their excerpts (see search::cut_to_excerpts).
        text(&d.body);
        text(d.kind.as_str());
        for (g, v) in &d.facets {
            text(g);
            text(v);
        }
    }
    // Plain loops: chained iterators over the postings and positions cost several times
    // the hashing itself.
    for sf in &idx.surfaces {
        h.write_u32(sf.stem);
        h.write_u32(sf.count);
    }
    for p in &idx.postings {
        h.write_u32(p.doc);
        h.write_u32(p.impact as u32);
        h.write_u32(p.npos);
    }
    for list in [&idx.post_start, &idx.positions, &idx.pos_start] {
        for &n in list.iter() {
            h.write_u32(n);
        }
    }
    h.write_u32(idx.n_docs);
    h.write_u32(idx.stemming as u32);
    h.write_u64(idx.avg_title.to_bits());
    h.write_u64(idx.avg_body.to_bits());
    let x = h.finish();
    format!("{:08x}", (x ^ (x >> 32)) as u32)
}

/// The four kinds of versioned search file.
#[derive(Clone, Copy)]
enum Part {
    Words,
    Positions,
    Docs,
    Facets,
}

/// Hands the files to `emit` under their versioned names, counting their sizes.
struct Out<'a> {
    version: &'a str,
    stats: Stats,
    emit: &'a mut dyn FnMut(String, Vec<u8>),
}

impl Out<'_> {
    fn put(&mut self, part: Part, i: usize, body: String) {
        let (n, v, stats) = (body.len(), self.version, &mut self.stats);
        let name = match part {
            Part::Words => {
                stats.word_chunk_bytes += n;
                stats.largest_word_chunk = stats.largest_word_chunk.max(n);
                word_chunk_name(i, v)
            }
            Part::Positions => {
                stats.pos_bytes += n;
                pos_chunk_name(i, v)
            }
            Part::Docs => {
                stats.doc_bytes += n;
                doc_chunk_name(i, v)
            }
            Part::Facets => {
                stats.facet_bytes += n;
                facets_name(v)
            }
        };
        stats.files += 1;
        stats.total_bytes += n;
        (self.emit)(name, body.into_bytes());
    }
}

/// Serializes `idx` and `docs` (bodies already cut to their excerpts, see
/// `search::cut_to_excerpts`), handing each file to `emit` as soon as it is made and the
/// bootstrap last, once every chunk's size is known.
pub fn write_each(
    idx: &Index,
    docs: &[SearchDoc],
    language: &str,
    emit: &mut dyn FnMut(String, Vec<u8>),
) -> (Stats, Layout) {
    let v = version(idx, docs, language);
    let plan = layout::plan_words(idx);
    let mut out = Out {
        version: &v,
        stats: Stats::default(),
        emit,
    };
    let chunk_words = (0..plan.chunks())
        .map(|c| write_word_chunk(idx, &plan, c, &mut out))
        .collect();
    let (doc_start, ndc) = docs::write_docs(docs, &mut |i, body| out.put(Part::Docs, i, body));
    let facets = docs::facet_sets(docs);
    out.put(Part::Facets, 0, facets_file(&facets));
    let boot = bootstrap(idx, &plan, &doc_start, &facets, language, &v);
    let mut stats = out.stats;
    stats.docs = docs.len();
    stats.surface_words = idx.surfaces.len();
    stats.stems = idx.stems.len();
    stats.word_chunks = plan.chunks();
    stats.doc_chunks = ndc;
    stats.bootstrap_bytes = boot.len();
    stats.files += 1;
    stats.total_bytes += boot.len();
    emit(BOOTSTRAP.to_string(), boot.into_bytes());
    let layout = Layout {
        version: v,
        separators: plan.separators,
        chunk_words,
        stem_start: plan.stem_start,
        stem_of_global: plan.stem_of_global,
        doc_start,
        facets,
    };
    (stats, layout)
}

/// Word chunk `c` (its sorted words, each word's stem, each homed stem's postings) and its
/// position chunk; returns the chunk's (word, global stem id) pairs for the layout.
fn write_word_chunk(idx: &Index, plan: &WordPlan, c: usize, out: &mut Out) -> Vec<(String, u32)> {
    let base = plan.stem_start[c] as i64;
    let (mut w, mut sref) = (String::new(), String::new());
    let words = &plan.order[plan.words_of(c)];
    let mut cw = Vec::with_capacity(words.len());
    for &s in words {
        let sf = &idx.surfaces[s as usize];
        if !w.is_empty() {
            w.push(' ');
        }
        w.push_str(&sf.word);
        let g = plan.global[sf.stem as usize];
        // Zigzag: a word whose stem lives in an earlier chunk points back.
        let d = g as i64 - base;
        put_varint(
            &mut sref,
            if d >= 0 {
                (d as u32) << 1
            } else {
                (((-d) as u32) << 1) - 1
            },
        );
        cw.push((sf.word.clone(), g));
    }
    let stems = &plan.stem_of_global[plan.stem_start[c] as usize..plan.stem_start[c + 1] as usize];
    let mut body = format!("metbookSearch.addChunk({c},{{\"w\":");
    push_json_str(&mut body, &w);
    body.push_str(",\"s\":\"");
    body.push_str(&sref);
    body.push_str("\",\"p\":[");
    let mut pos = format!("metbookSearch.addPos({c},[");
    for (j, &st) in stems.iter().enumerate() {
        if j > 0 {
            body.push(',');
            pos.push(',');
        }
        body.push('"');
        push_postings(idx, st, &mut body);
        body.push('"');
        pos.push('"');
        push_positions(idx, st, &mut pos);
        pos.push('"');
    }
    body.push_str("]});\n");
    pos.push_str("]);\n");
    out.put(Part::Words, c, body);
    out.put(Part::Positions, c, pos);
    cw
}

/// A stem's postings as varint pairs (doc-id delta, impact).
fn push_postings(idx: &Index, st: u32, out: &mut String) {
    let mut prev = 0;
    for p in idx.postings_of(st) {
        put_varint(out, p.doc - prev);
        put_varint(out, p.impact as u32);
        prev = p.doc;
    }
}

/// A stem's positions: per posting, the count and then the position deltas.
fn push_positions(idx: &Index, st: u32, out: &mut String) {
    let mut at = 0usize;
    let all = idx.positions_of(st);
    for p in idx.postings_of(st) {
        put_varint(out, p.npos);
        let mut prev = 0;
        for &x in &all[at..at + p.npos as usize] {
            put_varint(out, x - prev);
            prev = x;
        }
        at += p.npos as usize;
    }
}

/// The facets file: per group and value, the runs of doc ids.
fn facets_file(facets: &docs::Facets) -> String {
    let mut fobj = serde_json::Map::new();
    for (g, vals) in facets {
        let mut m = serde_json::Map::new();
        for (v, list) in vals {
            m.insert(v.clone(), docs::runs(list).into());
        }
        fobj.insert(g.clone(), m.into());
    }
    format!("metbookSearch.addFacets({});\n", json(&fobj.into()))
}

/// `search/index.js`: what the browser needs before it loads any chunk.
fn bootstrap(
    idx: &Index,
    plan: &WordPlan,
    doc_start: &[u32],
    facets: &docs::Facets,
    language: &str,
    v: &str,
) -> String {
    let mut ss = String::new();
    for w in plan.stem_start.windows(2) {
        put_varint(&mut ss, w[1] - w[0]);
    }
    let mut ds = String::new();
    for w in doc_start.windows(2) {
        put_varint(&mut ds, w[1] - w[0]);
    }
    let meta = serde_json::json!({
        "v": v, "n": idx.n_docs, "lang": language, "stem": idx.stemming,
        "avgT": (idx.avg_title * 100.0).round() / 100.0, "avgB": (idx.avg_body * 100.0).round() / 100.0,
        "b": plan.separators.join(" "), "ss": ss, "ds": ds,
        "kinds": DocKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
        "groups": facets.iter().map(|f| f.0.clone()).collect::<Vec<_>>(),
    });
    format!("metbookSearch.init({});\n", json(&meta))
}
