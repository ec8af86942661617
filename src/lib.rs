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
pub use model::config::OutputFormat;

/// What `metbook build` did: its problems, what it wrote and how long it took.
pub struct BuildReport {
    /// Every problem found, errors and warnings.
    pub diagnostics: Diagnostics,
    /// HTML pages written (0 when the HTML was not built).
    pub pages: usize,
    /// The other files built (the EPUB), by site path.
    pub files: Vec<String>,
    /// Wall-clock time of the whole build, in milliseconds.
    pub millis: u128,
    /// The folder the site was written to.
    pub build_dir: PathBuf,
    /// The mdBook preprocessors that ran, in order.
    pub preprocessors: Vec<String>,
}

/// How `metbook build` was asked to run.
#[derive(Default, Clone)]
pub struct BuildOptions {
    /// Only these formats (`--output`); the build folder's other files are kept as they
    /// were. None: every format book.toml turns on.
    pub only: Option<Vec<OutputFormat>>,
}

/// What one compile writes.
#[derive(Clone)]
pub struct Mode {
    /// The formats to make; None: every format book.toml turns on.
    pub formats: Option<Vec<OutputFormat>>,
    /// Keep each chapter's text, scan and HTML in the returned state, for incremental
    /// rebuilds (serve).
    pub keep_html: bool,
    /// Files of other formats kept from the previous build, which pages may link to.
    pub kept: Vec<String>,
}

impl Mode {
    /// Everything book.toml turns on, as `check` and `build` make it.
    pub fn all() -> Mode {
        Mode {
            formats: None,
            keep_html: false,
            kept: Vec::new(),
        }
    }
}

/// Everything a build knows after rendering, kept by `serve` for incremental rebuilds.
pub struct Compiled {
    /// The loaded book.
    pub book: model::Book,
    /// Its ids, links and back-links, checked.
    pub resolved: resolve::Resolved,
    /// What every page shares: the compiled theme, assets and fixed files.
    pub prep: render::Prepared,
    /// Each chapter's HTML is kept only when compiled with `keep_html`.
    pub outs: model::PerChapter<Option<render::ChapterOut>>,
    /// Every HTML site path handed to the sink.
    pub paths: Vec<String>,
    /// The other formats' files handed to the sink (the EPUB).
    pub files: Vec<String>,
    /// The PDF's contents, when its print document was handed to the sink.
    pub pdf: Option<render::pdf::Plan>,
    /// The translated editions, each compiled into its own folder of the site (their
    /// paths and files are also in `paths` and `files`, with the folder).
    pub editions: Vec<Compiled>,
}

impl Compiled {
    /// The folder a build writes to: `[build] build-dir` under the book root.
    pub fn build_dir(&self) -> PathBuf {
        self.book.root.join(&self.book.config.build.build_dir)
    }
}

