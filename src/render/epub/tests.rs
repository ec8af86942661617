//! The two HTML readers on a rendered book (the bundled handbook's test, which has to load
//! it, is in lib.rs): the strict one reads every chapter that has no raw HTML (it is what
//! makes the EPUB cheap), and its XHTML is the same as html5ever's.

use super::dom::Dom;
use super::links::Index;
use super::xhtml::{convert, Place};
use crate::model::PerChapter;
use crate::render::{ChapterOut, Inputs};

/// Asserts both readers agree on every chapter without raw HTML; returns how many the
/// strict reader read.
pub(crate) fn strict_reader_agrees(inp: &Inputs, outs: &PerChapter<Option<ChapterOut>>) -> usize {
    let book = inp.book;
    let index = Index::default();
    let mut strict = 0;
    for (i, out) in outs.iter() {
        let Some(out) = out else { continue };
        if out.rendered.raw_html {
            continue;
        }
        let html = out.epub_html();
        let page = &book.chapters[i].out_path;
        assert!(
            matches!(Dom::parse(&html, true).nodes.len(), n if n > 0)
                && super::dom::strict_reads(&html),
            "the strict reader gave up on {page}"
        );
        let place = Place {
            doc: 0,
            page,
            container: "EPUB/text/x.xhtml",
        };
        let a = convert(&html, &place, &index, true);
        let b = convert(&html, &place, &index, false);
        assert_eq!(a.body, b.body, "{page}");
        strict += 1;
    }
    strict
}
