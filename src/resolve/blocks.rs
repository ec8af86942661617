//! Parses every structured block found by the scan into typed data, reporting problems at
//! the line inside the block, and numbers them so pages and generated indexes share anchors.

use rayon::prelude::*;

use super::scan::Scan;
use crate::diagnostics::Kind;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::met::{contrast, dialogues, does_not, BlockError};
use crate::model::Book;

#[derive(Debug, Clone)]
pub enum Block {
    Contrast(contrast::Contrast),
    DoesNot(does_not::DoesNot),
    Dialogue(Box<dialogues::Dialogue>),
    /// Not a metbook structure this build renders, or one that failed to parse.
    Plain,
}

pub fn parse_all(book: &Book, scans: &[Scan], diags: &mut Diagnostics) -> Vec<Vec<Block>> {
    let results: Vec<(Vec<Block>, Vec<Diagnostic>)> = scans
        .par_iter()
        .enumerate()
        .map(|(i, s)| {
            let ch = &book.chapters[i];
            let mut ds = Vec::new();
            let blocks = s
                .blocks
                .iter()
                .map(|raw| {
                    let parsed: Result<Block, Vec<BlockError>> = match raw.kind.as_str() {
                        "contrast" => contrast::parse(&raw.body).map(Block::Contrast),
                        "does-not" => does_not::parse(&raw.body).map(Block::DoesNot),
                        "dialogue" => dialogues::parse_dialogue(&raw.body, &book.met.codebook)
                            .map(|d| Block::Dialogue(Box::new(d))),
                        _ => Ok(Block::Plain),
                    };
                    parsed.unwrap_or_else(|errs| {
                        for e in errs {
                            let (file, line) = ch.locate(raw.first_line + e.line - 1);
                            let col = e.col + raw.indent;
                            ds.push(BlockError { line: 1, col, ..e }.into_diagnostic(
                                Kind::Block,
                                &file,
                                line,
                            ));
                        }
                        Block::Plain
                    })
                })
                .collect();
            (blocks, ds)
        })
        .collect();
    results
        .into_iter()
        .map(|(b, ds)| {
            diags.extend(ds);
            b
        })
        .collect()
}

/// Checks what dialogues point at: principle ids, `alternative-to` and `@links` in turns,
/// and that no two dialogues share an id.
pub fn validate_dialogues(
    book: &Book,
    scans: &[Scan],
    blocks: &[Vec<Block>],
    targets: &super::links::Targets,
    diags: &mut Diagnostics,
) {
    use crate::model::ChapterKind;
    let mut seen: std::collections::HashMap<&str, (usize, usize)> =
        std::collections::HashMap::new();
    for (i, bs) in blocks.iter().enumerate() {
        let ch = &book.chapters[i];
        let raws: Vec<_> = scans[i].blocks.iter().collect();
        for (n, b) in bs.iter().enumerate() {
            let Block::Dialogue(d) = b else { continue };
            let (first, indent) = (raws[n].first_line, raws[n].indent);
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
