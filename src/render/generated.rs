//! The generated pages that tie a MET manual together: principles overview, "MET compared",
//! fidelity checklist, glossary and references, each linking back to where things are
//! explained, and the back-links chapters get from them.

use std::collections::{BTreeMap, BTreeSet};

use crate::markdown::escape;
use crate::met::blocks::Block;
use crate::met::dialogues::render::num;
use crate::met::dialogues::{compute_metrics, render_codebook_page, Dialogue};
use crate::model::Book;
use crate::render::blocks::{aspect_id, does_not_id, inline_md};
use crate::render::chapter::Rendered;
use crate::render::page::Link;
use crate::render::ChapterOut;
use crate::resolve::links::relative;

pub struct GenPage {
    /// Chapters this page links to, for their "Referenced from" lists.
    pub lists: std::collections::HashSet<usize>,
    pub path: String,
    pub title: String,
    pub description: String,
    pub html: String,
}

pub struct Generated {
    pub pages: Vec<GenPage>,
    /// Chapters that illustrate each principle chapter (by front matter `principles:`).
    illustrates: BTreeMap<usize, Vec<usize>>,
}

impl Generated {
    pub fn collect(book: &Book, blocks: &[Vec<Block>], outs: &[Option<ChapterOut>]) -> Generated {
        let chapters: Vec<(usize, &Rendered)> = outs
            .iter()
            .enumerate()
            .filter_map(|(i, o)| o.as_ref().map(|o| (i, &o.rendered)))
            .collect();
        let chapters = chapters.as_slice();
        let mut illustrates: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, c) in book.pages() {
            for p in &c.front.principles {
                if let Some(&t) = book.by_id.get(p) {
                    illustrates.entry(t).or_default().push(i);
                }
            }
        }
        let mut pages = Vec::new();
        let dialogues = dialogue_rows(book, blocks);
        if let Some(p) = principles(book, &illustrates, &dialogues) {
            pages.push(p);
        }
        if let Some(p) = compared(book, blocks) {
            pages.push(p);
        }
        if let Some(p) = checklist(book, blocks) {
            pages.push(p);
        }
        if let Some(p) = dialogues_page(book, &dialogues) {
            pages.push(p);
            pages.push(codebook_page(book));
        }
        if let Some(p) = glossary(book, chapters) {
            pages.push(p);
        }
        if let Some(p) = references(book, chapters) {
            pages.push(p);
        }
        for p in &mut pages {
            p.lists = listed_chapters(book, blocks, chapters, &illustrates, &p.path);
        }
        Generated { pages, illustrates }
    }

    /// Extra "Referenced from" entries for a chapter: the chapters whose front matter says
    /// they illustrate it, and the generated pages that list it.
    pub fn backlinks_for(&self, book: &Book, index: usize, from: &str) -> Vec<Link> {
        let mut out: Vec<Link> = self
            .illustrates
            .get(&index)
            .into_iter()
            .flatten()
            .filter(|&&i| i != index)
            .map(|&i| Link {
                title: book.chapters[i].title.clone(),
                url: relative(from, &book.chapters[i].out_path),
            })
            .collect();
        let listed_on = |p: &GenPage| p.lists.contains(&index);
        out.extend(self.pages.iter().filter(|p| listed_on(p)).map(|p| Link {
            title: p.title.clone(),
            url: relative(from, &p.path),
        }));
        out
    }
}

fn chapter_link(book: &Book, page: &str, i: usize) -> String {
    let c = &book.chapters[i];
    format!(
        "<a href=\"{}\">{}</a>",
        escape(&relative(page, &c.out_path)),
        escape(&c.title)
    )
}

/// One row per dialogue in reading order: (chapter, dialogue).
fn dialogue_rows<'a>(book: &'a Book, blocks: &'a [Vec<Block>]) -> Vec<(usize, &'a Dialogue)> {
    book.pages()
        .flat_map(|(i, _)| {
            blocks[i].iter().filter_map(move |b| {
                if let Block::Dialogue(d) = b {
                    Some((i, d.as_ref()))
                } else {
                    None
                }
            })
        })
        .collect()
}

fn dialogue_link(book: &Book, page: &str, i: usize, d: &Dialogue) -> String {
    format!(
        "<a href=\"{}#{}\">{}</a>",
        escape(&relative(page, &book.chapters[i].out_path)),
        escape(&d.id),
        escape(&d.title)
    )
}

/// Formatted as in the dialogue's own metrics table, so both pages agree.
fn fmt_ratio(v: Option<f64>) -> String {
    v.map(|x| num(x, 2)).unwrap_or_else(|| "n/a".into())
}

/// `pct_cr` and `pct_ct` are percentages already.
fn fmt_pct(v: Option<f64>) -> String {
    v.map(|x| format!("{}%", num(x, 1)))
        .unwrap_or_else(|| "n/a".into())
}

