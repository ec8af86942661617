//! The references file's data: every entry's citation labels and reference-list HTML,
//! rendered once by `met::references`.

use rustc_hash::FxHashMap as HashMap;

/// The labels of one entry, as plain text and as HTML.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Labels {
    pub(crate) parenthetical: String,
    pub(crate) narrative: String,
    pub(crate) parenthetical_html: String,
    pub(crate) narrative_html: String,
}

/// A parsed and fully rendered references file.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct References {
    /// Keys in file order.
    pub(crate) keys: Vec<String>,
    pub(crate) labels: HashMap<String, Labels>,
    /// Every entry's reference-list HTML, in APA order.
    pub(crate) bibliography: Vec<(String, String)>,
}

impl References {
    /// Whether `key` is in the references file.
    pub fn contains(&self, key: &str) -> bool {
        self.labels.contains_key(key)
    }

    /// All keys, in the order of the file.
    pub fn keys(&self) -> Vec<String> {
        self.keys.clone()
    }

    /// Author–year label for a parenthetical citation, plain text (not
    /// HTML-escaped): "Miller & Rollnick, 1991", "Miller et al., 1992",
    /// "Alcoholics Anonymous, 1976", "… n.d.". The caller adds the brackets.
    pub fn parenthetical(&self, key: &str) -> Option<String> {
        self.labels.get(key).map(|l| l.parenthetical.clone())
    }

    /// Narrative form, plain text: "Miller and Rollnick (1991)".
    pub fn narrative(&self, key: &str) -> Option<String> {
        self.labels.get(key).map(|l| l.narrative.clone())
    }

    /// [`Self::parenthetical`] as escaped HTML (a work cited by its title
    /// keeps the title's italics).
    pub fn parenthetical_html(&self, key: &str) -> Option<String> {
        self.labels.get(key).map(|l| l.parenthetical_html.clone())
    }

    /// [`Self::narrative`] as escaped HTML.
    pub fn narrative_html(&self, key: &str) -> Option<String> {
        self.labels.get(key).map(|l| l.narrative_html.clone())
    }

    /// APA 7 reference-list entries for `keys` as HTML fragments, in APA
    /// order. Unknown and repeated keys are skipped.
    pub fn bibliography_html(&self, keys: &[&str]) -> Vec<(String, String)> {
        self.bibliography
            .iter()
            .filter(|(k, _)| keys.contains(&k.as_str()))
            .cloned()
            .collect()
    }
}
