//! metbook annotated dialogues: the codebook of MITI 4.2.1 / client-language / MET
//! strategy codes, the ```` ```dialogue ```` block parser and its typed model, the
//! MITI summary scores, and the HTML renderer.
//!
//! Every module refers to its siblings through `super::`, so the whole directory can be
//! moved as one piece; `BlockError` is the one the other MET blocks use.

pub mod codebook;
mod codebook_yaml;
pub mod dialogue;
pub mod metrics;
pub mod render;

pub use codebook::{
    Code, CodeFlags, CodeGroup, Codebook, DarnCat, Reflection, Role, Speaker, Talk, UiText,
};
pub use dialogue::{parse_dialogue, Dialogue, Stage, Turn, Utterance};
pub use metrics::{compute_metrics, GlobalRatings, Metrics, Rating};
pub use render::{render_codebook_page, render_dialogue, RenderCtx};

pub use super::BlockError;

/// A value with the position it was written at, kept for ids the lead validates later
/// (principle ids, `alternative-to`, `@links`, the dialogue id for duplicate checks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
    pub col: usize,
    pub len: usize,
}

impl<T> std::ops::Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}
