//! Parser tests on malformed dialogues: every error, with its exact position (body line,
//! 1-based char column, length) and the gist of its message and help.

use super::super::BlockError;
use super::parse_dialogue;
use crate::model::met::codebook::Codebook;

fn errors(body: &str) -> Vec<BlockError> {
    parse_dialogue(body, &Codebook::builtin()).expect_err("should fail")
}

/// Exactly one error for a turn line placed at body line 4.
fn turn_err(line: &str) -> BlockError {
    let e = errors(&format!("id: d\ntitle: t\n---\n{line}\n"));
    assert_eq!(e.len(), 1, "{line:?} → {e:#?}");
    e.into_iter().next().unwrap()
}

fn at(e: &BlockError, line: usize, col: usize, len: usize, msg: &str) {
    assert_eq!((e.line, e.col, e.len), (line, col, len), "{e:#?}");
    assert!(
        e.message.contains(msg),
        "message {:?} lacks {msg:?}",
        e.message
    );
    assert!(!e.help.is_empty(), "every error has a help");
}

#[test]
fn unknown_code_suggests_and_lists() {
    let e = turn_err("T: Hi there. {sx}");
    at(&e, 4, 15, 2, "unknown code \"sx\"");
    assert!(
        e.help.starts_with(
            "did you mean \"sr\" (Simple Reflection)? Known therapist codes: gi, persuade,"
        ),
        "{}",
        e.help
    );
    let e = turn_err("T: You must stop. {PERS}");
    assert!(
        e.help.contains("did you mean \"persuade\""),
        "badge text suggests the id: {}",
        e.help
    );
    let e = turn_err("C: Fine. {xt}");
    assert!(e.help.contains("Known client codes: ct, st"), "{}", e.help);
}

#[test]
fn code_on_the_wrong_side() {
    at(
        &turn_err("C: I drink. {sr}"),
        4,
        14,
        2,
        "`sr` (Simple Reflection) is a therapist code",
    );
    at(
        &turn_err("T: Good. {ct}"),
        4,
        11,
        2,
        "is a client code, but this is a therapist turn",
    );
    at(&turn_err("C: x {reframe}"), 4, 7, 7, "is a therapist code");
    at(
        &turn_err("SO: He should stop. {q}"),
        4,
        22,
        1,
        "is a therapist code",
    );
}

#[test]
fn client_code_rules() {
    let e = turn_err("C: I want to. {desire}");
    at(&e, 4, 16, 6, "`desire` needs `ct` or `st`");
    assert!(e.help.contains("{ct, desire}"));
    at(
        &turn_err("C: x {ct, st}"),
        4,
        11,
        2,
        "both change talk and sustain talk",
    );
    at(&turn_err("T: x {sr, SR}"), 4, 11, 2, "listed twice");
}

#[test]
fn miti_one_question_and_one_reflection_per_turn() {
    let e = turn_err("T: Why? {q} And how? {q}");
    at(&e, 4, 23, 1, "more than one Question");
    assert!(e.help.contains("MITI 4.2.1"));
    let e = turn_err("T: a {sr} b {cr}");
    at(&e, 4, 14, 2, "more than one reflection");
    assert!(e.help.contains("complex"));
    // Alternatives are separate turns: each may have its own question.
    assert!(parse_dialogue(
        "id: d\ntitle: t\n---\nT: a? {q}\nor T: b? {q}\n",
        &Codebook::builtin()
    )
    .is_ok());
}

#[test]
fn braces_and_text() {
    at(&turn_err("T: {sr}"), 4, 4, 4, "no text before them");
    at(&turn_err("T: Hi {sr}{q}"), 4, 11, 3, "no text before them");
    at(&turn_err("T: Hi {sr"), 4, 7, 1, "`{` is not closed");
    at(
        &turn_err("T: Hi {sr What now? {q}"),
        4,
        7,
        1,
        "`{` is not closed",
    );
    at(
        &turn_err("T: Hi } there {sr}"),
        4,
        7,
        1,
        "`}` has no matching `{`",
    );
    let e = turn_err("T: Hi. {sr} And then");
    at(&e, 4, 13, 8, "text after the last code");
    assert!(e.help.contains("{}"));
    at(&turn_err("T: x {sr q}"), 4, 7, 4, "`sr q` is not a code");
    let e = turn_err("T: x {simple reflection}");
    assert!(e.help.contains("`sr`"), "{}", e.help);
    at(&turn_err("T: x {@}"), 4, 7, 1, "is not a link");
    at(&turn_err("T:"), 4, 1, 2, "this turn has no text");
    at(&turn_err("T:    "), 4, 1, 2, "this turn has no text");
}

#[test]
fn speakers_and_line_kinds() {
    let e = turn_err("Hello there");
    at(&e, 4, 1, 11, "this line has no speaker");
    assert!(e.help.contains("T: for Therapist"), "{}", e.help);
    let e = turn_err("  # a comment");
    at(&e, 4, 3, 11, "no speaker");
    assert!(e.help.contains("comments are not supported"));
    let e = turn_err("Therapist: Hi.");
    at(&e, 4, 1, 9, "unknown speaker `Therapist`");
    assert!(e.help.starts_with("did you mean `T:`?"), "{}", e.help);
    at(
        &turn_err("or hi"),
        4,
        4,
        2,
        "`or` must be followed by a speaker",
    );
    at(&turn_err("or T: first"), 4, 1, 2, "needs a turn above it");
    at(&turn_err("> a note"), 4, 1, 8, "commentary before any turn");
    let e = errors("id: d\ntitle: t\n---\nC: hi {ct}\nor C: bye {st}\n");
    at(
        &e[0],
        5,
        1,
        2,
        "only therapist responses can have alternatives",
    );
}

