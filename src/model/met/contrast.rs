//! A ```contrast block's value: MET compared with other approaches along named aspects.

#[derive(Debug, Clone)]
pub struct Contrast {
    pub caption: String,
    /// (key, display name), MET first when present.
    pub approaches: Vec<(String, String)>,
    pub aspects: Vec<Aspect>,
}

#[derive(Debug, Clone)]
pub struct Aspect {
    pub name: String,
    /// Cell Markdown per approach key, in `approaches` order; None where left blank.
    pub cells: Vec<Option<String>>,
}
