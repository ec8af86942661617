//! SUMMARY.md in mdBook's syntax: an optional title, prefix chapters, `# Part` titles,
//! nested numbered chapters, `---` separators, suffix chapters and draft entries `[Title]()`.
//! Parsed from pulldown-cmark events (not line regexes) so any valid Markdown list form works.

use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, Kind, LineIndex};

/// SUMMARY.md, parsed: its title and its entries in order.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// The `# Title` line, when there is one.
    pub title: Option<String>,
    /// The top-level entries, in order.
    pub items: Vec<SummaryItem>,
}

/// One entry of SUMMARY.md.
#[derive(Debug, Clone)]
pub enum SummaryItem {
    /// A chapter link, with the chapters nested under it.
    Link(SummaryLink),
    /// A part title (`# Part`), grouping the numbered chapters after it.
    Part(String),
    /// A `---` line.
    Separator,
}

/// A chapter entry: `[Title](path.md)` or a draft `[Title]()`.
#[derive(Debug, Clone)]
pub struct SummaryLink {
    /// The link text.
    pub title: String,
    /// Path relative to the source dir; `None` marks a draft entry.
    pub path: Option<String>,
    /// "1.2." for numbered chapters, `None` for prefix and suffix chapters.
    pub number: Option<String>,
    /// 1-based line of the link in SUMMARY.md.
    pub line: usize,
    /// 1-based column of the link.
    pub col: usize,
    /// Whether it is a list item (numbered chapter) rather than a prefix or suffix chapter.
    pub numbered: bool,
    /// The entries nested under it.
    pub children: Vec<SummaryItem>,
}

#[derive(PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
enum Section {
    Prefix,
    Numbered,
    Suffix,
}

struct PendingLink {
    dest: String,
    title: String,
    line: usize,
    col: usize,
}

/// Parses SUMMARY.md as mdBook does; every problem found, located in `file`.
pub fn parse(text: &str, file: &Path) -> Result<Summary, Vec<Diagnostic>> {
    let lines = LineIndex::new(text);
    let mut summary = Summary::default();
    let mut errors = Vec::new();
    // One Vec per open list level; index 0 collects the top level.
    let mut stack: Vec<Vec<SummaryItem>> = vec![Vec::new()];
    let mut list_depth = 0usize;
    let mut section = Section::Prefix;
    let mut link: Option<PendingLink> = None;
    let mut heading: Option<(String, usize, usize)> = None;
    let mut item_has_link: Vec<bool> = Vec::new();
    let mut item_start: Vec<usize> = Vec::new();

    for (event, range) in Parser::new(text).into_offset_iter() {
        let (line, col) = lines.line_col(range.start);
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => {
                heading = Some((String::new(), line, col));
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                if let Some((title, _, _)) = heading.take() {
                    let title = title.trim().to_string();
                    if summary.title.is_none() && stack[0].is_empty() && section == Section::Prefix
                    {
                        summary.title = Some(title);
                    } else {
                        if section == Section::Suffix {
                            errors.push(Diagnostic::error(Kind::Summary, file, line, col, "a part title comes after the suffix chapters")
                                .help("move `# Part` titles above the closing chapters, which must come last"));
                        }
                        stack[0].push(SummaryItem::Part(title));
                        section = Section::Numbered;
                    }
                }
            }
            Event::Start(Tag::List(_)) => {
                if list_depth == 0 && section == Section::Suffix {
                    errors.push(Diagnostic::error(Kind::Summary, file, line, col, "a numbered chapter list comes after the suffix chapters")
                        .help("suffix chapters (links outside a list) must come after every list item; move them to the end"));
                }
                let rest = &text[range.start..];
                let indent = rest.len() - rest.trim_start_matches([' ', '\t']).len();
                if list_depth == 0
                    && section == Section::Prefix
                    && (indent > 0 || col > 1)
                    && matches!(stack[0].last(), Some(SummaryItem::Link(l)) if !l.numbered)
                {
                    errors.push(Diagnostic::error(Kind::Summary, file, line, col + indent, "this list is indented under a prefix chapter, but prefix chapters cannot have sub-chapters")
                        .help("start the numbered chapter list at the left margin, or make the prefix chapter a list item (`- [Title](file.md)`) so it can have sub-chapters"));
                }
                if list_depth > 0 {
                    stack.push(Vec::new());
                }
                list_depth += 1;
                section = section.max(Section::Numbered);
            }
            Event::End(TagEnd::List(_)) => {
                list_depth -= 1;
                if list_depth > 0 {
                    let children = stack.pop().unwrap_or_default();
                    let parent = stack
                        .last_mut()
                        .and_then(|v| v.iter_mut().rev().find_map(as_link));
                    match parent {
                        Some(p) => p.children.extend(children),
                        None => stack.last_mut().unwrap().extend(children),
                    }
                }
            }
            Event::Start(Tag::Item) => {
                item_has_link.push(false);
                item_start.push(range.start);
            }
            Event::End(TagEnd::Item) => {
                let had = item_has_link.pop().unwrap_or(true);
                let start = item_start.pop().unwrap_or(range.start);
                if !had {
                    let (l, c) = lines.line_col(start);
                    errors.push(Diagnostic::error(Kind::Summary, file, l, c, "this list entry has no chapter link")
                        .len(text[start..range.end].lines().next().unwrap_or("").chars().count())
                        .help("write each entry as `- [Chapter title](file.md)`, or `- [Title]()` for a chapter not written yet"));
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(h) = item_has_link.last_mut() {
                    *h = true;
                }
                link = Some(PendingLink {
                    dest: dest_url.to_string(),
                    title: String::new(),
                    line,
                    col,
                });
            }
            Event::End(TagEnd::Link) => {
                if let Some(p) = link.take() {
                    if list_depth == 0 && section == Section::Numbered {
                        section = Section::Suffix;
                    }
                    let path = decode_path(&p.dest);
                    stack
                        .last_mut()
                        .unwrap()
                        .push(SummaryItem::Link(SummaryLink {
                            title: p.title.trim().to_string(),
                            path,
                            number: None,
                            numbered: list_depth > 0,
                            line: p.line,
                            col: p.col,
                            children: Vec::new(),
                        }));
                }
            }
            Event::Rule => stack[0].push(SummaryItem::Separator),
            Event::Text(t) | Event::Code(t) => {
                if let Some(p) = link.as_mut() {
                    p.title.push_str(&t);
                } else if let Some(h) = heading.as_mut() {
                    h.0.push_str(&t);
                }
            }
            _ => {}
        }
    }
    summary.items = stack.into_iter().next().unwrap_or_default();
    number_items(&mut summary.items, &mut Vec::new());
    if errors.is_empty() {
        Ok(summary)
    } else {
        Err(errors)
    }
}

