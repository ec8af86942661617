//! HTML made into the body of an XHTML content document. The HTML (pulldown-cmark's, the
//! block renderers' and the author's raw HTML alike) is read into a tree (see `dom`: as a
//! browser would read it, so malformed markup is repaired the way the site shows it),
//! and the tree is written back as XML: every element closed, only the five XML escapes,
//! no control characters, ids unique and valid, links pointing inside the EPUB or out of
//! it, content where the schema allows it (`shape`), and nothing that needs a script
//! (`allowed`). The walk is a loop over the nodes, so no nesting depth can overflow the
//! stack.

mod replaced;

use std::collections::HashSet;

use super::allowed::{self, Fate};
use super::dom::{Dom, Element, Kind};
use super::links::{self, Resolver, Target};
use super::shape::{self, Misplaced};

const SVG: &str = "http://www.w3.org/2000/svg";
const XLINK: &str = "http://www.w3.org/1999/xlink";

/// One document's body, converted.
#[derive(Default, Debug)]
pub(super) struct Converted {
    /// XHTML, with link marks for links to documents (see `links::fill`).
    pub body: String,
    /// The ids the body holds.
    pub ids: HashSet<String>,
    /// Container paths of the images it shows.
    pub images: Vec<String>,
    /// It holds inline SVG or MathML (the manifest says so).
    pub svg: bool,
    pub mathml: bool,
    /// The author's constructs left out, to report.
    pub dropped: Vec<Dropped>,
}

/// Something of the author's that the EPUB leaves out.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Dropped {
    /// What it is, for the message: "an <iframe> element", "the image `x.webp`".
    pub what: String,
    /// Text to look for in the chapter's Markdown to locate it.
    pub needle: String,
    pub why: &'static str,
}

/// The document the HTML becomes: its index, its page's site path (relative links in the
/// HTML are written from there) and its container path.
pub(super) struct Place<'a> {
    pub doc: usize,
    pub page: &'a str,
    pub container: &'a str,
}

/// Converts `html`; `trusted` when metbook wrote all of it (no raw HTML of the author's),
/// which lets the strict reader try first.
pub(super) fn convert(html: &str, place: &Place, r: &dyn Resolver, trusted: bool) -> Converted {
    let dom = Dom::parse(html, trusted);
    let fates: Vec<Fate> = (0..dom.nodes.len()).map(|i| fate(&dom, i)).collect();
    let mut w = Writer {
        place,
        r,
        dom: &dom,
        ids: collect_ids(&dom, &fates),
        emitted: HashSet::new(),
        out: Converted::default(),
        closers: Vec::new(),
    };
    w.walk(&fates);
    w.out.ids = std::mem::take(&mut w.ids);
    w.out
}

/// What the writer does with an element before looking inside it.
pub(super) enum Step<'a> {
    /// Write it (as `name`) and its children.
    Open(&'a str),
    /// Write its children only.
    Children,
    /// Skip it and its children (anything it wrote for itself is out already).
    Skip,
}

/// An element the writer has open: the closing tag it owes ("" for one written without a
/// tag), that of the element wrapped around it (a list item the list needed), and
/// whether it is SVG or MathML.
struct Closer<'a> {
    end: usize,
    name: &'a str,
    wrap: Option<&'static str>,
    foreign: bool,
}

