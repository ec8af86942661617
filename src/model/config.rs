//! book.toml, typed. Keys overlap mdBook's where they mean the same thing, so an mdBook
//! book.toml loads unchanged. Unknown keys are caught before serde runs, by the schema walk
//! in `load::config` (which reports all of them at once and accepts mdBook-only keys with a
//! warning), so these types do not deny unknown fields themselves.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

/// book.toml, typed: the keys metbook honours.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub struct Config {
    /// `[book]`.
    #[serde(default)]
    pub book: BookConfig,
    /// `[build]`.
    #[serde(default)]
    pub build: BuildConfig,
    /// `[output.*]`.
    #[serde(default)]
    pub output: OutputConfig,
    /// Every `[preprocessor.NAME]` table, in book.toml order (mdBook's `links` and
    /// `index` included: their `before`/`after` take part in the order).
    #[serde(skip)]
    pub preprocessors: Vec<PreprocessorTable>,
    /// book.toml as JSON, as mdBook 0.5 would hand it to a preprocessor (only keys mdBook
    /// knows, and each preprocessor's own options); `None` when no preprocessor is to run.
    #[serde(skip)]
    pub mdbook_json: Option<serde_json::Value>,
    /// `[languages.<code>]`: the translations of the book, by language code.
    #[serde(default)]
    pub languages: BTreeMap<String, LanguageConfig>,
}

/// A `[preprocessor.NAME]` table: an mdBook preprocessor, run by mdBook's protocol.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PreprocessorTable {
    /// NAME, from the table's header.
    pub name: String,
    /// `command` as written; `None` means `mdbook-NAME`.
    pub command: Option<String>,
    /// Run only for these renderers (without asking the command); `None`: ask it.
    pub renderers: Option<Vec<String>>,
    /// Preprocessors this one must run before, and after.
    pub before: Vec<String>,
    /// Preprocessors this one must run after.
    pub after: Vec<String>,
    /// A missing command is a warning instead of an error.
    pub optional: bool,
    /// Where the table's name is in book.toml (line, column).
    pub at: (usize, usize),
}

impl PreprocessorTable {
    /// mdBook's built-in `links` (includes) and `index` (README → index), which metbook
    /// does itself while it reads the chapters.
    pub fn is_builtin(&self) -> bool {
        is_builtin_preprocessor(&self.name)
    }

    /// The command to run: `command` as written, else `mdbook-NAME`.
    pub fn command(&self) -> String {
        self.command
            .clone()
            .unwrap_or_else(|| format!("mdbook-{}", self.name))
    }
}

/// Whether `name` is one of mdBook's built-ins that metbook does itself (`links`, `index`).
pub fn is_builtin_preprocessor(name: &str) -> bool {
    matches!(name, "links" | "index")
}

/// One translation of the book (`[languages.es]`). The source language (`[book]
/// language`) stays authoritative: chapters, ids and citations are shared, and a chapter
/// without a translation shows the source text, marked.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub struct LanguageConfig {
    /// The language's own name for the switcher ("Español"); a built-in name otherwise.
    pub name: Option<String>,
    /// The book's title in this language; the source title when unset.
    pub title: Option<String>,
    /// The book's description in this language; the source one when unset.
    pub description: Option<String>,
    /// The folder of translated files, relative to the book root (default
    /// `<src>/translations/<code>`), mirroring the source folder.
    pub src: Option<PathBuf>,
}

/// `[book]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct BookConfig {
    /// The book's title; "Untitled manual" when unset.
    #[serde(default)]
    pub title: Option<String>,
    /// The authors, as they are credited.
    #[serde(default)]
    pub authors: Vec<String>,
    /// A one-paragraph description: the home page's meta description and the EPUB's.
    #[serde(default)]
    pub description: Option<String>,
    /// The source language's code (`en` by default).
    #[serde(default = "default_language")]
    pub language: String,
    /// The source folder, relative to the book root (`src` by default).
    #[serde(default = "default_src")]
    pub src: PathBuf,
}

impl Default for BookConfig {
    fn default() -> Self {
        BookConfig {
            title: None,
            authors: Vec::new(),
            description: None,
            language: default_language(),
            src: default_src(),
        }
    }
}

