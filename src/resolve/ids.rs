//! Ids that blocks (sessions, worksheets, feedback reports) give themselves share one
//! namespace with chapter and dialogue ids: `[](@id)` must name exactly one thing.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics, Kind};
use crate::model::{Block, Book};

pub(crate) fn check(book: &Book, diags: &mut Diagnostics) {
    let mut taken: HashMap<String, String> = book
        .pages()
        .map(|(_, c)| (c.id.clone(), format!("the chapter {}", c.src_path)))
        .collect();
    for (_, c) in book.pages() {
        for b in &c.blocks {
            if let Some((id, _)) =
                crate::met::dialogue_header(&b.raw.body).filter(|_| b.raw.kind == "dialogue")
            {
                taken
                    .entry(id)
                    .or_insert_with(|| format!("a dialogue in {}", c.src_path));
            }
        }
    }
    for (_, c) in book.pages() {
        for b in &c.blocks {
            let id = match &b.parsed {
                Block::Session(s) => &s.id,
                Block::Worksheet(w) => &w.id,
                Block::FeedbackReport(r) => &r.id,
                _ => continue,
            };
            let here = format!("a {} block in {}", b.raw.kind, c.src_path);
            match taken.get(id) {
                // Two sessions with one number: reported as such by the session checks.
                Some(other) if b.raw.kind == "session" && other.starts_with("a session block") => {}
                Some(other) => {
                    let (line, col) = b
                        .raw
                        .body
                        .find(id.as_str())
                        .map(|o| crate::diagnostics::line_col(&b.raw.body, o))
                        .unwrap_or((1, 1));
                    let (file, line) = c.locate(b.raw.first_line + line - 1);
                    diags.push(
                        Diagnostic::error(
                            Kind::DuplicateId,
                            file,
                            line,
                            col + b.raw.indent,
                            format!("the id `{id}` is already used by {other}"),
                        )
                        .len(id.chars().count())
                        .help("give this block an id of its own (ids link to it with `[](@id)`)"),
                    );
                }
                None => {
                    taken.insert(id.clone(), here);
                }
            }
        }
    }
}
