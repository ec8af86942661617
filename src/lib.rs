//! metbook: a static-site generator for Motivational Enhancement Therapy manuals.
//! The pipeline is load → model → resolve → render → emit; `check` runs all of it but
//! the writing, so it reports exactly what `build` would.

pub mod diagnostics;
pub mod emit;
pub mod init;
pub mod load;
pub mod markdown;
pub mod met;
pub mod model;
pub mod render;
pub mod resolve;
pub mod session;
pub mod text;
pub mod timing;
pub mod translations;

use std::path::{Path, PathBuf};
use std::time::Instant;

use diagnostics::Diagnostics;

pub struct BuildReport {
    pub diagnostics: Diagnostics,
    pub pages: usize,
    pub millis: u128,
    pub build_dir: PathBuf,
    /// The mdBook preprocessors that ran, in order.
    pub preprocessors: Vec<String>,
}

/// Everything a build knows after rendering, kept by `serve` for incremental rebuilds.
pub struct Compiled {
    pub book: model::Book,
    pub resolved: resolve::Resolved,
    pub prep: render::Prepared,
    /// Each chapter's HTML is kept only when compiled with `keep_html`.
    pub outs: model::PerChapter<Option<render::ChapterOut>>,
    /// Every site path handed to the sink.
    pub paths: Vec<String>,
}

impl Compiled {
    pub fn build_dir(&self) -> PathBuf {
        self.book.root.join(&self.book.config.build.build_dir)
    }
}

/// Runs every stage, handing the finished files to `sink` (none when the book has errors);
/// `keep_html` keeps each chapter's text, scan and HTML in the returned state, for
/// incremental rebuilds;
/// returns the state when the book could be rendered (it may still hold errors: look at
/// `diags`). A translated book's other editions go through the same stages after the
/// source's, each into its own folder of the site; the state returned is the source's.
pub fn compile_state(
    root: &Path,
    diags: &mut Diagnostics,
    sink: &dyn emit::Sink,
    keep_html: bool,
    cache: &load::cache::Cache,
) -> Option<Compiled> {
    let mut t = timing::Stages::from_env();
    // References are formatted on their own thread while chapters load and resolve.
    let src = load::config(root).ok().map(|c| root.join(&c.book.src));
    let (book, resolved) = std::thread::scope(|scope| {
        let refs = src.map(|src| scope.spawn(move || load::data::references(&src, cache)));
        let mut book = load::load(root, diags)?;
        if keep_html {
            // A serve session (the only caller that keeps the HTML) rebuilds pages one by
            // one; a service worker would keep serving the pages it cached instead.
            book.config.output.html.offline.enable = false;
        }
        t.mark("load");
        let resolved = resolve::resolve(&book, diags);
        t.mark("resolve");
        if let Some(Ok((r, ds))) = refs.map(|h| h.join()) {
            book.met.references = r;
            book.met.references_failed = !ds.is_empty();
            diags.extend(ds);
        }
        t.mark("references");
        Some((book, resolved))
    })?;
    let editions = load::translate::editions(&book, diags);
    t.mark("translations");
    // Problems found on lines a preprocessor wrote say so, whatever stage found them.
    let rewrites = book.rewrites.clone();
    let Some(mut compiled) = render_edition(book, resolved, diags, sink, keep_html, &mut t) else {
        load::preprocess::annotate(&rewrites, &mut diags.items);
        return None;
    };
    for edition in editions {
        let resolved = resolve::resolve(&edition, diags);
        let prefix = edition.edition.prefix.clone();
        let prefixed = render::Prefixed {
            inner: sink,
            prefix: &prefix,
        };
        if let Some(c) = render_edition(edition, resolved, diags, &prefixed, keep_html, &mut t) {
            compiled
                .paths
                .extend(c.paths.into_iter().map(|p| format!("{prefix}{p}")));
        }
    }
    if let Err(d) = emit::check_build_dir(root, &compiled.book.src, &compiled.build_dir()) {
        diags.push(d);
    }
    load::preprocess::annotate(&rewrites, &mut diags.items);
    Some(compiled)
}