/// Runs every stage, handing the finished files of the formats `mode` asks for to `sink`
/// (none when the book has errors); returns the state when the book could be rendered (it
/// may still hold errors: look at `diags`). A translated book's other editions go through
/// the same stages after the source's, each into its own folder of the site.
pub fn compile_state(
    root: &Path,
    diags: &mut Diagnostics,
    sink: &dyn emit::Sink,
    mode: &Mode,
    cache: &load::cache::Cache,
) -> Option<Compiled> {
    let mut t = timing::Stages::from_env();
    // References are formatted on their own thread while chapters load and resolve.
    let src = load::config(root).ok().map(|c| root.join(&c.book.src));
    let (book, resolved) = std::thread::scope(|scope| {
        let refs = src.map(|src| scope.spawn(move || load::data::references(&src, cache)));
        let mut book = load::load(root, diags)?;
        if mode.keep_html {
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
    let Some(mut compiled) = render_edition(book, resolved, diags, sink, mode, &mut t) else {
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
        if let Some(c) = render_edition(edition, resolved, diags, &prefixed, mode, &mut t) {
            let with = |p: &String| format!("{prefix}{p}");
            compiled.paths.extend(c.paths.iter().map(with));
            compiled.files.extend(c.files.iter().map(with));
            compiled.editions.push(c);
        }
    }
    if let Err(d) = emit::check_build_dir(root, &compiled.book.src, &compiled.build_dir()) {
        diags.push(d);
    }
    load::preprocess::annotate(&rewrites, &mut diags.items);
    Some(compiled)
}

/// Renders one edition of a resolved book, in the formats `mode` asks for, into `sink`.
fn render_edition(
    mut book: model::Book,
    resolved: resolve::Resolved,
    diags: &mut Diagnostics,
    sink: &dyn emit::Sink,
    mode: &Mode,
    t: &mut timing::Stages,
) -> Option<Compiled> {
    let keep_html = mode.keep_html;
    let formats = mode
        .formats
        .clone()
        .unwrap_or_else(|| book.config.formats());
    let mut prep = render::prepare(&book, diags)?;
    // Files kept from the previous build, as this edition's folder names them.
    let kept: Vec<String> = mode
        .kept
        .iter()
        .filter_map(|k| k.strip_prefix(book.edition.prefix.as_str()))
        .map(String::from)
        .collect();
    prep.downloads = downloads(&book.config, &formats, &kept);
    t.mark("theme");
    let outs = render::render_chapters(&render::Inputs {
        book: &book,
        resolved: &resolved,
    });
    for o in outs.values().flatten() {
        diags.extend(o.rendered.diags.iter().cloned());
    }
    t.mark("markdown");
    // Made before the chapters' Markdown is let go: what the EPUB leaves out is
    // located in it.
    let epub = formats
        .contains(&OutputFormat::Epub)
        .then(|| epub_file(&book, &resolved, &outs, diags));
    t.mark("epub");
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
    let mut paths = Vec::new();
    // The PDF's print document is made from the chapters' HTML after the pages.
    let pdf = formats.contains(&OutputFormat::Pdf) && !keep_html;
    if formats.contains(&OutputFormat::Html) {
        let offline = inputs.book.config.output.html.offline.enable;
        let hashing = render::offline::Hashing::new(sink);
        let sink: &dyn emit::Sink = if offline { &hashing } else { sink };
        let release = !keep_html && !pdf;
        paths = render::assemble(&inputs, &prep, &outs, diags, t, sink, release);
        if offline {
            paths.extend(render::offline::finish(
                &inputs, &prep, &hashing, &paths, diags,
            ));
        }
    }
    let mut files = Vec::new();
    if let Some(bytes) = epub.flatten() {
        let name = book.config.epub_filename();
        if paths.contains(&name) {
            diags.push(name_taken(&book, &name));
        } else {
            match sink.put(&name, bytes) {
                Ok(()) => files.push(name),
                Err(d) => diags.push(d),
            }
        }
    }
    let pdf = pdf
        .then(|| {
            let plan = pdf_document(&inputs, &prep, &outs, sink, diags);
            t.mark("pdf document");
            plan
        })
        .flatten();
    Some(Compiled {
        book,
        resolved,
        prep,
        outs,
        paths,
        files,
        pdf,
        editions: Vec::new(),
    })
}

/// Hands the PDF's print document to `sink`; returns its contents.
fn pdf_document(
    inputs: &render::Inputs,
    prep: &render::Prepared,
    outs: &model::PerChapter<Option<render::ChapterOut>>,
    sink: &dyn emit::Sink,
    diags: &mut Diagnostics,
) -> Option<render::pdf::Plan> {
    match render::pdf::document(inputs, prep, outs) {
        Ok(doc) => {
            for (p, b) in doc.files {
                if let Err(d) = sink.put(&p, b) {
                    diags.push(d);
                }
            }
            Some(doc.plan)
        }
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// The EPUB's bytes, None when the container could not be made (reported).
fn epub_file(
    book: &model::Book,
    resolved: &resolve::Resolved,
    outs: &model::PerChapter<Option<render::ChapterOut>>,
    diags: &mut Diagnostics,
) -> Option<Vec<u8>> {
    let (publication, ds) = render::epub::publication(&render::Inputs { book, resolved }, outs);
    diags.extend(ds);
    match emit::epub::package(&publication) {
        Ok(bytes) => Some(bytes),
        Err(e) => {
            diags.push(
                diagnostics::Diagnostic::error(
                    diagnostics::Kind::Io,
                    book.root.join("book.toml"),
                    1,
                    1,
                    format!("could not make the EPUB's zip container: {e}"),
                )
                .help("this is a bug in metbook; please report it with the book"),
            );
            None
        }
    }
}

/// The EPUB would overwrite a file of the site (a static file of the same name).
fn name_taken(book: &model::Book, name: &str) -> diagnostics::Diagnostic {
    diagnostics::Diagnostic::error(
        diagnostics::Kind::OutputFormat,
        book.root.join("book.toml"),
        1,
        1,
        format!("the EPUB's file name `{name}` is also a file of the HTML site"),
    )
    .help("set another name with `filename = \"…\"` under [output.epub] in book.toml")
}

/// The other formats' files the HTML pages offer for download: those made now, and those
/// kept from the previous build, of the formats book.toml turns on.
fn downloads(
    config: &model::Config,
    formats: &[OutputFormat],
    kept: &[String],
) -> Vec<render::page::Download> {
    config
        .formats()
        .into_iter()
        .filter_map(|f| Some((f, config.output_file(f)?)))
        .filter(|(f, file)| formats.contains(f) || kept.contains(file))
        .map(|(f, file)| render::page::Download {
            format: f.label(),
            mime: f.mime(),
            path: file,
        })
        .collect()
}

/// Loads, resolves and renders the book at `root` without writing anything; the problems found.
pub fn check(root: &Path) -> Diagnostics {
    let mut diags = Diagnostics::default();
    // `check` writes nothing, so it only reads the references cache.
    let cache = load::cache::Cache::from_env().read_only();
    compile_state(root, &mut diags, &emit::Discard, &Mode::all(), &cache);
    diags.finish(root);
    diags
}

/// Builds the book, streaming each page into a staging folder as it is rendered; the
/// previous site is replaced only when the whole build succeeded.
pub fn build(root: &Path) -> BuildReport {
    build_with(root, &BuildOptions::default())
}

/// [`build`], of only the formats `options` names: the staging folder then starts with
/// the previous build's files of the other formats (hard-linked, so they stay
/// byte-for-byte and keep their modification times), and the swap stays atomic.
pub fn build_with(root: &Path, options: &BuildOptions) -> BuildReport {
    let start = Instant::now();
    let mut diags = Diagnostics::default();
    let mut report = BuildReport {
        diagnostics: Diagnostics::default(),
        pages: 0,
        files: Vec::new(),
        millis: 0,
        build_dir: root.join("book"),
        preprocessors: Vec::new(),
    };
    let config = load::config(root).ok();
    if let Some(c) = &config {
        diags.extend(load::create::missing_chapters(root, c));
        report.build_dir = root.join(&c.build.build_dir);
    }
    let mut formats = options
        .only
        .clone()
        .or_else(|| config.as_ref().map(|c| c.formats()))
        .unwrap_or_default();
    let engine = match (&config, formats.contains(&OutputFormat::Pdf)) {
        (Some(c), true) => pdf_engine(root, c, options.only.is_some(), &mut diags),
        _ => None,
    };
    if engine.is_none() {
        formats.retain(|&f| f != OutputFormat::Pdf);
    }
    // A book.toml that does not load, or an unsafe build dir, is reported by compile_state;
    // the book is still checked in full, but nothing is written.
    let staging = config
        .as_ref()
        .filter(|c| emit::check_build_dir(root, &root.join(&c.book.src), &report.build_dir).is_ok())
        .map(|c| begin_staging(c, &formats, options, &report.build_dir));
    let sink: &dyn emit::Sink = match &staging {
        Some(Ok(s)) => s,
        _ => &emit::Discard,
    };
    let mode = Mode {
        formats: Some(formats.clone()),
        keep_html: false,
        kept: match &staging {
            Some(Ok(s)) => s.carried().to_vec(),
            _ => Vec::new(),
        },
    };
    let compiled = compile_state(
        root,
        &mut diags,
        sink,
        &mode,
        &load::cache::Cache::from_env(),
    );
    if let Some(c) = &compiled {
        report.build_dir = c.build_dir();
        report.preprocessors.clone_from(&c.book.preprocessors);
    }
    match (staging, &compiled) {
        (Some(Err(d)), _) => diags.push(d),
        (Some(Ok(s)), Some(c)) if !diags.has_errors() => {
            report.pages = c.paths.iter().filter(|p| p.ends_with(".html")).count();
            report.files = c.files.clone();
            finish(s, c, engine.as_deref(), &mut report, &mut diags);
        }
        // Dropped uncommitted: the staging folder is removed and the previous site stays.
        _ => {}
    }
    diags.finish(root);
    report.diagnostics = diags;
    report.millis = start.elapsed().as_millis();
    report
}

/// Where a build's files go: what of the previous build it keeps depends on the formats
/// being built.
fn begin_staging(
    c: &model::Config,
    formats: &[OutputFormat],
    options: &BuildOptions,
    build_dir: &Path,
) -> Result<emit::Staging, diagnostics::Diagnostic> {
    // A partial build keeps the files no format being built owns.
    let carry = |p: &str| !formats.contains(&c.owner_of(p));
    let keep = match &options.only {
        // The PDF is printed from the whole site in the staging folder.
        None if formats.contains(&OutputFormat::Pdf) => emit::Keep::Nothing,
        None => emit::Keep::Unchanged,
        Some(_) if formats.contains(&OutputFormat::Html) => emit::Keep::Carry(&carry),
        Some(_) => emit::Keep::AllElse,
    };
    emit::Staging::begin(build_dir, keep)
}

/// Prints the PDFs (one per language) and, when nothing failed, commits the build.
fn finish(
    s: emit::Staging,
    c: &Compiled,
    engine: Option<&Path>,
    report: &mut BuildReport,
    diags: &mut Diagnostics,
) {
    if let Some(exe) = engine {
        let mut t = timing::Stages::from_env();
        for e in std::iter::once(c).chain(&c.editions) {
            let Some(plan) = &e.pdf else { continue };
            match print_pdf(&s, e, plan, exe) {
                Ok(name) => report.files.push(name),
                Err(d) => diags.push(d),
            }
        }
        t.mark("pdf");
    }
    let mut t = timing::Stages::from_env();
    // A failed PDF leaves the previous build as it was, like any failed page.
    if !diags.has_errors() {
        match s.commit() {
            Ok(()) => t.mark("write"),
            Err(d) => diags.push(d),
        }
    }
}

/// The Chromium to print the PDF with; when there is none, a warning (an error when
/// `--output` asked for the PDF) that says how to install it, and the PDF is left out.
fn pdf_engine(
    root: &Path,
    config: &model::Config,
    asked_for: bool,
    diags: &mut Diagnostics,
) -> Option<PathBuf> {
    let pdf = config.output.pdf.clone().unwrap_or_default();
    match emit::pdf::find(pdf.chromium.as_deref(), root) {
        Ok(exe) => Some(exe),
        Err(asked) => {
            let at = match asked {
                emit::pdf::Asked::Config(_) => pdf.chromium_at.unwrap_or(pdf.at),
                _ => pdf.at,
            };
            let mut d = emit::pdf::missing(&root.join("book.toml"), at, &asked);
            if asked_for {
                d.severity = diagnostics::Severity::Error;
            }
            diags.push(d);
            None
        }
    }
}

/// Prints the PDF from the print document in the staging folder and puts it beside the
/// site; returns its site path. The working files are removed either way.
fn print_pdf(
    s: &emit::Staging,
    c: &Compiled,
    plan: &render::pdf::Plan,
    exe: &Path,
) -> Result<String, diagnostics::Diagnostic> {
    use emit::Sink;
    let prefix = &c.book.edition.prefix;
    let dir = s.dir().join(prefix);
    let made = emit::pdf::make(&dir, &c.book, plan, exe);
    emit::pdf::clean(&dir);
    let name = c
        .book
        .config
        .output_file(OutputFormat::Pdf)
        .unwrap_or_else(|| "book.pdf".into());
    if c.paths.contains(&name) {
        return Err(diagnostics::Diagnostic::error(
            diagnostics::Kind::OutputFormat,
            c.book.root.join("book.toml"),
            1,
            1,
            format!("the PDF's file name `{name}` is also a file of the HTML site"),
        )
        .help("rename that file in the source folder; the PDF is named after the book's title"));
    }
    let name = format!("{prefix}{name}");
    s.put(&name, made?)?;
    Ok(name)
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

#[cfg(test)]
mod tests {
    /// The EPUB's strict HTML reader (render::epub) on the bundled handbook, which only
    /// this orchestrator may load.
    #[test]
    fn the_strict_reader_reads_the_bundled_handbook_as_html5ever_does() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut diags = super::Diagnostics::default();
        let book = super::load::load(root, &mut diags).expect("the bundled handbook loads");
        let resolved = super::resolve::resolve(&book, &mut diags);
        let inp = super::render::Inputs {
            book: &book,
            resolved: &resolved,
        };
        let outs = super::render::render_chapters(&inp);
        let strict = super::render::epub::tests::strict_reader_agrees(&inp, &outs);
        assert!(strict >= 20, "{strict} chapters read strictly");
    }
}
