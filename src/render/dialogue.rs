//! HTML for a parsed dialogue: captioned `<figure>`, ordered transcript with code badges
//! linking to the codebook page, margin notes, alternatives, the MITI summary table and
//! the (initially hidden) practice-mode UI driven by themes/default/js/practice.js.
//! The codebook page lives in `dialogue/codebook_page.rs`.
//!
//! All author text goes through `text::escape` or the caller's Markdown closure (which
//! escapes). No inline script or style: practice data travels in data attributes, so a
//! strict Content-Security-Policy works.

mod codebook_page;
#[cfg(test)]
mod tests;

pub(crate) use codebook_page::render_codebook_page;

use std::fmt::Write;

use crate::met::dialogues::metrics::{compute_metrics, Metrics};
use crate::model::met::codebook::{CodeGroup, Codebook, Role};
use crate::model::met::dialogue::{Dialogue, GlobalRatings, Rating, Turn, Utterance};

/// What the renderer needs from the rest of the site.
pub(crate) struct RenderCtx<'a> {
    /// Inline Markdown → HTML (already escaped; does glossary linking).
    pub markdown: &'a dyn Fn(&str) -> String,
    /// Principle / dialogue / strategy id → (title, url relative to this page).
    pub resolve: &'a dyn Fn(&str) -> Option<(String, String)>,
    /// URL of the generated codebook page, e.g. "../codebook.html"; badges link to
    /// `{codebook_url}#code-{id}`.
    pub codebook_url: &'a str,
    /// Prepended to `#fragment` in self-links (permalinks to the dialogue and its turns);
    /// "" when the dialogue is rendered on its own page.
    pub anchor_prefix: &'a str,
}
use crate::text::{escape as esc, escape_into};

