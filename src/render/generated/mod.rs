//! The generated pages that tie a MET manual together: principles overview, "MET compared",
//! fidelity checklist, glossary and references, each linking back to where things are
//! explained, and the back-links chapters get from them. One file per family of pages.

mod dialogues;
mod forms;
mod lexicon;
mod sessions;
mod structures;

use std::collections::BTreeMap;

use crate::model::Book;
use crate::model::{Block, ChapterId, PerChapter};
use crate::render::chapter::Rendered;
use crate::render::page::Link;
use crate::render::ChapterOut;
use crate::resolve::links::relative;
use crate::text::escape;

pub struct GenPage {
    /// Listed with the other generated pages in every page's navigation (a session card
    /// is reached from its session instead).
    pub in_nav: bool,
    /// Chapters this page links to, for their "Referenced from" lists.
    pub lists: rustc_hash::FxHashSet<ChapterId>,
    pub path: String,
    pub title: String,
    pub description: String,
    pub html: String,
}

pub struct Generated {
    pub pages: Vec<GenPage>,
    /// Chapters that illustrate each principle chapter (by front matter `principles:`).
    illustrates: BTreeMap<ChapterId, Vec<ChapterId>>,
}

impl Generated {
    pub fn collect(book: &Book, outs: &PerChapter<Option<ChapterOut>>) -> Generated {
        let chapters: Vec<(ChapterId, &Rendered)> = outs
            .iter()
            .filter_map(|(i, o)| o.as_ref().map(|o| (i, &o.rendered)))
            .collect();
        let chapters = chapters.as_slice();
        let mut illustrates: BTreeMap<ChapterId, Vec<ChapterId>> = BTreeMap::new();
        for (i, c) in book.pages() {
            for p in &c.front.principles {
                if let Some(&t) = book.by_id.get(p) {
                    illustrates.entry(t).or_default().push(i);
                }
            }
        }
        let mut pages = Vec::new();
        let dialogues = dialogues::dialogue_rows(book);
        if let Some(p) = structures::principles(book, &illustrates, &dialogues) {
            pages.push(p);
        }
        if let Some(p) = structures::compared(book) {
            pages.push(p);
        }
        if let Some(p) = structures::checklist(book) {
            pages.push(p);
        }
        if let Some(p) = dialogues::dialogues_page(book, &dialogues) {
            pages.push(p);
            pages.push(dialogues::codebook_page(book));
        }
        if let Some(p) = forms::forms(book) {
            pages.push(p);
        }
        if let Some(p) = sessions::guide(book) {
            pages.push(p);
            pages.extend(sessions::cards(book, chapters));
        }
        if let Some(p) = lexicon::glossary(book, chapters) {
            pages.push(p);
        }
        if let Some(p) = lexicon::references(book, chapters) {
            pages.push(p);
        }
        // The glossary and references pages list at most `lexicon::LISTED` chapters per
        // entry, and say themselves which.
        for p in pages.iter_mut().filter(|p| p.lists.is_empty()) {
            p.lists = listed_chapters(book, &illustrates, &p.path);
        }
        Generated { pages, illustrates }
    }

    /// Extra "Referenced from" entries for a chapter: the chapters whose front matter says
    /// they illustrate it, and the generated pages that list it.
    pub fn backlinks_for(&self, book: &Book, index: ChapterId, from: &str) -> Vec<Link> {
        let mut out: Vec<Link> = self
            .illustrates
            .get(&index)
            .into_iter()
            .flatten()
            .filter(|&&i| i != index)
            .map(|&i| Link {
                title: book.chapters[i].title.clone(),
                url: relative(from, &book.chapters[i].out_path),
            })
            .collect();
        let listed_on = |p: &GenPage| p.lists.contains(&index);
        out.extend(self.pages.iter().filter(|p| listed_on(p)).map(|p| Link {
            title: p.title.clone(),
            url: relative(from, &p.path),
        }));
        out
    }
}

pub(super) fn chapter_link(book: &Book, page: &str, i: ChapterId) -> String {
    let c = &book.chapters[i];
    format!(
        "<a href=\"{}\">{}</a>",
        escape(&relative(page, &c.out_path)),
        escape(&c.title)
    )
}

pub(super) fn sanitize(book: &Book) -> bool {
    book.config.output.html.sanitize == Some(true)
}

/// The chapters a generated page links to, worked out from the same data the page is
/// built from (never by searching its HTML), so back-links cost O(chapters) in all.
fn listed_chapters(
    book: &Book,
    illustrates: &BTreeMap<ChapterId, Vec<ChapterId>>,
    path: &str,
) -> rustc_hash::FxHashSet<ChapterId> {
    let with_block = |f: fn(&Block) -> bool| -> rustc_hash::FxHashSet<ChapterId> {
        book.pages()
            .filter(|(_, c)| c.parsed_blocks().any(f))
            .map(|(i, _)| i)
            .collect()
    };
    match path {
        "principles.html" => book
            .pages()
            .filter(|(_, c)| c.front.kind == crate::model::ChapterKind::Principle)
            .map(|(i, _)| i)
            .chain(illustrates.values().flatten().copied())
            .chain(
                book.pages()
                    .filter(|(_, c)| {
                        c.parsed_blocks()
                            .any(|b| matches!(b, Block::Dialogue(d) if !d.principles.is_empty()))
                    })
                    .map(|(i, _)| i),
            )
            .collect(),
        "met-compared.html" => with_block(|b| matches!(b, Block::Contrast(_))),
        "fidelity-checklist.html" => with_block(|b| matches!(b, Block::DoesNot(_))),
        "dialogues.html" => with_block(|b| matches!(b, Block::Dialogue(_))),
        _ => Default::default(),
    }
}
