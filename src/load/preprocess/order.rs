//! The order preprocessors run in, by mdBook's rule: `before`/`after` sort them
//! topologically, and those equally free to go are taken by name, a round at a time.
//! mdBook's built-in `links` and `index` take part in the sort, but metbook does their work
//! while it reads each chapter, so they always come first.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::diagnostics::{Diagnostic, Kind};
use crate::model::config::{is_builtin_preprocessor, PreprocessorTable};

/// The preprocessors to run, in order, or `None` when their `before`/`after` form a cycle.
/// Warnings (a name that is no preprocessor, an order that cannot be kept) go to `diags`.
pub(super) fn order<'a>(
    tables: &'a [PreprocessorTable],
    book_toml: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<&'a PreprocessorTable>> {
    let exists = |n: &str| is_builtin_preprocessor(n) || tables.iter().any(|t| t.name == n);
    // name → the names that must run after it.
    let mut after_me: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for n in ["links", "index"] {
        after_me.entry(n).or_default();
    }
    for t in tables {
        after_me.entry(&t.name).or_default();
        let warn = |key: &str, other: &str, diags: &mut Vec<Diagnostic>| {
            diags.push(
                at(t, book_toml, Kind::PreprocessorOrder, format!("`[preprocessor.{}]` {key} = [\"{other}\"], but book.toml has no preprocessor `{other}`, so that order is not kept", t.name), true)
                    .help(format!("add a `[preprocessor.{other}]` table, or correct or remove the name in `{key}`")),
            );
        };
        for b in &t.before {
            if exists(b) {
                after_me.entry(&t.name).or_default().insert(b);
            } else {
                warn("before", b, diags);
            }
        }
        for a in &t.after {
            if exists(a) {
                after_me.entry(a).or_default().insert(&t.name);
            } else {
                warn("after", a, diags);
            }
        }
    }
    builtins_first(tables, book_toml, diags);
    let sorted = match sort(&after_me) {
        Ok(s) => s,
        Err(cycle) => {
            // Only a table's `before`/`after` makes an edge, so a cycle holds a table.
            let first = tables.iter().find(|t| cycle.contains(&t.name.as_str()))?;
            let mut names: Vec<String> = cycle.iter().map(|n| format!("`{n}`")).collect();
            names.push(names[0].clone());
            diags.push(
                at(first, book_toml, Kind::PreprocessorOrder, format!("the preprocessors' `before`/`after` form a cycle: {} (each must run before the next)", names.join(" → ")), false)
                    .help("remove one of these `before`/`after` entries so the preprocessors have an order"),
            );
            return None;
        }
    };
    Some(
        sorted
            .iter()
            .filter_map(|n| tables.iter().find(|t| t.name == *n && !t.is_builtin()))
            .collect(),
    )
}

/// A preprocessor asked to run before `links` or `index` still runs after them: metbook
/// expands includes while it reads each chapter, before any preprocessor.
fn builtins_first(tables: &[PreprocessorTable], book_toml: &Path, diags: &mut Vec<Diagnostic>) {
    for t in tables {
        let early: Vec<&String> = if t.is_builtin() {
            t.after
                .iter()
                .filter(|a| !is_builtin_preprocessor(a))
                .collect()
        } else {
            t.before
                .iter()
                .filter(|b| is_builtin_preprocessor(b))
                .collect()
        };
        if let Some(other) = early.first() {
            let (user, builtin) = if t.is_builtin() {
                (other.as_str(), t.name.as_str())
            } else {
                (t.name.as_str(), other.as_str())
            };
            diags.push(
                at(t, book_toml, Kind::PreprocessorOrder, format!("preprocessor `{user}` is asked to run before `{builtin}`, but metbook expands includes and README files as it reads each chapter, before any preprocessor runs"), true)
                    .help(format!("`{user}` runs after them and sees the chapters with their includes expanded; remove this `before`/`after` entry to silence this warning")),
            );
        }
    }
}

