//! Stage 1: read book.toml, SUMMARY.md, every chapter and the MET data files into the model.
//! Chapters are read in parallel; every problem is collected, none stops the others.

pub mod assets;
pub mod cache;
pub mod chapter;
pub mod config;
pub mod create;
pub mod data;
pub mod include;
pub mod scan;
pub mod source;
pub mod structure;
pub mod summary;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Kind};
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

struct Entry {
    link: SummaryLink,
    part: Option<String>,
    parents: Vec<ChapterId>,
}

pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Book> {
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
    let summary_text = match source::read_text(&summary_file) {
        Ok(t) => t,
        Err(mut d) => {
            if !summary_file.exists() {
                d = Diagnostic::error(
                    Kind::Summary,
                    &summary_file,
                    1,
                    1,
                    "SUMMARY.md is missing: metbook needs it to know the chapters and their order",
                )
                .help(format!(
                    "create {} listing the chapters, e.g. `- [Introduction](introduction.md)`",
                    summary_file.display()
                ));
            }
            diags.push(d);
            return None;
        }
    };
    let summary = match summary::parse(&summary_text, &summary_file) {
        Ok(s) => s,
        Err(es) => {
            diags.extend(es);
            return None;
        }
    };

    // The codebook is needed to parse the chapters' dialogues.
    let (met, ds) = data::glossary_and_codebook(&src);
    diags.extend(ds);

    let mut entries = Vec::new();
    let tree = flatten(&summary.items, &mut entries, &mut None, &mut Vec::new());
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let at = At {
        src: &src,
        summary_file: &summary_file,
        root: &canonical_root,
        project: include::project_root(root, config.build.project_root.as_deref()),
        create_missing: config.build.create_missing == Some(true),
    };

    let results: Vec<(Option<Chapter>, Vec<Diagnostic>)> = entries
        .into_par_iter()
        .map(|e| load_chapter(e, &at, &met.codebook))
        .collect();
    let project_root = at.project.clone();
    let mut chapters = Vec::with_capacity(results.len());
    let mut failed = false;
    for (c, ds) in results {
        diags.extend(ds);
        match c {
            Some(c) => chapters.push(c),
            None => failed = true,
        }
    }
    if failed {
        return None;
    }

    let mut by_id = HashMap::with_capacity(chapters.len());
    let mut by_src = HashMap::with_capacity(chapters.len());
    for (i, c) in chapters.iter().enumerate() {
        let i = ChapterId::at(i);
        if c.draft {
            continue;
        }
        if let Some(prev) = by_src.insert(c.src_path.clone(), i) {
            diags.push(
                Diagnostic::error(
                    Kind::Summary,
                    &summary_file,
                    c.summary_line,
                    1,
                    format!("`{}` is listed twice in SUMMARY.md", c.src_path),
                )
                .help(format!(
                    "each file can appear once; it is already listed on line {}",
                    chapters[prev].summary_line
                )),
            );
        }
        // Two chapters whose ids both come from their file names (`a/intro.md` and
        // `b/intro.md`, common in mdBook books) are not an error: ids given in front
        // matter are claimed first, and a file name already taken gets its folders.
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

    let not_found = not_found_page(root, &src, &config, diags);
    let listed: HashSet<PathBuf> = chapters
        .iter()
        .filter(|c| !c.draft)
        .flat_map(|c| std::iter::once(c.file.clone()).chain(included_files(c)))
        .chain(not_found.as_ref().map(|(f, _)| f.clone()))
        .map(|p| p.canonicalize().unwrap_or(p))
        .collect();
    let static_files = scan_source_dir(&src, &listed, &canonical_root, diags);
    let assets = assets::read(root, &src, &config, &static_files, diags);
    let sources = listed
        .iter()
        .cloned()
        .chain([root.join("book.toml"), summary_file.clone()])
        .chain(static_files.iter().map(|f| src.join(f)))
        .chain(data::files(&src));
    let source_date = source_date(sources);

    Some(Book {
        root: root.to_path_buf(),
        project_root,
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
        source_date,
    })
}

/// `SOURCE_DATE_EPOCH` (the reproducible-builds convention) when set, else the newest
/// modification time among `files`.
fn source_date(files: impl Iterator<Item = PathBuf>) -> u64 {
    if let Some(t) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse().ok())
    {
        return t;
    }
    files
        .filter_map(|f| std::fs::metadata(f).and_then(|m| m.modified()).ok())
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
        .filter_map(|d| d.canonicalize().ok())
        .collect();
    if let Some(book) = load(root, &mut Diagnostics::default()) {
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

/// Where a chapter is loaded from, and what bounds it.
struct At<'a> {
    src: &'a Path,
    summary_file: &'a Path,
    /// The book's folder, canonical: chapters stay inside it.
    root: &'a Path,
    /// The project folder, canonical: includes stay inside it.
    project: PathBuf,
    /// `[build] create-missing = true`: a missing chapter is a warning (build creates it).
    create_missing: bool,
}

fn load_chapter(
    e: Entry,
    at: &At,
    codebook: &crate::met::dialogues::Codebook,
) -> (Option<Chapter>, Vec<Diagnostic>) {
    let (src, summary_file, root) = (at.src, at.summary_file, at.root);
    let mut diags = Vec::new();
    let Some(rel) = e.link.path.clone() else {
        let chapter = Chapter {
            id: format!("draft-{}", crate::markdown::slug(&e.link.title)),
            title: e.link.title.clone(),
            src_path: String::new(),
            file: PathBuf::new(),
            out_path: String::new(),
            number: e.link.number,
            part: e.part,
            draft: true,
            parents: e.parents,
            front: Default::default(),
            body: String::new(),
            line_map: None,
            summary_title: e.link.title.clone(),
            summary_line: e.link.line,
            summary_col: e.link.col,
            headings: Vec::new(),
            links: Vec::new(),
            blocks: Vec::new(),
        };
        return (Some(chapter), diags);
    };
    let rel = rel.replace('\\', "/");
    let file = src.join(&rel);
    let missing = |msg: String, help: String| {
        Diagnostic::error(
            Kind::ChapterFile,
            summary_file,
            e.link.line,
            e.link.col,
            msg,
        )
        .len(e.link.title.chars().count() + 4)
        .help(help)
    };
    if !rel.ends_with(".md") {
        diags.push(missing(
            format!("`{rel}` is not a Markdown file"),
            "chapters are `.md` files; link to one, e.g. `[Title](chapter.md)`".into(),
        ));
        return (None, diags);
    }
    // A chapter path must stay inside the source folder: `../x.md` or `/x.md` would also put
    // its page outside the build folder.
    if Path::new(&rel).is_absolute() || rel.starts_with('/') || rel.split('/').any(|c| c == "..") {
        diags.push(missing(
            format!("`{rel}` lies outside the source folder"),
            "chapter files must be inside the source folder; move the file there and link it without `..` or a leading `/`".into(),
        ));
        return (None, diags);
    }
    if !file.exists() && !at.create_missing {
        diags.push(missing(
            format!("SUMMARY.md lists `{rel}`, but there is no such file"),
            format!("create {} or correct the path in SUMMARY.md (paths are relative to the source folder); `[build] create-missing = true` makes `metbook build` create it, as mdBook does", file.display()),
        ));
        return (None, diags);
    }
    if let Ok(c) = file.canonicalize() {
        if !c.starts_with(root) {
            diags.push(missing(
                format!("`{rel}` points outside the book (through a symbolic link)"),
                "keep chapter files inside the book's folder".into(),
            ));
            return (None, diags);
        }
    }
    let text = if file.exists() {
        match source::read_text(&file) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                return (None, diags);
            }
        }
    } else {
        let mut d = missing(
            format!(
                "`{rel}` does not exist yet; `metbook build` creates it (create-missing = true)"
            ),
            "write the chapter, or correct the path in SUMMARY.md if it is a typo".into(),
        );
        d.severity = crate::diagnostics::Severity::Warning;
        diags.push(d);
        create::stub(&e.link.title)
    };
    let expanded = include::expand(text, &file, &at.project, &mut diags);
    if let Some(line) = chapter::misplaced_front_matter(&expanded.text) {
        diags.push(
            Diagnostic::warning(Kind::FrontMatter, &file, line, 1, "this looks like front matter, but it is not on the first line, so it is shown as text")
                .len(3)
                .help("delete the blank lines above the `---` so the front matter starts the file"),
        );
    }
    let (front, body) = match chapter::split(&expanded.text, &file) {
        Ok(x) => x,
        Err(d) => {
            diags.push(d);
            (Default::default(), chapter::body_only(&expanded.text))
        }
    };
    let stem = Path::new(&rel)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("chapter");
    let id = front.id.clone().unwrap_or_else(|| {
        let dir = Path::new(&rel)
            .parent()
            .and_then(|p| p.to_str())
            .unwrap_or("");
        if stem.eq_ignore_ascii_case("readme") || stem == "index" {
            if dir.is_empty() {
                "index".into()
            } else {
                crate::markdown::slug(dir)
            }
        } else {
            crate::markdown::slug(stem)
        }
    });
    let out_path = out_path_for(&rel);
    let mut chapter = Chapter {
        id,
        summary_title: e.link.title.clone(),
        summary_col: e.link.col,
        title: front
            .title
            .clone()
            .or(expanded.title)
            .unwrap_or(e.link.title),
        src_path: rel,
        file,
        out_path,
        number: e.link.number,
        part: e.part,
        draft: false,
        parents: e.parents,
        front,
        body,
        line_map: expanded.map,
        summary_line: e.link.line,
        headings: Vec::new(),
        links: Vec::new(),
        blocks: Vec::new(),
    };
    diags.extend(structure::fill(&mut chapter, codebook));
    (Some(chapter), diags)
}

