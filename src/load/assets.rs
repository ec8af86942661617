//! Reads what a site needs besides its chapters (see [`Assets`]): the default theme
//! embedded in the binary, overridden file by file by the book's theme folder, the extra
//! CSS and JS that book.toml lists, and the files beside the chapters.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use super::source;
use crate::diagnostics::{Diagnostic, Diagnostics, Kind};
use crate::model::assets::{Assets, ThemeFile};
use crate::model::Config;

static DEFAULT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Reads every asset; problems are reported and the file left out.
pub(crate) fn read(
    root: &Path,
    src: &Path,
    config: &Config,
    statics: &[String],
    diags: &mut Diagnostics,
) -> Assets {
    let html = &config.output.html;
    let mut assets = Assets {
        theme: theme(root, html.theme.as_deref(), diags),
        ..Assets::default()
    };
    assets.strings = strings(&assets.theme, diags);
    assets.extra_css = extra(root, &html.additional_css, "additional-css", diags);
    assets.extra_js = extra(root, &html.additional_js, "additional-js", diags);
    if let Some(epub) = &config.output.epub {
        assets.epub_css = extra(root, &epub.additional_css, "additional-css", diags);
        assets.epub_cover = epub
            .cover_image
            .as_ref()
            .and_then(|c| cover(root, src, c, diags));
    }
    for f in statics {
        match std::fs::read(src.join(f)) {
            Ok(b) => assets.statics.push((f.clone(), b)),
            Err(e) => diags.push(source::io_error(&src.join(f), &e)),
        }
    }
    assets
}

/// The theme's words, from each `strings/<lang>.yml`: the default theme's, with a book's
/// own file laid over them word by word (unlike other theme files, which replace the
/// default's whole), so a book can change one word and keep the rest.
fn strings(
    theme: &BTreeMap<String, ThemeFile>,
    diags: &mut Diagnostics,
) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut defaults = BTreeMap::new();
    embedded(&DEFAULT, &mut defaults);
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let books = theme.iter().filter(|(_, f)| f.origin.is_some());
    for (rel, f) in defaults.iter().chain(books) {
        let Some(lang) = rel
            .strip_prefix("strings/")
            .and_then(|n| n.strip_suffix(".yml"))
        else {
            continue;
        };
        let file = f
            .origin
            .clone()
            .unwrap_or_else(|| PathBuf::from("themes/default").join(rel));
        let text = String::from_utf8_lossy(&f.bytes);
        match serde_yaml::from_str::<Option<BTreeMap<String, String>>>(&text) {
            Ok(words) => out
                .entry(lang.to_ascii_lowercase())
                .or_default()
                .extend(words.unwrap_or_default()),
            Err(e) => diags.push(
                crate::met::BlockError::from_yaml(
                    &e,
                    &text,
                    0,
                    "a strings file holds one `key: text` line per word of the theme; quote a text that contains `: `",
                )
                .into_diagnostic(Kind::Theme, &file, 1),
            ),
        }
    }
    out
}

/// The words of the site in `lang`, warning about those the theme lacks in it.
pub(crate) fn words(
    book_root: &Path,
    assets: &Assets,
    lang: &str,
) -> (crate::model::Words, Option<Diagnostic>) {
    let (words, missing) = crate::model::Words::for_language(&assets.strings, lang);
    if missing.is_empty() {
        return (words, None);
    }
    let file = assets
        .theme
        .get(&format!("strings/{lang}.yml"))
        .and_then(|f| f.origin.clone())
        .unwrap_or_else(|| book_root.join("book.toml"));
    let d = Diagnostic::warning(
        Kind::UiStrings,
        file,
        1,
        1,
        format!(
            "the theme has no `{lang}` words for: {}; English is shown for them",
            missing.join(", ")
        ),
    )
    .help(format!(
        "add these keys to `strings/{lang}.yml` in the book's theme folder (copy metbook's `themes/default/strings/en.yml` and translate it)"
    ));
    (words, Some(d))
}

/// The folder whose files override the default theme, if the book has one.
pub(crate) fn override_dir(root: &Path, configured: Option<&Path>) -> Option<PathBuf> {
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

fn theme(
    root: &Path,
    configured: Option<&Path>,
    diags: &mut Diagnostics,
) -> BTreeMap<String, ThemeFile> {
    let mut files = BTreeMap::new();
    embedded(&DEFAULT, &mut files);
    let Some(dir) = override_dir(root, configured) else {
        return files;
    };
    if !dir.is_dir() {
        diags.push(Diagnostic::error(Kind::Theme, root.join("book.toml"), 1, 1, format!("the theme folder `{}` does not exist", dir.display()))
            .help("create the folder, or remove `theme =` from [output.html] to use the default theme"));
        return files;
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
        // Templates are text, read the way chapters are; other theme files are bytes.
        let bytes = if rel.starts_with("templates/") {
            source::read_text(e.path()).map(String::into_bytes)
        } else {
            std::fs::read(e.path()).map_err(|err| source::io_error(e.path(), &err))
        };
        match bytes {
            Ok(bytes) => {
                let origin = Some(e.path().to_path_buf());
                files.insert(rel, ThemeFile { bytes, origin });
            }
            Err(d) => diags.push(d),
        }
    }
    files
}

fn embedded(dir: &Dir<'static>, out: &mut BTreeMap<String, ThemeFile>) {
    for f in dir.files() {
        let file = ThemeFile {
            bytes: f.contents().to_vec(),
            origin: None,
        };
        out.insert(f.path().to_string_lossy().replace('\\', "/"), file);
    }
    for d in dir.dirs() {
        embedded(d, out);
    }
}

/// `[output.epub] cover-image`, a file in the source folder.
fn cover(
    root: &Path,
    src: &Path,
    cover: &Path,
    diags: &mut Diagnostics,
) -> Option<(String, Vec<u8>)> {
    match std::fs::read(src.join(cover)) {
        Ok(bytes) => Some((cover.to_string_lossy().replace('\\', "/"), bytes)),
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    Kind::Config,
                    root.join("book.toml"),
                    1,
                    1,
                    format!(
                        "[output.epub] cover-image `{}` cannot be read ({e})",
                        cover.display()
                    ),
                )
                .help(format!(
                    "the cover's path is relative to the source folder, {}",
                    src.display()
                )),
            );
            None
        }
    }
}

fn extra(
    root: &Path,
    list: &[PathBuf],
    key: &str,
    diags: &mut Diagnostics,
) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for p in list {
        match std::fs::read(root.join(p)) {
            Ok(bytes) => {
                let rel = p.to_string_lossy().replace('\\', "/").trim_start_matches("./").to_string();
                out.push((rel, bytes));
            }
            Err(e) => diags.push(
                Diagnostic::error(Kind::Config, root.join("book.toml"), 1, 1, format!("{key} lists `{}`, which cannot be read ({e})", p.display()))
                    .help("paths in additional-css and additional-js are relative to the folder holding book.toml"),
            ),
        }
    }
    out
}
