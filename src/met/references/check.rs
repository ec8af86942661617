//! Validation of `references.yml` before hayagriva sees it, and translation of
//! hayagriva's own errors into plain language.
//!
//! hayagriva stops at the first problem and words it for programmers
//! ("unknown variant `boook`, expected one of `Article`, `article`, …").
//! A clinician editing the file wants every problem at once, located, with
//! a fix. So we first read the file as generic YAML (yaml_serde, which the
//! main crate already uses) and check the shape, the entry types and the
//! field names ourselves; only then does hayagriva parse it.

use std::str::FromStr;

use hayagriva::types::EntryType;
use serde_yaml::{Mapping, Value};

use super::RefError;

/// Every field hayagriva 0.10 reads (from its `entry!` macro). Anything else
/// is silently dropped by hayagriva, so a typo like `auther` would lose data.
const FIELDS: &[&str] = &[
    "type",
    "parent",
    "title",
    "author",
    "date",
    "editor",
    "affiliated",
    "publisher",
    "location",
    "organization",
    "issue",
    "chapter",
    "volume",
    "volume-total",
    "edition",
    "page-range",
    "page-total",
    "time-range",
    "runtime",
    "url",
    "serial-number",
    "language",
    "archive",
    "archive-location",
    "call-number",
    "note",
    "abstract",
    "genre",
];

/// The types a treatment manual usually needs, for help texts.
const COMMON_TYPES: &str = "book, article, chapter, report, thesis, web, misc";

fn err(line: usize, col: usize, message: String, help: String) -> RefError {
    RefError {
        line: line.max(1),
        col: col.max(1),
        message,
        help,
    }
}

/// Reads the file as YAML; returns the top-level mapping (None for an empty file).
pub(super) fn parse_yaml(text: &str) -> Result<Option<Mapping>, RefError> {
    let value: Value = serde_yaml::from_str(text).map_err(|e| {
        // Clamped into the text: libyaml may place an error one line past its end.
        let at = crate::text::yaml_position(&e, text);
        let (line, col) = (at.line, at.col);
        let raw = at.message.as_str();
        if let Some(dup) = raw.split_once("duplicate entry with key ").map(|(_, k)| k.trim_matches('"')) {
            // yaml_serde gives no position for duplicates: find the second key line.
            let line = key_line(text, dup, 2).unwrap_or(line);
            return err(line, 1, format!("The reference key `{dup}` is used twice."),
                "Every reference needs its own key. Rename one of them, e.g. miller1991a and miller1991b.".into());
        }
        yaml_syntax_error(text, &e.to_string(), raw, line, col)
    })?;
    match value {
        Value::Null => Ok(None),
        Value::Mapping(m) => Ok(Some(m)),
        _ => Err(err(
            1,
            1,
            "The references file must be a list of entries, each under its own key.".into(),
            "Start each entry with its key at the start of a line, e.g. `miller1991:`, \
             and indent its fields (type, title, author, date) below it."
                .into(),
        )),
    }
}

/// Words a YAML syntax error for people who do not know YAML.
fn yaml_syntax_error(text: &str, full: &str, raw: &str, line: usize, col: usize) -> RefError {
    // "…, while scanning a quoted scalar at line 3 column 10": the place where
    // the unfinished construct began is where the mistake is.
    let started = full.split_once(", while ").and_then(|(_, w)| {
        let (_, pos) = w.split_once(" at line ")?;
        let (l, c) = pos.split_once(" column ")?;
        Some((l.trim().parse().ok()?, c.trim().parse().ok()?))
    });
    let tab = text.lines().nth(line.saturating_sub(1)).is_some_and(|l| {
        l.chars()
            .take_while(|c| c.is_whitespace())
            .any(|c| c == '\t')
    });
    let generic = "Check this line and the one above: indent with spaces (not tabs), close every \
                   quote and bracket, and put a title that contains \": \" in double quotes.";
    let (msg, help, (l, c)) = if tab {
        (
            "This line is indented with a tab.".to_string(),
            "Indent with spaces only (two spaces per level).",
            (line, 1),
        )
    } else if full.contains("scanning a quoted scalar") {
        (
            "A quotation mark opened here is never closed.".into(),
            "Add the closing quotation mark at the end of the value.",
            started.unwrap_or((line, col)),
        )
    } else if raw.contains("mapping values are not allowed") {
        ("A value here contains \": \", which YAML reads as a new field.".into(), "Put the whole value in double quotes, e.g. title: \"Motivational interviewing: Preparing people\"", (line, col))
    } else if raw.contains("expected ',' or ']'") || raw.contains("expected ',' or '}'") {
        ("A list in brackets is not closed, or an item in it needs quotes.".into(), "Close the bracket and quote names that contain commas, e.g. [\"Miller, William R.\", \"Rollnick, Stephen\"].", started.unwrap_or((line, col)))
    } else if raw.contains("did not find expected key") || raw.contains("block end") {
        (
            "The indentation of this line does not match the lines around it.".into(),
            "Indent every field of an entry by the same number of spaces.",
            (line, col),
        )
    } else {
        (
            format!("The references file is not valid YAML here: {raw}."),
            generic,
            (line, col),
        )
    };
    err(l, c, msg, help.into())
}

