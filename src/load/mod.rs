//! Stage 1: read book.toml, SUMMARY.md, every chapter and the MET data files into the model.
//! Chapters are read in parallel; every problem is collected, none stops the others.

pub(crate) mod assets;
pub(crate) mod cache;
mod canon;
pub mod chapter;
pub mod config;
pub(crate) mod create;
pub(crate) mod data;
pub(crate) mod include;
pub(crate) mod preprocess;
mod read;
pub(crate) mod scan;
pub(crate) mod source;
pub(crate) mod structure;
pub mod summary;
pub(crate) mod translate;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Kind};
use crate::load::read::{At, Entry};
use crate::load::summary::{SummaryItem, SummaryLink};
use crate::model::Config;
use crate::model::{Book, Chapter, ChapterId, TreeItem};

/// Reads book.toml from `root`; on failure, its first problem (callers that only need the
/// build folder; `load` reports them all).
pub fn config(root: &Path) -> Result<Config, Diagnostic> {
    config_all(root)
        .map(|(c, _)| c)
        .map_err(|mut ds| ds.swap_remove(0))
}

/// Reads book.toml from `root`, with its warnings, or every problem it has.
pub fn config_all(root: &Path) -> Result<config::Parsed, Vec<Diagnostic>> {
    let file = root.join("book.toml");
    if !file.exists() {
        return Err(vec![Diagnostic::error(Kind::NoBook, &file, 1, 1, format!("no book.toml in {}", root.display()))
            .help("run metbook in the folder that holds book.toml, pass that folder (`metbook build path/to/book`), or create one with `metbook init`")]);
    }
    let text = source::read_text(&file).map_err(|d| vec![d])?;
    config::parse(&text, &file)
}

pub use read::{out_path_for, reload_chapter};

/// Reads the whole book, running its mdBook preprocessors; `None` when it cannot be read.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Book> {
    load_with(root, diags, true)
}

/// [`load`], with or without the preprocessors (which run commands: finding the files a
/// book includes needs no preprocessing).
fn load_with(root: &Path, diags: &mut Diagnostics, preprocess: bool) -> Option<Book> {
    let config = match config_all(root) {
        Ok((c, warnings)) => {
            diags.extend(warnings);
            c
        }
        Err(ds) => {
            diags.extend(ds);
            return None;
        }
    };
    let src = root.join(&config.book.src);
    let summary_file = src.join("SUMMARY.md");
    let summary = read_summary(&summary_file)
        .map_err(|ds| diags.extend(ds))
        .ok()?;

    // The codebook is needed to parse the chapters' dialogues.
    let (met, ds) = data::glossary_and_codebook(&src, &config.book.language);
    diags.extend(ds);

    let mut entries = Vec::new();
    let tree = flatten(&summary.items, &mut entries, &mut None, &mut Vec::new());
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let canon = canon::Canon::default();
    let at = At {
        src: &src,
        summary_file: &summary_file,
        root: &canonical_root,
        canon: &canon,
        project: include::project_root(root, config.build.project_root.as_deref()),
        create_missing: config.build.create_missing == Some(true),
    };
    let mut reads = read_all(entries, &at, diags)?;
    // The preprocessors see the chapters with their includes expanded (mdBook's `links`
    // has run), before metbook reads their front matter and structure.
    let ran = match preprocess {
        true => run_preprocessors(root, &config, &mut reads, &tree, diags)?,
        false => preprocess::Ran::default(),
    };
    let results: Vec<_> = reads
        .into_par_iter()
        .map(|r| read::finish_chapter(r, &met.codebook, markdown_flags(&config)))
        .collect();
    let mut chapters = Vec::with_capacity(results.len());
    for (c, ds) in results {
        diags.extend(ds);
        chapters.push(c);
    }
    let (by_id, by_src) = index_chapters(&mut chapters, &summary_file, diags);

    let not_found = not_found_page(root, &src, &config, diags);
    let listed: HashSet<PathBuf> = chapters
        .iter()
        .filter(|c| !c.draft)
        .flat_map(|c| std::iter::once(c.file.clone()).chain(included_files(c)))
        .chain(not_found.as_ref().map(|(f, _)| f.clone()))
        .map(|p| canon.of(&p).unwrap_or(p))
        .collect();
    // Translations are read by `translate`, not published or listed as chapters.
    let translations: Vec<PathBuf> = config
        .languages
        .keys()
        .map(|code| translate::folder(root, &config, code))
        .collect();
    let static_files =
        scan_source_dir(&src, &listed, &canonical_root, &translations, &canon, diags);
    let assets = assets::read(root, &src, &config, &static_files, diags);
    let sources = listed
        .iter()
        .cloned()
        .chain([root.join("book.toml"), summary_file.clone()])
        .chain(static_files.iter().map(|f| src.join(f)))
        .chain(data::files(&src));
    let source_date = source_date(sources, &canon);

    let edition = translate::source_edition(&config);
    let (words, missing) = assets::words(root, &assets, &config.book.language);
    diags.extend(missing);
    Some(Book {
        edition,
        words,
        root: root.to_path_buf(),
        project_root: at.project,
        not_found: not_found.map(|(_, text)| text),
        src,
        config,
        summary_title: summary.title,
        chapters,
        tree,
        assets,
        met,
        by_id,
        by_src,
        preprocessors: ran.names,
        rewrites: ran.rewrites,
        source_date,
    })
}

