//! A ```feedback-report block's value: the personal feedback report a counsellor walks
//! through with a client, measure by measure.

/// A feedback report.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedbackReport {
    /// Anchor, cross-reference and storage id.
    pub id: String,
    /// The report's heading.
    pub title: String,
    /// The measures, in order.
    pub measures: Vec<Measure>,
}

/// One measure of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// Names the value in a saved file.
    pub id: String,
    /// The measure's name ("Drinks per week").
    pub name: String,
    /// The result's unit, when it has one.
    pub unit: Option<String>,
    /// How the result is obtained (the test, the questionnaire).
    pub how: Option<String>,
    /// How a result is placed.
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
    Range {
        /// The range's lower end, in the measure's unit.
        low: f64,
        /// Its upper end.
        high: f64,
    },
    /// Ordered bands (score bands or population-norm bands): the first whose `below`
    /// the result is under, else the last.
    Bands(Vec<(Option<f64>, String)>),
    /// Compared in words only (a checklist, a description).
    Text,
}
