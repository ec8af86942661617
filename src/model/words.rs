//! The fixed words of the site (navigation, buttons, generated pages' headings) in the
//! book's language. The theme supplies them per language (`strings/<lang>.yml`, English
//! and Spanish built in); English fills any gap.

use std::collections::BTreeMap;

/// Words by key, for one language.
#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Words(pub BTreeMap<String, String>);

impl Words {
    /// The theme's words in `lang` ("es-MX" falls back to "es"), English where the language
    /// lacks one; and the keys it lacks (none for English).
    pub fn for_language(
        strings: &BTreeMap<String, BTreeMap<String, String>>,
        lang: &str,
    ) -> (Words, Vec<String>) {
        let lang = lang.to_ascii_lowercase().replace('_', "-");
        let base = lang.split('-').next().unwrap_or(&lang).to_string();
        let mut words = strings.get("en").cloned().unwrap_or_default();
        let mut given = std::collections::BTreeSet::new();
        for tag in [&base, &lang] {
            if let Some(w) = strings.get(tag.as_str()) {
                given.extend(w.keys().cloned());
                words.extend(w.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
        let missing = if base == "en" {
            Vec::new()
        } else {
            words
                .keys()
                .filter(|k| !given.contains(*k))
                .cloned()
                .collect()
        };
        (Words(words), missing)
    }

    /// The word for `key`; the key itself if no language has it (a theme that removed
    /// words from en.yml), so a page never loses its text silently.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }

    /// The word for `key` with its `{name}` placeholders filled.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut s = self.get(key).to_string();
        for (name, value) in values {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings() -> BTreeMap<String, BTreeMap<String, String>> {
        let m = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        BTreeMap::from([
            ("en".into(), m(&[("a", "A"), ("b", "B {n}")])),
            ("es".into(), m(&[("a", "Á")])),
            ("es-mx".into(), m(&[("b", "Be {n}")])),
        ])
    }

    #[test]
    fn a_regional_tag_falls_back_to_its_language_then_english() {
        let (w, missing) = Words::for_language(&strings(), "es");
        assert_eq!((w.get("a"), w.get("b")), ("Á", "B {n}"));
        assert_eq!(missing, vec!["b".to_string()]);
        let (w, missing) = Words::for_language(&strings(), "es_MX");
        assert_eq!(w.fill("b", &[("n", "2")]), "Be 2");
        assert!(missing.is_empty());
        assert_eq!(w.get("unknown"), "unknown");
    }
}
