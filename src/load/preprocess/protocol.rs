//! mdBook's preprocessor JSON: `[context, book]` on the way in, the book on the way out.
//! The book is sent in both mdBook 0.5's shape (`items`) and 0.4's (`sections` and
//! `__non_exhaustive`), which neither version's types refuse, so preprocessors built
//! against either read it; on the way back either shape is accepted.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::Doc;
use crate::model::TreeItem;

/// The mdBook version the context names. Preprocessors compare it with the mdBook they
/// were built against and at most warn; this is the release whose protocol metbook follows.
pub(super) const MDBOOK_VERSION: &str = "0.5.4";

/// mdBook's name for its HTML renderer, which metbook stands in for.
pub(super) const RENDERER: &str = "html";

#[derive(Serialize)]
struct Context<'a> {
    root: &'a Path,
    config: &'a serde_json::Value,
    renderer: &'a str,
    mdbook_version: &'a str,
}

#[derive(Serialize)]
struct BookOut<'a> {
    items: &'a [ItemOut<'a>],
    sections: &'a [ItemOut<'a>],
    /// mdBook 0.4's `Book` requires this field (a unit, so `null`).
    __non_exhaustive: (),
}

#[derive(Serialize)]
enum ItemOut<'a> {
    Chapter(ChapterOut<'a>),
    Separator,
    PartTitle(&'a str),
}

#[derive(Serialize)]
struct ChapterOut<'a> {
    name: &'a str,
    content: &'a str,
    number: Option<Vec<u32>>,
    sub_items: Vec<ItemOut<'a>>,
    path: Option<String>,
    source_path: Option<&'a str>,
    parent_names: Vec<&'a str>,
}

/// The JSON a preprocessor reads on stdin.
pub(super) fn input(
    root: &Path,
    config: &serde_json::Value,
    docs: &[Doc],
    tree: &[TreeItem],
) -> serde_json::Result<Vec<u8>> {
    let ctx = Context {
        root,
        config,
        renderer: RENDERER,
        mdbook_version: MDBOOK_VERSION,
    };
    let items = items(docs, tree);
    let book = BookOut {
        items: &items,
        sections: &items,
        __non_exhaustive: (),
    };
    serde_json::to_vec(&(ctx, book))
}

fn items<'a>(docs: &'a [Doc], tree: &'a [TreeItem]) -> Vec<ItemOut<'a>> {
    tree.iter()
        .map(|t| match t {
            TreeItem::Part(p) => ItemOut::PartTitle(p),
            TreeItem::Separator => ItemOut::Separator,
            TreeItem::Chapter { index, children } => {
                let d = &docs[index.index()];
                ItemOut::Chapter(ChapterOut {
                    name: &d.name,
                    content: &d.text,
                    number: d
                        .number
                        .as_deref()
                        .map(|n| n.split('.').filter_map(|x| x.parse().ok()).collect()),
                    sub_items: items(docs, children),
                    path: d.path.as_deref().map(mdbook_path),
                    source_path: d.path.as_deref(),
                    parent_names: d
                        .parents
                        .iter()
                        .map(|p| docs[p.index()].name.as_str())
                        .collect(),
                })
            }
        })
        .collect()
}

/// A chapter's `path` as mdBook's `index` preprocessor leaves it: `README.md` becomes
/// `index.md` in its folder (`source_path` keeps the file's own name).
pub(super) fn mdbook_path(rel: &str) -> String {
    let (dir, file) = rel.rsplit_once('/').map_or(("", rel), |(d, f)| (d, f));
    if file.eq_ignore_ascii_case("readme.md") {
        if dir.is_empty() {
            "index.md".into()
        } else {
            format!("{dir}/index.md")
        }
    } else {
        rel.to_string()
    }
}

#[derive(Deserialize)]
struct BookIn {
    items: Option<Vec<ItemIn>>,
    sections: Option<Vec<ItemIn>>,
}

#[derive(Deserialize)]
enum ItemIn {
    Chapter(ChapterIn),
    Separator,
    PartTitle(serde::de::IgnoredAny),
}

#[derive(Deserialize)]
struct ChapterIn {
    name: String,
    content: String,
    #[serde(default)]
    sub_items: Vec<ItemIn>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    source_path: Option<String>,
}

/// A chapter as a preprocessor returned it.
#[derive(Debug, PartialEq)]
pub(super) struct Returned {
    pub name: String,
    pub content: String,
    pub path: Option<String>,
    pub source_path: Option<String>,
}

