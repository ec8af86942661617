//! Stage 4: every page of the site, handed to the emit stage's sink as it is made:
//! chapters in parallel, then their pages with print.html, the search index beside them,
//! the generated MET pages, the index, 404 and sitemap.

pub(crate) mod blocks;
pub(crate) mod chapter;
pub(crate) mod dialogue;
pub(crate) mod epub;
pub(crate) mod feedback;
pub(crate) mod generated;
pub(crate) mod offline;
pub(crate) mod page;
mod pager;
pub(crate) mod pdf;
pub(crate) mod redirect;
pub(crate) mod sanitize;
pub mod search;
pub(crate) mod session;
mod sink;
pub(crate) mod templates;
pub(crate) mod toc;
pub(crate) mod worksheet;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Kind};
use crate::model::{Book, ChapterId, PerChapter};
use crate::resolve::Resolved;
pub use pager::Pager;
pub use sink::{Prefixed, Sink};

/// The finished site: site path → bytes.
pub type Site = Vec<(String, Vec<u8>)>;

/// What rendering a chapter reads: the book and its resolved links.
pub struct Inputs<'a> {
    /// The loaded book.
    pub book: &'a Book,
    /// Its ids, links and back-links.
    pub resolved: &'a Resolved,
}

/// What every page shares and what never depends on chapter text: the compiled theme,
/// fingerprinted assets, the chapter-tree script and copied files.
pub struct Prepared {
    /// The compiled page templates.
    pub theme: templates::Theme,
    /// Theme asset path → its fingerprinted path in the site.
    pub assets: BTreeMap<String, String>,
    /// The script holding the chapter tree of the sidebar.
    pub toc_js: String,
    /// Site paths of the book's extra stylesheets.
    pub extra_css: Vec<String>,
    /// Site paths of the book's extra scripts.
    pub extra_js: Vec<String>,
    /// Files written as they are: assets, the tree script, extra and static files.
    pub fixed: Site,
    /// The script holding the words the theme's scripts read (`js_…`).
    pub words_js: String,
    /// The other formats' files the pages link to (set by the caller, which knows what
    /// this build makes and what the build folder keeps).
    pub downloads: Vec<page::Download>,
}

/// One chapter rendered twice: for its own page and for print.html.
/// One chapter rendered once, with root marks in its links, serving both its own page and
/// print.html; only this one copy of its HTML is kept.
pub struct ChapterOut {
    /// The chapter's HTML and what it used (sections, terms, citations, problems).
    pub rendered: chapter::Rendered,
    /// Emptied by [`ChapterOut::release`] once a build has written the page and its print
    /// section; behind a lock because the search index reads `rendered` meanwhile.
    marked: std::sync::Mutex<String>,
    /// The plain text of each section, for the search index; a build moves it out.
    sections: std::sync::Mutex<Vec<chapter::Section>>,
    title_end: usize,
}

/// Compiles the theme and fingerprints the assets; `None` (with problems in `diags`) when the theme does not compile.
pub fn prepare(book: &Book, diags: &mut Diagnostics) -> Option<Prepared> {
    let theme = match templates::compile(&book.assets.theme) {
        Ok(t) => t,
        Err(ds) => {
            diags.extend(ds);
            return None;
        }
    };
    let mut fixed: Site = Vec::new();
    let mut assets = BTreeMap::new();
    for (path, bytes) in &theme.assets {
        let name = fingerprint(path, bytes);
        assets.insert(path.clone(), name.clone());
        fixed.push((name, bytes.clone()));
    }
    let (extra_css, extra_js) = extra_files(book, &mut fixed);
    let toc_bytes = toc::script(book);
    let toc_js = fingerprint("toc.js", &toc_bytes);
    fixed.push((toc_js.clone(), toc_bytes));
    fixed.extend(book.assets.statics.iter().cloned());
    let scripts: BTreeMap<&String, &String> = book
        .words
        .0
        .iter()
        .filter(|(k, _)| k.starts_with("js_"))
        .collect();
    // A shared script like the tree's, cached once, rather than a copy in every page.
    let words_bytes = format!(
        "window.metbookWords={};\n",
        serde_json::to_string(&scripts).unwrap_or_default()
    )
    .into_bytes();
    let words_js = fingerprint("words.js", &words_bytes);
    fixed.push((words_js.clone(), words_bytes));
    Some(Prepared {
        theme,
        assets,
        toc_js,
        extra_css,
        extra_js,
        fixed,
        words_js,
        downloads: Vec::new(),
    })
}

