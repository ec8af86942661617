//! The YAML header of a dialogue block (the lines before `---`). YAML gives no positions
//! for values, so each key's line is found by scanning for `key:` at the start of a line,
//! and each value by searching for its text after that; this is exact for the plain
//! `key: value` / `key: [a, b]` / `- a` forms authors write.

use serde_yaml::Value;

use super::super::BlockError;
use crate::model::met::dialogue::Located;
use crate::model::met::dialogue::{GlobalRatings, Stage};
use crate::text::closest;
use crate::text::valid_id;

const KEYS: [&str; 8] = [
    "id",
    "title",
    "stage",
    "principles",
    "counter-example",
    "alternative-to",
    "global-ratings",
    "practice",
];

/// The four MITI 4.2.1 global ratings, as written in `global-ratings:`.
const GLOBALS: [&str; 4] = [
    "cultivating-change-talk",
    "softening-sustain-talk",
    "partnership",
    "empathy",
];

#[derive(Default)]
pub(super) struct Header {
    pub id: Option<Located<String>>,
    pub title: Option<String>,
    pub stage: Option<Stage>,
    pub principles: Vec<Located<String>>,
    pub counter_example: bool,
    pub alternative_to: Option<Located<String>>,
    pub global_ratings: Option<GlobalRatings>,
    pub practice: bool,
}

/// The four ratings of a `global-ratings:` mapping, or what is wrong with it.
fn global_ratings(v: &Value) -> Result<GlobalRatings, String> {
    let Value::Mapping(m) = v else {
        return Err("`global-ratings` must list the four MITI global ratings".into());
    };
    if let Some(k) = m
        .keys()
        .filter_map(Value::as_str)
        .find(|k| !GLOBALS.contains(k))
    {
        return Err(format!("`{k}` is not a MITI 4.2.1 global rating"));
    }
    let rating = |name: &str| -> Result<u8, String> {
        match m.get(name).and_then(Value::as_u64) {
            Some(n @ 1..=5) => Ok(n as u8),
            Some(n) => Err(format!(
                "`{name}` is {n}, but global ratings run from 1 to 5"
            )),
            None => Err(format!(
                "`global-ratings` needs `{name}` as a whole number from 1 to 5"
            )),
        }
    };
    Ok(GlobalRatings {
        cultivating_change_talk: rating(GLOBALS[0])?,
        softening_sustain_talk: rating(GLOBALS[1])?,
        partnership: rating(GLOBALS[2])?,
        empathy: rating(GLOBALS[3])?,
    })
}

