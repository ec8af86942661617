//! Stage 4: every page of the site rendered into memory — chapters in parallel, then the
//! generated MET pages, the index, print, 404 and sitemap — ready for the emit stage.

pub mod blocks;
pub mod chapter;
pub mod generated;
pub mod page;
pub mod search;
pub mod search_docs;
pub mod templates;
pub mod toc;

use std::collections::BTreeMap;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::met::blocks::Block;
use crate::model::Book;
use crate::resolve::links::relative;
use crate::resolve::Resolved;
use page::{GeneratedLink, Link, PageContext, PageView, SiteView};

/// The finished site: site path → bytes.
pub type Site = Vec<(String, Vec<u8>)>;

pub struct Inputs<'a> {
    pub book: &'a Book,
    pub resolved: &'a Resolved,
    pub blocks: &'a [Vec<Block>],
}

pub fn render(inp: &Inputs, diags: &mut Diagnostics) -> Option<Site> {
    let book = inp.book;
    let theme = match templates::load(&book.root, book.config.output.html.theme.as_deref()) {
        Ok(t) => t,
        Err(ds) => {
            diags.extend(ds);
            return None;
        }
    };
    let mut site: Site = Vec::new();
    let mut assets = BTreeMap::new();
    for (path, bytes) in &theme.assets {
        let name = fingerprint(path, bytes);
        assets.insert(path.clone(), name.clone());
        site.push((name, bytes.clone()));
    }
    let (extra_css, extra_js) = extra_files(book, &mut site, diags);
    let toc_bytes = toc::script(book);
    let toc_js = fingerprint("toc.js", &toc_bytes);
    site.push((toc_js.clone(), toc_bytes));

    // Chapters first: the generated pages list what the chapters use.
    let chapters: Vec<(usize, chapter::Rendered)> = book
        .pages()
        .map(|(i, _)| i)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|i| {
            let ch = &book.chapters[i];
            (i, chapter::render(&chapter::Ctx { book, resolved: inp.resolved, blocks: &inp.blocks[i], index: i, page: &ch.out_path, report: true }))
        })
        .collect();
    let gen = generated::Generated::collect(book, inp.blocks, &chapters);
    let mut cited: Vec<String> = chapters.iter().flat_map(|(_, r)| r.cites_used.iter().cloned()).collect();
    cited.sort();
    cited.dedup();
    let docs = search_docs::collect(book, inp.blocks, &chapters, &cited);
    let index = search::build(&docs, &book.config.book.language);
    for w in &index.warnings {
        diags.push(Diagnostic::warning(book.root.join("book.toml"), 1, 1, w.clone()).help("set `[book] language` to a language code such as \"en\" or \"es\""));
    }
    site.extend(index.files);
    let generated_links: Vec<GeneratedLink> = gen.pages.iter().map(|p| GeneratedLink { title: p.title.clone(), path: p.path.clone() }).collect();
    let book_view = page::book_view(book);
    let site_view = SiteView {
        book: book_view,
        default_theme: book.config.default_theme(),
        assets: &assets,
        toc_js: &toc_js,
        generated: &generated_links,
        extra_css: &extra_css,
        extra_js: &extra_js,
    };
    let contents_html = toc::contents_html(book, "index.html");
    let fill = |template: &str, view: &PageView, contents: &str| -> Result<Vec<u8>, Diagnostic> {
        let ctx = tera::Context::from_serialize(&PageContext { site: &site_view, page: view, contents_html: contents })
            .map_err(|e| templates::template_error(std::path::Path::new("themes/default/templates").join(template).as_path(), &e))?;
        theme.tera.render(template, &ctx).map(String::into_bytes).map_err(|e| templates::template_error(std::path::Path::new(&format!("templates/{template}")), &e))
    };

    let pages: Vec<Result<(String, Vec<u8>), Diagnostic>> = chapters
        .par_iter()
        .map(|(i, r)| {
            let ch = &book.chapters[*i];
            let is_index = ch.out_path == "index.html";
            let mut view = PageView::new(if is_index { "index" } else { "chapter" }, &ch.out_path, ch.title.clone());
            page::chapter_links(book, *i, &mut view);
            view.content = r.html.clone();
            view.backlinks = inp.resolved.backlinks[*i]
                .iter()
                .map(|&b| Link { title: book.chapters[b].title.clone(), url: relative(&ch.out_path, &book.chapters[b].out_path) })
                .chain(gen.backlinks_for(book, *i, &ch.out_path))
                .collect();
            let mut seen = std::collections::HashSet::new();
            view.backlinks.retain(|l| seen.insert(l.url.clone()));
            let (template, contents) = if is_index { ("index.html", contents_html.as_str()) } else { ("chapter.html", "") };
            fill(template, &view, contents).map(|b| (ch.out_path.clone(), b))
        })
        .collect();
    for p in pages {
        match p {
            Ok(f) => site.push(f),
            Err(d) => diags.push(d),
        }
    }
    for (_, r) in &chapters {
        diags.extend(r.diags.iter().cloned());
    }
    if !book.chapters.iter().any(|c| c.out_path == "index.html") {
        let mut view = PageView::new("index", "index.html", book.config.title().to_string());
        view.description = book.config.book.description.clone().unwrap_or_default();
        view.next = book.pages().next().map(|(_, c)| Link { title: c.title.clone(), url: c.out_path.clone() });
        push(&mut site, diags, "index.html", fill("index.html", &view, &contents_html));
    }
    for g in &gen.pages {
        let mut view = PageView::new("generated", &g.path, g.title.clone());
        view.description = g.description.clone();
        view.content = g.html.clone();
        push(&mut site, diags, &g.path, fill("chapter.html", &view, ""));
    }
    let mut print = PageView::new("print", "print.html", format!("{} (whole handbook)", book.config.title()));
    print.content = print_content(inp, diags);
    push(&mut site, diags, "print.html", fill("print.html", &print, ""));
    let mut not_found = PageView::new("404", "404.html", "Page not found".into());
    if let Some(url) = &book.config.output.html.site_url {
        // Served at any depth, so its links must not be relative.
        not_found.root = format!("{}/", url.trim_end_matches('/'));
    }
    push(&mut site, diags, "404.html", fill("404.html", &not_found, ""));
    if let Some(url) = &book.config.output.html.site_url {
        site.push(("sitemap.xml".into(), sitemap(url, &site).into_bytes()));
    }
    for f in &book.static_files {
        match std::fs::read(book.src.join(f)) {
            Ok(b) => site.push((f.clone(), b)),
            Err(e) => diags.push(crate::load::source::io_error(&book.src.join(f), &e)),
        }
    }
    Some(site)
}