/// SUMMARY.md, read and parsed; a missing one is said plainly.
fn read_summary(summary_file: &Path) -> Result<summary::Summary, Vec<Diagnostic>> {
    let text = source::read_text(summary_file).map_err(|d| {
        if summary_file.exists() {
            return vec![d];
        }
        vec![Diagnostic::error(
            Kind::Summary,
            summary_file,
            1,
            1,
            "SUMMARY.md is missing: metbook needs it to know the chapters and their order",
        )
        .help(format!(
            "create {} listing the chapters, e.g. `- [Introduction](introduction.md)`",
            summary_file.display()
        ))]
    })?;
    summary::parse(&text, summary_file)
}

/// Every chapter's file with its includes expanded, read in parallel; None when one could
/// not be read (its problem is reported).
fn read_all(entries: Vec<Entry>, at: &At, diags: &mut Diagnostics) -> Option<Vec<read::Read>> {
    let results: Vec<_> = entries
        .into_par_iter()
        .map(|e| read::read_chapter(e, at))
        .collect();
    let mut reads = Vec::with_capacity(results.len());
    let mut failed = false;
    for (r, ds) in results {
        diags.extend(ds);
        match r {
            Some(r) => reads.push(r),
            None => failed = true,
        }
    }
    (!failed).then_some(reads)
}

/// Runs the book's mdBook preprocessors over the chapters' text, in place.
fn run_preprocessors(
    root: &Path,
    config: &Config,
    reads: &mut [read::Read],
    tree: &[TreeItem],
    diags: &mut Diagnostics,
) -> Option<preprocess::Ran> {
    let mut docs: Vec<_> = reads
        .iter_mut()
        .map(|r| std::mem::take(&mut r.doc))
        .collect();
    let mut ds = Vec::new();
    let ran = preprocess::run(root, config, &mut docs, tree, &mut ds);
    diags.extend(ds);
    for (r, d) in reads.iter_mut().zip(docs) {
        r.doc = d;
    }
    ran
}

