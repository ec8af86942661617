//! ```does-not blocks: what the ME therapist does not do, gathered into the fidelity checklist.

use serde::Deserialize;

use super::BlockError;
use crate::model::met::does_not::DoesNot;

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Raw {
    List(Vec<serde_yaml::Value>),
    Titled {
        title: String,
        items: Vec<serde_yaml::Value>,
    },
}

/// Parses the body of a does-not block; every error found.
pub fn parse(body: &str) -> Result<DoesNot, Vec<BlockError>> {
    let raw: Raw = crate::text::plain_yaml::from_str(body).map_err(|e| {
        let mut err = BlockError::from_yaml(&e, body, 0, HELP);
        if err.message.contains("did not match any variant") {
            err.message = "a does-not block must be a list of items".into();
            err.line = 1;
        }
        vec![err]
    })?;
    let (title, values) = match raw {
        Raw::List(items) => (None, items),
        Raw::Titled { title, items } => (Some(title), items),
    };
    let item_lines: Vec<&str> = body
        .lines()
        .filter(|l| l.trim_start().starts_with('-'))
        .collect();
    // An item is prose: one YAML reads as something else ("- Tell the client: you are
    // …" is a mapping) is taken as written on its line.
    let items: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| match v {
            serde_yaml::Value::String(s) => s.clone(),
            serde_yaml::Value::Null => String::new(),
            serde_yaml::Value::Bool(b) => b.to_string(),
            serde_yaml::Value::Number(n) => n.to_string(),
            _ => item_lines
                .get(i)
                .map(|l| l.trim_start()[1..].trim().to_string())
                .unwrap_or_default(),
        })
        .collect();
    if items.is_empty() {
        return Err(vec![BlockError {
            line: 1,
            col: 1,
            len: 1,
            message: "this does-not block has no items".into(),
            help: HELP.into(),
        }]);
    }
    if let Some(i) = items.iter().position(|s| s.trim().is_empty()) {
        let line = body
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim_start().starts_with('-'))
            .nth(i)
            .map(|(n, _)| n + 1)
            .unwrap_or(1);
        return Err(vec![BlockError {
            line,
            col: 1,
            len: 1,
            message: "an item of this does-not list is empty".into(),
            help: "write what the therapist does not do after the `- `, or delete the line".into(),
        }]);
    }
    Ok(DoesNot { title, items })
}

const HELP: &str =
    "write one item per line, each starting with `- `, e.g. `- Argue with the client.`";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_list_and_titled() {
        assert_eq!(parse("- Argue.\n- Label.\n").unwrap().items.len(), 2);
        let t = parse("title: In session\nitems:\n  - Argue.\n").unwrap();
        assert_eq!(t.title.as_deref(), Some("In session"));
    }

    #[test]
    fn an_item_with_a_colon_is_prose() {
        let d = parse("- Argue.\n- Tell the client: you are an alcoholic.\n- 12\n").unwrap();
        assert_eq!(
            d.items,
            ["Argue.", "Tell the client: you are an alcoholic.", "12"]
        );
        let t = parse("title: In session\nitems:\n  - Say: you must.\n").unwrap();
        assert_eq!(t.items, ["Say: you must."]);
    }

    #[test]
    fn not_a_list() {
        let e = parse("just text").unwrap_err();
        assert!(e[0].message.contains("list"), "{:?}", e[0].message);
    }
}
