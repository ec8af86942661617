//! HTML made into the body of an XHTML content document. The HTML (pulldown-cmark's, the
//! block renderers' and the author's raw HTML alike) is parsed by html5ever as a browser
//! would, so malformed markup is repaired the way the site shows it, and the tree is
//! written back as XML: every element closed, only the five XML escapes, no control
//! characters, ids unique and valid, links pointing inside the EPUB or out of it, and
//! nothing that needs a script (see `allowed`). The walk is iterative, so no nesting
//! depth can overflow the stack.

use std::collections::HashSet;

use scraper::node::Element;
use scraper::{Html, Node};

use super::allowed::{self, Blank, Fate};
use super::links::{self, Resolver, Target};
use super::shape::{self, Misplaced};

const SVG: &str = "http://www.w3.org/2000/svg";
const MATHML: &str = "http://www.w3.org/1998/Math/MathML";
const XLINK: &str = "http://www.w3.org/1999/xlink";
const XML: &str = "http://www.w3.org/XML/1998/namespace";

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

pub(super) fn convert(html: &str, place: &Place, r: &dyn Resolver) -> Converted {
    let tree = Html::parse_fragment(html);
    let root = tree.root_element();
    let mut w = Writer {
        place,
        r,
        ids: collect_ids(root),
        emitted: HashSet::new(),
        out: Converted::default(),
        closers: Vec::new(),
    };
    w.walk(root);
    w.out.ids = std::mem::take(&mut w.ids);
    w.out
}

pub(super) type NodeRef<'a> = ego_tree::NodeRef<'a, Node>;

/// What the writer does with an element before looking inside it.
enum Step {
    /// Write it (as `name`) and its children.
    Open(&'static str),
    /// Write its children only.
    Children,
    /// Skip it and its children (anything it wrote for itself is out already).
    Skip,
}

/// The ids the converted body will hold, first use of each, in the order the writer meets
/// them (the writer keeps the same first uses).
fn collect_ids(root: scraper::ElementRef) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut skip: Option<ego_tree::NodeId> = None;
    for edge in root.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(n) if skip.is_none() => {
                let Some(el) = n.value().as_element() else {
                    continue;
                };
                if n.id() != root.id() && skips(n, el) {
                    skip = Some(n.id());
                    continue;
                }
                let keeps_id = !matches!(html_fate(n, el), Fate::Unwrap);
                if let (true, Some(id)) = (keeps_id, el.attr("id")) {
                    ids.insert(links::xml_id(id));
                }
            }
            ego_tree::iter::Edge::Close(n) if skip == Some(n.id()) => skip = None,
            _ => {}
        }
    }
    ids
}

/// Whether the element and everything in it are left out.
fn skips(n: NodeRef, el: &Element) -> bool {
    if is_foreign(el) {
        return matches!(el.name(), "script" | "foreignObject" | "foreignobject");
    }
    matches!(html_fate(n, el), Fate::Drop)
}

fn is_foreign(el: &Element) -> bool {
    matches!(&*el.name.ns, SVG | MATHML)
}

/// [`allowed::fate`], plus what depends on where the element is.
fn html_fate(n: NodeRef, el: &Element) -> Fate {
    if is_foreign(el) {
        return Fate::Keep;
    }
    if el.attr("class").is_some_and(|c| {
        c.split_ascii_whitespace()
            .any(|c| allowed::DROP_CLASSES.contains(&c))
    }) {
        return Fate::Drop;
    }
    let in_dl = n
        .parent()
        .and_then(|p| p.value().as_element().map(|p| p.name() == "dl"))
        .unwrap_or(false);
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
    match shape::misplaced(written, n) {
        Some(Misplaced::Unwrap) => Fate::Unwrap,
        Some(Misplaced::Div) => Fate::Rename("div"),
        None => fate,
    }
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

/// An element the writer has open: the closing tag it owes ("" for one written without a
/// tag), and that of the element wrapped around it (a list item the list needed).
struct Closer {
    name: &'static str,
    wrap: Option<&'static str>,
}

struct Writer<'a> {
    place: &'a Place<'a>,
    r: &'a dyn Resolver,
    ids: HashSet<String>,
    emitted: HashSet<String>,
    out: Converted,
    closers: Vec<Closer>,
}

