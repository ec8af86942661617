//! `metbook init`: a new manual that builds at once, never overwriting anything. By
//! default it is a MET manual skeleton showing every structure (principle chapters, a
//! coded dialogue, a session plan, a worksheet, a feedback-report template, glossary and
//! references); `--minimal` makes a single chapter.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::diagnostics::{Diagnostic, Kind};

static SKELETON: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/init/skeleton");

/// Writes a new book into `dir` (titled `title`; `minimal`: a single chapter); the files written.
pub fn init(dir: &Path, title: Option<&str>, minimal: bool) -> Result<Vec<PathBuf>, Diagnostic> {
    let title = title.unwrap_or("My MET manual");
    let mut files: Vec<(PathBuf, String)> = vec![(
        "book.toml".into(),
        format!("[book]\ntitle = {}\nauthors = []\nlanguage = \"en\"\nsrc = \"manual\"\n\n[build]\nbuild-dir = \"book\"\n", toml_string(title)),
    )];
    if minimal {
        files.push((
            "manual/SUMMARY.md".into(),
            "# Summary\n\n- [Introduction](introduction.md)\n".into(),
        ));
        files.push((
            "manual/introduction.md".into(),
            "---\nid: introduction\ntitle: Introduction\ndescription: What this manual covers and who it is for.\n---\n\n# Introduction\n\nWrite your first chapter here. Each chapter is a Markdown file listed in `SUMMARY.md`.\n\n## Next steps\n\n- Add chapters to `SUMMARY.md`.\n- Run `metbook build` and open `book/index.html`.\n".into(),
        ));
    } else {
        skeleton(&SKELETON, &mut files);
    }
    for (rel, _) in &files {
        let p = dir.join(rel);
        if p.exists() {
            return Err(Diagnostic::error(
                Kind::InitExists,
                &p,
                1,
                1,
                format!(
                    "`{}` already exists; init never overwrites files",
                    p.display()
                ),
            )
            .help("run `metbook init` in an empty folder, e.g. `metbook init my-manual`"));
        }
    }
    let mut created = Vec::new();
    for (rel, text) in files {
        let p = dir.join(&rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::error(
                    Kind::Io,
                    parent,
                    1,
                    1,
                    format!("could not create this folder: {e}"),
                )
                .help("check your permissions")
            })?;
        }
        std::fs::write(&p, text).map_err(|e| {
            Diagnostic::error(
                Kind::Io,
                &p,
                1,
                1,
                format!("could not write this file: {e}"),
            )
            .help("check your permissions")
        })?;
        created.push(rel);
    }
    Ok(created)
}

/// Every file of the embedded skeleton, at its path under the new book.
fn skeleton(dir: &Dir<'static>, out: &mut Vec<(PathBuf, String)>) {
    for f in dir.files() {
        let text = f.contents_utf8().expect("the skeleton is UTF-8 text");
        out.push((f.path().to_path_buf(), text.to_string()));
    }
    for d in dir.dirs() {
        skeleton(d, out);
    }
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}
