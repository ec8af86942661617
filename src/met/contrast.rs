//! ```contrast blocks: MET compared with other approaches along named aspects.

use serde::Deserialize;

use super::BlockError;
use crate::model::met::contrast::{Aspect, Contrast};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContrast {
    caption: String,
    approaches: serde_yaml::Mapping,
    aspects: Vec<serde_yaml::Mapping>,
}

/// Parses the body of a contrast block; every error found.
pub fn parse(body: &str) -> Result<Contrast, Vec<BlockError>> {
    let raw: RawContrast = crate::text::plain_yaml::from_str(body)
        .map_err(|e| vec![BlockError::from_yaml(&e, body, 0, CONTRAST_HELP)])?;
    let mut errors = Vec::new();
    let mut approaches = Vec::new();
    for (k, v) in &raw.approaches {
        match (k.as_str(), v.as_str()) {
            (Some(k), Some(v)) => approaches.push((k.to_string(), v.to_string())),
            _ => errors.push(BlockError::at(
                body,
                "approaches:",
                "each approach is `key: Display name`",
                "e.g. `met: MET` and `confrontational: Confrontational approaches`",
            )),
        }
    }
    if approaches.len() < 2 {
        errors.push(BlockError::at(
            body,
            "approaches:",
            "a contrast needs at least two approaches",
            "list MET and the approach it is compared with under `approaches:`",
        ));
    }
    approaches.sort_by_key(|(k, _)| k != "met");
    let mut aspects = Vec::new();
    for m in &raw.aspects {
        let name = m.get("aspect").and_then(|v| v.as_str()).map(str::to_string);
        let Some(name) = name else {
            errors.push(BlockError::at(
                body,
                "aspects:",
                "an aspect has no `aspect:` name",
                "start each aspect with `- aspect: Name`, then one line per approach",
            ));
            continue;
        };
        for (k, _) in m {
            let k = k.as_str().unwrap_or("");
            if k != "aspect" && !approaches.iter().any(|(a, _)| a == k) {
                let known: Vec<&str> = approaches.iter().map(|(a, _)| a.as_str()).collect();
                errors.push(BlockError::at(
                    body,
                    &format!("{k}:"),
                    &format!("aspect `{name}` uses `{k}`, which is not one of the approaches"),
                    &format!(
                        "use one of: {}, or add `{k}` under `approaches:`",
                        known.join(", ")
                    ),
                ));
            }
        }
        let cells = approaches
            .iter()
            .map(|(k, _)| {
                m.get(k.as_str())
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            })
            .collect();
        aspects.push(Aspect { name, cells });
    }
    if aspects.is_empty() {
        errors.push(BlockError::at(
            body,
            "aspects:",
            "a contrast needs at least one aspect",
            "add `- aspect: Name` entries under `aspects:`",
        ));
    }
    if errors.is_empty() {
        Ok(Contrast {
            caption: raw.caption,
            approaches,
            aspects,
        })
    } else {
        Err(errors)
    }
}

const CONTRAST_HELP: &str = "a contrast block is YAML with `caption:`, `approaches:` (key: name) and `aspects:` (a list of `- aspect: Name` with one line per approach key)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_puts_met_first() {
        let c = parse("caption: C\napproaches:\n  conf: Confrontational\n  met: MET\naspects:\n  - aspect: Labels\n    met: little\n    conf: much\n").unwrap();
        assert_eq!(c.approaches[0].0, "met");
        assert_eq!(
            c.aspects[0].cells,
            [Some("little".to_string()), Some("much".to_string())]
        );
    }

    #[test]
    fn unknown_approach_key_is_located() {
        let e = parse("caption: C\napproaches:\n  met: MET\n  conf: C\naspects:\n  - aspect: Labels\n    met: a\n    cnf: b\n").unwrap_err();
        assert_eq!(e[0].line, 8);
        assert!(e[0].message.contains("cnf"));
    }

    #[test]
    fn yaml_error_is_located_inside_the_block() {
        let e = parse("caption: C\napproaches: [\n").unwrap_err();
        assert!(e[0].line >= 2);
    }
}
