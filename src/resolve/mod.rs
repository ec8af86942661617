//! Stage 3: everything that needs the whole manual — heading ids, the id index, link
//! checking and back-links — computed once so each lookup afterwards is O(1).

pub(crate) mod blocks;
pub(crate) mod ids;
pub(crate) mod links;
pub(crate) mod principles;
pub(crate) mod sessions;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Block, Book, ChapterId, PerChapter};
use links::{IdTarget, Resolution, Targets};

/// What resolve found: every link target and who links to whom.
pub struct Resolved {
    /// Every id a link may name: chapters, headings, dialogues, terms, blocks.
    pub targets: Targets,
    /// For each chapter, the chapters that link to it (sorted, unique).
    pub backlinks: PerChapter<Vec<ChapterId>>,
}

/// Builds the link targets and checks every link, id and reference of `book`, reporting into `diags`.
pub fn resolve(book: &Book, diags: &mut Diagnostics) -> Resolved {
    let targets = build_targets(book);
    let mut backlinks = PerChapter::from_fn(book.chapters.len(), |_| Vec::new());
    for i in book.ids() {
        let ch = &book.chapters[i];
        for l in &ch.links {
            match links::resolve(book, &targets, i, &l.dest) {
                Ok(Resolution::Site {
                    chapter: Some(t), ..
                }) if t != i => backlinks[t].push(i),
                Ok(_) => {}
                // Reported already, as the glossary's own errors.
                Err(_) if book.met.glossary_failed && l.dest.starts_with("@term:") => {}
                Err(p) => {
                    let (file, line) = ch.locate(l.line);
                    diags.push(
                        Diagnostic::error(p.kind, file, line, l.col, p.message)
                            .len(l.len)
                            .help(p.help),
                    );
                }
            }
        }
    }
    for b in backlinks.values_mut() {
        b.sort_unstable();
        b.dedup();
    }
    blocks::validate_dialogues(book, &targets, diags);
    principles::validate(book, diags);
    sessions::validate(book, &targets, diags);
    ids::check(book, diags);
    Resolved { targets, backlinks }
}

fn build_targets(book: &Book) -> Targets {
    let mut t = Targets::with_capacity_and_hasher(book.chapters.len() * 2, Default::default());
    for (i, c) in book.pages() {
        t.insert(
            c.id.clone(),
            IdTarget {
                site_path: c.out_path.clone(),
                title: c.title.clone(),
                chapter: Some(i),
            },
        );
        for b in &c.blocks {
            let (id, title) = match &b.parsed {
                Block::Session(s) => (&s.id, &s.title),
                Block::Worksheet(w) => (&w.id, &w.title),
                Block::FeedbackReport(r) => (&r.id, &r.title),
                _ => continue,
            };
            t.entry(id.clone()).or_insert(IdTarget {
                site_path: format!("{}#{id}", c.out_path),
                title: title.clone(),
                chapter: Some(i),
            });
        }
        for b in c.blocks.iter().filter(|b| b.raw.kind == "dialogue") {
            if let Some((id, title)) = crate::met::dialogue_header(&b.raw.body) {
                let site_path = format!("{}#{id}", c.out_path);
                t.entry(id).or_insert(IdTarget {
                    site_path,
                    title,
                    chapter: Some(i),
                });
            }
        }
    }
    for term in &book.met.glossary.terms {
        t.insert(
            format!("term:{}", term.id),
            IdTarget {
                site_path: format!("glossary.html#term-{}", term.id),
                title: term.term.clone(),
                chapter: None,
            },
        );
    }
    t
}
