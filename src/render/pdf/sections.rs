//! The print document's body, section by section in SUMMARY.md order: each part's title
//! opens its first chapter's page, each chapter is a section of its own (so it starts a
//! page and gets its own running head), and the reference pages follow. The same walk
//! makes the contents' entries, so the contents, the outline and the body agree.

use super::links::{Anchors, Rewrite};
use super::{Entry, Plan};
use crate::diagnostics::Diagnostic;
use crate::model::{Book, ChapterId, PerChapter, TreeItem};
use crate::render::generated::Generated;
use crate::render::{fill_root, ChapterOut};
use crate::text::{escape, escape_into};

pub(super) struct Made {
    pub body: String,
    pub entries: Vec<Entry>,
    /// Each section's running head, by section number (`mb-p{n}` in the CSS).
    pub heads: Vec<String>,
}

struct Walk<'a> {
    book: &'a Book,
    outs: &'a PerChapter<Option<ChapterOut>>,
    anchors: &'a Anchors<'a>,
    body: String,
    heads: Vec<String>,
    parts: usize,
    /// A part's title (anchor, title) waiting to open its first chapter's page.
    pending: Option<(String, String)>,
}

pub(super) fn make(book: &Book, outs: &PerChapter<Option<ChapterOut>>) -> Result<Made, Diagnostic> {
    let gen = Generated::collect(book, outs);
    let back: Vec<_> = gen.pages.iter().filter(|p| p.in_nav).collect();
    let anchors = Anchors::new(book, back.iter().map(|p| p.path.as_str()));
    let mut w = Walk {
        book,
        outs,
        anchors: &anchors,
        body: String::new(),
        heads: Vec::new(),
        parts: 0,
        pending: None,
    };
    let mut entries = w.items(&book.tree)?;
    w.flush_part();
    // The reference pages follow as a part of their own, named as the site's footer
    // names them.
    let mut refs = Vec::new();
    if !back.is_empty() {
        entries.push(w.part("Reference pages"));
    }
    for p in back {
        let anchor = anchors.back_section(&p.path);
        w.open(&anchor, &p.title);
        w.body.push_str("<h1 class=\"mb-title\">");
        escape_into(&p.title, &mut w.body);
        w.body.push_str("</h1>\n");
        let html = anchors.rewrite(&p.html, Rewrite::Back(&p.path))?;
        w.body.push_str(&html);
        w.body.push_str("</section>\n");
        refs.push(Entry {
            title: p.title.clone(),
            part: false,
            number: None,
            anchor,
            children: Vec::new(),
        });
    }
    if let Some(last) = entries.last_mut().filter(|e| e.part && !refs.is_empty()) {
        last.children = refs;
    }
    Ok(Made {
        body: w.body,
        entries,
        heads: w.heads,
    })
}

impl Walk<'_> {
    fn items(&mut self, items: &[TreeItem]) -> Result<Vec<Entry>, Diagnostic> {
        let mut out: Vec<Entry> = Vec::new();
        // The part the next chapters belong to, as an index into `out`.
        let mut part = None;
        for t in items {
            match t {
                TreeItem::Part(title) => {
                    out.push(self.part(title));
                    part = Some(out.len() - 1);
                }
                TreeItem::Separator => part = None,
                TreeItem::Chapter { index, children } => {
                    let es = self.chapter(*index, children)?;
                    match part {
                        Some(p) => out[p].children.extend(es),
                        None => out.extend(es),
                    }
                }
            }
        }
        Ok(out)
    }

    /// A part's entry; its title waits to open the next section's page.
    fn part(&mut self, title: &str) -> Entry {
        self.flush_part();
        self.parts += 1;
        let anchor = format!("mb-pdf-part-{}", self.parts);
        self.pending = Some((anchor.clone(), title.to_string()));
        Entry {
            title: title.to_string(),
            part: true,
            number: None,
            anchor,
            children: Vec::new(),
        }
    }

    /// The chapter's section, then its sub-chapters'; a draft has no section, so its
    /// sub-chapters take its place.
    fn chapter(&mut self, i: ChapterId, children: &[TreeItem]) -> Result<Vec<Entry>, Diagnostic> {
        let ch = &self.book.chapters[i];
        let Some(out) = self.outs[i].as_ref() else {
            return self.items(children);
        };
        let anchor = format!("print-{}", ch.id);
        self.open(&anchor, &ch.title);
        self.title(i);
        let body = out.marked();
        let filled = fill_root(
            body.get(out.title_end..).unwrap_or(""),
            "",
            &format!("{}--", ch.id),
        );
        drop(body);
        self.body
            .push_str(&self.anchors.rewrite(&filled, Rewrite::Chapter)?);
        self.body.push_str("</section>\n");
        Ok(vec![Entry {
            title: ch.title.clone(),
            part: false,
            number: ch.number.clone(),
            anchor,
            children: self.items(children)?,
        }])
    }

    /// The chapter's heading as its own page shows it (see `page::chapter_links`): its
    /// number, then its leading `# Title` as written unless front matter gives a title,
    /// with that heading's id, so links to it land here.
    fn title(&mut self, i: ChapterId) {
        let ch = &self.book.chapters[i];
        let own = ch.title_heading();
        let heading = match (own, &ch.front.title) {
            (Some(h), None) => &h.title,
            _ => &ch.title,
        };
        self.body.push_str("<h1 class=\"mb-title\"");
        if let Some(h) = own {
            self.body
                .push_str(&format!(" id=\"{}--{}\"", escape(&ch.id), escape(&h.id)));
        }
        self.body.push('>');
        if let Some(n) = &ch.number {
            self.body.push_str("<span class=\"mb-number\">");
            escape_into(n, &mut self.body);
            self.body.push_str("</span> ");
        }
        escape_into(heading, &mut self.body);
        self.body.push_str("</h1>\n");
    }

    /// Opens a section that starts a page with running head `head`, the waiting part's
    /// title first.
    fn open(&mut self, anchor: &str, head: &str) {
        let n = self.heads.len();
        self.heads.push(head.to_string());
        self.body.push_str(&format!(
            "<section class=\"mb-print-chapter mb-pdf-section mb-pdf-p{n}\" id=\"{}\">\n",
            escape(anchor)
        ));
        if let Some((anchor, title)) = self.pending.take() {
            self.body.push_str(&format!(
                "<p class=\"mb-pdf-part\" id=\"{}\">{}</p>\n",
                escape(&anchor),
                escape(&title)
            ));
        }
    }

    /// A part with no chapter of its own gets a page with just its title.
    fn flush_part(&mut self) {
        if let Some((anchor, title)) = self.pending.clone() {
            self.open(&format!("{anchor}-page"), &title);
            self.body.push_str("</section>\n");
        }
    }
}