impl Writer<'_> {
    fn walk(&mut self, root: scraper::ElementRef) {
        let mut skip: Option<ego_tree::NodeId> = None;
        // Foreign (SVG, MathML) elements open, counted, so their names are kept as parsed.
        let mut foreign: Vec<String> = Vec::new();
        for edge in root.traverse() {
            match edge {
                ego_tree::iter::Edge::Open(n) => {
                    if skip.is_some() || n.id() == root.id() {
                        continue;
                    }
                    match n.value() {
                        Node::Text(t) if foreign.is_empty() => self.text(&t.text),
                        Node::Text(t) => text(&t.text, &mut self.out.body),
                        Node::Element(el) if is_foreign(el) || !foreign.is_empty() => {
                            if skips(n, el) || !is_foreign(el) {
                                skip = Some(n.id());
                            } else {
                                self.open_foreign(el, foreign.is_empty());
                                foreign.push(el.name().to_string());
                            }
                        }
                        Node::Element(el) => {
                            if self.element(n, el) {
                                skip = Some(n.id());
                            }
                        }
                        _ => {}
                    }
                }
                ego_tree::iter::Edge::Close(n) => {
                    if skip == Some(n.id()) {
                        skip = None;
                        continue;
                    }
                    if skip.is_some() || n.id() == root.id() || !n.value().is_element() {
                        continue;
                    }
                    if let Some(name) = foreign.pop() {
                        self.out.body.push_str("</");
                        self.out.body.push_str(&name);
                        self.out.body.push('>');
                    } else if let Some(c) = self.closers.pop() {
                        for name in [c.name].into_iter().chain(c.wrap) {
                            if !name.is_empty() {
                                self.out.body.push_str("</");
                                self.out.body.push_str(name);
                                self.out.body.push('>');
                            }
                        }
                    }
                }
            }
        }
    }

    /// The element written last that is still open ("" at the top).
    fn parent(&self) -> &'static str {
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
        if let Some(w) = wrap {
            self.out.body.push('<');
            self.out.body.push_str(w);
            self.out.body.push('>');
        }
        text(t, &mut self.out.body);
        if let Some(w) = wrap {
            self.out.body.push_str("</");
            self.out.body.push_str(w);
            self.out.body.push('>');
        }
    }

    /// Writes an HTML element's start (in the wrapper its place needs); true when its
    /// children are to be skipped.
    fn element(&mut self, n: NodeRef, el: &Element) -> bool {
        let parent = self.parent();
        let fate = html_fate(n, el);
        let name = written_name(fate, el).map(|w| shape::placed(w, parent));
        let wrap = name.and_then(|w| shape::wrapper(parent, Some(w)));
        if let Some(w) = wrap {
            self.out.body.push('<');
            self.out.body.push_str(w);
            self.out.body.push('>');
        }
        match self.open(n, el, fate, name.unwrap_or("span")) {
            Step::Open(name) => self.closers.push(Closer { name, wrap }),
            Step::Children => self.closers.push(Closer { name: "", wrap }),
            Step::Skip => {
                if let Some(w) = wrap {
                    self.out.body.push_str("</");
                    self.out.body.push_str(w);
                    self.out.body.push('>');
                }
                return true;
            }
        }
        false
    }

    /// Writes what an HTML element of `fate` opens with (as `written`, where it keeps a
    /// tag), and says what to do with its children.
    fn open(&mut self, n: NodeRef, el: &Element, fate: Fate, written: &'static str) -> Step {
        let name = el.name();
        match fate {
            Fate::Drop => {
                if let Some(why) = allowed::reason(name) {
                    self.dropped(element_name(name), format!("<{name}"), why);
                }
                Step::Skip
            }
            Fate::Unwrap => {
                if let Some(why) = allowed::reason(name) {
                    self.dropped(element_name(name), format!("<{name}"), why);
                }
                Step::Children
            }
            Fate::Blank(kind) => {
                self.blank(n, el, kind);
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

    fn link(&mut self, el: &Element) -> Step {
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
    fn start(&mut self, name: &'static str, el: &Element, href: Option<&str>) -> Step {
        let b = &mut self.out.body;
        b.push('<');
        b.push_str(name);
        for (q, value) in &el.attrs {
            let attr: &str = &q.local;
            if attr == "href" || !allowed::attribute(name, attr) {
                continue;
            }
            if !allowed::value_ok(name, attr, value) {
                continue;
            }
            self.attribute(name, attr, value);
        }
        if let Some(h) = href {
            let b = &mut self.out.body;
            b.push_str(" href=\"");
            b.push_str(h);
            b.push('"');
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
    fn attribute(&mut self, el: &str, attr: &str, value: &str) {
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
        let _ = el;
    }

    /// An id for a replaced element (a blank, an image's text), when it had one.
    fn id_of(&mut self, el: &Element) {
        if let Some(id) = el.attr("id") {
            self.attribute("span", "id", id);
        }
    }

    /// A form control, printable: a line, ruled lines, a box, or what was filled in.
    fn blank(&mut self, n: NodeRef, el: &Element, kind: Blank) {
        let mut value = match (el.name(), kind) {
            ("select", _) => selected_text(n),
            (_, Blank::Lines) => text_of(n),
            _ => el.attr("value").unwrap_or_default().to_string(),
        };
        let class = match kind {
            Blank::Line => "mb-blank",
            Blank::Lines => "mb-lines",
            Blank::Check | Blank::Choice => "mb-box",
        };
        self.out.body.push_str("<span class=\"");
        self.out.body.push_str(class);
        self.out.body.push('"');
        self.id_of(el);
        self.out.body.push('>');
        let checked = el.attr("checked").is_some();
        match kind {
            Blank::Check => value = if checked { "☒" } else { "☐" }.into(),
            Blank::Choice => value = if checked { "◉" } else { "○" }.into(),
            Blank::Line if value.trim().is_empty() => value = "\u{a0}".into(),
            _ => {}
        }
        if kind == Blank::Lines {
            let rows: usize = el
                .attr("rows")
                .and_then(|r| r.parse().ok())
                .unwrap_or(3)
                .clamp(1, 12);
            let filled = !value.trim().is_empty();
            for i in 0..if filled { 1 } else { rows } {
                self.out.body.push_str("<span class=\"mb-line\">");
                text(
                    if filled && i == 0 { &value } else { "\u{a0}" },
                    &mut self.out.body,
                );
                self.out.body.push_str("</span>");
            }
        } else {
            text(&value, &mut self.out.body);
        }
        self.out.body.push_str("</span>");
    }

    /// An image the EPUB carries, or its alternative text where it cannot.
    fn image(&mut self, el: &Element) {
        let src = el.attr("src").unwrap_or_default();
        let alt = el.attr("alt").unwrap_or_default();
        let site = links::image_path(src, self.place.page);
        match site.as_deref().and_then(|s| self.r.image(s)) {
            Some(path) => {
                let path = path.to_string();
                let href = links::relative(self.place.container, &path);
                self.out.images.push(path);
                let b = &mut self.out.body;
                b.push_str("<img src=\"");
                attr_text(&href, b);
                b.push_str("\" alt=\"");
                attr_text(alt, b);
                b.push('"');
                for a in ["id", "class", "title", "width", "height"] {
                    if let Some(v) = el.attr(a).filter(|v| allowed::value_ok("img", a, v)) {
                        self.attribute("img", a, v);
                    }
                }
                self.out.body.push_str("/>");
            }
            None => {
                let shown = src.trim_start_matches(crate::resolve::links::ROOT_MARK);
                let why = if site.is_none() {
                    "an EPUB may not load images from the web; save the image beside the chapter"
                } else {
                    "only PNG, JPEG, GIF and SVG images in the book's source folder go into an EPUB"
                };
                let needle = shown.rsplit('/').next().unwrap_or(shown).to_string();
                self.dropped(format!("the image `{shown}`"), needle, why);
                self.out.body.push_str("<span class=\"mb-image-text\"");
                self.id_of(el);
                self.out.body.push('>');
                text(alt, &mut self.out.body);
                self.out.body.push_str("</span>");
            }
        }
    }

    fn open_foreign(&mut self, el: &Element, outermost: bool) {
        let b = &mut self.out.body;
        b.push('<');
        b.push_str(el.name());
        if outermost {
            let ns: &str = &el.name.ns;
            b.push_str(" xmlns=\"");
            b.push_str(ns);
            b.push('"');
            if ns == SVG {
                b.push_str(" xmlns:xlink=\"");
                b.push_str(XLINK);
                b.push('"');
                self.out.svg = true;
            } else {
                self.out.mathml = true;
            }
        }
        for (q, value) in &el.attrs {
            let local: &str = &q.local;
            let name = match &*q.ns {
                XLINK => format!("xlink:{local}"),
                XML => format!("xml:{local}"),
                "" => local.to_string(),
                _ => continue,
            };
            if local.starts_with("on") || !xml_name(local) || local == "xmlns" {
                continue;
            }
            let b = &mut self.out.body;
            b.push(' ');
            b.push_str(&name);
            b.push_str("=\"");
            attr_text(value, b);
            b.push('"');
        }
        self.out.body.push('>');
    }

    fn dropped(&mut self, what: String, needle: String, why: &'static str) {
        let d = Dropped { what, needle, why };
        if !self.out.dropped.contains(&d) {
            self.out.dropped.push(d);
        }
    }
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

/// "an <iframe> element", "a <canvas> element".
fn element_name(name: &str) -> String {
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} <{name}> element")
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

/// The text inside a node (a text area's).
fn text_of(n: NodeRef) -> String {
    n.descendants()
        .filter_map(|d| d.value().as_text().map(|t| t.text.to_string()))
        .collect()
}

/// The text of a select's chosen option.
fn selected_text(n: NodeRef) -> String {
    n.descendants()
        .find(|d| {
            d.value()
                .as_element()
                .is_some_and(|e| e.name() == "option" && e.attr("selected").is_some())
        })
        .map(text_of)
        .unwrap_or_default()
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
