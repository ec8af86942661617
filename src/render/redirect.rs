//! `[output.html.redirect]`, as in mdBook: a small page at each old path that sends the
//! reader to the new one. It uses a meta refresh and a plain link (no script, so it works
//! under the site's CSP and without JavaScript), and a target inside the site must exist.

use std::collections::HashSet;

use crate::diagnostics::{Diagnostic, Kind};
use crate::model::Book;
use crate::resolve::links::{join, relative};
use crate::text::escape;

/// A redirect page to write: its site path and its HTML.
pub struct Page {
    pub path: String,
    pub html: String,
}

/// The redirect pages of `book`, given every other path of the site; problems (a missing
/// target, an old path that is still a page) are errors located in book.toml.
pub fn pages(book: &Book, site: &[String]) -> (Vec<Page>, Vec<Diagnostic>) {
    let site: HashSet<&str> = site.iter().map(String::as_str).collect();
    let html = &book.config.output.html;
    let (mut out, mut diags) = (Vec::new(), Vec::new());
    for (from, to) in &html.redirect {
        let (line, col) = html.redirect_at.get(from).copied().unwrap_or((1, 1));
        let err = |msg: String, help: &str| {
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
        // A fragment redirect needs a script on the page; the page part is what moves.
        let path = from.trim_start_matches('/').split('#').next().unwrap_or("");
        if site.contains(path) {
            if !from.contains('#') {
                diags.push(err(
                    format!("redirect `{from}`: the site still has this page, so the redirect would replace it"),
                    "remove the redirect, or the page it would replace",
                ));
            }
            continue;
        }
        let href = match target(path, to) {
            Target::Outside => to.clone(),
            Target::Inside(p, frag) if site.contains(p.as_str()) => {
                format!("{}{frag}", relative(path, &p))
            }
            Target::Inside(p, _) => {
                diags.push(err(
                    format!("redirect `{from}` leads to `{to}`, but the site has no page `{p}`"),
                    "point it at a page the handbook has (a path from the site root, or relative to the old page)",
                ));
                continue;
            }
        };
        out.push(Page {
            path: path.to_string(),
            html: page(&href, &book.config.book.language),
        });
    }
    (out, diags)
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

fn page(href: &str, lang: &str) -> String {
    let href = escape(href);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Page moved</title>\n<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n<link rel=\"canonical\" href=\"{href}\">\n<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n<main>\n<h1>Page moved</h1>\n<p>This page has moved to <a href=\"{href}\">{href}</a>.</p>\n</main>\n</body>\n</html>\n",
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
    }
}
