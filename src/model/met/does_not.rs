//! A ```does-not block's value: what the ME therapist does not do.

#[derive(Debug, Clone)]
pub struct DoesNot {
    pub title: Option<String>,
    /// Markdown of each item.
    pub items: Vec<String>,
}
