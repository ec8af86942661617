//! mdBook's `{{#include path}}` directive, with `:N`, `:N:M`, `:N:`, `::M` line ranges and
//! `:anchor` ranges (between `ANCHOR: name` and `ANCHOR_END: name` lines), and its
//! relatives `{{#rustdoc_include}}` (the whole file, lines outside the range hidden with
//! `# ` as mdBook does), `{{#playground}}` (the file as a Rust code block) and
//! `{{#title}}`. Text that does not read as a directive (`{{#include}}` with no path, an
//! unknown name) is left alone, as mdBook leaves it. Expansion keeps a line map so a
//! problem inside included text is reported at the included file's line.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Kind};
use crate::load::source::read_text;
use crate::model::line_map::{LineMap, MapRun};

const MAX_DEPTH: usize = 10;

pub(crate) struct Expanded {
    pub text: String,
    pub map: Option<LineMap>,
    /// Set by `{{#title …}}`.
    pub title: Option<String>,
}

/// Expands every include in `text` (read from `file`); `root` (the project root, see
/// [`project_root`]) bounds what may be included.
pub(crate) fn expand(
    text: String,
    file: &Path,
    root: &Path,
    errors: &mut Vec<Diagnostic>,
) -> Expanded {
    if next_directive(&text).is_none() {
        return Expanded {
            text,
            map: None,
            title: None,
        };
    }
    let mut map = LineMap::default();
    let mut out = String::with_capacity(text.len());
    let mut stack = vec![canonical(file)];
    let mut title = None;
    let mut cx = Cx {
        root,
        out: &mut out,
        map: &mut map,
        stack: &mut stack,
        errors,
        title: &mut title,
    };
    expand_into(&text, None, file, &mut cx);
    Expanded {
        text: out,
        map: Some(map),
        title,
    }
}

/// The folder includes may reach into: `[build] project-root` when set, else the nearest
/// folder above the book holding `.git` (the author's repository), else the book itself.
pub(crate) fn project_root(book_root: &Path, configured: Option<&Path>) -> PathBuf {
    let book = canonical(book_root);
    if let Some(p) = configured {
        return canonical(&book.join(p));
    }
    book.ancestors()
        .find(|a| a.join(".git").exists())
        .map(Path::to_path_buf)
        .unwrap_or(book)
}

/// What the expansion of one chapter carries along.
struct Cx<'a> {
    root: &'a Path,
    out: &'a mut String,
    map: &'a mut LineMap,
    stack: &'a mut Vec<PathBuf>,
    errors: &'a mut Vec<Diagnostic>,
    title: &'a mut Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Verb {
    Include,
    RustdocInclude,
    Playground,
    Title,
}

/// One `{{#name args}}` found in a text: byte range, what it asks, its arguments.
struct Directive<'a> {
    start: usize,
    end: usize,
    verb: Verb,
    args: &'a str,
}

/// The next directive mdBook would expand: `{{`, optional spaces, `#name`, at least one
/// space, then arguments without `}` up to `}}`. Anything else is text.
fn next_directive(text: &str) -> Option<Directive<'_>> {
    let mut from = 0;
    // memchr's search: `str::find` with a string pattern was a measurable share of
    // loading, since every chapter is searched in full and almost none has a directive.
    while let Some(i) = memchr::memmem::find(&text.as_bytes()[from..], b"{{").map(|i| i + from) {
        from = i + 2;
        let inner = text[i + 2..].trim_start();
        let Some(rest) = inner.strip_prefix('#') else {
            continue;
        };
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let verb = match &rest[..name_len] {
            "include" => Verb::Include,
            "rustdoc_include" => Verb::RustdocInclude,
            "playground" | "playpen" => Verb::Playground,
            "title" => Verb::Title,
            _ => continue,
        };
        let after = &rest[name_len..];
        let Some(close) = after.find('}') else {
            continue;
        };
        let args = &after[..close];
        if !after[close..].starts_with("}}")
            || !args.starts_with(char::is_whitespace)
            || args.trim().is_empty()
        {
            continue;
        }
        let end = text.len() - after.len() + close + 2;
        return Some(Directive {
            start: i,
            end,
            verb,
            args: args.trim(),
        });
    }
    None
}