/// The chapters by id and by source path. A file listed twice, or an id two chapters' front
/// matter claim, is an error; an id taken from a file name that another chapter already
/// has gets the file's folders (`a/intro.md` and `b/intro.md` are common in mdBook books).
fn index_chapters(
    chapters: &mut [Chapter],
    summary_file: &Path,
    diags: &mut Diagnostics,
) -> (HashMap<String, ChapterId>, HashMap<String, ChapterId>) {
    let mut by_id = HashMap::with_capacity_and_hasher(chapters.len(), Default::default());
    let mut by_src = HashMap::with_capacity_and_hasher(chapters.len(), Default::default());
    for (i, c) in chapters.iter().enumerate() {
        let i = ChapterId::at(i);
        if c.draft {
            continue;
        }
        if let Some(prev) = by_src.insert(c.src_path.clone(), i) {
            diags.push(listed_twice(c, &chapters[prev], summary_file));
        }
        // Ids given in front matter are claimed first.
        if c.front.id.is_none() {
            continue;
        }
        if let Some(prev) = by_id.insert(c.id.clone(), i) {
            diags.push(
                Diagnostic::error(
                    Kind::DuplicateId,
                    &c.file,
                    1,
                    1,
                    format!(
                        "the id `{}` is already used by {}",
                        c.id, chapters[prev].src_path
                    ),
                )
                .help("give one of the chapters a different `id:` in its front matter"),
            );
        }
    }
    for (i, c) in chapters.iter_mut().enumerate() {
        let i = ChapterId::at(i);
        if c.draft || c.front.id.is_some() {
            continue;
        }
        if by_id.contains_key(&c.id) {
            let path = Path::new(&c.src_path).with_extension("");
            let base = crate::markdown::slug(&path.to_string_lossy().replace(['/', '\\'], "-"));
            c.id = crate::text::free_suffix(&base, 2, |id| by_id.contains_key(id));
        }
        by_id.insert(c.id.clone(), i);
    }
    (by_id, by_src)
}

fn listed_twice(c: &Chapter, first: &Chapter, summary_file: &Path) -> Diagnostic {
    Diagnostic::error(
        Kind::Summary,
        summary_file,
        c.summary_line,
        1,
        format!("`{}` is listed twice in SUMMARY.md", c.src_path),
    )
    .help(format!(
        "each file can appear once; it is already listed on line {}",
        first.summary_line
    ))
}

/// The Markdown extensions book.toml turns on, as the render stage reads them (its
/// `markdown_flags`), so the structure scan finds the headings and ids the pages have.
fn markdown_flags(config: &Config) -> crate::markdown::Flags {
    let html = &config.output.html;
    crate::markdown::Flags::from_options(
        html.smart_punctuation,
        html.definition_lists,
        html.admonitions,
    )
}

/// `SOURCE_DATE_EPOCH` (the reproducible-builds convention) when set, else the newest
/// modification time among `files` (as `canon` saw them when it did).
fn source_date(files: impl Iterator<Item = PathBuf>, canon: &canon::Canon) -> u64 {
    if let Some(t) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse().ok())
    {
        return t;
    }
    files
        .filter_map(|f| {
            (canon.modified(&f)).or_else(|| std::fs::metadata(&f).and_then(|m| m.modified()).ok())
        })
        .filter_map(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs())
        .max()
        .unwrap_or(0)
}