/// Checks keys, entry shapes, types and field names; collects every problem.
pub(super) fn check_entries(text: &str, map: &Mapping) -> Vec<RefError> {
    let mut errors = Vec::new();
    for (k, v) in map {
        let Some(key) = key_string(k) else {
            errors.push(err(
                1,
                1,
                "A reference key is not a plain word.".into(),
                "Use a short word such as miller1991 as the key of every entry.".into(),
            ));
            continue;
        };
        let line = key_line(text, &key, 1).unwrap_or(1);
        match v {
            Value::Mapping(fields) => check_fields(text, &key, line, fields, true, &mut errors),
            _ => errors.push(err(line, 1, format!("Reference `{key}` has no fields."),
                format!("Indent the fields of `{key}` on the lines below it, e.g.\n  type: book\n  title: …\n  author: [\"Miller, William R.\"]\n  date: 1991"))),
        }
    }
    errors
}

fn check_fields(
    text: &str,
    key: &str,
    line: usize,
    fields: &Mapping,
    top: bool,
    errors: &mut Vec<RefError>,
) {
    let what = if top {
        format!("Reference `{key}`")
    } else {
        format!("The parent of reference `{key}`")
    };
    match fields.get("type") {
        // Parents may omit the type: hayagriva uses the child's default parent.
        None if top => errors.push(err(
            line,
            1,
            format!("{what} has no `type`."),
            format!("Add a line `type: book` (or another type: {COMMON_TYPES}) under `{key}:`."),
        )),
        None => {}
        Some(t) => {
            let ok = t.as_str().is_some_and(|s| EntryType::from_str(s).is_ok());
            if !ok {
                let shown = t
                    .as_str()
                    .map_or_else(|| "(not a word)".to_string(), str::to_string);
                let l = field_line(text, line, "type").unwrap_or(line);
                let lower = t
                    .as_str()
                    .map(str::to_lowercase)
                    .filter(|s| EntryType::from_str(s).is_ok());
                let help = match lower {
                    Some(s) => format!("Write the type in lower case: `type: {s}`."),
                    None => format!("Use one of: {COMMON_TYPES} (also: anthology, proceedings, periodical, newspaper, video, audio, patent, legislation, manuscript, reference)."),
                };
                errors.push(err(
                    l,
                    1,
                    format!("{what} has an unknown type `{shown}`."),
                    help,
                ));
            }
        }
    }
    for (name, value) in fields {
        let name = name.as_str().unwrap_or("");
        if !FIELDS.contains(&name) {
            let l = field_line(text, line, name).unwrap_or(line);
            let help = match suggest(name) {
                Some(s) => format!("Did you mean `{s}`? Otherwise remove the line."),
                None => format!("Known fields are: {}.", FIELDS.join(", ")),
            };
            errors.push(err(
                l,
                1,
                format!("{what} has a field `{name}` that is not understood."),
                help,
            ));
        }
        if name == "parent" {
            let parents: Vec<&Value> = match value {
                Value::Sequence(s) => s.iter().collect(),
                v => vec![v],
            };
            for p in parents {
                if let Value::Mapping(pm) = p {
                    let pl = field_line(text, line, "parent").unwrap_or(line);
                    check_fields(text, key, pl, pm, false, errors);
                }
            }
        }
    }
}

/// A field name close to `name` (one typo, or a known synonym).
fn suggest(name: &str) -> Option<&'static str> {
    let synonyms = [
        ("authors", "author"),
        ("year", "date"),
        ("pages", "page-range"),
        ("journal", "parent"),
        ("editors", "editor"),
        ("number", "serial-number"),
        ("doi", "serial-number"),
        ("isbn", "serial-number"),
        ("address", "location"),
        ("booktitle", "parent"),
        ("institution", "organization"),
        ("link", "url"),
    ];
    let lower = name.to_lowercase();
    if let Some((_, s)) = synonyms.iter().find(|(k, _)| *k == lower) {
        return Some(s);
    }
    FIELDS
        .iter()
        .copied()
        .find(|f| crate::text::distance(f, &lower) <= 1)
}

