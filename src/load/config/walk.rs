//! Walks a parsed book.toml against [`schema::ROOT`], collecting every unknown key and
//! wrongly typed value (errors) and every mdBook-only key (one grouped warning) at once.

use std::path::Path;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::schema::{Node, Ty};
use crate::diagnostics::{Diagnostic, LineIndex};

/// A key metbook accepts but does not act on: its dotted path, where it is, and why.
pub(crate) struct Ignored {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub why: &'static str,
}

pub(crate) struct Walk<'a> {
    pub file: &'a Path,
    pub lines: LineIndex<'a>,
    pub errors: Vec<Diagnostic>,
    pub ignored: Vec<Ignored>,
}

impl Walk<'_> {
    pub(crate) fn table(&mut self, prefix: &str, t: &DeTable<'_>, node: &Node) {
        for (key, value) in t {
            let path = join(prefix, key.get_ref());
            match node {
                Node::Table { keys, rest } => {
                    let known = keys.iter().find(|(k, _)| *k == key.get_ref().as_ref());
                    match (known, rest) {
                        (Some((_, n)), _) => self.value(&path, key, value, n),
                        (None, Some(n)) => self.value(&path, key, value, n),
                        (None, None) => self.unknown(&path, key, keys),
                    }
                }
                Node::Map(ty) => self.typed(&path, key, value, *ty),
                _ => {}
            }
        }
    }

    fn value(
        &mut self,
        path: &str,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
        node: &Node,
    ) {
        let (line, col) = self.lines.line_col(key.span().start);
        match node {
            Node::Key(ty) => self.typed(path, key, value, *ty),
            Node::Ignored(why) => self.ignored.push(Ignored {
                path: path.to_string(),
                line,
                col,
                why,
            }),
            Node::Fixed(default, why) => {
                self.typed(path, key, value, Ty::Bool);
                if value.get_ref().as_bool().is_some_and(|b| b != *default) {
                    self.ignored.push(Ignored {
                        path: format!("{path} = {}", !default),
                        line,
                        col,
                        why,
                    });
                }
            }
            Node::Table { .. } | Node::Map(_) => match value.get_ref() {
                DeValue::Table(t) => self.table(path, t, node),
                _ => self.wrong(path, key, value, "a table"),
            },
        }
    }

    fn typed(
        &mut self,
        path: &str,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
        ty: Ty,
    ) {
        let v = value.get_ref();
        let ok = match ty {
            Ty::Str => v.is_str(),
            Ty::Bool => v.is_bool(),
            Ty::Int => v.is_integer(),
            Ty::Strs => v
                .as_array()
                .is_some_and(|a| a.iter().all(|x| x.get_ref().is_str())),
            Ty::Any => true,
        };
        if !ok {
            let want = match ty {
                Ty::Str => "a string in quotes",
                Ty::Bool => "true or false",
                Ty::Int => "a whole number",
                Ty::Strs => "a sequence (list) of strings, e.g. [\"a\", \"b\"]",
                Ty::Any => "",
            };
            self.wrong(path, key, value, want);
        }
    }

    /// A value of the wrong type, underlined where the value is.
    fn wrong(
        &mut self,
        path: &str,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
        want: &str,
    ) {
        let span = value.span();
        let (line, col) = self.lines.line_col(span.start);
        self.errors.push(
            Diagnostic::error(
                crate::diagnostics::Kind::Config,
                self.file,
                line,
                col,
                format!(
                    "book.toml: invalid type for `{path}`: found {}, expected {want}",
                    value.get_ref().type_str()
                ),
            )
            .len(span.len().clamp(1, 80))
            .help(format!("write `{} = …` with {want}", key.get_ref())),
        );
    }

    fn unknown(
        &mut self,
        path: &str,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        keys: &[(&str, Node)],
    ) {
        let (line, col) = self.lines.line_col(key.span().start);
        let name = key.get_ref();
        let help = match crate::text::closest(name, keys.iter().map(|(k, _)| *k)) {
            Some(k) => {
                format!("did you mean `{k}`? (check the spelling, and the table the key is in)")
            }
            None => format!(
                "this table knows {}; remove the key, or move it to the table it belongs in",
                keys.iter()
                    .map(|(k, _)| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.errors.push(
            Diagnostic::error(
                crate::diagnostics::Kind::Config,
                self.file,
                line,
                col,
                format!("book.toml: unknown key `{path}`"),
            )
            .len(name.chars().count())
            .help(help),
        );
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}
