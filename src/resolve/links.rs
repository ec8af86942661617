//! Where a link in a chapter points: by path (`other.md#heading`), by stable id
//! (`@express-empathy`, `@term:change-talk`), in-page (`#heading`) or outside the book.
//! The one function here is used by the checker and the renderer alike.

use rustc_hash::FxHashMap as HashMap;

use crate::diagnostics::Kind;
use crate::model::{Book, ChapterId};

/// A place links can point at by id.
#[derive(Debug, Clone)]
pub struct IdTarget {
    /// Site path with optional fragment ("principles/empathy.html#dlg-x").
    pub site_path: String,
    pub title: String,
    pub chapter: Option<ChapterId>,
}

pub(crate) type Targets = HashMap<String, IdTarget>;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Resolution {
    /// A page of this site; the string is its site path with optional fragment.
    Site {
        path: String,
        chapter: Option<ChapterId>,
        title: Option<String>,
    },
    /// Left as written (external URLs, mail, files copied as they are).
    Verbatim,
}

pub(crate) struct Problem {
    pub kind: Kind,
    pub message: String,
    pub help: String,
}

fn problem(message: String, help: impl Into<String>) -> Problem {
    Problem {
        kind: Kind::BrokenLink,
        message,
        help: help.into(),
    }
}

pub(crate) fn resolve(
    book: &Book,
    targets: &Targets,
    from: ChapterId,
    dest: &str,
) -> Result<Resolution, Problem> {
    let dest = dest.trim();
    let lower = dest.to_ascii_lowercase();
    let from_ch = &book.chapters[from];
    if lower.starts_with("javascript:")
        || lower.starts_with("vbscript:")
        || lower.starts_with("data:text/html")
    {
        return Err(Problem {
            kind: Kind::UnsafeLink,
            ..problem(
                format!(
                    "links to `{}` run code and are not allowed",
                    dest.split(':').next().unwrap_or(dest)
                ),
                "link to a page or a web address instead",
            )
        });
    }
    if has_scheme(dest) || dest.starts_with("//") {
        return Ok(Resolution::Verbatim);
    }
    if let Some(id) = dest.strip_prefix('@') {
        let (id, frag) = split_fragment(id);
        let target = targets.get(id).ok_or_else(|| {
            problem(
                format!("no chapter, dialogue or term has the id `{id}`"),
                suggest_id(targets, id),
            )
        })?;
        if let (Some(frag), Some(ch)) = (frag, target.chapter) {
            if !book.chapters[ch].has_heading(frag) && !target.site_path.contains('#') {
                return Err(problem(
                    format!(
                        "`{}` has no heading with the id `{frag}`",
                        book.chapters[ch].src_path
                    ),
                    heading_help(book, ch),
                ));
            }
        }
        let path = match frag {
            Some(f) => format!("{}#{f}", target.site_path.split('#').next().unwrap_or("")),
            None => target.site_path.clone(),
        };
        let title = match (frag, target.chapter) {
            (Some(f), Some(ch)) => anchor_title(targets, &book.chapters[ch], f),
            _ => None,
        };
        return Ok(Resolution::Site {
            path,
            chapter: target.chapter,
            title: Some(title.unwrap_or_else(|| target.title.clone())),
        });
    }
    if let Some(frag) = dest.strip_prefix('#') {
        if !from_ch.has_heading(frag)
            && !frag.starts_with("fn")
            && !targets_contains_anchor(targets, from_ch, frag)
        {
            return Err(problem(
                format!("this page has no heading with the id `{frag}`"),
                heading_help(book, from),
            ));
        }
        return Ok(Resolution::Site {
            path: format!("{}#{frag}", from_ch.out_path),
            chapter: Some(from),
            title: anchor_title(targets, from_ch, frag),
        });
    }
    let (path, frag) = split_fragment(dest);
    if path.ends_with(".md") {
        let joined = join(&from_ch.src_path, path);
        let target = *book.by_src.get(&joined).ok_or_else(|| {
            problem(format!("the link points to `{joined}`, which is not a chapter of this book"), "check the file name and folder; chapter links are relative to this file, and the chapter must be listed in SUMMARY.md")
        })?;
        let ch = &book.chapters[target];
        if let Some(f) = frag {
            if !ch.has_heading(f) && !targets_contains_anchor(targets, ch, f) {
                return Err(problem(
                    format!("`{joined}` has no heading with the id `{f}`"),
                    heading_help(book, target),
                ));
            }
        }
        let path = match frag {
            Some(f) => format!("{}#{f}", ch.out_path),
            None => ch.out_path.clone(),
        };
        let title = frag.and_then(|f| anchor_title(targets, ch, f));
        return Ok(Resolution::Site {
            path,
            chapter: Some(target),
            title: Some(title.unwrap_or_else(|| ch.title.clone())),
        });
    }
    Ok(Resolution::Verbatim)
}

