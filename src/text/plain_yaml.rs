//! A fast path for the YAML nearly every chapter's front matter and MET block is: `key:
//! words`, `key: "quoted words"` and `key: [id, id]` lines, and under a key, an indented
//! mapping of such lines or a list of `- words` or `- key: words` items. libyaml reads a
//! character at a time, and reading thousands of these with it was a noticeable share of
//! a build. Text this reader is not sure of (other nesting, escapes, comments, tabs, or
//! words YAML reads as something else: `true`, `null`, numbers) gets `None`, and
//! [`from_str`] parses it with the YAML crate, so the result and every error stay the
//! crate's own. A randomized test checks the two agree wherever this reader answers.

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

/// `yaml` read as a `T`: by the fast path when it is plain and serde accepts its value,
/// else by the YAML crate (whose error, with its position, is the one returned).
pub fn from_str<T: DeserializeOwned>(yaml: &str) -> Result<T, serde_yaml::Error> {
    match parse(yaml).and_then(|v| serde_yaml::from_value(v).ok()) {
        Some(t) => Ok(t),
        None => serde_yaml::from_str(yaml),
    }
}

/// A non-empty line: its indentation in spaces and the text after it.
#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

/// The value `yaml` is, when it has only the forms above; `None` otherwise. Each block
/// reads the lines at its own indent; a line no block takes (indented oddly, a comment,
/// spaces or a tab) is left over, and then the whole text is left to the YAML crate.
pub fn parse(yaml: &str) -> Option<Value> {
    let mut lines: Vec<Line> = yaml
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let text = l.trim_start_matches(' ');
            Line {
                indent: l.len() - text.len(),
                text,
            }
        })
        .collect();
    let first = *lines.first()?;
    let mut at = 0;
    let value = if is_item(first.text) {
        sequence(&mut lines, &mut at, 0)?
    } else {
        mapping(&mut lines, &mut at, 0)?
    };
    (at == lines.len()).then_some(value)
}

fn is_item(text: &str) -> bool {
    text.starts_with("- ")
}

/// The `key: value` lines from `lines[*at]` on at `indent`, and the blocks under them.
fn mapping(lines: &mut [Line], at: &mut usize, indent: usize) -> Option<Value> {
    let mut map = Mapping::new();
    while let Some(&line) = lines.get(*at).filter(|l| l.indent == indent) {
        let (key, rest) = line.text.split_once(':')?;
        if !is_key(key) {
            return None;
        }
        *at += 1;
        let value = if rest.is_empty() {
            // Only a block more indented than the key may follow it.
            let next = *lines.get(*at).filter(|n| n.indent > indent)?;
            if is_item(next.text) {
                sequence(lines, at, next.indent)?
            } else {
                mapping(lines, at, next.indent)?
            }
        } else {
            scalar_or_list(rest.strip_prefix(' ')?.trim_matches(' '))?
        };
        // A repeated key is an error for the YAML crate: let it say so.
        if map.insert(Value::from(key), value).is_some() {
            return None;
        }
    }
    Some(Value::Mapping(map))
}

