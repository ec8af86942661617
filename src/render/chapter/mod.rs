//! Stage 4a: one chapter's Markdown events become HTML. Links are rewritten through the
//! resolver, headings get ids and anchors, structured blocks are rendered from their typed
//! data, and prose text gets citations and first-mention glossary links. All of this works
//! on pulldown-cmark events, never on rendered HTML strings.

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, LinkType, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, Kind};
use crate::markdown::parser;
use crate::model::ChapterBlock;
use crate::model::{Book, ChapterId};
use crate::render::blocks;
use crate::resolve::links::{self, relative, Resolution, FRAG_MARK};
use crate::resolve::Resolved;

mod code;
mod prose;
mod raw_html;
mod walk;

pub(crate) struct Ctx<'a> {
    pub book: &'a Book,
    pub resolved: &'a Resolved,
    pub blocks: &'a [ChapterBlock],
    pub index: ChapterId,
    /// Site path of the page the HTML lands on (the chapter's own, or print.html).
    pub page: &'a str,
    /// Report problems (only one of the chapter's renders should).
    pub report: bool,
}

/// A chapter's text between two headings, for the search index.
#[derive(Default, Clone)]
pub struct Section {
    /// The heading that opens the section; None for the text before the first heading.
    pub heading: Option<usize>,
    pub text: String,
}

impl Section {
    /// A section with room for a few lines of text, so it is not grown from nothing a word
    /// at a time (not more: every section's text is kept until the search index is built).
    fn with_room() -> Section {
        Section {
            heading: None,
            text: String::with_capacity(128),
        }
    }
}

#[derive(Default)]
pub struct Rendered {
    pub html: String,
    pub sections: Vec<Section>,
    pub terms_used: Vec<usize>,
    pub cites_used: Vec<String>,
    pub diags: Vec<Diagnostic>,
    /// Each session plan's HTML (id, HTML with root marks), for its card page.
    pub sessions: Vec<(String, String)>,
    /// The chapter's Markdown (or a block's) holds raw HTML: not all its HTML is
    /// metbook's own.
    pub raw_html: bool,
}

pub(crate) fn render(ctx: &Ctx) -> Rendered {
    let ch = &ctx.book.chapters[ctx.index];
    let mut st = State {
        ctx,
        out: Rendered::default(),
        used: vec![false; ctx.book.met.glossary.terms.len()],
        gloss: Default::default(),
        in_block: false,
    };
    st.skip_front_matter_terms();
    // The events load parsed; the chapter is not parsed again.
    let mut iter = ch.events.iter(&ch.body).peekable();
    let mut walk = walk::Walk::new(ctx);
    while let Some((event, range)) = iter.next() {
        walk.step(&mut st, event, range, &mut iter);
    }
    walk.finish(st)
}

pub(crate) fn markdown_flags(html: &crate::model::config::HtmlConfig) -> crate::markdown::Flags {
    crate::markdown::Flags::from_options(
        html.smart_punctuation,
        html.definition_lists,
        html.admonitions,
    )
}

/// Warns about raw HTML in `html` (at byte `start` of the chapter body) that the site's
/// CSP will block.
fn blocked_html(ch: &crate::model::Chapter, html: &str, start: usize, diags: &mut Vec<Diagnostic>) {
    for b in raw_html::find(html) {
        let (line, col) = crate::diagnostics::line_col(&ch.body, start + b.at);
        let (file, line) = ch.locate(line);
        diags.push(
            Diagnostic::warning(Kind::RawHtml, file, line, col, format!("{} in a chapter is blocked by the site's Content-Security-Policy, so it has no effect in the browser", b.what))
                .len(b.len)
                .help("move styles into a CSS file listed in `additional-css` and scripts into a JS file listed in `additional-js` (under [output.html] in book.toml), and use a class instead of `style=` or `on…=`"),
        );
    }
}

/// A GitHub-style callout (`> [!WARNING]`): a labelled note, so its meaning never rests
/// on colour alone; the label prints and is read out.
fn admonition_start(kind: BlockQuoteKind) -> String {
    let (class, label) = match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    };
    format!(
        "<div class=\"mb-admonition mb-admonition-{class}\" role=\"note\" aria-label=\"{label}\">\n<p class=\"mb-admonition-title\">{label}</p>\n"
    )
}

