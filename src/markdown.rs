//! The single place where pulldown-cmark's options are chosen, and the heading-slug rule,
//! so the scan pass, the render pass and the search index always agree.

use pulldown_cmark::{Options, Parser};

/// The extensions a book may switch off in book.toml (`[output.html]`), all on by
/// default as in mdBook 0.5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flags {
    /// Curly quotes, dashes and ellipses.
    pub smart_punctuation: bool,
    /// `Term` / `: definition` lists.
    pub definition_lists: bool,
    /// GitHub's `> [!NOTE]` callouts.
    pub admonitions: bool,
}

impl Default for Flags {
    fn default() -> Self {
        Flags {
            smart_punctuation: true,
            definition_lists: true,
            admonitions: true,
        }
    }
}

impl Flags {
    /// The flags as book.toml sets them (`[output.html]`), each on when unset.
    pub fn from_options(
        smart_punctuation: Option<bool>,
        definition_lists: Option<bool>,
        admonitions: Option<bool>,
    ) -> Flags {
        Flags {
            smart_punctuation: smart_punctuation.unwrap_or(true),
            definition_lists: definition_lists.unwrap_or(true),
            admonitions: admonitions.unwrap_or(true),
        }
    }
}

/// The pulldown-cmark options every reader of the book's Markdown uses, with `flags`.
pub fn options(flags: Flags) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    o.set(Options::ENABLE_DEFINITION_LIST, flags.definition_lists);
    o.set(Options::ENABLE_SMART_PUNCTUATION, flags.smart_punctuation);
    // pulldown-cmark's GFM option is exactly its blockquote tags (`[!NOTE]` …).
    o.set(Options::ENABLE_GFM, flags.admonitions);
    o
}

/// A parser with mdBook's defaults (snippets inside MET blocks, plain text for search).
pub fn parser(text: &str) -> Parser<'_> {
    parser_with(text, Flags::default())
}

/// A parser with the book's own choice of extensions (a chapter's prose).
pub fn parser_with(text: &str, flags: Flags) -> Parser<'_> {
    Parser::new_ext(text, options(flags))
}

/// Bytes that may begin markup, an entity, an escape or a smart-punctuation replacement
/// somewhere in a line, and the control characters.
const MARKUP: [bool; 128] = {
    let mut t = [false; 128];
    let mut c = 0;
    while c < 0x20 {
        t[c] = true;
        c += 1;
    }
    let special = b"\\`*_[]!<>&~$^|{}'\"\x7f";
    let mut i = 0;
    while i < special.len() {
        t[special[i] as usize] = true;
        i += 1;
    }
    t
};

/// Whether every flag setting parses `md` as one paragraph holding exactly `md` as its
/// text: one line that starts with a letter, ends with no space, and has no byte that
/// could begin markup or a replacement (nor `--` or `..`). The snippets inside MET blocks
/// (dialogue lines, notes, cells) are mostly such lines, and need no parser.
pub fn is_plain_line(md: &str) -> bool {
    let b = md.as_bytes();
    let (Some(first), Some(last)) = (b.first(), b.last()) else {
        return false;
    };
    first.is_ascii_alphabetic()
        && *last != b' '
        && b.iter().all(|&c| c >= 0x80 || !MARKUP[usize::from(c)])
        && !b.windows(2).any(|w| w == b"--" || w == b"..")
}

/// The words of a Markdown snippet without its markup (for search and tooltips).
pub fn plain_text(md: &str) -> String {
    let mut s = String::new();
    for e in parser(md) {
        match e {
            pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) => s.push_str(&t),
            pulldown_cmark::Event::SoftBreak | pulldown_cmark::Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

/// GitHub-style heading id: lowercase letters and digits kept (any script), spaces and
/// hyphens become `-`, other punctuation is dropped.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' {
            out.extend(c.to_lowercase());
        } else if (c == ' ' || c == '-') && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "section".into()
    } else {
        trimmed.to_string()
    }
}

/// A heading's id, by mdBook's rule, so anchors of a migrated book still work: letters,
/// digits, `_` and `-` kept (ASCII lowercased), each whitespace character a `-`, anything
/// else dropped. Unlike [`slug`], runs of `-` stay: `Code & "quotes"` is `code--quotes`.
pub fn heading_id(title: &str) -> String {
    let id: String = title
        .trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_ascii_lowercase())
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect();
    if id.is_empty() {
        "section".into()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_line_parses_as_one_paragraph_of_itself() {
        use pulldown_cmark::{Event, Tag, TagEnd};
        let alphabet: Vec<char> = "aZ 1.-'\"*_[]!<>&~#:@|\\`é—\u{a0}()=+%/,;?\t"
            .chars()
            .collect();
        let (mut x, mut plain) = (0x9E37_79B9_7F4A_7C15u64, 0);
        let all_off = Flags::from_options(Some(false), Some(false), Some(false));
        for _ in 0..20_000 {
            let mut md = String::from("a");
            for _ in 0..x % 12 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                md.push(alphabet[(x % alphabet.len() as u64) as usize]);
            }
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if !is_plain_line(&md) {
                continue;
            }
            plain += 1;
            for flags in [Flags::default(), all_off] {
                let events: Vec<Event> = parser_with(&md, flags).collect();
                let (first, last) = (events.first(), events.last());
                assert_eq!(first, Some(&Event::Start(Tag::Paragraph)), "{md:?}");
                assert_eq!(last, Some(&Event::End(TagEnd::Paragraph)), "{md:?}");
                let mut text = String::new();
                for e in &events[1..events.len() - 1] {
                    match e {
                        Event::Text(t) => text.push_str(t),
                        other => panic!("{md:?}: {other:?}"),
                    }
                }
                assert_eq!(text, md);
            }
        }
        assert!(plain > 2_000, "only {plain} plain lines were tried");
        for not_plain in [
            "", "1. a", "a  ", "a 'b'", "a -- b", "a... b", "a\nb", "- a", "a *b*",
        ] {
            assert!(!is_plain_line(not_plain), "{not_plain:?}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Roll with Resistance"), "roll-with-resistance");
        assert_eq!(
            slug("What the ME therapist does *not* do?"),
            "what-the-me-therapist-does-not-do"
        );
        assert_eq!(slug("Reflexión compleja"), "reflexión-compleja");
        assert_eq!(slug("!!!"), "section");
    }
}