/// Renders chapter `i` once, for its own page and for print.html.
pub fn render_chapter(inp: &Inputs, i: ChapterId) -> ChapterOut {
    let book = inp.book;
    let ch = &book.chapters[i];
    let ctx = chapter::Ctx {
        book,
        resolved: inp.resolved,
        blocks: &ch.blocks,
        index: i,
        page: crate::resolve::links::ANY_PAGE,
        report: true,
    };
    let mut rendered = chapter::render(&ctx);
    let mut marked = std::mem::take(&mut rendered.html);
    // Kept until the whole site is written: growth slack would be a quarter of the peak
    // memory of a large build.
    marked.shrink_to_fit();
    // The section texts keep their line breaks: the search index reads words, and each
    // excerpt collapses whitespace as it is cut (see search::cut_to_excerpts).
    let mut sections = std::mem::take(&mut rendered.sections);
    sections.shrink_to_fit();
    // The page template prints the title, so the chapter's own `# Title` is left out there.
    let title_end = match ch.title_heading() {
        Some(_) if marked.starts_with("<h1") => marked.find("</h1>\n").map(|e| e + 6).unwrap_or(0),
        _ => 0,
    };
    ChapterOut {
        rendered,
        marked: std::sync::Mutex::new(marked),
        sections: std::sync::Mutex::new(sections),
        title_end,
    }
}

impl ChapterOut {
    fn marked(&self) -> std::sync::MutexGuard<'_, String> {
        self.marked.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The HTML for the chapter's own page at site path `page`.
    pub fn page_html(&self, page: &str) -> String {
        let marked = self.marked();
        fill_root(
            marked.get(self.title_end..).unwrap_or(""),
            &crate::resolve::links::root_of(page),
            "",
        )
    }

    /// The chapter's HTML for its EPUB document, without its leading title (the document
    /// prints it): links to site paths keep their root mark, which the EPUB resolves.
    pub fn epub_html(&self) -> String {
        let marked = self.marked();
        let root = crate::resolve::links::ROOT_MARK.to_string();
        fill_root(marked.get(self.title_end..).unwrap_or(""), &root, "")
    }

    /// The chapter's section of print.html.
    pub fn write_print(&self, id: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let marked = self.marked();
        // Room for the id prefixes the heading marks become, so the copy is not regrown.
        let mut s = String::with_capacity(marked.len() + marked.len() / 4 + 64);
        s.push_str("<section class=\"mb-print-chapter\" id=\"print-");
        crate::text::escape_into(id, &mut s);
        s.push_str("\">\n");
        // Every chapter's headings share print.html: their ids get the chapter's prefix.
        fill_root_into(&marked, "", &format!("{id}--"), &mut s);
        s.push_str("</section>\n");
        out.write_all(s.as_bytes())
    }

    /// Bytes of HTML held.
    pub fn html_len(&self) -> usize {
        self.marked().len()
    }

    /// The section texts for the search index: moved out with `take`, else copied.
    fn sections(&self, take: bool) -> Vec<chapter::Section> {
        let mut s = self.sections.lock().unwrap_or_else(|e| e.into_inner());
        if take {
            std::mem::take(&mut *s)
        } else {
            s.clone()
        }
    }

    /// Frees the HTML: a build needs it no more once the page and print section are out.
    pub fn release(&self) {
        *self.marked() = String::new();
    }
}

/// Fills the marks a chapter's HTML is rendered with, for the page it goes on: the root
/// marks left by `relative(ANY_PAGE, …)` with the page's root prefix, and the heading-id
/// marks with `frag` (see `FRAG_MARK`). pulldown-cmark writes marks in link and image
/// URLs percent-encoded, as `="%01` and `#%02`.
pub(crate) fn fill_root(html: &str, root: &str, frag: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    fill_root_into(html, root, frag, &mut out);
    out
}

