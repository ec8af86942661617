//! The one parse of a chapter's Markdown: heading ids, links and structured blocks, found
//! when it is loaded, so the resolve stage knows every target before any page is rendered,
//! and the events themselves, which the render stage walks instead of parsing again.

use rustc_hash::FxHashMap as HashMap;

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

use crate::diagnostics::LineIndex;
use crate::markdown::{heading_id, parser_with, Flags};
use crate::model::{Events, Heading, RawBlock, RawLink, BLOCK_KINDS};

/// What [`scan`] finds in one chapter.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    pub headings: Vec<Heading>,
    pub links: Vec<RawLink>,
    pub blocks: Vec<RawBlock>,
    /// Headings whose explicit `{#id}` an earlier heading of the chapter already has:
    /// (line, id, line of the first).
    pub repeated_ids: Vec<(usize, String, usize)>,
    /// Every event, for the render stage, but the text inside structured blocks (which
    /// load parses into typed values and render never reads).
    pub events: Events,
}

/// [`scan_with`] mdBook's default extensions.
#[cfg(test)]
pub(crate) fn scan(body: &str) -> Scan {
    scan_with(body, Flags::default())
}

/// Scans `body` parsed with the book's Markdown extensions: smart punctuation changes
/// heading titles and ids, and the others what is a heading at all.
pub(crate) fn scan_with(body: &str, flags: Flags) -> Scan {
    let lines = LineIndex::new(body);
    let mut out = Scan {
        // Sized from the body, which growing by doubling would copy several times over.
        events: Events::with_capacity(body.len() / 14),
        ..Scan::default()
    };
    // Every id given out so far, with its heading's line.
    let mut seen: HashMap<String, usize> = HashMap::default();
    let mut heading: Option<(u8, Option<String>, String, usize)> = None;
    let mut block: Option<RawBlock> = None;
    for (event, range) in parser_with(body, flags).into_offset_iter() {
        if block.is_none() || !matches!(event, Event::Text(_)) {
            out.events.push(&event, range.start, body);
        }
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let (line, _) = lines.line_col(range.start);
                heading = Some((level as u8, id.map(|i| i.to_string()), String::new(), line));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, title, line)) = heading.take() {
                    let id = match explicit {
                        Some(id) => {
                            if let Some(&first) = seen.get(&id) {
                                out.repeated_ids.push((line, id.clone(), first));
                            }
                            seen.entry(id.clone()).or_insert(line);
                            id
                        }
                        None => unique(&heading_id(&title), &mut seen, line),
                    };
                    out.headings.push(Heading {
                        level,
                        id,
                        title: title.trim().to_string(),
                        line,
                    });
                }
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let kind = info.split_whitespace().next().unwrap_or("").to_string();
                if BLOCK_KINDS.contains(&kind.as_str()) {
                    let (line, _) = lines.line_col(range.start);
                    block = Some(RawBlock {
                        kind,
                        body: String::new(),
                        first_line: line + 1,
                        indent: 0,
                    });
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(mut b) = block.take() {
                    let source = lines.line(b.first_line).unwrap_or("");
                    let text = b.body.lines().next().unwrap_or("");
                    if !text.is_empty() && source.ends_with(text) {
                        b.indent = source[..source.len() - text.len()].chars().count();
                    }
                    out.blocks.push(b);
                }
            }
            Event::Text(t) => {
                if let Some(b) = block.as_mut() {
                    b.body.push_str(&t);
                } else if let Some(h) = heading.as_mut() {
                    h.2.push_str(&t);
                }
            }
            Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.2.push_str(&t);
                }
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                let (line, col) = lines.line_col(range.start);
                let len = body[range.clone()]
                    .lines()
                    .next()
                    .map(|l| l.chars().count())
                    .unwrap_or(1);
                out.links.push(RawLink {
                    dest: dest_url.to_string(),
                    line,
                    col,
                    len,
                });
            }
            _ => {}
        }
    }
    out
}

/// mdBook-style de-duplication: the second "Examples" heading becomes `examples-1`,
/// skipping any id already given (a heading "Examples 1" made `examples-1` itself).
fn unique(base: &str, seen: &mut HashMap<String, usize>, line: usize) -> String {
    let id = crate::text::free_suffix(base, 1, |id| seen.contains_key(id));
    seen.insert(id.clone(), line);
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_links_and_blocks() {
        let s = scan("# Intro\n\n## Intro\n\n## Set {#custom}\n\nSee [x](other.md#a).\n\n```dialogue\nT: hi\n```\n");
        let ids: Vec<_> = s.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["intro", "intro-1", "custom"]);
        assert_eq!(s.links[0].dest, "other.md#a");
        assert_eq!((s.links[0].line, s.links[0].col), (7, 5));
        assert_eq!(s.blocks[0].kind, "dialogue");
        assert_eq!(s.blocks[0].first_line, 10);
        assert_eq!(s.blocks[0].body, "T: hi\n");
        assert_eq!(s.blocks[0].indent, 0);
        assert!(s.repeated_ids.is_empty());
        let s =
            scan("1. item\n\n   ```dialogue\n   T: hi\n   ```\n\n> ```contrast\n> a: b\n> ```\n");
        assert_eq!((s.blocks[0].indent, s.blocks[1].indent), (3, 2));
    }

    #[test]
    fn heading_ids_follow_mdbook() {
        // As mdBook: only ASCII letters are lowered.
        let s = scan("## Using `code` & \"quotes\"\n\n## Étape 2 — L’essentiel\n\n## ???\n\n## snake_case-Name\n");
        let ids: Vec<_> = s.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "using-code--quotes",
                "Étape-2--lessentiel",
                "section",
                "snake_case-name"
            ]
        );
    }

    #[test]
    fn generated_ids_never_repeat_and_repeated_explicit_ids_are_noted() {
        let s = scan("## Overview\n\n## Overview\n\n## Overview-1\n\n## Set {#set}\n\n## Set {#set}\n\n## Set\n");
        let ids: Vec<_> = s.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "overview",
                "overview-1",
                "overview-1-1",
                "set",
                "set",
                "set-1"
            ]
        );
        assert_eq!(s.repeated_ids, [(9, "set".to_string(), 7)]);
    }
}
