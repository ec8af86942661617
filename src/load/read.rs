//! Reading one chapter: its file and includes first ([`read_chapter`], in parallel), then,
//! after the preprocessors have seen the whole book, its front matter and structure
//! ([`finish_chapter`], in parallel again).

use std::path::{Path, PathBuf};

use super::preprocess::Doc;
use super::summary::SummaryLink;
use super::{chapter, create, include, source, structure};
use crate::diagnostics::{Diagnostic, Kind};
use crate::markdown::Flags;
use crate::model::met::codebook::Codebook;
use crate::model::{Book, Chapter, ChapterId};

/// A SUMMARY.md entry, flattened into reading order.
pub(super) struct Entry {
    pub link: SummaryLink,
    pub part: Option<String>,
    pub parents: Vec<ChapterId>,
}

/// A chapter read and its includes expanded, waiting for the preprocessors.
pub(super) struct Read {
    pub doc: Doc,
    entry: Entry,
    /// Set by `{{#title …}}`.
    title: Option<String>,
}

/// Where a chapter is loaded from, and what bounds it.
pub(super) struct At<'a> {
    pub src: &'a Path,
    pub summary_file: &'a Path,
    /// The book's folder, canonical: chapters stay inside it.
    pub root: &'a Path,
    /// Canonical folders, shared by the threads reading chapters.
    pub canon: &'a super::canon::Canon,
    /// The project folder, canonical: includes stay inside it.
    pub project: PathBuf,
    /// `[build] create-missing = true`: a missing chapter is a warning (build creates it).
    pub create_missing: bool,
}

/// Reads a chapter's file and expands its includes (a draft has no file).
pub(super) fn read_chapter(e: Entry, at: &At) -> (Option<Read>, Vec<Diagnostic>) {
    let (src, summary_file, root) = (at.src, at.summary_file, at.root);
    let mut diags = Vec::new();
    let Some(rel) = e.link.path.clone() else {
        let doc = Doc::new(
            &e.link.title,
            "",
            None,
            e.link.number.as_deref(),
            e.parents.clone(),
        );
        return (
            Some(Read {
                doc,
                entry: e,
                title: None,
            }),
            diags,
        );
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
    // One question to the file system: whether the file is there, and where it really is.
    let canonical = at.canon.of(&file);
    if canonical.is_err() && !at.create_missing {
        diags.push(missing(
            format!("SUMMARY.md lists `{rel}`, but there is no such file"),
            format!("create {} or correct the path in SUMMARY.md (paths are relative to the source folder); `[build] create-missing = true` makes `metbook build` create it, as mdBook does", file.display()),
        ));
        return (None, diags);
    }
    if let Ok(c) = &canonical {
        if !c.starts_with(root) {
            diags.push(missing(
                format!("`{rel}` points outside the book (through a symbolic link)"),
                "keep chapter files inside the book's folder".into(),
            ));
            return (None, diags);
        }
    }
    let text = if canonical.is_ok() {
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
    let mut doc = Doc::new(
        &e.link.title,
        "",
        Some(&rel),
        e.link.number.as_deref(),
        e.parents.clone(),
    );
    doc.text = expanded.text;
    doc.file = file;
    doc.map = expanded.map;
    let read = Read {
        doc,
        entry: e,
        title: expanded.title,
    };
    (Some(read), diags)
}

/// Splits off a read chapter's front matter and scans its structure, after the
/// preprocessors have had it.
pub(super) fn finish_chapter(
    r: Read,
    codebook: &Codebook,
    flags: Flags,
) -> (Chapter, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (e, mut doc) = (r.entry, r.doc);
    let Some(rel) = doc.path.take() else {
        return (draft(e, doc.name), diags);
    };
    if let Some(line) = chapter::misplaced_front_matter(&doc.text) {
        let (file, line) = locate(&doc, line);
        diags.push(
            Diagnostic::warning(Kind::FrontMatter, file, line, 1, "this looks like front matter, but it is not on the first line, so it is shown as text")
                .len(3)
                .help("delete the blank lines above the `---` so the front matter starts the file"),
        );
    }
    let (front, body) = match chapter::split(&doc.text, &doc.file) {
        Ok(x) => x,
        Err(d) => {
            diags.push(d);
            (Default::default(), chapter::body_only(&doc.text))
        }
    };
    drop(std::mem::take(&mut doc.text));
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
        title: front.title.clone().or(r.title).unwrap_or(doc.name),
        src_path: rel,
        file: doc.file,
        out_path,
        number: e.link.number,
        part: e.part,
        draft: false,
        parents: e.parents,
        front,
        body,
        line_map: doc.map,
        summary_line: e.link.line,
        headings: Vec::new(),
        links: Vec::new(),
        blocks: Vec::new(),
        events: Default::default(),
        translation: None,
    };
    diags.extend(structure::fill(&mut chapter, codebook, flags));
    (chapter, diags)
}

/// A SUMMARY.md entry without a file (`[Title]()`): listed, greyed out, no page.
fn draft(e: Entry, title: String) -> Chapter {
    Chapter {
        id: format!("draft-{}", crate::markdown::slug(&e.link.title)),
        title,
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
        events: Default::default(),
        translation: None,
    }
}

/// The file and line of line `line` of a read chapter's text.
fn locate(doc: &Doc, line: usize) -> (PathBuf, usize) {
    match &doc.map {
        Some(m) => m.locate(line, &doc.file),
        None => (doc.file.clone(), line),
    }
}

/// Reads one chapter again (after its file changed), keeping its place in the book. A
/// book with preprocessors is reloaded whole instead (they see every chapter at once).
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
    let canon = super::canon::Canon::default();
    let at = At {
        src: &book.src,
        summary_file: &book.src.join("SUMMARY.md"),
        root: &root,
        canon: &canon,
        project: book.project_root.clone(),
        create_missing: book.config.build.create_missing == Some(true),
    };
    let (read, mut diags) = read_chapter(entry, &at);
    let chapter = read.map(|r| {
        let flags = super::markdown_flags(&book.config);
        let (c, ds) = finish_chapter(r, &book.met.codebook, flags);
        diags.extend(ds);
        c
    });
    (chapter, diags)
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