fn expand_into(text: &str, lines: Option<std::sync::Arc<[usize]>>, file: &Path, cx: &mut Cx) {
    let run = |start: usize, from: usize| MapRun {
        start,
        file: file.to_path_buf(),
        from,
        lines: lines.clone(),
    };
    cx.map.runs.push(run(cx.out.matches('\n').count() + 1, 1));
    let mut rest = text;
    // Newlines of `text` that lie before `rest`, so line numbers stay those of `file`.
    let mut lines_before = 0usize;
    while let Some(d) = next_directive(rest) {
        let (pos, whole) = (d.start, &rest[d.start..d.end]);
        let line_in_file = lines_before + rest[..pos].matches('\n').count() + 1;
        if pos > 0 && rest.as_bytes()[pos - 1] == b'\\' {
            // `\{{#include x}}` is shown literally, as in mdBook.
            cx.out.push_str(&rest[..pos - 1]);
            cx.out.push_str(whole);
        } else if d.verb == Verb::Title {
            cx.out.push_str(&rest[..pos]);
            *cx.title = Some(d.args.to_string());
        } else {
            cx.out.push_str(&rest[..pos]);
            let col = rest[..pos]
                .rsplit('\n')
                .next()
                .unwrap_or("")
                .chars()
                .count()
                + 1;
            match include_one(&d, file, cx.root, cx.stack) {
                Ok((included, numbers, inc_path)) => {
                    cx.stack.push(canonical(&inc_path));
                    expand_into(&included, Some(numbers.into()), &inc_path, cx);
                    cx.stack.pop();
                }
                Err((msg, help)) => {
                    cx.errors.push(
                        Diagnostic::error(Kind::Include, file, line_in_file, col, msg)
                            .len(whole.chars().count())
                            .help(help),
                    );
                }
            }
            // Included text has no final newline: its last line is the directive's line,
            // and the including file resumes on the next.
            let after_line = cx.out.matches('\n').count() + 1;
            let resumes = line_in_file + whole.matches('\n').count();
            if cx.out.ends_with('\n') || cx.out.is_empty() {
                cx.map.runs.push(run(after_line, resumes));
            } else {
                cx.map.runs.push(run(after_line + 1, resumes + 1));
            }
        }
        lines_before += rest[..d.end].matches('\n').count();
        rest = &rest[d.end..];
    }
    cx.out.push_str(rest);
}

fn include_one(
    d: &Directive,
    file: &Path,
    root: &Path,
    stack: &[PathBuf],
) -> Result<(String, Vec<usize>, PathBuf), (String, String)> {
    // `{{#playground file.rs editable}}`: words after the path are code-block attributes.
    let mut words = d.args.split_whitespace();
    let arg = words.next().unwrap_or("");
    let attrs: Vec<&str> = words.collect();
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
    if !canon.starts_with(root) {
        return Err((
            format!(
                "`{path_part}` lies outside the book's project folder ({})",
                root.display()
            ),
            "includes may reach anywhere inside the project: the nearest folder above the book that holds `.git`, or the folder set by `[build] project-root` in book.toml; set project-root to a folder that holds this file, or copy the file into the book".into(),
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
    let hint = |m| {
        (
            m,
            "use `:N`, `:N:M`, `:N:`, `::M` or `:anchor-name`".to_string(),
        )
    };
    let selected = match d.verb {
        Verb::RustdocInclude => select_rustdoc(&text, range).map_err(hint)?,
        Verb::Playground => fenced(&text, &attrs),
        _ => select(&text, range).map_err(hint)?,
    };
    Ok((selected.0, selected.1, target))
}

/// `{{#rustdoc_include}}`: every line of the file, those outside the range hidden with a
/// `# ` prefix (rustdoc's hidden lines, which metbook's code blocks leave out).
fn select_rustdoc(text: &str, range: Range<'_>) -> Result<(String, Vec<usize>), String> {
    let (_, shown) = select(text, range)?;
    let mut out = Vec::new();
    let mut numbers = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !is_anchor_line(l)) {
        if shown.contains(&(i + 1)) {
            out.push(line.to_string());
        } else {
            out.push(format!("# {line}"));
        }
        numbers.push(i + 1);
    }
    Ok((out.join("\n"), numbers))
}

/// `{{#playground file.rs attrs}}`: the file as a fenced Rust code block, as mdBook writes it.
fn fenced(text: &str, attrs: &[&str]) -> (String, Vec<usize>) {
    let info = std::iter::once("rust")
        .chain(attrs.iter().copied())
        .collect::<Vec<_>>()
        .join(",");
    let body: Vec<&str> = text.lines().collect();
    let n = body.len();
    let out = format!("```{info}\n{}\n```", body.join("\n"));
    let numbers = std::iter::once(1)
        .chain(1..=n)
        .chain(std::iter::once(n.max(1)))
        .collect();
    (out, numbers)
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
        let (hidden, _) = select_rustdoc("a\nb\nc", Range::Lines(Some(2), Some(2))).unwrap();
        assert_eq!(hidden, "# a\nb\n# c");
    }

    #[test]
    fn only_well_formed_directives_are_expanded() {
        assert!(next_directive("prose about `{{#include}}` here").is_none());
        assert!(next_directive("{{#unknown x}} and {{#includefile}}").is_none());
        let d = next_directive("a {{ #include  b.md:2 }} c").unwrap();
        assert_eq!(d.args, "b.md:2");
        assert!(next_directive("{{#title My Title}}").is_some());
    }
}
