//! One pass over a chapter's Markdown events: prose is gathered into runs (for citations
//! and glossary links), headings get their resolved ids and anchors, structured blocks are
//! replaced by their HTML, code blocks hide their hidden lines, links go through the
//! resolver, and each section's plain text is kept for the search index.

use std::iter::Peekable;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

use super::{
    admonition_start, blocked_html, code, raw_tag_depth, Ctx, Rendered, Run, Section, State,
};
use crate::model::{Block, BLOCK_KINDS};
use crate::render::blocks;
use crate::resolve::links::FRAG_MARK;
use crate::text::escape_into;

type Events<'a> = Peekable<crate::model::events::Iter<'a>>;

/// Where the pass is, and the events it hands to pulldown-cmark's HTML writer.
pub(super) struct Walk<'a> {
    ctx: &'a Ctx<'a>,
    events: Vec<Event<'a>>,
    sections: Vec<Section>,
    /// A run of prose: text events and the line breaks between them, merged so that a
    /// citation or a glossary phrase wrapped onto the next line is still seen whole.
    text: Option<Run>,
    /// The language of the code block being read, for its hidden lines.
    code_lang: Option<String>,
    heading_n: usize,
    block_n: usize,
    in_heading: bool,
    link_depth: usize,
    code_depth: usize,
    /// Inside an image the text becomes the alt attribute, which push_html escapes itself:
    /// it must stay plain text, not prose HTML (that was escaped twice).
    image_depth: usize,
    /// Inside an author's own `<a>` or `<code>` (inline HTML), no term or citation links.
    raw_depth: usize,
    fn_prefix: String,
    sanitize: bool,
}

