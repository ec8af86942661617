//! mdBook's `{{#include path}}` directive, with `:N`, `:N:M`, `:N:`, `::M` line ranges and
//! `:anchor` ranges (between `ANCHOR: name` and `ANCHOR_END: name` lines). Expansion keeps a
//! line map so a problem inside included text is reported at the included file's line.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Kind};
use crate::load::source::read_text;
use crate::model::line_map::{LineMap, MapRun};

const MAX_DEPTH: usize = 10;

pub struct Expanded {
    pub text: String,
    pub map: Option<LineMap>,
}

/// Expands every include in `text` (read from `file`); `root` bounds what may be included.
pub fn expand(text: String, file: &Path, root: &Path, errors: &mut Vec<Diagnostic>) -> Expanded {
    if !text.contains("{{#include") {
        return Expanded { text, map: None };
    }
    let mut map = LineMap::default();
    let mut out = String::with_capacity(text.len());
    let mut stack = vec![canonical(file)];
    expand_into(
        &text, None, file, root, &mut out, &mut map, &mut stack, errors,
    );
    Expanded {
        text: out,
        map: Some(map),
    }
}

#[allow(clippy::too_many_arguments)]
fn expand_into(
    text: &str,
    lines: Option<std::sync::Arc<[usize]>>,
    file: &Path,
    root: &Path,
    out: &mut String,
    map: &mut LineMap,
    stack: &mut Vec<PathBuf>,
    errors: &mut Vec<Diagnostic>,
) {
    let run = |start: usize, from: usize| MapRun {
        start,
        file: file.to_path_buf(),
        from,
        lines: lines.clone(),
    };
    map.runs.push(run(out.matches('\n').count() + 1, 1));
    let mut rest = text;
    // Newlines of `text` that lie before `rest`, so line numbers stay those of `file`.
    let mut lines_before = 0usize;
    while let Some(pos) = rest.find("{{#include") {
        let Some(end) = rest[pos..].find("}}") else {
            break;
        };
        let whole = &rest[pos..pos + end + 2];
        let line_in_file = lines_before + rest[..pos].matches('\n').count() + 1;
        if pos > 0 && rest.as_bytes()[pos - 1] == b'\\' {
            // `\{{#include x}}` is shown literally, as in mdBook.
            out.push_str(&rest[..pos - 1]);
            out.push_str(whole);
        } else {
            out.push_str(&rest[..pos]);
            let col = rest[..pos]
                .rsplit('\n')
                .next()
                .unwrap_or("")
                .chars()
                .count()
                + 1;
            let arg = whole[2..whole.len() - 2]
                .trim_start_matches("#include")
                .trim();
            match include_one(arg, file, root, stack) {
                Ok((included, numbers, inc_path)) => {
                    stack.push(canonical(&inc_path));
                    let numbers = Some(numbers.into());
                    expand_into(&included, numbers, &inc_path, root, out, map, stack, errors);
                    stack.pop();
                }
                Err((msg, help)) => {
                    errors.push(
                        Diagnostic::error(Kind::Include, file, line_in_file, col, msg)
                            .len(whole.chars().count())
                            .help(help),
                    );
                }
            }
            // Included text has no final newline: its last line is the directive's line,
            // and the including file resumes on the next.
            let after_line = out.matches('\n').count() + 1;
            let resumes = line_in_file + whole.matches('\n').count();
            if out.ends_with('\n') || out.is_empty() {
                map.runs.push(run(after_line, resumes));
            } else {
                map.runs.push(run(after_line + 1, resumes + 1));
            }
        }
        lines_before += rest[..pos + end + 2].matches('\n').count();
        rest = &rest[pos + end + 2..];
    }
    out.push_str(rest);
}

fn include_one(
    arg: &str,
    file: &Path,
    root: &Path,
    stack: &[PathBuf],
) -> Result<(String, Vec<usize>, PathBuf), (String, String)> {
    let (path_part, range) = split_range(arg);
    if path_part.is_empty() {
        return Err((
            "`{{#include}}` needs a file path".into(),
            "write `{{#include path/to/file.md}}`".into(),
        ));
    }
    let target = file.parent().unwrap_or(Path::new(".")).join(path_part);
    let canon = target.canonicalize().map_err(|e| {
        (
            format!("cannot include `{path_part}`: {e}"),
            "check the path; it is relative to the file that contains the include".into(),
        )
    })?;
    if !canon.starts_with(canonical(root)) {
        return Err((
            format!("`{path_part}` lies outside the book"),
            "only files inside the book's folder can be included; copy the file into the book"
                .into(),
        ));
    }
    if stack.contains(&canon) {
        return Err((
            format!(
                "including `{path_part}` here would include it inside itself (an include cycle)"
            ),
            "remove this include, or the include in the other file that leads back here".into(),
        ));
    }
    if stack.len() >= MAX_DEPTH {
        return Err((
            "includes are nested too deeply (more than 10 levels)".into(),
            "flatten the includes".into(),
        ));
    }
    let text = read_text(&target).map_err(|d| {
        (
            format!("cannot include `{path_part}`: {}", d.message),
            d.help,
        )
    })?;
    let selected = select(&text, range).map_err(|m| {
        (
            m,
            "use `:N`, `:N:M`, `:N:`, `::M` or `:anchor-name`".to_string(),
        )
    })?;
    Ok((selected.0, selected.1, target))
}

