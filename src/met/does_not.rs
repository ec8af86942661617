//! ```does-not blocks: what the ME therapist does not do, gathered into the fidelity checklist.

use serde::Deserialize;

use super::BlockError;

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Raw {
    List(Vec<String>),
    Titled { title: String, items: Vec<String> },
}

#[derive(Debug, Clone)]
pub struct DoesNot {
    pub title: Option<String>,
    /// Markdown of each item.
    pub items: Vec<String>,
}

pub fn parse(body: &str) -> Result<DoesNot, Vec<BlockError>> {
    let raw: Raw = serde_yaml::from_str(body).map_err(|e| {
        let mut err = BlockError::from_yaml(&e, HELP);
        if err.message.contains("did not match any variant") {
            err.message = "a does-not block must be a list of items".into();
            err.line = 1;
        }
        vec![err]
    })?;
    let (title, items) = match raw {
        Raw::List(items) => (None, items),
        Raw::Titled { title, items } => (Some(title), items),
    };
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
    fn not_a_list() {
        let e = parse("just text").unwrap_err();
        assert!(e[0].message.contains("list"), "{:?}", e[0].message);
    }
}
