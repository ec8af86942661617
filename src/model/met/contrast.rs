//! A ```contrast block's value: MET compared with other approaches along named aspects.

/// A table comparing MET with other approaches, aspect by aspect.
#[derive(Debug, Clone)]
pub struct Contrast {
    /// The table's caption (Markdown).
    pub caption: String,
    /// (key, display name), MET first when present.
    pub approaches: Vec<(String, String)>,
    /// The rows, in the order written.
    pub aspects: Vec<Aspect>,
}

/// One row of a contrast: an aspect and each approach's cell.
#[derive(Debug, Clone)]
pub struct Aspect {
    /// The aspect's name, shown as written (plain text).
    pub name: String,
    /// Cell Markdown per approach key, in `approaches` order; None where left blank.
    pub cells: Vec<Option<String>>,
}
