//! A chapter file's YAML front matter (typed, unknown keys rejected) and its separation
//! from the Markdown body without shifting line numbers.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Kind};
use crate::model::FrontMatter;

const FRONT_MATTER_HELP: &str = "front matter is YAML: one `key: value` per line; quote values that contain `: ` or start with a symbol";

/// Splits leading `---` front matter off `text`. The returned body keeps one empty line per
/// front-matter line so every Markdown offset still maps to the file's own line numbers.
pub fn split(text: &str, file: &Path) -> Result<(FrontMatter, String), Diagnostic> {
    let (mut fm, key_lines, body) = split_as::<FrontMatter>(text, file)?;
    fm.key_lines = key_lines;
    Ok((fm, body))
}

/// Front matter, the file line of each of its top-level keys, and the body.
pub type Split<T> = (T, Vec<(String, usize)>, String);

/// [`split`] into any front-matter type (a translation's has its own keys), with the file
/// line of each top-level key.
pub fn split_as<T: serde::de::DeserializeOwned + Default>(
    text: &str,
    file: &Path,
) -> Result<Split<T>, Diagnostic> {
    let Some(after_open) = text.strip_prefix("---\n") else {
        return Ok((T::default(), Vec::new(), text.to_string()));
    };
    let close = find_close(after_open).ok_or_else(|| {
        Diagnostic::error(
            Kind::FrontMatter,
            file,
            1,
            1,
            "the front matter that starts here is never closed",
        )
        .len(3)
        .help("end the front matter with a line holding only `---`, before the chapter text")
    })?;
    let yaml = &after_open[..close.0];
    let fm: T = if yaml.trim().is_empty() {
        T::default()
    } else {
        crate::text::plain_yaml::from_str(yaml).map_err(|e| {
            crate::met::BlockError::from_yaml(&e, yaml, 0, FRONT_MATTER_HELP).into_diagnostic(
                Kind::FrontMatter,
                file,
                2,
            )
        })?
    };
    // The YAML starts on the file's line 2, below the opening `---`.
    let key_lines = yaml
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with([' ', '\t', '-', '#']))
        .filter_map(|(n, l)| {
            l.split_once(':')
                .map(|(k, _)| (k.trim().to_string(), n + 2))
        })
        .collect();
    Ok((fm, key_lines, body_after(text, 4 + close.1)))
}

/// The line of a `---` that looks like front matter but is not on the first line (a blank
/// line or a byte-order mark before it), so it would be shown as a rule and text.
pub fn misplaced_front_matter(text: &str) -> Option<usize> {
    if text.starts_with("---\n") {
        return None;
    }
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let (n, first) = lines.next()?;
    let (_, second) = lines.next()?;
    let key = second.split_once(':').map(|(k, _)| k.trim()).unwrap_or("");
    let known = [
        "id",
        "title",
        "kind",
        "number",
        "summary",
        "description",
        "principles",
        "no-glossary",
    ];
    (n > 0 && first.trim_end() == "---" && known.contains(&key)).then_some(n + 1)
}

/// The chapter text after its front matter, with the front matter's lines kept blank so
/// line numbers stay the file's. After front matter with a mistake, the chapter is still
/// read this way: its headings exist, and links to them are not reported as well.
pub fn body_only(text: &str) -> String {
    match text.strip_prefix("---\n").and_then(find_close) {
        Some(close) => body_after(text, 4 + close.1),
        None => String::new(),
    }
}

fn body_after(text: &str, consumed: usize) -> String {
    let lines = text[..consumed].matches('\n').count();
    let mut body = "\n".repeat(lines);
    body.push_str(&text[consumed..]);
    body
}

/// Finds the closing `---` (or `...`) line: (offset of that line, offset after it).
fn find_close(s: &str) -> Option<(usize, usize)> {
    let mut start = 0;
    for line in s.split_inclusive('\n') {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return Some((start, start + line.len()));
        }
        start += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ChapterKind;

    #[test]
    fn front_matter_keeps_line_numbers() {
        let (fm, body) = split(
            "---\ntitle: A\nkind: principle\nnumber: 2\n---\n# H\n",
            Path::new("a.md"),
        )
        .unwrap();
        assert_eq!(fm.title.as_deref(), Some("A"));
        assert_eq!(fm.kind, ChapterKind::Principle);
        assert_eq!(body.lines().position(|l| l == "# H"), Some(5));
    }

    #[test]
    fn unknown_key_points_at_its_line() {
        let e = split("---\ntitle: A\ntitel: B\n---\n", Path::new("a.md")).unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        assert!(e.message.contains("titel"));
    }

    #[test]
    fn unclosed_front_matter() {
        let e = split("---\ntitle: A\n", Path::new("a.md")).unwrap_err();
        assert!(e.message.contains("never closed"));
    }
}
