//! mdBook preprocessors (`[preprocessor.NAME]` in book.toml), run by mdBook's protocol
//! after the chapters are read and their includes expanded, and before their structure is
//! scanned. Each is asked `CMD supports html` (unless its table lists `renderers`), then
//! given `[context, book]` as JSON on stdin and read back as a book from stdout.
//!
//! SUMMARY.md stays the book's table of contents: a changed `content` or `name` is taken
//! (matched by the chapter's `path`); a chapter a preprocessor adds or drops is reported
//! and SUMMARY.md's chapters are kept as they were.

mod lines;
mod order;
mod process;
mod protocol;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::diagnostics::{Diagnostic, Kind};
use crate::model::config::PreprocessorTable;
use crate::model::{ChapterId, Config, LineMap, Rewrites, TreeItem};
use process::Outcome;

/// How long a preprocessor may take unless `[build] preprocessor-timeout` says otherwise.
pub const DEFAULT_TIMEOUT_SECS: u64 = 120;

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
pub fn annotate(rewrites: &Rewrites, diags: &mut [Diagnostic]) {
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

/// One preprocessor, about to run.
struct One<'a> {
    table: &'a PreprocessorTable,
    root: &'a Path,
    book_toml: &'a Path,
    timeout: Duration,
}

impl One<'_> {
    /// Whether it runs for metbook's HTML: its `renderers` say so, or else it answers
    /// `supports html` with exit code 0. `None` when it cannot be asked.
    fn wanted(&self, diags: &mut Vec<Diagnostic>) -> Option<bool> {
        if let Some(r) = &self.table.renderers {
            return Some(r.iter().any(|r| r == protocol::RENDERER));
        }
        match self.exec(&["supports", protocol::RENDERER], Vec::new(), diags)? {
            Exec::Ran(status, _) => Some(status.success()),
            Exec::Skipped => Some(false),
        }
    }

    /// Runs it over the book: `Some(true)` when it ran, `Some(false)` when it was skipped
    /// (optional and not installed), `None` when it failed.
    fn apply(
        &self,
        docs: &mut [Doc],
        tree: &[TreeItem],
        config: &serde_json::Value,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<bool> {
        let input = match protocol::input(self.root, config, docs, tree) {
            Ok(i) => i,
            Err(e) => {
                diags.push(self.error(
                    Kind::Preprocessor,
                    format!(
                        "the book could not be written as JSON for preprocessor `{}`: {e}",
                        self.table.name
                    ),
                    "report this as a bug in metbook",
                ));
                return None;
            }
        };
        let stdout = match self.exec(&[], input, diags)? {
            Exec::Ran(_, stdout) => stdout,
            Exec::Skipped => return Some(false),
        };
        if stdout.iter().all(u8::is_ascii_whitespace) {
            diags.push(self.error(Kind::PreprocessorOutput, format!("preprocessor `{}` wrote nothing to its standard output, where metbook expects the book back as JSON", self.table.name), "a preprocessor must print the whole book (the second element of its input) as JSON, even when it changes nothing"));
            return None;
        }
        let back = match protocol::output(&stdout, docs) {
            Ok(b) => b,
            Err(e) => {
                diags.push(self.error(
                    Kind::PreprocessorOutput,
                    format!(
                        "preprocessor `{}` did not write a book in mdBook's JSON: {e}; it began: {}",
                        self.table.name,
                        excerpt(&stdout)
                    ),
                    "a preprocessor must print only the book (the second element of the `[context, book]` array it reads) as JSON on its standard output; anything else belongs on standard error",
                ));
                return None;
            }
        };
        self.map_back(docs, back, diags);
        Some(true)
    }

    /// Runs the command; reports a missing, failing, hung or unstartable one (`None`).
    /// Its stderr is passed on, as mdBook lets it through; a failed `supports` only means
    /// no.
    fn exec(&self, args: &[&str], input: Vec<u8>, diags: &mut Vec<Diagnostic>) -> Option<Exec> {
        let t = self.table;
        let Some(cmd) = process::command(&t.command(), self.root) else {
            // book.toml's own check reports an empty command before the book is read.
            diags.push(self.error(
                Kind::Preprocessor,
                format!("preprocessor `{}` has an empty command", t.name),
                "write its command, e.g. command = \"python3 tool.py\"",
            ));
            return None;
        };
        match process::run(cmd, args, input, self.timeout) {
            Outcome::Done {
                status,
                stdout,
                stderr,
            } => {
                let supports = args.first() == Some(&"supports");
                if status.success() || supports {
                    pass_on(&t.name, &stderr);
                    return Some(Exec::Ran(status, stdout));
                }
                let code = status.code().map_or_else(
                    || "was killed by a signal".to_string(),
                    |c| format!("exited with code {c}"),
                );
                diags.push(self.error(Kind::Preprocessor, format!("preprocessor `{}` ({}) {code}{}", t.name, t.command(), stderr_lines(&stderr)), "fix what it reports (run the command in the book's folder to try it), or remove its table from book.toml"));
                None
            }
            Outcome::NotFound(program) => {
                let msg = format!(
                    "preprocessor `{}` cannot run: its command `{}` was not found",
                    t.name,
                    program.display()
                );
                if t.optional {
                    let mut d = self.error(Kind::PreprocessorMissing, format!("{msg}, so it is skipped (optional = true)"), "install it (often `cargo install mdbook-NAME`) to have the book preprocessed");
                    d.severity = crate::diagnostics::Severity::Warning;
                    diags.push(d);
                    // Like mdBook: an optional preprocessor that is not installed is skipped.
                    return Some(Exec::Skipped);
                }
                diags.push(self.error(Kind::PreprocessorMissing, msg, &format!("install it (an mdBook preprocessor is often `cargo install mdbook-{0}`), correct `command` in `[preprocessor.{0}]` (a bare name is looked for on PATH, a path is relative to the book's folder), or set `optional = true` to build without it", t.name)));
                None
            }
            Outcome::Unstartable(e) => {
                diags.push(self.error(Kind::Preprocessor, format!("preprocessor `{}` ({}) could not be started: {e}", t.name, t.command()), "check that the command is an executable program (a script needs its `#!` line and the executable bit, or name its interpreter: command = \"python3 script.py\")"));
                None
            }
            Outcome::TimedOut => {
                diags.push(self.error(Kind::PreprocessorTimeout, format!("preprocessor `{}` ({}) did not finish within {} seconds and was stopped", t.name, t.command(), self.timeout.as_secs()), "find out why it hangs (does it wait for input on the terminal?), or give it longer with `[build] preprocessor-timeout = SECONDS` in book.toml"));
                None
            }
        }
    }

    /// Takes a returned book's changes onto SUMMARY.md's chapters.
    fn map_back(
        &self,
        docs: &mut [Doc],
        back: Vec<protocol::Returned>,
        diags: &mut Vec<Diagnostic>,
    ) {
        let mut by_path: std::collections::HashMap<String, std::collections::VecDeque<usize>> =
            std::collections::HashMap::new();
        let mut by_source = by_path.clone();
        let mut drafts = std::collections::VecDeque::new();
        for (i, d) in docs.iter().enumerate() {
            match &d.path {
                Some(p) => {
                    by_path
                        .entry(protocol::mdbook_path(p))
                        .or_default()
                        .push_back(i);
                    by_source.entry(p.clone()).or_default().push_back(i);
                }
                None => drafts.push_back(i),
            }
        }
        let mut seen = vec![false; docs.len()];
        let mut added = Vec::new();
        for r in back {
            let take =
                |m: &mut std::collections::HashMap<String, std::collections::VecDeque<usize>>,
                 key: &Option<String>,
                 seen: &[bool]| {
                    let q = m.get_mut(key.as_ref()?)?;
                    while let Some(i) = q.pop_front() {
                        if !seen[i] {
                            return Some(i);
                        }
                    }
                    None
                };
            let i = match &r.path {
                None => drafts.pop_front(),
                p => take(&mut by_path, p, &seen)
                    .or_else(|| take(&mut by_source, &r.source_path, &seen)),
            };
            let Some(i) = i else {
                added.push(
                    r.path
                        .clone()
                        .unwrap_or_else(|| format!("draft “{}”", r.name)),
                );
                continue;
            };
            seen[i] = true;
            let d = &mut docs[i];
            if r.content != d.text {
                if d.original.is_none() {
                    d.original = Some(std::mem::take(&mut d.text));
                }
                d.text = r.content;
                d.changed_by.push(self.table.name.clone());
            }
            if r.name != d.name {
                d.name = r.name;
            }
        }
        let removed: Vec<String> = docs
            .iter()
            .zip(&seen)
            .filter(|(d, seen)| !**seen && d.path.is_some())
            .filter_map(|(d, _)| d.path.clone())
            .collect();
        self.report_changed_chapters(&added, &removed, diags);
    }

    fn report_changed_chapters(
        &self,
        added: &[String],
        removed: &[String],
        diags: &mut Vec<Diagnostic>,
    ) {
        let list = |v: &[String]| {
            let mut s: Vec<String> = v.iter().take(5).map(|p| format!("`{p}`")).collect();
            if v.len() > 5 {
                s.push(format!("and {} more", v.len() - 5));
            }
            s.join(", ")
        };
        let name = &self.table.name;
        if !added.is_empty() {
            let mut d = self.error(Kind::PreprocessorChapters, format!("preprocessor `{name}` added chapters SUMMARY.md does not list: {}; they are left out", list(added)), "SUMMARY.md is the handbook's table of contents: write the chapters as files and list them there");
            d.severity = crate::diagnostics::Severity::Warning;
            diags.push(d);
        }
        if !removed.is_empty() {
            let mut d = self.error(Kind::PreprocessorChapters, format!("preprocessor `{name}` left out chapters SUMMARY.md lists: {}; they are kept as they were before it ran", list(removed)), "SUMMARY.md is the handbook's table of contents: to drop a chapter, remove it from SUMMARY.md (or make it a draft, `- [Title]()`)");
            d.severity = crate::diagnostics::Severity::Warning;
            diags.push(d);
        }
    }

    fn error(&self, kind: Kind, message: String, help: &str) -> Diagnostic {
        Diagnostic::error(
            kind,
            self.book_toml,
            self.table.at.0,
            self.table.at.1,
            message,
        )
        .len(self.table.name.chars().count())
        .help(help.to_string())
    }
}

