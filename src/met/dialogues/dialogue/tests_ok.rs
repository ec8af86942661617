//! Parser tests on well-formed dialogues: the whole syntax of SPEC.md "Dialogue block".

use super::*;
use crate::model::met::codebook::{Codebook, Role};
use crate::model::met::dialogue::{Located, Stage};

pub(super) const SPEC_EXAMPLE: &str = r#"id: dlg-wife-worried
title: "It's my wife's problem"
stage: precontemplation        # a YAML comment in the header is fine
principles: [roll-with-resistance, express-empathy]
counter-example: false
alternative-to: dlg-other-id
---
C: I'm only here because my wife made me come. {st}
T: Coming here wasn't your idea. {sr}
> A simple reflection: no argument, no agreement, just the client's meaning.
C: She thinks I drink too much, but she exaggerates. {st}
T: She's worried, and you see it differently. {cr, double-sided} What do you make of her worry? {q}
or T: You need to listen to her, you're drinking too much. {confront}
> The alternative meets resistance head-on and is coded Confront.
SO: I just want him healthy. {}
"#;

fn parse(body: &str) -> Dialogue {
    parse_dialogue(body, &Codebook::builtin()).unwrap_or_else(|e| panic!("{e:#?}"))
}

fn loc(value: &str, line: usize, col: usize) -> Located<String> {
    Located {
        value: value.into(),
        line,
        col,
        len: value.chars().count(),
    }
}

#[test]
fn spec_example() {
    let d = parse(SPEC_EXAMPLE);
    assert_eq!(d.id, loc("dlg-wife-worried", 1, 5));
    assert_eq!(d.title, "It's my wife's problem");
    assert_eq!(d.stage, Some(Stage::Precontemplation));
    assert_eq!(
        d.principles,
        vec![
            loc("roll-with-resistance", 4, 14),
            loc("express-empathy", 4, 36)
        ]
    );
    assert!(!d.counter_example);
    assert_eq!(d.alternative_to, Some(loc("dlg-other-id", 6, 17)));
    assert_eq!(d.turns.len(), 6);
    let t = &d.turns[3];
    assert_eq!(
        (t.speaker.as_str(), t.role, t.line, t.is_alternative),
        ("T", Role::Therapist, 12, false)
    );
    assert_eq!(t.utterances.len(), 2);
    assert_eq!(
        t.utterances[0].text,
        "She's worried, and you see it differently."
    );
    assert_eq!(t.utterances[0].codes, ["cr", "double-sided"]);
    assert_eq!(t.utterances[1].text, "What do you make of her worry?");
    assert_eq!((t.utterances[1].line, t.utterances[1].col), (12, 66));
    assert_eq!(t.utterances[1].codes, ["q"]);
    assert_eq!(
        d.turns[1].notes,
        ["A simple reflection: no argument, no agreement, just the client's meaning."]
    );
    let alt = &d.turns[4];
    assert!(alt.is_alternative);
    assert_eq!(alt.utterances[0].codes, ["confront"]);
    assert_eq!(alt.notes.len(), 1);
    let so = &d.turns[5];
    assert_eq!((so.speaker.as_str(), so.role), ("SO", Role::Other));
    assert!(
        so.utterances[0].codes.is_empty(),
        "{{}} = explicitly uncoded"
    );
}

#[test]
fn syntax_details() {
    let body = "id: d1\ntitle: 1984\nstage: Determination\nprinciples:\n  - develop-discrepancy\n  - support-self-efficacy\ncounter-example: true\n---\n\
                \n\
                t: Hello, I'm glad you came.\n\
                C: I want to cut down {CT, Desire} but not yet. {st}\n\
                T: You're torn. {CR, @develop-discrepancy, @dlg-x} Literal \\{braces\\} here {}\n\
                > First line of a note\n\
                > continues here.\n\
                >\n\
                > Second note.\n\
                \n\
                or   T: Have you thought about quitting? {q}\n\
                \x20\x20SO: He did try last month. {ct,}\n";
    let d = parse(body);
    assert_eq!(d.title, "1984", "numeric titles become text");
    assert_eq!(d.stage, Some(Stage::Determination));
    assert_eq!(
        d.principles,
        vec![
            loc("develop-discrepancy", 5, 5),
            loc("support-self-efficacy", 6, 5)
        ]
    );
    assert!(d.counter_example);
    let t0 = &d.turns[0];
    assert_eq!((t0.speaker.as_str(), t0.line), ("T", 10));
    assert_eq!(t0.utterances[0].text, "Hello, I'm glad you came.");
    assert!(
        t0.utterances[0].codes.is_empty(),
        "no braces = one uncoded utterance"
    );
    let c = &d.turns[1];
    assert_eq!(
        c.utterances[0].codes,
        ["ct", "desire"],
        "ids are canonical lowercase"
    );
    assert_eq!(c.utterances[1].text, "but not yet.");
    let t = &d.turns[2];
    assert_eq!(t.utterances[0].codes, ["cr"]);
    assert_eq!(
        t.utterances[0].links,
        vec![loc("develop-discrepancy", 12, 23), loc("dlg-x", 12, 45)]
    );
    assert_eq!(t.utterances[1].text, "Literal {braces} here");
    assert_eq!(
        t.notes,
        ["First line of a note\ncontinues here.", "Second note."]
    );
    let alt = &d.turns[3];
    assert!(alt.is_alternative);
    assert_eq!(alt.line, 18);
    assert_eq!(
        d.turns[4].utterances[0].codes,
        ["ct"],
        "a trailing comma is harmless"
    );
    assert_eq!(d.turns[4].utterances[0].col, 7);
}

#[test]
fn leading_front_matter_fence_and_crlf() {
    let d = parse("---\r\nid: a\r\ntitle: T\r\n---\r\nC: hi {ct}\r\n");
    assert_eq!(d.id, loc("a", 2, 5));
    assert_eq!(d.turns[0].line, 5);
    assert_eq!(d.turns[0].utterances[0].text, "hi");
}

#[test]
fn custom_speakers_from_codebook() {
    let mut cb = Codebook::builtin();
    cb.extend_from_yaml("speakers: {T: Terapeuta, P: {label: Pareja, role: other}, CO: {label: Co-terapeuta, role: therapist}}").unwrap();
    let d = parse_dialogue(
        "id: a\ntitle: b\n---\nP: Yo quiero {ct}\nCO: Le preocupa. {sr}\nor CO: ¿Y usted? {q}\n",
        &cb,
    )
    .unwrap();
    assert_eq!(d.turns[0].speaker, "P");
    assert_eq!(d.turns[1].role, Role::Therapist);
    assert!(d.turns[2].is_alternative);
}