/// `[build]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct BuildConfig {
    /// Where the site is written, relative to the book root (`book` by default).
    #[serde(default = "default_build_dir")]
    pub build_dir: PathBuf,
    /// mdBook's option. Unset, a missing chapter file is an error (a typo in SUMMARY.md
    /// must not publish an empty chapter); `true` makes `build` create it, as mdBook does.
    #[serde(default)]
    pub create_missing: Option<bool>,
    /// More folders `serve` watches, relative to the book root (mdBook's key).
    #[serde(default)]
    pub extra_watch_dirs: Vec<PathBuf>,
    /// The folder includes may reach into, relative to the book root. Unset, it is the
    /// nearest enclosing version-control root (a folder holding `.git`), else the book.
    pub project_root: Option<PathBuf>,
    /// Seconds a preprocessor may take before it is stopped (metbook's own key).
    pub preprocessor_timeout: Option<u64>,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            build_dir: default_build_dir(),
            create_missing: None,
            extra_watch_dirs: Vec::new(),
            project_root: None,
            preprocessor_timeout: None,
        }
    }
}

/// `[output]`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub struct OutputConfig {
    /// `[output.html]`.
    #[serde(default)]
    pub html: HtmlConfig,
    /// `[output.pdf]`: the paginated edition; present means on, as in mdBook.
    pub pdf: Option<PdfConfig>,
    /// `[output.epub]`: its presence turns the EPUB edition on, as a table names an mdBook
    /// renderer.
    pub epub: Option<EpubConfig>,
}

/// `[output.epub]`. The keys mdbook-epub shares (`cover-image`, `additional-css`,
/// `use-default-css`) mean the same here.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub struct EpubConfig {
    /// The file's name in the build folder (default: the title's slug, `.epub`).
    pub filename: Option<String>,
    /// `dc:identifier`, such as an ISBN URN; unset, a `urn:uuid:` derived from the title
    /// and authors, so every build of the same book has the same one.
    pub identifier: Option<String>,
    /// A PNG or JPEG in the source folder, shown by readers as the book's cover.
    pub cover_image: Option<PathBuf>,
    /// More stylesheets for the EPUB, relative to the book root.
    #[serde(default)]
    pub additional_css: Vec<PathBuf>,
    /// `false` leaves the theme's EPUB stylesheet out (only `additional-css` is used).
    pub use_default_css: Option<bool>,
}

/// The formats `metbook build` can write. HTML is always on; the others when book.toml
/// has their `[output.<name>]` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OutputFormat {
    /// The website: always built.
    Html,
    /// An EPUB 3 file.
    Epub,
    /// A paginated PDF, printed by Chromium.
    Pdf,
}

impl OutputFormat {
    /// Its name in book.toml and on the command line (`epub`).
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Html => "html",
            OutputFormat::Epub => "epub",
            OutputFormat::Pdf => "pdf",
        }
    }

    /// Its media type.
    pub fn mime(self) -> &'static str {
        match self {
            OutputFormat::Html => "text/html",
            OutputFormat::Epub => "application/epub+zip",
            OutputFormat::Pdf => "application/pdf",
        }
    }

    /// As readers see it: `EPUB`.
    pub fn label(self) -> &'static str {
        match self {
            OutputFormat::Html => "HTML",
            OutputFormat::Epub => "EPUB",
            OutputFormat::Pdf => "PDF",
        }
    }
}

