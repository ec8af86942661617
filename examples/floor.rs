//! The performance floor: the least work any Markdown-to-HTML site generator must do.
//!
//!     cargo run --release --example floor -- DIR OUT
//!
//! Reads every chapter file (`*.md` under DIR/manual, or DIR itself if it has no
//! manual/ folder, except SUMMARY.md), drops the YAML front matter, renders the Markdown
//! with pulldown-cmark using metbook's own options (`metbook::markdown::options(Default::default())`) and
//! its default HTML renderer, and writes one `.html` file per chapter under OUT. No
//! templates, no links, no search, no blocks, one thread. Prints
//! `floor: FILES files, IN bytes in, OUT bytes out, MS ms`.

use std::path::{Path, PathBuf};
use std::time::Instant;

fn strip_front_matter(text: &str) -> &str {
    if let Some(rest) = text.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---\n") {
            return &rest[end + 5..];
        }
    }
    text
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 {
        eprintln!("usage: floor DIR OUT");
        std::process::exit(2);
    }
    let start = Instant::now();
    let dir = Path::new(&args[0]);
    let src = if dir.join("manual").is_dir() {
        dir.join("manual")
    } else {
        dir.to_path_buf()
    };
    let out = PathBuf::from(&args[1]);
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "md")
                && p.file_name().is_some_and(|n| n != "SUMMARY.md")
        })
        .collect();
    files.sort();
    let (mut bytes_in, mut bytes_out) = (0usize, 0usize);
    let mut html = String::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read chapter");
        bytes_in += text.len();
        let body = strip_front_matter(&text);
        html.clear();
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(body, metbook::markdown::options(Default::default())),
        );
        let rel = f.strip_prefix(&src).unwrap().with_extension("html");
        let dest = out.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).expect("create output folder");
        std::fs::write(&dest, html.as_bytes()).expect("write html");
        bytes_out += html.len();
    }
    println!(
        "floor: {} files, {} bytes in, {} bytes out, {} ms",
        files.len(),
        bytes_in,
        bytes_out,
        start.elapsed().as_millis()
    );
}
