//! Pages built from the MET structures: the principles overview, "MET compared" and the
//! printable fidelity checklist.

use crate::model::{Book, ChapterId};
use crate::resolve::links::relative;
use crate::text::escape;

use super::{chapter_link, sanitize, GenPage};
use std::collections::{BTreeMap, BTreeSet};

use super::dialogues::dialogue_link;
use crate::model::met::dialogue::Dialogue;
use crate::model::Block;
use crate::render::blocks::{aspect_id, does_not_id, inline_md};

pub(super) fn principles(
    book: &Book,
    illustrates: &BTreeMap<ChapterId, Vec<ChapterId>>,
    dialogues: &[(ChapterId, &Dialogue)],
) -> Option<GenPage> {
    let page = "principles.html";
    let mut ps: Vec<(u32, ChapterId)> = book
        .pages()
        .filter(|(_, c)| c.front.kind == crate::model::ChapterKind::Principle)
        .map(|(i, c)| (c.front.number.unwrap_or(0), i))
        .collect();
    if ps.is_empty() {
        return None;
    }
    ps.sort();
    let w = &book.words;
    let mut h = format!(
        "<p>{}</p>\n<ol class=\"mb-principles\">",
        escape(w.get("gen_principles_intro"))
    );
    for (_, i) in ps {
        let c = &book.chapters[i];
        h.push_str(&format!(
            "<li id=\"principle-{}\"><h2>{}</h2>",
            escape(&c.id),
            chapter_link(book, page, i)
        ));
        if let Some(s) = &c.front.summary {
            h.push_str(&format!(
                "<p class=\"mb-summary\">{}</p>",
                inline_md(s, sanitize(book))
            ));
        }
        let users: BTreeSet<ChapterId> =
            illustrates.get(&i).into_iter().flatten().copied().collect();
        if !users.is_empty() {
            h.push_str(&format!("<p>{}</p><ul>", escape(w.get("illustrated_in"))));
            for u in users {
                h.push_str(&format!("<li>{}</li>", chapter_link(book, page, u)));
            }
            h.push_str("</ul>");
        }
        let ds: Vec<String> = dialogues
            .iter()
            .filter(|(_, d)| d.principles.iter().any(|p| p.value == c.id))
            .map(|(ci, d)| dialogue_link(book, page, *ci, d))
            .collect();
        if !ds.is_empty() {
            h.push_str(&format!(
                "<p>{}</p>",
                w.fill("dialogues_list", &[("list", &ds.join(", "))])
            ));
        }
        let steps = super::sessions::steps_using(book, &c.id, page);
        if !steps.is_empty() {
            h.push_str(&format!(
                "<p>{}</p>",
                w.fill("session_steps_list", &[("list", &steps.join(", "))])
            ));
        }
        h.push_str("</li>");
    }
    h.push_str("</ol>");
    Some(GenPage {
        in_nav: true,
        lists: Default::default(),
        path: page.into(),
        title: w.get("gen_principles_title").into(),
        description: w.get("gen_principles_description").into(),
        html: h,
    })
}

/// One row of the comparison: the aspect in lowercase (to merge spellings), its display
/// name, and approach key → (cell Markdown, link to the contrast it came from).
type AspectRow = (String, String, BTreeMap<String, (String, String)>);

