//! The pipeline stays one-way: each top-level module of `src/` may use only the modules
//! below it, as ARCHITECTURE.md draws them. A forbidden `crate::` path (in a `use` or
//! written out in code), or a `super::` chain that climbs to the crate root and down into
//! another module, fails this test, naming the file and the edge.

mod layering {
    pub(crate) mod paths;
}

use std::path::Path;

use layering::paths::{crate_uses, edges};

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
        for used in edges(rel, &text) {
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
    let found = crate_uses("use crate::{a::B, c, d::{e, f}};\nfn x() { crate::g::h(); }");
    let names: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(names, ["a", "c", "d", "g"]);
}

/// The edges `edges` finds in each synthetic file, and whether the layering flags them.
fn flagged(rel: &str, source: &str) -> (Vec<String>, Vec<String>) {
    let found: Vec<String> = edges(Path::new(rel), source).into_iter().collect();
    let module = module_of(Path::new(rel));
    let allowed = ALLOWED.iter().find(|(m, _)| *m == module).unwrap().1;
    let bad = found
        .iter()
        .filter(|u| **u != module && !allowed.contains(&u.as_str()))
        .cloned()
        .collect();
    (found, bad)
}

#[test]
fn super_paths_that_climb_to_the_crate_root_are_edges() {
    // From a top-level module's root file, `super` is the crate root.
    let (found, bad) = flagged(
        "model/mod.rs",
        "use super::render::Page;\nuse super::{text, diagnostics::Kind};",
    );
    assert_eq!(found, ["diagnostics", "render", "text"]);
    assert_eq!(bad, ["diagnostics", "render", "text"]);
    // The same from a single-file module, written out in code.
    let (found, bad) = flagged("markdown.rs", "fn f() { super::text::escape(\"x\"); }");
    assert_eq!((found, bad), (vec!["text".to_string()], vec![]));
    // Two levels up from `model::a::b` is `model`: inside the module, no edge.
    let (found, _) = flagged("model/a/b.rs", "use super::super::config::Config;");
    assert!(found.is_empty(), "{found:?}");
    // Three levels up from `emit::a::b` (a `mod.rs`) is the root: `resolve` is a later stage.
    let (found, bad) = flagged(
        "emit/a/b/mod.rs",
        "use super::super::super::resolve::Targets;",
    );
    assert_eq!(
        (found, bad),
        (vec!["resolve".to_string()], vec!["resolve".to_string()])
    );
    // A glob of the crate root reaches everything.
    let (_, bad) = flagged("text/mod.rs", "use super::*;");
    assert_eq!(bad, ["*"]);
}

#[test]
fn inline_modules_comments_and_strings_do_not_count_as_climbing() {
    // A test module's `super` is its own file's module.
    let source =
        "fn escape() {}\n#[cfg(test)]\nmod tests {\n    use super::escape;\n    use super::*;\n}\n";
    assert!(edges(Path::new("text/mod.rs"), source).is_empty());
    // Closing the inline module ends its level: the next `super` is the root again.
    let source = "mod inner { use super::text; }\nuse super::render;";
    let found: Vec<String> = edges(Path::new("met/mod.rs"), source).into_iter().collect();
    assert_eq!(found, ["render"]);
    // Braces and paths in comments, strings and characters are not code.
    let source = "// super::render\n/* { /* } */ */ const S: &str = \"}{ super::load\";\nconst C: char = '{';\nconst R: &str = r#\"super::emit\"#;\nfn f<'a>(x: &'a str) {}\nuse super::load;";
    let found: Vec<String> = edges(Path::new("resolve/mod.rs"), source)
        .into_iter()
        .collect();
    assert_eq!(found, ["load"]);
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