fn push(site: &mut Site, diags: &mut Diagnostics, path: &str, r: Result<Vec<u8>, Diagnostic>) {
    match r {
        Ok(b) => site.push((path.to_string(), b)),
        Err(d) => diags.push(d),
    }
}

/// The whole handbook on one page; each chapter rendered again so its links are relative
/// to print.html.
fn print_content(inp: &Inputs, _diags: &mut Diagnostics) -> String {
    let book = inp.book;
    let parts: Vec<String> = book
        .pages()
        .map(|(i, _)| i)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|i| {
            let ch = &book.chapters[i];
            let r = chapter::render(&chapter::Ctx { book, resolved: inp.resolved, blocks: &inp.blocks[i], index: i, page: "print.html", report: false });
            format!("<section class=\"mb-print-chapter\" id=\"print-{}\">\n{}</section>\n", crate::markdown::escape(&ch.id), r.html)
        })
        .collect();
    parts.concat()
}

/// `css/metbook.css` → `css/metbook-1a2b3c4d.css`, so caches never serve stale files.
pub fn fingerprint(path: &str, bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let hex: String = hash.iter().take(4).map(|b| format!("{b:02x}")).collect();
    match path.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}-{hex}.{ext}"),
        None => format!("{path}-{hex}"),
    }
}

fn extra_files(book: &Book, site: &mut Site, diags: &mut Diagnostics) -> (Vec<String>, Vec<String>) {
    let html = &book.config.output.html;
    let mut copy = |list: &Vec<std::path::PathBuf>, key: &str| -> Vec<String> {
        let mut out = Vec::new();
        for p in list {
            let file = book.root.join(p);
            match std::fs::read(&file) {
                Ok(bytes) => {
                    let rel = p.to_string_lossy().replace('\\', "/").trim_start_matches("./").to_string();
                    let name = fingerprint(&format!("extra/{rel}"), &bytes);
                    site.push((name.clone(), bytes));
                    out.push(name);
                }
                Err(e) => diags.push(
                    Diagnostic::error(book.root.join("book.toml"), 1, 1, format!("{key} lists `{}`, which cannot be read ({e})", p.display()))
                        .help("paths in additional-css and additional-js are relative to the folder holding book.toml"),
                ),
            }
        }
        out
    };
    (copy(&html.additional_css, "additional-css"), copy(&html.additional_js, "additional-js"))
}

fn sitemap(url: &str, site: &Site) -> String {
    let base = url.trim_end_matches('/');
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (p, _) in site.iter().filter(|(p, _)| p.ends_with(".html") && p != "404.html") {
        s.push_str(&format!("  <url><loc>{}/{}</loc></url>\n", crate::markdown::escape(base), crate::markdown::escape(p)));
    }
    s.push_str("</urlset>\n");
    s
}