/// `[output.html]`: mdBook's keys, and metbook's own.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub struct HtmlConfig {
    /// A theme folder (relative to the book root) whose files override the default theme's.
    pub theme: Option<PathBuf>,
    /// mdBook's colour theme name; mapped onto light, dark or auto (the default).
    pub default_theme: Option<String>,
    /// The site's public address: absolute links for 404.html, and a sitemap.
    pub site_url: Option<String>,
    /// More stylesheets for every page, relative to the book root.
    #[serde(default)]
    pub additional_css: Vec<PathBuf>,
    /// More scripts for every page, relative to the book root.
    #[serde(default)]
    pub additional_js: Vec<PathBuf>,
    /// A source repository, linked from every page's footer.
    pub git_repository_url: Option<String>,
    /// A page's "Suggest an edit" link, with `{path}` standing for its source file.
    pub edit_url_template: Option<String>,
    /// Clean raw HTML in chapters with ammonia (scripts, event handlers and `javascript:`
    /// URLs are removed). Off by default: authors are trusted.
    pub sanitize: Option<bool>,
    /// mdBook's `[output.html.print]`: the whole handbook on one page.
    #[serde(default)]
    pub print: PrintConfig,
    /// `[output.html.offline]`: installable, readable offline once visited.
    #[serde(default)]
    pub offline: OfflineConfig,
    /// Hide chapter numbers in the sidebar.
    pub no_section_label: Option<bool>,
    /// Curly quotes and dashes (mdBook's default: on).
    pub smart_punctuation: Option<bool>,
    /// `Term` / `: definition` lists (mdBook's default: on).
    pub definition_lists: Option<bool>,
    /// `> [!NOTE]` callouts (mdBook's default: on).
    pub admonitions: Option<bool>,
    /// The "On this page" list of the chapter's headings (mdBook's default: on).
    pub sidebar_header_nav: Option<bool>,
    /// A Markdown file in the source folder whose text fills 404.html (default `404.md`).
    pub input_404: Option<String>,
    /// Written to a `CNAME` file at the site root (GitHub Pages' custom domain).
    pub cname: Option<String>,
    /// Old page path (from the site root) → where it moved.
    #[serde(default)]
    pub redirect: BTreeMap<String, String>,
    /// Where each redirect's key is in book.toml (line, column), to locate problems.
    #[serde(skip)]
    pub redirect_at: BTreeMap<String, (usize, usize)>,
    /// `[output.html.search]`.
    #[serde(default)]
    pub search: SearchConfig,
    /// `[output.html.code]`.
    #[serde(default)]
    pub code: CodeConfig,
}

/// The `[output.html.search]` keys that map onto metbook's search.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub struct SearchConfig {
    /// Results shown before "Show more results".
    pub limit_results: Option<u32>,
    /// Weight of a match in a section's heading against one in its text.
    pub boost_title: Option<u32>,
    /// Headings of this level or higher start a new search result (mdBook's default 3).
    pub heading_split_level: Option<u8>,
}

/// `[output.html.code]`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub struct CodeConfig {
    /// Language → line prefix hidden in its code blocks (`python = "~"`).
    #[serde(default)]
    pub hidelines: BTreeMap<String, String>,
}

/// `[output.html.offline]`: a web app manifest and a service worker that keeps this build's
/// files for offline reading. Off by default: a service worker outlives the page and the
/// host must serve the site over https (or from localhost) for it to run.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OfflineConfig {
    /// Writes the manifest and the service worker.
    #[serde(default)]
    pub enable: bool,
}

/// `[output.html.print]`, with mdBook's keys and defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct PrintConfig {
    /// Write print.html. A manual of thousands of chapters may not want one page holding
    /// all of them; every page prints on its own regardless.
    #[serde(default = "yes")]
    pub enable: bool,
    /// Start each top-level chapter on a new sheet.
    #[serde(default = "yes")]
    pub page_break: bool,
}

impl Default for PrintConfig {
    fn default() -> Self {
        PrintConfig {
            enable: true,
            page_break: true,
        }
    }
}

/// `[output.pdf]`. The table being there turns the PDF on (an mdBook book names a
/// renderer by its table); `enable = false` turns it off again.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct PdfConfig {
    /// `false` turns the PDF off though the table is there.
    #[serde(default = "yes")]
    pub enable: bool,
    /// The Chromium (or Chrome) to print with: a path, or a command looked up on `PATH`.
    /// mdbook-pdf calls it `browser-binary-path`.
    #[serde(alias = "browser-binary-path")]
    pub chromium: Option<PathBuf>,
    /// Seconds one Chromium run may take before it is stopped.
    pub timeout: Option<u64>,
    /// `a4` (the default) or `letter`.
    pub paper: Option<String>,
    /// Where `[output.pdf]` (line, column) and its `chromium` key are in book.toml, to
    /// locate problems with the engine.
    #[serde(skip)]
    pub at: (usize, usize),
    /// Where the `chromium` key is in book.toml (line, column), when given.
    #[serde(skip)]
    pub chromium_at: Option<(usize, usize)>,
}

impl Default for PdfConfig {
    fn default() -> Self {
        PdfConfig {
            enable: true,
            chromium: None,
            timeout: None,
            paper: None,
            at: (1, 1),
            chromium_at: None,
        }
    }
}

fn yes() -> bool {
    true
}

