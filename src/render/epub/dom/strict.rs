//! The strict reader: HTML as metbook's renderers write it (every element closed, double
//! quoted attributes, the five escapes and numeric references) read in one pass over the
//! bytes. It gives up (None) on anything a browser's parser would read differently from
//! the plain nesting of the tags: a block opened inside a paragraph, a table without its
//! sections, a named entity, a comment, a script. html5ever then reads the document.

use std::borrow::Cow;

use super::{Dom, Element, Kind, HTML_NS};

const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose start tag closes an open `<p>`.
const CLOSES_P: [&str; 33] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
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
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
];
const CLOSES_P_MORE: [&str; 4] = ["ul", "dd", "dt", "summary"];

/// Read as text only, or with rules of their own.
const SPECIAL: [&str; 16] = [
    "script",
    "style",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "select",
    "option",
    "template",
    "frameset",
    "html",
    "svg",
    "math",
];

pub(super) fn parse(html: &str) -> Option<Dom<'_>> {
    if html.bytes().any(|b| b == b'\r' || b == 0) {
        return None;
    }
    let mut r = Reader {
        html,
        pos: 0,
        dom: Dom::default(),
        open: Vec::new(),
        skip_newline: false,
    };
    while r.pos < html.len() {
        let next =
            memchr::memchr(b'<', &html.as_bytes()[r.pos..]).map_or(html.len(), |k| r.pos + k);
        r.text(next)?;
        if next < html.len() {
            r.tag()?;
        }
    }
    r.open.is_empty().then_some(r.dom)
}

struct Reader<'a> {
    html: &'a str,
    pos: usize,
    dom: Dom<'a>,
    /// Open elements, innermost last.
    open: Vec<usize>,
    /// A newline right after `<pre>` is not content.
    skip_newline: bool,
}

impl<'a> Reader<'a> {
    fn parent_name(&self) -> &str {
        self.open
            .last()
            .and_then(|&i| self.dom.element(i))
            .map_or("", Element::name)
    }

    /// The text from `pos` to `to`.
    fn text(&mut self, to: usize) -> Option<()> {
        let mut raw = &self.html[self.pos..to];
        self.pos = to;
        if std::mem::take(&mut self.skip_newline) {
            raw = raw.strip_prefix('\n').unwrap_or(raw);
        }
        if raw.is_empty() {
            return Some(());
        }
        let table_part = matches!(
            self.parent_name(),
            "table" | "tbody" | "thead" | "tfoot" | "tr" | "colgroup"
        );
        if table_part && !raw.bytes().all(|b| b.is_ascii_whitespace()) {
            return None;
        }
        let text = decode(raw)?;
        self.dom.push(Kind::Text(text), self.open.last().copied());
        Some(())
    }

    /// A start or end tag at `pos`.
    fn tag(&mut self) -> Option<()> {
        let rest = &self.html[self.pos..];
        if let Some(after) = rest.strip_prefix("</") {
            let name = name_at(after)?;
            after[name.len()..].starts_with('>').then_some(())?;
            let top = self.open.pop()?;
            (self.dom.element(top)?.name() == name).then_some(())?;
            self.dom.close(top);
            self.pos += 2 + name.len() + 1;
            return Some(());
        }
        let name = name_at(&rest[1..])?;
        let mut at = self.pos + 1 + name.len();
        let mut attrs = Vec::new();
        let self_closing = loop {
            let b = self.html.as_bytes();
            while b.get(at).is_some_and(u8::is_ascii_whitespace) {
                at += 1;
            }
            match b.get(at)? {
                b'>' => break false,
                b'/' if b.get(at + 1) == Some(&b'>') => {
                    at += 1;
                    break true;
                }
                _ => {}
            }
            let attr = attr_name(&self.html[at..])?;
            at += attr.len();
            if b.get(at) == Some(&b'=') {
                (b.get(at + 1) == Some(&b'"')).then_some(())?;
                let start = at + 2;
                let len = memchr::memchr(b'"', &b[start..])?;
                attrs.push((Cow::Borrowed(attr), decode(&self.html[start..start + len])?));
                at = start + len + 1;
            } else {
                attrs.push((Cow::Borrowed(attr), Cow::Borrowed("")));
            }
        };
        self.pos = at + 1;
        // In name order, as html5ever's tree (scraper) keeps them; a name twice is left
        // to html5ever, which keeps the first.
        attrs.sort_by(|a, b| a.0.cmp(&b.0));
        if attrs.windows(2).any(|w| w[0].0 == w[1].0) {
            return None;
        }
        let void = VOID.contains(&name);
        if self_closing && !void {
            return None;
        }
        self.fits(name)?;
        let el = Element {
            name: Cow::Borrowed(name),
            ns: HTML_NS,
            attrs,
        };
        let i = self.dom.push(Kind::Element(el), self.open.last().copied());
        match name {
            _ if void => {}
            "textarea" => self.textarea(i)?,
            _ => {
                self.open.push(i);
                self.skip_newline = matches!(name, "pre" | "listing");
            }
        }
        Some(())
    }

