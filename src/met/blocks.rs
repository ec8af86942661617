//! Parses every structured block found by the scan into typed data, reporting problems at
//! the line inside the block, and numbers them so pages and generated indexes share anchors.

use rayon::prelude::*;

use super::{contrast, does_not, BlockError};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Book;
use crate::resolve::scan::Scan;

#[derive(Debug, Clone)]
pub enum Block {
    Contrast(contrast::Contrast),
    DoesNot(does_not::DoesNot),
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
                        _ => Ok(Block::Plain),
                    };
                    parsed.unwrap_or_else(|errs| {
                        for e in errs {
                            let (file, line) = ch.locate(raw.first_line + e.line - 1);
                            ds.push(BlockError { line: 1, ..e }.into_diagnostic(&file, line));
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
