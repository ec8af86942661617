//! Reading which top-level modules a source file refers to: `crate::…` paths, and `super::`
//! chains that climb to the crate root (from `src/model/mod.rs`, `super::render` is the
//! crate's `render` as surely as `crate::render` is).

use std::collections::BTreeSet;
use std::path::Path;

/// The top-level modules the file at `rel` (relative to `src/`) refers to.
pub(crate) fn edges(rel: &Path, source: &str) -> BTreeSet<String> {
    let mut out = crate_uses(source);
    out.extend(super_uses(rel, source));
    out
}

/// The top-level modules a source file refers to through `crate::…`.
pub(crate) fn crate_uses(source: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = source;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        out.extend(heads(rest));
    }
    out
}

/// The first segments of the path or `{…}` group that `rest` starts with: `a` of `a::B`,
/// `a` and `c` of `{a::B, c}`; `*` for a glob, which reaches every module.
fn heads(rest: &str) -> Vec<String> {
    let Some(group) = rest.strip_prefix('{') else {
        return first_segment(rest).into_iter().collect();
    };
    let mut out = Vec::new();
    let mut depth = 0;
    let mut item = String::new();
    for ch in group.chars() {
        match ch {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.extend(first_segment(&item));
                item.clear();
                continue;
            }
            _ => {}
        }
        if depth == 0 {
            item.push(ch);
        }
    }
    out.extend(first_segment(&item));
    out
}

fn first_segment(s: &str) -> Option<String> {
    let s = s.trim_start();
    if s.starts_with('*') {
        return Some("*".into());
    }
    let name: String = s.chars().take_while(|c| is_ident(*c)).collect();
    (!name.is_empty() && name != "self").then_some(name)
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// How deep the file at `rel` sits below the crate root: `lib.rs` 0, `a.rs` and
/// `a/mod.rs` 1, `a/b.rs` and `a/b/mod.rs` 2.
fn file_depth(rel: &Path) -> usize {
    let parts = rel.components().count();
    let name = rel.file_name().unwrap_or_default();
    if parts == 1 && (name == "lib.rs" || name == "main.rs") {
        0
    } else if name == "mod.rs" {
        parts - 1
    } else {
        parts
    }
}

/// The top-level modules reached by `super::` chains that climb exactly to the crate root;
/// inline `mod x { … }` blocks count as one level each, so a test module's `super::*` is
/// its own file's module.
fn super_uses(rel: &Path, source: &str) -> BTreeSet<String> {
    let code = code_only(source);
    let depth = file_depth(rel);
    let mut out = BTreeSet::new();
    // One entry per open brace: whether it opened an inline module.
    let mut braces: Vec<bool> = Vec::new();
    let mut mod_pending = false;
    let mut i = 0;
    while let Some(c) = code[i..].chars().next() {
        // Whole words are skipped below, so an identifier character here starts a word.
        if !is_ident(c) {
            match c {
                '{' => braces.push(std::mem::take(&mut mod_pending)),
                '}' => drop(braces.pop()),
                ';' => mod_pending = false,
                _ => {}
            }
            i += c.len_utf8();
            continue;
        }
        let word_len = code[i..].find(|c| !is_ident(c)).unwrap_or(code.len() - i);
        let word = &code[i..i + word_len];
        if word == "mod" {
            mod_pending = true;
        } else if word == "super" && !code[..i].ends_with("::") {
            let climbs = chain_length(&code[i..]);
            let inline = braces.iter().filter(|m| **m).count();
            let after = &code[i + climbs * "super::".len()..];
            if climbs > 0 && climbs == depth + inline {
                out.extend(heads(after));
            }
        }
        i += word_len;
    }
    out
}

/// How many `super::` the text starts with.
fn chain_length(mut s: &str) -> usize {
    let mut n = 0;
    while let Some(rest) = s.strip_prefix("super::") {
        n += 1;
        s = rest;
    }
    n
}

/// `source` with comments and string and character literals blanked (newlines kept, byte
/// offsets unchanged), so that braces and paths inside them are not read as code.
fn code_only(source: &str) -> String {
    let b = source.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    while i < b.len() {
        let end = if b[i..].starts_with(b"//") {
            Some(
                b[i..]
                    .iter()
                    .position(|&x| x == b'\n')
                    .map_or(b.len(), |p| i + p),
            )
        } else if b[i..].starts_with(b"/*") {
            Some(block_comment_end(b, i))
        } else if b[i] == b'"' {
            Some(string_end(b, i + 1))
        } else if b[i] == b'\'' {
            char_end(source, i)
        } else if b[i].is_ascii_alphanumeric() || b[i] == b'_' {
            let len = b[i..]
                .iter()
                .position(|x| !(x.is_ascii_alphanumeric() || *x == b'_'))
                .unwrap_or(b.len() - i);
            let raw = matches!(&b[i..i + len], b"r" | b"br" | b"cr");
            match raw.then(|| raw_string_end(b, i + len)).flatten() {
                Some(end) => Some(end),
                None => {
                    i += len;
                    continue;
                }
            }
        } else {
            None
        };
        match end {
            Some(end) => {
                for x in &mut out[i..end] {
                    if *x != b'\n' {
                        *x = b' ';
                    }
                }
                i = end;
            }
            None => i += 1,
        }
    }
    String::from_utf8(out).expect("whole characters were blanked")
}

fn block_comment_end(b: &[u8], start: usize) -> usize {
    let (mut depth, mut i) = (0, start);
    while i < b.len() {
        if b[i..].starts_with(b"/*") {
            depth += 1;
            i += 2;
        } else if b[i..].starts_with(b"*/") {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    b.len()
}

/// The end of a string whose text starts at `i` (after the opening quote).
fn string_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// The end of a raw string whose `#`s or quote start at `i`, or `None` for a raw
/// identifier (`r#type`).
fn raw_string_end(b: &[u8], i: usize) -> Option<usize> {
    let hashes = b[i..].iter().take_while(|&&x| x == b'#').count();
    if b.get(i + hashes) != Some(&b'"') {
        return None;
    }
    let mut close = vec![b'"'];
    close.extend(std::iter::repeat_n(b'#', hashes));
    let from = i + hashes + 1;
    let end = b[from..]
        .windows(close.len())
        .position(|w| w == close.as_slice())
        .map_or(b.len(), |p| from + p + close.len());
    Some(end)
}

/// The end of a character literal at `i`, or `None` when the quote starts a lifetime.
fn char_end(source: &str, i: usize) -> Option<usize> {
    let b = source.as_bytes();
    if b.get(i + 1) == Some(&b'\\') {
        // '\n', '\'', '\\', '\u{1F600}': the closing quote comes after the escape's first two.
        return b
            .get(i + 3..)?
            .iter()
            .position(|&x| x == b'\'')
            .map(|p| i + 3 + p + 1);
    }
    let c = source[i + 1..].chars().next()?;
    let after = i + 1 + c.len_utf8();
    (b.get(after) == Some(&b'\'')).then_some(after + 1)
}