/// The fate of node `i` (text nodes are kept).
fn fate(dom: &Dom, i: usize) -> Fate {
    let Some(el) = dom.element(i) else {
        return Fate::Keep;
    };
    if !el.is_html() {
        return match el.name() {
            "script" | "foreignObject" | "foreignobject" => Fate::Drop,
            _ => Fate::Keep,
        };
    }
    let inside_foreign = dom.nodes[i]
        .parent
        .and_then(|p| dom.element(p))
        .is_some_and(|p| !p.is_html());
    if inside_foreign {
        return Fate::Drop;
    }
    if el.attr("class").is_some_and(|c| {
        c.split_ascii_whitespace()
            .any(|c| allowed::DROP_CLASSES.contains(&c))
    }) {
        return Fate::Drop;
    }
    let in_dl = dom.nodes[i]
        .parent
        .and_then(|p| dom.element(p))
        .is_some_and(|p| p.name() == "dl");
    if el.name() == "div" && in_dl {
        // `<dl><div><dt>…`: a styling wrapper older EPUB checkers refuse.
        return Fate::Unwrap;
    }
    let fate = allowed::fate(el.name(), &|a| el.attr(a).map(str::to_string));
    let written = match fate {
        Fate::Keep => el.name(),
        Fate::Rename(to) => to,
        _ => return fate,
    };
    match shape::misplaced(written, dom, i) {
        Some(Misplaced::Unwrap) => Fate::Unwrap,
        Some(Misplaced::Div) => Fate::Rename("div"),
        None => fate,
    }
}

/// The ids the converted body will hold, first use of each, in the order the writer meets
/// them (the writer keeps the same first uses).
fn collect_ids(dom: &Dom, fates: &[Fate]) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut i = 0;
    while i < dom.nodes.len() {
        match (dom.element(i), fates[i]) {
            (Some(_), Fate::Drop) => {
                i = dom.nodes[i].end;
                continue;
            }
            (Some(el), f) if f != Fate::Unwrap => {
                if let Some(id) = el.attr("id") {
                    ids.insert(links::xml_id(id));
                }
            }
            _ => {}
        }
        i += 1;
    }
    ids
}

/// The name an element of this fate is written as, before links are resolved (an `<a>`
/// leading nowhere becomes a `<span>`, which changes nothing about where it may stand).
fn written_name(fate: Fate, el: &Element) -> Option<&'static str> {
    match fate {
        Fate::Keep => Some(static_name(el.name())),
        Fate::Rename(to) => Some(to),
        Fate::Blank(_) => Some("span"),
        Fate::Image => Some("img"),
        Fate::Drop | Fate::Unwrap => None,
    }
}

pub(super) struct Writer<'a> {
    place: &'a Place<'a>,
    r: &'a dyn Resolver,
    dom: &'a Dom<'a>,
    ids: HashSet<String>,
    emitted: HashSet<String>,
    pub(super) out: Converted,
    closers: Vec<Closer<'a>>,
}

impl<'a> Writer<'a> {
    fn walk(&mut self, fates: &[Fate]) {
        let dom = self.dom;
        let mut i = 0;
        loop {
            while self.closers.last().is_some_and(|c| c.end <= i) {
                let c = self.closers.pop().expect("checked");
                for name in [c.name].into_iter().chain(c.wrap) {
                    if !name.is_empty() {
                        self.out.body.push_str("</");
                        self.out.body.push_str(name);
                        self.out.body.push('>');
                    }
                }
            }
            if i >= dom.nodes.len() {
                break;
            }
            let node = &dom.nodes[i];
            let in_foreign = self.closers.last().is_some_and(|c| c.foreign);
            match &node.kind {
                Kind::Text(t) if in_foreign => text(t, &mut self.out.body),
                Kind::Text(t) => self.text(t),
                Kind::Element(el) if fates[i] == Fate::Drop => {
                    if let Some(why) = allowed::reason(el.name()).filter(|_| el.is_html()) {
                        self.dropped(element_name(el.name()), format!("<{}", el.name()), why);
                    }
                    i = node.end;
                    continue;
                }
                Kind::Element(el) if !el.is_html() => {
                    self.open_foreign(el, !in_foreign);
                    self.closers.push(Closer {
                        end: node.end,
                        name: el.name(),
                        wrap: None,
                        foreign: true,
                    });
                }
                Kind::Element(el) => {
                    if self.element(i, el, fates[i]) {
                        i = node.end;
                        continue;
                    }
                }
            }
            i += 1;
        }
    }

