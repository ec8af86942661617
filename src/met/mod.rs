//! What no other generator has: the parsers of MET structures (contrasts, does-not
//! lists, dialogues, glossary, citations) into `model::met`'s typed data, and the pure
//! functions the resolve and render stages call on it.

#[cfg(test)]
mod blocks_prop;
pub mod cite;
pub mod contrast;
pub mod dialogues;
pub mod does_not;
pub mod feedback;
pub mod glossary;
pub mod references;
pub mod session;
pub mod worksheet;

use std::path::Path;

use crate::diagnostics::{Diagnostic, Kind};

/// A problem inside a structured block, positioned relative to the block's body
/// (line 1 = the first line after the opening fence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockError {
    /// 1-based line, counted from the block's first body line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// Characters to underline.
    pub len: usize,
    /// What is wrong, in plain language.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl BlockError {
    /// An error at `line`, `col` of the block body.
    pub fn new(
        line: usize,
        col: usize,
        len: usize,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        BlockError {
            line,
            col,
            len,
            message: message.into(),
            help: help.into(),
        }
    }

    /// A YAML error in `src`, whose line 1 is line `line_offset + 1` of the block.
    pub fn from_yaml(e: &serde_yaml::Error, src: &str, line_offset: usize, help: &str) -> Self {
        let p = crate::text::yaml_position(e, src);
        let help = crate::text::yaml_help(&p.message, help);
        BlockError::new(p.line + line_offset, p.col, 1, p.message, help)
    }

    /// Locates `needle`'s first occurrence in `body` (or line 1).
    pub fn at(body: &str, needle: &str, message: &str, help: &str) -> Self {
        let (line, col) = body
            .find(needle)
            .map(|o| crate::diagnostics::line_col(body, o))
            .unwrap_or((1, 1));
        BlockError {
            line,
            col,
            len: needle.chars().count().max(1),
            message: message.into(),
            help: help.into(),
        }
    }

    /// Converts to a file diagnostic for a block whose body starts at `first_line` of `file`.
    pub fn into_diagnostic(self, kind: Kind, file: &Path, first_line: usize) -> Diagnostic {
        Diagnostic::error(
            kind,
            file,
            first_line + self.line - 1,
            self.col,
            self.message,
        )
        .len(self.len)
        .help(self.help)
    }
}

/// A problem as every MET parser reports it: where, what, and how to fix it.
#[cfg(test)]
pub(crate) trait Located: std::fmt::Debug {
    fn position(&self) -> (usize, usize);
    fn says(&self) -> (&str, &str);
}

#[cfg(test)]
impl Located for BlockError {
    fn position(&self) -> (usize, usize) {
        (self.line, self.col)
    }
    fn says(&self) -> (&str, &str) {
        (&self.message, &self.help)
    }
}

/// The property the parsers' tests share: there is at least one error, each inside `text`
/// (line and column from 1) and each saying what is wrong and how to fix it.
#[cfg(test)]
pub(crate) fn errors_are_located<E: Located>(
    text: &str,
    errors: &[E],
) -> Result<(), proptest::test_runner::TestCaseError> {
    use proptest::prop_assert;
    prop_assert!(!errors.is_empty());
    let lines = text.split('\n').count();
    for e in errors {
        let (line, col) = e.position();
        let (message, help) = e.says();
        prop_assert!(line >= 1 && line <= lines, "line {line} of {lines}: {e:?}");
        prop_assert!(col >= 1, "{e:?}");
        prop_assert!(!message.is_empty() && !help.is_empty(), "{e:?}");
    }
    Ok(())
}

/// The `id:` and `title:` of a dialogue block's header, read without parsing the whole block
/// so cross-references to dialogues resolve even when the block itself has problems.
pub fn dialogue_header(body: &str) -> Option<(String, String)> {
    let mut id = None;
    let mut title = String::new();
    for line in body.lines().take_while(|l| l.trim() != "---") {
        if let Some(v) = line.strip_prefix("id:") {
            id = Some(v.trim().trim_matches('"').to_string());
        } else if let Some(v) = line.strip_prefix("title:") {
            title = v.trim().trim_matches('"').to_string();
        }
    }
    id.filter(|i| !i.is_empty()).map(|i| (i, title))
}
