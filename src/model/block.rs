//! What the load stage finds inside a chapter's Markdown besides its prose: links as
//! written and metbook's structured blocks, both raw and parsed.

use super::met::{contrast, dialogue, does_not, feedback, session, worksheet};

/// The fence names of metbook's structured blocks.
pub const BLOCK_KINDS: &[&str] = &[
    "contrast",
    "does-not",
    "dialogue",
    "session",
    "worksheet",
    "feedback-report",
];

/// A link or image destination as the author wrote it, with where.
#[derive(Debug, Clone, PartialEq)]
pub struct RawLink {
    /// The destination, as written.
    pub dest: String,
    /// Line in the chapter's expanded body.
    pub line: usize,
    /// Column of the link's start.
    pub col: usize,
    /// Characters to underline.
    pub len: usize,
}

/// A fenced block whose info string names a metbook structure (`contrast`, `dialogue`…).
#[derive(Debug, Clone, PartialEq)]
pub struct RawBlock {
    /// The fence's first word: one of [`BLOCK_KINDS`].
    pub kind: String,
    /// The text inside the fence.
    pub body: String,
    /// Body line of the first line inside the fence.
    pub first_line: usize,
    /// Characters before the body's text on its lines: a block inside a list item or a
    /// block quote is indented or quoted (`> `), and `body` is without them.
    pub indent: usize,
}

/// A structured block, parsed.
#[derive(Debug, Clone)]
pub enum Block {
    /// A comparison of approaches.
    Contrast(contrast::Contrast),
    /// Things the ME therapist does not do.
    DoesNot(does_not::DoesNot),
    /// A coded dialogue.
    Dialogue(Box<dialogue::Dialogue>),
    /// A session plan.
    Session(Box<session::Session>),
    /// A form to fill in.
    Worksheet(Box<worksheet::Worksheet>),
    /// A personal feedback report.
    FeedbackReport(Box<feedback::FeedbackReport>),
    /// Not a metbook structure this build renders, or one that failed to parse.
    Plain,
}

/// One structured block of a chapter: where it is and what it holds.
#[derive(Debug, Clone)]
pub struct ChapterBlock {
    /// The block as written.
    pub raw: RawBlock,
    /// The block parsed ([`Block::Plain`] when it had errors, which load reported).
    pub parsed: Block,
}
