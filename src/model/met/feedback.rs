//! A ```feedback-report block's value: the personal feedback report a counsellor walks
//! through with a client, measure by measure.

/// A feedback report.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackReport {
    pub id: String,
    pub title: String,
    pub measures: Vec<Measure>,
}

/// One measure of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// Names the value in a saved file.
    pub id: String,
    pub name: String,
    pub unit: Option<String>,
    /// How the result is obtained (the test, the questionnaire).
    pub how: Option<String>,
    pub comparison: Comparison,
    /// What the result is compared with, in words (Markdown).
    pub compared_with: String,
    /// Where the comparison comes from (Markdown, usually a citation).
    pub source: Option<String>,
    /// What a result means, in plain words (Markdown).
    pub means: String,
    /// The example client's result, as written.
    pub example: Option<String>,
}

/// How a numeric result is placed.
#[derive(Debug, Clone, PartialEq)]
pub enum Comparison {
    /// A laboratory reference range: below, within or above it.
    Range { low: f64, high: f64 },
    /// Ordered bands (score bands or population-norm bands): the first whose `below`
    /// the result is under, else the last.
    Bands(Vec<(Option<f64>, String)>),
    /// Compared in words only (a checklist, a description).
    Text,
}
