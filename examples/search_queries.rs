//! Search download figures, measured on a *built* site (reads only `book/search/*.js`, so
//! it does not depend on metbook's internals beyond the documented file format in
//! src/render/search/chunks.rs). Mirrors the chunk choice of src/render/search/sim.rs
//! (which is `#[cfg(test)]` and so not reachable from here): exact word, prefix completion
//! over at most 2 word chunks, AND of the terms; when that finds nothing, corrections of
//! the words that matched nothing (src/render/search/fuzzy.rs: their own and the
//! neighbouring word chunks, then the chunks holding the corrections' postings); top 10 doc
//! chunks, position chunks for quoted phrases.
//!
//!     cargo run --release --example search_queries -- BOOKDIR [QUERY...]
//!
//! Each query is "typed" one character at a time; the browser caches what it loaded, so
//! the figure is the union of files over all keystrokes. Prints one line per query and
//! `search: before-typing B bytes, median query Q bytes, max M bytes`.

use metbook::render::search::chunks::{get_varints, js_cmp};
use metbook::render::search::fuzzy;
use metbook::render::search::tokenize::{fold, words};
use serde_json::Value;
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// A query word: the word, its chunk, whether it is in a phrase, its stems with weights.
type QueryWord = (String, usize, bool, Vec<(u32, f64)>);

struct Site {
    v: String,
    seps: Vec<String>,
    stem_start: Vec<u32>,
    doc_start: Vec<u32>,
    chunks: Vec<(Vec<String>, Vec<u32>, Vec<String>)>, // words, global stem per word, postings per stem
    sizes: HashMap<String, usize>,
}

fn payload(text: &str) -> Value {
    let a = text.find('(').unwrap();
    let b = text.rfind(')').unwrap();
    let inner = &text[a + 1..b];
    // addChunk(I, {...}) / addDocs(I, [...]): drop the leading index
    let inner = match inner.find(['{', '[']) {
        Some(k) if inner[..k].trim_end().ends_with(',') => &inner[k..],
        _ => inner,
    };
    serde_json::from_str(inner).expect("search file payload is JSON")
}

fn cumulative(v: &[u32]) -> Vec<u32> {
    let mut out = vec![0];
    for x in v {
        out.push(out.last().unwrap() + x);
    }
    out
}

fn zigzag(u: u32) -> i64 {
    ((u >> 1) as i64) ^ -((u & 1) as i64)
}

impl Site {
    fn load(dir: &Path) -> Site {
        let sdir = dir.join("search");
        let mut sizes = HashMap::new();
        for e in std::fs::read_dir(&sdir).expect("book/search") {
            let e = e.unwrap();
            sizes.insert(
                format!("search/{}", e.file_name().to_string_lossy()),
                e.metadata().unwrap().len() as usize,
            );
        }
        let init = payload(&std::fs::read_to_string(sdir.join("index.js")).unwrap());
        let v = init["v"].as_str().unwrap().to_string();
        let seps: Vec<String> = init["b"]
            .as_str()
            .unwrap()
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let stem_start = cumulative(&get_varints(init["ss"].as_str().unwrap()));
        let doc_start = cumulative(&get_varints(init["ds"].as_str().unwrap()));
        let mut chunks = Vec::new();
        for (i, &start) in stem_start.iter().enumerate().take(seps.len() + 1) {
            let c = payload(&std::fs::read_to_string(sdir.join(format!("c{i}-{v}.js"))).unwrap());
            let w: Vec<String> = c["w"]
                .as_str()
                .unwrap()
                .split(' ')
                .map(String::from)
                .collect();
            let s: Vec<u32> = get_varints(c["s"].as_str().unwrap())
                .into_iter()
                .map(|z| (start as i64 + zigzag(z)) as u32)
                .collect();
            let p: Vec<String> = c["p"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect();
            chunks.push((w, s, p));
        }
        Site {
            v,
            seps,
            stem_start,
            doc_start,
            chunks,
            sizes,
        }
    }
    fn chunk_of(&self, w: &str) -> usize {
        self.seps
            .partition_point(|s| js_cmp(s, w) != Ordering::Greater)
    }
    fn home(&self, g: u32) -> usize {
        self.stem_start.partition_point(|&s| s <= g) - 1
    }
    fn postings(&self, g: u32) -> Vec<(u32, u32)> {
        let h = self.home(g);
        let raw = get_varints(&self.chunks[h].2[(g - self.stem_start[h]) as usize]);
        let mut out = Vec::new();
        let mut doc = 0;
        for pair in raw.chunks(2) {
            doc += pair[0];
            out.push((doc, pair[1]));
        }
        out
    }
    fn lookup(&self, c: usize, w: &str) -> Option<u32> {
        let ws = &self.chunks[c].0;
        ws.binary_search_by(|x| js_cmp(x, w))
            .ok()
            .map(|i| self.chunks[c].1[i])
    }

    /// Files loaded (after index.js) for the query as typed so far.
    fn query(&self, q: &str, files: &mut BTreeSet<String>) {
        let v = &self.v;
        files.insert(format!("search/f-{v}.js"));
        let mut terms: Vec<(Vec<String>, bool)> = Vec::new();
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
        if open_last
            && terms.len() > 1
            && terms
                .last()
                .is_some_and(|t| !t.1 && t.0[0].chars().count() < 2)
        {
            terms.pop();
        }
        let n = terms.len();
        let mut per_word: Vec<QueryWord> = Vec::new();
        for (ti, (ws, phrase)) in terms.iter().enumerate() {
            for (wi, w) in ws.iter().enumerate() {
                let c = self.chunk_of(w);
                files.insert(format!("search/c{c}-{v}.js"));
                let mut stems: Vec<(u32, f64)> = Vec::new();
                if let Some(g) = self.lookup(c, w) {
                    stems.push((g, 1.0));
                    files.insert(format!("search/c{}-{v}.js", self.home(g)));
                    if *phrase {
                        files.insert(format!("search/p{}-{v}.js", self.home(g)));
                    }
                }
                let is_prefix = !*phrase
                    && ti + 1 == n
                    && wi + 1 == ws.len()
                    && open_last
                    && w.chars().count() >= 2;
                if is_prefix {
                    let hi = self.chunk_of(&format!("{w}\u{ffff}"));
                    let covered: Vec<usize> = (c..=hi.min(c + 1)).collect();
                    for &cc in &covered {
                        files.insert(format!("search/c{cc}-{v}.js"));
                        for (k, x) in self.chunks[cc].0.iter().enumerate() {
                            let g = self.chunks[cc].1[k];
                            if x.starts_with(w.as_str())
                                && covered.contains(&self.home(g))
                                && !stems.iter().any(|s| s.0 == g)
                            {
                                stems.push((g, 0.9));
                            }
                        }
                    }
                }
                per_word.push((w.clone(), c, *phrase, stems));
            }
        }
        let mut ranked = self.rank(&per_word);
        if ranked.is_empty() {
            // Which corrections are tried decides the files; which one is searched for (see
            // fuzzy::best) only the results, so all of them are searched for here.
            for (w, c, phrase, stems) in &mut per_word {
                if stems.is_empty() && !*phrase && fuzzy::tolerance(w.chars().count()) > 0 {
                    *stems = self.corrections(w, *c, files);
                }
            }
            ranked = self.rank(&per_word);
        }
        for &(d, _) in ranked.iter().take(10) {
            let dc = self.doc_start.partition_point(|&s| s <= d) - 1;
            files.insert(format!("search/d{dc}-{v}.js"));
        }
    }
}

impl Site {
    /// A mistyped word's closest words in its own and the neighbouring chunks (loaded), and
    /// the chunks holding their postings (loaded too).
    fn corrections(&self, w: &str, c: usize, files: &mut BTreeSet<String>) -> Vec<(u32, f64)> {
        let v = &self.v;
        let span = fuzzy::span(c, self.chunks.len());
        for cc in span.clone() {
            files.insert(format!("search/c{cc}-{v}.js"));
        }
        let words = span.flat_map(|cc| {
            let (ws, gs, _) = &self.chunks[cc];
            ws.iter().map(String::as_str).zip(gs.iter().copied())
        });
        let found = fuzzy::nearest(w, words);
        for (_, _, g) in &found {
            files.insert(format!("search/c{}-{v}.js", self.home(*g)));
        }
        found.into_iter().map(|f| (f.2, 1.0)).collect()
    }

