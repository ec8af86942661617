//! The references file (hayagriva's YAML shape) and APA author–year labels.
//! Interim: labels and entries are formatted here from the entry fields.

use std::collections::HashMap;

use crate::markdown::escape;

pub struct RefError {
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub help: String,
}

#[derive(Debug, Default)]
pub struct References {
    entries: HashMap<String, Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    surnames: Vec<String>,
    authors_full: Vec<String>,
    year: String,
    title: String,
    container: String,
}

impl References {
    pub fn parse(text: &str) -> Result<References, Vec<RefError>> {
        let map: serde_yaml::Mapping = serde_yaml::from_str(text).map_err(|e| {
            let (line, col) = e.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
            vec![RefError { line, col, message: e.to_string(), help: "each reference is `key:` followed by indented fields such as `type:`, `title:`, `author:` and `date:`".into() }]
        })?;
        let mut entries = HashMap::new();
        for (k, v) in map {
            let key = k.as_str().unwrap_or_default().to_string();
            let authors: Vec<String> = match v.get("author") {
                Some(serde_yaml::Value::Sequence(s)) => s.iter().filter_map(|a| a.as_str().map(str::to_string)).collect(),
                Some(serde_yaml::Value::String(s)) => vec![s.clone()],
                _ => Vec::new(),
            };
            let surnames = authors.iter().map(|a| a.split(',').next().unwrap_or(a).trim().to_string()).collect();
            let year = match v.get("date") {
                Some(serde_yaml::Value::Number(n)) => n.to_string(),
                Some(serde_yaml::Value::String(s)) => s.chars().take(4).collect(),
                _ => "n.d.".into(),
            };
            let title = v.get("title").and_then(|t| t.as_str()).unwrap_or_default().to_string();
            let container = v.get("parent").and_then(|p| p.get("title")).and_then(|t| t.as_str()).unwrap_or_default().to_string();
            entries.insert(key, Entry { surnames, authors_full: authors, year, title, container });
        }
        Ok(References { entries })
    }

    pub fn contains(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    pub fn keys(&self) -> Vec<String> {
        self.entries.keys().cloned().collect()
    }

    fn names(&self, key: &str, and: &str) -> Option<String> {
        let e = self.entries.get(key)?;
        Some(match e.surnames.as_slice() {
            [] => "Anonymous".into(),
            [a] => a.clone(),
            [a, b] => format!("{a} {and} {b}"),
            [a, ..] => format!("{a} et al."),
        })
    }

    pub fn parenthetical(&self, key: &str) -> Option<String> {
        Some(format!("{}, {}", self.names(key, "&")?, self.entries[key].year))
    }

    pub fn narrative(&self, key: &str) -> Option<String> {
        Some(format!("{} ({})", self.names(key, "and")?, self.entries[key].year))
    }

    pub fn bibliography_html(&self, keys: &[&str]) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = keys
            .iter()
            .filter_map(|k| self.entries.get(*k).map(|e| (k.to_string(), e)))
            .map(|(k, e)| {
                let mut html = escape(&e.authors_full.join(", "));
                html.push_str(&format!(" ({}). <i>{}</i>.", escape(&e.year), escape(&e.title)));
                if !e.container.is_empty() {
                    html.push_str(&format!(" {}.", escape(&e.container)));
                }
                (k, html)
            })
            .collect();
        v.sort_by(|a, b| a.1.cmp(&b.1));
        v
    }
}
