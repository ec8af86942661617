//! How the EPUB is built: `--output` builds only the formats it names and leaves the
//! build folder's other files as they were, a failed build leaves the previous files
//! untouched, builds are reproducible, the pages link to the EPUB only when there is one,
//! and `[output.epub]` is checked like the rest of book.toml.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::support::{epub_in, Epub};
use crate::common::{copy_book, kinds, metbook, private_cache, read, snapshot, stderr, stdout};

const EPUB: &str = "book/epub-fixture-a-small-met-manual.epub";

/// Every file of the build folder with its bytes and modification time.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>, SystemTime)> {
    snapshot(dir)
        .into_iter()
        .map(|(p, b)| {
            let t = std::fs::metadata(&p).unwrap().modified().unwrap();
            (p, b, t)
        })
        .collect()
}

fn build(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut a = vec!["build"];
    a.extend(args);
    metbook(&a, dir)
}

/// Makes a chapter's text change, so a rebuild would change its page and the EPUB.
fn edit(dir: &Path) {
    let f = dir.join("manual/colophon.md");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(&f, text + "\nA sentence added after the first build.\n").unwrap();
}

#[test]
fn output_epub_builds_the_epub_and_leaves_the_html_site_as_it_was() {
    let book = copy_book("epub-book");
    let dir = book.path();
    assert!(build(dir, &[]).status.success());
    let site: Vec<_> = files(&dir.join("book"))
        .into_iter()
        .filter(|(p, _, _)| !p.ends_with(EPUB.trim_start_matches("book/")))
        .collect();
    let before = std::fs::read(dir.join(EPUB)).unwrap();
    edit(dir);
    let out = build(dir, &["--output", "epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Built epub-fixture-a-small-met-manual.epub in"),
        "{}",
        stdout(&out)
    );
    let after: Vec<_> = files(&dir.join("book"))
        .into_iter()
        .filter(|(p, _, _)| !p.ends_with(EPUB.trim_start_matches("book/")))
        .collect();
    assert!(
        site == after,
        "the HTML site's files, bytes and dates, are as they were"
    );
    assert!(!read(dir, "book/colophon.html").contains("A sentence added"));
    let epub = Epub::open(&dir.join(EPUB));
    assert!(epub
        .text("EPUB/text/colophon.xhtml")
        .contains("A sentence added"));
    assert_ne!(before, std::fs::read(dir.join(EPUB)).unwrap());
}

