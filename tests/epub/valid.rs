//! epubcheck finds no error and no warning in the EPUBs metbook writes.

use super::support::{assert_epubcheck_clean, assert_links_resolve, epub_in, Epub};
use crate::common::{copy_book, kinds, metbook, stderr};

#[test]
fn the_bundled_handbooks_epub_passes_epubcheck() {
    let book = copy_book("bundled");
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let file = book
        .path()
        .join("book/motivational-enhancement-therapy-a-training-handbook.epub");
    assert!(file.is_file(), "the EPUB is named after the book's title");
    assert_epubcheck_clean(&file);
    assert_links_resolve(&Epub::open(&file));
    // The Spanish edition has its own, in its folder, in Spanish.
    let es = book
        .path()
        .join("book/es/terapia-de-incremento-motivacional-manual-de-formacion.epub");
    assert_epubcheck_clean(&es);
    let epub = Epub::open(&es);
    assert_links_resolve(&epub);
    let opf = epub
        .order
        .iter()
        .find(|p| p.ends_with(".opf"))
        .map(|p| epub.text(p))
        .expect("a package document");
    assert!(opf.contains("<dc:language>es</dc:language>"), "{opf}");
}

#[test]
fn a_book_with_parts_nesting_images_includes_and_every_met_block_passes_epubcheck() {
    let book = copy_book("epub-book");
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "no warnings: {}", stderr(&out));
    assert_epubcheck_clean(&epub_in(&book.path().join("book")));
}

#[test]
fn malformed_and_unsupported_raw_html_still_makes_a_valid_epub_and_is_reported() {
    let book = copy_book("epub-raw-html");
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let file = epub_in(&book.path().join("book"));
    assert_epubcheck_clean(&file);
    assert_links_resolve(&Epub::open(&file));
    // The iframe, the web image and the WebP image, each where the chapter has it.
    let err = stderr(&out);
    for at in ["src/raw.md:8:1", "src/raw.md:10:", "src/raw.md:11:"] {
        assert!(err.contains(at), "a warning at {at}:\n{err}");
    }
    let k = kinds(book.path());
    assert_eq!(
        k.iter().filter(|k| *k == "epub-content").count(),
        3,
        "{k:?}"
    );
}