    /// A text area's content is text up to its end tag.
    fn textarea(&mut self, i: usize) -> Option<()> {
        let end = self.html[self.pos..].find("</textarea>")? + self.pos;
        self.open.push(i);
        self.skip_newline = true;
        self.text(end)?;
        self.open.pop();
        self.dom.close(i);
        self.pos = end + "</textarea>".len();
        Some(())
    }

    /// Whether `name` may open here with a browser's parser keeping the nesting as
    /// written; None where it would not.
    fn fits(&self, name: &str) -> Option<()> {
        if SPECIAL.contains(&name) {
            return None;
        }
        let parent = self.parent_name();
        let ok = match name {
            "tr" => matches!(parent, "tbody" | "thead" | "tfoot"),
            "td" | "th" => parent == "tr",
            "tbody" | "thead" | "tfoot" | "caption" | "colgroup" => parent == "table",
            "col" => parent == "colgroup",
            _ => !matches!(
                parent,
                "table" | "tbody" | "thead" | "tfoot" | "tr" | "colgroup"
            ),
        };
        ok.then_some(())?;
        let names = || {
            self.open
                .iter()
                .rev()
                .filter_map(|&i| self.dom.element(i))
                .map(Element::name)
        };
        // Scopes a browser's parser stops at when it looks for an open element.
        let boundary = |n: &str| matches!(n, "table" | "td" | "th" | "caption" | "button");
        if CLOSES_P.contains(&name) || CLOSES_P_MORE.contains(&name) {
            names()
                .take_while(|n| !boundary(n))
                .all(|n| n != "p")
                .then_some(())?;
        }
        let nested = match name {
            "a" | "form" | "button" | "nobr" => names().any(|n| n == name),
            "li" => names()
                .take_while(|n| !matches!(*n, "ul" | "ol"))
                .any(|n| n == "li"),
            "dd" | "dt" => names()
                .take_while(|n| *n != "dl")
                .any(|n| matches!(n, "dd" | "dt")),
            n if n.len() == 2 && n.starts_with('h') && n.as_bytes()[1].is_ascii_digit() => {
                parent.len() == 2
                    && parent.starts_with('h')
                    && parent.as_bytes()[1].is_ascii_digit()
            }
            _ => false,
        };
        (!nested).then_some(())
    }
}

/// A lowercase tag name at the start of `s`.
fn name_at(s: &str) -> Option<&str> {
    let len = s
        .bytes()
        .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        .count();
    (len > 0 && s.as_bytes()[0].is_ascii_lowercase()).then(|| &s[..len])
}

/// A lowercase attribute name at the start of `s`.
fn attr_name(s: &str) -> Option<&str> {
    let len = s
        .bytes()
        .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_'))
        .count();
    (len > 0).then(|| &s[..len])
}

/// Text with its character references read: the escapes metbook writes (the five, and a
/// few named ones its renderers use) and numeric ones; None for anything else (a named
/// entity html5ever knows and this does not).
fn decode(s: &str) -> Option<Cow<'_, str>> {
    if !s.contains('&') {
        return Some(Cow::Borrowed(s));
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';')?;
        let entity = &after[..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            "ge" => '≥',
            "le" => '≤',
            "mdash" => '—',
            "ndash" => '–',
            "hellip" => '…',
            "times" => '×',
            _ => {
                let n = match entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => entity.strip_prefix('#')?.parse().ok()?,
                };
                // html5ever remaps these (C1 controls as Windows-1252, NUL as U+FFFD).
                if n < 0x20 || (0x7f..=0x9f).contains(&n) {
                    return None;
                }
                char::from_u32(n)?
            }
        };
        out.push(c);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(Cow::Owned(out))
}
