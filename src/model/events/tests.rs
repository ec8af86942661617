use pulldown_cmark::{Options, Parser};

use super::*;

/// Every extension on, so every kind of event and tag is made.
fn parse(md: &str) -> Vec<(Event<'_>, usize)> {
    (Parser::new_ext(md, Options::all()).into_offset_iter())
        .map(|(e, r)| (e, r.start))
        .collect()
}

fn round_trip(md: &str) {
    let mut events = Events::default();
    for (e, start) in parse(md) {
        events.push(&e, start, md);
    }
    let again: Vec<_> = events.iter(md).map(|(e, r)| (e, r.start)).collect();
    assert_eq!(again, parse(md), "{md:?}");
    assert_eq!(events.len(), again.len());
}

const SAMPLES: &[&str] = &[
    "---\ntitle: x\n---\n# Heading {#id .a .b key=value flag}\n\nText with *em*, **strong**, ~~gone~~, `code`, ^sup^ and ~sub~.",
    "\"Quotes\" -- dashes... and &amp; entities &copy; \\* escapes",
    "[link](a.md#b \"title\") ![img](p.png 'alt title') <https://x.org> <intake@clinic.org> [ref][r]\n\n[r]: /target",
    "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |",
    "- [x] done\n- [ ] not\n\n3. three\n4. four\n\n4294967299. huge",
    "Term\n: definition\n\n> [!WARNING]\n> careful\n\n> plain quote",
    "Text[^n].\n\n[^n]: The note.\n\n***\n\nline  \nbreak\\\nagain",
    "```dialogue\nT: hi\n```\n\n    indented code\n\n<div>block html</div>\n\ninline <span>html</span>",
    "$x^2$ and $$\\sum$$\n\n+++\ntoml = 1\n+++",
];

#[test]
fn events_come_back_as_parsed() {
    for md in SAMPLES {
        round_trip(md);
    }
    round_trip(&SAMPLES.concat());
}

#[test]
fn strings_not_in_the_body_go_to_the_side_buffer() {
    let md = "\"Quoted\" &amp; plain";
    let mut events = Events::default();
    for (e, start) in parse(md) {
        events.push(&e, start, md);
    }
    assert!(
        !events.side.is_empty(),
        "smart quotes and entities are not in the body"
    );
    assert!(events.side.len() < md.len(), "borrowed text is not copied");
}

#[test]
fn an_event_stays_small() {
    // The events of every chapter are kept from load to render: 16 bytes keeps a
    // 5,000-chapter book's within the memory target.
    assert_eq!(std::mem::size_of::<Item>(), 16);
}
