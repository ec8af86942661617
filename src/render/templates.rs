//! The theme: default files embedded in the binary, overridden per file by a book's
//! `themes/<name>/` (or `[output.html] theme`). Templates are compiled once per build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::diagnostics::Diagnostic;

static DEFAULT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub struct Theme {
    pub tera: tera::Tera,
    /// css/… and js/… files: original path → content.
    pub assets: BTreeMap<String, Vec<u8>>,
}

/// The folder whose files override the default theme, if the book has one.
pub fn override_dir(root: &Path, configured: Option<&Path>) -> Option<PathBuf> {
    match configured {
        // `theme = "clinic"` names themes/clinic; a path (mdBook style) is taken as it is.
        Some(p) if !root.join(p).exists() && p.components().count() == 1 => {
            Some(root.join("themes").join(p))
        }
        Some(p) => Some(root.join(p)),
        None => {
            let d = root.join("themes/default");
            d.is_dir().then_some(d)
        }
    }
}

pub fn load(root: &Path, configured: Option<&Path>) -> Result<Theme, Vec<Diagnostic>> {
    let mut files: BTreeMap<String, (Vec<u8>, Option<PathBuf>)> = BTreeMap::new();
    collect_embedded(&DEFAULT, &mut files);
    if let Some(dir) = override_dir(root, configured) {
        if !dir.is_dir() {
            return Err(vec![Diagnostic::error(root.join("book.toml"), 1, 1, format!("the theme folder `{}` does not exist", dir.display()))
                .help("create the folder, or remove `theme =` from [output.html] to use the default theme")]);
        }
        for e in walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            let rel = e
                .path()
                .strip_prefix(&dir)
                .unwrap_or(e.path())
                .to_string_lossy()
                .replace('\\', "/");
            match std::fs::read(e.path()) {
                Ok(bytes) => {
                    files.insert(rel, (bytes, Some(e.path().to_path_buf())));
                }
                Err(err) => return Err(vec![crate::load::source::io_error(e.path(), &err)]),
            }
        }
    }
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    let mut assets = BTreeMap::new();
    let mut errors = Vec::new();
    let mut sources: Vec<(String, String, PathBuf)> = Vec::new();
    for (rel, (bytes, origin)) in files {
        if let Some(name) = rel.strip_prefix("templates/") {
            let file = origin.unwrap_or_else(|| PathBuf::from("themes/default").join(&rel));
            let text = match crate::load::source::decode(bytes, &file) {
                Ok(t) => t,
                Err(d) => {
                    errors.push(d);
                    continue;
                }
            };
            sources.push((name.to_string(), text, file));
        } else if rel.starts_with("css/") || rel.starts_with("js/") || rel.starts_with("img/") {
            assets.insert(rel, bytes);
        }
    }
    // Added together so `{% extends %}` can find its parent whatever the order.
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t, _)| (n.as_str(), t.as_str())))
    {
        let culprit = sources
            .iter()
            .find(|(n, _, _)| e.to_string().contains(n.as_str()))
            .map(|(_, _, f)| f.clone());
        errors.push(template_error(
            &culprit.unwrap_or_else(|| PathBuf::from("themes/default/templates")),
            &e,
        ));
    }
    if errors.is_empty() {
        Ok(Theme { tera, assets })
    } else {
        Err(errors)
    }
}

pub fn template_error(file: &Path, e: &tera::Error) -> Diagnostic {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    Diagnostic::error(
        file,
        1,
        1,
        format!(
            "theme template problem: {}",
            msg.lines().next().unwrap_or("")
        ),
    )
    .help(
        msg.lines()
            .skip(1)
            .collect::<Vec<_>>()
            .join(" ")
            .trim()
            .to_string()
            + " (fix the template, or delete it to use the default theme's)",
    )
}

fn collect_embedded(dir: &Dir<'static>, out: &mut BTreeMap<String, (Vec<u8>, Option<PathBuf>)>) {
    for f in dir.files() {
        out.insert(
            f.path().to_string_lossy().replace('\\', "/"),
            (f.contents().to_vec(), None),
        );
    }
    for d in dir.dirs() {
        collect_embedded(d, out);
    }
}
