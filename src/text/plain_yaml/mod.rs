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
mod tests;