impl<'a> Walk<'a> {
    pub(super) fn new(ctx: &'a Ctx<'a>) -> Walk<'a> {
        let ch = &ctx.book.chapters[ctx.index];
        Walk {
            ctx,
            // Sized from the chapter's own events, a little more than the pass makes of
            // them: growing these by doubling was a copy of each, a thousand times a book.
            events: Vec::with_capacity(ch.events.len()),
            sections: vec![Section::with_room()],
            text: None,
            code_lang: None,
            heading_n: 0,
            block_n: 0,
            in_heading: false,
            link_depth: 0,
            code_depth: 0,
            image_depth: 0,
            raw_depth: 0,
            fn_prefix: format!("{}-", ch.id),
            sanitize: ctx.book.config.output.html.sanitize == Some(true),
        }
    }

    /// Takes one event of the chapter.
    pub(super) fn step(
        &mut self,
        st: &mut State,
        event: Event<'a>,
        range: Range<usize>,
        iter: &mut Events<'a>,
    ) {
        if self.ctx.report && !self.in_heading && self.code_depth == 0 {
            self.index_text(&event);
        }
        if self.is_prose(&event) {
            let run = self.text.get_or_insert_with(|| Run {
                heading: self.in_heading,
                text: String::with_capacity(256),
                pieces: Vec::with_capacity(8),
            });
            run.pieces.push((run.text.len(), range.start));
            match &event {
                Event::Text(t) => run.text.push_str(t),
                _ => run.text.push('\n'),
            }
            return;
        }
        self.flush_run(st);
        if let Event::InlineHtml(h) = &event {
            self.raw_depth = self.raw_depth.saturating_add_signed(raw_tag_depth(h));
        }
        if let Event::Html(h) | Event::InlineHtml(h) = &event {
            if self.ctx.report {
                let ch = &self.ctx.book.chapters[self.ctx.index];
                blocked_html(ch, h, range.start, &mut st.out.diags);
            }
            st.out.raw_html = true;
        }
        self.push(st, event, iter);
    }

    /// The HTML, with what the pass collected.
    pub(super) fn finish(mut self, mut st: State) -> Rendered {
        self.flush_run(&mut st);
        let ctx = self.ctx;
        let ch = &ctx.book.chapters[ctx.index];
        let mut html = String::with_capacity(ch.body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, self.events.into_iter());
        st.out.html = html;
        st.out.sections = self.sections;
        let glossary = &ctx.book.met.glossary;
        st.out.terms_used = (st.used.iter().enumerate())
            .filter(|(t, u)| **u && !ch.front.no_glossary.contains(&glossary.terms[*t].id))
            .map(|(t, _)| t)
            .collect();
        st.out
    }

    /// Adds a text event's words (and a space for a break) to the section's plain text.
    fn index_text(&mut self, event: &Event) {
        let section = &mut self.sections.last_mut().expect("one section at least").text;
        match event {
            Event::Text(t) | Event::Code(t) => section.push_str(t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item) => section.push(' '),
            _ => {}
        }
    }

    /// Prose that citations and glossary terms may be found in.
    fn is_prose(&self, event: &Event) -> bool {
        matches!(event, Event::Text(_) | Event::SoftBreak)
            && self.link_depth == 0
            && self.code_depth == 0
            && self.image_depth == 0
            && self.raw_depth == 0
    }

    fn flush_run(&mut self, st: &mut State) {
        if let Some(run) = self.text.take() {
            self.events
                .push(Event::InlineHtml(st.run_html(&run).into()));
        }
    }

    fn push(&mut self, st: &mut State, event: Event<'a>, iter: &mut Events<'a>) {
        match event {
            Event::Start(Tag::Heading { level, classes, .. }) => {
                self.heading_start(level, &classes)
            }
            Event::End(TagEnd::Heading(level)) => self.heading_end(level),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if BLOCK_KINDS.contains(&info.split_whitespace().next().unwrap_or("")) =>
            {
                for (e, _) in iter.by_ref() {
                    if matches!(e, Event::End(TagEnd::CodeBlock)) {
                        break;
                    }
                }
                self.block(st);
            }
            Event::Start(Tag::CodeBlock(k)) => {
                self.code_depth += 1;
                self.code_lang = match &k {
                    CodeBlockKind::Fenced(info) => Some(code::language(info).to_string()),
                    CodeBlockKind::Indented => None,
                };
                self.events.push(Event::Start(Tag::CodeBlock(k)));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.code_depth = self.code_depth.saturating_sub(1);
                self.code_lang = None;
                self.events.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Text(t) if self.code_depth > 0 => {
                let hide = &self.ctx.book.config.output.html.code.hidelines;
                let shown = code::hide_lines(&t, self.code_lang.as_deref(), hide);
                self.events.push(Event::Text(shown.into()));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                self.events.push(Event::Html(admonition_start(kind).into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                self.events.push(Event::Html("</div>\n".into()));
            }
            Event::Start(link @ Tag::Link { .. }) => {
                self.link_depth += 1;
                let (tag, fill) = st.link_tag(link);
                self.events.push(Event::Start(tag));
                if let (Some(fill), Some((Event::End(TagEnd::Link), _))) = (fill, iter.peek()) {
                    self.events.push(Event::Text(fill.into()));
                }
            }
            Event::End(TagEnd::Link) => {
                self.link_depth = self.link_depth.saturating_sub(1);
                self.events.push(Event::End(TagEnd::Link));
            }
            Event::Start(image @ Tag::Image { .. }) => {
                self.image_depth += 1;
                self.events.push(Event::Start(st.link_tag(image).0));
            }
            Event::End(TagEnd::Image) => {
                self.image_depth = self.image_depth.saturating_sub(1);
                self.events.push(Event::End(TagEnd::Image));
            }
            other => self.push_other(other),
        }
    }

    /// Footnote names made the chapter's own, raw HTML sanitized when asked, the rest as is.
    fn push_other(&mut self, event: Event<'a>) {
        let event = match event {
            Event::FootnoteReference(name) => {
                Event::FootnoteReference(format!("{}{name}", self.fn_prefix).into())
            }
            Event::Start(Tag::FootnoteDefinition(name)) => Event::Start(Tag::FootnoteDefinition(
                format!("{}{name}", self.fn_prefix).into(),
            )),
            Event::Html(h) | Event::InlineHtml(h) if self.sanitize => {
                Event::InlineHtml(crate::render::sanitize::sanitize_html(&h).into())
            }
            other => other,
        };
        self.events.push(event);
    }

    /// The id the resolve stage gave the current heading.
    fn heading_id(&self) -> &'a str {
        let ch = &self.ctx.book.chapters[self.ctx.index];
        (ch.headings.get(self.heading_n))
            .map(|h| h.id.as_str())
            .unwrap_or("section")
    }

    fn heading_start(
        &mut self,
        level: pulldown_cmark::HeadingLevel,
        classes: &[pulldown_cmark::CowStr],
    ) {
        self.in_heading = true;
        if self.ctx.report {
            self.sections.push(Section {
                heading: Some(self.heading_n),
                ..Section::with_room()
            });
        }
        // Pushed rather than formatted, twice for every heading of the book.
        let mut html = String::with_capacity(64);
        html.push('<');
        html.push_str(tag_name(level));
        html.push_str(" id=\"");
        html.push(FRAG_MARK);
        escape_into(self.heading_id(), &mut html);
        html.push('"');
        if !classes.is_empty() {
            html.push_str(" class=\"");
            escape_into(&classes.join(" "), &mut html);
            html.push('"');
        }
        html.push('>');
        self.events.push(Event::Html(html.into()));
    }

    fn heading_end(&mut self, level: pulldown_cmark::HeadingLevel) {
        self.in_heading = false;
        let mut html = String::with_capacity(96);
        html.push_str(" <a class=\"mb-anchor\" href=\"#");
        html.push(FRAG_MARK);
        escape_into(self.heading_id(), &mut html);
        html.push_str("\" aria-label=\"");
        escape_into(self.ctx.book.words.get("section_link"), &mut html);
        html.push_str("\">#</a></");
        html.push_str(tag_name(level));
        html.push_str(">\n");
        self.heading_n += 1;
        self.events.push(Event::Html(html.into()));
    }

    /// A structured block, rendered from what load parsed of it.
    fn block(&mut self, st: &mut State) {
        let ctx = self.ctx;
        let html = match ctx.blocks.get(self.block_n) {
            Some(b) => {
                let cell = std::cell::RefCell::new(&mut *st);
                let markdown = |md: &str| cell.borrow_mut().inline(md);
                let bctx = blocks::BlockCtx {
                    markdown: &markdown,
                    book: ctx.book,
                    targets: &ctx.resolved.targets,
                    chapter: &ctx.book.chapters[ctx.index],
                    n: self.block_n,
                    page: ctx.page,
                };
                let html = blocks::render(&b.parsed, &bctx);
                if let Block::Session(s) = &b.parsed {
                    // Kept for the session's printable card.
                    st.out.sessions.push((s.id.clone(), html.clone()));
                }
                html
            }
            None => String::new(),
        };
        self.block_n += 1;
        self.events.push(Event::Html(html.into()));
    }
}

/// `h1` … `h6`.
fn tag_name(level: pulldown_cmark::HeadingLevel) -> &'static str {
    use pulldown_cmark::HeadingLevel::*;
    match level {
        H1 => "h1",
        H2 => "h2",
        H3 => "h3",
        H4 => "h4",
        H5 => "h5",
        H6 => "h6",
    }
}
