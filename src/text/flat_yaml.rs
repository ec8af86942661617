//! A fast path for the YAML nearly every chapter's front matter and dialogue header is: a
//! few `key: words`, `key: "quoted words"` or `key: [id, id]` lines. libyaml reads a
//! character at a time, and reading a thousand of them with it was a noticeable share of a
//! build. Text this reader is not sure of (nesting, escapes, comments, or words YAML reads
//! as something else: `true`, `null`, numbers) gets `None`, and [`from_str`] parses it with
//! the YAML crate, so the result and every error stay the crate's own. A randomized test
//! checks the two agree wherever this reader answers.

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

/// `yaml` read as a `T`: by the fast path when it is flat and serde accepts its value,
/// else by the YAML crate (whose error, with its position, is the one returned).
pub fn from_str<T: DeserializeOwned>(yaml: &str) -> Result<T, serde_yaml::Error> {
    match parse(yaml).and_then(|v| serde_yaml::from_value(v).ok()) {
        Some(t) => Ok(t),
        None => serde_yaml::from_str(yaml),
    }
}

/// The mapping `yaml` is, when it is only `key: value` lines of the forms above; `None`
/// otherwise.
pub fn parse(yaml: &str) -> Option<Value> {
    let mut map = Mapping::new();
    for line in yaml.lines() {
        if line.is_empty() {
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        let value = rest.strip_prefix(' ')?.trim_matches(' ');
        if !is_key(key) {
            return None;
        }
        // A repeated key is an error for the YAML crate: let it say so.
        if map
            .insert(Value::from(key), scalar_or_list(value)?)
            .is_some()
        {
            return None;
        }
    }
    (!map.is_empty()).then_some(Value::Mapping(map))
}

/// A value: plain words, a quoted string without escapes, or a flow list of plain words.
fn scalar_or_list(v: &str) -> Option<Value> {
    if let Some(inner) = v.strip_prefix('[') {
        let inner = inner.strip_suffix(']')?.trim_matches(' ');
        if inner.is_empty() {
            return Some(Value::Sequence(Vec::new()));
        }
        // Inside `[…]`, `,` ends an item (words hold no brackets).
        return inner
            .split(',')
            .map(|item| {
                let item = item.trim_matches(' ');
                is_words(item).then(|| Value::from(item))
            })
            .collect::<Option<Vec<_>>>()
            .map(Value::Sequence);
    }
    if let Some(quoted) = v.strip_prefix('"') {
        // No escapes: the text between the quotes is the string itself.
        let inner = quoted.strip_suffix('"')?;
        return (!inner.contains(['"', '\\']) && !inner.contains(char::is_control))
            .then(|| Value::from(inner));
    }
    is_words(v).then(|| Value::from(v))
}

/// Words YAML 1.1 or 1.2 reads as a boolean or null, in any case.
const RESERVED: [&str; 9] = ["true", "false", "yes", "no", "on", "off", "y", "n", "null"];

/// A key such as `id` or `no-glossary` (not `null` or `true`, which YAML reads as null
/// and a boolean).
fn is_key(k: &str) -> bool {
    k.starts_with(|c: char| c.is_ascii_lowercase())
        && !RESERVED.iter().any(|r| k.eq_ignore_ascii_case(r))
        && k.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Words YAML reads as this very string: a letter first (no indicator, quote, number or
/// `.inf`), then letters, digits, spaces and a few marks that end or start nothing in a
/// plain scalar (no `:` or `#`), and none of the words YAML reads as a boolean or null.
fn is_words(v: &str) -> bool {
    v.starts_with(char::is_alphabetic)
        && v.chars().all(|c| {
            c.is_alphanumeric()
                || matches!(
                    c,
                    ' ' | '-' | '_' | '.' | ',' | '\'' | '(' | ')' | '?' | '!' | '/'
                )
        })
        && !RESERVED.iter().any(|r| v.eq_ignore_ascii_case(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_chapters_front_matter() {
        let v = parse("id: roll-with-resistance\ntitle: Roll with resistance\nkind: principle\n")
            .expect("plain words take the fast path");
        let want: Value = serde_yaml::from_str(
            "id: roll-with-resistance\ntitle: Roll with resistance\nkind: principle\n",
        )
        .unwrap();
        assert_eq!(v, want);
    }

    #[test]
    fn reads_a_dialogues_header() {
        let text = "id: dlg-a\ntitle: \"It's my wife's problem: she worries\"\nprinciples: [express-empathy, roll-with-resistance]\nno-glossary: []\n";
        let v = parse(text).expect("quoted words and lists of ids take the fast path");
        let want: Value = serde_yaml::from_str(text).unwrap();
        assert_eq!(v, want);
    }

    #[test]
    fn leaves_anything_else_to_the_yaml_crate() {
        for yaml in [
            "number: 2\n",
            "title: true\n",
            "title: Null\n",
            "title: \"Say \\\"no\\\"\"\n",
            "title: 'Quoted'\n",
            "title: \"Unclosed\n",
            "title: a: b\n",
            "title: A # comment\n",
            "principles:\n  - a\n",
            "principles: [a, [b]]\n",
            "principles: [a, b,]\n",
            "principles: [a, 2]\n",
            "principles: [a, true]\n",
            "principles: [a] # comment\n",
            "title: A\ntitle: B\n",
            "  title: A\n",
            "title:\n",
            "Title: A\n",
            "title:\tA\n",
        ] {
            assert_eq!(parse(yaml), None, "{yaml:?}");
        }
    }

    #[test]
    fn the_fast_path_reads_what_libyaml_reads() {
        // Lines of a random key, separator and value, so most texts are nearly flat YAML.
        let keys = [
            "id", "title", "a-b", "k_2", "summary", "Key", " id", "null", "y",
        ];
        let seps = [": ", ": ", ": ", ": ", ":  ", ":", ": \t", " : "];
        // Values are mostly letters and spaces, with a few of every mark that matters.
        let alphabet = "aaaaaaaaaaaabbbbbbbbbbbb        ZZNnulTreéé1.'-,(?:#\"~[]\\,,";
        let parts = crate::text::random_texts(alphabet, 10, 0x9E3779B97F4A7C15, 60_000);
        let (mut taken, mut texts, mut lists, mut quoted) = (0, 0, 0, 0);
        let mut text = String::new();
        for (i, value) in parts.enumerate() {
            text.push_str(keys[(i * 5 + i / 7) % keys.len()]);
            text.push_str(seps[(i / 3 + i / 11) % seps.len()]);
            // Now and then a word YAML reads as a boolean or null; else the value as it
            // is, quoted, or as a list.
            let words = ["null", "True", "NULL", "false", "Yes", "off"];
            match i % 13 {
                0 => text.push_str(words[i / 13 % words.len()]),
                1 | 5 => text.push_str(&format!("\"{value}\"")),
                2 | 7 => text.push_str(&format!("[{value}]")),
                3 => text.push_str(&format!("[{value}, {}]", words[i % words.len()])),
                _ => text.push_str(&value),
            }
            text.push('\n');
            if i % 2 == 0 {
                continue;
            }
            texts += 1;
            if let Some(fast) = parse(&text) {
                taken += 1;
                lists += usize::from(text.contains('['));
                quoted += usize::from(text.contains('"'));
                let slow: Value =
                    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
                assert_eq!(fast, slow, "{text:?}");
            }
            text.clear();
        }
        assert!(
            taken > texts / 100 && lists > 20 && quoted > 20,
            "the fast path was taken {taken} times of {texts}, {lists} with lists, {quoted} quoted"
        );
    }
}
