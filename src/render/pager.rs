//! Filling the Tera templates: each chapter page, print.html (with the chapters spliced in
//! after templating), the generated MET pages, the landing page and 404.

use super::page::{self, GeneratedLink, Link, PageContext, PageView, SiteView};
use super::{generated, templates, toc, ChapterOut, Inputs, Prepared};
use crate::diagnostics::Diagnostic;
use crate::emit::Sink;
use crate::resolve::links::relative;

/// Fills templates: the pages that depend on chapters, and the generated MET pages.
pub struct Pager<'a> {
    inp: &'a Inputs<'a>,
    prep: &'a Prepared,
    generated_links: Vec<GeneratedLink>,
    pub gen: generated::Generated,
    contents_html: String,
}

impl<'a> Pager<'a> {
    pub fn new(inp: &'a Inputs<'a>, prep: &'a Prepared, outs: &[Option<ChapterOut>]) -> Pager<'a> {
        let gen = generated::Generated::collect(inp.book, inp.blocks, outs);
        let generated_links = gen
            .pages
            .iter()
            .map(|p| GeneratedLink {
                title: p.title.clone(),
                path: p.path.clone(),
            })
            .collect();
        Pager {
            inp,
            prep,
            generated_links,
            gen,
            contents_html: toc::contents_html(inp.book, "index.html"),
        }
    }

    fn fill(&self, template: &str, view: &PageView) -> Result<Vec<u8>, Diagnostic> {
        let book = self.inp.book;
        let site = SiteView {
            book: page::book_view(book),
            default_theme: book.config.default_theme(),
            assets: &self.prep.assets,
            toc_js: &self.prep.toc_js,
            generated: &self.generated_links,
            extra_css: &self.prep.extra_css,
            extra_js: &self.prep.extra_js,
        };
        let contents = if view.kind == "index" {
            self.contents_html.as_str()
        } else {
            ""
        };
        let file = std::path::PathBuf::from("themes/default/templates").join(template);
        let ctx = tera::Context::from_serialize(&PageContext {
            site: &site,
            page: view,
            contents_html: contents,
        })
        .map_err(|e| templates::template_error(&file, &e))?;
        self.prep
            .theme
            .tera
            .render(template, &ctx)
            .map(String::into_bytes)
            .map_err(|e| templates::template_error(&file, &e))
    }

    pub fn chapter_page(
        &self,
        i: usize,
        out: &ChapterOut,
    ) -> Result<(String, Vec<u8>), Diagnostic> {
        let book = self.inp.book;
        let ch = &book.chapters[i];
        let is_index = ch.out_path == "index.html";
        let mut view = PageView::new(
            if is_index { "index" } else { "chapter" },
            &ch.out_path,
            ch.title.clone(),
        );
        page::chapter_links(book, i, &mut view);
        view.content = out.page_html(&ch.out_path);
        view.backlinks = self.inp.resolved.backlinks[i]
            .iter()
            .map(|&b| Link {
                title: book.chapters[b].title.clone(),
                url: relative(&ch.out_path, &book.chapters[b].out_path),
            })
            .chain(self.gen.backlinks_for(book, i, &ch.out_path))
            .collect();
        let mut seen = std::collections::HashSet::new();
        view.backlinks.retain(|l| seen.insert(l.url.clone()));
        let template = if is_index {
            "index.html"
        } else {
            "chapter.html"
        };
        self.fill(template, &view).map(|b| (ch.out_path.clone(), b))
    }

    /// Writes print.html straight into `sink`: the whole handbook is tens of megabytes at
    /// thousands of chapters, so it is never assembled in memory.
    pub fn print_page(
        &self,
        outs: &[Option<ChapterOut>],
        sink: &dyn Sink,
    ) -> Result<String, Diagnostic> {
        let mut print = PageView::new(
            "print",
            "print.html",
            format!("{} (whole handbook)", self.inp.book.config.title()),
        );
        // The template gets a placeholder and the chapters are spliced in afterwards:
        // handing tens of megabytes through the template engine would copy them twice.
        const SLOT: &str = "\u{1}metbook-print-content\u{1}";
        print.content = SLOT.into();
        let shell = String::from_utf8(self.fill("print.html", &print)?).unwrap_or_default();
        let (before, after) = shell.split_once(SLOT).unwrap_or((shell.as_str(), ""));
        let book = self.inp.book;
        let size = outs
            .iter()
            .flatten()
            .map(|o| o.marked.len() + 64)
            .sum::<usize>()
            + shell.len();
        sink.put_with("print.html", size, &mut |w| {
            w.write_all(before.as_bytes())?;
            for (i, o) in outs.iter().enumerate() {
                if let Some(o) = o {
                    o.write_print(&book.chapters[i].id, w)?;
                }
            }
            w.write_all(after.as_bytes())
        })?;
        Ok("print.html".into())
    }

    /// The generated MET pages, the landing page when no chapter is the index, and 404.
    pub fn other_pages(&self) -> Vec<Result<(String, Vec<u8>), Diagnostic>> {
        let book = self.inp.book;
        let mut out = Vec::new();
        if !book.chapters.iter().any(|c| c.out_path == "index.html") {
            let mut view = PageView::new("index", "index.html", book.config.title().to_string());
            view.description = book.config.book.description.clone().unwrap_or_default();
            view.next = book.pages().next().map(|(_, c)| Link {
                title: c.title.clone(),
                url: c.out_path.clone(),
            });
            out.push(
                self.fill("index.html", &view)
                    .map(|b| ("index.html".into(), b)),
            );
        }
        for g in &self.gen.pages {
            let mut view = PageView::new("generated", &g.path, g.title.clone());
            view.description = g.description.clone();
            view.content = g.html.clone();
            out.push(
                self.fill("chapter.html", &view)
                    .map(|b| (g.path.clone(), b)),
            );
        }
        let mut not_found = PageView::new("404", "404.html", "Page not found".into());
        if let Some(url) = &book.config.output.html.site_url {
            // Served at any depth, so its links must not be relative.
            not_found.root = format!("{}/", url.trim_end_matches('/'));
        }
        out.push(
            self.fill("404.html", &not_found)
                .map(|b| ("404.html".into(), b)),
        );
        out
    }
}