/// +1 for an inline HTML tag that opens an element whose text must not get links (`<a>`,
/// `<code>`, `<kbd>`, `<samp>`), -1 for one that closes it, else 0.
fn raw_tag_depth(html: &str) -> isize {
    let h = html.trim_start();
    let (close, rest) = match h.strip_prefix("</") {
        Some(r) => (true, r),
        None => match h.strip_prefix('<') {
            Some(r) => (false, r),
            None => return 0,
        },
    };
    let end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let name = &rest[..end];
    let guarded = ["a", "code", "kbd", "samp"]
        .iter()
        .any(|t| name.eq_ignore_ascii_case(t));
    if !guarded || h.ends_with("/>") {
        return 0;
    }
    if close {
        -1
    } else {
        1
    }
}

/// Merged prose text, with where each merged piece starts in it and in the chapter body.
#[derive(Default)]
struct Run {
    text: String,
    pieces: Vec<(usize, usize)>,
    /// The text of a heading: citations are linked there, glossary terms are not.
    heading: bool,
}

struct State<'a> {
    ctx: &'a Ctx<'a>,
    out: Rendered,
    used: Vec<bool>,
    /// The glossary matcher's word buffers, kept for the chapter's next prose run.
    gloss: crate::met::glossary::Scratch,
    /// Rendering text inside a block, whose links the resolve stage has not seen (it
    /// checks the links of the chapter's Markdown), so this pass reports them.
    in_block: bool,
}