/// Reads one chapter again (after its file changed), keeping its place in the book.
pub fn reload_chapter(book: &Book, i: ChapterId) -> (Option<Chapter>, Vec<Diagnostic>) {
    let c = &book.chapters[i];
    let link = SummaryLink {
        title: c.summary_title.clone(),
        path: (!c.draft).then(|| c.src_path.clone()),
        number: c.number.clone(),
        line: c.summary_line,
        col: c.summary_col,
        numbered: c.number.is_some(),
        children: Vec::new(),
    };
    let entry = Entry {
        link,
        part: c.part.clone(),
        parents: c.parents.clone(),
    };
    let root = book
        .root
        .canonicalize()
        .unwrap_or_else(|_| book.root.clone());
    let at = At {
        src: &book.src,
        summary_file: &book.src.join("SUMMARY.md"),
        root: &root,
        project: book.project_root.clone(),
        create_missing: book.config.build.create_missing == Some(true),
    };
    load_chapter(entry, &at, &book.met.codebook)
}

/// `a/b.md` → `a/b.html`; `README.md` (any folder) → that folder's `index.html`, as in mdBook.
pub fn out_path_for(rel: &str) -> String {
    let without = rel.strip_suffix(".md").unwrap_or(rel);
    let (dir, stem) = match without.rsplit_once('/') {
        Some((d, s)) => (format!("{d}/"), s),
        None => (String::new(), without),
    };
    if stem.eq_ignore_ascii_case("readme") {
        format!("{dir}index.html")
    } else {
        format!("{dir}{stem}.html")
    }
}

/// Finds non-Markdown files to copy, and warns about chapter files SUMMARY.md does not list.
fn scan_source_dir(
    src: &Path,
    listed: &HashSet<PathBuf>,
    root: &Path,
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
            let canon = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
            if rel != "SUMMARY.md" && !listed.contains(&canon) {
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
