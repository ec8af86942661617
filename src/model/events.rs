//! A chapter's Markdown as pulldown-cmark parsed it once, when it was loaded, kept compact so
//! that rendering walks the events instead of parsing the chapter a second time.
//!
//! Strings are spans of the chapter body where pulldown-cmark borrowed them from it (nearly
//! always), else of a side buffer; tags with several strings (links, images, headings,
//! tables) sit in a side list. An event is 16 bytes, so a chapter's events cost about as
//! much memory as its text.

use std::ops::Range;

use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType,
    MetadataBlockKind, Tag, TagEnd,
};

/// A chapter's events, each with the byte where its source starts in the body.
#[derive(Debug, Clone, Default)]
pub struct Events {
    items: Vec<Item>,
    /// Strings that are not slices of the body (smart quotes, unescaped entities…).
    side: String,
    tags: Vec<BigTag>,
}

#[derive(Debug, Clone, Copy)]
struct Item {
    ev: Ev,
    start: u32,
}

/// A string: `at` is a byte offset into the body, or into `side` when its top bit is set.
#[derive(Debug, Clone, Copy)]
struct Span {
    at: u32,
    len: u32,
}

const SIDE: u32 = 1 << 31;

#[derive(Debug, Clone, Copy)]
enum Ev {
    Start(Open),
    End(TagEnd),
    Text(Span),
    Code(Span),
    InlineMath(Span),
    DisplayMath(Span),
    Html(Span),
    InlineHtml(Span),
    FootnoteReference(Span),
    SoftBreak,
    HardBreak,
    Rule,
    TaskListMarker(bool),
}

/// A tag with at most one string; the others are an index into [`Events::tags`].
#[derive(Debug, Clone, Copy)]
enum Open {
    Paragraph,
    BlockQuote(Option<BlockQuoteKind>),
    FencedCode(Span),
    IndentedCode,
    HtmlBlock,
    List(Option<u32>),
    Item,
    FootnoteDefinition(Span),
    DefinitionList,
    DefinitionListTitle,
    DefinitionListDefinition,
    TableHead,
    TableRow,
    TableCell,
    Emphasis,
    Strong,
    Strikethrough,
    Superscript,
    Subscript,
    MetadataBlock(MetadataBlockKind),
    Big(u32),
}

#[derive(Debug, Clone)]
enum BigTag {
    Heading {
        level: HeadingLevel,
        id: Option<Span>,
        classes: Vec<Span>,
        attrs: Vec<(Span, Option<Span>)>,
    },
    Link(LinkType, [Span; 3]),
    Image(LinkType, [Span; 3]),
    Table(Vec<Alignment>),
    /// An ordered list whose first number does not fit a `u32`.
    List(u64),
}

impl Events {
    /// Room for `n` events (a chapter of Markdown has about one per 20 bytes).
    pub fn with_capacity(n: usize) -> Events {
        Events {
            items: Vec::with_capacity(n),
            ..Events::default()
        }
    }

    /// Appends `event`, whose source starts at byte `start` of `body` (the text it was
    /// parsed from, and the text [`Events::iter`] will be given).
    pub fn push(&mut self, event: &Event, start: usize, body: &str) {
        let ev = match event {
            Event::Start(tag) => Ev::Start(self.open(tag, body)),
            Event::End(end) => Ev::End(*end),
            Event::Text(s) => Ev::Text(self.span(s, body)),
            Event::Code(s) => Ev::Code(self.span(s, body)),
            Event::InlineMath(s) => Ev::InlineMath(self.span(s, body)),
            Event::DisplayMath(s) => Ev::DisplayMath(self.span(s, body)),
            Event::Html(s) => Ev::Html(self.span(s, body)),
            Event::InlineHtml(s) => Ev::InlineHtml(self.span(s, body)),
            Event::FootnoteReference(s) => Ev::FootnoteReference(self.span(s, body)),
            Event::SoftBreak => Ev::SoftBreak,
            Event::HardBreak => Ev::HardBreak,
            Event::Rule => Ev::Rule,
            Event::TaskListMarker(b) => Ev::TaskListMarker(*b),
        };
        self.items.push(Item {
            ev,
            start: offset(start),
        });
    }

