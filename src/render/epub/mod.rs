//! Stage 4, the EPUB edition: the same book, as an EPUB 3 publication for e-readers. One
//! XHTML document per chapter (its rendered HTML, converted by `xhtml`), one per
//! generated page (principles, MET compared, checklist, dialogues, codebook, forms,
//! session guide and cards, glossary, references), a title page, the navigation document
//! from SUMMARY.md, the stylesheet and the images chapters show. Nothing needs a script:
//! forms print as blanks and practice transcripts show their key. The emit stage puts the
//! files into the zip container.
//!
//! [`publication`] takes one `Book`: a translated book (when metbook has them) is a second
//! call, and a second file.

mod allowed;
mod dom;
mod links;
mod package;
mod shape;
mod xhtml;

use std::collections::{BTreeSet, HashSet};

use rayon::prelude::*;

use super::generated::Generated;
use super::{ChapterOut, Inputs};
use crate::diagnostics::{Diagnostic, Kind};
use crate::model::{Book, ChapterId, PerChapter};
use crate::resolve::links::{relative as site_relative, ANY_PAGE};
use crate::text::escape;
use links::{container_path, Index};
pub(crate) use package::Date;

/// The package document's path in the container (META-INF/container.xml names it).
pub(crate) const PACKAGE: &str = "EPUB/package.opf";
const NAV: &str = "EPUB/nav.xhtml";
const TITLE: &str = "EPUB/title.xhtml";

/// The EPUB's files, for the emit stage to put in the zip container.
pub(crate) struct Publication {
    /// Container path and bytes, in reading order after the package document.
    pub files: Vec<(String, Vec<u8>)>,
    /// When the book last changed: the files' dates in the zip.
    pub date: Date,
}

/// Where one content document's body comes from.
enum Source {
    Title,
    Chapter(ChapterId),
    /// A generated page, by index in `Generated::pages`.
    Page(usize),
}

/// One content document.
struct Doc {
    source: Source,
    /// The site path its HTML was written for (relative links resolve from it).
    page: String,
    container: String,
    title: String,
}

/// The book as an EPUB, with warnings about what of the author's the EPUB leaves out.
pub(crate) fn publication(
    inp: &Inputs,
    outs: &PerChapter<Option<ChapterOut>>,
) -> (Publication, Vec<Diagnostic>) {
    let book = inp.book;
    let started = std::time::Instant::now();
    let lap = |name: &str| crate::timing::Stages::report(name, started.elapsed());
    let gen = Generated::collect(book, outs);
    lap("epub pages");
    let docs = documents(book, &gen);
    let mut index = Index::default();
    for (i, d) in docs.iter().enumerate() {
        index.docs.insert(d.page.clone(), i);
    }
    let mut taken = HashSet::new();
    let media = images(book, &mut index, &mut taken);
    let converted: Vec<xhtml::Converted> = docs
        .par_iter()
        .enumerate()
        .map(|(i, d)| {
            let place = xhtml::Place {
                doc: i,
                page: &d.page,
                container: &d.container,
            };
            // A chapter whose Markdown has no raw HTML holds only what metbook wrote.
            let trusted = match d.source {
                Source::Chapter(c) => outs[c].as_ref().is_some_and(|o| !o.rendered.raw_html),
                Source::Title => true,
                Source::Page(_) => false,
            };
            xhtml::convert(&source_html(inp, outs, &gen, d), &place, &index, trusted)
        })
        .collect();
    lap("epub xhtml");
    let diags = dropped(book, &docs, &converted);
    let paths: Vec<String> = docs.iter().map(|d| d.container.clone()).collect();
    let ids: Vec<HashSet<String>> = converted.iter().map(|c| c.ids.clone()).collect();
    let css = stylesheets(book);
    let lang = &book.config.book.language;
    let bodies: Vec<Vec<u8>> = converted
        .par_iter()
        .enumerate()
        .map(|(i, c)| {
            let body = links::fill(&c.body, i, &paths[i], &paths, &ids);
            let hrefs: Vec<String> = css
                .iter()
                .map(|(p, _)| links::relative(&paths[i], p))
                .collect();
            package::document(lang, &docs[i].title, &hrefs, &body).into_bytes()
        })
        .collect();
    lap("epub links");

    let used: BTreeSet<&str> = converted
        .iter()
        .flat_map(|c| c.images.iter().map(String::as_str))
        .chain(cover(book, &index))
        .collect();
    let date = Date::from_unix(book.source_date);
    let parts = Parts {
        docs: &docs,
        converted: &converted,
        css: &css,
        media: &media,
        used: &used,
        cover: cover(book, &index),
    };
    let opf = manifest(book, &parts, date);
    let nav = nav(book, &docs, &css);
    let mut files = vec![(PACKAGE.to_string(), opf.into_bytes())];
    files.push((NAV.to_string(), nav.into_bytes()));
    files.extend(css);
    files.extend(paths.into_iter().zip(bodies));
    files.extend(
        media
            .into_iter()
            .filter(|(p, _, _)| used.contains(p.as_str()))
            .map(|(p, _, b)| (p, b)),
    );
    (Publication { files, date }, diags)
}

