//! The typed manual every later stage works on. No I/O happens here.

use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;

pub mod assets;
pub mod block;
pub mod config;
pub mod events;
pub mod front;
pub mod i18n;
pub mod id;
pub mod line_map;
pub mod met;
pub mod words;

pub use block::{Block, ChapterBlock, RawBlock, RawLink, BLOCK_KINDS};
pub use config::Config;
pub use events::Events;
pub use front::{ChapterKind, FrontMatter};
pub use i18n::{Edition, EditionRef, Translation, TranslationState};
pub use id::{ChapterId, PerChapter};
pub use line_map::{LineMap, Rewrites};
pub use words::Words;

use met::MetData;

/// A loaded book: its configuration, chapters in reading order, data and assets.
pub struct Book {
    /// The folder holding book.toml.
    pub root: PathBuf,
    /// Where includes (and serve's watching) may reach: see `load::include::project_root`.
    pub project_root: PathBuf,
    /// The Markdown of 404.html (mdBook's `input-404`), when the book has one.
    pub not_found: Option<String>,
    /// The source folder (`[book] src` under `root`).
    pub src: PathBuf,
    /// book.toml.
    pub config: Config,
    /// SUMMARY.md's `# Title`, when it has one.
    pub summary_title: Option<String>,
    /// Every SUMMARY.md entry in reading order, drafts included.
    pub chapters: Vec<Chapter>,
    /// The chapter tree of SUMMARY.md, with part titles and separators.
    pub tree: Vec<TreeItem>,
    /// Theme, extra CSS and JS, and the static files' bytes.
    pub assets: assets::Assets,
    /// The glossary, references and codebook.
    pub met: MetData,
    /// Chapter index by stable id and by source path, built once so lookups are O(1).
    pub by_id: HashMap<String, ChapterId>,
    /// Chapter index by source path (as in [`Chapter::src_path`]).
    pub by_src: HashMap<String, ChapterId>,
    /// The mdBook preprocessors that ran, in order.
    pub preprocessors: Vec<String>,
    /// Where they changed the chapters' text.
    pub rewrites: Rewrites,
    /// Which language edition this is, where its pages go and the other editions.
    pub edition: Edition,
    /// The site's fixed words in this edition's language.
    pub words: Words,
    /// When the book last changed, in seconds since 1970 (UTC): `SOURCE_DATE_EPOCH` when
    /// set, else the newest modification time of its sources. The EPUB's date comes from
    /// it, so building unchanged sources again gives the same bytes.
    pub source_date: u64,
}

/// One SUMMARY.md entry: its place, front matter, Markdown and what was found in it.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// The stable id links use (front matter `id`, else from its path).
    pub id: String,
    /// The title shown: front matter `title`, a `{{#title}}`, else SUMMARY.md's link text.
    pub title: String,
    /// Source path relative to the source dir, with `/` separators ("principles/empathy.md").
    pub src_path: String,
    /// The chapter's file.
    pub file: PathBuf,
    /// Output path relative to the site root ("principles/empathy.html"); empty for drafts.
    pub out_path: String,
    /// Its section number ("1.2."), for numbered chapters.
    pub number: Option<String>,
    /// The part title it falls under, when SUMMARY.md has parts.
    pub part: Option<String>,
    /// A draft (`[Title]()`): listed, but without a page.
    pub draft: bool,
    /// Ancestor chapters, outermost first, for breadcrumbs.
    pub parents: Vec<ChapterId>,
    /// The front matter, typed.
    pub front: FrontMatter,
    /// Markdown with includes expanded and front matter blanked (line numbers kept).
    pub body: String,
    /// Where included lines came from; `None` without includes.
    pub line_map: Option<LineMap>,
    /// The SUMMARY.md entry (title, line, column), to locate problems with it and reload.
    pub summary_title: String,
    /// 1-based line of the entry in SUMMARY.md.
    pub summary_line: usize,
    /// 1-based column of the entry.
    pub summary_col: usize,
    /// Its headings, in order.
    pub headings: Vec<Heading>,
    /// Every link and image destination, as written.
    pub links: Vec<RawLink>,
    /// The structured blocks, in order.
    pub blocks: Vec<ChapterBlock>,
    /// The body's Markdown events, parsed once by load and walked by render.
    pub events: Events,
    /// In a translated edition: whether this chapter is translated and up to date.
    pub translation: Option<Translation>,
}