#[test]
fn output_html_builds_the_site_and_leaves_the_epub_as_it_was() {
    let book = copy_book("epub-book");
    let dir = book.path();
    assert!(build(dir, &[]).status.success());
    let epub = files(&dir.join("book"))
        .into_iter()
        .find(|(p, _, _)| p.ends_with(EPUB.trim_start_matches("book/")))
        .unwrap();
    edit(dir);
    let out = build(dir, &["--output", "html"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(dir, "book/colophon.html").contains("A sentence added"));
    let kept = files(&dir.join("book"))
        .into_iter()
        .find(|(p, _, _)| p.ends_with(EPUB.trim_start_matches("book/")))
        .unwrap();
    assert!(epub == kept, "the EPUB's bytes and date are as they were");
    // The pages still offer the EPUB they kept.
    assert!(read(dir, "book/index.html").contains(
        "<a class=\"mb-download\" href=\"epub-fixture-a-small-met-manual.epub\" type=\"application/epub+zip\" download>Download EPUB</a>"
    ));
}

#[test]
fn a_failed_build_leaves_the_previous_epub_and_site_byte_for_byte() {
    let book = copy_book("epub-book");
    let dir = book.path();
    assert!(build(dir, &[]).status.success());
    let before = snapshot(&dir.join("book"));
    let f = dir.join("manual/colophon.md");
    std::fs::write(&f, "# Colophon\n\nA [broken link](@no-such-id).\n").unwrap();
    for args in [
        &[][..],
        &["--output", "epub"][..],
        &["--output", "html"][..],
    ] {
        let out = build(dir, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(
            snapshot(&dir.join("book")) == before,
            "{args:?} changed the build folder"
        );
    }
}

#[test]
fn the_pages_link_to_the_epub_only_when_there_is_one() {
    let book = copy_book("epub-book");
    let dir = book.path();
    // Only the site, and no EPUB from before: nothing to link to.
    assert!(build(dir, &["--output", "html"]).status.success());
    assert!(!read(dir, "book/index.html").contains("mb-download"));
    assert!(!dir.join(EPUB).exists());
    assert!(build(dir, &[]).status.success());
    assert!(read(dir, "book/principles/express-empathy.html").contains(
        "<a class=\"mb-download\" href=\"../epub-fixture-a-small-met-manual.epub\" type=\"application/epub+zip\" download>Download EPUB</a>"
    ));
    // A book without [output.epub] has none.
    let plain = copy_book("met-features");
    assert!(build(plain.path(), &[]).status.success());
    assert!(!read(plain.path(), "book/index.html").contains("mb-download"));
    assert!(std::fs::read_dir(plain.path().join("book"))
        .unwrap()
        .flatten()
        .all(|e| e.path().extension().is_none_or(|x| x != "epub")));
}

#[test]
fn output_epub_builds_an_epub_for_a_book_without_an_epub_table() {
    let book = copy_book("met-features");
    let out = build(book.path(), &["--output", "epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        epub_in(&book.path().join("book")).file_name().unwrap(),
        "met-features.epub"
    );
    assert!(
        !book.path().join("book/index.html").exists(),
        "no HTML was asked for"
    );
}

#[test]
fn output_pdf_builds_only_a_pdf_and_an_unknown_format_is_a_usage_error() {
    let book = copy_book("epub-book");
    let out = build(book.path(), &["--output", "pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let made: Vec<String> = std::fs::read_dir(book.path().join("book"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(made.len(), 1, "only the PDF: {made:?}");
    assert!(made[0].ends_with(".pdf"), "{made:?}");
    let bad = build(book.path(), &["--output", "docx"]);
    assert_eq!(
        bad.status.code(),
        Some(2),
        "an unknown format is a usage error"
    );
}

/// Builds `dir` with `SOURCE_DATE_EPOCH` set, returning the EPUB's bytes.
fn build_dated(dir: &Path, epoch: &str) -> Vec<u8> {
    let out = assert_cmd::Command::cargo_bin("metbook")
        .unwrap()
        .args(["build"])
        .arg(dir)
        .env("NO_COLOR", "1")
        .env("METBOOK_CACHE_DIR", private_cache())
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::read(dir.join(EPUB)).unwrap()
}

#[test]
fn builds_are_reproducible_and_the_identifier_is_stable() {
    // Two copies made at different times: SOURCE_DATE_EPOCH makes them the same.
    let a = copy_book("epub-book");
    let first = build_dated(a.path(), "1700000000");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let b = copy_book("epub-book");
    assert_eq!(first, build_dated(b.path(), "1700000000"), "the same bytes");
    let opf = Epub::open(&b.path().join(EPUB)).text("EPUB/package.opf");
    assert!(opf.contains("<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"));
    // Without it, the newest source file dates the book: unchanged sources, same bytes.
    assert!(build(a.path(), &[]).status.success());
    let undated = std::fs::read(a.path().join(EPUB)).unwrap();
    assert!(build(a.path(), &[]).status.success());
    assert_eq!(undated, std::fs::read(a.path().join(EPUB)).unwrap());
    // The identifier comes from the title and authors, or from book.toml.
    let id = |opf: &str| {
        opf.split("<dc:identifier id=\"pub-id\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_string()
    };
    let undated_opf = Epub::open(&a.path().join(EPUB)).text("EPUB/package.opf");
    assert_eq!(id(&opf), id(&undated_opf));
    assert!(id(&opf).starts_with("urn:uuid:"));
    let toml = a.path().join("book.toml");
    let t = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, t.replace("[output.epub]\n", "[output.epub]\nidentifier = \"urn:isbn:9780000000002\"\nfilename = \"handbook.epub\"\n")).unwrap();
    assert!(build(a.path(), &[]).status.success());
    let opf = Epub::open(&a.path().join("book/handbook.epub")).text("EPUB/package.opf");
    assert_eq!(id(&opf), "urn:isbn:9780000000002");
    assert!(
        !a.path().join(EPUB).exists(),
        "a full build makes only what book.toml says"
    );
}

#[test]
fn epub_settings_are_checked_like_the_rest_of_book_toml() {
    let book = copy_book("epub-book");
    let toml = book.path().join("book.toml");
    let t = std::fs::read_to_string(&toml).unwrap();
    let with = |extra: &str| {
        std::fs::write(
            &toml,
            t.replace("[output.epub]\n", &format!("[output.epub]\n{extra}\n")),
        )
        .unwrap();
        kinds(book.path())
    };
    assert_eq!(with("filename = \"../out.epub\""), ["config"]);
    assert_eq!(with("filename = \"book.pdf\""), ["config"]);
    assert_eq!(
        with("cover-image = \"img/ruler.svg\""),
        ["config"],
        "a cover must be PNG or JPEG"
    );
    assert_eq!(with("colour = \"blue\""), ["config"]);
    // mdbook-epub's keys: known, and what metbook does not act on is said once.
    assert_eq!(
        with("command = \"mdbook-epub\"\nepub-version = 3\nadditional-css = []\nuse-default-css = true"),
        ["config-ignored"]
    );
}
