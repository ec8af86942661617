//! A ```dialogue block's value: a coded transcript excerpt, its turns and utterances, the
//! stage of change it illustrates and the author's MITI global ratings.

use super::codebook::{Code, CodeGroup, Codebook, Role};

/// Stages of change. Both the MATCH-era list (determination) and TIP 35's (preparation)
/// are accepted, since books follow one or the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Not yet considering change.
    Precontemplation,
    /// Weighing change, ambivalent.
    Contemplation,
    /// Intending to act soon (TIP 35's name).
    Preparation,
    /// Intending to act soon (the MATCH-era name).
    Determination,
    /// Changing.
    Action,
    /// Keeping a change made.
    Maintenance,
    /// Back to the old behaviour.
    Relapse,
}

impl Stage {
    /// Every stage, in the order of the model.
    pub const ALL: [Stage; 7] = [
        Stage::Precontemplation,
        Stage::Contemplation,
        Stage::Preparation,
        Stage::Determination,
        Stage::Action,
        Stage::Maintenance,
        Stage::Relapse,
    ];
    /// The stage's id as written in a dialogue header and codebook.yml (`precontemplation`).
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
    /// The stage's English label, when the codebook gives none.
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

/// A coded transcript excerpt: its header and its turns.
#[derive(Debug, Clone, PartialEq)]
pub struct Dialogue {
    /// Located so the lead can report duplicate dialogue ids at the right place.
    pub id: Located<String>,
    /// The heading shown above the dialogue.
    pub title: String,
    /// The client's stage of change, when the header gives one.
    pub stage: Option<Stage>,
    /// Principle ids from the header; resolved by the lead.
    pub principles: Vec<Located<String>>,
    /// Shows what not to do; marked as such when rendered.
    pub counter_example: bool,
    /// The dialogue answering the same client statement the other way (either side may
    /// name the other); resolved by the lead.
    pub alternative_to: Option<Located<String>>,
    /// MITI global ratings, when the author rated the excerpt as a whole.
    pub global_ratings: Option<GlobalRatings>,
    /// A practice transcript: it opens in practice mode, its codes hidden until checked.
    pub practice: bool,
    /// The turns, in order.
    pub turns: Vec<Turn>,
}

/// One speaker's turn: `T: …` and its commentary.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    /// The speaker key as defined in the codebook (canonical case, e.g. "SO").
    pub speaker: String,
    /// Who the speaker is, from the codebook.
    pub role: Role,
    /// `or T:` — a what-if response to the same client statement. Rendered, practised,
    /// but left out of the metrics.
    pub is_alternative: bool,
    /// Body line of the turn.
    pub line: usize,
    /// What was said, split where codes were given.
    pub utterances: Vec<Utterance>,
    /// `> …` commentary (Markdown). Consecutive `>` lines join into one note; an empty
    /// `>` line starts the next one.
    pub notes: Vec<String>,
}

/// A stretch of a turn with the codes given for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Utterance {
    /// Inline Markdown as written (with `\{` `\}` unescaped).
    pub text: String,
    /// Canonical (lowercase) code ids, in the order written. Empty = uncoded.
    pub codes: Vec<String>,
    /// `@id` links (principles, strategies, other dialogues); resolved by the lead.
    pub links: Vec<Located<String>>,
    /// Body line where it starts.
    pub line: usize,
    /// 1-based column where it starts.
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

/// A value with the position it was written at, kept for ids the lead validates later
/// (principle ids, `alternative-to`, `@links`, the dialogue id for duplicate checks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value as written.
    pub value: T,
    /// 1-based line in the block body.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// Characters to underline.
    pub len: usize,
}

impl<T> std::ops::Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// MITI 4.2.1's four global ratings of a whole excerpt, each 1 to 5: a coder's judgement,
/// given in the dialogue's header, not counted from the codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlobalRatings {
    /// Cultivating Change Talk, 1–5.
    pub cultivating_change_talk: u8,
    /// Softening Sustain Talk, 1–5.
    pub softening_sustain_talk: u8,
    /// Partnership, 1–5.
    pub partnership: u8,
    /// Empathy, 1–5.
    pub empathy: u8,
}

/// A score against MITI 4.2.1's thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rating {
    /// Below the fair threshold.
    BelowFair,
    /// At least fair, below good.
    Fair,
    /// At least good.
    Good,
}