fn dialogues_page(book: &Book, rows: &[(usize, &Dialogue)]) -> Option<GenPage> {
    if rows.is_empty() {
        return None;
    }
    let page = "dialogues.html";
    let cb = &book.met.codebook;
    let mut h = String::from("<p>Every example dialogue in the handbook with its principle, stage of change and MITI 4.2.1 summary scores. Scores from a short excerpt are illustrative only; MITI's thresholds are R:Q 1:1 fair, 2:1 good and %CR 40% fair, 50% good.</p>\n<div class=\"mb-table-wrap\"><table class=\"mb-dialogue-index\"><caption>Example dialogues</caption><thead><tr><th scope=\"col\">Dialogue</th><th scope=\"col\">Principles</th><th scope=\"col\">Stage</th><th scope=\"col\">Counter-example</th><th scope=\"col\">R:Q</th><th scope=\"col\">%CR</th><th scope=\"col\">MI-adherent</th><th scope=\"col\">MI-non-adherent</th><th scope=\"col\">%CT</th></tr></thead><tbody>");
    for (i, d) in rows {
        let m = compute_metrics(d, cb);
        let principles: Vec<String> = d
            .principles
            .iter()
            .filter_map(|p| {
                book.by_id
                    .get(&p.value)
                    .map(|&c| chapter_link(book, page, c))
            })
            .collect();
        let stage = d
            .stage
            .map(|s| cb.stage_label(s))
            .unwrap_or_else(|| "—".into());
        h.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            dialogue_link(book, page, *i, d),
            if principles.is_empty() { "—".into() } else { principles.join(", ") },
            escape(&stage),
            if d.counter_example { "Yes: what not to do" } else { "No" },
            fmt_ratio(m.r_q()),
            fmt_pct(m.pct_cr()),
            m.mi_adherent,
            m.mi_non_adherent,
            fmt_pct(m.pct_ct()),
        ));
    }
    h.push_str("</tbody></table></div>");
    Some(GenPage {
        lists: Default::default(),
        path: page.into(),
        title: "Dialogues".into(),
        description: "Every annotated example dialogue with its MITI summary scores.".into(),
        html: h,
    })
}

fn codebook_page(book: &Book) -> GenPage {
    GenPage {
        lists: Default::default(),
        path: "codebook.html".into(),
        title: "Codebook".into(),
        description:
            "The MITI 4.2.1, client-language and MET strategy codes used in the dialogues.".into(),
        html: render_codebook_page(&book.met.codebook),
    }
}

fn principles(
    book: &Book,
    illustrates: &BTreeMap<usize, Vec<usize>>,
    dialogues: &[(usize, &Dialogue)],
) -> Option<GenPage> {
    let page = "principles.html";
    let mut ps: Vec<(u32, usize)> = book
        .pages()
        .filter(|(_, c)| c.front.kind == crate::load::chapter::ChapterKind::Principle)
        .map(|(i, c)| (c.front.number.unwrap_or(0), i))
        .collect();
    if ps.is_empty() {
        return None;
    }
    ps.sort();
    let mut h = String::from("<p>The principles of Motivational Enhancement Therapy in order, with the chapters that illustrate or refer to each.</p>\n<ol class=\"mb-principles\">");
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
        let users: BTreeSet<usize> = illustrates.get(&i).into_iter().flatten().copied().collect();
        if !users.is_empty() {
            h.push_str("<p>Illustrated in:</p><ul>");
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
            h.push_str(&format!("<p>Dialogues: {}</p>", ds.join(", ")));
        }
        h.push_str("</li>");
    }
    h.push_str("</ol>");
    Some(GenPage {
        lists: Default::default(),
        path: page.into(),
        title: "The principles".into(),
        description: "The principles of MET and where each is applied.".into(),
        html: h,
    })
}

