//! The Dialogues index with each dialogue's MITI scores, and the codebook page.

use crate::model::{Book, ChapterId};
use crate::resolve::links::relative;
use crate::text::escape;

use super::{chapter_link, GenPage};
use crate::met::dialogues::compute_metrics;
use crate::model::met::codebook::UiText;
use crate::model::met::dialogue::Dialogue;
use crate::model::Block;
use crate::render::dialogue::render_codebook_page;

/// One row per dialogue in reading order: (chapter, dialogue).
pub(super) fn dialogue_rows(book: &Book) -> Vec<(ChapterId, &Dialogue)> {
    book.pages()
        .flat_map(|(i, c)| {
            c.parsed_blocks().filter_map(move |b| {
                if let Block::Dialogue(d) = b {
                    Some((i, d.as_ref()))
                } else {
                    None
                }
            })
        })
        .collect()
}

pub(super) fn dialogue_link(book: &Book, page: &str, i: ChapterId, d: &Dialogue) -> String {
    format!(
        "<a href=\"{}#{}\">{}</a>",
        escape(&relative(page, &book.chapters[i].out_path)),
        escape(&d.id),
        escape(&d.title)
    )
}

/// Formatted as in the dialogue's own metrics table, so both pages agree.
pub(super) fn fmt_ratio(v: Option<f64>, ui: &UiText) -> String {
    v.map(|x| ui.num(x, 2))
        .unwrap_or_else(|| ui.not_applicable.clone())
}

/// `pct_cr` and `pct_ct` are percentages already.
pub(super) fn fmt_pct(v: Option<f64>, ui: &UiText) -> String {
    v.map(|x| format!("{}%", ui.num(x, 1)))
        .unwrap_or_else(|| ui.not_applicable.clone())
}

pub(super) fn dialogues_page(book: &Book, rows: &[(ChapterId, &Dialogue)]) -> Option<GenPage> {
    if rows.is_empty() {
        return None;
    }
    let page = "dialogues.html";
    let cb = &book.met.codebook;
    let w = &book.words;
    let e = |k: &str| escape(w.get(k));
    let mut h = format!(
        "<p>{}</p>\n<div class=\"mb-table-wrap\"><table class=\"mb-dialogue-index\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\"><span class=\"mb-visually-hidden\">{}</span>T/R</th></tr></thead><tbody>",
        e("gen_dialogues_intro"),
        e("gen_dialogues_caption"),
        e("col_dialogue"),
        e("col_principles"),
        e("col_stage"),
        e("col_counter_example"),
        escape(&cb.ui.metric_rq),
        escape(&cb.ui.metric_pct_cr),
        escape(&cb.ui.mi_adherent),
        escape(&cb.ui.mi_non_adherent),
        escape(&cb.ui.metric_pct_ct),
        e("col_globals_hidden"),
    );
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
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            dialogue_link(book, page, *i, d),
            if principles.is_empty() { "—".into() } else { principles.join(", ") },
            escape(&stage),
            e(if d.counter_example { "counter_yes" } else { "counter_no" }),
            fmt_ratio(m.r_q(), &cb.ui),
            fmt_pct(m.pct_cr(), &cb.ui),
            m.mi_adherent,
            m.mi_non_adherent,
            fmt_pct(m.pct_ct(), &cb.ui),
            d.global_ratings.map_or("—".into(), |g| format!(
                "{} / {}",
                cb.ui.num(g.technical(), 1),
                cb.ui.num(g.relational(), 1)
            )),
        ));
    }
    h.push_str("</tbody></table></div>");
    Some(GenPage {
        in_nav: true,
        lists: Default::default(),
        path: page.into(),
        title: w.get("gen_dialogues_title").into(),
        description: w.get("gen_dialogues_description").into(),
        html: h,
    })
}

pub(super) fn codebook_page(book: &Book) -> GenPage {
    GenPage {
        in_nav: true,
        lists: Default::default(),
        path: "codebook.html".into(),
        title: book.words.get("gen_codebook_title").into(),
        description: book.words.get("gen_codebook_description").into(),
        html: render_codebook_page(&book.met.codebook),
    }
}