    /// The element written last that is still open ("" at the top).
    fn parent(&self) -> &'a str {
        self.closers
            .iter()
            .rev()
            .find(|c| !c.name.is_empty())
            .map_or("", |c| c.name)
    }

    /// Text, in a list item of its own where it stands in a list.
    fn text(&mut self, t: &str) {
        let parent = self.parent();
        if t.trim().is_empty() {
            return text(t, &mut self.out.body);
        }
        if !shape::text_allowed(parent) {
            return;
        }
        let wrap = shape::wrapper(parent, None);
        self.open_tag(wrap);
        text(t, &mut self.out.body);
        self.close_tag(wrap);
    }

    fn open_tag(&mut self, name: Option<&str>) {
        if let Some(n) = name {
            self.out.body.push('<');
            self.out.body.push_str(n);
            self.out.body.push('>');
        }
    }

    fn close_tag(&mut self, name: Option<&str>) {
        if let Some(n) = name {
            self.out.body.push_str("</");
            self.out.body.push_str(n);
            self.out.body.push('>');
        }
    }

    /// Writes HTML element `i`'s start (in the wrapper its place needs); true when its
    /// children are to be skipped.
    fn element(&mut self, i: usize, el: &'a Element<'a>, fate: Fate) -> bool {
        let parent = self.parent();
        let name = written_name(fate, el).map(|w| shape::placed(w, parent));
        let wrap = name.and_then(|w| shape::wrapper(parent, Some(w)));
        self.open_tag(wrap);
        let end = self.dom.nodes[i].end;
        match self.open(i, el, fate, name.unwrap_or("span")) {
            Step::Open(name) => self.closers.push(Closer {
                end,
                name,
                wrap,
                foreign: false,
            }),
            Step::Children => self.closers.push(Closer {
                end,
                name: "",
                wrap,
                foreign: false,
            }),
            Step::Skip => {
                self.close_tag(wrap);
                return true;
            }
        }
        false
    }

    /// Writes what an HTML element of `fate` opens with (as `written`, where it keeps a
    /// tag), and says what to do with its children.
    fn open(&mut self, i: usize, el: &Element, fate: Fate, written: &'static str) -> Step<'a> {
        let name = el.name();
        match fate {
            Fate::Drop => Step::Skip,
            Fate::Unwrap => {
                if let Some(why) = allowed::reason(name) {
                    self.dropped(element_name(name), format!("<{name}"), why);
                }
                Step::Children
            }
            Fate::Blank(kind) => {
                self.blank(i, el, kind);
                Step::Skip
            }
            Fate::Image => {
                self.image(el);
                Step::Skip
            }
            Fate::Keep if written == "a" => self.link(el),
            Fate::Rename(_) | Fate::Keep => self.start(written, el, None),
        }
    }

    fn link(&mut self, el: &Element) -> Step<'a> {
        let Some(href) = el.attr("href") else {
            return self.start("a", el, None);
        };
        match links::target(href, self.place.page, self.place.doc, self.r) {
            Target::Doc(doc, frag) => {
                let mut h = String::new();
                links::mark(doc, &frag, &mut h);
                self.start("a", el, Some(&h))
            }
            Target::External(url) => {
                let mut h = String::new();
                attr_text(&url, &mut h);
                self.start("a", el, Some(&h))
            }
            // Search, print.html, a downloadable file: the words stay, the link goes.
            Target::Gone => self.start("span", el, None),
        }
    }

    /// Writes a start tag with the element's allowed attributes, and `href` (written
    /// already escaped) when given.
    fn start(&mut self, name: &'static str, el: &Element, href: Option<&str>) -> Step<'a> {
        self.out.body.push('<');
        self.out.body.push_str(name);
        for (attr, value) in &el.attrs {
            if attr == "href"
                || !allowed::attribute(name, attr)
                || !allowed::value_ok(name, attr, value)
            {
                continue;
            }
            self.attribute(attr, value);
        }
        if let Some(h) = href {
            self.out.body.push_str(" href=\"");
            self.out.body.push_str(h);
            self.out.body.push('"');
        }
        if is_void(name) {
            self.out.body.push_str("/>");
            return Step::Skip;
        }
        self.out.body.push('>');
        Step::Open(name)
    }

    /// One allowed attribute: ids made unique and valid, references to ids kept only when
    /// the id is in this document.
    pub(super) fn attribute(&mut self, attr: &str, value: &str) {
        let value: std::borrow::Cow<str> = if attr == "id" {
            let id = links::xml_id(value);
            if !self.emitted.insert(id.clone()) {
                return;
            }
            id.into()
        } else if allowed::IDREFS.contains(&attr) {
            let kept: Vec<String> = value
                .split_ascii_whitespace()
                .map(links::xml_id)
                .filter(|id| self.ids.contains(id))
                .collect();
            if kept.is_empty() {
                return;
            }
            kept.join(" ").into()
        } else {
            value.into()
        };
        let b = &mut self.out.body;
        b.push(' ');
        b.push_str(attr);
        b.push_str("=\"");
        attr_text(&value, b);
        b.push('"');
    }

    fn open_foreign(&mut self, el: &Element, outermost: bool) {
        let b = &mut self.out.body;
        b.push('<');
        b.push_str(el.name());
        if outermost {
            b.push_str(" xmlns=\"");
            b.push_str(el.ns);
            b.push('"');
            if el.ns == SVG {
                b.push_str(" xmlns:xlink=\"");
                b.push_str(XLINK);
                b.push('"');
                self.out.svg = true;
            } else {
                self.out.mathml = true;
            }
        }
        for (name, value) in &el.attrs {
            let local = name.rsplit(':').next().unwrap_or(name);
            let prefixed_ok = match name.split_once(':') {
                Some((p, _)) => matches!(p, "xlink" | "xml"),
                None => true,
            };
            if local.starts_with("on") || !xml_name(local) || !prefixed_ok || name == "xmlns" {
                continue;
            }
            let b = &mut self.out.body;
            b.push(' ');
            b.push_str(name);
            b.push_str("=\"");
            attr_text(value, b);
            b.push('"');
        }
        self.out.body.push('>');
    }

    pub(super) fn dropped(&mut self, what: String, needle: String, why: &'static str) {
        let d = Dropped { what, needle, why };
        if !self.out.dropped.contains(&d) {
            self.out.dropped.push(d);
        }
    }
}

