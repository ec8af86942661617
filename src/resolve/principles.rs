//! Checks on principle chapters: each has a number and a summary, numbers are unique, and
//! every `principles:` reference names a principle chapter.

use std::collections::HashMap;

use crate::diagnostics::Kind;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Book;
use crate::model::ChapterKind;

pub(crate) fn validate(book: &Book, diags: &mut Diagnostics) {
    let mut numbers: HashMap<u32, crate::model::ChapterId> = HashMap::new();
    for (i, c) in book.pages() {
        let fm_line = |key: &str| c.front.line_of(key);
        if c.front.kind == ChapterKind::Principle {
            match c.front.number {
                None => diags.push(
                    Diagnostic::error(
                        Kind::Principle,
                        &c.file,
                        1,
                        1,
                        format!("the principle chapter `{}` has no number", c.title),
                    )
                    .help("add `number: N` to its front matter (1 for the first principle)"),
                ),
                Some(n) => {
                    if let Some(&prev) = numbers.get(&n) {
                        diags.push(
                            Diagnostic::error(
                                Kind::Principle,
                                &c.file,
                                fm_line("number"),
                                1,
                                format!(
                                    "principle number {n} is also used by {}",
                                    book.chapters[prev].src_path
                                ),
                            )
                            .help(
                                "give each principle its own number, in the order they are taught",
                            ),
                        );
                    } else {
                        numbers.insert(n, i);
                    }
                }
            }
            if c.front.summary.is_none() {
                diags.push(Diagnostic::error(Kind::Principle, &c.file, 1, 1, format!("the principle chapter `{}` has no summary", c.title))
                    .help("add `summary: …` with one sentence; it is shown on the principles overview"));
            }
        } else if c.front.number.is_some() {
            diags.push(
                Diagnostic::error(
                    Kind::Principle,
                    &c.file,
                    fm_line("number"),
                    1,
                    "`number:` is only for principle chapters",
                )
                .help("add `kind: principle`, or remove the number"),
            );
        }
        for p in &c.front.principles {
            let ok = book
                .by_id
                .get(p)
                .map(|&t| book.chapters[t].front.kind == ChapterKind::Principle)
                .unwrap_or(false);
            if !ok {
                diags.push(Diagnostic::error(Kind::Principle, &c.file, fm_line("principles"), 1, format!("`{p}` in `principles:` is not the id of a principle chapter"))
                    .help(match principle_ids(book) {
                        ids if ids.is_empty() => "this book has no principle chapters yet: mark one with `kind: principle` in its front matter, or remove this id".to_string(),
                        ids => format!("known principle ids: {}", ids.join(", ")),
                    }));
            }
        }
    }
}

fn principle_ids(book: &Book) -> Vec<String> {
    book.pages()
        .filter(|(_, c)| c.front.kind == ChapterKind::Principle)
        .map(|(_, c)| c.id.clone())
        .collect()
}
