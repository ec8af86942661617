//! book.toml, typed. Keys overlap mdBook's where they mean the same thing, so an mdBook
//! book.toml loads unchanged; anything unknown is an error naming the key and its line.

use std::path::PathBuf;

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    #[serde(default)]
    pub book: BookConfig,
    #[serde(default)]
    pub build: BuildConfig,
    #[serde(default)]
    pub output: OutputConfig,
    /// mdBook's `[rust]` table (edition for playground code); accepted so mdBook books load.
    #[serde(default)]
    pub rust: Option<toml::Table>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
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
    /// mdBook's legacy flag; metbook builds one language per book.
    #[serde(default)]
    pub multilingual: Option<bool>,
}

impl Default for BookConfig {
    fn default() -> Self {
        BookConfig {
            title: None,
            authors: Vec::new(),
            description: None,
            language: default_language(),
            src: default_src(),
            multilingual: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BuildConfig {
    #[serde(default = "default_build_dir")]
    pub build_dir: PathBuf,
    /// mdBook's option; metbook never creates missing chapter files, so only `false` is accepted.
    #[serde(default)]
    pub create_missing: Option<bool>,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            build_dir: default_build_dir(),
            create_missing: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OutputConfig {
    #[serde(default)]
    pub html: HtmlConfig,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
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
    // mdBook keys that change only mdBook's own theme; accepted so existing books build.
    pub preferred_dark_theme: Option<String>,
    pub git_repository_icon: Option<String>,
    pub mathjax_support: Option<bool>,
    pub no_section_label: Option<bool>,
    pub smart_punctuation: Option<bool>,
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
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
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

    pub fn default_theme(&self) -> &str {
        self.output.html.default_theme.as_deref().unwrap_or("auto")
    }
}