/// "an <iframe> element", "a <canvas> element".
fn element_name(name: &str) -> String {
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} <{name}> element")
}

/// The element names the writer can open, as `'static` strings.
fn static_name(name: &str) -> &'static str {
    const NAMES: [&str; 66] = [
        "a",
        "abbr",
        "address",
        "article",
        "aside",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "data",
        "dd",
        "del",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "i",
        "ins",
        "kbd",
        "legend",
        "li",
        "mark",
        "meter",
        "nav",
        "ol",
        "p",
        "pre",
        "progress",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "section",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
    ];
    const MORE: [&str; 5] = ["tr", "u", "ul", "var", "wbr"];
    NAMES
        .iter()
        .chain(MORE.iter())
        .find(|n| **n == name)
        .copied()
        .unwrap_or("span")
}

fn is_void(name: &str) -> bool {
    matches!(name, "br" | "col" | "hr" | "wbr")
}

/// A name XML accepts for an attribute of foreign content.
fn xml_name(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Whether XML 1.0 allows the character at all.
fn xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Element text, escaped for XML, without characters XML forbids.
pub(super) fn text(s: &str, out: &mut String) {
    escape(s, out, false);
}

/// An attribute value, escaped for XML (in double quotes).
pub(super) fn attr_text(s: &str, out: &mut String) {
    escape(s, out, true);
}

fn escape(s: &str, out: &mut String, attr: bool) {
    let mut last = 0;
    for (i, c) in s.char_indices() {
        let rep = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' if attr => "&quot;",
            c if !xml_char(c) => "",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + c.len_utf8();
    }
    out.push_str(&s[last..]);
}

#[cfg(test)]
mod tests;
