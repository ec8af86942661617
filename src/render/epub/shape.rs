//! Content models the HTML parser leaves to the browser but the XHTML schema checks. A
//! parser repairs `<p>bold <b>text</p><div>…` by carrying the `<b>` into the `<div>`, and
//! keeps `<ul>text<p>…</p></ul>` as written; a browser shows both, an EPUB checker refuses
//! them. So an inline element holding a block is written without its tag (its text stays),
//! a paragraph or heading holding one becomes a `<div>`, a list's stray content gets its
//! own item, and list items or captions outside their parents become `<div>`s.

use super::dom::{Dom, Kind};

/// Elements whose content must be phrasing, written without their tag when they hold a
/// block.
const INLINE: [&str; 27] = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "label",
    "mark", "output", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong", "sub",
    "sup", "u",
];
const INLINE_MORE: [&str; 2] = ["time", "var"];

/// Blocks whose content must be phrasing, written as a `<div>` when they hold a block.
const PHRASING_BLOCKS: [&str; 9] = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "legend"];

/// Elements that are not phrasing content.
const BLOCKS: [&str; 40] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "ul",
];
const BLOCKS_MORE: [&str; 5] = ["tbody", "tfoot", "th", "thead", "tr"];

/// What an element with phrasing-only content becomes when it holds a block.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Misplaced {
    /// Written without its tag.
    Unwrap,
    /// Written as a `<div>`.
    Div,
}

/// Whether element `i` of `dom`, written as `name`, holds a block it may not hold.
pub(super) fn misplaced(name: &str, dom: &Dom, i: usize) -> Option<Misplaced> {
    let fix = if INLINE.contains(&name) || INLINE_MORE.contains(&name) {
        Misplaced::Unwrap
    } else if PHRASING_BLOCKS.contains(&name) {
        Misplaced::Div
    } else {
        return None;
    };
    let has_block = dom
        .inside(i)
        .any(|(_, n)| matches!(&n.kind, Kind::Element(e) if e.is_html() && is_block(e.name())));
    has_block.then_some(fix)
}

fn is_block(name: &str) -> bool {
    BLOCKS.contains(&name) || BLOCKS_MORE.contains(&name)
}

/// The name to write for an element written as `name` inside `parent`: items and
/// captions outside the element they belong to are `<div>`s.
pub(super) fn placed(name: &'static str, parent: &str) -> &'static str {
    let fits = match name {
        "li" => matches!(parent, "ul" | "ol"),
        "dt" | "dd" => parent == "dl",
        "figcaption" => parent == "figure",
        "legend" => parent == "fieldset",
        _ => true,
    };
    if fits {
        name
    } else {
        "div"
    }
}

/// The element to wrap a child in: `child` is the name it is written as, None for text.
pub(super) fn wrapper(parent: &str, child: Option<&str>) -> Option<&'static str> {
    match parent {
        "ul" | "ol" => (child != Some("li")).then_some("li"),
        "dl" => (!matches!(child, Some("dt" | "dd"))).then_some("dd"),
        _ => None,
    }
}

/// Whether text (other than white space) may stand directly in `parent`.
pub(super) fn text_allowed(parent: &str) -> bool {
    !matches!(
        parent,
        "table" | "thead" | "tbody" | "tfoot" | "tr" | "colgroup"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrappers_and_places() {
        assert_eq!(wrapper("ul", Some("p")), Some("li"));
        assert_eq!(wrapper("ol", None), Some("li"));
        assert_eq!(wrapper("ul", Some("li")), None);
        assert_eq!(wrapper("dl", Some("p")), Some("dd"));
        assert_eq!(wrapper("div", Some("p")), None);
        assert_eq!(placed("li", "div"), "div");
        assert_eq!(placed("li", "ol"), "li");
        assert!(!text_allowed("tr") && text_allowed("td"));
    }
}
