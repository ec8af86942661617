//! Reading a book's `codebook.yml` (and the built-in `codebook_default.yml`) into a
//! [`Codebook`]: `replace`, `codes`, `speakers`, `stages` and `ui`. Unknown keys are
//! errors; semantic errors are located by searching the source for the offending entry.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use super::BlockError;
use crate::model::met::codebook::{Code, CodeFlags, CodeGroup, Codebook, Role, Speaker, UiText};
use crate::model::met::dialogue::Stage;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRaw {
    #[serde(default)]
    replace: bool,
    #[serde(default)]
    codes: Vec<CodeRaw>,
    #[serde(default)]
    speakers: BTreeMap<String, SpeakerRaw>,
    #[serde(default)]
    stages: BTreeMap<String, String>,
    /// Only the words given are replaced, so a book's Spanish `ui:` need not repeat the
    /// built-in Spanish ones it keeps.
    #[serde(default)]
    ui: BTreeMap<String, String>,
}

/// Every field but `id` is optional: an entry naming an existing id overrides only the
/// fields it gives (e.g. a Spanish `label`), a new id needs `label` and `group`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeRaw {
    id: String,
    label: Option<String>,
    short: Option<String>,
    group: Option<CodeGroup>,
    description: Option<String>,
    flags: Option<CodeFlags>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum SpeakerRaw {
    Label(String),
    Full { label: String, role: Option<Role> },
}

const HELP: &str =
    "check the codebook file: it may contain `replace`, `codes` (a list of entries with \
id, label, short, group, description, flags), `speakers`, `stages` and `ui`";

