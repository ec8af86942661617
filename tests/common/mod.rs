//! Shared helpers for the integration tests: copy a fixture book into a temp dir, run the
//! real binary on it, and read what it produced.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A fresh copy of a fixture book (or of the bundled handbook, for "bundled").
pub(crate) fn copy_book(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    if name == "bundled" {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(root.join("book.toml"), tmp.path().join("book.toml")).unwrap();
        copy_dir(&root.join("manual"), &tmp.path().join("manual"));
    } else {
        copy_dir(&fixture(name), tmp.path());
    }
    tmp
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if rel
            .components()
            .next()
            .map(|c| c.as_os_str() != "book")
            .unwrap_or(true)
        {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// A references cache of this test's own, under Cargo's scratch folder for tests: never
/// the developer's `~/.cache`, and never shared with a test running beside it.
pub(crate) fn private_cache() -> PathBuf {
    let test = std::thread::current()
        .name()
        .unwrap_or("main")
        .replace("::", "-");
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("metbook-cache")
        .join(format!("{}-{test}", env!("CARGO_CRATE_NAME")))
}

/// The port in serve's "Serving … at http://127.0.0.1:PORT/" line, once it is printed.
pub(crate) fn served_port(output: &str) -> Option<u16> {
    let line = output.lines().find(|l| l.starts_with("Serving "))?;
    let rest = &line[line.find("http://")? + "http://".len()..];
    let host_port = rest.split('/').next()?;
    host_port.rsplit(':').next()?.parse().ok()
}

pub(crate) fn metbook(args: &[&str], dir: &Path) -> Output {
    Command::cargo_bin("metbook")
        .unwrap()
        .args(args)
        .arg(dir)
        .env("NO_COLOR", "1")
        .env("METBOOK_CACHE_DIR", private_cache())
        .output()
        .unwrap()
}

/// The kinds `check --format json` reports for a book.
pub(crate) fn kinds(dir: &Path) -> Vec<String> {
    let out = metbook(&["check", "--format", "json"], dir);
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)));
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap().to_string())
        .collect()
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub(crate) fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The inner HTML of the page's single <main>.
pub(crate) fn main_html(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("main").unwrap();
    let mains: Vec<_> = doc.select(&sel).collect();
    assert_eq!(mains.len(), 1, "a page must have exactly one <main>");
    mains[0].inner_html()
}

pub(crate) fn select_texts(html: &str, css: &str) -> Vec<String> {
    let doc = scraper::Html::parse_fragment(html);
    let sel = scraper::Selector::parse(css).unwrap();
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

pub(crate) fn select_attr(html: &str, css: &str, attr: &str) -> Vec<String> {
    let doc = scraper::Html::parse_fragment(html);
    let sel = scraper::Selector::parse(css).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Every file under `dir` with its bytes, to prove a failed build changed nothing.
pub(crate) fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    v.sort();
    v
}
