//! Translated editions (`[languages.<code>]` in book.toml). A translation is a folder that
//! mirrors the source folder (default `<src>/translations/<code>/`): one Markdown file per
//! translated chapter, an optional SUMMARY.md with translated titles (same files, same
//! order), and optional `glossary.yml` and `codebook.yml`. Each edition is a second `Book`
//! sharing the source's chapters, ids and order, so links and citations written once work
//! in every language; a chapter without a translation keeps the source text, marked.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{chapter, data, include, source, structure, summary};
use crate::diagnostics::{Diagnostic, Diagnostics, Kind};
use crate::model::config::{Config, LanguageConfig};
use crate::model::i18n::language_name;
use crate::model::{Book, Chapter, Edition, EditionRef, Translation, TranslationState};

/// What a translated chapter's front matter may hold: everything else (id, kind, number,
/// principles) is the source chapter's, so it cannot drift between languages.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct TranslationFront {
    title: Option<String>,
    summary: Option<String>,
    description: Option<String>,
    /// The source hash this translation was made from (`metbook translations` shows it).
    translated_from: Option<String>,
}

const FRONT_HELP: &str = "a translation's front matter holds only `title`, `summary`, `description` and `translated-from`; the other settings are the source chapter's and apply to every language";

/// The hash that identifies a version of a source file: the first 12 hex digits of the
/// SHA-256 of its text with Windows line ends made Unix ones, so `sha256sum file | cut -c1-12`
/// gives the same on a Unix file.
pub(crate) fn source_hash(text: &str) -> String {
    let digest = Sha256::digest(text.replace("\r\n", "\n").as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// Every edition of the book, source language first; empty for a one-language book.
fn all_editions(config: &Config) -> Vec<EditionRef> {
    if config.languages.is_empty() {
        return Vec::new();
    }
    let source = &config.book.language;
    let name = |code: &str, given: Option<&String>| {
        given
            .cloned()
            .or_else(|| language_name(code).map(String::from))
            .unwrap_or_else(|| code.to_string())
    };
    std::iter::once(EditionRef {
        lang: source.clone(),
        name: name(source, None),
        prefix: String::new(),
    })
    .chain(config.languages.iter().map(|(code, lc)| EditionRef {
        lang: code.clone(),
        name: name(code, lc.name.as_ref()),
        prefix: format!("{code}/"),
    }))
    .collect()
}

/// The source language's edition.
pub(crate) fn source_edition(config: &Config) -> Edition {
    Edition {
        lang: config.book.language.clone(),
        source_lang: config.book.language.clone(),
        prefix: String::new(),
        all: all_editions(config),
    }
}

/// The folder holding a language's translated files.
pub(crate) fn folder(book_root: &Path, config: &Config, code: &str) -> PathBuf {
    match config.languages.get(code).and_then(|l| l.src.as_ref()) {
        Some(p) => book_root.join(p),
        None => book_root
            .join(&config.book.src)
            .join("translations")
            .join(code),
    }
}

/// Builds every translated edition of `base` (which must be complete: its references
/// formatted). Problems with a language's files go to `diags`; an edition whose folder
/// cannot be used is left out.
pub(crate) fn editions(base: &Book, diags: &mut Diagnostics) -> Vec<Book> {
    let mut out = Vec::new();
    for (code, lc) in &base.config.languages {
        if let Some(d) = bad_code(base, code) {
            diags.push(d);
            continue;
        }
        out.push(edition(base, code, lc, diags));
    }
    out
}

fn bad_code(base: &Book, code: &str) -> Option<Diagnostic> {
    let file = base.root.join("book.toml");
    let valid = !code.is_empty()
        && code.len() <= 35
        && code
            .split('-')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
    let why = if !valid {
        format!("`[languages.{code}]` is not a language code")
    } else if code.eq_ignore_ascii_case(&base.config.book.language) {
        format!("`[languages.{code}]` is the book's own language (`[book] language`)")
    } else {
        return None;
    };
    Some(
        Diagnostic::error(Kind::Translation, file, 1, 1, why).help(
            "name each translation by its language tag (`[languages.es]`, `[languages.pt-BR]`); the source language is `[book] language`",
        ),
    )
}

fn edition(base: &Book, code: &str, lc: &LanguageConfig, diags: &mut Diagnostics) -> Book {
    let dir = folder(&base.root, &base.config, code);
    let mut config = base.config.clone();
    config.book.language = code.to_string();
    config.book.title = lc.title.clone().or(config.book.title);
    config.book.description = lc.description.clone().or(config.book.description);
    // A site has one of each: the source edition writes them.
    config.output.html.offline.enable = false;
    config.output.html.redirect.clear();
    config.output.html.cname = None;
    config.languages.clear();

    let mut met = crate::model::met::MetData {
        glossary: base.met.glossary.clone(),
        references: base.met.references.clone(),
        codebook: base.met.codebook.clone(),
        glossary_failed: base.met.glossary_failed,
        references_failed: base.met.references_failed,
    };
    diags.extend(language_data(&dir, code, &mut met));

    let mut chapters: Vec<Chapter> = base.chapters.clone();
    let (titles, tree, summary_title) = translated_summary(base, &dir, diags);
    for (i, c) in chapters.iter_mut().enumerate() {
        let titled = titles.as_ref().and_then(|t| t.get(i));
        if let Some((title, part)) = titled {
            c.summary_title.clone_from(title);
            c.title.clone_from(title);
            c.part.clone_from(part);
        }
        if c.draft {
            continue;
        }
        diags.extend(translate_chapter(base, c, &dir, &met.codebook));
        if let Some(t) = &mut c.translation {
            t.title_translated |= titled.is_some();
        }
    }
    let (words, missing) = super::assets::words(&base.root, &base.assets, code);
    diags.extend(missing);
    let mut edition = source_edition(&base.config);
    edition.lang = code.to_string();
    edition.prefix = format!("{code}/");
    Book {
        root: base.root.clone(),
        project_root: base.project_root.clone(),
        not_found: base.not_found.clone(),
        src: base.src.clone(),
        config,
        summary_title: summary_title.or_else(|| base.summary_title.clone()),
        chapters,
        tree: tree.unwrap_or_else(|| base.tree.clone()),
        assets: base.assets.clone(),
        met,
        by_id: base.by_id.clone(),
        by_src: base.by_src.clone(),
        edition,
        words,
        // Preprocessors run over the source book only: its chapters shown untranslated
        // here carry their changes; translated chapters are used as written.
        preprocessors: Vec::new(),
        rewrites: base.rewrites.clone(),
        source_date: base.source_date,
    }
}

/// The language's glossary (replacing the source's) and codebook labels (over the
/// source's), when the translation folder has them.
fn language_data(dir: &Path, code: &str, met: &mut crate::model::met::MetData) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if let Some(text) = crate::model::met::codebook::Codebook::builtin_language(code) {
        if let Err(es) = met.codebook.extend_from_yaml(text) {
            // The built-in tables are tested; this only guards a broken build of metbook.
            diags.extend(
                es.into_iter()
                    .map(|e| e.into_diagnostic(Kind::Codebook, Path::new("codebook"), 1)),
            );
        }
    }
    if !dir.is_dir() {
        return diags;
    }
    let (own, ds) = data::glossary_and_codebook_over(dir, &met.codebook, code);
    diags.extend(ds);
    if own.glossary_given {
        met.glossary = own.data.glossary;
        met.glossary_failed = own.data.glossary_failed;
    }
    met.codebook = own.data.codebook;
    diags
}

type Titles = Vec<(String, Option<String>)>;

/// Titles (and part titles) from the translation's own SUMMARY.md, which must list the
/// same files in the same order as the source's.
fn translated_summary(
    base: &Book,
    dir: &Path,
    diags: &mut Diagnostics,
) -> (
    Option<Titles>,
    Option<Vec<crate::model::TreeItem>>,
    Option<String>,
) {
    let file = dir.join("SUMMARY.md");
    if !file.is_file() {
        return (None, None, None);
    }
    let parsed = source::read_text(&file)
        .map_err(|d| vec![d])
        .and_then(|t| summary::parse(&t, &file));
    let s = match parsed {
        Ok(s) => s,
        Err(ds) => {
            diags.extend(ds);
            return (None, None, None);
        }
    };
    let mut entries = Vec::new();
    let tree = super::flatten(&s.items, &mut entries, &mut None, &mut Vec::new());
    let source_paths = base.chapters.iter().map(|c| {
        if c.draft {
            None
        } else {
            Some(c.src_path.as_str())
        }
    });
    let mismatch = entries
        .iter()
        .map(|e| e.link.path.as_deref())
        .zip(source_paths.clone())
        .position(|(t, s)| t.map(|t| t.replace('\\', "/")).as_deref() != s);
    let at = mismatch
        .or((entries.len() != base.chapters.len())
            .then_some(entries.len().min(base.chapters.len())));
    if let Some(i) = at {
        let (line, col) = entries.get(i).map_or((1, 1), |e| (e.link.line, e.link.col));
        let wanted = source_paths
            .clone()
            .nth(i)
            .flatten()
            .map_or("nothing more".to_string(), |p| format!("`{p}`"));
        diags.push(
            Diagnostic::error(
                Kind::Translation,
                &file,
                line,
                col,
                format!("this translated SUMMARY.md differs from the source's here: the source lists {wanted}"),
            )
            .help("a translated SUMMARY.md lists the same files in the same order as the source's; only the titles are translated"),
        );
        return (None, None, None);
    }
    let titles = entries
        .into_iter()
        .map(|e| (e.link.title, e.part))
        .collect();
    (Some(titles), Some(tree), s.title)
}

/// Fills `c` (a copy of the source chapter) from its translation file, or marks it as not
/// yet translated.
fn translate_chapter(
    base: &Book,
    c: &mut Chapter,
    dir: &Path,
    codebook: &crate::model::met::codebook::Codebook,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let source_hash = source::read_text(&c.file)
        .map(|t| source_hash(&t))
        .unwrap_or_default();
    let file = dir.join(&c.src_path);
    if !file.is_file() {
        c.translation = Some(Translation {
            state: TranslationState::Missing,
            source_hash,
            title_translated: false,
        });
        return diags;
    }
    let text = match source::read_text(&file) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return diags;
        }
    };
    let expanded = include::expand(text, &file, &base.project_root, &mut diags);
    let (front, key_lines, body) =
        match chapter::split_as::<TranslationFront>(&expanded.text, &file) {
            Ok(x) => x,
            Err(d) => {
                diags.push(d.help(FRONT_HELP));
                (
                    TranslationFront::default(),
                    Vec::new(),
                    chapter::body_only(&expanded.text),
                )
            }
        };
    let state = match &front.translated_from {
        None => TranslationState::Untracked,
        Some(h) if h.len() >= 7 && source_hash.starts_with(&h.to_ascii_lowercase()) => {
            TranslationState::Current
        }
        Some(h) => TranslationState::Stale {
            recorded: h.clone(),
            line: key_lines
                .iter()
                .find(|(k, _)| k == "translated-from")
                .map_or(1, |&(_, l)| l),
        },
    };
    c.title = front
        .title
        .clone()
        .or(expanded.title)
        .unwrap_or_else(|| c.summary_title.clone());
    c.front.title = front.title.or(c.front.title.take());
    c.front.summary = front.summary.or(c.front.summary.take());
    c.front.description = front.description.or(c.front.description.take());
    c.file = file;
    c.body = body;
    c.line_map = expanded.map;
    c.headings.clear();
    c.links.clear();
    c.blocks.clear();
    if let Some(d) = staleness(c, &state, &source_hash) {
        diags.push(d);
    }
    c.translation = Some(Translation {
        state,
        source_hash,
        title_translated: true,
    });
    diags.extend(structure::fill(
        c,
        codebook,
        super::markdown_flags(&base.config),
    ));
    diags
}

