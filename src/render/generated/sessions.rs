//! The session guide (every session of the programme in order, with its week, phase,
//! length and goals) and one printable card per session.

use super::GenPage;
use crate::model::met::session::Session;
use crate::model::{Block, Book, ChapterId};
use crate::render::blocks::inline_md;
use crate::render::chapter::Rendered;
use crate::render::session::{card_path, meta};
use crate::resolve::links::relative;
use crate::text::escape;

/// Every session plan, ordered by number.
fn sessions(book: &Book) -> Vec<(ChapterId, &Session)> {
    let mut v: Vec<(ChapterId, &Session)> = book
        .pages()
        .flat_map(|(i, c)| {
            c.parsed_blocks().filter_map(move |b| match b {
                Block::Session(s) => Some((i, s.as_ref())),
                _ => None,
            })
        })
        .collect();
    v.sort_by_key(|(_, s)| s.number);
    v
}

pub(super) fn guide(book: &Book) -> Option<GenPage> {
    let rows = sessions(book);
    if rows.is_empty() {
        return None;
    }
    let page = "session-guide.html";
    let sanitize = book.config.output.html.sanitize == Some(true);
    let w = &book.words;
    let e = |k: &str| escape(w.get(k));
    let mut h = format!(
        "<p>{}</p>\n<div class=\"mb-table-wrap\"><table class=\"mb-session-guide\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        e("gen_sessions_intro"),
        e("gen_sessions_caption"),
        e("col_session"),
        e("col_week"),
        e("col_phase"),
        e("col_minutes"),
        e("col_goals"),
        e("col_card")
    );
    for (i, s) in &rows {
        let plan = format!("{}#{}", book.chapters[*i].out_path, s.id);
        let goals: Vec<String> = s
            .goals
            .iter()
            .map(|g| format!("<li>{}</li>", inline_md(g, sanitize)))
            .collect();
        h.push_str(&format!(
            "<tr><th scope=\"row\"><a href=\"{}\">{}. {}</a></th><td>{}</td><td>{}</td><td>{}</td><td><ul>{}</ul></td><td><a href=\"{}\">{}<span class=\"mb-visually-hidden\">{}</span></a></td></tr>",
            escape(&relative(page, &plan)),
            s.number,
            escape(&s.title),
            escape(s.week.as_deref().unwrap_or("—")),
            escape(s.phase.as_deref().unwrap_or("—")),
            s.duration,
            goals.join(""),
            escape(&relative(page, &card_path(s))),
            e("col_card"),
            escape(&w.fill("card_for_session", &[("n", &s.number.to_string())]))
        ));
    }
    h.push_str("</tbody></table></div>\n");
    Some(GenPage {
        in_nav: true,
        lists: rows.iter().map(|(i, _)| *i).collect(),
        path: page.into(),
        title: w.get("gen_sessions_title").into(),
        description: w.get("gen_sessions_description").into(),
        html: h,
    })
}

/// In-page links of the chapter (`#heading`) made to point into the chapter's page, since
/// the card is a page of its own; the session's own step links stay on the card.
fn point_into_chapter(html: &str, chapter: &str, session: &str) -> String {
    const HREF: &str = "href=\"#";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(HREF) {
        let (before, after) = rest.split_at(at + HREF.len() - 1);
        out.push_str(before);
        if !after[1..].starts_with(session) {
            out.push_str(&escape(chapter));
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The session steps that name `id` (a worksheet, a principle, a dialogue) in `uses:`,
/// linked from `page`.
pub(super) fn steps_using(book: &Book, id: &str, page: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (_, c) in book.pages() {
        for b in c.parsed_blocks() {
            let Block::Session(s) = b else { continue };
            for (k, step) in s.steps.iter().enumerate() {
                if step.uses.iter().any(|u| u.trim_start_matches('@') == id) {
                    let at = format!("{}#{}-step-{}", c.out_path, s.id, k + 1);
                    out.push(format!(
                        "<a href=\"{}\">Session {}, step {}</a>",
                        escape(&relative(page, &at)),
                        s.number,
                        k + 1
                    ));
                }
            }
        }
    }
    out
}

/// One card page per session, made from the HTML the chapter rendered for it.
pub(super) fn cards(book: &Book, chapters: &[(ChapterId, &Rendered)]) -> Vec<GenPage> {
    let by_id: std::collections::HashMap<&str, (ChapterId, &Session)> = sessions(book)
        .into_iter()
        .map(|(i, s)| (s.id.as_str(), (i, s)))
        .collect();
    let mut pages = Vec::new();
    for (_, r) in chapters {
        for (id, html) in &r.sessions {
            let Some(&(i, s)) = by_id.get(id.as_str()) else {
                continue;
            };
            let path = card_path(s);
            let body = crate::render::fill_root(html, "", "");
            let body = point_into_chapter(&body, &book.chapters[i].out_path, &s.id);
            let body = match body.find("<p class=\"mb-session-card-link\">") {
                Some(at) => format!("{}</section>\n", &body[..at]),
                None => body,
            };
            let back = format!("{}#{}", book.chapters[i].out_path, s.id);
            pages.push(GenPage {
                in_nav: false,
                lists: Default::default(),
                path: path.clone(),
                title: book.words.fill("card_title", &[("title", &s.title)]),
                description: book.words.fill(
                    "card_description",
                    &[("title", &s.title), ("meta", &meta(s, &book.words))],
                ),
                html: format!(
                    "<p class=\"mb-card-back\"><a href=\"{}\">{}</a></p>\n<div class=\"mb-session-card\">{body}</div>\n",
                    escape(&relative(&path, &back)),
                    escape(book.words.get("card_back"))
                ),
            });
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::point_into_chapter;

    #[test]
    fn chapter_anchors_point_into_the_chapter_and_step_links_stay() {
        let html = r##"<a href="#readiness">r</a> <a href="#session-2-step-1">#</a> <a href="other.html#x">o</a>"##;
        assert_eq!(
            point_into_chapter(html, "delivery/session-two.html", "session-2"),
            r##"<a href="delivery/session-two.html#readiness">r</a> <a href="#session-2-step-1">#</a> <a href="other.html#x">o</a>"##
        );
    }
}
