//! The theme: default files embedded in the binary, overridden per file by a book's
//! `themes/<name>/` (or `[output.html] theme`). Templates are compiled once per build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Kind};
use crate::model::assets::ThemeFile;

pub struct Theme {
    pub tera: tera::Tera,
    /// css/… and js/… files: original path → content.
    pub assets: BTreeMap<String, Vec<u8>>,
}

/// Compiles the theme's templates and collects its CSS, JS and images.
pub(crate) fn compile(files: &BTreeMap<String, ThemeFile>) -> Result<Theme, Vec<Diagnostic>> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    let mut assets = BTreeMap::new();
    let mut errors = Vec::new();
    let mut sources: Vec<(String, String, PathBuf)> = Vec::new();
    for (rel, f) in files {
        if let Some(name) = rel.strip_prefix("templates/") {
            let file = f
                .origin
                .clone()
                .unwrap_or_else(|| PathBuf::from("themes/default").join(rel));
            match String::from_utf8(f.bytes.clone()) {
                Ok(t) => sources.push((name.to_string(), t, file)),
                Err(_) => errors.push(
                    Diagnostic::error(Kind::Theme, &file, 1, 1, "this template is not UTF-8 text")
                        .help("save the file as UTF-8 in your editor"),
                ),
            }
        } else if rel.starts_with("css/") || rel.starts_with("js/") || rel.starts_with("img/") {
            assets.insert(rel.clone(), f.bytes.clone());
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

pub(crate) fn template_error(file: &Path, e: &tera::Error) -> Diagnostic {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    Diagnostic::error(
        Kind::Theme,
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