/// The warning for a translation that is behind its source, or does not say which
/// version of it it was made from.
fn staleness(c: &Chapter, state: &TranslationState, hash: &str) -> Option<Diagnostic> {
    let stamp = format!(
        "then set `translated-from: {hash}` in its front matter (or run `metbook translations --stamp {}`)",
        c.file.display()
    );
    match state {
        TranslationState::Current | TranslationState::Missing => None,
        TranslationState::Stale { recorded, line } => Some(
            Diagnostic::warning(
                Kind::TranslationStale,
                &c.file,
                *line,
                1,
                format!(
                    "this translation is out of date: it was made from version {recorded} of `{}`, which has changed since (now {hash})",
                    c.src_path
                ),
            )
            .len("translated-from".len())
            .help(format!("bring the translation in line with the source's changes (your version control shows them), {stamp}")),
        ),
        TranslationState::Untracked => Some(
            Diagnostic::warning(
                Kind::TranslationUntracked,
                &c.file,
                1,
                1,
                format!(
                    "this translation does not say which version of `{}` it was made from, so metbook cannot tell when it goes out of date",
                    c.src_path
                ),
            )
            .help(format!("check that it matches the source as it is now, {stamp}")),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_ignores_windows_line_ends_and_matches_sha256sum() {
        assert_eq!(source_hash("a\r\nb\n"), source_hash("a\nb\n"));
        // `printf 'hello\n' | sha256sum | cut -c1-12`
        assert_eq!(source_hash("hello\n"), "5891b5b522d5");
    }
}
