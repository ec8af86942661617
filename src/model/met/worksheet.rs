//! A ```worksheet block's value: a form a client and counsellor fill in together.

/// A form.
#[derive(Debug, Clone, PartialEq)]
pub struct Worksheet {
    /// Anchor, cross-reference and storage id.
    pub id: String,
    /// The form's heading.
    pub title: String,
    /// Markdown shown above the fields.
    pub intro: Option<String>,
    /// The questions, in order.
    pub fields: Vec<Field>,
}

/// One question of a form.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Unique within the worksheet; names the answer in an export.
    pub id: String,
    /// The question, Markdown-free text (it is a form label).
    pub label: String,
    /// A hint shown under the label.
    pub help: Option<String>,
    /// What answer it takes.
    pub kind: FieldKind,
}

/// What kind of answer a field takes.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    /// One line of text.
    Short,
    /// Several lines of text.
    Long,
    /// A 0–10 ruler, with what each end means.
    Ruler {
        /// What 0 means ("not at all important").
        low: String,
        /// What 10 means.
        high: String,
    },
    /// Any of several options.
    Checkboxes(Vec<String>),
    /// A table with a row count that grows on demand ("people who can help").
    Table {
        /// The column headings.
        columns: Vec<String>,
        /// How many empty rows it starts with.
        rows: usize,
    },
    /// A grid of named rows and columns (a decisional balance: changing / not changing ×
    /// benefits / costs).
    Grid {
        /// The row headings.
        rows: Vec<String>,
        /// The column headings.
        columns: Vec<String>,
    },
}
