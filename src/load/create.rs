//! `[build] create-missing = true`, as in mdBook: `metbook build` creates each chapter file
//! SUMMARY.md lists that does not exist yet. Only `build` calls this; `check` and `serve`
//! write nothing and report the file as a warning instead.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::load::summary::{self, SummaryItem};
use crate::model::Config;

/// What a created chapter holds: its SUMMARY.md title as a heading, as mdBook writes it.
pub(crate) fn stub(title: &str) -> String {
    format!("# {title}\n")
}

/// Creates the missing chapter files of the book at `root`, if its book.toml asks for it.
/// Problems (an unreadable SUMMARY.md) are left for the load stage to report.
pub(crate) fn missing_chapters(root: &Path, config: &Config) -> Vec<Diagnostic> {
    if config.build.create_missing != Some(true) {
        return Vec::new();
    }
    let src = root.join(&config.book.src);
    let file = src.join("SUMMARY.md");
    let Ok(text) = crate::load::source::read_text(&file) else {
        return Vec::new();
    };
    let Ok(parsed) = summary::parse(&text, &file) else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    create_in(&parsed.items, &src, &mut errors);
    errors
}

fn create_in(items: &[SummaryItem], src: &Path, errors: &mut Vec<Diagnostic>) {
    for item in items {
        let SummaryItem::Link(l) = item else {
            continue;
        };
        if let Some(rel) = &l.path {
            // The same rules as loading: Markdown, inside the source folder.
            let inside = !rel.starts_with('/') && !rel.split(['/', '\\']).any(|c| c == "..");
            let file = src.join(rel);
            if rel.ends_with(".md") && inside && !file.exists() {
                let made = file
                    .parent()
                    .map_or(Ok(()), std::fs::create_dir_all)
                    .and_then(|_| std::fs::write(&file, stub(&l.title)));
                if let Err(e) = made {
                    errors.push(crate::load::source::io_error(&file, &e));
                }
            }
        }
        create_in(&l.children, src, errors);
    }
}