/// The title page, each chapter with a page, then each generated page.
fn documents(book: &Book, gen: &Generated) -> Vec<Doc> {
    let mut taken: HashSet<String> = [PACKAGE, NAV, TITLE]
        .iter()
        .map(|p| p.to_ascii_lowercase())
        .collect();
    let has_index = book.pages().any(|(_, c)| c.out_path == "index.html");
    let mut docs = vec![Doc {
        source: Source::Title,
        // Links to the site's landing page lead here, unless a chapter is the landing page.
        page: if has_index {
            "\u{0}title"
        } else {
            "index.html"
        }
        .into(),
        container: TITLE.into(),
        title: book.config.title().to_string(),
    }];
    for (i, c) in book.pages() {
        docs.push(Doc {
            source: Source::Chapter(i),
            page: c.out_path.clone(),
            container: container_path("EPUB/text/", &c.out_path, Some("xhtml"), &mut taken),
            title: c.title.clone(),
        });
    }
    for (n, p) in gen.pages.iter().enumerate() {
        docs.push(Doc {
            source: Source::Page(n),
            page: p.path.clone(),
            container: container_path("EPUB/text/", &p.path, Some("xhtml"), &mut taken),
            title: p.title.clone(),
        });
    }
    docs
}

/// A document's HTML before conversion: its heading and content as the site shows them,
/// without the site's navigation.
fn source_html(
    inp: &Inputs,
    outs: &PerChapter<Option<ChapterOut>>,
    gen: &Generated,
    d: &Doc,
) -> String {
    let book = inp.book;
    match d.source {
        Source::Title => title_page(book),
        Source::Chapter(i) => match &outs[i] {
            Some(out) => chapter_html(inp, gen, i, out),
            None => String::new(),
        },
        Source::Page(n) => {
            let p = &gen.pages[n];
            let kind = match p.path.as_str() {
                "glossary.html" => " epub:type=\"glossary\"",
                "references.html" => " epub:type=\"bibliography\"",
                _ => "",
            };
            format!(
                "<section class=\"mb-article mb-generated-page\"{kind}>\n<h1 class=\"mb-title\">{}</h1>\n{}\n</section>",
                escape(&p.title),
                p.html
            )
        }
    }
}

fn title_page(book: &Book) -> String {
    let c = &book.config;
    let mut s = String::from("<section class=\"mb-titlepage\" epub:type=\"titlepage\">\n");
    if let Some((path, _)) = &book.assets.epub_cover {
        s.push_str(&format!(
            "<p class=\"mb-cover\"><img src=\"{}\" alt=\"Cover\"/></p>\n",
            escape(&site_relative(ANY_PAGE, path))
        ));
    }
    s.push_str(&format!(
        "<h1 class=\"mb-title\">{}</h1>\n",
        escape(c.title())
    ));
    if !c.book.authors.is_empty() {
        s.push_str(&format!(
            "<p class=\"mb-authors\">{}</p>\n",
            escape(&c.book.authors.join(", "))
        ));
    }
    if let Some(d) = &c.book.description {
        s.push_str(&format!("<p class=\"mb-lead\">{}</p>\n", escape(d)));
    }
    s.push_str("</section>");
    s
}

