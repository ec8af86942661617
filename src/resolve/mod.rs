//! Stage 3: everything that needs the whole manual — heading ids, the id index, link
//! checking and back-links — computed once so each lookup afterwards is O(1).

pub mod blocks;
pub mod links;
pub mod principles;
pub mod scan;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Kind};
use crate::model::Book;
use links::{IdTarget, Resolution, Targets};
use scan::Scan;

pub struct Resolved {
    pub targets: Targets,
    /// For each chapter, the chapters that link to it (sorted, unique).
    pub backlinks: Vec<Vec<usize>>,
    /// The structured blocks of each chapter, in order.
    pub scans: Vec<Scan>,
}

pub fn resolve(book: &mut Book, diags: &mut Diagnostics) -> Resolved {
    let mut scans: Vec<Scan> = book
        .chapters
        .par_iter()
        .map(|c| scan::scan(&c.body))
        .collect();
    for (c, s) in book.chapters.iter_mut().zip(scans.iter_mut()) {
        c.headings = std::mem::take(&mut s.headings);
        for (line, id, first) in s.repeated_ids.drain(..) {
            let (file, line) = c.locate(line);
            let (_, first) = c.locate(first);
            diags.push(
                Diagnostic::error(
                    Kind::DuplicateId,
                    file,
                    line,
                    1,
                    format!("the heading id `{id}` is used twice on this page"),
                )
                .help(format!(
                    "the heading on line {first} has it already; give this one another `{{#id}}`"
                )),
            );
        }
    }
    let targets = build_targets(book, &scans);
    let mut backlinks = vec![Vec::new(); book.chapters.len()];
    for (i, s) in scans.iter().enumerate() {
        let ch = &book.chapters[i];
        for l in &s.links {
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
    for b in &mut backlinks {
        b.sort_unstable();
        b.dedup();
    }
    Resolved {
        targets,
        backlinks,
        scans,
    }
}

fn build_targets(book: &Book, scans: &[Scan]) -> Targets {
    let mut t = Targets::with_capacity(book.chapters.len() * 2);
    for (i, c) in book.pages() {
        t.insert(
            c.id.clone(),
            IdTarget {
                site_path: c.out_path.clone(),
                title: c.title.clone(),
                chapter: Some(i),
            },
        );
        for b in scans[i].blocks.iter().filter(|b| b.kind == "dialogue") {
            if let Some((id, title)) = crate::met::dialogue_header(&b.body) {
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