pub(crate) fn apply(cb: &mut Codebook, src: &str) -> Result<(), Vec<BlockError>> {
    if src.trim().is_empty() {
        return Ok(());
    }
    let raw: FileRaw =
        serde_yaml::from_str(src).map_err(|e| vec![BlockError::from_yaml(&e, src, 0, HELP)])?;
    let mut errors = Vec::new();
    if raw.replace {
        cb.codes_mut().clear();
    }
    let mut seen = HashSet::new();
    for c in raw.codes {
        let id = c.id.trim().to_ascii_lowercase();
        let at = locate(src, &c.id);
        if !crate::text::valid_id(&id) {
            errors.push(err(
                at,
                format!("code id \"{}\" is not a valid id", c.id),
                "use lowercase letters, digits and hyphens only, e.g. id: open-question",
            ));
            continue;
        }
        if !seen.insert(id.clone()) {
            errors.push(err(
                at,
                format!("code \"{id}\" is listed twice"),
                "keep one entry per id",
            ));
            continue;
        }
        if let Some(s) = &c.short {
            if s.trim().is_empty() {
                errors.push(err(
                    at,
                    format!("code \"{id}\" has an empty `short`"),
                    "give a short badge text such as \"SR\", or leave `short` out",
                ));
                continue;
            }
        }
        let codes = cb.codes_mut();
        if let Some(existing) = codes.iter_mut().find(|x| x.id == id) {
            if let Some(v) = c.label {
                existing.label = v;
            }
            if let Some(v) = c.short {
                existing.short = v;
            }
            if let Some(v) = c.group {
                existing.group = v;
            }
            if let Some(v) = c.description {
                existing.description = v;
            }
            if let Some(v) = c.flags {
                existing.flags = v;
            }
            continue;
        }
        let (Some(label), Some(group)) = (c.label, c.group) else {
            errors.push(err(at, format!("new code \"{id}\" needs a `label` and a `group`"),
                "add e.g. `label: Open question` and `group: therapist` (therapist, client, client-subtype or strategy); \
                 to change a built-in code, check the spelling of its id"));
            continue;
        };
        codes.push(Code {
            short: c.short.unwrap_or_else(|| id.to_ascii_uppercase()),
            id,
            label,
            group,
            description: c.description.unwrap_or_default(),
            flags: c.flags.unwrap_or_default(),
        });
    }
    for (key, sp) in raw.speakers {
        let at = locate(src, &key);
        let ok = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && key.chars().all(|c| c.is_ascii_alphanumeric())
            && !key.eq_ignore_ascii_case("or");
        if !ok {
            errors.push(err(at, format!("speaker key \"{key}\" is not usable"),
                "a speaker key is a short word of letters and digits written before the colon of a turn, e.g. SO; \"or\" is reserved for alternatives"));
            continue;
        }
        let (label, role) = match sp {
            SpeakerRaw::Label(l) => (l, None),
            SpeakerRaw::Full { label, role } => (label, role),
        };
        let speakers = cb.speakers_mut();
        match speakers
            .iter_mut()
            .find(|s| s.key.eq_ignore_ascii_case(&key))
        {
            Some(s) => {
                s.label = label;
                if let Some(r) = role {
                    s.role = r;
                }
            }
            None => speakers.push(Speaker {
                key,
                label,
                role: role.unwrap_or(Role::Other),
            }),
        }
    }
    for (stage, label) in raw.stages {
        match Stage::parse(&stage) {
            Some(s) => {
                cb.stage_labels_mut().insert(s.as_str().to_string(), label);
            }
            None => errors.push(err(
                locate(src, &stage),
                format!("unknown stage \"{stage}\""),
                format!("stages are: {}", Stage::ALL.map(|s| s.as_str()).join(", ")),
            )),
        }
    }
    overlay_ui(cb, src, raw.ui, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn overlay_ui(
    cb: &mut Codebook,
    src: &str,
    words: BTreeMap<String, String>,
    errors: &mut Vec<BlockError>,
) {
    if words.is_empty() {
        return;
    }
    let Ok(serde_json::Value::Object(mut now)) = serde_json::to_value(&cb.ui) else {
        return;
    };
    for (key, text) in words {
        match now.get_mut(&key) {
            Some(v) => *v = serde_json::Value::String(text),
            None => errors.push(err(
                locate(src, &key),
                format!("`ui` has no word called \"{key}\""),
                format!(
                    "the words are: {}",
                    now.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            )),
        }
    }
    if let Ok(ui) = serde_json::from_value::<UiText>(serde_json::Value::Object(now)) {
        cb.ui = ui;
    }
}

/// First occurrence of `needle` as (line, col, len); (1, 1, 0) if not found. Good enough
/// for pointing at an entry: ids are distinctive words.
fn locate(src: &str, needle: &str) -> (usize, usize, usize) {
    for (i, line) in src.lines().enumerate() {
        if let Some(b) = line.find(needle) {
            return (i + 1, line[..b].chars().count() + 1, needle.chars().count());
        }
    }
    (1, 1, 0)
}

fn err(at: (usize, usize, usize), message: String, help: impl Into<String>) -> BlockError {
    BlockError::new(at.0, at.1, at.2, message, help)
}

#[cfg(test)]
mod tests {
    use crate::model::met::codebook::*;

    #[test]
    fn spanish_override_and_new_code() {
        let mut cb = Codebook::builtin();
        let src = "speakers: {T: Terapeuta, C: Cliente, SO: Pareja, M: {label: Madre, role: other}}\n\
                   stages: {precontemplation: Precontemplación}\n\
                   codes:\n  - id: SR\n    label: Reflexión simple\n    short: RS\n\
                   \x20 - id: oq\n    label: Open question\n    group: therapist\n    flags: {question: true}\n";
        cb.extend_from_yaml(src).unwrap();
        let sr = cb.lookup("sr").unwrap();
        assert_eq!(
            (sr.label.as_str(), sr.short.as_str()),
            ("Reflexión simple", "RS")
        );
        assert_eq!(
            sr.flags.reflection,
            Some(Reflection::Simple),
            "flags kept when not given"
        );
        assert!(cb.lookup("OQ").unwrap().flags.question);
        assert_eq!(cb.speaker("T").unwrap().label, "Terapeuta");
        assert_eq!(cb.speaker("m").unwrap().role, Role::Other);
        assert_eq!(
            cb.stage_label(crate::model::met::dialogue::Stage::Precontemplation),
            "Precontemplación"
        );
    }

    #[test]
    fn replace_drops_builtins() {
        let mut cb = Codebook::builtin();
        cb.extend_from_yaml("replace: true\ncodes:\n  - {id: x, label: X, group: strategy}\n")
            .unwrap();
        assert_eq!(cb.codes().len(), 1);
        assert!(cb.lookup("sr").is_none());
    }

    #[test]
    fn errors_are_located_and_atomic() {
        let mut cb = Codebook::builtin();
        let e = cb
            .extend_from_yaml("codes:\n  - id: sr\n    colour: red\n")
            .unwrap_err();
        assert_eq!((e[0].line, e[0].col), (3, 5));
        assert!(
            e[0].message.contains("unknown field `colour`"),
            "{}",
            e[0].message
        );
        let e = cb.extend_from_yaml("codes:\n  - id: zz\n  - id: sr\n    label: Changed\n  - id: 'a b'\n    label: x\n    group: client\n").unwrap_err();
        assert_eq!(e.len(), 2);
        assert_eq!((e[0].line, e[0].col, e[0].len), (2, 9, 2));
        assert!(e[0].message.contains("needs a `label`"));
        assert_eq!((e[1].line, e[1].col), (5, 10));
        assert_eq!(
            cb.lookup("sr").unwrap().label,
            "Simple Reflection",
            "nothing applied on error"
        );
        assert!(cb.extend_from_yaml("replace: maybe\n").is_err());
        let e = cb.extend_from_yaml("stages: {thinking: x}\n").unwrap_err();
        assert!(e[0].help.contains("precontemplation"));
    }
}