/// A heading of a chapter.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// 1 for `#` to 6 for `######`.
    pub level: u8,
    /// Its anchor id (explicit `{#id}` or from the title).
    pub id: String,
    /// Its text.
    pub title: String,
    /// 1-based line in the chapter's body.
    pub line: usize,
}

/// One node of the chapter tree.
#[derive(Debug, Clone)]
pub enum TreeItem {
    /// A chapter and the chapters nested under it.
    Chapter {
        /// The chapter.
        index: ChapterId,
        /// The entries nested under it.
        children: Vec<TreeItem>,
    },
    /// A part title.
    Part(String),
    /// A separator line.
    Separator,
}

impl Chapter {
    /// Maps a line of `body` to the file and line it came from (includes differ).
    pub fn locate(&self, line: usize) -> (PathBuf, usize) {
        match &self.line_map {
            Some(m) => m.locate(line, &self.file),
            None => (self.file.clone(), line),
        }
    }

    /// The chapter's own `# Title` when it opens the chapter (mdBook style). The page
    /// template prints the title, so the chapter page leaves this heading out.
    pub fn title_heading(&self) -> Option<&Heading> {
        let first_line = self.body.lines().position(|l| !l.trim().is_empty())? + 1;
        self.headings
            .first()
            .filter(|h| h.level == 1 && h.line == first_line)
    }

    /// Frees the Markdown of a rendered chapter and its events, keeping only the lines up
    /// to the first non-blank one, which is all [`Chapter::title_heading`] reads.
    pub fn release_body(&mut self) {
        let mut end = 0;
        for line in self.body.split_inclusive('\n') {
            end += line.len();
            if !line.trim().is_empty() {
                break;
            }
        }
        self.body.truncate(end);
        self.body.shrink_to_fit();
        // The kept Markdown events too: render has walked them (serve keeps them, and
        // calls this never).
        self.events = Events::default();
        self.links = Vec::new();
        for b in &mut self.blocks {
            b.raw.body = String::new();
        }
    }

    /// The chapter's structured blocks, parsed, in order.
    pub fn parsed_blocks(&self) -> impl Iterator<Item = &Block> {
        self.blocks.iter().map(|b| &b.parsed)
    }

    /// Whether the chapter has a heading with anchor `id`.
    pub fn has_heading(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id)
    }
}

impl Book {
    /// Every chapter with a page (drafts have none), with its id.
    pub fn pages(&self) -> impl Iterator<Item = (ChapterId, &Chapter)> {
        self.ids()
            .map(|i| (i, &self.chapters[i]))
            .filter(|(_, c)| !c.draft)
    }

    /// Every chapter's id, drafts included, in reading order.
    pub fn ids(&self) -> impl Iterator<Item = ChapterId> {
        (0..self.chapters.len()).map(ChapterId::at)
    }
}

#[cfg(test)]
mod release_tests {
    use super::*;

    /// The one heading these bodies can have: a `# Title` line.
    fn heading_at_top(body: &str) -> Vec<Heading> {
        body.lines()
            .position(|l| l.starts_with("# "))
            .map(|i| Heading {
                level: 1,
                id: "title".into(),
                title: "Title".into(),
                line: i + 1,
            })
            .into_iter()
            .collect()
    }

    #[test]
    fn a_released_body_keeps_its_title_heading() {
        for body in [
            "# Title\n\nText.\n",
            "\n\n  \n# Title\nmore\n",
            "Plain first line\n# Late\n",
            "",
        ] {
            let mut ch = Chapter {
                id: "c".into(),
                title: "T".into(),
                src_path: "c.md".into(),
                file: "c.md".into(),
                out_path: "c.html".into(),
                number: None,
                part: None,
                draft: false,
                parents: Vec::new(),
                front: Default::default(),
                body: body.into(),
                line_map: None,
                summary_title: "T".into(),
                summary_line: 1,
                summary_col: 1,
                headings: heading_at_top(body),
                links: Vec::new(),
                blocks: Vec::new(),
                events: Events::default(),
                translation: None,
            };
            let before = ch.title_heading().map(|h| h.id.clone());
            ch.release_body();
            assert_eq!(ch.title_heading().map(|h| h.id.clone()), before, "{body:?}");
            assert!(ch.body.len() <= body.len());
        }
    }
}
