//! mdBook preprocessors (`[preprocessor.NAME]` in book.toml), run by mdBook's protocol
//! after the chapters are read and their includes expanded, and before their structure is
//! scanned. Each is asked `CMD supports html` (unless its table lists `renderers`), then
//! given `[context, book]` as JSON on stdin and read back as a book from stdout.
//!
//! SUMMARY.md stays the book's table of contents: a changed `content` or `name` is taken
//! (matched by the chapter's `path`); a chapter a preprocessor adds or drops is reported
//! and SUMMARY.md's chapters are kept as they were.

mod lines;
mod merge;
mod one;
mod order;
mod process;
mod protocol;

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::diagnostics::Diagnostic;
use crate::model::{ChapterId, Config, LineMap, Rewrites, TreeItem};
use one::One;

/// How long a preprocessor may take unless `[build] preprocessor-timeout` says otherwise.
pub(crate) const DEFAULT_TIMEOUT_SECS: u64 = 120;

/// A chapter as preprocessors see it: read, its includes expanded, not yet scanned.
#[derive(Debug, Default)]
pub(crate) struct Doc {
    /// mdBook's `name`: the SUMMARY.md title, unless a preprocessor renamed it.
    pub name: String,
    /// mdBook's `content`: the file's text with its includes expanded.
    pub text: String,
    /// The file's path in the source folder; `None` for a draft.
    pub path: Option<String>,
    /// "1.2." or none.
    pub number: Option<String>,
    pub parents: Vec<ChapterId>,
    pub file: PathBuf,
    /// Where each line of `text` came from.
    pub map: Option<LineMap>,
    /// `text` before the first preprocessor changed it.
    original: Option<String>,
    /// The preprocessors that changed `text`.
    changed_by: Vec<String>,
}

impl Doc {
    pub(crate) fn new(
        name: &str,
        text: &str,
        path: Option<&str>,
        number: Option<&str>,
        parents: Vec<ChapterId>,
    ) -> Doc {
        Doc {
            name: name.to_string(),
            text: text.to_string(),
            path: path.map(str::to_string),
            number: number.map(str::to_string),
            parents,
            file: PathBuf::new(),
            map: None,
            original: None,
            changed_by: Vec::new(),
        }
    }
}

/// What the preprocessors did: which ran, in order, and where they changed the text.
#[derive(Default)]
pub(crate) struct Ran {
    pub names: Vec<String>,
    pub rewrites: Rewrites,
}

/// Runs the book's preprocessors over `docs` (reading order; `tree` is SUMMARY.md's).
/// `None` when one failed: the book cannot be built without it.
pub(crate) fn run(
    root: &Path,
    config: &Config,
    docs: &mut [Doc],
    tree: &[TreeItem],
    diags: &mut Vec<Diagnostic>,
) -> Option<Ran> {
    let Some(json) = &config.mdbook_json else {
        return Some(Ran::default());
    };
    let book_toml = root.join("book.toml");
    let order = order::order(&config.preprocessors, &book_toml, diags)?;
    let timeout = Duration::from_secs(
        config
            .build
            .preprocessor_timeout
            .unwrap_or(DEFAULT_TIMEOUT_SECS),
    );
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut ran = Ran::default();
    for table in order {
        let one = One {
            table,
            root: &root,
            book_toml: &book_toml,
            timeout,
        };
        if one.wanted(diags)? && one.apply(docs, tree, json, diags)? {
            ran.names.push(table.name.clone());
        }
    }
    for d in docs.iter_mut() {
        let Some(original) = d.original.take() else {
            continue;
        };
        let (map, written) = lines::remap(&original, &d.text, d.map.as_ref(), &d.file);
        d.map = Some(map);
        let by = names(&d.changed_by);
        for (file, line) in written {
            ran.rewrites.insert(file, line, &by);
        }
    }
    Some(ran)
}

/// Adds a note to each diagnostic on a line a preprocessor wrote or changed: its line is
/// then the nearest line of the author's file.
pub(crate) fn annotate(rewrites: &Rewrites, diags: &mut [Diagnostic]) {
    if rewrites.is_empty() {
        return;
    }
    for d in diags {
        let Some(by) = rewrites.by(&d.file, d.line) else {
            continue;
        };
        let note = format!("note: {by} changed the text here before metbook read it, so this is the nearest line of the file, and the text metbook read may differ from what is written here");
        d.help = if d.help.is_empty() {
            note
        } else {
            format!("{}\n{note}", d.help)
        };
    }
}

/// "preprocessor `a`" or "preprocessors `a` and `b`".
fn names(list: &[String]) -> String {
    let quoted: Vec<String> = list.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [one] => format!("preprocessor {one}"),
        [init @ .., last] => format!("preprocessors {} and {last}", init.join(", ")),
        [] => "a preprocessor".into(),
    }
}
