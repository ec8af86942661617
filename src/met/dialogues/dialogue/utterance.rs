//! The text of one turn split into utterances (`text {codes}` …) and the checks on each
//! utterance's codes: known code, right side (therapist vs client), subtype needs ct/st,
//! no duplicates. `@id` entries become located links.

use super::super::BlockError;
use crate::model::met::codebook::{CodeGroup, Codebook, Role, Talk};
use crate::model::met::dialogue::Located;
use crate::model::met::dialogue::Utterance;
use crate::text::closest;

/// A known code with where it was written, for the per-turn MITI rules.
pub(super) struct CodeAt {
    pub id: String,
    pub col: usize,
    pub len: usize,
}

/// Parses `chars[start..]` (the text after `KEY:`). Returns the utterances and every
/// known code in order with its position.
pub(super) fn parse_utterances(
    chars: &[char],
    start: usize,
    ln: usize,
    role: Role,
    cb: &Codebook,
    errors: &mut Vec<BlockError>,
) -> (Vec<Utterance>, Vec<CodeAt>) {
    let (mut utts, mut all) = (Vec::new(), Vec::new());
    let mut text = String::new();
    let mut text_start: Option<usize> = None;
    let mut any_brace = false;
    // After an unclosed `{` the words before the next `{…}` were swallowed: do not also
    // report those next codes as having no text.
    let mut recovering = false;
    let n = chars.len();
    let mut i = start;
    while i < n {
        let c = chars[i];
        // `\{` and `\}` write a literal brace.
        if c == '\\' && i + 1 < n && (chars[i + 1] == '{' || chars[i + 1] == '}') {
            text_start.get_or_insert(i);
            text.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if c == '}' {
            any_brace = true;
            errors.push(BlockError::new(ln, i + 1, 1, "`}` has no matching `{`",
                "codes are written inside a pair of braces after the words, e.g. `Coming here wasn't your idea. {sr}`; to show a literal brace write \\}"));
            i += 1;
            continue;
        }
        if c != '{' {
            if !c.is_whitespace() {
                text_start.get_or_insert(i);
            }
            text.push(c);
            i += 1;
            continue;
        }
        // `[words]{.no-gloss}` is Markdown in the words, not codes.
        if i > start && chars[i - 1] == ']' && chars.get(i + 1) == Some(&'.') {
            if let Some(len) = chars[i..].iter().position(|&c| c == '}') {
                text.extend(&chars[i..=i + len]);
                i += len + 1;
                continue;
            }
        }
        any_brace = true;
        let mut j = i + 1;
        while j < n && chars[j] != '}' && chars[j] != '{' {
            j += 1;
        }
        if j == n || chars[j] == '{' {
            errors.push(BlockError::new(
                ln,
                i + 1,
                1,
                "`{` is not closed",
                "close the codes with `}`, e.g. {sr}; to show a literal brace write \\{",
            ));
            text.clear();
            text_start = None;
            recovering = true;
            i = j;
            continue;
        }
        let trimmed = text.trim();
        let swallowed = std::mem::take(&mut recovering);
        if trimmed.is_empty() && !swallowed {
            errors.push(BlockError::new(ln, i + 1, j - i + 1, "these codes have no text before them",
                "put the codes right after the words they code; to give one utterance several codes, list them in one pair of braces, e.g. {cr, double-sided}"));
        } else if !trimmed.is_empty() {
            let (codes, links) = parse_codes(chars, i + 1, j, ln, role, cb, errors, &mut all);
            let col = text_start.map_or(i + 1, |s| s + 1);
            utts.push(Utterance {
                text: trimmed.to_string(),
                codes,
                links,
                line: ln,
                col,
            });
        }
        text.clear();
        text_start = None;
        i = j + 1;
    }
    let rest = text.trim();
    if !rest.is_empty() {
        let col = text_start.map_or(start + 1, |s| s + 1);
        if any_brace {
            errors.push(BlockError::new(ln, col, rest.chars().count(), "text after the last code",
                "end every utterance with its codes, e.g. `What do you make of her worry? {q}`; write {} after words that are deliberately uncoded"));
        } else {
            utts.push(Utterance {
                text: rest.to_string(),
                codes: Vec::new(),
                links: Vec::new(),
                line: ln,
                col,
            });
        }
    }
    (utts, all)
}

/// Codes between braces at `chars[a..b]`.
#[allow(clippy::too_many_arguments)]
fn parse_codes(
    chars: &[char],
    a: usize,
    b: usize,
    ln: usize,
    role: Role,
    cb: &Codebook,
    errors: &mut Vec<BlockError>,
    all: &mut Vec<CodeAt>,
) -> (Vec<String>, Vec<Located<String>>) {
    let (mut codes, mut links) = (Vec::<String>::new(), Vec::new());
    let mut talk: Option<Talk> = None;
    let mut subtypes = Vec::new();
    let mut seg_start = a;
    for k in a..=b {
        if k < b && chars[k] != ',' {
            continue;
        }
        let seg = &chars[seg_start..k];
        let lead = seg.iter().take_while(|c| c.is_whitespace()).count();
        let word: String = seg.iter().collect::<String>().trim().to_string();
        let col = seg_start + lead + 1;
        let len = word.chars().count();
        seg_start = k + 1;
        if word.is_empty() {
            continue; // `{}` or a stray comma: nothing to code
        }
        if let Some(id) = word.strip_prefix('@') {
            if id.is_empty() || id.contains(char::is_whitespace) {
                errors.push(BlockError::new(ln, col, len, format!("`{word}` is not a link"),
                    "write @ directly followed by the id of a principle, strategy or dialogue, e.g. {cr, @roll-with-resistance}"));
            } else {
                links.push(Located {
                    value: id.to_string(),
                    line: ln,
                    col: col + 1,
                    len: len - 1,
                });
            }
            continue;
        }
        let here = |m: String, h: String| BlockError::new(ln, col, len, m, h);
        if word.contains(char::is_whitespace) {
            let label = cb
                .codes()
                .iter()
                .find(|c| c.label.eq_ignore_ascii_case(&word));
            let help = match label {
                Some(c) => format!("write the code's id: `{}` for {}", c.id, c.label),
                None => "separate codes with commas, e.g. {cr, double-sided}".to_string(),
            };
            errors.push(here(format!("`{word}` is not a code"), help));
            continue;
        }
        let Some(code) = cb.lookup(&word) else {
            errors.push(here(
                format!("unknown code \"{word}\""),
                unknown_help(&word, role, cb),
            ));
            continue;
        };
        if codes.contains(&code.id) {
            errors.push(here(
                format!("code `{}` is listed twice", code.id),
                "list each code once per utterance".into(),
            ));
            continue;
        }
        let therapist_turn = role == Role::Therapist;
        if code.group.is_therapist_side() != therapist_turn {
            let (m, h) = if therapist_turn {
                (
                    format!(
                        "`{}` ({}) is a client code, but this is a therapist turn",
                        code.id, code.label
                    ),
                    format!(
                        "client language is coded on the client's lines; therapist turns take: {}",
                        group_ids(cb, &[CodeGroup::Therapist, CodeGroup::Strategy])
                    ),
                )
            } else {
                (
                    format!(
                        "`{}` ({}) is a therapist code, but this is not a therapist turn",
                        code.id, code.label
                    ),
                    format!(
                        "if the therapist says this, start the line with T:; client turns take: {}",
                        group_ids(cb, &[CodeGroup::Client, CodeGroup::ClientSubtype])
                    ),
                )
            };
            errors.push(here(m, h));
            continue;
        }
        if let Some(t) = code.flags.talk {
            if talk.is_some_and(|prev| prev != t) {
                errors.push(here("one utterance cannot be both change talk and sustain talk".into(),
                    "split the client's words into two utterances, each with its own braces: `I want to cut down {ct, desire} but not yet {st}`".into()));
                continue;
            }
            talk = Some(t);
        }
        if code.group == CodeGroup::ClientSubtype {
            subtypes.push((code.id.clone(), col, len));
        }
        all.push(CodeAt {
            id: code.id.clone(),
            col,
            len,
        });
        codes.push(code.id.clone());
    }
    if talk.is_none() {
        for (id, col, len) in subtypes {
            errors.push(BlockError::new(ln, col, len, format!("`{id}` needs `ct` or `st` in the same braces"),
                format!("DARN-CAT subtypes describe change talk or sustain talk: write {{ct, {id}}} (or {{st, {id}}})")));
        }
    }
    (codes, links)
}

fn unknown_help(word: &str, role: Role, cb: &Codebook) -> String {
    let by_short = cb
        .codes()
        .iter()
        .find(|c| c.short.eq_ignore_ascii_case(word) || c.label.eq_ignore_ascii_case(word));
    let dym = by_short.or_else(|| {
        closest(word, cb.codes().iter().map(|c| c.id.as_str())).and_then(|id| cb.lookup(id))
    });
    let dym = dym
        .map(|c| format!("did you mean \"{}\" ({})? ", c.id, c.label))
        .unwrap_or_default();
    let known = if role == Role::Therapist {
        format!(
            "Known therapist codes: {}; MET strategies: {}",
            group_ids(cb, &[CodeGroup::Therapist]),
            group_ids(cb, &[CodeGroup::Strategy])
        )
    } else {
        format!(
            "Known client codes: {}; subtypes: {}",
            group_ids(cb, &[CodeGroup::Client]),
            group_ids(cb, &[CodeGroup::ClientSubtype])
        )
    };
    format!("{dym}{known}. Links to principles start with @, e.g. @roll-with-resistance")
}

fn group_ids(cb: &Codebook, groups: &[CodeGroup]) -> String {
    let ids: Vec<&str> = cb
        .codes()
        .iter()
        .filter(|c| groups.contains(&c.group))
        .map(|c| c.id.as_str())
        .collect();
    ids.join(", ")
}
