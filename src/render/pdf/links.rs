//! Links in the print document lead inside it. A chapter's HTML links other pages by their
//! site paths (print.html's way); in a PDF those would be dead `file://` links, so each is
//! pointed at the section or heading it names: `principles/empathy.html#why` becomes
//! `#print-express-empathy--why`, as print.html already names that heading. The reference
//! pages join the document with their ids prefixed (`#mb-glossary--term-x`), so they
//! cannot clash with a chapter's. A link to a page the PDF leaves out goes to the web site
//! when `site-url` is set, and is otherwise kept as plain text. Links are found by an HTML
//! parser (lol_html), not by searching text.

use std::collections::HashMap;

use lol_html::{element, rewrite_str, RewriteStrSettings};

use crate::diagnostics::{Diagnostic, Kind};
use crate::model::{Book, ChapterId};
use crate::resolve::links::has_scheme;
use crate::text::{escape, percent_decode};

/// Which kind of HTML is being rewritten.
#[derive(Clone, Copy)]
pub(super) enum Rewrite<'a> {
    /// A chapter: its ids are already unique in the document.
    Chapter,
    /// The reference page at this site path: its ids, and links to them, get its prefix.
    Back(&'a str),
}

/// Attributes that name ids of the same document, besides `id` itself.
const ID_REFS: [&str; 5] = [
    "for",
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "headers",
];

pub(super) struct Anchors<'a> {
    book: &'a Book,
    chapters: HashMap<&'a str, ChapterId>,
    /// The reference pages the document holds, by site path.
    back: Vec<&'a str>,
    site_url: Option<&'a str>,
}

impl<'a> Anchors<'a> {
    pub(super) fn new(book: &'a Book, back: impl Iterator<Item = &'a str>) -> Anchors<'a> {
        Anchors {
            book,
            chapters: book
                .pages()
                .map(|(i, c)| (c.out_path.as_str(), i))
                .collect(),
            back: back.collect(),
            site_url: book
                .config
                .output
                .html
                .site_url
                .as_deref()
                .map(|u| u.trim_end_matches('/')),
        }
    }

    /// The id of the section holding the reference page at `path`.
    pub(super) fn back_section(&self, path: &str) -> String {
        format!("mb-pdf-{}", stem(path))
    }

    /// Where a link written as `href` (HTML-escaped, as in the attribute) leads in the
    /// document; `None` when it leads nowhere a PDF can follow.
    pub(super) fn href(&self, href: &str, from: Rewrite) -> Option<String> {
        let href = unescape(href);
        if let Some(frag) = href.strip_prefix('#') {
            return Some(match from {
                Rewrite::Back(p) if !frag.is_empty() => format!("#{}{frag}", prefix(p)),
                _ => href.clone(),
            });
        }
        if has_scheme(&href) || href.starts_with("//") {
            return Some(href);
        }
        let (path, frag) = href.split_once('#').unwrap_or((&href, ""));
        let path = path.split('?').next().unwrap_or("");
        if path.is_empty() {
            // `?search=…`: the web site's search, which a PDF has not got.
            return None;
        }
        let path = percent_decode(path);
        let path = path.trim_start_matches("./");
        if let Some(&i) = self.chapters.get(path) {
            let ch = &self.book.chapters[i];
            let frag = percent_decode(frag);
            return Some(if frag.is_empty() {
                format!("#print-{}", ch.id)
            } else if ch.has_heading(&frag) {
                format!("#{}--{frag}", ch.id)
            } else {
                format!("#{frag}")
            });
        }
        if self.back.contains(&path) {
            return Some(if frag.is_empty() {
                format!("#{}", self.back_section(path))
            } else {
                format!("#{}{}", prefix(path), percent_decode(frag))
            });
        }
        if path == "index.html" {
            return Some("#mb-pdf-cover".into());
        }
        self.site_url.map(|u| {
            let frag = if frag.is_empty() {
                String::new()
            } else {
                format!("#{frag}")
            };
            format!("{u}/{path}{frag}")
        })
    }

    /// `html` with its links leading inside the document (and, for a reference page, its
    /// ids prefixed).
    pub(super) fn rewrite(&self, html: &str, from: Rewrite) -> Result<String, Diagnostic> {
        let links = element!("a[href]", |el| {
            let href = el.get_attribute("href").unwrap_or_default();
            match self.href(&href, from) {
                Some(to) => el.set_attribute("href", &escape(&to))?,
                None => el.remove_attribute("href"),
            }
            Ok(())
        });
        // Chapters may hold any raw HTML; an odd construct must not stop the build.
        let mut settings = RewriteStrSettings::new()
            .with_strict(false)
            .append_element_content_handler(links);
        if let Rewrite::Back(page) = from {
            let pre = prefix(page);
            settings = settings.append_element_content_handler(element!("*", move |el| {
                if let Some(id) = el.get_attribute("id") {
                    el.set_attribute("id", &format!("{pre}{id}"))?;
                }
                for attr in ID_REFS {
                    if let Some(ids) = el.get_attribute(attr) {
                        let ids: Vec<String> = ids
                            .split_whitespace()
                            .map(|i| format!("{pre}{i}"))
                            .collect();
                        el.set_attribute(attr, &ids.join(" "))?;
                    }
                }
                Ok(())
            }));
        }
        rewrite_str(html, settings).map_err(|e| {
            Diagnostic::error(
                Kind::Theme,
                "print document",
                1,
                1,
                format!("could not point the PDF's links inside it: {e}"),
            )
            .help("this is a bug in metbook; please report it with the book")
        })
    }
}

fn stem(path: &str) -> &str {
    path.strip_suffix(".html").unwrap_or(path)
}

/// The prefix of a reference page's ids in the document.
fn prefix(path: &str) -> String {
    format!("mb-{}--", stem(path))
}

/// The five escapes `text::escape` writes, undone (attribute values come escaped).
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