fn key_string(k: &Value) -> Option<String> {
    match k {
        Value::String(s) => Some(s.clone()),
        // hayagriva accepts `1991:` as key "1991"; so do we.
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// 1-based line of the `nth` top-level line that starts entry `key`.
/// yaml_serde values carry no positions, so we look for the key in the text.
pub(super) fn key_line(text: &str, key: &str, nth: usize) -> Option<usize> {
    let mut seen = 0;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with([' ', '\t', '#']) {
            continue;
        }
        let rest = [key.to_string(), format!("\"{key}\""), format!("'{key}'")]
            .into_iter()
            .find_map(|k| line.strip_prefix(k.as_str()).map(str::to_string));
        if rest.is_some_and(|r| r.trim_start().starts_with(':')) {
            seen += 1;
            if seen == nth {
                return Some(i + 1);
            }
        }
    }
    None
}

/// 1-based line of `field:` inside the entry that starts at `entry_line`.
pub(super) fn field_line(text: &str, entry_line: usize, field: &str) -> Option<usize> {
    for (i, line) in text.lines().enumerate().skip(entry_line) {
        if !line.is_empty() && !line.starts_with([' ', '\t', '#']) {
            return None; // reached the next entry
        }
        let t = line.trim_start().trim_start_matches("- ");
        if t.strip_prefix(field)
            .is_some_and(|r| r.trim_start().starts_with(':'))
        {
            return Some(i + 1);
        }
    }
    None
}

/// Translates a hayagriva parse error (which has a position and a path such
/// as `miller1991.author[0]: too many parts`) into a plain-language error.
pub(super) fn from_hayagriva(
    text: &str,
    keys: &[String],
    e_msg: &str,
    loc: Option<(usize, usize)>,
) -> RefError {
    let raw = e_msg.split(" at line ").next().unwrap_or(e_msg);
    // Longest known key that the path starts with (keys may contain dots).
    let key = keys
        .iter()
        .filter(|k| {
            raw.strip_prefix(k.as_str())
                .is_some_and(|r| r.starts_with(['.', '[', ':']))
        })
        .max_by_key(|k| k.len());
    let (path, msg) = match key {
        Some(k) => raw[k.len()..].split_once(": ").unwrap_or(("", raw)),
        None => ("", raw),
    };
    let field = path
        .split(['.', '['])
        .rfind(|s| !s.is_empty() && !s.ends_with(']'))
        .unwrap_or("");
    let (mut line, mut col) = loc.unwrap_or((1, 1));
    if raw.starts_with("duplicate key ") {
        let dup = raw.trim_start_matches("duplicate key ");
        line = key_line(text, dup, 2).unwrap_or(line);
        col = 1;
        return err(
            line,
            col,
            format!("The reference key `{dup}` is used twice."),
            "Every reference needs its own key. Rename one, e.g. miller1991a and miller1991b."
                .into(),
        );
    }
    let who = key.map_or_else(|| "A reference".to_string(), |k| format!("Reference `{k}`"));
    let (message, help) = match field {
        "author" | "editor" => (
            format!("{who} has a name in `{field}` that cannot be read ({msg})."),
            "Write each person as \"Family, Given\", e.g. [\"Miller, William R.\", \"Rollnick, Stephen\"]. \
             For an organisation write its name alone, e.g. `author: Alcoholics Anonymous`."
                .into(),
        ),
        "date" => (format!("{who} has a date that is not understood ({msg})."),
            "Write the year (1991), year and month (1991-06) or the full date (1991-06-30).".into()),
        "page-range" | "page-total" | "volume" | "issue" | "edition" | "chapter" => (
            format!("{who} has a `{field}` that is not understood ({msg})."),
            format!("Write `{field}` as a number or a range, e.g. `page-range: 147-172`, `volume: 11`."),
        ),
        "url" => (format!("{who} has a web address that is not understood ({msg})."),
            "Write the full address, starting with https://".into()),
        "publisher" => (format!("{who} has a publisher that is not understood ({msg})."),
            "Write `publisher: Guilford Press` or `publisher: { name: Guilford Press, location: New York }`.".into()),
        _ => (format!("{who} has a problem{}: {msg}.", if field.is_empty() { String::new() } else { format!(" in `{field}`") }),
            "Compare the entry with the examples in the manual's references guide.".into()),
    };
    err(line, col, message, help)
}