fn as_link(item: &mut SummaryItem) -> Option<&mut SummaryLink> {
    match item {
        SummaryItem::Link(l) => Some(l),
        _ => None,
    }
}

/// Percent-decodes spaces etc. in a chapter path; an empty destination is a draft.
fn decode_path(dest: &str) -> Option<String> {
    let dest = dest.trim();
    (!dest.is_empty()).then(|| crate::text::percent_decode(dest))
}

/// Numbers the chapters inside lists as mdBook does: 1., 1.1., … continuing across parts.
fn number_items(items: &mut [SummaryItem], prefix: &mut Vec<u32>) {
    let mut n = 0;
    for item in items.iter_mut() {
        if let SummaryItem::Link(l) = item {
            if !l.numbered {
                continue;
            }
            n += 1;
            prefix.push(n);
            l.number = Some(prefix.iter().map(|x| format!("{x}.")).collect());
            number_items(&mut l.children, prefix);
            prefix.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(s: &str) -> Summary {
        parse(s, Path::new("SUMMARY.md")).unwrap()
    }

    #[test]
    fn every_mdbook_feature() {
        let s = parse_ok("# Summary\n\n[Intro](intro.md)\n\n# Part one\n\n- [A](a.md)\n  - [A1](a1.md)\n- [Draft]()\n\n---\n\n# Part two\n\n- [B](b.md)\n\n[Appendix](appendix.md)\n");
        assert_eq!(s.title.as_deref(), Some("Summary"));
        let kinds: Vec<String> = s
            .items
            .iter()
            .map(|i| match i {
                SummaryItem::Link(l) => {
                    format!("{}:{}", l.title, l.number.clone().unwrap_or_default())
                }
                SummaryItem::Part(p) => format!("#{p}"),
                SummaryItem::Separator => "---".into(),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "Intro:",
                "#Part one",
                "A:1.",
                "Draft:2.",
                "---",
                "#Part two",
                "B:3.",
                "Appendix:"
            ]
        );
        let SummaryItem::Link(a) = &s.items[2] else {
            panic!()
        };
        let SummaryItem::Link(a1) = &a.children[0] else {
            panic!()
        };
        assert_eq!(
            (a1.title.as_str(), a1.number.as_deref(), a1.line),
            ("A1", Some("1.1."), 8)
        );
        let SummaryItem::Link(d) = &s.items[3] else {
            panic!()
        };
        assert!(d.path.is_none());
    }

    #[test]
    fn entry_without_link_is_located() {
        let e = parse("# S\n\n- [A](a.md)\n- just text\n", Path::new("SUMMARY.md")).unwrap_err();
        assert_eq!((e[0].line, e[0].col), (4, 1));
    }

    #[test]
    fn percent_encoded_paths() {
        let s = parse_ok("- [A](my%20chapter.md)\n");
        let SummaryItem::Link(a) = &s.items[0] else {
            panic!()
        };
        assert_eq!(a.path.as_deref(), Some("my chapter.md"));
    }
}
