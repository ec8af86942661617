//! `metbook translations`: how far each language has got (translated, out of date, not
//! saying which source version it follows, missing), and `--stamp` to record that a
//! translation now matches its source.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Kind};
use crate::load::translate;
use crate::model::TranslationState;

/// `metbook translations`: how each language's chapters stand against the source.
#[derive(Serialize)]
pub struct Report {
    /// The source language's code.
    pub source: String,
    /// Each translation, in book.toml order.
    pub languages: Vec<LanguageStatus>,
}

/// One language's translation status.
#[derive(Serialize)]
pub struct LanguageStatus {
    /// Its language code.
    pub lang: String,
    /// Its name in itself.
    pub name: String,
    /// Chapters translated from the source as it is now.
    pub translated: usize,
    /// Chapters translated from an older source.
    pub stale: usize,
    /// Chapters translated without `translated-from`.
    pub untracked: usize,
    /// Chapters with no translation.
    pub missing: usize,
    /// Each chapter's status, in reading order.
    pub chapters: Vec<ChapterStatus>,
}

/// One chapter's translation status.
#[derive(Serialize)]
pub struct ChapterStatus {
    /// The source chapter, relative to the source folder.
    pub path: String,
    /// `translated`, `stale`, `untracked` or `missing`.
    pub state: &'static str,
    /// The source version the translation says it follows.
    pub translated_from: Option<String>,
    /// The source version as it is now.
    pub source: String,
}

/// The status of every translation of the book at `root`; `diags` gets the problems
/// found on the way (a book that does not load gives no report).
pub fn status(root: &Path, diags: &mut Diagnostics) -> Option<Report> {
    let book = crate::load::load(root, diags)?;
    let editions = translate::editions(&book, diags);
    let languages = editions
        .iter()
        .map(|ed| {
            let name = book
                .edition
                .all
                .iter()
                .find(|e| e.lang == ed.edition.lang)
                .map_or_else(|| ed.edition.lang.clone(), |e| e.name.clone());
            let chapters: Vec<ChapterStatus> = ed
                .chapters
                .iter()
                .filter(|c| !c.draft)
                .filter_map(|c| {
                    let t = c.translation.as_ref()?;
                    let (state, from) = match &t.state {
                        TranslationState::Current => ("translated", Some(t.source_hash.clone())),
                        TranslationState::Stale { recorded, .. } => {
                            ("stale", Some(recorded.clone()))
                        }
                        TranslationState::Untracked => ("untracked", None),
                        TranslationState::Missing => ("missing", None),
                    };
                    Some(ChapterStatus {
                        path: c.src_path.clone(),
                        state,
                        translated_from: from,
                        source: t.source_hash.clone(),
                    })
                })
                .collect();
            let count = |s: &str| chapters.iter().filter(|c| c.state == s).count();
            LanguageStatus {
                lang: ed.edition.lang.clone(),
                name,
                translated: count("translated"),
                stale: count("stale"),
                untracked: count("untracked"),
                missing: count("missing"),
                chapters,
            }
        })
        .collect();
    Some(Report {
        source: book.config.book.language.clone(),
        languages,
    })
}

impl Report {
    /// The report as text for a terminal.
    pub fn render_human(&self) -> String {
        if self.languages.is_empty() {
            return "This book has no translations: add a `[languages.<code>]` table to book.toml to start one.\n".into();
        }
        let mut s = String::new();
        for l in &self.languages {
            let total = l.chapters.len();
            s.push_str(&format!(
                "{} ({}): {} of {total} chapters translated, {} out of date, {} without a recorded source version, {} not yet translated\n",
                l.lang, l.name, l.translated, l.stale, l.untracked, l.missing
            ));
            for (state, label) in [
                ("stale", "out of date"),
                ("untracked", "no source version"),
                ("missing", "not translated"),
            ] {
                for c in l.chapters.iter().filter(|c| c.state == state) {
                    s.push_str(&format!("  {label:<18} {}\n", c.path));
                }
            }
        }
        s
    }
}

/// Records in each translation file that it now matches its source as it is: sets
/// `translated-from` in its front matter. Returns what was stamped, as (file, hash).
pub fn stamp(root: &Path, files: &[PathBuf]) -> Result<Vec<(PathBuf, String)>, Diagnostic> {
    let config = crate::load::config(root)?;
    let src = root.join(&config.book.src);
    let mut done = Vec::new();
    for file in files {
        let (code, rel) = locate(root, &config, file)?;
        let source = src.join(&rel);
        let text = crate::load::source::read_text(&source).map_err(|_| {
            Diagnostic::error(
                Kind::Translation,
                file,
                1,
                1,
                format!("there is no source chapter `{}` for this `{code}` translation", rel.display()),
            )
            .help("a translation mirrors the source folder: give it the same path as its source chapter")
        })?;
        let hash = translate::source_hash(&text);
        let translation = crate::load::source::read_text(file)?;
        let stamped = with_stamp(&translation, &hash);
        write_atomically(file, &stamped)?;
        done.push((file.clone(), hash));
    }
    Ok(done)
}

/// Which language's folder `file` is in, and its path inside it.
fn locate(
    root: &Path,
    config: &crate::model::Config,
    file: &Path,
) -> Result<(String, PathBuf), Diagnostic> {
    let abs = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let f = abs(file);
    for code in config.languages.keys() {
        let dir = abs(&translate::folder(root, config, code));
        if let Ok(rel) = f.strip_prefix(&dir) {
            return Ok((code.clone(), rel.to_path_buf()));
        }
    }
    Err(Diagnostic::error(
        Kind::Translation,
        file,
        1,
        1,
        "this file is not in the folder of any language in book.toml",
    )
    .help("translations live in `<src>/translations/<code>/` (or the folder `[languages.<code>] src` names), mirroring the source folder"))
}

/// `text` with `translated-from: <hash>` in its front matter (replaced, or added).
fn with_stamp(text: &str, hash: &str) -> String {
    let line = format!("translated-from: {hash}");
    let Some(rest) = text.strip_prefix("---\n") else {
        return format!("---\n{line}\n---\n{text}");
    };
    let mut out = String::from("---\n");
    let mut stamped = false;
    let mut lines = rest.split_inclusive('\n');
    for l in lines.by_ref() {
        if l.trim_end() == "---" {
            if !stamped {
                out.push_str(&line);
                out.push('\n');
            }
            out.push_str(l);
            break;
        }
        if l.starts_with("translated-from:") {
            out.push_str(&line);
            out.push('\n');
            stamped = true;
        } else {
            out.push_str(l);
        }
    }
    out.extend(lines);
    out
}

fn write_atomically(file: &Path, text: &str) -> Result<(), Diagnostic> {
    let tmp = file.with_extension("md.metbook-stamp");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, file))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Diagnostic::error(
                Kind::Io,
                file,
                1,
                1,
                format!("could not write the file: {e}"),
            )
            .help("check that you may write to this file")
        })
}

#[cfg(test)]
mod tests {
    use super::with_stamp;

    #[test]
    fn stamping_replaces_adds_or_creates_the_front_matter() {
        assert_eq!(
            with_stamp("---\ntitle: A\ntranslated-from: old\n---\n# A\n", "abc"),
            "---\ntitle: A\ntranslated-from: abc\n---\n# A\n"
        );
        assert_eq!(
            with_stamp("---\ntitle: A\n---\n# A\n", "abc"),
            "---\ntitle: A\ntranslated-from: abc\n---\n# A\n"
        );
        assert_eq!(
            with_stamp("# A\n", "abc"),
            "---\ntranslated-from: abc\n---\n# A\n"
        );
    }
}
