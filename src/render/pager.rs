//! Filling the Tera templates: each chapter page, print.html (with the chapters spliced in
//! after templating), the generated MET pages, the landing page and 404.

use super::page::{self, GeneratedLink, Link, PageView, SiteView};
use super::Sink;
use super::{generated, templates, toc, ChapterOut, Inputs, Prepared};
use crate::diagnostics::Diagnostic;
use crate::model::{ChapterId, PerChapter};
use crate::resolve::links::relative;
use rayon::prelude::*;

/// Fills templates: the pages that depend on chapters, and the generated MET pages.
pub struct Pager<'a> {
    inp: &'a Inputs<'a>,
    prep: &'a Prepared,
    /// The generated MET pages (principles, dialogues, codebook, glossary…).
    pub gen: generated::Generated,
    /// Each generated page's HTML, taken out of `gen` and handed over once by
    /// [`Pager::other_pages`]: the glossary page alone is megabytes at thousands of chapters.
    gen_html: Vec<std::sync::Mutex<String>>,
    contents_html: String,
    /// What every page shares (`SiteView`), made into template values once: they are
    /// reference-counted, so each page clones it for the price of a few pointers instead
    /// of serialising the book, assets and links again.
    site: tera::TeraResult<tera::Context>,
    /// The theme's other scripts for a page without and with moved sections.
    scripts: [tera::Value; 2],
    /// Sections that moved off each page (`[output.html.redirect]` keys with a `#`).
    moved: rustc_hash::FxHashMap<String, Vec<super::redirect::Moved>>,
}

