//! book.toml, typed. Keys overlap mdBook's where they mean the same thing, so an mdBook
//! book.toml loads unchanged. Unknown keys are caught before serde runs, by the schema walk
//! in `load::config` (which reports all of them at once and accepts mdBook-only keys with a
//! warning), so these types do not deny unknown fields themselves.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub struct Config {
    #[serde(default)]
    pub book: BookConfig,
    #[serde(default)]
    pub build: BuildConfig,
    #[serde(default)]
    pub output: OutputConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct BookConfig {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default = "default_language")]
    pub language: String,
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

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct BuildConfig {
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
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            build_dir: default_build_dir(),
            create_missing: None,
            extra_watch_dirs: Vec::new(),
            project_root: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub struct OutputConfig {
    #[serde(default)]
    pub html: HtmlConfig,
    /// `[output.pdf]`: the paginated edition; present means on, as in mdBook.
    pub pdf: Option<PdfConfig>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub struct HtmlConfig {
    /// A theme folder (relative to the book root) whose files override the default theme's.
    pub theme: Option<PathBuf>,
    pub default_theme: Option<String>,
    pub site_url: Option<String>,
    #[serde(default)]
    pub additional_css: Vec<PathBuf>,
    #[serde(default)]
    pub additional_js: Vec<PathBuf>,
    pub git_repository_url: Option<String>,
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
    #[serde(default)]
    pub search: SearchConfig,
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
    pub fn title(&self) -> &str {
        self.book.title.as_deref().unwrap_or("Untitled manual")
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