/// Kahn's sort a round at a time, each round's names in code-point order (as mdBook);
/// `Err` holds a cycle, in running order.
fn sort<'a>(after_me: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> Result<Vec<&'a str>, Vec<&'a str>> {
    let mut waiting: BTreeMap<&str, usize> = after_me.keys().map(|n| (*n, 0)).collect();
    for next in after_me.values().flatten() {
        *waiting.entry(next).or_default() += 1;
    }
    let mut out = Vec::with_capacity(waiting.len());
    loop {
        // BTreeMap keys are already in code-point order.
        let free: Vec<&str> = waiting
            .iter()
            .filter(|(_, n)| **n == 0)
            .map(|(k, _)| *k)
            .collect();
        if free.is_empty() {
            break;
        }
        for n in &free {
            waiting.remove(n);
            for next in after_me.get(n).into_iter().flatten() {
                if let Some(w) = waiting.get_mut(next) {
                    *w -= 1;
                }
            }
        }
        out.extend(free);
    }
    if waiting.is_empty() {
        return Ok(out);
    }
    // Every name left waits for another name left: walking back from one always finds a
    // name it waits for, until a name repeats.
    let before_me = |n: &str| {
        after_me
            .iter()
            .find(|(k, v)| waiting.contains_key(*k) && v.contains(n))
            .map(|(k, _)| *k)
    };
    let mut path: Vec<&str> = vec![waiting.keys().next().copied().unwrap_or_default()];
    while let Some(prev) = before_me(path[path.len() - 1]) {
        if let Some(i) = path.iter().position(|p| *p == prev) {
            let mut cycle = path.split_off(i);
            cycle.reverse();
            return Err(cycle);
        }
        path.push(prev);
    }
    Err(path)
}

fn at(
    t: &PreprocessorTable,
    book_toml: &Path,
    kind: Kind,
    message: String,
    warning: bool,
) -> Diagnostic {
    let d = if warning {
        Diagnostic::warning(kind, book_toml, t.at.0, t.at.1, message)
    } else {
        Diagnostic::error(kind, book_toml, t.at.0, t.at.1, message)
    };
    d.len(t.name.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str, before: &[&str], after: &[&str]) -> PreprocessorTable {
        PreprocessorTable {
            name: name.into(),
            before: before.iter().map(|s| s.to_string()).collect(),
            after: after.iter().map(|s| s.to_string()).collect(),
            at: (1, 1),
            ..Default::default()
        }
    }

    fn names(t: &[PreprocessorTable]) -> Result<Vec<String>, Vec<Diagnostic>> {
        let mut d = Vec::new();
        match order(t, Path::new("book.toml"), &mut d) {
            Some(v) => Ok(v.iter().map(|t| t.name.clone()).collect()),
            None => Err(d),
        }
    }

    #[test]
    fn free_preprocessors_run_by_name_and_before_after_win() {
        let t = [table("zed", &[], &[]), table("alpha", &[], &[])];
        assert_eq!(names(&t).unwrap(), ["alpha", "zed"]);
        let t = [table("zed", &["alpha"], &[]), table("alpha", &[], &[])];
        assert_eq!(names(&t).unwrap(), ["zed", "alpha"]);
        let t = [
            table("a", &[], &["c"]),
            table("b", &[], &[]),
            table("c", &[], &[]),
        ];
        assert_eq!(names(&t).unwrap(), ["b", "c", "a"]);
    }

    #[test]
    fn a_cycle_is_named_in_order() {
        let t = [
            table("one", &["two"], &[]),
            table("two", &["three"], &[]),
            table("three", &["one"], &[]),
            table("free", &[], &[]),
        ];
        let d = names(&t).unwrap_err();
        let e = d.iter().find(|d| d.is_error()).unwrap();
        assert_eq!(e.kind, Kind::PreprocessorOrder);
        assert!(
            e.message.contains("`one` → `two` → `three` → `one`")
                || e.message.contains("`two` → `three` → `one` → `two`")
                || e.message.contains("`three` → `one` → `two` → `three`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn unknown_names_and_running_before_links_are_warnings() {
        let mut d = Vec::new();
        let t = [table("a", &["links", "ghost"], &[])];
        let got = order(&t, Path::new("book.toml"), &mut d).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d.iter().all(|d| !d.is_error()));
    }
}