    /// Docs having every word, best first.
    fn rank(&self, per_word: &[QueryWord]) -> Vec<(u32, f64)> {
        let maps: Vec<HashMap<u32, f64>> = per_word
            .iter()
            .map(|(_, _, _, stems)| {
                let mut m: HashMap<u32, f64> = HashMap::new();
                for &(g, wt) in stems {
                    for (d, imp) in self.postings(g) {
                        let s = m.entry(d).or_insert(0.0);
                        *s = s.max(wt * imp as f64);
                    }
                }
                m
            })
            .collect();
        let mut ranked: Vec<(u32, f64)> = Vec::new();
        if let Some((first, rest)) = maps.split_first() {
            for (&d, &s) in first {
                let mut total = s;
                if rest.iter().all(|m| m.get(&d).map(|x| total += x).is_some()) {
                    ranked.push((d, total));
                }
            }
        }
        ranked.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap().then(a.0.cmp(&b.0)));
        ranked
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!("usage: search_queries BOOKDIR [QUERY...]");
        std::process::exit(2);
    }
    let dir = Path::new(&args[0]);
    let site = Site::load(dir);
    let defaults = [
        "change talk",
        "ambivalence",
        "resistance",
        "\"roll with resistance\"",
        "empathy",
        "reflection question",
        "amplifed reflection",
        "confidence ruler",
        "motivational interviewing",
        "drinking weekend",
    ];
    let queries: Vec<String> = if args.len() > 1 {
        args[1..].to_vec()
    } else {
        defaults.iter().map(|s| s.to_string()).collect()
    };
    let js: usize = std::fs::read_dir(dir.join("js"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("search-"))
        .map(|e| e.metadata().unwrap().len() as usize)
        .sum();
    let before = js + site.sizes["search/index.js"];
    let total: usize = site.sizes.values().sum();
    let mut per = Vec::new();
    for q in &queries {
        let mut files = BTreeSet::new();
        let chars: Vec<char> = q.chars().collect();
        for k in 1..=chars.len() {
            let typed: String = chars[..k].iter().collect();
            site.query(&typed, &mut files);
        }
        let bytes: usize = files
            .iter()
            .map(|f| site.sizes.get(f).copied().unwrap_or(0))
            .sum();
        let mut last = BTreeSet::new();
        site.query(q, &mut last);
        let last_bytes: usize = last
            .iter()
            .map(|f| site.sizes.get(f).copied().unwrap_or(0))
            .sum();
        println!("  query {q:<28} typed: {:>3} files {bytes:>8} bytes; pasted: {:>3} files {last_bytes:>8} bytes", files.len(), last.len());
        per.push(bytes);
    }
    per.sort();
    println!(
        "search: index {} files {} bytes, before-typing {before} bytes, median query {} bytes, max {} bytes",
        site.sizes.len(),
        total,
        per[per.len() / 2],
        per[per.len() - 1]
    );
}
