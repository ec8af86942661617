//! The tree a document's HTML is read into before it is written out as XHTML: nodes in
//! document order, each knowing where its subtree ends, so "everything inside this
//! element" is a slice and walking needs no recursion. Two readers fill it. HTML that
//! metbook wrote itself (a chapter with no raw HTML of the author's) is read by a small
//! strict reader, many times faster than a browser's parser; anything it does not
//! expect, it leaves to html5ever, which reads any HTML the way a browser does.

use std::borrow::Cow;

mod strict;

pub(super) const HTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// A parsed fragment: `nodes[i]`'s subtree is `nodes[i + 1..nodes[i].end]`.
#[derive(Debug, Default)]
pub(super) struct Dom<'a> {
    pub nodes: Vec<Node<'a>>,
}

#[derive(Debug)]
pub(super) struct Node<'a> {
    pub kind: Kind<'a>,
    /// The parent element, None at the top.
    pub parent: Option<usize>,
    /// One past the last node inside this one.
    pub end: usize,
}

#[derive(Debug)]
pub(super) enum Kind<'a> {
    Text(Cow<'a, str>),
    Element(Element<'a>),
}

#[derive(Debug)]
pub(super) struct Element<'a> {
    /// The local name, lowercase for HTML elements (as parsed for SVG's camelCase ones).
    pub name: Cow<'a, str>,
    pub ns: &'static str,
    /// Attributes: the name as written in XML (`xlink:href` for a namespaced one), value.
    pub attrs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
}

impl Element<'_> {
    pub(super) fn name(&self) -> &str {
        &self.name
    }

    pub(super) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_ref())
    }

    pub(super) fn is_html(&self) -> bool {
        self.ns == HTML_NS
    }
}

impl<'a> Dom<'a> {
    /// Reads `html`: strictly when `trusted` and the HTML is as metbook writes it, else
    /// as a browser would.
    pub(super) fn parse(html: &'a str, trusted: bool) -> Dom<'a> {
        if trusted {
            if let Some(dom) = strict::parse(html) {
                return dom;
            }
        }
        from_html5ever(html)
    }

    pub(super) fn element(&self, i: usize) -> Option<&Element<'a>> {
        match &self.nodes[i].kind {
            Kind::Element(e) => Some(e),
            Kind::Text(_) => None,
        }
    }

    /// The nodes inside node `i`, with their indices.
    pub(super) fn inside(&self, i: usize) -> impl Iterator<Item = (usize, &Node<'a>)> {
        (i + 1..self.nodes[i].end).map(move |j| (j, &self.nodes[j]))
    }

    /// The text inside node `i`.
    pub(super) fn text_of(&self, i: usize) -> String {
        self.inside(i)
            .filter_map(|(_, n)| match &n.kind {
                Kind::Text(t) => Some(t.as_ref()),
                Kind::Element(_) => None,
            })
            .collect()
    }

    /// Appends a node under the open element `parent`; returns its index.
    fn push(&mut self, kind: Kind<'a>, parent: Option<usize>) -> usize {
        let i = self.nodes.len();
        self.nodes.push(Node {
            kind,
            parent,
            end: i + 1,
        });
        i
    }

    /// Closes element `i`: its subtree ends here.
    fn close(&mut self, i: usize) {
        self.nodes[i].end = self.nodes.len();
    }
}

/// Whether the strict reader reads `html` (for tests: that metbook's own HTML takes the
/// fast path).
#[cfg(test)]
pub(super) fn strict_reads(html: &str) -> bool {
    strict::parse(html).is_some()
}

/// Reads any HTML with html5ever (as a browser would, repairing what is malformed).
fn from_html5ever(html: &str) -> Dom<'static> {
    use scraper::Node as H;
    let tree = scraper::Html::parse_fragment(html);
    let root = tree.root_element();
    let mut dom = Dom::default();
    let mut open: Vec<usize> = Vec::new();
    for edge in root.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(n) if n.id() != root.id() => {
                let parent = open.last().copied();
                match n.value() {
                    H::Text(t) => {
                        dom.push(Kind::Text(Cow::Owned(t.text.to_string())), parent);
                    }
                    H::Element(e) => {
                        let attrs = e
                            .attrs
                            .iter()
                            .map(|(q, v)| {
                                let name = match &*q.ns {
                                    "http://www.w3.org/1999/xlink" => {
                                        format!("xlink:{}", &*q.local)
                                    }
                                    "http://www.w3.org/XML/1998/namespace" => {
                                        format!("xml:{}", &*q.local)
                                    }
                                    _ => q.local.to_string(),
                                };
                                (Cow::Owned(name), Cow::Owned(v.to_string()))
                            })
                            .collect();
                        let ns = match &*e.name.ns {
                            "http://www.w3.org/2000/svg" => "http://www.w3.org/2000/svg",
                            "http://www.w3.org/1998/Math/MathML" => {
                                "http://www.w3.org/1998/Math/MathML"
                            }
                            _ => HTML_NS,
                        };
                        let el = Element {
                            name: Cow::Owned(e.name().to_string()),
                            ns,
                            attrs,
                        };
                        open.push(dom.push(Kind::Element(el), parent));
                    }
                    // Comments, doctypes and processing instructions are not written.
                    _ => {}
                }
            }
            ego_tree::iter::Edge::Close(n) if n.id() != root.id() && n.value().is_element() => {
                if let Some(i) = open.pop() {
                    dom.close(i);
                }
            }
            _ => {}
        }
    }
    dom
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree as `name(children)` and `"text"`, to compare the two readers.
    fn shape(dom: &Dom) -> String {
        let mut s = String::new();
        let mut open: Vec<usize> = Vec::new();
        for (i, n) in dom.nodes.iter().enumerate() {
            while open.last().is_some_and(|&o| dom.nodes[o].end <= i) {
                open.pop();
                s.push(')');
            }
            match &n.kind {
                Kind::Text(t) => s.push_str(&format!("{t:?}")),
                Kind::Element(e) => {
                    s.push_str(&e.name);
                    for (k, v) in &e.attrs {
                        s.push_str(&format!("[{k}={v:?}]"));
                    }
                    s.push('(');
                    open.push(i);
                }
            }
        }
        for _ in open {
            s.push(')');
        }
        s
    }

    #[test]
    fn both_readers_agree_on_html_metbook_writes() {
        let html = "<h2 id=\"a\">A &amp; B <a class=\"mb-anchor\" href=\"#a\">#</a></h2>\n\
                    <p>x<br>y &#39;q&#39; &lt;&gt; &quot;</p><ul><li><input type=\"text\" hidden></li></ul>\
                    <textarea rows=\"2\">a &amp; <b></textarea><pre>\ncode</pre>";
        let strict = strict::parse(html).expect("strict reads it");
        assert_eq!(shape(&strict), shape(&from_html5ever(html)));
    }

    #[test]
    fn the_strict_reader_leaves_anything_unexpected_to_html5ever() {
        for html in [
            "<p>unclosed",
            "<p>a</b>",
            "<!-- a comment -->",
            "<p>&copy;</p>",
            "<p class=x>unquoted</p>",
            "<script>x</script>",
            "<table><tr><td>x</td></tr></table>",
            "<a href=\"#\"><a href=\"#\">nested</a></a>",
            "<P>upper</P>",
        ] {
            assert!(strict::parse(html).is_none(), "{html}");
        }
    }
}
