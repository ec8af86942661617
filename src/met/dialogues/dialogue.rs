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

use super::codebook::{Code, CodeGroup, Codebook, Role};
use super::{BlockError, Located};

/// Stages of change. Both the MATCH-era list (determination) and TIP 35's (preparation)
/// are accepted, since books follow one or the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    Precontemplation,
    Contemplation,
    Preparation,
    Determination,
    Action,
    Maintenance,
    Relapse,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Precontemplation,
        Stage::Contemplation,
        Stage::Preparation,
        Stage::Determination,
        Stage::Action,
        Stage::Maintenance,
        Stage::Relapse,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Precontemplation => "precontemplation",
            Stage::Contemplation => "contemplation",
            Stage::Preparation => "preparation",
            Stage::Determination => "determination",
            Stage::Action => "action",
            Stage::Maintenance => "maintenance",
            Stage::Relapse => "relapse",
        }
    }
    pub fn default_label(self) -> &'static str {
        match self {
            Stage::Precontemplation => "Precontemplation",
            Stage::Contemplation => "Contemplation",
            Stage::Preparation => "Preparation",
            Stage::Determination => "Determination",
            Stage::Action => "Action",
            Stage::Maintenance => "Maintenance",
            Stage::Relapse => "Relapse",
        }
    }
    /// Case-insensitive.
    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL
            .into_iter()
            .find(|st| st.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dialogue {
    /// Located so the lead can report duplicate dialogue ids at the right place.
    pub id: Located<String>,
    pub title: String,
    pub stage: Option<Stage>,
    /// Principle ids from the header; resolved by the lead.
    pub principles: Vec<Located<String>>,
    pub counter_example: bool,
    /// The dialogue answering the same client statement the other way (either side may
    /// name the other); resolved by the lead.
    pub alternative_to: Option<Located<String>>,
    /// MITI global ratings, when the author rated the excerpt as a whole.
    pub global_ratings: Option<super::GlobalRatings>,
    /// A practice transcript: it opens in practice mode, its codes hidden until checked.
    pub practice: bool,
    pub turns: Vec<Turn>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    /// The speaker key as defined in the codebook (canonical case, e.g. "SO").
    pub speaker: String,
    pub role: Role,
    /// `or T:` — a what-if response to the same client statement. Rendered, practised,
    /// but left out of the metrics.
    pub is_alternative: bool,
    /// Body line of the turn.
    pub line: usize,
    pub utterances: Vec<Utterance>,
    /// `> …` commentary (Markdown). Consecutive `>` lines join into one note; an empty
    /// `>` line starts the next one.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Utterance {
    /// Inline Markdown as written (with `\{` `\}` unescaped).
    pub text: String,
    /// Canonical (lowercase) code ids, in the order written. Empty = uncoded.
    pub codes: Vec<String>,
    /// `@id` links (principles, strategies, other dialogues); resolved by the lead.
    pub links: Vec<Located<String>>,
    pub line: usize,
    pub col: usize,
}

impl Utterance {
    /// The practice-mode key: the first MITI therapist behaviour code, if any.
    pub fn primary_code<'a>(&self, cb: &'a Codebook) -> Option<&'a Code> {
        self.codes
            .iter()
            .filter_map(|c| cb.lookup(c))
            .find(|c| c.group == CodeGroup::Therapist)
    }
}

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