/// A command that ran (its exit status and stdout), or an optional one that is missing.
enum Exec {
    Ran(std::process::ExitStatus, Vec<u8>),
    Skipped,
}

/// What a preprocessor wrote on stderr while it worked (mdBook shows it on the terminal).
fn pass_on(name: &str, stderr: &[u8]) {
    let text = String::from_utf8_lossy(stderr);
    if text.trim().is_empty() {
        return;
    }
    let mut out = std::io::stderr().lock();
    for line in text.lines() {
        let _ = writeln!(out, "[preprocessor {name}] {line}");
    }
}

/// The first lines of a failed preprocessor's stderr, for its error message.
fn stderr_lines(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        return " and wrote nothing on standard error".into();
    }
    let mut s = format!(
        "; it said:\n    {}",
        lines
            .iter()
            .take(6)
            .copied()
            .collect::<Vec<_>>()
            .join("\n    ")
    );
    if lines.len() > 6 {
        s.push_str(&format!("\n    … ({} more lines)", lines.len() - 6));
    }
    s
}

/// The start of what a preprocessor wrote, for an error message.
fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let t = text.trim();
    let mut s: String = t.chars().take(80).collect();
    if t.chars().count() > 80 {
        s.push('…');
    }
    format!("`{}`", s.replace('\n', " "))
}
