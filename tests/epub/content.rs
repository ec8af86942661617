//! What is inside the EPUB: the navigation document follows SUMMARY.md, links work, the
//! MET blocks keep their structure as text, nothing needs a script, and the package
//! document carries the book's metadata.

use scraper::{ElementRef, Html, Selector};

use super::support::{assert_links_resolve, epub_in, Epub};
use crate::common::{copy_book, metbook, stderr};

fn fixture_epub() -> (tempfile::TempDir, Epub) {
    let book = copy_book("epub-book");
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = Epub::open(&epub_in(&book.path().join("book")));
    (book, epub)
}

/// The table of contents as indented lines: a part or an unwritten chapter is `[title]`,
/// a link `title -> file`.
fn outline(nav: &str) -> Vec<String> {
    let doc = Html::parse_document(nav);
    let toc = doc
        .select(&Selector::parse("nav#toc > ol").unwrap())
        .next()
        .expect("a toc nav with a list");
    let mut out = Vec::new();
    walk(toc, 0, &mut out);
    out
}

fn walk(ol: ElementRef, depth: usize, out: &mut Vec<String>) {
    for li in ol.child_elements().filter(|e| e.value().name() == "li") {
        let head = li.child_elements().next().expect("an entry");
        let title: String = head.text().collect();
        let line = match head.value().name() {
            "a" => format!("{title} -> {}", head.value().attr("href").unwrap()),
            _ => format!("[{title}]"),
        };
        out.push(format!("{}{line}", "  ".repeat(depth)));
        for sub in li.child_elements().filter(|e| e.value().name() == "ol") {
            walk(sub, depth + 1, out);
        }
    }
}

