//! A chapter's front matter, typed: unknown keys are rejected when it is read.

use serde::Deserialize;

/// What a chapter is, which decides the generated pages it feeds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChapterKind {
    #[default]
    Chapter,
    Principle,
    Contrast,
    Strategy,
}

impl ChapterKind {
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
    pub id: Option<String>,
    pub title: Option<String>,
    #[serde(default)]
    pub kind: ChapterKind,
    pub number: Option<u32>,
    pub summary: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub principles: Vec<String>,
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
