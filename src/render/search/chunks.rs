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

use crate::render::search::index::Index;
use crate::render::search::{DocKind, SearchDoc, BOOTSTRAP};
use std::cmp::Ordering;

use crate::render::search::encode::varint_len;
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
        // Bodies are already cut to their excerpt prefix (see search::build_streamed).
        text(&d.body);
        text(d.kind.as_str());
        for (g, v) in &d.facets {
            text(g);
            text(v);
        }
    }
    let nums = idx.surfaces.iter().flat_map(|sf| [sf.stem, sf.count]);
    let nums = nums.chain(
        idx.postings
            .iter()
            .flat_map(|p| [p.doc, p.impact as u32, p.npos]),
    );
    let nums = nums.chain(idx.post_start.iter().copied());
    let nums = nums.chain(idx.positions.iter().copied());
    let nums = nums.chain(idx.pos_start.iter().copied());
    let nums = nums.chain([idx.n_docs, idx.stemming as u32]);
    for n in nums {
        h.write_u32(n);
    }
    h.write_u64(idx.avg_title.to_bits());
    h.write_u64(idx.avg_body.to_bits());
    let x = h.finish();
    format!("{:08x}", (x ^ (x >> 32)) as u32)
}

/// [`write`], handing each file to `emit` as soon as it is made, so the index's files are
/// never all held at once.
pub fn write_each(
    idx: &Index,
    docs: &[SearchDoc],
    language: &str,
    emit: &mut dyn FnMut(String, Vec<u8>),
) -> (Stats, Layout) {
    let v = version(idx, docs, language);
    let mut stats = Stats::default();
    let mut put = |kind: char, i: usize, body: String| {
        let n = body.len();
        let name = match kind {
            'c' => {
                stats.word_chunk_bytes += n;
                stats.largest_word_chunk = stats.largest_word_chunk.max(n);
                word_chunk_name(i, &v)
            }
            'p' => {
                stats.pos_bytes += n;
                pos_chunk_name(i, &v)
            }
            'd' => {
                stats.doc_bytes += n;
                doc_chunk_name(i, &v)
            }
            _ => {
                stats.facet_bytes += n;
                facets_name(&v)
            }
        };
        stats.files += 1;
        stats.total_bytes += n;
        emit(name, body.into_bytes());
    };
    // 1. Sorted surface words and each stem's home word (its most frequent form).
    let mut keyed: Vec<(&str, u32)> = idx
        .surfaces
        .iter()
        .enumerate()
        .map(|(i, s)| (s.word.as_str(), i as u32))
        .collect();
    keyed.sort_unstable_by(|a, b| js_cmp(a.0, b.0));
    let order: Vec<u32> = keyed.into_iter().map(|k| k.1).collect();
    let mut home = vec![u32::MAX; idx.stems.len()];
    for &s in &order {
        let sf = &idx.surfaces[s as usize];
        let h = &mut home[sf.stem as usize];
        if *h == u32::MAX || idx.surfaces[*h as usize].count < sf.count {
            *h = s;
        }
    }
    // 2. The encoded size of each stem's postings drives the chunk split; they are encoded
    // only when their chunk is written, so all of them are never held at once.
    let post_len: Vec<usize> = (0..idx.stems.len() as u32)
        .map(|st| {
            let mut prev = 0;
            idx.postings_of(st)
                .iter()
                .map(|p| {
                    let n = varint_len(p.doc - prev) + varint_len(p.impact as u32);
                    prev = p.doc;
                    n
                })
                .sum()
        })
        .collect();
    // 3. Greedy split of the sorted words by estimated serialized size.
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
            size += post_len[sf.stem as usize] + 3;
        }
        chunk_of_surface[s as usize] = (firsts.len() - 1) as u32;
    }
    let nchunks = firsts.len();
    // 4. Global stem ids, grouped by home chunk in word order.
    let mut global = vec![0u32; idx.stems.len()];
    let mut stem_of_global = Vec::with_capacity(idx.stems.len());
    let mut stem_start = vec![0u32; nchunks + 1];
    for &s in &order {
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
    let separators: Vec<String> = firsts[1..]
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
        .collect();

    let mut chunk_words = Vec::with_capacity(nchunks);
    for c in 0..nchunks {
        let range = firsts[c]..firsts.get(c + 1).copied().unwrap_or(order.len());
        let base = stem_start[c] as i64;
        let (mut w, mut sref) = (String::new(), String::new());
        let mut cw = Vec::with_capacity(range.len());
        for &s in &order[range] {
            let sf = &idx.surfaces[s as usize];
            if !w.is_empty() {
                w.push(' ');
            }
            w.push_str(&sf.word);
            let g = global[sf.stem as usize];
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
        let stems = &stem_of_global[stem_start[c] as usize..stem_start[c + 1] as usize];
        let mut out = format!("metbookSearch.addChunk({c},{{\"w\":");
        push_json_str(&mut out, &w);
        out.push_str(",\"s\":\"");
        out.push_str(&sref);
        out.push_str("\",\"p\":[");
        let mut pos = format!("metbookSearch.addPos({c},[");
        for (j, &st) in stems.iter().enumerate() {
            if j > 0 {
                out.push(',');
                pos.push(',');
            }
            out.push('"');
            let mut prev = 0;
            for p in idx.postings_of(st) {
                put_varint(&mut out, p.doc - prev);
                put_varint(&mut out, p.impact as u32);
                prev = p.doc;
            }
            out.push('"');
            pos.push('"');
            let mut at = 0usize;
            let all = idx.positions_of(st);
            for p in idx.postings_of(st) {
                put_varint(&mut pos, p.npos);
                let mut prev = 0;
                for &x in &all[at..at + p.npos as usize] {
                    put_varint(&mut pos, x - prev);
                    prev = x;
                }
                at += p.npos as usize;
            }
            pos.push('"');
        }
        out.push_str("]});\n");
        pos.push_str("]);\n");
        put('c', c, out);
        put('p', c, pos);
        chunk_words.push(cw);
    }

    // 5. Doc metadata chunks (split by size) and facet doc sets.
    let (doc_start, ndc) =
        crate::render::search::docs::write_docs(docs, &mut |i, body| put('d', i, body));
    let facets = crate::render::search::docs::facet_sets(docs);
    let mut fobj = serde_json::Map::new();
    for (g, vals) in &facets {
        let mut m = serde_json::Map::new();
        for (v, list) in vals {
            m.insert(v.clone(), crate::render::search::docs::runs(list).into());
        }
        fobj.insert(g.clone(), m.into());
    }
    put(
        'f',
        0,
        format!("metbookSearch.addFacets({});\n", json(&fobj.into())),
    );

    let mut ss = String::new();
    for c in 0..nchunks {
        put_varint(&mut ss, stem_start[c + 1] - stem_start[c]);
    }
    let mut ds = String::new();
    for w in doc_start.windows(2) {
        put_varint(&mut ds, w[1] - w[0]);
    }
    let meta = serde_json::json!({
        "v": v, "n": idx.n_docs, "lang": language, "stem": idx.stemming,
        "avgT": (idx.avg_title * 100.0).round() / 100.0, "avgB": (idx.avg_body * 100.0).round() / 100.0,
        "b": separators.join(" "), "ss": ss, "ds": ds,
        "kinds": DocKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
        "groups": facets.iter().map(|f| f.0.clone()).collect::<Vec<_>>(),
    });
    stats.docs = docs.len();
    stats.surface_words = idx.surfaces.len();
    stats.stems = idx.stems.len();
    stats.word_chunks = nchunks;
    stats.doc_chunks = ndc;
    let boot = format!("metbookSearch.init({});\n", json(&meta));
    stats.bootstrap_bytes = boot.len();
    stats.files += 1;
    stats.total_bytes += boot.len();
    emit(BOOTSTRAP.to_string(), boot.into_bytes());
    let layout = Layout {
        version: v,
        separators,
        chunk_words,
        stem_start,
        stem_of_global,
        doc_start,
        facets,
    };
    (stats, layout)
}
