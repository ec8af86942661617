//! The two HTML readers on the bundled handbook: the strict one reads every chapter that
//! has no raw HTML (it is what makes the EPUB cheap), and its XHTML is the same as
//! html5ever's.

use super::dom::Dom;
use super::links::Index;
use super::xhtml::{convert, Place};
use crate::diagnostics::Diagnostics;
use crate::render::{render_chapters, Inputs};

#[test]
fn the_strict_reader_reads_the_bundled_handbook_as_html5ever_does() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut diags = Diagnostics::default();
    let book = crate::load::load(root, &mut diags).expect("the bundled handbook loads");
    let resolved = crate::resolve::resolve(&book, &mut diags);
    let inp = Inputs {
        book: &book,
        resolved: &resolved,
    };
    let outs = render_chapters(&inp);
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
    assert!(strict >= 20, "{strict} chapters read strictly");
}