/// The contents as nested lists: each line links to its entry, and an empty slot after
/// it takes the page number (see [`super::contents_css`]).
pub(super) fn contents_html(plan: &Plan, numbers: bool) -> String {
    fn list(es: &[Entry], numbers: bool, n: &mut usize, s: &mut String) {
        s.push_str("<ol class=\"mb-pdf-toc-list\">");
        for e in es {
            let class = if e.part {
                " class=\"mb-pdf-toc-part\""
            } else {
                ""
            };
            s.push_str(&format!(
                "<li{class}><a id=\"mb-pdf-toc-{n}\" href=\"#{}\"><span class=\"mb-pdf-toc-title\">",
                escape(&e.anchor)
            ));
            *n += 1;
            if let (true, Some(num)) = (numbers, &e.number) {
                s.push_str("<span class=\"mb-num\">");
                escape_into(num, s);
                s.push_str("</span> ");
            }
            escape_into(&e.title, s);
            s.push_str(
                "</span><span class=\"mb-pdf-leader\"></span><span class=\"mb-pdf-pn\"></span></a>",
            );
            if !e.children.is_empty() {
                list(&e.children, numbers, n, s);
            }
            s.push_str("</li>");
        }
        s.push_str("</ol>");
    }
    let mut s = String::new();
    list(&plan.entries, numbers, &mut 0, &mut s);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(title: &str, part: bool, children: Vec<Entry>) -> Entry {
        Entry {
            title: title.into(),
            part,
            number: (!part).then(|| "1.".to_string()),
            anchor: format!("a-{title}"),
            children,
        }
    }

    #[test]
    fn contents_lines_are_numbered_in_the_order_their_page_numbers_come() {
        let plan = Plan {
            entries: vec![
                e(
                    "P",
                    true,
                    vec![
                        e("A", false, vec![e("A1", false, vec![])]),
                        e("B", false, vec![]),
                    ],
                ),
                e("C<&>", false, vec![]),
            ],
        };
        let flat: Vec<&str> = plan.flat().iter().map(|e| e.title.as_str()).collect();
        assert_eq!(flat, ["P", "A", "A1", "B", "C<&>"]);
        let html = contents_html(&plan, true);
        for (i, e) in plan.flat().iter().enumerate() {
            let line = format!("<a id=\"mb-pdf-toc-{i}\" href=\"#{}\">", escape(&e.anchor));
            assert!(html.contains(&line), "{line} in {html}");
        }
        assert!(html.contains("<li class=\"mb-pdf-toc-part\"><a id=\"mb-pdf-toc-0\""));
        assert!(html.contains("C&lt;&amp;&gt;"));
        assert!(html.contains("<span class=\"mb-num\">1.</span> A"));
        assert!(!contents_html(&plan, false).contains("mb-num"));
    }
}
