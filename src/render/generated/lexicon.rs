//! The glossary and references pages, each entry with "used in" / "cited in" links.

use crate::markdown::escape;
use crate::model::Book;

use super::{chapter_link, sanitize, GenPage};
use std::collections::BTreeMap;

use crate::render::blocks::inline_md;
use crate::render::chapter::Rendered;

pub(super) fn glossary(book: &Book, chapters: &[(usize, &Rendered)]) -> Option<GenPage> {
    let g = &book.met.glossary;
    if g.terms.is_empty() {
        return None;
    }
    let page = "glossary.html";
    let mut used_in: Vec<Vec<usize>> = vec![Vec::new(); g.terms.len()];
    for (i, r) in chapters {
        for &t in &r.terms_used {
            used_in[t].push(*i);
        }
    }
    let mut order: Vec<usize> = (0..g.terms.len()).collect();
    order.sort_by_key(|&i| g.terms[i].term.to_lowercase());
    let mut h = String::from("<dl class=\"mb-glossary\">");
    for i in order {
        let t = &g.terms[i];
        h.push_str(&format!(
            "<dt id=\"term-{}\">{}</dt><dd>{}",
            escape(&t.id),
            escape(&t.term),
            inline_md(&t.definition, sanitize(book))
        ));
        if !t.aliases.is_empty() {
            h.push_str(&format!(
                "<p class=\"mb-aliases\">Also: {}</p>",
                escape(&t.aliases.join(", "))
            ));
        }
        if !t.see_also.is_empty() {
            let links: Vec<String> = t
                .see_also
                .iter()
                .filter_map(|s| {
                    g.by_id.get(s).map(|&j| {
                        format!(
                            "<a href=\"#term-{}\">{}</a>",
                            escape(s),
                            escape(&g.terms[j].term)
                        )
                    })
                })
                .collect();
            h.push_str(&format!(
                "<p class=\"mb-see-also\">See also: {}</p>",
                links.join(", ")
            ));
        }
        if !used_in[i].is_empty() {
            let links: Vec<String> = used_in[i]
                .iter()
                .map(|&c| chapter_link(book, page, c))
                .collect();
            h.push_str(&format!(
                "<p class=\"mb-used-in\">Used in: {}</p>",
                links.join(", ")
            ));
        }
        h.push_str("</dd>");
    }
    h.push_str("</dl>");
    Some(GenPage {
        lists: Default::default(),
        path: page.into(),
        title: "Glossary".into(),
        description: "Terms used in this handbook.".into(),
        html: h,
    })
}

pub(super) fn references(book: &Book, chapters: &[(usize, &Rendered)]) -> Option<GenPage> {
    let mut cited: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in chapters {
        for k in &r.cites_used {
            cited.entry(k.as_str()).or_default().push(*i);
        }
    }
    if cited.is_empty() {
        return None;
    }
    let page = "references.html";
    let keys: Vec<&str> = cited.keys().copied().collect();
    let mut h = String::from("<ul class=\"mb-references\">");
    for (key, html) in book.met.references.bibliography_html(&keys) {
        let links: Vec<String> = cited
            .get(key.as_str())
            .into_iter()
            .flatten()
            .map(|&c| chapter_link(book, page, c))
            .collect();
        h.push_str(&format!(
            "<li id=\"ref-{}\">{} <span class=\"mb-cited-in\">Cited in: {}</span></li>",
            escape(&key),
            html,
            links.join(", ")
        ));
    }
    h.push_str("</ul>");
    Some(GenPage {
        lists: Default::default(),
        path: page.into(),
        title: "References".into(),
        description: "Works cited in this handbook.".into(),
        html: h,
    })
}
