//! HTML for the structured blocks inside a chapter: contrast tables and does-not boxes.
//! Anchor ids are derived from the chapter id and the block's position, so generated
//! pages can link back to the exact block.

use crate::markdown::{parser, slug};
use crate::model::met::contrast::Contrast;
use crate::model::met::dialogue::Dialogue;
use crate::model::met::does_not::DoesNot;
use crate::model::Block;
use crate::model::{Book, Chapter};
use crate::render::dialogue;
use crate::resolve::links::{relative, Targets};
use crate::text::escape;

pub(crate) struct BlockCtx<'a> {
    /// Inline Markdown → HTML with the chapter's citations and glossary links.
    pub markdown: &'a dyn Fn(&str) -> String,
    pub book: &'a Book,
    pub targets: &'a Targets,
    pub chapter: &'a Chapter,
    pub n: usize,
    pub page: &'a str,
}

pub(crate) fn render(block: &Block, ctx: &BlockCtx) -> String {
    match block {
        Block::Contrast(c) => contrast(c, ctx),
        Block::DoesNot(d) => does_not(d, ctx),
        Block::Dialogue(d) => dialogue(d, ctx),
        Block::Session(s) => super::session::session(s, ctx),
        Block::Worksheet(w) => super::worksheet::worksheet(w, ctx),
        Block::FeedbackReport(r) => super::feedback::report(r, ctx),
        Block::Plain => String::new(),
    }
}

pub(crate) fn contrast_id(ch: &Chapter, n: usize) -> String {
    format!("{}-contrast-{}", ch.id, n + 1)
}

pub(crate) fn aspect_id(ch: &Chapter, n: usize, aspect: &str) -> String {
    format!("{}-{}", contrast_id(ch, n), slug(aspect))
}

pub(crate) fn does_not_id(ch: &Chapter, n: usize, item: usize) -> String {
    format!("{}-dn-{}-{}", ch.id, n + 1, item + 1)
}

fn contrast(c: &Contrast, ctx: &BlockCtx) -> String {
    let mut h = format!(
        "<div class=\"mb-table-wrap\" id=\"{}\"><table class=\"mb-contrast\"><caption>{}</caption><thead><tr><th scope=\"col\">Aspect</th>",
        escape(&contrast_id(ctx.chapter, ctx.n)),
        (ctx.markdown)(&c.caption)
    );
    for (_, name) in &c.approaches {
        h.push_str(&format!("<th scope=\"col\">{}</th>", escape(name)));
    }
    h.push_str("</tr></thead><tbody>");
    for a in &c.aspects {
        h.push_str(&format!(
            "<tr id=\"{}\"><th scope=\"row\">{}</th>",
            escape(&aspect_id(ctx.chapter, ctx.n, &a.name)),
            escape(&a.name)
        ));
        for cell in &a.cells {
            h.push_str(&format!(
                "<td>{}</td>",
                cell.as_deref()
                    .map(ctx.markdown)
                    .unwrap_or_else(|| "—".into())
            ));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></div>\n");
    h
}

fn does_not(d: &DoesNot, ctx: &BlockCtx) -> String {
    let title = d
        .title
        .as_deref()
        .unwrap_or_else(|| ctx.book.words.get("does_not_title"));
    let mut h = format!(
        "<aside class=\"mb-does-not\" aria-label=\"{}\"><p class=\"mb-does-not-title\">{}</p><ul>",
        escape(title),
        escape(title)
    );
    for (i, item) in d.items.iter().enumerate() {
        h.push_str(&format!(
            "<li id=\"{}\">{}</li>",
            escape(&does_not_id(ctx.chapter, ctx.n, i)),
            (ctx.markdown)(item)
        ));
    }
    h.push_str("</ul></aside>\n");
    h
}

fn dialogue(d: &Dialogue, ctx: &BlockCtx) -> String {
    let resolve = |id: &str| {
        ctx.targets
            .get(id)
            .map(|t| (t.title.clone(), relative(ctx.page, &t.site_path)))
    };
    let codebook_url = relative(ctx.page, "codebook.html");
    // Self-links stay in-page: the print page carries the same dialogue and turn ids.
    let rc = dialogue::RenderCtx {
        markdown: ctx.markdown,
        resolve: &resolve,
        codebook_url: &codebook_url,
        anchor_prefix: "",
    };
    dialogue::render_dialogue(d, &ctx.book.met.codebook, &rc)
}

/// Renders a short Markdown snippet (a table cell, a list item) without the wrapping <p>.
/// With `sanitize`, raw HTML in the snippet is cleaned as in chapters.
pub(crate) fn inline_md(md: &str, sanitize: bool) -> String {
    let mut html = String::new();
    let events = parser(md).map(|e| match e {
        pulldown_cmark::Event::Html(h) | pulldown_cmark::Event::InlineHtml(h) if sanitize => {
            pulldown_cmark::Event::InlineHtml(super::sanitize::sanitize_html(&h).into())
        }
        e => e,
    });
    pulldown_cmark::html::push_html(&mut html, events);
    unwrap_paragraph(&html)
}

/// A one-paragraph snippet without its `<p>` wrapper (a cell or item is already a block).
pub(crate) fn unwrap_paragraph(html: &str) -> String {
    let t = html.trim();
    let t = t
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .filter(|s| !s.contains("<p>"))
        .unwrap_or(t);
    t.to_string()
}
