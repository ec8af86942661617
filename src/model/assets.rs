//! The files a site needs besides its pages, as bytes: the theme, the book's extra CSS and
//! JS, and the images and other files beside its chapters. The load stage reads them, so
//! rendering does no file I/O.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// One theme file and, when a book's own theme supplied it, where it came from.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The book's file that overrides the default theme's; `None` for a default file.
    pub origin: Option<PathBuf>,
}

/// Everything besides the chapters that goes into a site.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// Theme files by their path in the theme ("templates/page.html", "css/metbook.css").
    pub theme: BTreeMap<String, ThemeFile>,
    /// `[output.html] additional-css`: the path as written (relative to book.toml), bytes.
    pub extra_css: Vec<(String, Vec<u8>)>,
    /// `[output.html] additional-js`, likewise.
    pub extra_js: Vec<(String, Vec<u8>)>,
    /// Non-Markdown files under the source folder: site path, bytes.
    pub statics: Vec<(String, Vec<u8>)>,
    /// The theme's `strings/<lang>.yml`: its words by language tag (lowercase), then key.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    /// `[output.epub] additional-css`: the path as written, bytes.
    pub epub_css: Vec<(String, Vec<u8>)>,
    /// `[output.epub] cover-image`: its path in the source folder, bytes.
    pub epub_cover: Option<(String, Vec<u8>)>,
}