enum Range<'a> {
    All,
    Lines(Option<usize>, Option<usize>),
    Anchor(&'a str),
}

fn split_range(arg: &str) -> (&str, Range<'_>) {
    let mut parts = arg.splitn(3, ':');
    let path = parts.next().unwrap_or("").trim();
    let a = parts.next();
    let b = parts.next();
    let range = match (a, b) {
        (None, _) => Range::All,
        (Some(a), None) => match a.trim().parse::<usize>() {
            Ok(n) => Range::Lines(Some(n), Some(n)),
            Err(_) => Range::Anchor(a.trim()),
        },
        (Some(a), Some(b)) => Range::Lines(a.trim().parse().ok(), b.trim().parse().ok()),
    };
    (path, range)
}

/// The selected text, and the line number in `text` of each of its lines.
fn select(text: &str, range: Range<'_>) -> Result<(String, Vec<usize>), String> {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    let keep = |l: &&(usize, &str)| !is_anchor_line(l.1);
    let picked: Vec<(usize, &str)> = match range {
        Range::All => lines.iter().filter(keep).copied().collect(),
        Range::Lines(a, b) => {
            let start = a.unwrap_or(1).max(1) - 1;
            let end = b.unwrap_or(lines.len()).min(lines.len());
            lines
                .get(start..end.max(start))
                .unwrap_or(&[])
                .iter()
                .filter(keep)
                .copied()
                .collect()
        }
        Range::Anchor(name) => {
            let start = lines
                .iter()
                .position(|l| anchor_name(l.1, "ANCHOR:") == Some(name))
                .ok_or_else(|| format!("anchor `{name}` not found in the included file"))?;
            let end = lines[start..]
                .iter()
                .position(|l| anchor_name(l.1, "ANCHOR_END:") == Some(name))
                .map(|e| start + e)
                .unwrap_or(lines.len());
            lines[start + 1..end].iter().filter(keep).copied().collect()
        }
    };
    // No trailing newline: the text after the directive supplies it, as in mdBook.
    let text = picked.iter().map(|l| l.1).collect::<Vec<_>>().join("\n");
    Ok((text, picked.iter().map(|l| l.0).collect()))
}

/// The anchor name after `marker`, up to whitespace or a comment closer, so
/// `// ANCHOR: x`, `/* ANCHOR: x */` and `<!-- ANCHOR: x -->` all name `x`.
fn anchor_name<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let i = line.find(marker)?;
    let name = line[i + marker.len()..].trim();
    let end = name
        .find(|c: char| c.is_whitespace() || c == '*')
        .unwrap_or(name.len());
    Some(name[..end].trim_end_matches("-->"))
}

fn is_anchor_line(line: &str) -> bool {
    line.contains("ANCHOR:") || line.contains("ANCHOR_END:")
}

fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_anchors() {
        assert_eq!(anchor_name("<!-- ANCHOR: y -->", "ANCHOR:"), Some("y"));
        assert_eq!(anchor_name("/* ANCHOR_END: z */", "ANCHOR_END:"), Some("z"));
        let t = "a\nb\n// ANCHOR: x\nc\nd\n// ANCHOR_END: x\ne\n";
        let sel = |r| select(t, r).unwrap();
        assert_eq!(sel(Range::Lines(Some(2), Some(2))), ("b".into(), vec![2]));
        assert_eq!(
            sel(Range::Lines(None, Some(2))),
            ("a\nb".into(), vec![1, 2])
        );
        assert_eq!(sel(Range::Anchor("x")), ("c\nd".into(), vec![4, 5]));
        assert_eq!(
            sel(Range::All),
            ("a\nb\nc\nd\ne".into(), vec![1, 2, 4, 5, 7])
        );
        assert!(select(t, Range::Anchor("nope")).is_err());
    }
}
