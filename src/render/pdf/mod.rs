//! The print document behind the PDF edition: a cover, the contents, every chapter in
//! SUMMARY.md order each in a section that starts a page, then the reference pages
//! (glossary, references, codebook…), with every link pointing inside the document. The
//! emit stage prints it with Chromium (see `emit::pdf`); this module only makes the files
//! and the plan of the contents and outline.

mod css;
mod links;
mod sections;

use serde::Serialize;

use super::{ChapterOut, Inputs, Prepared};
use crate::diagnostics::Diagnostic;
use crate::model::PerChapter;

pub(crate) use css::contents_css;

/// The PDF's working folder in the staging folder: the print document with the theme's
/// assets and the book's static files laid out as on the site (so its images load by the
/// site's paths, whether or not this build writes the site), and in [`OWN`] its own
/// stylesheets, Chromium's profile and the printed file. Never published: the build
/// removes it before the staging folder replaces the site.
pub(crate) const WORK: &str = ".metbook-pdf";
/// The print document.
pub(crate) const DOCUMENT: &str = ".metbook-pdf/.metbook-print.html";
/// The PDF's own files, apart from the site's names.
pub(crate) const OWN: &str = ".metbook-pdf/.metbook";
/// The page numbers of the contents, written by the emit stage between its two prints.
pub(crate) const CONTENTS_CSS: &str = ".metbook-pdf/.metbook/contents.css";

/// One line of the contents and one bookmark of the outline: a part, a chapter or a
/// reference page, and what comes under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub title: String,
    /// A SUMMARY.md part title, which groups the chapters under it.
    pub part: bool,
    /// The chapter's number as the sidebar shows it ("2.1."), when it has one.
    pub number: Option<String>,
    /// The id of the element it leads to; Chromium names the PDF destination after it.
    pub anchor: String,
    pub children: Vec<Entry>,
}

/// What the emit stage needs besides the files: the contents, in order and nested as the
/// outline must be.
#[derive(Debug, Default)]
pub struct Plan {
    pub entries: Vec<Entry>,
}

impl Plan {
    /// Every entry, depth first: the order of the contents' lines and of
    /// [`contents_css`]'s page numbers.
    pub fn flat(&self) -> Vec<&Entry> {
        fn walk<'a>(es: &'a [Entry], out: &mut Vec<&'a Entry>) {
            for e in es {
                out.push(e);
                walk(&e.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.entries, &mut out);
        out
    }
}

/// The print document's files (site path → bytes) and its plan.
pub(crate) struct PdfDoc {
    pub files: Vec<(String, Vec<u8>)>,
    pub plan: Plan,
}

#[derive(Serialize)]
struct View<'a> {
    book: super::page::BookView<'a>,
    stylesheets: Vec<String>,
    contents: String,
    content: &'a str,
}

/// Makes the print document from the rendered chapters (their HTML must not have been
/// released yet).
pub(crate) fn document(
    inp: &Inputs,
    prep: &Prepared,
    outs: &PerChapter<Option<ChapterOut>>,
) -> Result<PdfDoc, Diagnostic> {
    let book = inp.book;
    let made = sections::make(book, outs)?;
    let plan = Plan {
        entries: made.entries,
    };
    const SLOT: &str = "\u{1}metbook-pdf-content\u{1}";
    let view = View {
        book: super::page::book_view(book),
        stylesheets: stylesheets(prep),
        contents: sections::contents_html(
            &plan,
            book.config.output.html.no_section_label != Some(true),
        ),
        content: SLOT,
    };
    let file = std::path::Path::new("themes/default/templates/pdf.html");
    let error = |e: &tera::Error| super::templates::template_error(file, e);
    let ctx = tera::Context::from_serialize(&view).map_err(|e| error(&e))?;
    let shell = prep
        .theme
        .tera
        .render("pdf.html", &ctx)
        .map_err(|e| error(&e))?;
    let html = match shell.split_once(SLOT) {
        Some((before, after)) => [before, &made.body, after].concat(),
        None => shell,
    };
    let paper = book
        .config
        .output
        .pdf
        .as_ref()
        .and_then(|p| p.paper.as_deref())
        .unwrap_or("a4");
    let theme_css = book
        .assets
        .theme
        .get("pdf/pdf.css")
        .map(|f| f.bytes.clone())
        .unwrap_or_default();
    let mut files: Vec<(String, Vec<u8>)> = prep
        .fixed
        .iter()
        .map(|(p, b)| (format!("{WORK}/{p}"), b.clone()))
        .collect();
    files.extend([
        (DOCUMENT.to_string(), html.into_bytes()),
        (format!("{OWN}/pdf.css"), theme_css),
        (
            format!("{OWN}/pages.css"),
            css::pages_css(&made.heads, paper).into_bytes(),
        ),
        (
            CONTENTS_CSS.to_string(),
            contents_css(&vec![None; plan.flat().len()]).into_bytes(),
        ),
    ]);
    Ok(PdfDoc { files, plan })
}

/// The site's stylesheets, print.css after the others so it wins, then the book's own,
/// then the PDF's.
fn stylesheets(prep: &Prepared) -> Vec<String> {
    let theme = |k: &str| k.starts_with("css/") && k.ends_with(".css");
    let mut out: Vec<String> = prep
        .assets
        .get("css/metbook.css")
        .into_iter()
        .cloned()
        .collect();
    out.extend(
        prep.assets
            .iter()
            .filter(|(k, _)| theme(k) && *k != "css/metbook.css" && *k != "css/print.css")
            .map(|(_, v)| v.clone()),
    );
    out.extend(prep.assets.get("css/print.css").cloned());
    out.extend(prep.extra_css.iter().cloned());
    let own = OWN
        .strip_prefix(WORK)
        .unwrap_or(OWN)
        .trim_start_matches('/');
    out.extend(["pdf.css", "pages.css", "contents.css"].map(|f| format!("{own}/{f}")));
    out
}