pub(super) fn compared(book: &Book) -> Option<GenPage> {
    let page = "met-compared.html";
    let mut approaches: Vec<(String, String)> = Vec::new();
    let mut rows: Vec<AspectRow> = Vec::new();
    for (_, c) in book.pages() {
        for (n, b) in c.parsed_blocks().enumerate() {
            let Block::Contrast(con) = b else { continue };
            for (k, name) in &con.approaches {
                if !approaches.iter().any(|(a, _)| a == k) {
                    approaches.push((k.clone(), name.clone()));
                }
            }
            for a in &con.aspects {
                let key = a.name.to_lowercase();
                let pos = rows.iter().position(|r| r.0 == key).unwrap_or_else(|| {
                    rows.push((key.clone(), a.name.clone(), BTreeMap::new()));
                    rows.len() - 1
                });
                let href = format!(
                    "{}#{}",
                    relative(page, &c.out_path),
                    aspect_id(c, n, &a.name)
                );
                for ((k, _), cell) in con.approaches.iter().zip(&a.cells) {
                    if let Some(cell) = cell {
                        rows[pos]
                            .2
                            .entry(k.clone())
                            .or_insert_with(|| (cell.clone(), href.clone()));
                    }
                }
            }
        }
    }
    if rows.is_empty() {
        return None;
    }
    approaches.sort_by_key(|(k, _)| k != "met");
    let w = &book.words;
    let mut h = format!(
        "<p>{}</p>\n<div class=\"mb-table-wrap\"><table class=\"mb-contrast mb-compared\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th>",
        escape(w.get("gen_compared_intro")),
        escape(w.get("gen_compared_caption")),
        escape(w.get("col_aspect"))
    );
    for (_, name) in &approaches {
        h.push_str(&format!("<th scope=\"col\">{}</th>", escape(name)));
    }
    h.push_str("</tr></thead><tbody>");
    for (_, name, cells) in &rows {
        h.push_str(&format!("<tr><th scope=\"row\">{}</th>", escape(name)));
        for (k, _) in &approaches {
            match cells.get(k) {
                Some((md, href)) => h.push_str(&format!(
                    "<td>{} <a class=\"mb-source\" href=\"{}\">{}</a></td>",
                    inline_md(md, sanitize(book)),
                    escape(href),
                    escape(w.get("explained"))
                )),
                None => h.push_str("<td>—</td>"),
            }
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></div>");
    Some(GenPage {
        in_nav: true,
        lists: Default::default(),
        path: page.into(),
        title: w.get("gen_compared_title").into(),
        description: w.get("gen_compared_description").into(),
        html: h,
    })
}

pub(super) fn checklist(book: &Book) -> Option<GenPage> {
    let page = "fidelity-checklist.html";
    let w = &book.words;
    let mut rows = String::new();
    let mut count = 0;
    for (_, c) in book.pages() {
        for (n, b) in c.parsed_blocks().enumerate() {
            let Block::DoesNot(d) = b else { continue };
            for (k, item) in d.items.iter().enumerate() {
                count += 1;
                let href = format!("{}#{}", relative(page, &c.out_path), does_not_id(c, n, k));
                rows.push_str(&format!(
                    "<tr><td class=\"mb-check\"><input type=\"checkbox\" id=\"fc-{count}\" aria-label=\"{}\"></td><td><label for=\"fc-{count}\">{}</label></td><td><a href=\"{}\">{}</a></td></tr>",
                    escape(&w.fill("observed_item", &[("n", &count.to_string())])),
                    w.fill(
                        "did_not",
                        &[("item", &inline_md(&lowercase_first(item), sanitize(book)))]
                    ),
                    escape(&href),
                    escape(&c.title)
                ));
            }
        }
    }
    if count == 0 {
        return None;
    }
    let h = format!(
        "<p>{}</p>\n<p class=\"mb-form-line\">{}</p>\n<div class=\"mb-table-wrap\"><table class=\"mb-checklist\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>{rows}</tbody></table></div>",
        escape(w.get("gen_checklist_intro")),
        escape(w.get("checklist_form_line")),
        escape(&w.fill("checklist_caption", &[("n", &count.to_string())])),
        escape(w.get("col_kept_to")),
        escape(w.get("col_item")),
        escape(w.get("col_explained_in"))
    );
    Some(GenPage {
        in_nav: true,
        lists: Default::default(),
        path: page.into(),
        title: w.get("gen_checklist_title").into(),
        description: w.get("gen_checklist_description").into(),
        html: h,
    })
}

pub(super) fn lowercase_first(s: &str) -> String {
    let t = s.trim().trim_end_matches('.');
    let mut c = t.chars();
    match c.next() {
        Some(f) if c.clone().next().map(|n| n.is_lowercase()).unwrap_or(true) => {
            f.to_lowercase().chain(c).collect()
        }
        _ => t.to_string(),
    }
}