fn compared(book: &Book, blocks: &[Vec<Block>]) -> Option<GenPage> {
    let page = "met-compared.html";
    let mut approaches: Vec<(String, String)> = Vec::new();
    // aspect (lowercase) → (display name, approach key → (cell markdown, link))
    let mut rows: Vec<(String, String, BTreeMap<String, (String, String)>)> = Vec::new();
    for (i, c) in book.pages() {
        for (n, b) in blocks[i].iter().enumerate() {
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
    let mut h = String::from("<p>Every contrast in this handbook in one table: one column per approach, one row per aspect. Each cell links to where the difference is explained.</p>\n<div class=\"mb-table-wrap\"><table class=\"mb-contrast mb-compared\"><caption>MET compared with other approaches</caption><thead><tr><th scope=\"col\">Aspect</th>");
    for (_, name) in &approaches {
        h.push_str(&format!("<th scope=\"col\">{}</th>", escape(name)));
    }
    h.push_str("</tr></thead><tbody>");
    for (_, name, cells) in &rows {
        h.push_str(&format!("<tr><th scope=\"row\">{}</th>", escape(name)));
        for (k, _) in &approaches {
            match cells.get(k) {
                Some((md, href)) => h.push_str(&format!(
                    "<td>{} <a class=\"mb-source\" href=\"{}\">(explained)</a></td>",
                    inline_md(md, sanitize(book)),
                    escape(href)
                )),
                None => h.push_str("<td>—</td>"),
            }
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></div>");
    Some(GenPage {
        lists: Default::default(),
        path: page.into(),
        title: "MET compared".into(),
        description:
            "MET compared with confrontational, skills-training and nondirective approaches.".into(),
        html: h,
    })
}

fn checklist(book: &Book, blocks: &[Vec<Block>]) -> Option<GenPage> {
    let page = "fidelity-checklist.html";
    let mut rows = String::new();
    let mut count = 0;
    for (i, c) in book.pages() {
        for (n, b) in blocks[i].iter().enumerate() {
            let Block::DoesNot(d) = b else { continue };
            for (k, item) in d.items.iter().enumerate() {
                count += 1;
                let href = format!("{}#{}", relative(page, &c.out_path), does_not_id(c, n, k));
                rows.push_str(&format!(
                    "<tr><td class=\"mb-check\"><input type=\"checkbox\" id=\"fc-{count}\" aria-label=\"Observed: item {count}\"></td><td><label for=\"fc-{count}\">The therapist did not {}</label></td><td><a href=\"{}\">{}</a></td></tr>",
                    inline_md(&lowercase_first(item), sanitize(book)),
                    escape(&href),
                    escape(&c.title)
                ));
            }
        }
    }
    if count == 0 {
        return None;
    }
    let h = format!("<p>For supervisors reviewing a recorded session: tick each item the therapist kept to. Print this page for a paper copy.</p>\n<p class=\"mb-form-line\">Therapist: ____________ Session: ______ Reviewer: ____________ Date: ________</p>\n<div class=\"mb-table-wrap\"><table class=\"mb-checklist\"><caption>What the ME therapist does not do ({count} items)</caption><thead><tr><th scope=\"col\">Kept to</th><th scope=\"col\">Item</th><th scope=\"col\">Explained in</th></tr></thead><tbody>{rows}</tbody></table></div>");
    Some(GenPage {
        lists: Default::default(),
        path: page.into(),
        title: "Fidelity checklist".into(),
        description: "A printable checklist of what the ME therapist does not do.".into(),
        html: h,
    })
}

fn lowercase_first(s: &str) -> String {
    let t = s.trim().trim_end_matches('.');
    let mut c = t.chars();
    match c.next() {
        Some(f) if c.clone().next().map(|n| n.is_lowercase()).unwrap_or(true) => {
            f.to_lowercase().chain(c).collect()
        }
        _ => t.to_string(),
    }
}

fn glossary(book: &Book, chapters: &[(usize, &Rendered)]) -> Option<GenPage> {
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

fn references(book: &Book, chapters: &[(usize, &Rendered)]) -> Option<GenPage> {
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

fn sanitize(book: &Book) -> bool {
    book.config.output.html.sanitize == Some(true)
}

/// The chapters a generated page links to, worked out from the same data the page is
/// built from (never by searching its HTML), so back-links cost O(chapters) in all.
fn listed_chapters(
    book: &Book,
    blocks: &[Vec<Block>],
    chapters: &[(usize, &Rendered)],
    illustrates: &BTreeMap<usize, Vec<usize>>,
    path: &str,
) -> std::collections::HashSet<usize> {
    let with_block = |f: fn(&Block) -> bool| -> std::collections::HashSet<usize> {
        book.pages()
            .map(|(i, _)| i)
            .filter(|&i| blocks[i].iter().any(f))
            .collect()
    };
    match path {
        "principles.html" => book
            .pages()
            .filter(|(_, c)| c.front.kind == crate::load::chapter::ChapterKind::Principle)
            .map(|(i, _)| i)
            .chain(illustrates.values().flatten().copied())
            .chain(book.pages().map(|(i, _)| i).filter(|&i| {
                blocks[i]
                    .iter()
                    .any(|b| matches!(b, Block::Dialogue(d) if !d.principles.is_empty()))
            }))
            .collect(),
        "met-compared.html" => with_block(|b| matches!(b, Block::Contrast(_))),
        "fidelity-checklist.html" => with_block(|b| matches!(b, Block::DoesNot(_))),
        "dialogues.html" => with_block(|b| matches!(b, Block::Dialogue(_))),
        "glossary.html" => chapters
            .iter()
            .filter(|(_, r)| !r.terms_used.is_empty())
            .map(|(i, _)| *i)
            .collect(),
        "references.html" => chapters
            .iter()
            .filter(|(_, r)| !r.cites_used.is_empty())
            .map(|(i, _)| *i)
            .collect(),
        _ => Default::default(),
    }
}
