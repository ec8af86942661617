//! Checks what the parsed dialogues point at, once every id in the book is known.

use crate::diagnostics::Kind;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Block, Book, ChapterId};

/// Checks what dialogues point at: principle ids, `alternative-to` and `@links` in turns,
/// and that no two dialogues share an id.
pub(crate) fn validate_dialogues(
    book: &Book,
    targets: &super::links::Targets,
    diags: &mut Diagnostics,
) {
    use crate::model::ChapterKind;
    let mut seen: std::collections::HashMap<&str, (ChapterId, usize)> =
        std::collections::HashMap::new();
    for i in book.ids() {
        let ch = &book.chapters[i];
        for b in &ch.blocks {
            let Block::Dialogue(d) = &b.parsed else {
                continue;
            };
            let (first, indent) = (b.raw.first_line, b.raw.indent);
            let at = |kind, line: usize, col: usize, len: usize, msg: String, help: String| {
                let (file, l) = ch.locate(first + line - 1);
                Diagnostic::error(kind, file, l, col + indent, msg)
                    .len(len)
                    .help(help)
            };
            if let Some((pi, pl)) = seen.insert(&d.id.value, (i, first + d.id.line - 1)) {
                diags.push(at(
                    Kind::DuplicateId,
                    d.id.line,
                    d.id.col,
                    d.id.len,
                    format!("the dialogue id `{}` is used twice", d.id.value),
                    format!(
                        "it is also used in {} (line {pl}); give each dialogue its own id",
                        book.chapters[pi].src_path
                    ),
                ));
            }
            for p in &d.principles {
                let ok = book
                    .by_id
                    .get(&p.value)
                    .map(|&t| book.chapters[t].front.kind == ChapterKind::Principle)
                    .unwrap_or(false);
                if !ok {
                    diags.push(at(Kind::Principle, p.line, p.col, p.len, format!("`{}` is not the id of a principle chapter", p.value),
                        "use the `id:` of a chapter with `kind: principle`, e.g. `roll-with-resistance`".into()));
                }
            }
            if let Some(a) = &d.alternative_to {
                let ok = targets
                    .get(&a.value)
                    .map(|t| t.site_path.contains('#'))
                    .unwrap_or(false);
                if !ok {
                    diags.push(at(Kind::BrokenLink, a.line, a.col, a.len, format!("`alternative-to` names `{}`, which is not a dialogue id", a.value),
                        "use the `id:` of the dialogue that answers the same client statement the MET way".into()));
                }
            }
            for t in &d.turns {
                for u in &t.utterances {
                    for l in &u.links {
                        if !targets.contains_key(&l.value) {
                            diags.push(at(Kind::BrokenLink, l.line, l.col, l.len, format!("no chapter, principle or dialogue has the id `{}`", l.value),
                                "links in codes are written `@id`, using a chapter's or dialogue's `id:`".into()));
                        }
                    }
                }
            }
        }
    }
}
