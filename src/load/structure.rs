//! A loaded chapter's structure: its headings, links and structured blocks, found in one
//! scan of its Markdown, with each block parsed by the MET parsers and every problem
//! located at the chapter file's own line.

use super::scan::scan_with;
use crate::diagnostics::{Diagnostic, Kind};
use crate::markdown::Flags;
use crate::met::{contrast, dialogues, does_not, feedback, session, worksheet, BlockError};
use crate::model::met::codebook::Codebook;
use crate::model::{Block, Chapter, ChapterBlock, RawBlock};

/// Fills `chapter`'s headings, links and blocks from its body.
pub(crate) fn fill(chapter: &mut Chapter, codebook: &Codebook, flags: Flags) -> Vec<Diagnostic> {
    let s = scan_with(&chapter.body, flags);
    let mut diags: Vec<Diagnostic> = s
        .repeated_ids
        .iter()
        .map(|(line, id, first)| repeated_id(chapter, *line, id, *first))
        .collect();
    chapter.headings = s.headings;
    chapter.links = s.links;
    chapter.events = s.events;
    chapter.blocks = s
        .blocks
        .into_iter()
        .map(|raw| {
            let parsed = parse(chapter, &raw, codebook, &mut diags);
            ChapterBlock { raw, parsed }
        })
        .collect();
    diags
}

fn repeated_id(chapter: &Chapter, line: usize, id: &str, first: usize) -> Diagnostic {
    let (file, line) = chapter.locate(line);
    let (_, first) = chapter.locate(first);
    Diagnostic::error(
        Kind::DuplicateId,
        file,
        line,
        1,
        format!("the heading id `{id}` is used twice on this page"),
    )
    .help(format!(
        "the heading on line {first} has it already; give this one another `{{#id}}`"
    ))
}

/// Parses one block; a block with errors reports them and becomes [`Block::Plain`].
fn parse(ch: &Chapter, raw: &RawBlock, codebook: &Codebook, diags: &mut Vec<Diagnostic>) -> Block {
    let parsed: Result<Block, Vec<BlockError>> = match raw.kind.as_str() {
        "contrast" => contrast::parse(&raw.body).map(Block::Contrast),
        "does-not" => does_not::parse(&raw.body).map(Block::DoesNot),
        "dialogue" => {
            dialogues::parse_dialogue(&raw.body, codebook).map(|d| Block::Dialogue(Box::new(d)))
        }
        "session" => session::parse(&raw.body).map(|s| Block::Session(Box::new(s))),
        "worksheet" => worksheet::parse(&raw.body).map(|w| Block::Worksheet(Box::new(w))),
        "feedback-report" => feedback::parse(&raw.body).map(|r| Block::FeedbackReport(Box::new(r))),
        _ => Ok(Block::Plain),
    };
    parsed.unwrap_or_else(|errs| {
        for e in errs {
            let (file, line) = ch.locate(raw.first_line + e.line - 1);
            let col = e.col + raw.indent;
            diags.push(BlockError { line: 1, col, ..e }.into_diagnostic(Kind::Block, &file, line));
        }
        Block::Plain
    })
}