/// [`fill_root`] into `out`, in one pass: it runs twice per chapter (page and print.html)
/// over the whole HTML, and two `str::replace` passes were 4 % of a build.
fn fill_root_into(html: &str, root: &str, frag: &str, out: &mut String) {
    const ROOT: u8 = crate::resolve::links::ROOT_MARK as u8;
    const FRAG: u8 = crate::resolve::links::FRAG_MARK as u8;
    let b = html.as_bytes();
    let mut last = 0;
    for i in memchr::memchr3_iter(ROOT, FRAG, b'%', b) {
        let (len, with) = match b[i] {
            ROOT => (1, root),
            FRAG => (1, frag),
            _ if b[i..].starts_with(b"%01") && i >= 2 && &b[i - 2..i] == b"=\"" => (3, root),
            _ if b[i..].starts_with(b"%02") && i >= 1 && b[i - 1] == b'#' => (3, frag),
            _ => continue,
        };
        out.push_str(&html[last..i]);
        out.push_str(with);
        last = i + len;
    }
    out.push_str(&html[last..]);
}

/// Renders every chapter in parallel; indexed like `book.chapters` (None for drafts).
pub fn render_chapters(inp: &Inputs) -> PerChapter<Option<ChapterOut>> {
    let outs: Vec<Option<ChapterOut>> = (0..inp.book.chapters.len())
        .into_par_iter()
        .map(ChapterId::at)
        .map(|i| (!inp.book.chapters[i].draft).then(|| render_chapter(inp, i)))
        .collect();
    outs.into_iter().collect()
}

/// The search index files for the whole book, each handed to `emit` as it is made. With
/// `take`, the chapters' section texts are moved into the index rather than copied.
pub fn search_files(
    inp: &Inputs,
    outs: &PerChapter<Option<ChapterOut>>,
    diags: &mut Diagnostics,
    take: bool,
    emit: &mut dyn FnMut(String, Vec<u8>),
) {
    let book = inp.book;
    let mut cited: Vec<String> = outs
        .values()
        .flatten()
        .flat_map(|o| o.rendered.cites_used.iter().cloned())
        .collect();
    cited.sort();
    cited.dedup();
    let chapters: Vec<(ChapterId, Vec<chapter::Section>)> = outs
        .iter()
        .filter_map(|(i, o)| o.as_ref().map(|o| (i, o.sections(take))))
        .collect();
    let docs = search::collect::from_book(book, chapters, &cited);
    let search = &book.config.output.html.search;
    let w_heading = search::index::title_weight(search.boost_title);
    let warnings = search::build_streamed(docs, &book.config.book.language, w_heading, emit);
    for w in &warnings {
        diags.push(
            Diagnostic::warning(Kind::Language, book.root.join("book.toml"), 1, 1, w.clone())
                .help("set `[book] language` to a language code such as \"en\" or \"es\""),
        );
    }
}

/// Every page from the rendered chapters, plus the fixed files, the search index and the
/// sitemap, each handed to `sink` as soon as it is ready; returns the site paths. With
/// `release`, each chapter's HTML is freed once written (see [`ChapterOut::release`]).
pub fn assemble(
    inp: &Inputs,
    prep: &Prepared,
    outs: &PerChapter<Option<ChapterOut>>,
    diags: &mut Diagnostics,
    t: &mut crate::timing::Stages,
    sink: &dyn Sink,
    release: bool,
) -> Vec<String> {
    let pager = Pager::new(inp, prep, outs);
    let put = |r: Result<(String, Vec<u8>), Diagnostic>| {
        let (p, b) = r?;
        sink.put(&p, b).map(|_| p)
    };
    // The search index is built on one thread while the pages fill the others.
    let (results, search) = rayon::join(
        || {
            // The generated pages go first, so their HTML is freed before the peak.
            let other: Vec<_> = pager.other_pages().into_iter().map(put).collect();
            let mut r = pager.chapter_pages(outs, sink, release);
            r.extend(other);
            r
        },
        || {
            let started = std::time::Instant::now();
            let mut d = Diagnostics::default();
            let mut paths = Vec::new();
            search_files(inp, outs, &mut d, release, &mut |p, b| {
                paths.push(put(Ok((p, b))))
            });
            crate::timing::Stages::report("search index (alongside)", started.elapsed());
            (paths, d)
        },
    );
    let (search, search_diags) = search;
    let fixed = prep
        .fixed
        .iter()
        .map(|(p, b)| put(Ok((p.clone(), b.clone()))));
    let mut paths = Vec::new();
    for r in fixed.chain(results).chain(search) {
        match r {
            Ok(p) => paths.push(p),
            Err(d) => diags.push(d),
        }
    }
    diags.extend(search_diags.items);
    t.mark("pages + search");
    let html = &inp.book.config.output.html;
    // Redirects and CNAME need the whole site's paths: a redirect's target must exist.
    let (redirects, ds) = redirect::pages(inp.book, &paths, &prep.assets);
    diags.extend(ds);
    let cname = html.cname.as_ref().map(|c| redirect::Page {
        path: "CNAME".into(),
        html: format!("{}\n", c.trim()),
    });
    for r in redirects.into_iter().chain(cname) {
        match sink.put(&r.path, r.html.into_bytes()) {
            Ok(_) => paths.push(r.path),
            Err(d) => diags.push(d),
        }
    }
    // One sitemap for the whole site, written by the source edition: every edition has
    // the same pages, under its own folder.
    if let (Some(url), true) = (&html.site_url, inp.book.edition.is_source()) {
        let xml = sitemap(url, &paths, &inp.book.edition.all);
        if let Err(d) = sink.put("sitemap.xml", xml.into_bytes()) {
            diags.push(d);
        }
        paths.push("sitemap.xml".into());
    }
    paths
}