    /// How many events there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The events again, borrowing their text from `body` (the text given to
    /// [`Events::push`]), each with its source's byte range (empty: only the start is kept).
    pub fn iter<'a>(&'a self, body: &'a str) -> Iter<'a> {
        Iter {
            events: self,
            body,
            next: 0,
        }
    }

    fn open(&mut self, tag: &Tag, body: &str) -> Open {
        match tag {
            Tag::Paragraph => Open::Paragraph,
            Tag::BlockQuote(k) => Open::BlockQuote(*k),
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => Open::FencedCode(self.span(info, body)),
            Tag::CodeBlock(CodeBlockKind::Indented) => Open::IndentedCode,
            Tag::HtmlBlock => Open::HtmlBlock,
            Tag::List(None) => Open::List(None),
            Tag::List(Some(n)) => match u32::try_from(*n) {
                Ok(n) => Open::List(Some(n)),
                Err(_) => self.big(BigTag::List(*n)),
            },
            Tag::Item => Open::Item,
            Tag::FootnoteDefinition(s) => Open::FootnoteDefinition(self.span(s, body)),
            Tag::DefinitionList => Open::DefinitionList,
            Tag::DefinitionListTitle => Open::DefinitionListTitle,
            Tag::DefinitionListDefinition => Open::DefinitionListDefinition,
            Tag::TableHead => Open::TableHead,
            Tag::TableRow => Open::TableRow,
            Tag::TableCell => Open::TableCell,
            Tag::Emphasis => Open::Emphasis,
            Tag::Strong => Open::Strong,
            Tag::Strikethrough => Open::Strikethrough,
            Tag::Superscript => Open::Superscript,
            Tag::Subscript => Open::Subscript,
            Tag::MetadataBlock(k) => Open::MetadataBlock(*k),
            Tag::Table(aligns) => self.big(BigTag::Table(aligns.clone())),
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                let big = BigTag::Heading {
                    level: *level,
                    id: id.as_ref().map(|s| self.span(s, body)),
                    classes: classes.iter().map(|s| self.span(s, body)).collect(),
                    attrs: (attrs.iter())
                        .map(|(k, v)| (self.span(k, body), v.as_ref().map(|v| self.span(v, body))))
                        .collect(),
                };
                self.big(big)
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let spans = [dest_url, title, id].map(|s| self.span(s, body));
                self.big(BigTag::Link(*link_type, spans))
            }
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let spans = [dest_url, title, id].map(|s| self.span(s, body));
                self.big(BigTag::Image(*link_type, spans))
            }
        }
    }

    fn big(&mut self, tag: BigTag) -> Open {
        self.tags.push(tag);
        Open::Big(offset(self.tags.len() - 1))
    }

    /// `s` as a span of `body` when it is a slice of it, else copied to the side buffer.
    fn span(&mut self, s: &str, body: &str) -> Span {
        let (p, b) = (s.as_ptr() as usize, body.as_ptr() as usize);
        if p >= b && p + s.len() <= b + body.len() {
            return Span {
                at: offset(p - b),
                len: offset(s.len()),
            };
        }
        let at = offset(self.side.len()) | SIDE;
        self.side.push_str(s);
        Span {
            at,
            len: offset(s.len()),
        }
    }
}

/// A chapter body or side buffer is far below 2 GiB (the top bit marks the side buffer).
fn offset(n: usize) -> u32 {
    u32::try_from(n)
        .ok()
        .filter(|n| n & SIDE == 0)
        .expect("a chapter is smaller than 2 GiB")
}

/// The events of [`Events::iter`].
pub struct Iter<'a> {
    events: &'a Events,
    body: &'a str,
    next: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        let item = *self.events.items.get(self.next)?;
        self.next += 1;
        let start = item.start as usize;
        Some((self.event(item.ev), start..start))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.events.items.len() - self.next;
        (n, Some(n))
    }
}

