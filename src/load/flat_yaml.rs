//! A fast path for the YAML nearly every chapter's front matter is: a few `key: words`
//! lines. libyaml reads a character at a time, and reading a thousand front matters with
//! it was a noticeable share of a build. Text this reader is not sure of (anything but
//! plain words, or words YAML reads as something else: `true`, `null`, numbers) gets
//! `None`, and the caller parses it with the YAML crate, so the result and every error
//! stay the crate's own. A randomized test checks the two agree.

use serde_yaml::{Mapping, Value};

/// The mapping `yaml` is, when it is only `key: plain words` lines; `None` otherwise.
pub(crate) fn parse(yaml: &str) -> Option<Value> {
    let mut map = Mapping::new();
    for line in yaml.lines() {
        if line.is_empty() {
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        let value = rest.strip_prefix(' ')?.trim_matches(' ');
        if !is_key(key) || !is_words(value) {
            return None;
        }
        // A repeated key is an error for the YAML crate: let it say so.
        if map.insert(Value::from(key), Value::from(value)).is_some() {
            return None;
        }
    }
    (!map.is_empty()).then_some(Value::Mapping(map))
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
    fn leaves_anything_else_to_the_yaml_crate() {
        for yaml in [
            "number: 2\n",
            "title: true\n",
            "title: Null\n",
            "title: \"Quoted\"\n",
            "title: a: b\n",
            "title: A # comment\n",
            "principles:\n  - a\n",
            "principles: [a, b]\n",
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
        let alphabet = "aaaaaaaaaaaabbbbbbbbbbbb        ZZNnulTreéé1.'-,(?:#\"~[";
        let parts = crate::text::random_texts(alphabet, 10, 0x9E3779B97F4A7C15, 60_000);
        let (mut taken, mut texts) = (0, 0);
        let mut text = String::new();
        for (i, value) in parts.enumerate() {
            text.push_str(keys[(i * 5 + i / 7) % keys.len()]);
            text.push_str(seps[(i / 3 + i / 11) % seps.len()]);
            // Now and then a word YAML reads as a boolean or null.
            let words = ["null", "True", "NULL", "false", "Yes", "off"];
            text.push_str(if i % 13 == 0 {
                words[i / 13 % words.len()]
            } else {
                &value
            });
            text.push('\n');
            if i % 2 == 0 {
                continue;
            }
            texts += 1;
            if let Some(fast) = parse(&text) {
                taken += 1;
                let slow: Value =
                    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
                assert_eq!(fast, slow, "{text:?}");
            }
            text.clear();
        }
        assert!(
            taken > texts / 100,
            "the fast path was taken {taken} times of {texts}"
        );
    }
}