/// `css/metbook.css` → `css/metbook-1a2b3c4d.css`, so caches never serve stale files. The
/// name only has to change with the bytes (nothing trusts it), so a fast non-cryptographic
/// hash does: the contents file of a big book is hashed on every build.
pub fn fingerprint(path: &str, bytes: &[u8]) -> String {
    let hex = format!("{:08x}", xxhash_rust::xxh3::xxh3_64(bytes) >> 32);
    match path.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}-{hex}.{ext}"),
        None => format!("{path}-{hex}"),
    }
}

fn extra_files(book: &Book, site: &mut Site) -> (Vec<String>, Vec<String>) {
    let mut add = |files: &[(String, Vec<u8>)]| -> Vec<String> {
        let mut names = Vec::new();
        for (rel, bytes) in files {
            let name = fingerprint(&format!("extra/{rel}"), bytes);
            site.push((name.clone(), bytes.clone()));
            names.push(name);
        }
        names
    };
    (add(&book.assets.extra_css), add(&book.assets.extra_js))
}

/// The sitemap; for a translated book every page of every edition, each with its
/// language alternates (`xhtml:link`, as search engines read them).
fn sitemap(url: &str, paths: &[String], editions: &[crate::model::EditionRef]) -> String {
    let base = crate::text::escape(url.trim_end_matches('/'));
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    let prefixes: Vec<&str> = if editions.is_empty() {
        vec![""]
    } else {
        editions.iter().map(|e| e.prefix.as_str()).collect()
    };
    for p in paths
        .iter()
        .filter(|p| p.ends_with(".html") && *p != "404.html")
    {
        let p = crate::text::escape(p);
        for prefix in &prefixes {
            s.push_str(&format!("  <url><loc>{base}/{prefix}{p}</loc>"));
            for e in editions {
                s.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{base}/{}{p}\"/>",
                    crate::text::escape(&e.lang),
                    e.prefix
                ));
            }
            s.push_str("</url>\n");
        }
    }
    s.push_str("</urlset>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::fill_root;

    #[test]
    fn root_marks_are_filled_raw_and_percent_encoded_but_not_other_escapes() {
        let html = "<a href=\"%01a.html\">x</a> <img src=\"%01i.png\"> \u{1}g.html 50%01 \
                    <a href=\"b%01.html\">%</a>%";
        assert_eq!(
            fill_root(html, "../", ""),
            "<a href=\"../a.html\">x</a> <img src=\"../i.png\"> ../g.html 50%01 \
             <a href=\"b%01.html\">%</a>%"
        );
        assert_eq!(fill_root("", "../", ""), "");
        assert_eq!(fill_root("\u{1}", "", ""), "");
        let heading = "<h2 id=\"\u{2}why\">Why <a href=\"#\u{2}why\">#</a></h2> \
                       <a href=\"#%02why\">why</a> <a href=\"#dlg-x\">d</a> 5%02";
        assert_eq!(
            fill_root(heading, "", "ch--"),
            "<h2 id=\"ch--why\">Why <a href=\"#ch--why\">#</a></h2> \
             <a href=\"#ch--why\">why</a> <a href=\"#dlg-x\">d</a> 5%02"
        );
        assert_eq!(
            fill_root(heading, "", ""),
            "<h2 id=\"why\">Why <a href=\"#why\">#</a></h2> \
             <a href=\"#why\">why</a> <a href=\"#dlg-x\">d</a> 5%02"
        );
    }
}
