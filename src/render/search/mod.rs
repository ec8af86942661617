//! metbook full-text search: the build-time side.
//!
//! `build_index` turns plain-text sections into a set of small JS files under
//! `search/` that js/search.js loads lazily with `<script>` elements (JSONP
//! style, so it works from file:// under `default-src 'self'`). Stemming and
//! BM25F scoring happen here; the browser only folds, looks up and sums.
//! See chunks.rs for the file format.

pub mod chunks;
pub(crate) mod collect;
pub(crate) mod docs;
pub(crate) mod encode;
pub mod fuzzy;
pub(crate) mod index;
pub(crate) mod layout;
#[cfg(test)]
pub mod sim;
pub(crate) mod space;
#[cfg(test)]
mod tests;

pub mod tokenize;

/// What a document is; also the "Type" filter in the UI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DocKind {
    /// A chapter section.
    Chapter,
    /// A principle's summary.
    Principle,
    /// A dialogue turn.
    Dialogue,
    /// A glossary entry.
    Glossary,
    /// A reference-list entry.
    Reference,
    /// A session plan.
    Session,
    /// A worksheet.
    Form,
}

impl DocKind {
    /// Every kind, in the order the filter lists them.
    pub const ALL: [DocKind; 7] = [
        DocKind::Chapter,
        DocKind::Principle,
        DocKind::Dialogue,
        DocKind::Session,
        DocKind::Form,
        DocKind::Glossary,
        DocKind::Reference,
    ];

    /// The "kind" facet value written to the index (search.js maps it to a label).
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Chapter => "chapter",
            DocKind::Principle => "principle",
            DocKind::Dialogue => "dialogue",
            DocKind::Glossary => "glossary",
            DocKind::Reference => "reference",
            DocKind::Session => "session",
            DocKind::Form => "form",
        }
    }
}

/// One searchable unit: a chapter section, a dialogue turn, a glossary entry…
#[derive(Clone, Debug)]
pub struct SearchDoc {
    /// Relative to the site root, may include `#anchor`.
    pub url: String,
    /// The result's heading.
    pub title: String,
    /// Where it is: the chapter titles above it.
    pub breadcrumbs: Vec<String>,
    /// Plain text.
    pub body: String,
    /// What it is.
    pub kind: DocKind,
    /// Filter values, e.g. ("code","sr"), ("principle","roll-with-resistance"), ("stage","contemplation").
    pub facets: Vec<(String, String)>,
    /// The title is a real section heading (or a glossary term): full title boost.
    /// `false` (synthetic labels such as "Dialogue X, turn 3") gets a small boost only.
    pub heading: bool,
}

/// Everything a build produces.
pub struct BuildOutput {
    /// (path under the site root, content). `search/index.js` is always present.
    pub files: Vec<(String, Vec<u8>)>,
    /// Human-readable warnings (e.g. unknown language → no stemming).
    pub warnings: Vec<String>,
    /// The index's sizes, for reports and budgets.
    pub stats: chunks::Stats,
}

/// Fixed bootstrap path that search.js loads on first focus/keystroke.
pub const BOOTSTRAP: &str = "search/index.js";

/// Builds the index files. Warnings are dropped: use [`build`] to get them.
pub fn build_index(docs: &[SearchDoc], language: &str) -> Vec<(String, Vec<u8>)> {
    build(docs, language).files
}

/// Builds the index files and reports warnings and sizes.
pub fn build(docs: &[SearchDoc], language: &str) -> BuildOutput {
    let mut docs = docs.to_vec();
    let idx = index::Index::build(&docs, language);
    cut_to_excerpts(&mut docs);
    finish(idx, &docs, language)
}

/// Replaces each body with its excerpt, all the files need of it once the index is built:
/// made once here, it frees the rest of the text early.
fn cut_to_excerpts(docs: &mut [SearchDoc]) {
    for d in docs {
        d.body = docs::excerpt(&d.body);
    }
}

/// [`build`] for a large site: each body is cut to what its excerpt needs as soon as the
/// index holds its words, and each file goes to `emit` as soon as it is made, which keeps
/// the peak memory of a large build down. Returns the warnings.
pub fn build_streamed(
    mut docs: Vec<SearchDoc>,
    language: &str,
    w_heading: f64,
    emit: &mut dyn FnMut(String, Vec<u8>),
) -> Vec<String> {
    let idx = index::Index::build_with(&docs, language, w_heading);
    cut_to_excerpts(&mut docs);
    chunks::write_each(&idx, &docs, language, emit);
    idx.warnings
}

fn finish(idx: index::Index, docs: &[SearchDoc], language: &str) -> BuildOutput {
    let warnings = idx.warnings.clone();
    let (files, stats, _layout) = chunks::write(&idx, docs, language);
    BuildOutput {
        files,
        warnings,
        stats,
    }
}
