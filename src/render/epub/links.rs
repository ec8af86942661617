//! Where things live inside the EPUB and how its documents point at each other: container
//! paths made from site paths, ids made valid XML names, and the link marks a converted
//! document carries until every document's ids are known (a link to `#frag` of another
//! document keeps its fragment only when that document has the id, so no link dangles).

use std::collections::{HashMap, HashSet};

use crate::resolve::links::ROOT_MARK;

/// Opens and closes a link mark in a converted document: `\u{3}<doc>#<frag>\u{3}`.
pub(super) const LINK_MARK: char = '\u{3}';

/// Where a link in a document leads.
#[derive(Debug, PartialEq)]
pub(super) enum Target {
    /// Document `.0` of the EPUB, at id `.1` (empty: its top).
    Doc(usize, String),
    /// Outside the book: written as it is (percent-encoded where needed).
    External(String),
    /// Nowhere the EPUB has (search, print.html, a downloadable file, a script).
    Gone,
}

/// What the converter needs to know about the whole EPUB.
pub(super) trait Resolver: Sync {
    /// The document at site path `path` (without fragment), by index.
    fn doc(&self, path: &str) -> Option<usize>;
    /// The container path of the image at site path `path`, when the EPUB carries it.
    fn image(&self, path: &str) -> Option<&str>;
}

/// The target of `href`, written in the document at site path `page` (document `this`).
pub(super) fn target(href: &str, page: &str, this: usize, r: &dyn Resolver) -> Target {
    let href = href.trim();
    if let Some(frag) = href.strip_prefix('#') {
        return Target::Doc(this, frag_id(frag));
    }
    let site = match href.strip_prefix(ROOT_MARK) {
        Some(rest) => rest.to_string(),
        None if href.starts_with("//") => {
            return Target::External(external(&format!("https:{href}")))
        }
        None if has_scheme(href) => {
            let scheme = href.split(':').next().unwrap_or("").to_ascii_lowercase();
            return match scheme.as_str() {
                "http" | "https" | "mailto" | "tel" | "ftp" => Target::External(external(href)),
                _ => Target::Gone,
            };
        }
        None => href.to_string(),
    };
    let (path, frag) = match site.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (site.as_str(), None),
    };
    let path = path.split('?').next().unwrap_or("");
    let path = if href.starts_with(ROOT_MARK) {
        crate::text::percent_decode(path)
    } else {
        crate::resolve::links::join(page, path)
    };
    let path = if path.is_empty() {
        page.to_string()
    } else {
        path
    };
    match r.doc(&path) {
        Some(d) => Target::Doc(d, frag.map(frag_id).unwrap_or_default()),
        None => Target::Gone,
    }
}

/// The site path an image's `src` names, or None for one outside the book.
pub(super) fn image_path(src: &str, page: &str) -> Option<String> {
    let src = src.trim();
    match src.strip_prefix(ROOT_MARK) {
        Some(rest) => Some(crate::text::percent_decode(rest.split(['#', '?']).next()?)),
        None if has_scheme(src) || src.starts_with("//") => None,
        None => Some(crate::resolve::links::join(
            page,
            src.split(['#', '?']).next()?,
        )),
    }
}

fn frag_id(frag: &str) -> String {
    if frag.is_empty() {
        String::new()
    } else {
        xml_id(&crate::text::percent_decode(frag))
    }
}

/// `scheme:` at the start of a URL.
fn has_scheme(s: &str) -> bool {
    let Some((scheme, _)) = s.split_once(':') else {
        return false;
    };
    scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// An external URL with the characters a URL may not hold (spaces, non-ASCII) encoded.
fn external(url: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'<')
        .add(b'>')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b'|')
        .add(b'\\')
        .add(b'^');
    percent_encoding::utf8_percent_encode(url, KEEP).to_string()
}

/// `id` as a valid XML id (an NCName of ASCII letters, digits, `-` and `.`): every other
/// character, `_` included, is written `_<hex>_`, so distinct ids stay distinct; one that
/// does not start with a letter gets a leading `_`.
pub(super) fn xml_id(id: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
    let starts_well = id.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if starts_well && id.chars().all(plain) {
        return id.to_string();
    }
    let mut out = String::with_capacity(id.len() + 8);
    if !starts_well {
        out.push('_');
    }
    for c in id.chars() {
        if plain(c) {
            out.push(c);
        } else {
            out.push_str(&format!("_{:x}_", c as u32));
        }
    }
    out
}

/// The container path for site path `site` under `base` ("EPUB/text/"), with extension
/// `ext` when given: characters outside `[A-Za-z0-9._/-]` become `-`, and a name already
/// taken (ignoring case, as some file systems do) gets a `-N` suffix.
pub(super) fn container_path(
    base: &str,
    site: &str,
    ext: Option<&str>,
    taken: &mut HashSet<String>,
) -> String {
    let stem = match ext {
        Some(_) => site.rsplit_once('.').map_or(site, |(s, _)| s),
        None => site,
    };
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let clean = clean
        .split('/')
        .map(|s| match s {
            "" | "." | ".." => "-",
            s => s,
        })
        .collect::<Vec<_>>()
        .join("/");
    let with = |name: &str| match ext {
        Some(e) => format!("{base}{name}.{e}"),
        None => format!("{base}{name}"),
    };
    let mut path = with(&clean);
    let mut n = 2;
    while !taken.insert(path.to_ascii_lowercase()) {
        path = with(&format!("{clean}-{n}"));
        n += 1;
    }
    path
}

