//! The pipeline stays one-way: each top-level module of `src/` may use only the modules
//! below it, as ARCHITECTURE.md draws them. A forbidden `crate::` path (in a `use` or
//! written out in code) fails this test, naming the file and the edge.

use std::collections::BTreeSet;
use std::path::Path;

/// What each module may use. Leaves come first; a module not listed here is an
/// orchestrator (lib, main, cli, init, session, serve, translations) and may use anything.
const ALLOWED: &[(&str, &[&str])] = &[
    ("diagnostics", &[]),
    ("text", &[]),
    ("timing", &[]),
    ("markdown", &["text"]),
    // The typed manual, MET values included, is plain data: it uses nothing of the crate.
    ("model", &[]),
    ("met", &["model", "diagnostics", "text", "markdown"]),
    (
        "load",
        &["model", "met", "diagnostics", "text", "markdown", "timing"],
    ),
    (
        "resolve",
        &["model", "met", "diagnostics", "text", "markdown", "timing"],
    ),
    (
        "render",
        &[
            "model",
            "resolve",
            "met",
            "diagnostics",
            "text",
            "markdown",
            "timing",
        ],
    ),
    (
        "emit",
        &["render", "model", "diagnostics", "text", "timing"],
    ),
];

/// The top-level modules a source file refers to through `crate::…`.
fn uses(source: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = source;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a::B, c}`: each item's first segment, at the group's top level.
            let mut depth = 0;
            let mut item = String::new();
            for ch in group.chars() {
                match ch {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.extend(first_segment(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(ch);
                }
            }
            out.extend(first_segment(&item));
        } else {
            out.extend(first_segment(rest));
        }
    }
    out
}

fn first_segment(s: &str) -> Option<String> {
    let name: String = s
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty() && name != "self").then_some(name)
}

fn module_of(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn no_stage_uses_a_later_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut broken = Vec::new();
    for e in walkdir::WalkDir::new(&src) {
        let e = e.unwrap();
        if e.path().extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let rel = e.path().strip_prefix(&src).unwrap();
        let module = module_of(rel);
        let Some((_, allowed)) = ALLOWED.iter().find(|(m, _)| *m == module) else {
            continue;
        };
        let text = std::fs::read_to_string(e.path()).unwrap();
        for used in uses(&text) {
            if used != module && !allowed.contains(&used.as_str()) {
                broken.push(format!("{}: `{module}` uses `{used}`", rel.display()));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "these imports run against the pipeline (see ARCHITECTURE.md):\n  {}",
        broken.join("\n  ")
    );
}

#[test]
fn the_import_reader_finds_grouped_and_inline_paths() {
    let found = uses("use crate::{a::B, c, d::{e, f}};\nfn x() { crate::g::h(); }");
    let names: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(names, ["a", "c", "d", "g"]);
}

#[test]
fn every_top_level_module_is_placed() {
    // A new module must be added to ALLOWED or be one of the known orchestrators, so it
    // cannot slip past the layering by being unknown.
    const ORCHESTRATORS: &[&str] = &[
        "lib",
        "main",
        "cli",
        "init",
        "session",
        "serve",
        "translations",
    ];
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for e in std::fs::read_dir(&src).unwrap() {
        let name = module_of(Path::new(&e.unwrap().file_name()));
        assert!(
            ALLOWED.iter().any(|(m, _)| *m == name) || ORCHESTRATORS.contains(&name.as_str()),
            "src/{name} is neither a pipeline module nor an orchestrator: place it in ALLOWED"
        );
    }
}

#[test]
fn only_load_and_emit_touch_files() {
    // Reading happens in `load` and writing in `emit` (and `serve`, `init`, `lib` for the
    // build folder); everything between works on values, so check, build and serve differ
    // only in where the bytes go.
    const PURE: &[&str] = &["model", "met", "resolve", "render", "text", "markdown"];
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for e in walkdir::WalkDir::new(&src) {
        let e = e.unwrap();
        if !e.file_type().is_file() {
            continue;
        }
        let rel = e.path().strip_prefix(&src).unwrap();
        let name = rel.file_name().unwrap().to_string_lossy();
        if !name.ends_with(".rs") || name.starts_with("tests") {
            continue;
        }
        if !PURE.contains(&module_of(rel).as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for needle in ["std::fs", "fs::read", "fs::write", "File::"] {
            if code.contains(needle) {
                found.push(format!("{}: {needle}", rel.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "file I/O outside load and emit:\n  {}",
        found.join("\n  ")
    );
}