impl State<'_> {
    /// Marks the terms the front matter's `no-glossary` names as used, so none is linked;
    /// an id that is no term is an error.
    fn skip_front_matter_terms(&mut self) {
        let ctx = self.ctx;
        let ch = &ctx.book.chapters[ctx.index];
        for id in &ch.front.no_glossary {
            match ctx.book.met.glossary.by_id.get(id) {
                Some(&t) => self.used[t] = true,
                None if ctx.report && !ctx.book.met.glossary_failed => self.out.diags.push(
                    Diagnostic::error(Kind::UnknownTerm, &ch.file, 1, 1, format!("no-glossary names `{id}`, which is not a glossary term id"))
                        .help("use the term's id: its name in lowercase with hyphens, as listed in glossary.yml"),
                ),
                None => {}
            }
        }
    }

    fn run_html(&mut self, run: &Run) -> String {
        if run.heading {
            self.cited(&run.text, &run.pieces)
        } else {
            self.prose(&run.text, &run.pieces)
        }
    }

    /// A short Markdown snippet inside a block (a cell, an item, a dialogue line), with
    /// the same citations and glossary links as prose, without the wrapping <p>.
    fn inline(&mut self, md: &str) -> String {
        let outer = std::mem::replace(&mut self.in_block, true);
        let html = self.inline_snippet(md);
        self.in_block = outer;
        html
    }

    fn inline_snippet(&mut self, md: &str) -> String {
        // A line with no markup parses to one paragraph of itself: what the walk below
        // would make of it is its prose, and the parser is skipped.
        if crate::markdown::is_plain_line(md) {
            return self.prose(md, &[]);
        }
        let mut events = Vec::new();
        let mut depth = 0usize;
        // Text arrives split at brackets and line breaks; merged so `[@key]` is seen whole.
        let mut text = String::new();
        let mut iter = parser(md).peekable();
        while let Some(e) = iter.next() {
            match (&e, depth) {
                (Event::Text(t), 0) => {
                    text.push_str(t);
                    continue;
                }
                (Event::SoftBreak, 0) => {
                    text.push('\n');
                    continue;
                }
                (Event::InlineHtml(h), _) => {
                    depth = depth.saturating_add_signed(raw_tag_depth(h));
                    self.out.raw_html = true;
                }
                (Event::Html(_), _) => self.out.raw_html = true,
                _ => {}
            }
            if !text.is_empty() {
                events.push(Event::InlineHtml(
                    self.prose(&std::mem::take(&mut text), &[]).into(),
                ));
            }
            match e {
                Event::Start(link @ Tag::Link { .. }) => {
                    depth += 1;
                    let (tag, fill) = self.link_tag(link);
                    events.push(Event::Start(tag));
                    // `[](@id)`: an empty link takes its target's title, as in prose.
                    if let (Some(title), Some(Event::End(TagEnd::Link))) = (fill, iter.peek()) {
                        events.push(Event::Text(title.into()));
                    }
                }
                Event::End(TagEnd::Link) => {
                    depth = depth.saturating_sub(1);
                    events.push(Event::End(TagEnd::Link));
                }
                // An image's text is its alt attribute: kept plain, as in prose.
                Event::Start(image @ Tag::Image { .. }) => {
                    depth += 1;
                    events.push(Event::Start(self.link_tag(image).0));
                }
                Event::End(TagEnd::Image) => {
                    depth = depth.saturating_sub(1);
                    events.push(Event::End(TagEnd::Image));
                }
                Event::Html(h) | Event::InlineHtml(h)
                    if self.ctx.book.config.output.html.sanitize == Some(true) =>
                {
                    events.push(Event::InlineHtml(super::sanitize::sanitize_html(&h).into()))
                }
                other => events.push(other),
            }
        }
        if !text.is_empty() {
            events.push(Event::InlineHtml(self.prose(&text, &[]).into()));
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        blocks::unwrap_paragraph(&html)
    }

    /// A link or image tag with its destination rewritten, and a title to fill in when a
    /// link's text is empty.
    fn link_tag<'e>(&mut self, tag: Tag<'e>) -> (Tag<'e>, Option<String>) {
        match tag {
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                // An email autolink's destination is the bare address; pulldown-cmark adds
                // `mailto:` itself, so it is no site path to rewrite.
                let (href, fill) = if link_type == LinkType::Email {
                    (dest_url.to_string(), None)
                } else {
                    self.link(&dest_url)
                };
                (
                    Tag::Link {
                        link_type,
                        dest_url: href.into(),
                        title,
                        id,
                    },
                    fill,
                )
            }
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let (href, _) = self.link(&dest_url);
                let tag = Tag::Image {
                    link_type,
                    dest_url: href.into(),
                    title,
                    id,
                };
                (tag, None)
            }
            other => (other, None),
        }
    }

    /// A broken link inside a block, located at its first use in the chapter: the block's
    /// own parser keeps no offsets for the Markdown inside its fields.
    fn report_block_link(&mut self, dest: &str, p: links::Problem) {
        let ch = &self.ctx.book.chapters[self.ctx.index];
        let offset = ch.body.find(&format!("]({dest}")).map_or(0, |o| o + 2);
        let (line, col) = crate::diagnostics::line_col(&ch.body, offset);
        let (file, line) = ch.locate(line);
        self.out.diags.push(
            Diagnostic::error(p.kind, file, line, col, p.message)
                .len(dest.chars().count())
                .help(p.help),
        );
    }

    /// The href to write for `dest`, and a title to fill in when the link text is empty.
    fn link(&mut self, dest: &CowStr) -> (String, Option<String>) {
        let ctx = self.ctx;
        let ch = &ctx.book.chapters[ctx.index];
        match links::resolve(ctx.book, &ctx.resolved.targets, ctx.index, dest) {
            Ok(Resolution::Site { path, title, .. }) => {
                // In-page anchors stay bare, so they work on print.html too; a heading's
                // id there carries the chapter's prefix (FRAG_MARK).
                let in_page = path
                    .strip_prefix(ch.out_path.as_str())
                    .and_then(|rest| rest.strip_prefix('#'));
                let href = if let Some(frag) = in_page {
                    if ch.headings.iter().any(|h| h.id == frag) {
                        format!("#{FRAG_MARK}{frag}")
                    } else {
                        format!("#{frag}")
                    }
                } else {
                    relative(ctx.page, &path)
                };
                (href, title)
            }
            Ok(Resolution::Verbatim) => {
                let d = dest.to_string();
                let local =
                    !d.contains(':') && !d.starts_with('/') && !d.starts_with('#') && !d.is_empty();
                if local && ctx.page != ch.out_path {
                    (relative(ctx.page, &links::join(&ch.src_path, &d)), None)
                } else {
                    (d, None)
                }
            }
            // Reported by the resolve stage, or here for a link inside a block; the link is
            // neutralised so nothing unsafe is emitted.
            Err(p) => {
                if self.in_block && ctx.report {
                    self.report_block_link(dest, p);
                }
                ("#".into(), None)
            }
        }
    }
}
