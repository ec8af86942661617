//! Checks on session plans that need the whole book: every id a step uses exists, no two
//! sessions share a number, and the steps' minutes add up to the session's duration.

use std::collections::HashMap;

use super::links::Targets;
use crate::diagnostics::{Diagnostic, Diagnostics, Kind};
use crate::model::met::session::Session;
use crate::model::{Block, Book, Chapter, ChapterBlock, ChapterId};

pub(crate) fn validate(book: &Book, targets: &Targets, diags: &mut Diagnostics) {
    let mut numbers: HashMap<u32, (ChapterId, usize)> = HashMap::new();
    for (i, ch) in book.pages() {
        for b in &ch.blocks {
            let Block::Session(s) = &b.parsed else {
                continue;
            };
            let at = |needle: &str| locate(ch, b, needle);
            let (file, line, col) = at("number:");
            if let Some((first, first_line)) = numbers.insert(s.number, (i, line)) {
                diags.push(
                    Diagnostic::error(
                        Kind::DuplicateId,
                        file,
                        line,
                        col,
                        format!("two sessions have the number {}", s.number),
                    )
                    .help(format!(
                        "session {} is also in {} (line {first_line}); number each session once",
                        s.number, book.chapters[first].src_path
                    )),
                );
            }
            check_uses(s, targets, &at, diags);
            check_minutes(s, &at, diags);
        }
    }
}

fn check_uses(
    s: &Session,
    targets: &Targets,
    at: &dyn Fn(&str) -> (std::path::PathBuf, usize, usize),
    diags: &mut Diagnostics,
) {
    for id in s.steps.iter().flat_map(|st| &st.uses) {
        let bare = id.trim_start_matches('@');
        if !targets.contains_key(bare) {
            let (file, line, col) = at(bare);
            diags.push(
                Diagnostic::error(Kind::BrokenLink, file, line, col, format!("a step of session {} uses `{bare}`, which no chapter, dialogue or term has as its id", s.number))
                    .len(bare.chars().count())
                    .help("`uses:` lists ids: a chapter's `id:`, a dialogue's `dlg-…` id or `term:…`"),
            );
        }
    }
}

fn check_minutes(
    s: &Session,
    at: &dyn Fn(&str) -> (std::path::PathBuf, usize, usize),
    diags: &mut Diagnostics,
) {
    let planned = s.planned_minutes();
    if planned == s.duration {
        return;
    }
    let (file, line, col) = at("duration:");
    let (by, how) = if planned > s.duration {
        (planned - s.duration, "more")
    } else {
        (s.duration - planned, "less")
    };
    diags.push(
        Diagnostic::warning(
            Kind::SessionTiming,
            file,
            line,
            col,
            format!(
                "the steps of session {} add up to {planned} minutes, {by} {how} than its duration of {}",
                s.number, s.duration
            ),
        )
        .len("duration:".len())
        .help("change the steps' `minutes:` or the session's `duration:` so they agree"),
    );
}

/// The file, line and column of `needle`'s first use in the block (its first line if absent).
fn locate(ch: &Chapter, b: &ChapterBlock, needle: &str) -> (std::path::PathBuf, usize, usize) {
    let (line, col) = b
        .raw
        .body
        .find(needle)
        .map(|o| crate::diagnostics::line_col(&b.raw.body, o))
        .unwrap_or((1, 1));
    let (file, line) = ch.locate(b.raw.first_line + line - 1);
    (file, line, col + b.raw.indent)
}
