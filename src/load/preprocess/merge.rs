//! A returned book's changes taken onto SUMMARY.md's chapters: content and names by the
//! chapter's `path`; chapters added or left out are reported, and SUMMARY.md's kept.

use std::collections::{HashMap, VecDeque};

use super::{protocol, Doc, One};
use crate::diagnostics::{Diagnostic, Kind, Severity};

impl One<'_> {
    /// Takes a returned book's changes onto SUMMARY.md's chapters.
    pub(super) fn map_back(
        &self,
        docs: &mut [Doc],
        back: Vec<protocol::Returned>,
        diags: &mut Vec<Diagnostic>,
    ) {
        let mut chapters = Chapters::new(docs);
        let mut added = Vec::new();
        for r in back {
            let Some(i) = chapters.find(&r) else {
                added.push(r.path.unwrap_or_else(|| format!("draft “{}”", r.name)));
                continue;
            };
            let d = &mut docs[i];
            if r.content != d.text {
                if d.original.is_none() {
                    d.original = Some(std::mem::take(&mut d.text));
                }
                d.text = r.content;
                d.changed_by.push(self.table.name.clone());
            }
            d.name = r.name;
        }
        let removed: Vec<String> = docs
            .iter()
            .zip(&chapters.seen)
            .filter(|(_, seen)| !**seen)
            .filter_map(|(d, _)| d.path.clone())
            .collect();
        self.report_changed_chapters(&added, &removed, diags);
    }

    fn report_changed_chapters(
        &self,
        added: &[String],
        removed: &[String],
        diags: &mut Vec<Diagnostic>,
    ) {
        let list = |v: &[String]| {
            let mut s: Vec<String> = v.iter().take(5).map(|p| format!("`{p}`")).collect();
            if v.len() > 5 {
                s.push(format!("and {} more", v.len() - 5));
            }
            s.join(", ")
        };
        let name = &self.table.name;
        if !added.is_empty() {
            let mut d = self.error(Kind::PreprocessorChapters, format!("preprocessor `{name}` added chapters SUMMARY.md does not list: {}; they are left out", list(added)), "SUMMARY.md is the handbook's table of contents: write the chapters as files and list them there");
            d.severity = Severity::Warning;
            diags.push(d);
        }
        if !removed.is_empty() {
            let mut d = self.error(Kind::PreprocessorChapters, format!("preprocessor `{name}` left out chapters SUMMARY.md lists: {}; they are kept as they were before it ran", list(removed)), "SUMMARY.md is the handbook's table of contents: to drop a chapter, remove it from SUMMARY.md (or make it a draft, `- [Title]()`)");
            d.severity = Severity::Warning;
            diags.push(d);
        }
    }
}

/// SUMMARY.md's chapters, found by the `path` mdBook gives them (or the file's own path),
/// drafts in order; a chapter listed twice is found once for each time.
struct Chapters {
    by_path: HashMap<String, VecDeque<usize>>,
    by_source: HashMap<String, VecDeque<usize>>,
    drafts: VecDeque<usize>,
    seen: Vec<bool>,
}

impl Chapters {
    fn new(docs: &[Doc]) -> Chapters {
        let mut c = Chapters {
            by_path: HashMap::new(),
            by_source: HashMap::new(),
            drafts: VecDeque::new(),
            seen: vec![false; docs.len()],
        };
        for (i, d) in docs.iter().enumerate() {
            match &d.path {
                Some(p) => {
                    let path = protocol::mdbook_path(p);
                    c.by_path.entry(path).or_default().push_back(i);
                    c.by_source.entry(p.clone()).or_default().push_back(i);
                }
                None => c.drafts.push_back(i),
            }
        }
        c
    }

    fn find(&mut self, r: &protocol::Returned) -> Option<usize> {
        let i = match &r.path {
            None => self.drafts.pop_front(),
            Some(p) => Self::next(&mut self.by_path, p, &self.seen).or_else(|| {
                let source = r.source_path.as_ref()?;
                Self::next(&mut self.by_source, source, &self.seen)
            }),
        }?;
        self.seen[i] = true;
        Some(i)
    }

    fn next(m: &mut HashMap<String, VecDeque<usize>>, key: &str, seen: &[bool]) -> Option<usize> {
        let q = m.get_mut(key)?;
        std::iter::from_fn(|| q.pop_front()).find(|i| !seen[*i])
    }
}
