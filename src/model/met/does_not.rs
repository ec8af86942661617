//! A ```does-not block's value: what the ME therapist does not do.

/// A list of what the ME therapist does not do.
#[derive(Debug, Clone)]
pub struct DoesNot {
    /// The list's heading, when the block gives one.
    pub title: Option<String>,
    /// Markdown of each item.
    pub items: Vec<String>,
}