/// The `- item` lines from `lines[*at]` on at `indent`: each words, or a mapping whose
/// first key follows the dash and whose other keys line up with it.
fn sequence(lines: &mut [Line], at: &mut usize, indent: usize) -> Option<Value> {
    let mut items = Vec::new();
    while let Some(&line) = lines
        .get(*at)
        .filter(|l| l.indent == indent && is_item(l.text))
    {
        let item = &line.text[2..];
        if item.contains(':') {
            // Read the item as the first line of a mapping two columns in.
            lines[*at] = Line {
                indent: indent + 2,
                text: item,
            };
            items.push(mapping(lines, at, indent + 2)?);
        } else {
            items.push(scalar_or_list(item.trim_end_matches(' '))?);
            *at += 1;
        }
    }
    Some(Value::Sequence(items))
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
            "principles:\n- a\n",
            "title: A\n  continued\n",
            "items:\n  - A\n    continued\n",
            "items:\n  - aspect: A\n   met: B\n",
            "items:\n  -  A\n",
            "- - a\n",
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

    /// Random documents of nested mappings and lists, a few of them slightly off (an
    /// indent out of line, a comment, a line of spaces), for the equivalence test below.
    struct Gen {
        x: u64,
        words: Vec<String>,
    }

    impl Gen {
        fn pick(&mut self, n: usize) -> usize {
            self.x ^= self.x << 13;
            self.x ^= self.x >> 7;
            self.x ^= self.x << 17;
            (self.x % n as u64) as usize
        }

        fn value(&mut self) -> String {
            let n = self.words.len();
            let (i, j) = (self.pick(n), self.pick(n));
            let (w, v) = (&self.words[i], &self.words[j]);
            match self.x % 12 {
                0 => ["null", "True", "off", "y"][j % 4].to_string(),
                1 | 2 => format!("\"{w}\""),
                3 => format!("[{w}, {v}]"),
                _ => w.clone(),
            }
        }

        fn key(&mut self) -> &'static str {
            [
                "id",
                "title",
                "met",
                "aspect",
                "skills-training",
                "items",
                "a_b",
                "Key",
                "n",
            ][self.pick(9)]
        }

        /// An indent for a block under `indent`: usually two more, now and then not.
        fn inner(&mut self, indent: usize) -> usize {
            [
                indent + 2,
                indent + 2,
                indent + 2,
                indent + 4,
                indent + 1,
                indent,
            ][self.pick(6)]
        }

        fn line(&mut self, out: &mut String, indent: usize, text: &str) {
            match self.pick(40) {
                0 => out.push_str("# a comment\n"),
                1 => out.push_str("   \n"),
                2 => out.push(' '),
                _ => {}
            }
            out.push_str(&" ".repeat(indent));
            out.push_str(text);
            out.push('\n');
        }

        fn mapping(&mut self, out: &mut String, indent: usize, first: Option<&str>, depth: u32) {
            for n in 0..1 + self.pick(3) {
                let key = self.key();
                let at = if n == 0 {
                    first.map_or(indent, |dash| dash.len())
                } else {
                    indent
                };
                let lead = if n == 0 { first.unwrap_or("") } else { "" };
                if depth < 2 && self.pick(3) == 0 {
                    self.line(out, at - lead.len(), &format!("{lead}{key}:"));
                    let inner = self.inner(indent);
                    self.block(out, inner, depth + 1);
                } else {
                    let v = self.value();
                    self.line(out, at - lead.len(), &format!("{lead}{key}: {v}"));
                }
            }
        }

        fn sequence(&mut self, out: &mut String, indent: usize, depth: u32) {
            for _ in 0..1 + self.pick(3) {
                if depth < 3 && self.pick(3) == 0 {
                    let dash = format!("{}- ", " ".repeat(indent));
                    let cont = [indent + 2, indent + 2, indent + 3, indent + 1][self.pick(4)];
                    self.mapping(out, cont, Some(&dash), depth + 1);
                } else {
                    let v = self.value();
                    self.line(out, indent, &format!("- {v}"));
                }
            }
        }

        fn block(&mut self, out: &mut String, indent: usize, depth: u32) {
            if self.pick(2) == 0 {
                self.sequence(out, indent, depth);
            } else {
                self.mapping(out, indent, None, depth);
            }
        }
    }

    #[test]
    fn nested_blocks_read_as_libyaml_reads_them() {
        let alphabet = "aaaaaaaaaaaabbbbbbbbbbbb        Zé1.'-,?:#\"[]";
        let words = crate::text::random_texts(alphabet, 9, 0xD1B54A32D192ED03, 500).collect();
        let mut g = Gen {
            x: 0x2545F4914F6CDD1D,
            words,
        };
        let (mut taken, mut nested, mut lists_of_maps) = (0, 0, 0);
        let mut text = String::new();
        for _ in 0..100_000 {
            text.clear();
            g.block(&mut text, 0, 0);
            if let Some(fast) = parse(&text) {
                let slow: Value =
                    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
                assert_eq!(fast, slow, "{text:?}");
                taken += 1;
                nested += usize::from(text.contains(":\n  "));
                lists_of_maps += usize::from(text.contains("- ") && text.contains(":\n"));
            }
        }
        assert!(
            taken > 5000 && nested > 300 && lists_of_maps > 300,
            "taken {taken} times, {nested} nested, {lists_of_maps} with lists of mappings"
        );
    }
}
