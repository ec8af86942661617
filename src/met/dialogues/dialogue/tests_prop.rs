//! Property tests: `parse_dialogue` never panics, and every error it reports points
//! inside the body (line within the body, col ≥ 1), on arbitrary text and on lines
//! assembled from the dialogue syntax's own fragments (which reach far deeper paths).

use proptest::prelude::*;

use super::parse_dialogue;
use crate::model::met::codebook::Codebook;

fn check(body: &str) {
    let cb = Codebook::builtin();
    if let Err(errors) = parse_dialogue(body, &cb) {
        crate::met::errors_are_located(body, &errors).unwrap();
    }
}

const FRAGMENTS: &[&str] = &[
    "T:",
    "C:",
    "SO:",
    "or T:",
    "or ",
    "X:",
    "> ",
    ">",
    "---",
    "\n",
    "\r\n",
    " ",
    "\t",
    "{",
    "}",
    "\\{",
    "\\}",
    "{}",
    "{sr}",
    "{q}",
    "{cr, double-sided}",
    "{ct, desire}",
    "{desire}",
    "{st",
    "sr",
    "q",
    ",",
    "@",
    "@principle",
    "Hello",
    "é",
    "日本",
    "#",
    "id: a",
    "title: b",
    "stage: action",
    "stage: nope",
    "principles: [a, b]",
    "counter-example: true",
    "alternative-to: x",
    "  - item",
    ": ",
    "\"",
    "'",
    "[",
    "]",
    "&",
    "<script>",
];

proptest! {
    #[test]
    fn never_panics_on_arbitrary_text(body in "\\PC*") {
        check(&body);
    }

    #[test]
    fn never_panics_on_syntax_fragments(parts in prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60)) {
        check(&parts.concat());
    }

    #[test]
    fn never_panics_on_valid_header_and_fragment_turns(parts in prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40)) {
        check(&format!("id: a\ntitle: b\n---\n{}", parts.concat()));
    }
}