/// The title of the heading or dialogue `frag` names in `ch`: the text an empty link to
/// it gets.
fn anchor_title(targets: &Targets, ch: &crate::model::Chapter, frag: &str) -> Option<String> {
    match ch.headings.iter().find(|h| h.id == frag) {
        Some(h) => Some(h.title.clone()),
        None => targets_contains_anchor(targets, ch, frag)
            .then(|| targets.get(frag).map(|t| t.title.clone()))
            .flatten(),
    }
}

/// Dialogue anchors live inside chapters without being headings.
fn targets_contains_anchor(targets: &Targets, ch: &crate::model::Chapter, frag: &str) -> bool {
    targets
        .get(frag)
        .map(|t| t.site_path == format!("{}#{frag}", ch.out_path))
        .unwrap_or(false)
}

fn heading_help(book: &Book, ch: ChapterId) -> String {
    let headings = &book.chapters[ch].headings;
    let ids: Vec<&str> = headings.iter().take(8).map(|h| h.id.as_str()).collect();
    if ids.is_empty() {
        "that chapter has no headings; link to the chapter itself".into()
    } else if headings.len() > ids.len() {
        format!(
            "heading ids there: {}, … ({} in all)",
            ids.join(", "),
            headings.len()
        )
    } else {
        format!("heading ids there: {}", ids.join(", "))
    }
}

fn suggest_id(targets: &Targets, id: &str) -> String {
    let best = targets.keys().map(|k| (strsim_distance(k, id), k)).min();
    match best {
        Some((d, k)) if d <= 3 => {
            format!("did you mean `@{k}`? Ids are set with `id:` in a chapter's front matter")
        }
        _ => "set `id:` in the target chapter's front matter, or link by path (`file.md`)".into(),
    }
}

/// Levenshtein distance, small and allocation-light: only used to suggest corrections.
pub(crate) fn strsim_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

pub(crate) fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            dest[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
                && i > 0
        }
        None => false,
    }
}

fn split_fragment(s: &str) -> (&str, Option<&str>) {
    match s.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (s, None),
    }
}

/// Joins a relative link to the directory of `from` (a source path) and normalises `..`.
pub(crate) fn join(from: &str, rel: &str) -> String {
    let rel = crate::text::percent_decode(rel);
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        from.split('/').collect()
    };
    if !rel.starts_with('/') {
        parts.pop();
    }
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// A page name meaning "not yet known": `relative` then writes `ROOT_MARK` + path, and the
/// caller replaces the mark with the real prefix. One chapter render then serves both its
/// own page and print.html.
pub(crate) const ANY_PAGE: &str = "\u{1}";
pub(crate) const ROOT_MARK: char = '\u{1}';
/// Written before a heading id of the chapter being rendered, in the id and in links to it
/// from the same chapter: filled with nothing on the chapter's page and with the chapter's
/// prefix on print.html, where every chapter's headings share one page.
pub(crate) const FRAG_MARK: char = '\u{2}';

/// The URL of site path `to`, written relative to the page at site path `from`.
pub(crate) fn relative(from: &str, to: &str) -> String {
    // Pushed rather than formatted: this runs for every link of the book.
    if from == ANY_PAGE {
        let mut s = String::with_capacity(ROOT_MARK.len_utf8() + to.len());
        s.push(ROOT_MARK);
        s.push_str(to);
        return s;
    }
    let depth = from.bytes().filter(|&b| b == b'/').count();
    let mut s = String::with_capacity(3 * depth + to.len());
    for _ in 0..depth {
        s.push_str("../");
    }
    s.push_str(to);
    s
}

/// The prefix that leads from page `from` to the site root ("" or "../../").
pub(crate) fn root_of(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_normalises() {
        assert_eq!(join("a/b.md", "c.md"), "a/c.md");
        assert_eq!(join("a/b.md", "../c.md"), "c.md");
        assert_eq!(join("b.md", "./x/y%20z.md"), "x/y z.md");
    }

    #[test]
    fn relative_urls() {
        assert_eq!(relative("a/b.html", "c.html"), "../c.html");
        assert_eq!(relative("index.html", "a/c.html"), "a/c.html");
    }

    #[test]
    fn schemes() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("a.md#x:y"));
    }
}
