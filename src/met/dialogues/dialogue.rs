//! The ```` ```dialogue ```` block: its typed model and `parse_dialogue`, which splits the
//! body into the YAML header (`header.rs`) and the turn lines (`turns.rs`, utterances and
//! codes in `utterance.rs`). All errors are collected, sorted by position, and reported
//! relative to the block body (SPEC.md "Diagnostics").

mod header;
#[cfg(test)]
mod tests_errors;
#[cfg(test)]
mod tests_ok;
#[cfg(test)]
mod tests_prop;
mod turns;
mod utterance;

use super::BlockError;
use crate::model::met::codebook::Codebook;
use crate::model::met::dialogue::Dialogue;

/// Parses the text between the fences of a dialogue block. Returns every error found.
pub fn parse_dialogue(body: &str, codebook: &Codebook) -> Result<Dialogue, Vec<BlockError>> {
    let lines: Vec<&str> = body
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let is_sep = |l: &&str| l.trim_end() == "---";
    let mut errors = Vec::new();

    // Tolerate front-matter style `---` before the header: authors used to chapter front
    // matter write it by reflex, and the header is still unambiguous.
    let mut start = 0;
    if let Some(i) = lines.iter().position(|l| !l.trim().is_empty()) {
        if is_sep(&lines[i]) && lines[i + 1..].iter().any(is_sep) {
            start = i + 1;
        }
    }
    let (header_end, turns_start) = match lines[start..].iter().position(is_sep) {
        Some(p) => (start + p, start + p + 1),
        None => {
            // Keep going so the turn lines are still checked: guess that the header ends
            // at the first line that looks like a turn.
            let guess = (start..lines.len())
                .find(|&i| turns::looks_like_turn(lines[i], codebook))
                .unwrap_or(lines.len());
            errors.push(BlockError::new(
                (guess + 1).min(lines.len()),
                1,
                0,
                "the dialogue has no `---` line between the header and the turns",
                "after the header lines (id, title, …) put a line containing only --- and then the turns (T: …, C: …)",
            ));
            (guess, guess)
        }
    };
    let h = header::parse(&lines[start..header_end], start, &mut errors);
    let turns = turns::parse(
        &lines[turns_start.min(lines.len())..],
        turns_start,
        codebook,
        &mut errors,
    );
    if header_end < lines.len() && lines[turns_start..].iter().all(|l| l.trim().is_empty()) {
        errors.push(BlockError::new(
            header_end + 1,
            1,
            3,
            "the dialogue has no turns",
            "after the --- line write one turn per line, e.g. `C: I'm only here because my wife made me come. {st}`",
        ));
    }
    match (h.id, h.title) {
        (Some(id), Some(title)) if errors.is_empty() => Ok(Dialogue {
            id,
            title,
            stage: h.stage,
            principles: h.principles,
            counter_example: h.counter_example,
            alternative_to: h.alternative_to,
            global_ratings: h.global_ratings,
            practice: h.practice,
            turns,
        }),
        _ => {
            errors.sort_by_key(|e| (e.line, e.col));
            Err(errors)
        }
    }
}

/// The SPEC.md example body, shared with the render tests.
#[cfg(test)]
pub(crate) fn tests_ok_example() -> &'static str {
    tests_ok::SPEC_EXAMPLE
}
