//! Bibliography support for metbook: reads `<book src>/references.yml`
//! (hayagriva's YAML format) and renders APA 7 citation labels and
//! reference-list entries with hayagriva's CSL engine and its bundled APA style.
//!
//! Everything is rendered once, in [`References::parse`], in a single CSL run
//! over the whole library. That is what makes the year suffixes ("1991a",
//! "1991b") agree between citation labels and the reference list, whichever
//! subset of keys a page later asks for.

mod check;
mod html;
#[cfg(test)]
mod tests;

use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use hayagriva::archive::{ArchivedStyle, LOCALES};
use hayagriva::citationberg::{IndependentStyle, Locale, Style};
use hayagriva::types::Person;
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, Entry, Library,
};

use crate::model::met::references::{Labels, References};

/// A problem in `references.yml`, located 1-based relative to that file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefError {
    /// 1-based line in references.yml.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// What is wrong, in plain language.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {} ({})",
            self.line, self.col, self.message, self.help
        )
    }
}

impl std::error::Error for RefError {}

impl References {
    /// Parses and renders a references file. Returns every problem found,
    /// each located in the file and worded for the manual's authors.
    pub fn parse(text: &str) -> Result<References, Vec<RefError>> {
        let Some(map) = check::parse_yaml(text).map_err(|e| vec![e])? else {
            return Ok(References::default());
        };
        let errors = check::check_entries(text, &map);
        if !errors.is_empty() {
            return Err(errors);
        }
        let library = hayagriva::io::from_yaml_str(text).map_err(|e| {
            let keys: Vec<String> = map
                .keys()
                .filter_map(|k| k.as_str().map(str::to_string))
                .collect();
            let loc = e.location().map(|l| (l.line(), l.column()));
            vec![check::from_hayagriva(text, &keys, &e.to_string(), loc)]
        })?;
        let library = fix_organisations(&library);
        // The CSL engine is large and not written for hostile input; a panic
        // there must become an error, not take down the whole build.
        match catch_unwind(AssertUnwindSafe(|| render(&library))) {
            Ok(refs) => Ok(refs),
            Err(_) => Err(vec![blame_panic(text, &library)]),
        }
    }
}

/// The archived APA style and the English locales, decoded once per process.
fn apa() -> &'static (IndependentStyle, Vec<Locale>) {
    static APA: OnceLock<(IndependentStyle, Vec<Locale>)> = OnceLock::new();
    APA.get_or_init(|| {
        let style = match ArchivedStyle::AmericanPsychologicalAssociation.get() {
            Style::Independent(s) => s,
            // The archive ships APA as an independent style; this is unreachable.
            Style::Dependent(_) => unreachable!("APA is an independent style"),
        };
        // Only English terms are needed ("n.d.", "et al.", "Eds."); decoding
        // all ~60 locales would cost time and memory for nothing.
        // The blobs are picked by the language tag they contain before decoding, because
        // decoding every locale costs a tenth of a 1,000-chapter build.
        let locs = LOCALES
            .iter()
            .filter(|b| b.windows(3).any(|w| w == b"en-"))
            .filter_map(|b| ciborium::from_reader::<Locale, _>(*b).ok())
            .filter(|l| l.lang.as_ref().is_some_and(|c| c.0.starts_with("en")))
            .collect();
        (style, locs)
    })
}

/// hayagriva splits a comma-less name BibTeX-style: leading lower-case words
/// become a "prefix" and the last word is the family name, so
/// "National Institute on Alcohol Abuse and Alcoholism" would be cited as
/// "Alcoholism". A name without a given name is an organisation (or a
/// mononym); we put it back together so `author: <organisation>` just works.
fn fix_organisations(library: &Library) -> Library {
    fn fix_people(people: &[Person]) -> Vec<Person> {
        people
            .iter()
            .map(|p| match (&p.given_name, &p.prefix) {
                (None, Some(prefix)) => Person {
                    name: format!("{prefix} {}", p.name),
                    prefix: None,
                    ..p.clone()
                },
                _ => p.clone(),
            })
            .collect()
    }
    fn fix_entry(entry: &Entry) -> Entry {
        let mut e = entry.clone();
        if let Some(a) = entry.authors() {
            e.set_authors(fix_people(a));
        }
        if let Some(ed) = entry.editors() {
            e.set_editors(fix_people(ed));
        }
        e.set_parents(entry.parents().iter().map(fix_entry).collect());
        e
    }
    let mut out = Library::new();
    for entry in library.iter() {
        out.push(&fix_entry(entry));
    }
    out
}