impl<'a> Iter<'a> {
    fn str(&self, s: Span) -> CowStr<'a> {
        let (at, len) = ((s.at & !SIDE) as usize, s.len as usize);
        let text = if s.at & SIDE == 0 {
            self.body
        } else {
            &self.events.side
        };
        CowStr::Borrowed(&text[at..at + len])
    }

    fn event(&self, ev: Ev) -> Event<'a> {
        match ev {
            Ev::Start(open) => Event::Start(self.tag(open)),
            Ev::End(end) => Event::End(end),
            Ev::Text(s) => Event::Text(self.str(s)),
            Ev::Code(s) => Event::Code(self.str(s)),
            Ev::InlineMath(s) => Event::InlineMath(self.str(s)),
            Ev::DisplayMath(s) => Event::DisplayMath(self.str(s)),
            Ev::Html(s) => Event::Html(self.str(s)),
            Ev::InlineHtml(s) => Event::InlineHtml(self.str(s)),
            Ev::FootnoteReference(s) => Event::FootnoteReference(self.str(s)),
            Ev::SoftBreak => Event::SoftBreak,
            Ev::HardBreak => Event::HardBreak,
            Ev::Rule => Event::Rule,
            Ev::TaskListMarker(b) => Event::TaskListMarker(b),
        }
    }

    fn tag(&self, open: Open) -> Tag<'a> {
        match open {
            Open::Paragraph => Tag::Paragraph,
            Open::BlockQuote(k) => Tag::BlockQuote(k),
            Open::FencedCode(info) => Tag::CodeBlock(CodeBlockKind::Fenced(self.str(info))),
            Open::IndentedCode => Tag::CodeBlock(CodeBlockKind::Indented),
            Open::HtmlBlock => Tag::HtmlBlock,
            Open::List(n) => Tag::List(n.map(u64::from)),
            Open::Item => Tag::Item,
            Open::FootnoteDefinition(s) => Tag::FootnoteDefinition(self.str(s)),
            Open::DefinitionList => Tag::DefinitionList,
            Open::DefinitionListTitle => Tag::DefinitionListTitle,
            Open::DefinitionListDefinition => Tag::DefinitionListDefinition,
            Open::TableHead => Tag::TableHead,
            Open::TableRow => Tag::TableRow,
            Open::TableCell => Tag::TableCell,
            Open::Emphasis => Tag::Emphasis,
            Open::Strong => Tag::Strong,
            Open::Strikethrough => Tag::Strikethrough,
            Open::Superscript => Tag::Superscript,
            Open::Subscript => Tag::Subscript,
            Open::MetadataBlock(k) => Tag::MetadataBlock(k),
            Open::Big(i) => self.big(&self.events.tags[i as usize]),
        }
    }

    fn big(&self, tag: &BigTag) -> Tag<'a> {
        match tag {
            BigTag::Heading {
                level,
                id,
                classes,
                attrs,
            } => Tag::Heading {
                level: *level,
                id: id.map(|s| self.str(s)),
                classes: classes.iter().map(|s| self.str(*s)).collect(),
                attrs: (attrs.iter())
                    .map(|(k, v)| (self.str(*k), v.map(|v| self.str(v))))
                    .collect(),
            },
            BigTag::Link(link_type, [dest, title, id]) => Tag::Link {
                link_type: *link_type,
                dest_url: self.str(*dest),
                title: self.str(*title),
                id: self.str(*id),
            },
            BigTag::Image(link_type, [dest, title, id]) => Tag::Image {
                link_type: *link_type,
                dest_url: self.str(*dest),
                title: self.str(*title),
                id: self.str(*id),
            },
            BigTag::Table(aligns) => Tag::Table(aligns.clone()),
            BigTag::List(n) => Tag::List(Some(*n)),
        }
    }
}

#[cfg(test)]
mod tests;
