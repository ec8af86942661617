//! Incremental rebuild timing for `serve`-style sessions.
//!
//!     cargo run --release --example incremental -- DIR [RUNS]
//!
//! Creates a `metbook::session::Session` on DIR, does the first (full) rebuild, then
//! RUNS times (default 20): appends a sentence to one chapter file in the middle of the
//! book and times `rebuild(&[that_path])`. The file is restored at the end. Prints
//! `incremental: first MS ms, median MS ms, min MS ms, max MS ms, CHANGED pages changed`.

use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!("usage: incremental DIR [RUNS]");
        std::process::exit(2);
    }
    let root = PathBuf::from(&args[0]);
    let runs: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(20);
    // A chapter in the middle of the book: the middle line of SUMMARY.md with a link.
    let summary = std::fs::read_to_string(root.join("manual/SUMMARY.md")).expect("SUMMARY.md");
    let links: Vec<&str> = summary
        .lines()
        .filter_map(|l| l.split("](").nth(1))
        .map(|s| s.trim_end_matches(')'))
        .collect();
    let rel = links[links.len() / 2];
    let path = root.join("manual").join(rel);
    let original = std::fs::read_to_string(&path).expect("chapter");

    let mut s = metbook::session::Session::new(&root);
    let t = Instant::now();
    let first = s.rebuild(&[]);
    let first_ms = t.elapsed().as_secs_f64() * 1e3;
    assert!(
        first.ok,
        "the first build failed: {} problems",
        first.diagnostics.error_count()
    );
    let mut times = Vec::new();
    let mut changed = 0;
    for k in 0..runs {
        let edited = format!(
            "{}\n\nAn edited sentence, number {k}, about change talk.\n",
            original.trim_end()
        );
        std::fs::write(&path, edited).unwrap();
        let t = Instant::now();
        let r = s.rebuild(std::slice::from_ref(&path));
        times.push(t.elapsed().as_secs_f64() * 1e3);
        assert!(r.ok, "rebuild {k} failed");
        changed = r.changed.len();
    }
    std::fs::write(&path, &original).unwrap();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let med = times[times.len() / 2];
    println!(
        "incremental: first {first_ms:.1} ms, median {med:.1} ms, min {:.1} ms, max {:.1} ms, {changed} pages changed ({} of {})",
        times[0],
        times[times.len() - 1],
        Path::new(rel).display(),
        runs
    );
}
