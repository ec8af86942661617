//! Turn lines after the `---`: `KEY: …` turns, `or T: …` alternatives, `> …` notes,
//! blank lines. Also the MITI per-turn rules (at most one Question and one reflection
//! per therapist turn), which need every utterance of the turn.

use super::super::BlockError;
use super::utterance::{parse_utterances, CodeAt};
use crate::model::met::codebook::{Codebook, Role};
use crate::model::met::dialogue::Turn;
use crate::text::closest;

/// Does this line start like a turn of a known speaker? (Used to guess where the header
/// ends when the `---` line is missing.)
pub(super) fn looks_like_turn(line: &str, cb: &Codebook) -> bool {
    let chars: Vec<char> = line.chars().collect();
    let mut p = skip_ws(&chars, 0);
    if let Some(q) = after_or(&chars, p) {
        p = q;
    }
    speaker_token(&chars, p).is_some_and(|(tok, _)| cb.speaker(&tok).is_some())
}

/// `offset` = number of body lines above `lines`.
pub(super) fn parse(
    lines: &[&str],
    offset: usize,
    cb: &Codebook,
    errors: &mut Vec<BlockError>,
) -> Vec<Turn> {
    let mut turns: Vec<Turn> = Vec::new();
    let mut note_open = false;
    for (i, raw) in lines.iter().enumerate() {
        let ln = offset + i + 1;
        let chars: Vec<char> = raw.chars().collect();
        let p = skip_ws(&chars, 0);
        if p == chars.len() {
            note_open = false;
            continue;
        }
        if chars[p] == '>' {
            let text: String = chars[p + 1..].iter().collect::<String>().trim().to_string();
            match turns.last_mut() {
                None => errors.push(BlockError::new(ln, p + 1, chars.len() - p, "commentary before any turn",
                    "a `>` line comments on the turn just above it: move it below the turn it is about")),
                Some(_) if text.is_empty() => note_open = false,
                Some(t) if note_open => {
                    let last = t.notes.last_mut().expect("note_open implies a note");
                    last.push('\n');
                    last.push_str(&text);
                }
                Some(t) => {
                    t.notes.push(text);
                    note_open = true;
                }
            }
            continue;
        }
        note_open = false;
        if let Some(t) = parse_turn(&chars, p, ln, cb, !turns.is_empty(), errors) {
            turns.push(t);
        }
    }
    turns
}

fn parse_turn(
    chars: &[char],
    p0: usize,
    ln: usize,
    cb: &Codebook,
    has_prev: bool,
    errors: &mut Vec<BlockError>,
) -> Option<Turn> {
    let rest_len = |from: usize| {
        chars[from..]
            .iter()
            .collect::<String>()
            .trim_end()
            .chars()
            .count()
    };
    let alt_at = after_or(chars, p0);
    let p = alt_at.unwrap_or(p0);
    let Some((tok, colon)) = speaker_token(chars, p) else {
        let (message, help) = if alt_at.is_some() {
            (
                "`or` must be followed by a speaker",
                "write an alternative therapist response as `or T: …`".to_string(),
            )
        } else if chars[p] == '#' {
            ("this line has no speaker", "comments are not supported in dialogues; write commentary on a `> …` line below the turn".to_string())
        } else {
            ("this line has no speaker", format!(
                "start each turn with a speaker and a colon ({}); keep a whole turn on one line, and start commentary lines with >",
                speaker_list(cb)))
        };
        errors.push(BlockError::new(ln, p + 1, rest_len(p), message, help));
        return None;
    };
    let tok_len = colon - p;
    let Some(speaker) = cb.speaker(&tok) else {
        let by_label = cb
            .speakers()
            .iter()
            .find(|s| s.label.eq_ignore_ascii_case(&tok))
            .map(|s| s.key.as_str());
        let dym = by_label.or_else(|| closest(&tok, cb.speakers().iter().map(|s| s.key.as_str())));
        let dym = dym
            .map(|k| format!("did you mean `{k}:`? "))
            .unwrap_or_default();
        errors.push(BlockError::new(
            ln,
            p + 1,
            tok_len,
            format!("unknown speaker `{tok}`"),
            format!(
                "{dym}speakers are {} (a book can add speakers in its codebook.yml)",
                speaker_list(cb)
            ),
        ));
        return None;
    };
    let is_alt = alt_at.is_some();
    if is_alt && speaker.role != Role::Therapist {
        errors.push(BlockError::new(ln, p0 + 1, 2, "only therapist responses can have alternatives",
            format!("`or` offers another therapist response to the same client statement; write `{}:` without `or` for an ordinary turn", speaker.key)));
    }
    if is_alt && !has_prev {
        errors.push(BlockError::new(
            ln,
            p0 + 1,
            2,
            "an alternative response needs a turn above it",
            "put `or T: …` right after the therapist turn it replaces",
        ));
    }
    let (utterances, coded) = parse_utterances(chars, colon + 1, ln, speaker.role, cb, errors);
    if utterances.is_empty() && !chars[colon + 1..].iter().any(|c| !c.is_whitespace()) {
        errors.push(BlockError::new(
            ln,
            p + 1,
            tok_len + 1,
            "this turn has no text",
            format!(
                "write what {} says after the colon, or delete the line",
                speaker.label
            ),
        ));
    }
    if speaker.role == Role::Therapist {
        miti_turn_rules(&coded, cb, ln, errors);
    }
    Some(Turn {
        speaker: speaker.key.clone(),
        role: speaker.role,
        is_alternative: is_alt,
        line: ln,
        utterances,
        notes: Vec::new(),
    })
}

