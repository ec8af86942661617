//! A chapter's front matter, typed: unknown keys are rejected when it is read.

use serde::Deserialize;

/// What a chapter is, which decides the generated pages it feeds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChapterKind {
    /// An ordinary chapter.
    #[default]
    Chapter,
    /// One of MET's principles, listed on the principles overview.
    Principle,
    /// A comparison of MET with another approach (named in the page's kind).
    Contrast,
    /// A chapter on one MET strategy (named in the page's kind).
    Strategy,
}

impl ChapterKind {
    /// The kind as written in front matter (`principle`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChapterKind::Chapter => "chapter",
            ChapterKind::Principle => "principle",
            ChapterKind::Contrast => "contrast",
            ChapterKind::Strategy => "strategy",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
/// The YAML settings at the top of a chapter file.
pub struct FrontMatter {
    /// The stable id other chapters link to; derived from the file's path when absent.
    pub id: Option<String>,
    /// Overrides the SUMMARY.md title.
    pub title: Option<String>,
    /// What the chapter is.
    #[serde(default)]
    pub kind: ChapterKind,
    /// A principle's number (principles only), ordering the principles overview.
    pub number: Option<u32>,
    /// One sentence for the principles overview (required on a principle); the page
    /// description when `description` is unset.
    pub summary: Option<String>,
    /// The page's meta description.
    pub description: Option<String>,
    /// Ids of the principles the chapter illustrates.
    #[serde(default)]
    pub principles: Vec<String>,
    /// Glossary term ids not to link in this chapter.
    #[serde(default)]
    pub no_glossary: Vec<String>,
    /// The file line of each top-level key, so later stages can point at a setting
    /// without reading the file again.
    #[serde(skip)]
    pub key_lines: Vec<(String, usize)>,
}

impl FrontMatter {
    /// The file line of `key` (`number`, `principles`…), or 1 when it is not set.
    pub fn line_of(&self, key: &str) -> usize {
        self.key_lines
            .iter()
            .find(|(k, _)| k == key)
            .map_or(1, |&(_, l)| l)
    }
}
