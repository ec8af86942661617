//! The chapter tree and glossary definitions, written once as a shared script (so page
//! size stays constant as the book grows), and the tree as nested HTML for the index page.

use serde_json::{json, Value};

use crate::model::{Book, TreeItem};
use crate::resolve::links::relative;
use crate::text::escape;

/// The shared site script: the chapter tree, and the glossary's plain definitions, from
/// which nav.js makes each term's tooltip. Held once here instead of in every page, a
/// definition costs a reader's phone its bytes once, not once per page that mentions it.
pub(crate) fn script(book: &Book) -> Vec<u8> {
    let items: Vec<Value> = book.tree.iter().map(|t| item(book, t)).collect();
    let mut out = format!(
        "window.metbookToc = {};\n",
        script_json(&Value::from(items))
    );
    let terms = &book.met.glossary.terms;
    if !terms.is_empty() {
        let defs: serde_json::Map<String, Value> = terms
            .iter()
            .map(|t| (t.id.clone(), Value::from(t.plain.as_str())))
            .collect();
        out.push_str(&format!(
            "window.metbookGlossary = {};\n",
            script_json(&Value::from(defs))
        ));
    }
    out.into_bytes()
}

/// JSON escaped so no title or definition can close a script element or break a JS string.
fn script_json(v: &Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

fn item(book: &Book, t: &TreeItem) -> Value {
    match t {
        TreeItem::Part(p) => json!({ "part": p }),
        TreeItem::Separator => json!({ "sep": true }),
        TreeItem::Chapter { index, children } => {
            let c = &book.chapters[*index];
            let url = (!c.draft).then(|| c.out_path.clone());
            let kids: Vec<Value> = children.iter().map(|k| item(book, k)).collect();
            json!({ "t": c.title, "u": url, "n": c.number, "c": kids })
        }
    }
}

/// The whole tree as nested lists, links relative to `page`.
pub(crate) fn contents_html(book: &Book, page: &str) -> String {
    let mut s = format!(
        "<nav class=\"mb-contents\" aria-label=\"{}\">",
        crate::text::escape(book.words.get("contents"))
    );
    list(book, &book.tree, page, &mut s);
    s.push_str("</nav>");
    s
}

fn list(book: &Book, items: &[TreeItem], page: &str, s: &mut String) {
    let mut open = false;
    for t in items {
        match t {
            TreeItem::Part(p) => {
                if open {
                    s.push_str("</ol>");
                    open = false;
                }
                s.push_str(&format!("<h2 class=\"mb-part\">{}</h2>", escape(p)));
            }
            TreeItem::Separator => {
                if open {
                    s.push_str("</ol>");
                    open = false;
                }
                s.push_str("<hr>");
            }
            TreeItem::Chapter { index, children } => {
                if !open {
                    s.push_str("<ol>");
                    open = true;
                }
                let c = &book.chapters[*index];
                let num = c
                    .number
                    .as_deref()
                    .map(|n| format!("<span class=\"mb-num\">{}</span> ", escape(n)))
                    .unwrap_or_default();
                if c.draft {
                    s.push_str(&format!(
                        "<li><span class=\"mb-draft\">{num}{}</span>",
                        escape(&c.title)
                    ));
                } else {
                    s.push_str(&format!(
                        "<li><a href=\"{}\">{num}{}</a>",
                        escape(&relative(page, &c.out_path)),
                        escape(&c.title)
                    ));
                }
                if !children.is_empty() {
                    list(book, children, page, s);
                }
                s.push_str("</li>");
            }
        }
    }
    if open {
        s.push_str("</ol>");
    }
}
