//! The MET data of a book, as the `met` module's parsers make it: the values of the
//! structured blocks, the codebook, the glossary and the references. Plain data and
//! accessors; the parsing and the MET rules stay in `met`.

pub mod codebook;
pub mod contrast;
pub mod dialogue;
pub mod does_not;
pub mod feedback;
pub mod glossary;
pub mod references;
pub mod session;
pub mod worksheet;

use codebook::Codebook;
use glossary::Glossary;
use references::References;

/// The book-wide MET data. Its `Default` has the built-in codebook (`met::dialogues`
/// implements `Default` for [`Codebook`]).
#[derive(Default)]
pub struct MetData {
    /// The terms of glossary.yml, with the index that finds them in prose.
    pub glossary: Glossary,
    /// The works of references.yml, their labels rendered.
    pub references: References,
    /// The built-in codebook, extended by the book's codebook.yml.
    pub codebook: Codebook,
    /// glossary.yml or references.yml had errors (already reported): what the book names
    /// from them is then not reported as unknown as well.
    pub glossary_failed: bool,
    /// As `glossary_failed`, for references.yml.
    pub references_failed: bool,
}