#[test]
fn header_errors() {
    at(&errors("title: t\n---\nT: x\n")[0], 1, 1, 0, "no `id`");
    at(&errors("id: a\n---\nT: x\n")[0], 1, 1, 0, "no `title`");
    let e = errors("id: a\ntitle: b\ncounter_example: true\n---\nT: x\n");
    at(&e[0], 3, 1, 15, "unknown header key `counter_example`");
    assert!(e[0].help.starts_with("did you mean `counter-example`?"));
    let e = errors("id: a\ntitle: b\nstage: precontemplative\n---\nT: x\n");
    at(&e[0], 3, 8, 16, "unknown stage \"precontemplative\"");
    assert!(e[0].help.contains("did you mean \"precontemplation\""));
    at(
        &errors("id: a\ntitle: b\ncounter-example: maybe\n---\nT: x\n")[0],
        3,
        18,
        5,
        "true or false",
    );
    at(
        &errors("id: My Dialogue\ntitle: b\n---\nT: x\n")[0],
        1,
        5,
        11,
        "`id` must be an id",
    );
    at(
        &errors("id: a\ntitle: b\nalternative-to: a\n---\nT: x\n")[0],
        3,
        17,
        1,
        "alternative to itself",
    );
    at(
        &errors("id: a\ntitle: b\nprinciples: {x: y}\n---\nT: x\n")[0],
        3,
        1,
        10,
        "must be a list",
    );
    at(
        &errors("id: a\ntitle: \"\"\n---\nT: x\n")[0],
        2,
        1,
        5,
        "`title` must be some text",
    );
    let e = errors("id: a\ntitle: Session 1: intake\n---\nT: x\n");
    assert_eq!(
        e.len(),
        1,
        "a broken header reports only the YAML error: {e:#?}"
    );
    assert_eq!(e[0].line, 2);
    assert!(e[0].help.contains("in quotes"), "{}", e[0].help);
    // A leading `---` shifts the header down one line.
    at(
        &errors("---\nid: a\nstage: x\ntitle: b\n---\nT: x\n")[0],
        3,
        8,
        1,
        "unknown stage",
    );
}

#[test]
fn block_structure_errors() {
    let e = errors("id: a\ntitle: b\nT: hi {sr}\nT: x {zz}\n");
    assert_eq!(e.len(), 2, "{e:#?}");
    at(&e[0], 3, 1, 0, "no `---` line");
    at(&e[1], 4, 7, 2, "unknown code \"zz\"");
    at(&errors("id: a\ntitle: b\n---\n\n")[0], 3, 1, 3, "no turns");
}

#[test]
fn all_errors_are_collected_in_order() {
    let body = "id: a\ntitle: b\nbogus: 1\n---\nT: a {sx}\nWho: b\nC: c {sr} d {desire}\n> fine\nT: e? {q} f? {q}\n";
    let e = errors(body);
    let pos: Vec<(usize, usize)> = e.iter().map(|e| (e.line, e.col)).collect();
    assert_eq!(
        pos,
        [(3, 1), (5, 7), (6, 1), (7, 7), (7, 14), (9, 15)],
        "{e:#?}"
    );
}

#[test]
fn global_ratings_are_checked_and_located() {
    let cb = Codebook::builtin();
    let ok = "id: d\ntitle: t\nglobal-ratings: {cultivating-change-talk: 4, softening-sustain-talk: 3, partnership: 5, empathy: 4}\n---\nT: hi {gi}\n";
    let d = parse_dialogue(ok, &cb).unwrap();
    let g = d.global_ratings.unwrap();
    assert_eq!((g.technical(), g.relational()), (3.5, 4.5));
    for bad in [
        "global-ratings: {cultivating-change-talk: 6, softening-sustain-talk: 3, partnership: 5, empathy: 4}",
        "global-ratings: {cultivating-change-talk: 4, partnership: 5, empathy: 4}",
        "global-ratings: {cultivating: 4, softening-sustain-talk: 3, partnership: 5, empathy: 4}",
        "global-ratings: 4",
    ] {
        let body = format!("id: d\ntitle: t\n{bad}\n---\nT: hi {{gi}}\n");
        let e = parse_dialogue(&body, &cb).unwrap_err();
        assert_eq!(e[0].line, 3, "{bad}: {e:?}");
        assert!(e[0].help.contains("MITI"), "{bad}: {e:?}");
    }
}

#[test]
fn practice_is_a_yes_or_no() {
    let cb = Codebook::builtin();
    let d = parse_dialogue("id: d\ntitle: t\npractice: true\n---\nT: hi {gi}\n", &cb).unwrap();
    assert!(d.practice);
    let e = parse_dialogue("id: d\ntitle: t\npractice: often\n---\nT: hi {gi}\n", &cb).unwrap_err();
    assert_eq!(e[0].line, 3, "{e:?}");
}
