//! One preprocessor: asked whether it supports HTML, run over the book, and every way that
//! can go wrong reported at its table in book.toml.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use super::process::{self, Outcome};
use super::{protocol, Doc};
use crate::diagnostics::{Diagnostic, Kind};
use crate::model::config::PreprocessorTable;
use crate::model::TreeItem;

/// One preprocessor, about to run.
pub(super) struct One<'a> {
    pub table: &'a PreprocessorTable,
    pub root: &'a Path,
    pub book_toml: &'a Path,
    pub timeout: Duration,
}

impl One<'_> {
    /// Whether it runs for metbook's HTML: its `renderers` say so, or else it answers
    /// `supports html` with exit code 0. `None` when it cannot be asked.
    pub(super) fn wanted(&self, diags: &mut Vec<Diagnostic>) -> Option<bool> {
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
    pub(super) fn apply(
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
            Outcome::NotFound(program) => self.not_found(&program, diags),
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

    /// Its program does not exist: an error, or for an `optional` one a warning and
    /// skipped, as in mdBook.
    fn not_found(&self, program: &Path, diags: &mut Vec<Diagnostic>) -> Option<Exec> {
        let name = &self.table.name;
        let msg = format!(
            "preprocessor `{name}` cannot run: its command `{}` was not found",
            program.display()
        );
        let install =
            format!("install it (an mdBook preprocessor is often `cargo install mdbook-{name}`)");
        if self.table.optional {
            let mut d = self.error(
                Kind::PreprocessorMissing,
                format!("{msg}, so it is skipped (optional = true)"),
                &format!("{install} to have the book preprocessed"),
            );
            d.severity = crate::diagnostics::Severity::Warning;
            diags.push(d);
            return Some(Exec::Skipped);
        }
        diags.push(self.error(Kind::PreprocessorMissing, msg, &format!("{install}, correct `command` in `[preprocessor.{name}]` (a bare name is looked for on PATH, a path is relative to the book's folder), or set `optional = true` to build without it")));
        None
    }

    /// A problem with this preprocessor, at its table in book.toml.
    pub(super) fn error(&self, kind: Kind, message: String, help: &str) -> Diagnostic {
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