/// Renders one edition of a resolved book into `sink`.
fn render_edition(
    mut book: model::Book,
    resolved: resolve::Resolved,
    diags: &mut Diagnostics,
    sink: &dyn emit::Sink,
    keep_html: bool,
    t: &mut timing::Stages,
) -> Option<Compiled> {
    let prep = render::prepare(&book, diags)?;
    t.mark("theme");
    let outs = render::render_chapters(&render::Inputs {
        book: &book,
        resolved: &resolved,
    });
    for o in outs.values().flatten() {
        diags.extend(o.rendered.diags.iter().cloned());
    }
    t.mark("markdown");
    if !keep_html {
        // Only rendering the chapters needed their text, links and raw blocks; a build
        // lets them go before the pages are filled, when its memory peaks.
        book.chapters
            .iter_mut()
            .for_each(model::Chapter::release_body);
    }
    // A book with errors is still rendered in full, to report every problem, but nothing
    // is handed to `sink`.
    let sink = if diags.has_errors() {
        &emit::Discard
    } else {
        sink
    };
    let inputs = render::Inputs {
        book: &book,
        resolved: &resolved,
    };
    let offline = inputs.book.config.output.html.offline.enable;
    let hashing = render::offline::Hashing::new(sink);
    let sink: &dyn emit::Sink = if offline { &hashing } else { sink };
    let mut paths = render::assemble(&inputs, &prep, &outs, diags, t, sink, !keep_html);
    if offline {
        paths.extend(render::offline::finish(
            &inputs, &prep, &hashing, &paths, diags,
        ));
    }
    Some(Compiled {
        book,
        resolved,
        prep,
        outs,
        paths,
    })
}

pub fn check(root: &Path) -> Diagnostics {
    let mut diags = Diagnostics::default();
    // `check` writes nothing, so it only reads the references cache.
    let cache = load::cache::Cache::from_env().read_only();
    compile_state(root, &mut diags, &emit::Discard, false, &cache);
    diags.finish(root);
    diags
}

/// Builds the book, streaming each page into a staging folder as it is rendered; the
/// previous site is replaced only when the whole build succeeded.
pub fn build(root: &Path) -> BuildReport {
    let start = Instant::now();
    let mut diags = Diagnostics::default();
    let mut pages = 0;
    let mut preprocessors = Vec::new();
    let config = load::config(root).ok();
    if let Some(c) = &config {
        diags.extend(load::create::missing_chapters(root, c));
    }
    let mut build_dir = config
        .as_ref()
        .map_or_else(|| root.join("book"), |c| root.join(&c.build.build_dir));
    // A book.toml that does not load, or an unsafe build dir, is reported by compile_state;
    // the book is still checked in full, but nothing is written.
    let staging = config
        .filter(|c| emit::check_build_dir(root, &root.join(&c.book.src), &build_dir).is_ok())
        .map(|_| emit::Staging::begin(&build_dir));
    let sink: &dyn emit::Sink = match &staging {
        Some(Ok(s)) => s,
        _ => &emit::Discard,
    };
    let compiled = compile_state(
        root,
        &mut diags,
        sink,
        false,
        &load::cache::Cache::from_env(),
    );
    if let Some(c) = &compiled {
        build_dir = c.build_dir();
        preprocessors.clone_from(&c.book.preprocessors);
    }
    match staging {
        Some(Err(d)) => diags.push(d),
        Some(Ok(s)) if !diags.has_errors() => {
            if let Some(c) = &compiled {
                pages = c.paths.iter().filter(|p| p.ends_with(".html")).count();
                let mut t = timing::Stages::from_env();
                match s.commit() {
                    Ok(()) => t.mark("write"),
                    Err(d) => diags.push(d),
                }
            }
        }
        // Dropped uncommitted: the staging folder is removed and the previous site stays.
        _ => {}
    }
    diags.finish(root);
    BuildReport {
        diagnostics: diags,
        pages,
        millis: start.elapsed().as_millis(),
        build_dir,
        preprocessors,
    }
}

/// Removes the build dir, and only a folder metbook made.
pub fn clean(root: &Path) -> Result<Option<PathBuf>, diagnostics::Diagnostic> {
    let config = load::config(root)?;
    let dir = root.join(&config.build.build_dir);
    if !dir.exists() {
        return Ok(None);
    }
    emit::check_build_dir(root, &root.join(&config.book.src), &dir)?;
    if !dir.join(emit::MARKER).exists() {
        return Err(diagnostics::Diagnostic::error(
            diagnostics::Kind::NotMetbookFolder,
            &dir,
            1,
            1,
            format!(
                "`{}` was not made by metbook, so clean leaves it alone",
                dir.display()
            ),
        )
        .help("delete it yourself if you are sure, or correct `[build] build-dir` in book.toml"));
    }
    std::fs::remove_dir_all(&dir).map_err(|e| {
        diagnostics::Diagnostic::error(
            diagnostics::Kind::Io,
            &dir,
            1,
            1,
            format!("could not remove the build folder: {e}"),
        )
        .help("check your permissions on the folder")
    })?;
    emit::remove_stale_staging(&dir);
    Ok(Some(dir))
}
