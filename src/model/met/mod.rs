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
    pub glossary: Glossary,
    pub references: References,
    pub codebook: Codebook,
    /// glossary.yml or references.yml had errors (already reported): what the book names
    /// from them is then not reported as unknown as well.
    pub glossary_failed: bool,
    pub references_failed: bool,
}