/// MITI 4.2.1: code at most one Question and one reflection per turn (a turn is complex
/// if any of its reflections is). The second one is flagged.
fn miti_turn_rules(coded: &[CodeAt], cb: &Codebook, ln: usize, errors: &mut Vec<BlockError>) {
    let (mut questions, mut reflections) = (0, 0);
    for c in coded {
        let Some(code) = cb.lookup(&c.id) else {
            continue;
        };
        if code.flags.question {
            questions += 1;
            if questions == 2 {
                errors.push(BlockError::new(ln, c.col, c.len, "more than one Question in one therapist turn",
                    format!("MITI 4.2.1 codes at most one Question per turn: keep `{}` on one utterance and mark the others `{{}}` (uncoded)", code.id)));
            }
        }
        if code.flags.reflection.is_some() {
            reflections += 1;
            if reflections == 2 {
                errors.push(BlockError::new(ln, c.col, c.len, "more than one reflection in one therapist turn",
                    "MITI 4.2.1 codes at most one reflection per turn, and the turn counts as complex if any part is: \
                     keep a single `sr` or `cr` (`cr` if any of them is complex) and mark the others `{}` (uncoded)"));
            }
        }
    }
}

fn speaker_list(cb: &Codebook) -> String {
    cb.speakers()
        .iter()
        .map(|s| format!("{}: for {}", s.key, s.label))
        .collect::<Vec<_>>()
        .join(", ")
}

fn skip_ws(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() && chars[i].is_whitespace() {
        i += 1;
    }
    i
}

/// If the line continues with the word `or` and whitespace, the index after them.
fn after_or(chars: &[char], p: usize) -> Option<usize> {
    let is_or = chars.len() > p + 2
        && chars[p].eq_ignore_ascii_case(&'o')
        && chars[p + 1].eq_ignore_ascii_case(&'r')
        && chars[p + 2].is_whitespace();
    is_or.then(|| skip_ws(chars, p + 2))
}

/// A word of letters/digits/`-`/`_` directly followed by `:` → (word, index of colon).
fn speaker_token(chars: &[char], p: usize) -> Option<(String, usize)> {
    let mut q = p;
    while q < chars.len() && (chars[q].is_alphanumeric() || chars[q] == '-' || chars[q] == '_') {
        q += 1;
    }
    (q > p && q < chars.len() && chars[q] == ':').then(|| (chars[p..q].iter().collect(), q))
}
