//! Finds the number of mimalloc's `mi_option_purge_delay` in the very header the allocator
//! is compiled from (libmimalloc-sys hands its include folder to us as
//! `DEP_MIMALLOC_INCLUDE_DIR`): the Rust bindings do not name that option, and a number
//! written here by hand would silently set another option if mimalloc renumbered them.

use std::path::Path;

const OPTION: &str = "mi_option_purge_delay";

fn main() {
    let dir = std::env::var("DEP_MIMALLOC_INCLUDE_DIR")
        .expect("libmimalloc-sys names its include folder (DEP_MIMALLOC_INCLUDE_DIR)");
    let header = Path::new(&dir).join("mimalloc.h");
    println!("cargo:rerun-if-changed={}", header.display());
    let text = std::fs::read_to_string(&header)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", header.display()));
    let number = option_number(&text, OPTION).unwrap_or_else(|| {
        panic!(
            "{} has no `{OPTION}` in `enum mi_option_e`",
            header.display()
        )
    });
    println!("cargo:rustc-env=METBOOK_MI_OPTION_PURGE_DELAY={number}");
}

/// The value of enumerator `name` in `typedef enum mi_option_e { … }`: counted from 0,
/// or from the last explicit `= N`.
fn option_number(header: &str, name: &str) -> Option<i64> {
    let body = header.split("typedef enum mi_option_e").nth(1)?;
    let body = &body[body.find('{')? + 1..body.find('}')?];
    let without_comments: String = body
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut next = 0i64;
    for entry in without_comments
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        let (ident, value) = match entry.split_once('=') {
            Some((i, v)) => (i.trim(), v.trim().parse().ok()),
            None => (entry, None),
        };
        let here = value.unwrap_or(next);
        if ident == name {
            return Some(here);
        }
        next = here + 1;
    }
    None
}