/// A chapter as its page shows it: kind, number and title, the principles it illustrates,
/// its content and the pages that refer to it.
fn chapter_html(inp: &Inputs, gen: &Generated, i: ChapterId, out: &ChapterOut) -> String {
    let book = inp.book;
    let ch = &book.chapters[i];
    let mut view = super::page::PageView::new("chapter", &ch.out_path, ch.title.clone());
    super::page::chapter_links(book, i, &mut view);
    let mut s = format!(
        "<section class=\"mb-article mb-kind-{}\" epub:type=\"chapter\">\n<header class=\"mb-page-header\">\n",
        view.chapter_kind
    );
    if view.chapter_kind != "chapter" {
        let mut kind = view.chapter_kind.to_string();
        if let Some(f) = kind.get_mut(..1) {
            f.make_ascii_uppercase();
        }
        s.push_str(&format!("<p class=\"mb-eyebrow\">{kind}</p>\n"));
    }
    let id = view
        .title_id
        .as_ref()
        .map(|id| format!(" id=\"{}\"", escape(id)))
        .unwrap_or_default();
    let number = view
        .number
        .as_ref()
        .map(|n| format!("<span class=\"mb-number\">{}</span> ", escape(n)))
        .unwrap_or_default();
    s.push_str(&format!(
        "<h1 class=\"mb-title\"{id}>{number}{}</h1>\n",
        escape(&view.heading)
    ));
    if !view.illustrates.is_empty() {
        s.push_str("<p class=\"mb-illustrates\">Illustrates: ");
        s.push_str(&link_list(&view.illustrates, ", "));
        s.push_str("</p>\n");
    }
    s.push_str("</header>\n");
    s.push_str(&out.epub_html());
    let mut back: Vec<super::page::Link> = inp.resolved.backlinks[i]
        .iter()
        .map(|&b| super::page::Link {
            title: book.chapters[b].title.clone(),
            url: site_relative(&ch.out_path, &book.chapters[b].out_path),
        })
        .chain(gen.backlinks_for(book, i, &ch.out_path))
        .collect();
    let mut seen = HashSet::new();
    back.retain(|l| seen.insert(l.url.clone()));
    if !back.is_empty() {
        s.push_str("<section class=\"mb-backlinks\">\n<h2>Referenced from</h2>\n<ul>");
        for l in &back {
            s.push_str("<li>");
            s.push_str(&link_list(std::slice::from_ref(l), ""));
            s.push_str("</li>");
        }
        s.push_str("</ul>\n</section>\n");
    }
    s.push_str("</section>");
    s
}

fn link_list(links: &[super::page::Link], sep: &str) -> String {
    links
        .iter()
        .map(|l| format!("<a href=\"{}\">{}</a>", escape(&l.url), escape(&l.title)))
        .collect::<Vec<_>>()
        .join(sep)
}

/// The images the EPUB can carry (PNG, JPEG, GIF, SVG) among the book's files, given
/// container paths in `index`: container path, media type, bytes.
fn images(
    book: &Book,
    index: &mut Index,
    taken: &mut HashSet<String>,
) -> Vec<(String, &'static str, Vec<u8>)> {
    let cover = book.assets.epub_cover.iter().map(|(p, b)| (p, b));
    let statics = book.assets.statics.iter().map(|(p, b)| (p, b));
    let mut out = Vec::new();
    for (site, bytes) in cover.chain(statics) {
        let Some(media_type) = media_type(site, bytes) else {
            continue;
        };
        if index.images.contains_key(site) {
            continue;
        }
        let path = container_path("EPUB/media/", site, None, taken);
        index.images.insert(site.clone(), path.clone());
        out.push((path, media_type, bytes.clone()));
    }
    out
}

/// The container path of the cover image.
fn cover<'a>(book: &Book, index: &'a Index) -> Option<&'a str> {
    let (site, _) = book.assets.epub_cover.as_ref()?;
    index.images.get(site).map(String::as_str)
}

/// An image's media type from its first bytes, when it is one EPUB readers must show.
fn media_type(path: &str, bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if path.to_ascii_lowercase().ends_with(".svg")
        && std::str::from_utf8(bytes).is_ok_and(|s| s.contains("<svg"))
    {
        Some("image/svg+xml")
    } else {
        None
    }
}

/// The theme's EPUB stylesheet and `[output.epub] additional-css`: container path, bytes.
fn stylesheets(book: &Book) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let default = book
        .config
        .output
        .epub
        .as_ref()
        .and_then(|e| e.use_default_css)
        != Some(false);
    if let Some(f) = book.assets.theme.get("epub/epub.css").filter(|_| default) {
        out.push(("EPUB/css/epub.css".to_string(), f.bytes.clone()));
    }
    let mut taken = HashSet::from(["epub/css/epub.css".to_string()]);
    for (path, bytes) in &book.assets.epub_css {
        let name = path.rsplit('/').next().unwrap_or(path);
        out.push((
            container_path("EPUB/css/", name, None, &mut taken),
            bytes.clone(),
        ));
    }
    out
}

/// What the manifest lists.
struct Parts<'a> {
    docs: &'a [Doc],
    converted: &'a [xhtml::Converted],
    css: &'a [(String, Vec<u8>)],
    /// Every image the EPUB could carry; only those in `used` go in.
    media: &'a [(String, &'static str, Vec<u8>)],
    used: &'a BTreeSet<&'a str>,
    /// The cover's container path.
    cover: Option<&'a str>,
}