/// The href from container file `from` to container file `to`.
pub(super) fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let common = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len() - 1);
    let mut out = "../".repeat(from_dirs.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// Replaces the link marks in `body` (document `this` at container path `from`) with
/// hrefs: a fragment is kept only when its document has that id.
pub(super) fn fill(
    body: &str,
    this: usize,
    from: &str,
    paths: &[String],
    ids: &[HashSet<String>],
) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find(LINK_MARK) {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find(LINK_MARK) else {
            rest = after;
            break;
        };
        let (doc, frag) = after[..end].split_once('#').unwrap_or((&after[..end], ""));
        let doc: usize = doc.parse().unwrap_or(this);
        let has = !frag.is_empty() && ids.get(doc).is_some_and(|s| s.contains(frag));
        if doc != this || !has {
            out.push_str(&relative(from, &paths[doc]));
        }
        if has {
            out.push('#');
            out.push_str(frag);
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A link mark for document `doc` at id `frag`.
pub(super) fn mark(doc: usize, frag: &str, out: &mut String) {
    out.push(LINK_MARK);
    out.push_str(&doc.to_string());
    out.push('#');
    out.push_str(frag);
    out.push(LINK_MARK);
}

/// Site path → document index, and site path → container path of each image carried.
#[derive(Default)]
pub(super) struct Index {
    pub docs: HashMap<String, usize>,
    pub images: HashMap<String, String>,
}

impl Resolver for Index {
    fn doc(&self, path: &str) -> Option<usize> {
        self.docs.get(path).copied()
    }

    fn image(&self, path: &str) -> Option<&str> {
        self.images.get(path).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> Index {
        let mut i = Index::default();
        i.docs.insert("a/b.html".into(), 1);
        i.docs.insert("glossary.html".into(), 2);
        i
    }

    #[test]
    fn targets() {
        let i = index();
        let t = |h: &str| target(h, "a/c.html", 0, &i);
        assert_eq!(t("\u{1}a/b.html#x"), Target::Doc(1, "x".into()));
        assert_eq!(
            t("../glossary.html#term-x"),
            Target::Doc(2, "term-x".into())
        );
        assert_eq!(t("b.html"), Target::Doc(1, String::new()));
        assert_eq!(t("#1-intro"), Target::Doc(0, "_1-intro".into()));
        assert_eq!(t("../search.html?q=x"), Target::Gone);
        assert_eq!(t("javascript:alert(1)"), Target::Gone);
        assert_eq!(
            t("https://example.org/a b"),
            Target::External("https://example.org/a%20b".into())
        );
    }

    #[test]
    fn ids_are_xml_names_and_stay_distinct() {
        assert_eq!(xml_id("why-met"), "why-met");
        assert_eq!(xml_id("2-steps"), "_2-steps");
        assert_eq!(xml_id("café"), "caf_e9_");
        assert_ne!(xml_id("a_b"), xml_id("a-b"));
    }

    #[test]
    fn container_paths_and_relative_hrefs() {
        let mut taken = HashSet::new();
        let a = container_path("EPUB/text/", "a b/c.html", Some("xhtml"), &mut taken);
        assert_eq!(a, "EPUB/text/a-b/c.xhtml");
        let b = container_path("EPUB/text/", "a-b/C.html", Some("xhtml"), &mut taken);
        assert_eq!(b, "EPUB/text/a-b/C-2.xhtml");
        assert_eq!(
            relative("EPUB/text/a/c.xhtml", "EPUB/text/d.xhtml"),
            "../d.xhtml"
        );
        assert_eq!(
            relative("EPUB/nav.xhtml", "EPUB/text/d.xhtml"),
            "text/d.xhtml"
        );
        assert_eq!(
            relative("EPUB/text/d.xhtml", "EPUB/text/d.xhtml"),
            "d.xhtml"
        );
    }

    #[test]
    fn marks_keep_only_fragments_that_exist() {
        let paths = vec![
            "EPUB/text/a.xhtml".to_string(),
            "EPUB/text/b.xhtml".to_string(),
        ];
        let ids = vec![HashSet::from(["x".to_string()]), HashSet::new()];
        let mut body = String::from("<a href=\"");
        mark(1, "gone", &mut body);
        body.push_str("\"/><a href=\"");
        mark(0, "x", &mut body);
        body.push_str("\"/>");
        assert_eq!(
            fill(&body, 0, &paths[0], &paths, &ids),
            "<a href=\"b.xhtml\"/><a href=\"#x\"/>"
        );
    }
}