#[test]
fn the_navigation_document_follows_summary_md() {
    let (_book, epub) = fixture_epub();
    let got = outline(&epub.text("EPUB/nav.xhtml"));
    let expected = [
        "Introduction -> text/introduction.xhtml",
        "[The five principles]",
        "  1. Express empathy -> text/principles/express-empathy.xhtml",
        "    1.1. A practice transcript -> text/principles/practice.xhtml",
        "      1.1.1. Going deeper -> text/principles/deeper.xhtml",
        "  2. Develop discrepancy -> text/principles/develop-discrepancy.xhtml",
        "  3. Avoid argumentation -> text/principles/avoid-argumentation.xhtml",
        "  4. Roll with resistance -> text/principles/roll-with-resistance.xhtml",
        "  5. Support self-efficacy -> text/principles/support-self-efficacy.xhtml",
        "[How MET differs]",
        "  6. MET compared -> text/differences/compared.xhtml",
        "  [7. Not written yet]",
        "    7.1. Pictures and includes -> text/differences/pictures.xhtml",
        "[Delivering the programme]",
        "  8. Session 1 -> text/sessions/session-one.xhtml",
        "  9. The personal feedback report -> text/feedback-report.xhtml",
        "[Forms]",
        "  10. Change plan worksheet -> text/forms/change-plan.xhtml",
        "Colophon -> text/colophon.xhtml",
        "The principles -> text/principles.xhtml",
        "MET compared -> text/met-compared.xhtml",
        "Fidelity checklist -> text/fidelity-checklist.xhtml",
        "Dialogues -> text/dialogues.xhtml",
        "Codebook -> text/codebook.xhtml",
        "Forms -> text/forms.xhtml",
        "Session guide -> text/session-guide.xhtml",
        "Glossary -> text/glossary.xhtml",
        "References -> text/references.xhtml",
    ];
    assert_eq!(got, expected);
    // The reading order: the title page, the contents, then the chapters in SUMMARY.md's
    // order, then the generated pages.
    let opf = epub.text("EPUB/package.opf");
    let spine: Vec<&str> = opf
        .split("<itemref idref=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_eq!(&spine[..3], ["doc-0", "nav", "doc-1"]);
    assert!(opf.contains("<item id=\"doc-1\" href=\"text/introduction.xhtml\""));
}

#[test]
fn links_citations_and_terms_lead_inside_the_epub() {
    let (_book, epub) = fixture_epub();
    assert_links_resolve(&epub);
    let pictures = epub.text("EPUB/text/differences/pictures.xhtml");
    for link in [
        // A citation, a glossary term (from an included file), a dialogue by id.
        "href=\"../references.xhtml#ref-miller1992\"",
        "href=\"../glossary.xhtml#term-change-talk\"",
        "href=\"../principles/express-empathy.xhtml#dlg-example\"",
        // A heading starting with a digit and one with an accent: ids made valid XML names,
        // and the links to them follow.
        "href=\"#caf_e9_-talk\"",
        // Outside the book: left absolute (and encoded).
        "href=\"https://example.org/a%20page\"",
    ] {
        assert!(pictures.contains(link), "{link} in:\n{pictures}");
    }
    let deeper = epub.text("EPUB/text/principles/deeper.xhtml");
    assert!(deeper.contains("href=\"../differences/pictures.xhtml#_2-steps-forward\""));
}

#[test]
fn images_and_the_cover_are_carried() {
    let (_book, epub) = fixture_epub();
    let opf = epub.text("EPUB/package.opf");
    assert!(opf.contains(
        "href=\"media/img/cover.png\" media-type=\"image/png\" properties=\"cover-image\""
    ));
    for (file, media_type) in [
        ("media/img/blue-box.png", "image/png"),
        ("media/img/dot.gif", "image/gif"),
        ("media/img/ruler.svg", "image/svg+xml"),
    ] {
        assert!(
            opf.contains(&format!("href=\"{file}\" media-type=\"{media_type}\"")),
            "{file} in the manifest"
        );
        assert!(epub.files.contains_key(&format!("EPUB/{file}")));
    }
    let title = epub.text("EPUB/title.xhtml");
    assert!(title.contains("<img src=\"media/img/cover.png\" alt=\"Cover\"/>"));
}

#[test]
fn met_blocks_keep_their_structure_as_readable_text_without_scripts() {
    let (_book, epub) = fixture_epub();
    let all = epub.all_text();
    assert!(!all.contains("<script") && !all.contains("<input") && !all.contains("<button"));
    // Only the landmarks list (for reading systems, not readers) is hidden.
    assert_eq!(
        all.matches(" hidden").count(),
        1,
        "nothing is hidden from a reader without scripts"
    );
    // A dialogue: speakers, codes as text (linked to the codebook), the note, the metrics.
    let empathy = epub.text("EPUB/text/principles/express-empathy.xhtml");
    for s in [
        "<span class=\"mb-speaker\">Client: </span>",
        "<span class=\"mb-speaker\">Therapist: </span>",
        "href=\"../codebook.xhtml#code-cr\">CR</a>",
        "class=\"mb-note",
        "<table class=\"mb-metrics\">",
    ] {
        assert!(empathy.contains(s), "{s} in the dialogue");
    }
    // A practice transcript shows its key: the codes and the commentary are there.
    let practice = epub.text("EPUB/text/principles/practice.xhtml");
    assert!(practice.contains(">SR</a>") && practice.contains("A simple reflection"));
    assert!(practice.contains("Global ratings"), "{practice}");
    // A contrast table and a does-not list.
    let compared = epub.text("EPUB/text/differences/compared.xhtml");
    assert!(
        compared.contains("Confrontational counselling")
            && compared.contains("Argue with the client.")
    );
    // A session plan, its guide and its card.
    assert!(epub
        .text("EPUB/text/sessions/session-one.xhtml")
        .contains("mb-session"));
    assert!(epub
        .text("EPUB/text/session-guide.xhtml")
        .contains("Session 1: building motivation"));
    assert!(epub
        .files
        .contains_key("EPUB/text/session-card-session-1.xhtml"));
    // A worksheet prints as blanks and ruled lines; a feedback report as its table.
    let form = epub.text("EPUB/text/forms/change-plan.xhtml");
    assert!(form.contains("class=\"mb-line\"") && form.contains("class=\"mb-box\">○</span>"));
    let pfr = epub.text("EPUB/text/feedback-report.xhtml");
    assert!(pfr.contains("Drinks in a typical week") && pfr.contains("class=\"mb-blank\""));
    // The generated pages.
    for page in [
        "principles",
        "met-compared",
        "fidelity-checklist",
        "dialogues",
        "codebook",
        "forms",
        "glossary",
        "references",
    ] {
        assert!(
            epub.files.contains_key(&format!("EPUB/text/{page}.xhtml")),
            "{page}"
        );
    }
    assert!(epub
        .text("EPUB/text/glossary.xhtml")
        .contains("epub:type=\"glossary\""));
}

#[test]
fn the_package_document_has_the_books_metadata() {
    let (_book, epub) = fixture_epub();
    assert_eq!(epub.order[0], "mimetype");
    assert_eq!(epub.text("mimetype"), "application/epub+zip");
    let opf = epub.text("EPUB/package.opf");
    for s in [
        "<dc:title>EPUB fixture: a small MET manual</dc:title>",
        "<dc:creator>Ann Author</dc:creator>",
        "<dc:creator>Ben Writer</dc:creator>",
        "<dc:language>en</dc:language>",
        "<dc:description>Every MET block, parts, nesting, images and includes, for the EPUB tests.</dc:description>",
        "<dc:identifier id=\"pub-id\">urn:uuid:",
        "<meta property=\"dcterms:modified\">",
    ] {
        assert!(opf.contains(s), "{s} in:\n{opf}");
    }
}