/// The chapters of a returned book in reading order. When both shapes come back (a
/// preprocessor that edits the JSON it was given keeps the key it did not use), the one
/// that differs from what was sent is the one it changed; 0.5's wins a tie.
pub(super) fn output(stdout: &[u8], docs: &[Doc]) -> Result<Vec<Returned>, String> {
    let book: BookIn = serde_json::from_slice(stdout).map_err(|e| e.to_string())?;
    let flat = |items: Vec<ItemIn>| {
        let mut out = Vec::new();
        flatten(items, &mut out);
        out
    };
    match (book.items.map(flat), book.sections.map(flat)) {
        (Some(items), Some(sections)) => Ok(if same(&items, docs) && !same(&sections, docs) {
            sections
        } else {
            items
        }),
        (Some(list), None) | (None, Some(list)) => Ok(list),
        (None, None) => {
            Err("the book has neither `items` (mdBook 0.5) nor `sections` (mdBook 0.4)".into())
        }
    }
}

fn flatten(items: Vec<ItemIn>, out: &mut Vec<Returned>) {
    for item in items {
        if let ItemIn::Chapter(c) = item {
            out.push(Returned {
                name: c.name,
                content: c.content,
                path: c.path,
                source_path: c.source_path,
            });
            flatten(c.sub_items, out);
        }
    }
}

/// Whether `list` is the book as it was sent.
fn same(list: &[Returned], docs: &[Doc]) -> bool {
    list.len() == docs.len()
        && list
            .iter()
            .zip(docs)
            .all(|(r, d)| r.name == d.name && r.content == d.text && r.source_path == d.path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ChapterId;

    fn docs() -> Vec<Doc> {
        vec![
            Doc::new("Intro", "# Intro\n", Some("README.md"), None, Vec::new()),
            Doc::new("Part one", "text", Some("a/b.md"), Some("1."), Vec::new()),
            Doc::new(
                "Sub",
                "sub",
                Some("a/c.md"),
                Some("1.1."),
                vec![ChapterId::at(1)],
            ),
            Doc::new("Later", "", None, Some("2."), Vec::new()),
        ]
    }

    fn tree() -> Vec<TreeItem> {
        let ch = |i, children| TreeItem::Chapter {
            index: ChapterId::at(i),
            children,
        };
        vec![
            ch(0, vec![]),
            TreeItem::Part("Part".into()),
            ch(1, vec![ch(2, vec![])]),
            TreeItem::Separator,
            ch(3, vec![]),
        ]
    }

    #[test]
    fn input_has_mdbooks_shapes() {
        let d = docs();
        let json = input(
            Path::new("/book"),
            &serde_json::json!({"book": {}}),
            &d,
            &tree(),
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(v[0]["renderer"], "html");
        assert_eq!(v[0]["root"], "/book");
        let book = &v[1];
        assert_eq!(book["items"], book["sections"]);
        assert!(book["__non_exhaustive"].is_null());
        let items = &book["items"];
        assert_eq!(items[0]["Chapter"]["path"], "index.md");
        assert_eq!(items[0]["Chapter"]["source_path"], "README.md");
        assert!(items[0]["Chapter"]["number"].is_null());
        assert_eq!(items[1]["PartTitle"], "Part");
        let sub = &items[2]["Chapter"]["sub_items"][0]["Chapter"];
        assert_eq!(sub["number"], serde_json::json!([1, 1]));
        assert_eq!(sub["parent_names"], serde_json::json!(["Part one"]));
        assert_eq!(items[3], "Separator");
        assert!(items[4]["Chapter"]["path"].is_null());
    }

    #[test]
    fn output_takes_the_shape_that_changed() {
        let d = docs();
        let json = input(Path::new("/b"), &serde_json::json!({}), &d, &tree()).unwrap();
        let mut v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        v[1]["sections"][0]["Chapter"]["content"] = "changed".into();
        let back = output(v[1].to_string().as_bytes(), &d).unwrap();
        assert_eq!(back.len(), 4);
        assert_eq!(back[0].content, "changed");
        assert_eq!(back[2].name, "Sub");
        let only_items = serde_json::json!({"items": v[1]["items"]});
        assert_eq!(
            output(only_items.to_string().as_bytes(), &d).unwrap()[0].content,
            "# Intro\n"
        );
        assert!(output(b"{}", &d).is_err());
        assert!(output(b"not json", &d).is_err());
    }
}
