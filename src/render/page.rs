//! Typed views handed to Tera: one `PageView` per page, plus the book-wide parts that are
//! the same on every page. Templates see nothing that is not declared here.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Book, ChapterId};
use crate::resolve::links::{relative, root_of};

#[derive(Serialize)]
pub(crate) struct BookView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub authors: &'a [String],
    pub language: &'a str,
    pub site_url: Option<&'a str>,
    pub git_repository_url: Option<&'a str>,
    /// print.html is written (`[output.html.print] enable`).
    pub print: bool,
    pub print_page_break: bool,
    /// Pages link the web app manifest and register the service worker (see offline.rs).
    pub offline: bool,
    /// Search results shown at first (`[output.html.search] limit-results`).
    pub search_limit: u32,
    /// Chapter numbers in the sidebar (`no-section-label` turns them off).
    pub section_labels: bool,
    /// The "On this page" list (`sidebar-header-nav`).
    pub header_nav: bool,
    /// Every language edition, source first, for the switcher and `hreflang` links
    /// (empty for a one-language book).
    pub editions: Vec<EditionView>,
    /// `site-url` ending in `/`, for absolute alternate links.
    pub site_base: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct EditionView {
    pub lang: String,
    pub name: String,
    /// The edition's folder in the site ("" or "es/").
    pub prefix: String,
    pub current: bool,
}

#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A file of another format in the build folder, offered on every page ("Download EPUB").
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Download {
    /// As readers see it: `EPUB`.
    pub format: &'static str,
    /// Its site path (in the build folder's root).
    pub path: String,
    /// Its media type, for the link's `type`.
    pub mime: &'static str,
}

#[derive(Serialize, Clone)]
pub(crate) struct GeneratedLink {
    pub title: String,
    pub path: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct HeadingView {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Serialize)]
pub(crate) struct PageView {
    pub kind: &'static str,
    pub title: String,
    pub path: String,
    pub root: String,
    pub description: String,
    pub number: Option<String>,
    pub chapter_kind: &'static str,
    pub content: String,
    pub breadcrumbs: Vec<Link>,
    pub headings: Vec<HeadingView>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    pub backlinks: Vec<Link>,
    pub edit_url: Option<String>,
    /// The id of the chapter's own leading `# Title`, which the template's title carries
    /// instead (the heading itself is left out of `content`).
    pub title_id: Option<String>,
    /// The page's heading: the chapter's own leading `# Title` as written (as mdBook
    /// shows it), unless front matter gives a `title:`; else `title`, the SUMMARY.md name
    /// that the navigation and the window title use.
    pub heading: String,
    /// The principles this chapter says it illustrates (front matter `principles:`).
    pub illustrates: Vec<Link>,
    /// Not yet translated: the source language of the text shown instead.
    pub fallback_lang: Option<String>,
    /// The page's heading is in this language rather than the page's (an untranslated
    /// chapter without a translated title).
    pub heading_lang: Option<String>,
}

impl PageView {
    pub(crate) fn new(kind: &'static str, path: &str, title: String) -> Self {
        PageView {
            kind,
            heading: title.clone(),
            title,
            path: path.to_string(),
            root: root_of(path),
            description: String::new(),
            number: None,
            chapter_kind: "chapter",
            content: String::new(),
            breadcrumbs: Vec::new(),
            headings: Vec::new(),
            prev: None,
            next: None,
            backlinks: Vec::new(),
            edit_url: None,
            title_id: None,
            illustrates: Vec::new(),
            fallback_lang: None,
            heading_lang: None,
        }
    }
}

/// What every page shares; made into template values once per build (`Pager::site`),
/// then each page adds `page` and `contents_html`.
#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    pub book: BookView<'a>,
    pub default_theme: &'a str,
    pub assets: &'a BTreeMap<String, String>,
    /// The theme's other stylesheets (search.css, dialogue.css…), in name order: chosen
    /// here once rather than by filtering `assets` in the template on every page.
    pub stylesheets: &'a [&'a String],
    pub toc_js: &'a str,
    pub generated: &'a [GeneratedLink],
    /// The other formats built beside the site, for download links.
    pub downloads: &'a [Download],
    pub extra_css: &'a [String],
    pub extra_js: &'a [String],
    /// The theme's words in the page's language (`ui.skip_to_content`…).
    pub ui: &'a BTreeMap<String, String>,
    /// The script that holds the words the theme's scripts read.
    pub words_js: &'a str,
}

pub(crate) fn book_view(book: &Book) -> BookView<'_> {
    let c = &book.config;
    BookView {
        title: c.title(),
        description: c.book.description.as_deref().unwrap_or(""),
        authors: &c.book.authors,
        language: &c.book.language,
        site_url: c.output.html.site_url.as_deref(),
        git_repository_url: c.output.html.git_repository_url.as_deref(),
        print: c.output.html.print.enable,
        print_page_break: c.output.html.print.page_break,
        offline: c.output.html.offline.enable,
        search_limit: c.output.html.search.limit_results.unwrap_or(10).max(1),
        section_labels: c.output.html.no_section_label != Some(true),
        header_nav: c.output.html.sidebar_header_nav != Some(false),
        editions: book
            .edition
            .all
            .iter()
            .map(|e| EditionView {
                lang: e.lang.clone(),
                name: e.name.clone(),
                prefix: e.prefix.clone(),
                current: e.prefix == book.edition.prefix,
            })
            .collect(),
        site_base: c
            .output
            .html
            .site_url
            .as_deref()
            .map(|u| format!("{}/", u.trim_end_matches('/'))),
    }
}

/// Links for a chapter page: breadcrumbs, prev/next in reading order (drafts skipped).
pub(crate) fn chapter_links(book: &Book, index: ChapterId, page: &mut PageView) {
    let ch = &book.chapters[index];
    let link = |i: ChapterId| Link {
        title: book.chapters[i].title.clone(),
        url: relative(&ch.out_path, &book.chapters[i].out_path),
    };
    page.breadcrumbs = ch
        .parents
        .iter()
        .filter(|&&p| !book.chapters[p].draft)
        .map(|&p| link(p))
        .collect();
    // Walk outwards from this chapter only as far as the nearest page on each side.
    page.prev = (0..index.index())
        .rev()
        .map(ChapterId::at)
        .find(|&i| !book.chapters[i].draft)
        .map(link);
    page.next = (index.index() + 1..book.chapters.len())
        .map(ChapterId::at)
        .find(|&i| !book.chapters[i].draft)
        .map(link);
    page.headings = ch
        .headings
        .iter()
        .filter(|h| h.level >= 2 && h.level <= 3)
        .map(|h| HeadingView {
            level: h.level,
            id: h.id.clone(),
            title: h.title.clone(),
        })
        .collect();
    page.number = ch.number.clone();
    page.title_id = ch.title_heading().map(|h| h.id.clone());
    if let (Some(h), None) = (ch.title_heading(), &ch.front.title) {
        page.heading = h.title.clone();
    }
    page.illustrates = ch
        .front
        .principles
        .iter()
        .filter_map(|p| book.by_id.get(p))
        .map(|&i| link(i))
        .collect();
    page.chapter_kind = ch.front.kind.as_str();
    page.description = ch
        .front
        .description
        .clone()
        .or_else(|| ch.front.summary.clone())
        .unwrap_or_default();
    page.edit_url = book.config.output.html.edit_url_template.as_ref().map(|t| {
        let rel = book.config.book.src.join(&ch.src_path);
        t.replace("{path}", &rel.to_string_lossy().replace('\\', "/"))
    });
}