/// mdBook's `input-404` (default `404.md` in the source folder): the text of 404.html.
/// Only a file named in book.toml must exist.
fn not_found_page(
    root: &Path,
    src: &Path,
    config: &Config,
    diags: &mut Diagnostics,
) -> Option<(PathBuf, String)> {
    let named = config.output.html.input_404.as_deref();
    let file = src.join(named.unwrap_or("404.md"));
    if !file.exists() {
        if let Some(n) = named {
            diags.push(
                Diagnostic::error(Kind::ChapterFile, root.join("book.toml"), 1, 1, format!("input-404 names `{n}`, but the source folder has no such file"))
                    .help("create it in the source folder, or remove `input-404` to use metbook's own 404 page"),
            );
        }
        return None;
    }
    match source::read_text(&file) {
        Ok(t) => Some((file, t)),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// Folders outside the book that `serve` watches: `[build] extra-watch-dirs`, and the
/// folders of files the chapters include from elsewhere in the project (found by loading
/// the book once; an include from a new folder is watched after a restart).
pub fn watched_outside(root: &Path) -> Vec<PathBuf> {
    let Ok(config) = config(root) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = config
        .build
        .extra_watch_dirs
        .iter()
        .map(|d| root.join(d))
        .chain(
            config
                .languages
                .keys()
                .map(|code| translate::folder(root, &config, code)),
        )
        .filter_map(|d| d.canonicalize().ok())
        .collect();
    if let Some(book) = load_with(root, &mut Diagnostics::default(), false) {
        let root = book
            .root
            .canonicalize()
            .unwrap_or_else(|_| book.root.clone());
        let included = book.chapters.iter().flat_map(included_files);
        dirs.extend(
            included
                .filter_map(|f| f.canonicalize().ok())
                .filter(|f| !f.starts_with(&root))
                .filter_map(|f| f.parent().map(Path::to_path_buf)),
        );
    }
    dirs.sort();
    dirs.dedup();
    // A folder inside another watched one needs no watch of its own.
    let all = dirs.clone();
    dirs.retain(|d| !all.iter().any(|o| o != d && d.starts_with(o)));
    dirs
}

fn included_files(c: &Chapter) -> Vec<PathBuf> {
    c.line_map.as_ref().map(|m| m.files()).unwrap_or_default()
}

/// Depth-first walk of the SUMMARY tree into reading order, remembering parts and parents.
fn flatten(
    items: &[SummaryItem],
    out: &mut Vec<Entry>,
    part: &mut Option<String>,
    parents: &mut Vec<ChapterId>,
) -> Vec<TreeItem> {
    let mut tree = Vec::new();
    for item in items {
        match item {
            SummaryItem::Part(p) => {
                *part = Some(p.clone());
                tree.push(TreeItem::Part(p.clone()));
            }
            SummaryItem::Separator => tree.push(TreeItem::Separator),
            SummaryItem::Link(l) => {
                let index = ChapterId::at(out.len());
                out.push(Entry {
                    link: SummaryLink {
                        children: Vec::new(),
                        ..l.clone()
                    },
                    part: part.clone(),
                    parents: parents.clone(),
                });
                parents.push(index);
                let children = flatten(&l.children, out, part, parents);
                parents.pop();
                tree.push(TreeItem::Chapter { index, children });
            }
        }
    }
    tree
}

/// Finds non-Markdown files to copy, and warns about chapter files SUMMARY.md does not list.
fn scan_source_dir(
    src: &Path,
    listed: &HashSet<PathBuf>,
    root: &Path,
    skip: &[PathBuf],
    canon: &canon::Canon,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(src)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            !e.file_name()
                .to_str()
                .map(|n| n.starts_with('.'))
                .unwrap_or(false)
                && !skip.iter().any(|s| e.path() == s)
        });
    for entry in walker.filter_map(Result::ok) {
        let path = entry.path();
        let is_file = if entry.file_type().is_symlink() {
            match path.canonicalize() {
                Ok(t) if t.starts_with(root) => t.is_file(),
                _ => {
                    diags.push(
                        Diagnostic::warning(
                            Kind::Symlink,
                            path,
                            1,
                            1,
                            "this symbolic link leads outside the book (or nowhere) and is skipped",
                        )
                        .help("copy the file into the book instead of linking to it"),
                    );
                    false
                }
            }
        } else {
            entry.file_type().is_file()
        };
        if !is_file {
            continue;
        }
        let Ok(rel) = path.strip_prefix(src) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.ends_with(".md") {
            // A link was followed above, so this is a file of its folder.
            let file = (canon.of_known(path, false)).unwrap_or_else(|_| path.to_path_buf());
            if rel != "SUMMARY.md" && !listed.contains(&file) {
                diags.push(Diagnostic::warning(Kind::Unlisted, path, 1, 1, format!("`{rel}` is not listed in SUMMARY.md, so it is not part of the handbook"))
                    .help(format!("add `- [Title]({rel})` to SUMMARY.md, or delete the file if it is no longer needed")));
            }
        } else if !is_data_file(&rel) {
            files.push(rel);
        }
    }
    files.sort();
    files
}

/// The MET data files are read by the loader, not published as they are.
pub fn is_data_file(rel: &str) -> bool {
    matches!(
        rel,
        "glossary.yml"
            | "glossary.yaml"
            | "references.yml"
            | "references.yaml"
            | "references.bib"
            | "codebook.yml"
            | "codebook.yaml"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readme_becomes_index() {
        assert_eq!(out_path_for("README.md"), "index.html");
        assert_eq!(out_path_for("part/README.md"), "part/index.html");
        assert_eq!(out_path_for("a/b.md"), "a/b.html");
    }
}