impl<'a> Pager<'a> {
    /// Builds the generated pages and what every page shares.
    pub fn new(
        inp: &'a Inputs<'a>,
        prep: &'a Prepared,
        outs: &PerChapter<Option<ChapterOut>>,
    ) -> Pager<'a> {
        let mut gen = generated::Generated::collect(inp.book, outs);
        let gen_html = gen
            .pages
            .iter_mut()
            .map(|p| std::sync::Mutex::new(std::mem::take(&mut p.html)))
            .collect();
        let generated_links: Vec<GeneratedLink> = gen
            .pages
            .iter()
            .filter(|p| p.in_nav)
            .map(|p| GeneratedLink {
                title: p.title.clone(),
                path: p.path.clone(),
            })
            .collect();
        let book = inp.book;
        let stylesheets = other_assets(&prep.assets, "css/", ".css", |k| {
            k != "css/metbook.css" && k != "css/print.css"
        });
        let offline = book.config.output.html.offline.enable;
        let scripts = [false, true].map(|moved| {
            let js = other_assets(&prep.assets, "js/", ".js", |k| {
                !["js/theme.js", "js/nav.js"].contains(&k)
                    && (offline || k != "js/offline.js")
                    && (moved || k != "js/moved.js")
            });
            tera::Value::from(js.into_iter().map(String::as_str).collect::<Vec<_>>())
        });
        let site = tera::Context::from_serialize(&SiteView {
            book: page::book_view(book),
            default_theme: book.config.default_theme(),
            assets: &prep.assets,
            stylesheets: &stylesheets,
            toc_js: &prep.toc_js,
            generated: &generated_links,
            downloads: &prep.downloads,
            extra_css: &prep.extra_css,
            extra_js: &prep.extra_js,
            ui: &book.words.0,
            words_js: &prep.words_js,
        });
        Pager {
            inp,
            prep,
            gen,
            gen_html,
            contents_html: toc::contents_html(book, "index.html"),
            site,
            scripts,
            moved: super::redirect::moved_sections(book),
        }
    }

    /// [`Pager::fill`] for a page with large content: the template gets a placeholder, and
    /// the content is spliced in after, instead of being copied into the template context
    /// and through the template engine. A theme that does anything with the content but
    /// print it once, unescaped, changes or repeats the placeholder; then the page is
    /// filled again the plain way, so the output is always what the template says.
    fn fill_content(&self, template: &str, mut view: PageView) -> Result<Vec<u8>, Diagnostic> {
        const SLOT: &str = "<\u{1}metbook-content\u{1}>";
        let content = std::mem::replace(&mut view.content, SLOT.into());
        let shell = self.fill(template, &view)?;
        // memchr's search: `str::match_indices` went through every page's shell bytewise.
        static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new(SLOT));
        let mut at = FINDER.find_iter(shell.as_bytes());
        if let (Some(i), None) = (at.next(), at.next()) {
            let mut out = String::with_capacity(shell.len() + content.len());
            out.push_str(&shell[..i]);
            out.push_str(&content);
            out.push_str(&shell[i + SLOT.len()..]);
            return Ok(out.into_bytes());
        }
        view.content = content;
        self.fill(template, &view).map(String::into_bytes)
    }

    fn fill(&self, template: &str, view: &PageView) -> Result<String, Diagnostic> {
        let contents = if view.kind == "index" {
            self.contents_html.as_str()
        } else {
            ""
        };
        let file = std::path::PathBuf::from("themes/default/templates").join(template);
        let error = |e: &tera::Error| templates::template_error(&file, e);
        let mut ctx = self.site.as_ref().map_err(error)?.clone();
        ctx.insert_value(
            "page",
            tera::Value::try_from_serializable(view).map_err(|e| error(&e))?,
        );
        // The way to the root of the whole site (above every edition): the switcher's.
        ctx.insert("site_root", &self.inp.book.edition.site_root(&view.root));
        ctx.insert("contents_html", contents);
        let moved = self.moved.get(&view.path).map_or(&[][..], Vec::as_slice);
        ctx.insert("moved", &moved);
        ctx.insert_value(
            "scripts",
            self.scripts[usize::from(!moved.is_empty())].clone(),
        );
        self.prep
            .theme
            .tera
            .render(template, &ctx)
            .map_err(|e| error(&e))
    }

    /// The page of chapter `i`, from its rendered HTML.
    pub fn chapter_page(
        &self,
        i: ChapterId,
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
        if let Some(t) = &ch.translation {
            if t.state == crate::model::TranslationState::Missing {
                view.fallback_lang = Some(book.edition.source_lang.clone());
                view.heading = ch.title.clone();
                view.heading_lang = (!t.title_translated).then(|| book.edition.source_lang.clone());
            }
        }
        view.content = out.page_html(&ch.out_path);
        view.backlinks = self.inp.resolved.backlinks[i]
            .iter()
            .map(|&b| Link {
                title: book.chapters[b].title.clone(),
                url: relative(&ch.out_path, &book.chapters[b].out_path),
            })
            .chain(self.gen.backlinks_for(book, i, &ch.out_path))
            .collect();
        let mut seen = rustc_hash::FxHashSet::default();
        view.backlinks.retain(|l| seen.insert(l.url.clone()));
        let template = if is_index {
            "index.html"
        } else {
            "chapter.html"
        };
        self.fill_content(template, view)
            .map(|b| (ch.out_path.clone(), b))
    }

    /// Every chapter page, and print.html when it is on, into `sink`. Pages are made in
    /// reading-order batches, each batch's print sections written right after it, so with
    /// `release` a chapter's HTML is freed as soon as both are out instead of being held
    /// until the last page.
    pub fn chapter_pages(
        &self,
        outs: &PerChapter<Option<ChapterOut>>,
        sink: &dyn Sink,
        release: bool,
    ) -> Vec<Result<String, Diagnostic>> {
        const BATCH: usize = 64;
        let indices = outs.present();
        let mut results = Vec::with_capacity(indices.len() + 1);
        let mut pages = |batch: &[ChapterId]| {
            results.par_extend(batch.par_iter().map(|&i| {
                let (p, b) = self.chapter_page(i, outs[i].as_ref().expect("rendered"))?;
                sink.put(&p, b).map(|_| p)
            }));
        };
        let printed = if self.inp.book.config.output.html.print.enable {
            Some(self.print_with(outs, sink, &indices, BATCH, release, &mut pages))
        } else {
            for batch in indices.chunks(BATCH) {
                pages(batch);
                if release {
                    batch
                        .iter()
                        .flat_map(|&i| &outs[i])
                        .for_each(ChapterOut::release);
                }
            }
            None
        };
        results.extend(printed);
        results
    }

    /// Writes print.html alone (serve refreshes it after incremental rebuilds).
    pub fn print_page(
        &self,
        outs: &PerChapter<Option<ChapterOut>>,
        sink: &dyn Sink,
    ) -> Result<String, Diagnostic> {
        let indices = outs.present();
        self.print_with(outs, sink, &indices, usize::MAX, false, &mut |_| {})
    }

    /// Writes print.html straight into `sink` (it is tens of megabytes at thousands of
    /// chapters, so it is never assembled in memory), calling `before_batch` with each
    /// batch of chapters before writing their sections. When the print template fails,
    /// every batch is still handed over, so the pages are made regardless.
    fn print_with(
        &self,
        outs: &PerChapter<Option<ChapterOut>>,
        sink: &dyn Sink,
        indices: &[ChapterId],
        batch: usize,
        release: bool,
        before_batch: &mut dyn FnMut(&[ChapterId]),
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
        let shell = match self.fill("print.html", &print) {
            Ok(shell) => shell,
            Err(d) => {
                indices.chunks(batch).for_each(&mut *before_batch);
                return Err(d);
            }
        };
        let (before, after) = shell.split_once(SLOT).unwrap_or((shell.as_str(), ""));
        let book = self.inp.book;
        let size = outs
            .values()
            .flatten()
            .map(|o| o.html_len() + 64)
            .sum::<usize>()
            + shell.len();
        let mut done = 0;
        let written = sink.put_with("print.html", size, &mut |w| {
            w.write_all(before.as_bytes())?;
            for b in indices[done..].chunks(batch) {
                before_batch(b);
                done += b.len();
                for &i in b {
                    let o = outs[i].as_ref().expect("rendered");
                    o.write_print(&book.chapters[i].id, w)?;
                    if release {
                        o.release();
                    }
                }
            }
            w.write_all(after.as_bytes())
        });
        // A write that failed part-way still owes the remaining batches their pages.
        indices[done..].chunks(batch).for_each(&mut *before_batch);
        written.map(|_| "print.html".into())
    }

    /// The generated MET pages, the landing page when no chapter is the index, and 404.
    /// Call once per Pager: the generated pages' HTML is moved into their pages.
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
                    .map(|b| ("index.html".into(), b.into_bytes())),
            );
        }
        for (g, html) in self.gen.pages.iter().zip(&self.gen_html) {
            let mut view = PageView::new("generated", &g.path, g.title.clone());
            view.description = g.description.clone();
            view.content = std::mem::take(&mut *html.lock().unwrap_or_else(|e| e.into_inner()));
            out.push(
                self.fill_content("chapter.html", view)
                    .map(|b| (g.path.clone(), b)),
            );
        }
        let mut not_found = PageView::new("404", "404.html", "Page not found".into());
        if let Some(md) = &book.not_found {
            let flags = super::chapter::markdown_flags(&book.config.output.html);
            pulldown_cmark::html::push_html(
                &mut not_found.content,
                crate::markdown::parser_with(md, flags),
            );
            if book.config.output.html.sanitize == Some(true) {
                not_found.content = super::sanitize::sanitize_html(&not_found.content);
            }
        }
        if let Some(url) = &book.config.output.html.site_url {
            // Served at any depth, so its links must not be relative.
            not_found.root = format!("{}/", url.trim_end_matches('/'));
        }
        out.push(
            self.fill("404.html", &not_found)
                .map(|b| ("404.html".into(), b.into_bytes())),
        );
        out
    }
}

/// The fingerprinted names of the assets under `folder` with extension `ext` that `keep`
/// keeps, in name order.
fn other_assets<'m>(
    assets: &'m std::collections::BTreeMap<String, String>,
    folder: &str,
    ext: &str,
    keep: impl Fn(&str) -> bool,
) -> Vec<&'m String> {
    (assets.iter())
        .filter(|(k, _)| k.starts_with(folder) && k.ends_with(ext) && keep(k))
        .map(|(_, v)| v)
        .collect()
}
