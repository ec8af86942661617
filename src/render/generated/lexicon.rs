//! The glossary and references pages, each entry with "used in" / "cited in" links.

use crate::model::{Book, ChapterId};
use crate::text::escape;

use super::{chapter_link, sanitize, GenPage};
use std::collections::BTreeMap;

use crate::render::blocks::inline_md;
use crate::render::chapter::Rendered;
use crate::text::percent_encode_query;

/// At most this many chapters are listed under one term or reference; a link that
/// searches the handbook stands for the rest. In a long manual a common term is used in
/// hundreds of chapters: full lists made glossary.html 5 MB at 5,000 chapters.
pub(super) const LISTED: usize = 24;
/// A list at most this long is shown whole: "and 3 more" would save nothing.
const LISTED_WHOLE: usize = 32;

/// The links to `chapters` (reading order), capped at [`LISTED`], each listed chapter
/// added to `lists` (its "Referenced from" gets this page).
fn chapter_list(
    book: &Book,
    page: &str,
    chapters: &[ChapterId],
    query: &str,
    lists: &mut rustc_hash::FxHashSet<ChapterId>,
) -> String {
    let shown = if chapters.len() <= LISTED_WHOLE {
        chapters.len()
    } else {
        LISTED
    };
    let mut h = String::new();
    for (n, &c) in chapters.iter().take(shown).enumerate() {
        if n > 0 {
            h.push_str(", ");
        }
        h.push_str(&chapter_link(book, page, c));
        lists.insert(c);
    }
    if chapters.len() > shown {
        h.push_str(&format!(
            ", and <a class=\"mb-more\" href=\"?search={}\">{} more chapters</a>",
            escape(&percent_encode_query(query)),
            chapters.len() - shown
        ));
    }
    h
}

pub(super) fn glossary(book: &Book, chapters: &[(ChapterId, &Rendered)]) -> Option<GenPage> {
    let g = &book.met.glossary;
    if g.terms.is_empty() {
        return None;
    }
    let page = "glossary.html";
    let mut used_in: Vec<Vec<ChapterId>> = vec![Vec::new(); g.terms.len()];
    for (i, r) in chapters {
        for &t in &r.terms_used {
            used_in[t].push(*i);
        }
    }
    let mut order: Vec<usize> = (0..g.terms.len()).collect();
    order.sort_by_key(|&i| g.terms[i].term.to_lowercase());
    let mut lists = rustc_hash::FxHashSet::default();
    let w = &book.words;
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
                "<p class=\"mb-aliases\">{}</p>",
                escape(&w.fill("also", &[("list", &t.aliases.join(", "))]))
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
                "<p class=\"mb-see-also\">{}</p>",
                w.fill("see_also", &[("list", &links.join(", "))])
            ));
        }
        if !used_in[i].is_empty() {
            h.push_str(&format!(
                "<p class=\"mb-used-in\">{}</p>",
                w.fill(
                    "used_in",
                    &[(
                        "list",
                        &chapter_list(book, page, &used_in[i], &t.term, &mut lists)
                    )]
                )
            ));
        }
        h.push_str("</dd>");
    }
    h.push_str("</dl>");
    Some(GenPage {
        in_nav: true,
        lists,
        path: page.into(),
        title: w.get("gen_glossary_title").into(),
        description: w.get("gen_glossary_description").into(),
        html: h,
    })
}

pub(super) fn references(book: &Book, chapters: &[(ChapterId, &Rendered)]) -> Option<GenPage> {
    let mut cited: BTreeMap<&str, Vec<ChapterId>> = BTreeMap::new();
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
    let mut lists = rustc_hash::FxHashSet::default();
    let mut h = String::from("<ul class=\"mb-references\">");
    let refs = &book.met.references;
    for (key, html) in refs.bibliography_html(&keys) {
        let citing = cited.get(key.as_str()).map(Vec::as_slice).unwrap_or(&[]);
        // Search finds the rest by the citation as printed: "Moyers (2012)".
        let query = refs.narrative(&key).unwrap_or_else(|| key.clone());
        h.push_str(&format!(
            "<li id=\"ref-{}\">{} <span class=\"mb-cited-in\">{}</span></li>",
            escape(&key),
            html,
            book.words.fill(
                "cited_in",
                &[(
                    "list",
                    &chapter_list(book, page, citing, &query, &mut lists)
                )]
            )
        ));
    }
    h.push_str("</ul>");
    Some(GenPage {
        in_nav: true,
        lists,
        path: page.into(),
        title: book.words.get("gen_references_title").into(),
        description: book.words.get("gen_references_description").into(),
        html: h,
    })
}
