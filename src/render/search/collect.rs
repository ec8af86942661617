//! What goes into the search index, gathered from the book: chapter sections (deep-linked
//! to their heading), principle summaries, dialogue turns with their codes, principles and
//! stage as facets, session steps, forms, glossary entries and the cited references.

use crate::model::Book;
use crate::model::ChapterKind;
use crate::model::{Block, ChapterId};
use crate::render::chapter::Section;
use crate::render::search::space::squeeze_in_place;
use crate::render::search::{DocKind, SearchDoc};

/// The search documents of `book`, in index order; `chapters` are the rendered chapters'
/// sections, `cited` the references cited anywhere.
pub(crate) fn from_book(
    book: &Book,
    chapters: Vec<(ChapterId, Vec<Section>)>,
    cited: &[String],
) -> Vec<SearchDoc> {
    // A doc per section at most, then the dialogue turns and entries: sized once, rather
    // than regrown (and copied) a dozen times.
    let sections: usize = chapters.iter().map(|(_, s)| s.len()).sum();
    let mut docs: Vec<SearchDoc> = Vec::with_capacity(sections + sections / 2);
    for (i, sections) in chapters {
        let i = &i;
        let ch = &book.chapters[*i];
        let crumbs: Vec<String> = ch
            .parents
            .iter()
            .map(|&p| book.chapters[p].title.clone())
            .chain(std::iter::once(ch.title.clone()))
            .collect();
        let kind = if ch.front.kind == ChapterKind::Principle {
            DocKind::Principle
        } else {
            DocKind::Chapter
        };
        // `heading-split-level` (mdBook's, default 3): deeper headings stay in the result
        // of the section above them.
        let split = book
            .config
            .output
            .html
            .search
            .heading_split_level
            .unwrap_or(3);
        let first_doc = docs.len();
        for s in sections {
            let text = s.text;
            let h = s.heading.and_then(|h| ch.headings.get(h));
            let merge = docs.len() > first_doc && h.is_some_and(|h| h.level > split);
            if let (true, Some(h), Some(prev)) = (merge, h, docs.last_mut()) {
                prev.body.push(' ');
                prev.body.push_str(&h.title);
                prev.body.push(' ');
                prev.body.push_str(&text);
                continue;
            }
            if text.is_empty() && h.map(|h| h.level > 1).unwrap_or(true) {
                continue;
            }
            let (url, title) = match h {
                Some(h) if h.level > 1 => (fragment_url(&ch.out_path, &h.id), h.title.clone()),
                _ => (ch.out_path.clone(), ch.title.clone()),
            };
            docs.push(SearchDoc {
                url,
                title,
                breadcrumbs: crumbs.clone(),
                body: text,
                kind,
                facets: Vec::new(),
                heading: true,
            });
        }
        if let (ChapterKind::Principle, Some(summary)) = (ch.front.kind, &ch.front.summary) {
            docs.push(SearchDoc {
                url: ch.out_path.clone(),
                title: format!("Principle: {}", ch.title),
                breadcrumbs: vec!["Principles".into()],
                body: summary.clone(),
                kind: DocKind::Principle,
                facets: Vec::new(),
                heading: true,
            });
        }
        for b in ch.parsed_blocks() {
            match b {
                Block::Session(s) => session_docs(&mut docs, ch, s),
                Block::Worksheet(w) => docs.push(form_doc(
                    ch,
                    &w.id,
                    &w.title,
                    w.fields.iter().map(|f| f.label.as_str()),
                )),
                Block::FeedbackReport(r) => docs.push(form_doc(
                    ch,
                    &r.id,
                    &r.title,
                    r.measures.iter().map(|m| m.name.as_str()),
                )),
                _ => {}
            }
            let Block::Dialogue(d) = b else { continue };
            let mut common: Vec<(String, String)> = d
                .principles
                .iter()
                .map(|p| ("principle".to_string(), p.value.clone()))
                .collect();
            if let Some(st) = d.stage {
                common.push(("stage".into(), st.as_str().to_string()));
            }
            for (n, t) in d.turns.iter().enumerate() {
                let body = squeeze(
                    t.utterances
                        .iter()
                        .map(|u| u.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                );
                if body.is_empty() {
                    continue;
                }
                let mut facets = common.clone();
                for u in &t.utterances {
                    for c in &u.codes {
                        if !facets.iter().any(|(g, v)| g == "code" && v == c) {
                            facets.push(("code".into(), c.clone()));
                        }
                    }
                }
                docs.push(SearchDoc {
                    url: format!("{}#{}-t{}", ch.out_path, d.id.value, n + 1),
                    title: format!("{} — {} (turn {})", d.title, t.speaker, n + 1),
                    breadcrumbs: vec![ch.title.clone(), d.title.clone()],
                    body,
                    kind: DocKind::Dialogue,
                    facets,
                    heading: false,
                });
            }
        }
    }
    for t in &book.met.glossary.terms {
        docs.push(SearchDoc {
            url: format!("glossary.html#term-{}", t.id),
            title: t.term.clone(),
            breadcrumbs: vec!["Glossary".into()],
            body: format!("{} {}", t.plain, t.aliases.join(" ")),
            kind: DocKind::Glossary,
            facets: Vec::new(),
            heading: true,
        });
    }
    let keys: Vec<&str> = cited.iter().map(String::as_str).collect();
    for (key, html) in book.met.references.bibliography_html(&keys) {
        docs.push(SearchDoc {
            url: format!("references.html#ref-{key}"),
            title: book
                .met
                .references
                .parenthetical(&key)
                .unwrap_or_else(|| key.clone()),
            breadcrumbs: vec!["References".into()],
            body: strip_tags(&html),
            kind: DocKind::Reference,
            facets: Vec::new(),
            heading: false,
        });
    }
    docs
}

/// One document per session step, found by what the counsellor does, with the session
/// and its phase as facets.
fn session_docs(
    docs: &mut Vec<SearchDoc>,
    ch: &crate::model::Chapter,
    s: &crate::model::met::session::Session,
) {
    let mut facets = vec![("session".to_string(), format!("Session {}", s.number))];
    if let Some(p) = &s.phase {
        facets.push(("phase".into(), p.clone()));
    }
    for (k, step) in s.steps.iter().enumerate() {
        let what = crate::markdown::plain_text(&step.what);
        let title = match &step.title {
            Some(t) => format!(
                "Session {}, step {}: {}",
                s.number,
                k + 1,
                crate::markdown::plain_text(t)
            ),
            None => format!("Session {}, step {}", s.number, k + 1),
        };
        docs.push(SearchDoc {
            url: format!("{}#{}-step-{}", ch.out_path, s.id, k + 1),
            title,
            breadcrumbs: vec![ch.title.clone(), s.title.clone()],
            body: squeeze(what),
            kind: DocKind::Session,
            facets: facets.clone(),
            heading: false,
        });
    }
}

/// A form, found by its title and its questions.
fn form_doc<'a>(
    ch: &crate::model::Chapter,
    id: &str,
    title: &str,
    questions: impl Iterator<Item = &'a str>,
) -> SearchDoc {
    SearchDoc {
        url: format!("{}#{id}", ch.out_path),
        title: format!("Form: {title}"),
        breadcrumbs: vec![ch.title.clone()],
        body: squeeze(questions.collect::<Vec<_>>().join(" ")),
        kind: DocKind::Form,
        facets: vec![("form".into(), title.to_string())],
        heading: true,
    }
}

/// `page#id`, pushed rather than formatted: one for each section of the book.
fn fragment_url(page: &str, id: &str) -> String {
    let mut url = String::with_capacity(page.len() + 1 + id.len());
    url.push_str(page);
    url.push('#');
    url.push_str(id);
    url
}

/// Whitespace runs become one space: the form search documents store.
fn squeeze(mut s: String) -> String {
    squeeze_in_place(&mut s);
    s
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}