/// One CSL run over the whole library: per entry a normal and a prose
/// citation, then the bibliography. Disambiguation is library-wide.
fn render(library: &Library) -> References {
    let (style, locs) = apa();
    let mut driver = BibliographyDriver::new();
    let entries: Vec<&Entry> = library.iter().collect();
    // One citation per entry: the narrative form is derived from the parenthetical one,
    // which halves the CSL engine's work (its cost dominates a build's fixed costs).
    for entry in &entries {
        let item = CitationItem::with_entry(*entry);
        driver.citation(CitationRequest::from_items(vec![item], style, locs));
    }
    let rendered = driver.finish(BibliographyRequest::new(style, None, locs));
    let mut labels = rustc_hash::FxHashMap::default();
    // Citations come back in request order, one per entry.
    for (entry, normal) in entries.iter().zip(rendered.citations.iter()) {
        let last = last_name_text(entry);
        let parenthetical = strip_parens(html::plain(&normal.citation));
        let parenthetical_html = strip_parens(html::html(&normal.citation));
        labels.insert(
            entry.key().to_string(),
            Labels {
                narrative: narrative_and(&prose_form(&parenthetical), " & ", &last, entry),
                narrative_html: narrative_and(
                    &prose_form(&parenthetical_html),
                    " &amp; ",
                    &crate::text::escape(&last),
                    entry,
                ),
                parenthetical,
                parenthetical_html,
            },
        );
    }
    let bibliography = rendered
        .bibliography
        .map(|b| {
            b.items
                .iter()
                .map(|i| (i.key.clone(), html::html(&i.content)))
                .collect()
        })
        .unwrap_or_default();
    References {
        keys: entries.iter().map(|e| e.key().to_string()).collect(),
        labels,
        bibliography,
    }
}

/// "Miller & Rollnick, 1991a" → "Miller & Rollnick (1991a)", as APA's prose form.
fn prose_form(label: &str) -> String {
    match label.rsplit_once(", ") {
        Some((who, when)) => format!("{who} ({when})"),
        None => label.to_string(),
    }
}

/// APA's citation layout wraps the parenthetical form in "( … )"; callers
/// want the bare label so they can group several citations in one bracket.
fn strip_parens(s: String) -> String {
    match s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        Some(inner) => inner.to_string(),
        None => s,
    }
}

/// The people a citation names: authors, or the editors standing in for them.
fn cited_people(entry: &Entry) -> &[Person] {
    entry
        .authors()
        .filter(|a| !a.is_empty())
        .or(entry.editors())
        .unwrap_or(&[])
}

fn last_name_text(entry: &Entry) -> String {
    cited_people(entry)
        .last()
        .map(|p| p.name.clone())
        .unwrap_or_default()
}

/// The CSL APA style joins names with "&" in every citation, but APA 7
/// wants "and" in running text ("Miller and Rollnick (1991)"). We replace the
/// joining "&" before the last name, skipping any "&" inside that name itself
/// (e.g. "Johnson & Johnson").
fn narrative_and(s: &str, amp: &str, last_name: &str, entry: &Entry) -> String {
    let people = cited_people(entry).len();
    let author_end = s.rfind(" (").unwrap_or(s.len());
    let (author, rest) = s.split_at(author_end);
    if people < 2 || author.contains("et al.") {
        return s.to_string();
    }
    let inside_last = last_name.matches(amp).count();
    let Some((idx, _)) = author.rmatch_indices(amp).nth(inside_last) else {
        return s.to_string();
    };
    format!(
        "{} and {}{}",
        &author[..idx],
        &author[idx + amp.len()..],
        rest
    )
}

/// After a panic in the CSL engine, find the first entry that panics on its
/// own so the author knows where to look.
fn blame_panic(text: &str, library: &Library) -> RefError {
    let culprit = library.iter().find(|entry| {
        let mut one = Library::new();
        one.push(entry);
        catch_unwind(AssertUnwindSafe(|| render(&one))).is_err()
    });
    let key = culprit.map(|e| e.key().to_string());
    let line = key
        .as_deref()
        .and_then(|k| check::key_line(text, k, 1))
        .unwrap_or(1);
    let what = key.map_or_else(
        || "one of the references".into(),
        |k| format!("reference `{k}`"),
    );
    RefError {
        line,
        col: 1,
        message: format!("The citation formatter failed on {what}."),
        help: "Check this entry's fields for unusual values (dates, page ranges, names) and simplify them."
            .into(),
    }
}
