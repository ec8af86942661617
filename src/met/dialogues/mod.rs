//! metbook annotated dialogues: building the codebook of MITI 4.2.1 / client-language /
//! MET strategy codes, the ```` ```dialogue ```` block parser, the MITI summary scores
//! (the HTML is `render::dialogue`'s). The values they make and read are `model::met`'s.

pub mod codebook;
mod codebook_yaml;
pub mod dialogue;
pub mod metrics;

pub use dialogue::parse_dialogue;
pub use metrics::{compute_metrics, Metrics};

pub use super::BlockError;
