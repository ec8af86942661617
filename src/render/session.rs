//! HTML for a session plan: the facts a counsellor checks before starting, the timed steps
//! (each with a copyable link and links to what it uses), contingencies and what to record.
//! The same HTML is the chapter's block and, on its own page, the printable session card.

use super::blocks::BlockCtx;
use crate::model::met::session::Session;
use crate::resolve::links::relative;
use crate::text::escape;

/// Site path of a session's printable card.
pub(crate) fn card_path(s: &Session) -> String {
    format!("session-card-{}.html", s.id)
}

pub(super) fn session(s: &Session, ctx: &BlockCtx) -> String {
    let id = escape(&s.id);
    let w = &ctx.book.words;
    let mut h = format!(
        "<section class=\"mb-session\" id=\"{id}\" aria-labelledby=\"{id}-title\">\n<p class=\"mb-session-meta\">{}</p>\n<p class=\"mb-session-title\" id=\"{id}-title\">{}</p>\n",
        meta(s, w),
        escape(&s.title)
    );
    h.push_str("<div class=\"mb-session-facts\">");
    for (class, label, items) in [
        ("goals", "session_goals", &s.goals),
        ("materials", "session_materials", &s.materials),
        ("before", "session_before", &s.before),
    ] {
        list(&mut h, class, w.get(label), items, ctx);
    }
    h.push_str(&format!(
        "</div>\n<p class=\"mb-session-label\">{}</p>\n<ol class=\"mb-session-steps\">",
        escape(w.get("session_steps"))
    ));
    for (k, step) in s.steps.iter().enumerate() {
        let step_id = format!("{id}-step-{}", k + 1);
        h.push_str(&format!(
            "<li id=\"{step_id}\"><span class=\"mb-step-min\">{}</span> ",
            escape(&w.fill("step_minutes", &[("n", &step.minutes.to_string())]))
        ));
        if let Some(t) = &step.title {
            h.push_str(&format!("<strong>{}.</strong> ", (ctx.markdown)(t)));
        }
        h.push_str(&(ctx.markdown)(&step.what));
        uses(&mut h, &step.uses, ctx);
        h.push_str(&format!(
            " <a class=\"mb-anchor\" href=\"#{step_id}\" aria-label=\"{}\">#</a></li>",
            escape(&w.fill(
                "step_link",
                &[("step", &(k + 1).to_string()), ("n", &s.number.to_string())]
            ))
        ));
    }
    h.push_str(&format!(
        "</ol>\n<p class=\"mb-session-total\">{}</p>\n",
        escape(&w.fill(
            "session_planned",
            &[
                ("planned", &s.planned_minutes().to_string()),
                ("total", &s.duration.to_string())
            ]
        ))
    ));
    if !s.contingencies.is_empty() {
        h.push_str(&format!(
            "<p class=\"mb-session-label\">{}</p>\n<dl class=\"mb-session-if\">",
            escape(w.get("session_if"))
        ));
        for (when, then) in &s.contingencies {
            h.push_str(&format!(
                "<dt>{}</dt><dd>{}</dd>",
                (ctx.markdown)(when),
                (ctx.markdown)(then)
            ));
        }
        h.push_str("</dl>\n");
    }
    list(&mut h, "record", w.get("session_record"), &s.record, ctx);
    h.push_str(&format!(
        "<p class=\"mb-session-card-link\"><a href=\"{}\">{}</a></p>\n</section>\n",
        escape(&relative(ctx.page, &card_path(s))),
        escape(w.get("session_card_link"))
    ));
    h
}

/// "Session 1 · Week 1 · Building motivation · 60 minutes".
pub(crate) fn meta(s: &Session, words: &crate::model::Words) -> String {
    let mut parts = vec![escape(
        &words.fill("meta_session", &[("n", &s.number.to_string())]),
    )];
    if let Some(w) = &s.week {
        parts.push(escape(&words.fill("meta_week", &[("n", w)])));
    }
    if let Some(p) = &s.phase {
        parts.push(escape(p));
    }
    parts.push(escape(
        &words.fill("meta_minutes", &[("n", &s.duration.to_string())]),
    ));
    parts.join(" · ")
}

fn list(h: &mut String, class: &str, label: &str, items: &[String], ctx: &BlockCtx) {
    if items.is_empty() {
        return;
    }
    h.push_str(&format!(
        "<div class=\"mb-session-{class}\"><p class=\"mb-session-label\">{}</p><ul>",
        escape(label)
    ));
    for item in items {
        h.push_str(&format!("<li>{}</li>", (ctx.markdown)(item)));
    }
    h.push_str("</ul></div>\n");
}

/// "Uses: Express empathy, A first-session excerpt", linked; an unknown id stays as
/// written (the resolve stage reports it).
fn uses(h: &mut String, ids: &[String], ctx: &BlockCtx) {
    if ids.is_empty() {
        return;
    }
    let links: Vec<String> = ids
        .iter()
        .map(|id| match ctx.targets.get(id.trim_start_matches('@')) {
            Some(t) => format!(
                "<a href=\"{}\">{}</a>",
                escape(&relative(ctx.page, &t.site_path)),
                escape(&t.title)
            ),
            None => escape(id),
        })
        .collect();
    h.push_str(&format!(
        " <span class=\"mb-step-uses\">{}</span>",
        ctx.book
            .words
            .fill("step_uses", &[("list", &links.join(", "))])
    ));
}