/// The dialogue's HTML: header, turns with their code badges, notes and the MITI summary.
pub(crate) fn render_dialogue(d: &Dialogue, cb: &Codebook, ctx: &RenderCtx) -> String {
    let ui = &cb.ui;
    let id = esc(&d.id.value);
    let m = compute_metrics(d, cb);
    let practice_items = d
        .turns
        .iter()
        .filter(|t| t.role == Role::Therapist)
        .flat_map(|t| &t.utterances)
        .filter(|u| u.primary_code(cb).is_some())
        .count();
    let mut h = String::new();
    // A practice transcript starts in practice mode, so its codes never show first.
    let class = match (d.counter_example, d.practice && practice_items > 0) {
        (true, _) => "mb-dialogue mb-counter-example",
        (false, true) => "mb-dialogue mb-practicing",
        (false, false) => "mb-dialogue",
    };
    let _ = write!(
        h,
        r#"<figure class="{class}" id="{id}" data-dialogue="{id}""#
    );
    if practice_items > 0 {
        // "id:label|id:label"; ids never contain ':' or '|', labels are sanitised.
        let codes: Vec<String> = cb
            .codes_in(CodeGroup::Therapist)
            .map(|c| format!("{}:{}", c.id, c.label.replace(['|', ':'], "/")))
            .collect();
        let _ = write!(h, r#" data-practice-codes="{}""#, esc(&codes.join("|")));
        if d.practice {
            h.push_str(" data-practice-transcript");
        }
    }
    h.push_str(">\n");
    caption(&mut h, d, cb, ctx);
    h.push_str("<ol class=\"mb-transcript\">\n");
    let mut item = 0;
    for (n, t) in d.turns.iter().enumerate() {
        turn(&mut h, t, n + 1, &id, cb, ctx, &mut item);
    }
    h.push_str("</ol>\n");
    if m.therapist_codes > 0 || m.change_talk + m.sustain_talk > 0 || d.global_ratings.is_some() {
        metrics_table(&mut h, &m, d.global_ratings.as_ref(), cb);
    }
    if practice_items > 0 {
        let _ = write!(
            h,
            concat!(
                r#"<div class="mb-practice-bar"><button type="button" class="mb-practice-toggle" aria-pressed="false" aria-controls="{id}-practice">{toggle}</button></div>"#,
                "\n",
                r#"<div class="mb-practice" id="{id}-practice" hidden data-label-item="{item}" data-label-choose="{choose}" data-label-score="{score}" data-label-correct="{ok}" data-label-incorrect="{bad}" data-label-unanswered="{none}" data-label-author="{author}"{globals}>"#,
                "\n",
                r#"<p class="mb-practice-intro">{intro}</p>"#,
                "\n",
                r#"<div class="mb-practice-actions"><button type="button" class="mb-practice-check">{check}</button> <button type="button" class="mb-practice-reset">{reset}</button></div>"#,
                "\n",
                r#"<p class="mb-practice-score" role="status" aria-live="polite"></p>"#,
                "\n</div>\n"
            ),
            id = id,
            globals = practice_globals(d, cb),
            toggle = esc(&ui.practice_toggle),
            item = esc(&ui.practice_item),
            choose = esc(&ui.practice_choose),
            score = esc(&ui.practice_score),
            ok = esc(&ui.practice_correct),
            bad = esc(&ui.practice_incorrect),
            none = esc(&ui.practice_unanswered),
            author = esc(&ui.practice_author),
            intro = esc(&ui.practice_intro),
            check = esc(&ui.practice_check),
            reset = esc(&ui.practice_reset)
        );
    }
    h.push_str("</figure>\n");
    h
}

/// For a rated practice transcript, the key's four global ratings and their names, so
/// practice mode can ask for the trainee's and compare them once checked.
fn practice_globals(d: &Dialogue, cb: &Codebook) -> String {
    let (Some(g), true) = (d.global_ratings, d.practice) else {
        return String::new();
    };
    let ui = &cb.ui;
    format!(
        r#" data-globals="{}|{}|{}|{}" data-label-globals="{}|{}|{}|{}" data-label-globals-title="{}""#,
        g.cultivating_change_talk,
        g.softening_sustain_talk,
        g.partnership,
        g.empathy,
        esc(&ui.cultivating_change_talk),
        esc(&ui.softening_sustain_talk),
        esc(&ui.partnership),
        esc(&ui.empathy),
        esc(&ui.global_ratings)
    )
}

fn link_or_text(id: &str, ctx: &RenderCtx) -> String {
    match (ctx.resolve)(id) {
        Some((title, url)) => format!(r#"<a href="{}">{}</a>"#, esc(&url), esc(&title)),
        // Unresolved ids are reported by the lead's validation; show the id meanwhile.
        None => format!(r#"<span class="mb-unresolved">{}</span>"#, esc(id)),
    }
}

fn caption(h: &mut String, d: &Dialogue, cb: &Codebook, ctx: &RenderCtx) {
    let ui = &cb.ui;
    let id = esc(&d.id.value);
    h.push_str("<figcaption class=\"mb-dialogue-caption\">\n");
    if d.counter_example {
        let _ = writeln!(
            h,
            r#"<p class="mb-counter-example-label"><span aria-hidden="true">&#9888;</span> <strong>{}</strong></p>"#,
            esc(&ui.counter_example)
        );
    }
    let _ = writeln!(
        h,
        r##"<span class="mb-dialogue-title">{}</span> <a class="mb-permalink" href="{}#{id}" aria-label="{}">#</a>"##,
        esc(&d.title),
        esc(ctx.anchor_prefix),
        esc(&d.title)
    );
    let mut meta = String::new();
    if let Some(st) = d.stage {
        let _ = write!(
            meta,
            r#"<div><dt>{}</dt><dd class="mb-stage mb-stage-{}">{}</dd></div>"#,
            esc(&ui.stage),
            st.as_str(),
            esc(&cb.stage_label(st))
        );
    }
    if !d.principles.is_empty() {
        let links: Vec<String> = d.principles.iter().map(|p| link_or_text(p, ctx)).collect();
        let _ = write!(
            meta,
            r#"<div><dt>{}</dt><dd class="mb-principles">{}</dd></div>"#,
            esc(&ui.principles),
            links.join(", ")
        );
    }
    if !meta.is_empty() {
        let _ = writeln!(h, r#"<dl class="mb-dialogue-meta">{meta}</dl>"#);
    }
    if let Some(alt) = &d.alternative_to {
        let label = if d.counter_example {
            &ui.see_alternative
        } else {
            &ui.see_counter_example
        };
        let _ = writeln!(
            h,
            r#"<p class="mb-alt-link">{}: {}</p>"#,
            esc(label),
            link_or_text(alt, ctx)
        );
    }
    h.push_str("</figcaption>\n");
}

fn turn(
    h: &mut String,
    t: &Turn,
    n: usize,
    id: &str,
    cb: &Codebook,
    ctx: &RenderCtx,
    item: &mut usize,
) {
    // Pushed piece by piece rather than formatted: a book has thousands of turns.
    let role = match t.role {
        Role::Therapist => "therapist",
        Role::Client => "client",
        Role::Other => "other",
    };
    let alt = if t.is_alternative { " mb-alt" } else { "" };
    let n = n.to_string();
    for piece in [
        r#"<li class="mb-turn mb-turn-"#,
        role,
        alt,
        r#"" id=""#,
        id,
        "-t",
        &n,
    ] {
        h.push_str(piece);
    }
    h.push_str(r#"" data-speaker=""#);
    escape_into(&t.speaker, h);
    h.push_str(r#"">"#);
    if t.is_alternative {
        h.push_str(r#"<span class="mb-alt-label">"#);
        escape_into(&cb.ui.alternative_response, h);
        h.push_str("</span> ");
    }
    let label = cb
        .speaker(&t.speaker)
        .map_or(t.speaker.as_str(), |s| s.label.as_str());
    // A copyable, keyboard-reachable link to the turn, as headings have.
    h.push_str(r#"<span class="mb-speaker">"#);
    escape_into(label, h);
    h.push_str(r#": <a class="mb-turn-link" href=""#);
    escape_into(ctx.anchor_prefix, h);
    for piece in ["#", id, "-t", &n, r#"" aria-label=""#] {
        h.push_str(piece);
    }
    escape_into(&cb.ui.turn_link, h);
    for piece in [" ", &n, r#"">#</a></span> "#] {
        h.push_str(piece);
    }
    for (k, u) in t.utterances.iter().enumerate() {
        if k > 0 {
            h.push(' ');
        }
        utterance(h, u, t.role, cb, ctx, item);
    }
    for note in &t.notes {
        h.push_str("\n<aside class=\"mb-note mb-margin-note\" aria-label=\"");
        escape_into(&cb.ui.note, h);
        h.push_str("\">");
        h.push_str(&(ctx.markdown)(note));
        h.push_str("</aside>");
    }
    h.push_str("</li>\n");
}

/// One utterance of a turn: its text, its code badges and its links.
fn utterance(
    h: &mut String,
    u: &Utterance,
    role: Role,
    cb: &Codebook,
    ctx: &RenderCtx,
    item: &mut usize,
) {
    h.push_str(r#"<span class="mb-utt" data-codes=""#);
    for (i, code) in u.codes.iter().enumerate() {
        if i > 0 {
            h.push(',');
        }
        escape_into(code, h);
    }
    h.push('"');
    if role == Role::Therapist {
        if let Some(key) = u.primary_code(cb) {
            *item += 1;
            h.push_str(r#" data-key=""#);
            escape_into(&key.id, h);
            h.push_str(r#"" data-item=""#);
            h.push_str(&item.to_string());
            h.push('"');
        }
    }
    h.push('>');
    h.push_str(&(ctx.markdown)(&u.text));
    for code in u.codes.iter().filter_map(|c| cb.lookup(c)) {
        let label = esc(&code.label);
        let short = esc(&code.short);
        // The name starts with the visible text, so speech users can say what they
        // see (WCAG 2.5.3, label in name): "ST, code: Sustain talk".
        h.push_str(r#" <a class="mb-code mb-code-"#);
        h.push_str(code.group.as_str());
        h.push_str(r#"" href=""#);
        escape_into(ctx.codebook_url, h);
        h.push_str("#code-");
        escape_into(&code.id, h);
        for piece in [r#"" title=""#, &label, r#"" aria-label=""#, &short, ", "] {
            h.push_str(piece);
        }
        escape_into(&cb.ui.code, h);
        for piece in [": ", &label, r#"">"#, &short, "</a>"] {
            h.push_str(piece);
        }
    }
    for l in &u.links {
        h.push_str(r#" <span class="mb-link">"#);
        h.push_str(&link_or_text(l, ctx));
        h.push_str("</span>");
    }
    h.push_str("</span>");
}

fn metrics_table(h: &mut String, m: &Metrics, globals: Option<&GlobalRatings>, cb: &Codebook) {
    let ui = &cb.ui;
    let na = esc(&ui.not_applicable);
    let rating = |r: Option<Rating>, hint: &str| match r {
        None => format!(r#"<td class="mb-rating mb-rating-none">{na}</td>"#),
        Some(r) => {
            let (class, word) = match r {
                Rating::Good => ("good", &ui.good),
                Rating::Fair => ("fair", &ui.fair),
                Rating::BelowFair => ("below", &ui.below_fair),
            };
            format!(
                r#"<td class="mb-rating mb-rating-{class}">{} <span class="mb-threshold">({hint})</span></td>"#,
                esc(word)
            )
        }
    };
    let pct = |v: Option<f64>| v.map_or(na.clone(), |x| format!("{}%", ui.num(x, 1)));
    let none = r#"<td class="mb-rating mb-rating-none">&mdash;</td>"#.to_string();
    let rows = [
        (
            ui.metric_rq.as_str(),
            m.r_q().map_or(na.clone(), |x| ui.num(x, 2)),
            rating(
                m.r_q_rating(),
                &format!("{} &ge; 1, {} &ge; 2", esc(&ui.fair), esc(&ui.good)),
            ),
        ),
        (
            ui.metric_pct_cr.as_str(),
            pct(m.pct_cr()),
            rating(
                m.pct_cr_rating(),
                &format!("{} &ge; 40%, {} &ge; 50%", esc(&ui.fair), esc(&ui.good)),
            ),
        ),
        (
            ui.mi_adherent.as_str(),
            m.mi_adherent.to_string(),
            none.clone(),
        ),
        (
            ui.mi_non_adherent.as_str(),
            m.mi_non_adherent.to_string(),
            none.clone(),
        ),
        (ui.metric_pct_ct.as_str(), pct(m.pct_ct()), none),
    ];
    let global_rows = globals.map(|g| {
        [
            (
                ui.technical_global.as_str(),
                ui.num(g.technical(), 1),
                rating(
                    Some(g.technical_rating()),
                    &format!("{} &ge; 3, {} &ge; 4", esc(&ui.fair), esc(&ui.good)),
                ),
            ),
            (
                ui.relational_global.as_str(),
                ui.num(g.relational(), 1),
                rating(
                    Some(g.relational_rating()),
                    &format!("{} &ge; 3.5, {} &ge; 4", esc(&ui.fair), esc(&ui.good)),
                ),
            ),
        ]
    });
    let _ = writeln!(
        h,
        r#"<table class="mb-metrics"><caption>{}</caption>"#,
        esc(&ui.metrics_caption)
    );
    let _ = writeln!(
        h,
        r#"<thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
        esc(&ui.score),
        esc(&ui.value),
        esc(&ui.rating)
    );
    for (name, value, rating) in rows.into_iter().chain(global_rows.into_iter().flatten()) {
        let _ = writeln!(
            h,
            r#"<tr><th scope="row">{}</th><td class="mb-value">{value}</td>{rating}</tr>"#,
            esc(name)
        );
    }
    h.push_str("</tbody></table>\n");
    if let Some(g) = globals {
        let _ = writeln!(
            h,
            r#"<p class="mb-globals">{}: {} {}, {} {}, {} {}, {} {}.</p>"#,
            esc(&ui.global_ratings),
            esc(&ui.cultivating_change_talk),
            g.cultivating_change_talk,
            esc(&ui.softening_sustain_talk),
            g.softening_sustain_talk,
            esc(&ui.partnership),
            g.partnership,
            esc(&ui.empathy),
            g.empathy
        );
    }
}
