//! Where a YAML error is and what it says, without libyaml's " at line N column M", so
//! every YAML reader (front matter, blocks, data files) reports positions the same way.

/// A YAML error's 1-based position inside the parsed text, and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlPosition {
    /// Line in the parsed text, from 1.
    pub line: usize,
    /// Column, from 1.
    pub col: usize,
    /// The message without its position.
    pub message: String,
}

/// Locates `e` in `src`. libyaml may report end-of-input one line past the text, so the
/// position is clamped into it.
pub fn yaml_position(e: &serde_yaml::Error, src: &str) -> YamlPosition {
    let (line, col) = e
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((1, 1));
    let last = src.split('\n').count();
    let (line, col) = if line > last {
        let tail = src.rsplit('\n').next().unwrap_or("");
        (last, tail.chars().count() + 1)
    } else {
        (line.max(1), col.max(1))
    };
    let mut message = e.to_string();
    if let Some(i) = message.find(" at line ") {
        message.truncate(i);
    }
    YamlPosition { line, col, message }
}

/// Help for a YAML error message: the kinds serde names get a specific hint, anything else
/// gets `fallback`, which says what the YAML in that place should look like.
pub fn yaml_help(message: &str, fallback: &str) -> String {
    if message.contains("unknown field") {
        let known = message
            .split("expected one of")
            .nth(1)
            .map(|k| format!("; known keys: {}", k.trim()))
            .unwrap_or_default();
        format!("remove or correct this key{known}")
    } else if message.contains("unknown variant") {
        let values = message
            .split("expected")
            .nth(1)
            .map(|k| format!(": {}", k.trim()))
            .unwrap_or_default();
        format!("use one of the listed values{values}")
    } else if message.contains("mapping values are not allowed") {
        "a value that contains a colon must be put in quotes, e.g. title: \"Session 1: first meeting\"".into()
    } else if message.contains("invalid type") {
        "check the value's form: text, a number, or a list such as [a, b]".into()
    } else {
        fallback.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_clamped_into_the_text() {
        let src = "a: [1, 2";
        let e = serde_yaml::from_str::<serde_yaml::Value>(src).unwrap_err();
        let p = yaml_position(&e, src);
        assert_eq!(p.line, 1);
        assert!(!p.message.contains(" at line "));
    }
}