/// `lines` are the header lines; `offset` is the number of body lines above them.
pub(super) fn parse(lines: &[&str], offset: usize, errors: &mut Vec<BlockError>) -> Header {
    let mut h = Header::default();
    let text = lines.join("\n");
    let value: Value = match crate::text::plain_yaml::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            // A broken header has no reliable keys: report the YAML error only, not a
            // cascade of "id is missing".
            errors.push(BlockError::from_yaml(
                &e,
                &text,
                offset,
                "each header line is `key: value`, e.g. `id: dlg-first-session`",
            ));
            return h;
        }
    };
    let at_top = BlockError::new(offset + 1, 1, 0, "", "");
    let map = match value {
        Value::Null => Default::default(),
        Value::Mapping(m) => m,
        _ => {
            errors.push(BlockError { message: "the dialogue header must be `key: value` lines".into(),
                help: "start the block with lines such as `id: dlg-wife-worried` and `title: \"It's my wife's problem\"`, then ---".into(), ..at_top });
            return h;
        }
    };
    let f = Finder { lines, offset };
    for (k, v) in map {
        let Some(key) = k.as_str() else {
            errors.push(BlockError {
                message: "a header key must be a word such as `title`".into(),
                help: format!("known keys: {}", KEYS.join(", ")),
                ..at_top.clone()
            });
            continue;
        };
        let kpos = f.key(key);
        let vpos = f.value_after_key(kpos, key, &v);
        let here =
            |message: String, help: String| BlockError::new(vpos.0, vpos.1, vpos.2, message, help);
        match key {
            "id" | "alternative-to" => match scalar(&v) {
                Some(s) if valid_id(&s) => {
                    let loc = Located { value: s, line: vpos.0, col: vpos.1, len: vpos.2 };
                    if key == "id" { h.id = Some(loc) } else { h.alternative_to = Some(loc) }
                }
                _ => errors.push(here(format!("`{key}` must be an id such as dlg-wife-worried"),
                    "use lowercase letters, digits and hyphens, no spaces; ids link dialogues and never change when the title does".into())),
            },
            "title" => match scalar(&v) {
                Some(s) if !s.trim().is_empty() => h.title = Some(s),
                _ => errors.push(here("`title` must be some text".into(), "write e.g. title: \"It's my wife's problem\"".into())),
            },
            "stage" => match scalar(&v).as_deref().and_then(Stage::parse) {
                Some(st) => h.stage = Some(st),
                None => {
                    let got = scalar(&v).unwrap_or_default();
                    let names = Stage::ALL.map(|s| s.as_str());
                    let dym = closest(&got, names).map(|s| format!("did you mean \"{s}\"? ")).unwrap_or_default();
                    errors.push(here(format!("unknown stage \"{got}\""), format!("{dym}stages of change: {}", names.join(", "))));
                }
            },
            "principles" => {
                let items = match &v {
                    Value::Sequence(seq) => seq.iter().map(scalar).collect::<Option<Vec<_>>>(),
                    other => scalar(other).map(|s| vec![s]),
                };
                match items {
                    Some(items) => {
                        let mut cur = (kpos.0, kpos.1 + key.chars().count());
                        for it in items {
                            let p = f.find_from(&mut cur, &it).unwrap_or(vpos);
                            h.principles.push(Located { value: it, line: p.0, col: p.1, len: p.2 });
                        }
                    }
                    None => errors.push(here("`principles` must be a list of principle ids".into(),
                        "write e.g. principles: [roll-with-resistance, express-empathy]".into())),
                }
            }
            "global-ratings" => match global_ratings(&v) {
                Ok(g) => h.global_ratings = Some(g),
                Err(m) => errors.push(here(
                    m,
                    "write e.g. global-ratings: {cultivating-change-talk: 4, softening-sustain-talk: 4, partnership: 5, empathy: 4}; each is a whole number from 1 to 5 (MITI 4.2.1)".into(),
                )),
            },
            "practice" => match v {
                Value::Bool(b) => h.practice = b,
                _ => errors.push(here("`practice` must be true or false".into(),
                    "write practice: true for a transcript that opens with its codes hidden, for coding practice".into())),
            },
            "counter-example" => match v {
                Value::Bool(b) => h.counter_example = b,
                _ => errors.push(here("`counter-example` must be true or false".into(),
                    "write counter-example: true for a dialogue that shows what NOT to do, or leave the line out".into())),
            },
            _ => {
                let dym = closest(key, KEYS).map(|s| format!("did you mean `{s}`? ")).unwrap_or_default();
                errors.push(BlockError::new(kpos.0, kpos.1, key.chars().count().max(1), format!("unknown header key `{key}`"),
                    format!("{dym}a dialogue header may contain: {}", KEYS.join(", "))));
            }
        }
    }
    if let (Some(id), Some(alt)) = (&h.id, &h.alternative_to) {
        if id.value == alt.value {
            errors.push(BlockError::new(
                alt.line,
                alt.col,
                alt.len,
                "a dialogue cannot be an alternative to itself",
                "give the id of the other dialogue that answers the same client statement",
            ));
        }
    }
    for (missing, key, example) in [
        (h.id.is_none(), "id", "id: dlg-wife-worried"),
        (
            h.title.is_none(),
            "title",
            "title: \"It's my wife's problem\"",
        ),
    ] {
        if missing
            && !errors
                .iter()
                .any(|e| e.message.starts_with(&format!("`{key}`")))
        {
            errors.push(BlockError {
                message: format!("the dialogue header has no `{key}`"),
                help: format!("add a line such as `{example}` before the --- line"),
                ..at_top.clone()
            });
        }
    }
    h
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

struct Finder<'a> {
    lines: &'a [&'a str],
    offset: usize,
}

impl Finder<'_> {
    /// (body line, col) of a top-level `key:`; the header's first line if not found
    /// (e.g. a quoted key).
    fn key(&self, key: &str) -> (usize, usize) {
        for (i, l) in self.lines.iter().enumerate() {
            if l.starts_with(key) && l[key.len()..].trim_start().starts_with(':') {
                return (self.offset + i + 1, 1);
            }
        }
        (self.offset + 1, 1)
    }

    /// Position of the value written after `key:` on its line, or of the key itself.
    fn value_after_key(
        &self,
        (line, col): (usize, usize),
        key: &str,
        v: &Value,
    ) -> (usize, usize, usize) {
        let mut cur = (line, col + key.chars().count());
        if let Some(s) = scalar(v) {
            if let Some(p) = self.find_from(&mut cur, &s) {
                return p;
            }
        }
        (line, col, key.chars().count())
    }

    /// Finds `needle` at or after `cur` (body line, col), advancing `cur` past it.
    fn find_from(&self, cur: &mut (usize, usize), needle: &str) -> Option<(usize, usize, usize)> {
        if needle.is_empty() {
            return None;
        }
        let first = cur.0.checked_sub(self.offset + 1)?;
        for i in first..self.lines.len() {
            let line: Vec<char> = self.lines[i].chars().collect();
            let from = if i == first {
                cur.1.saturating_sub(1).min(line.len())
            } else {
                0
            };
            let hay: String = line[from..].iter().collect();
            if let Some(b) = hay.find(needle) {
                let col = from + hay[..b].chars().count() + 1;
                let len = needle.chars().count();
                *cur = (self.offset + i + 1, col + len);
                return Some((cur.0, col, len));
            }
        }
        None
    }
}