/// The package document.
fn manifest(book: &Book, parts: &Parts, date: Date) -> String {
    let c = &book.config;
    let Parts {
        docs,
        converted,
        css,
        media,
        used,
        cover,
    } = parts;
    let href = |p: &str| p.strip_prefix("EPUB/").unwrap_or(p).to_string();
    let mut items = vec![package::Item {
        id: "nav".into(),
        href: href(NAV),
        media_type: "application/xhtml+xml",
        properties: vec!["nav"],
    }];
    for (n, (p, _)) in css.iter().enumerate() {
        items.push(package::Item {
            id: format!("css-{n}"),
            href: href(p),
            media_type: "text/css",
            properties: Vec::new(),
        });
    }
    let mut spine = vec!["doc-0".to_string(), "nav".to_string()];
    for (n, (d, conv)) in docs.iter().zip(converted.iter()).enumerate() {
        let mut properties = Vec::new();
        if conv.svg {
            properties.push("svg");
        }
        if conv.mathml {
            properties.push("mathml");
        }
        items.push(package::Item {
            id: format!("doc-{n}"),
            href: href(&d.container),
            media_type: "application/xhtml+xml",
            properties,
        });
        if n > 0 {
            spine.push(format!("doc-{n}"));
        }
    }
    for (n, (p, media_type, _)) in media.iter().enumerate() {
        if !used.contains(p.as_str()) {
            continue;
        }
        let is_cover = *cover == Some(p.as_str());
        items.push(package::Item {
            id: format!("img-{n}"),
            href: href(p),
            media_type,
            properties: if is_cover {
                vec!["cover-image"]
            } else {
                Vec::new()
            },
        });
    }
    let meta = package::Meta {
        identifier: package::identifier(book),
        title: c.title(),
        authors: &c.book.authors,
        language: &c.book.language,
        description: c.book.description.as_deref(),
        modified: date.iso(),
    };
    package::opf(&meta, &items, &spine)
}

/// The navigation document: SUMMARY.md's tree, then the generated pages listed in the
/// site's navigation.
fn nav(book: &Book, docs: &[Doc], css: &[(String, Vec<u8>)]) -> String {
    let from = |d: &Doc| links::relative(NAV, &d.container);
    let chapter_doc = |i: ChapterId| {
        docs.iter()
            .find(|d| matches!(d.source, Source::Chapter(c) if c == i))
            .map(from)
    };
    let first = docs
        .iter()
        .find(|d| matches!(d.source, Source::Chapter(_)))
        .map(from);
    let page = |path: &str| docs.iter().find(|d| d.page == path).map(from);
    let mut landmarks = vec![("toc", "Contents".to_string(), "nav.xhtml#toc".to_string())];
    landmarks.extend(first.map(|h| ("bodymatter", "Start of content".to_string(), h)));
    landmarks.extend(page("glossary.html").map(|h| ("glossary", "Glossary".to_string(), h)));
    landmarks
        .extend(page("references.html").map(|h| ("bibliography", "References".to_string(), h)));
    let nav_links = package::NavLinks {
        chapter: &chapter_doc,
        pages: docs
            .iter()
            .filter(|d| matches!(d.source, Source::Page(_)) && !d.page.starts_with("session-card-"))
            .map(|d| (d.title.clone(), from(d)))
            .collect(),
        landmarks,
    };
    let body = package::nav_body(book, &nav_links);
    package::document(
        &book.config.book.language,
        "Contents",
        &css.iter()
            .map(|(p, _)| links::relative(NAV, p))
            .collect::<Vec<_>>(),
        &body,
    )
}

/// Warnings for what of the authors' chapters the EPUB leaves out, at the first place
/// the chapter's Markdown shows it.
fn dropped(book: &Book, docs: &[Doc], converted: &[xhtml::Converted]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (d, c) in docs.iter().zip(converted) {
        let Source::Chapter(i) = d.source else {
            continue;
        };
        let ch = &book.chapters[i];
        for x in &c.dropped {
            let lower = ch.body.to_ascii_lowercase();
            let at = lower.find(&x.needle.to_ascii_lowercase()).unwrap_or(0);
            let (line, col) = crate::diagnostics::line_col(&ch.body, at);
            let (file, line) = ch.locate(line);
            out.push(
                Diagnostic::warning(
                    Kind::EpubContent,
                    file,
                    line,
                    col,
                    format!("{} is left out of the EPUB: {}", x.what, x.why),
                )
                .len(x.needle.chars().count())
                .help("the web pages keep it; for the EPUB, put what matters in the text (or use a PNG, JPEG, GIF or SVG image saved in the book's source folder)"),
            );
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests;