fn default_language() -> String {
    "en".into()
}
fn default_src() -> PathBuf {
    "src".into()
}
fn default_build_dir() -> PathBuf {
    "book".into()
}

impl Config {
    /// Whether book.toml names preprocessors to run (besides mdBook's built-in two).
    pub fn has_preprocessors(&self) -> bool {
        self.mdbook_json.is_some()
    }

    /// The book's title, or "Untitled manual" when book.toml gives none.
    pub fn title(&self) -> &str {
        self.book.title.as_deref().unwrap_or("Untitled manual")
    }

    /// The formats book.toml turns on, HTML first.
    pub fn formats(&self) -> Vec<OutputFormat> {
        let mut f = vec![OutputFormat::Html];
        if self.output.epub.is_some() {
            f.push(OutputFormat::Epub);
        }
        if self.output.pdf.as_ref().is_some_and(|p| p.enable) {
            f.push(OutputFormat::Pdf);
        }
        f
    }

    /// The EPUB's file name in the build folder (also when `--output epub` builds one for
    /// a book.toml without `[output.epub]`).
    pub fn epub_filename(&self) -> String {
        match self.output.epub.as_ref().and_then(|e| e.filename.clone()) {
            Some(f) => f,
            None => format!("{}.epub", self.file_stem()),
        }
    }

    /// The one file `format` makes in the build folder (None for HTML, which makes the
    /// site).
    pub fn output_file(&self, format: OutputFormat) -> Option<String> {
        match format {
            OutputFormat::Html => None,
            OutputFormat::Epub => Some(self.epub_filename()),
            OutputFormat::Pdf => Some(format!("{}.pdf", self.file_stem())),
        }
    }

    /// Which format makes the build folder's file at site path `path`: a partial build
    /// (`--output`) keeps the previous build's files of the formats it does not make.
    pub fn owner_of(&self, path: &str) -> OutputFormat {
        // A translated edition's files sit in its folder, named after its own title.
        let (config, name) = match path.split_once('/') {
            Some((code, name)) if self.languages.contains_key(code) => {
                let mut c = self.clone();
                c.book.title = self.languages[code].title.clone().or(c.book.title);
                (std::borrow::Cow::Owned(c), name)
            }
            _ => (std::borrow::Cow::Borrowed(self), path),
        };
        [OutputFormat::Epub, OutputFormat::Pdf]
            .into_iter()
            .find(|&f| config.output_file(f).as_deref() == Some(name))
            .unwrap_or(OutputFormat::Html)
    }

    /// The title as a file name: ASCII letters and digits kept (lowercased, accents
    /// dropped), every run of anything else one `-`: `Motivational Enhancement Therapy` →
    /// `motivational-enhancement-therapy`.
    pub fn file_stem(&self) -> String {
        use unicode_normalization::UnicodeNormalization;
        let mut out = String::new();
        // Accents dropped ("formación" → "formacion"): a file name that every host, shell
        // and download keeps as it is.
        let folded = self
            .title()
            .nfd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .collect::<String>();
        for c in folded.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.ends_with('-') {
                out.push('-');
            }
        }
        match out.trim_matches('-') {
            "" => "book".into(),
            s => s.to_string(),
        }
    }

    /// `light`, `dark` or `auto`; mdBook's theme names map onto the nearest of them.
    pub fn default_theme(&self) -> &str {
        match self.output.html.default_theme.as_deref() {
            Some("light" | "rust") => "light",
            Some("dark" | "navy" | "coal" | "ayu") => "dark",
            _ => "auto",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_edition_owns_its_own_files() {
        let mut c = Config::default();
        c.book.title = Some("MET handbook".into());
        c.output.epub = Some(Default::default());
        c.languages.insert(
            "es".into(),
            LanguageConfig {
                title: Some("Manual de formación".into()),
                ..Default::default()
            },
        );
        assert_eq!(c.owner_of("met-handbook.epub"), OutputFormat::Epub);
        assert_eq!(
            c.owner_of("es/manual-de-formacion.epub"),
            OutputFormat::Epub
        );
        assert_eq!(c.owner_of("es/manual-de-formacion.pdf"), OutputFormat::Pdf);
        assert_eq!(c.owner_of("es/met-handbook.epub"), OutputFormat::Html);
        assert_eq!(c.owner_of("es/index.html"), OutputFormat::Html);
    }
}
