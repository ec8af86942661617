//! `[output.html.redirect]`, as in mdBook. An old page the site no longer has gets a small
//! page that sends the reader to the new one: a meta refresh and a plain link (so it works
//! without scripts), and the theme's `js/moved.js` (a file, so it works under the site's
//! CSP), which carries an old `#fragment` along. A key with a `#fragment` moves one section:
//! of a page the site still has, that page lists the move for `js/moved.js`
//! ([`moved_sections`]); of a page it no longer has, its redirect page does. Every target
//! inside the site must exist.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Kind};
use crate::model::Book;
use crate::resolve::links::{join, relative, root_of};
use crate::text::escape;

/// A redirect page to write: its site path and its HTML.
pub(crate) struct Page {
    pub path: String,
    pub html: String,
}

/// A section that moved: its old `#fragment` (without `#`) and where it went, as a link
/// from the page it was on.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub(crate) struct Moved {
    pub fragment: String,
    pub href: String,
}

/// The redirect entries of one old page: its own, and those of its sections.
#[derive(Default)]
struct Group<'a> {
    page: Option<(&'a str, &'a str)>,
    sections: Vec<(&'a str, &'a str, &'a str)>,
}

fn groups(book: &Book) -> BTreeMap<&str, Group<'_>> {
    let mut out: BTreeMap<&str, Group> = BTreeMap::new();
    for (from, to) in &book.config.output.html.redirect {
        let key = from.trim_start_matches('/');
        match key.split_once('#') {
            Some((path, frag)) => out.entry(path).or_default().sections.push((from, frag, to)),
            None => out.entry(key).or_default().page = Some((from, to)),
        }
    }
    out
}

/// Every page's moved sections, by the page's site path.
pub(crate) fn moved_sections(book: &Book) -> HashMap<String, Vec<Moved>> {
    groups(book)
        .into_iter()
        .filter(|(_, g)| !g.sections.is_empty())
        .map(|(path, g)| (path.to_string(), moved_sections_of(path, &g)))
        .collect()
}

/// The redirect pages of `book`, given every other path of the site and the theme's
/// fingerprinted assets; problems (a missing target, an old path that is still a page, a
/// moved section of a gone page that has no redirect of its own) are errors located in
/// book.toml.
pub(crate) fn pages(
    book: &Book,
    site: &[String],
    assets: &BTreeMap<String, String>,
) -> (Vec<Page>, Vec<Diagnostic>) {
    let site: HashSet<&str> = site.iter().map(String::as_str).collect();
    let html = &book.config.output.html;
    let (mut out, mut diags) = (Vec::new(), Vec::new());
    let err = |from: &str, msg: String, help: &str| {
        let (line, col) = html.redirect_at.get(from).copied().unwrap_or((1, 1));
        Diagnostic::error(
            Kind::BrokenRedirect,
            book.root.join("book.toml"),
            line,
            col,
            msg,
        )
        .len(from.chars().count() + 2)
        .help(help.to_string())
    };
    for (path, g) in groups(book) {
        let entries = g.page.into_iter();
        for (from, to) in entries.chain(g.sections.iter().map(|&(f, _, t)| (f, t))) {
            if let Target::Inside(p, _) = target(path, to) {
                if !site.contains(p.as_str()) {
                    diags.push(err(from, format!("redirect `{from}` leads to `{to}`, but the site has no page `{p}`"), "point it at a page the handbook has (a path from the site root, or relative to the old page)"));
                }
            }
        }
        if site.contains(path) {
            if let Some((from, _)) = g.page {
                diags.push(err(from, format!("redirect `{from}`: the site still has this page, so the redirect would replace it"), "remove the redirect, or the page it would replace; to move one section of it, add its `#fragment` to the key"));
            }
            continue;
        }
        let Some((_, to)) = g.page else {
            let (from, _, _) = g.sections[0];
            diags.push(err(from, format!("redirect `{from}` moves a section of `{path}`, which the site does not have, and `/{path}` itself has no redirect"), &format!("add a redirect for the page itself, e.g. \"/{path}\" = \"new-page.html\"; its sections' redirects then apply to it")));
            continue;
        };
        let moved = moved_sections_of(path, &g);
        let script = assets
            .get("js/moved.js")
            .map(|s| format!("{}{s}", root_of(path)));
        out.push(Page {
            path: path.to_string(),
            html: page(
                &href(path, to),
                &moved,
                script.as_deref(),
                &book.config.book.language,
            ),
        });
    }
    (out, diags)
}

fn moved_sections_of(path: &str, g: &Group) -> Vec<Moved> {
    g.sections
        .iter()
        .map(|(_, frag, to)| Moved {
            fragment: frag.to_string(),
            href: href(path, to),
        })
        .collect()
}

/// The link from site page `from` to redirect target `to`.
fn href(from: &str, to: &str) -> String {
    match target(from, to) {
        Target::Outside => to.to_string(),
        Target::Inside(p, frag) => format!("{}{frag}", relative(from, &p)),
    }
}

enum Target {
    /// Another site, or a scheme such as `mailto:`: written as it is.
    Outside,
    /// A site path, and the `#fragment` (with its `#`) or nothing.
    Inside(String, String),
}

fn target(from: &str, to: &str) -> Target {
    if to.contains("://") || to.starts_with("//") || to.contains(':') {
        return Target::Outside;
    }
    let (p, frag) = match to.split_once('#') {
        Some((p, f)) => (p, format!("#{f}")),
        None => (to, String::new()),
    };
    // `#new` alone: another section of the same page.
    if p.is_empty() && !frag.is_empty() {
        return Target::Inside(from.to_string(), frag);
    }
    let folder = p.is_empty() || p.ends_with('/');
    let mut p = join(from, p);
    if folder {
        p.push_str(if p.is_empty() {
            "index.html"
        } else {
            "/index.html"
        });
    }
    Target::Inside(p.trim_start_matches('/').to_string(), frag)
}

fn page(href: &str, moved: &[Moved], script: Option<&str>, lang: &str) -> String {
    let href = escape(href);
    let script = script
        .map(|s| format!("<script src=\"{}\" defer></script>\n", escape(s)))
        .unwrap_or_default();
    let mut sections = String::new();
    if !moved.is_empty() {
        sections.push_str("<p>Its sections moved too:</p>\n<ul>\n");
        for m in moved {
            let (frag, to) = (escape(&m.fragment), escape(&m.href));
            sections.push_str(&format!(
                "<li><a data-mb-moved=\"{frag}\" href=\"{to}\">#{frag}</a></li>\n"
            ));
        }
        sections.push_str("</ul>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Page moved</title>\n<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n<link rel=\"canonical\" href=\"{href}\">\n<meta name=\"robots\" content=\"noindex\">\n{script}</head>\n<body>\n<main>\n<h1>Page moved</h1>\n<p>This page has moved to <a href=\"{href}\" data-mb-redirect>{href}</a>.</p>\n{sections}</main>\n</body>\n</html>\n",
        escape(lang)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_from_the_old_page() {
        let inside = |from, to| match target(from, to) {
            Target::Inside(p, f) => format!("{p}{f}"),
            Target::Outside => "outside".into(),
        };
        assert_eq!(inside("old/a.html", "../b.html#x"), "b.html#x");
        assert_eq!(inside("old/a.html", "/c/d.html"), "c/d.html");
        assert_eq!(inside("a.html", "https://example.org/"), "outside");
        assert_eq!(inside("a.html", "part/"), "part/index.html");
        assert_eq!(inside("p/a.html", "#new"), "p/a.html#new");
        assert_eq!(href("p/a.html", "#new"), "../p/a.html#new");
    }
}
