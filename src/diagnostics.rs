//! The located problem type every stage reports, and how a list of them is printed
//! (rustc-style through annotate-snippets, or JSON for editors and CI).

use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// Whether a problem stops the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build fails.
    Error,
    /// Reported; the build goes on.
    Warning,
}

/// What kind of problem a diagnostic reports. Each kind has a stable code (printed as
/// `error[MB0401]` and in JSON), so editors, CI scripts and tests can match on it while
/// the wording of messages stays free to improve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Kind {
    /// A file or folder could not be read, written, created or removed.
    Io,
    /// A text file is not UTF-8.
    Encoding,
    /// There is no book.toml where one was expected.
    NoBook,
    /// book.toml has a syntax error, an unknown key or an unsupported value.
    Config,
    /// book.toml has mdBook settings that have no effect in metbook (one grouped warning).
    ConfigIgnored,
    /// The build folder would overwrite or delete the author's work.
    BuildDir,
    /// `--output` names a format this metbook cannot write.
    OutputFormat,
    /// SUMMARY.md is missing or malformed, or lists a chapter twice.
    Summary,
    /// A chapter SUMMARY.md lists cannot be used (missing, not Markdown, outside the book).
    ChapterFile,
    /// A Markdown file under the source folder is not listed in SUMMARY.md.
    Unlisted,
    /// A chapter's front matter is malformed, unclosed or misplaced.
    FrontMatter,
    /// An `{{#include}}` cannot be expanded.
    Include,
    /// A symbolic link leads outside the book.
    Symlink,
    /// Raw `<style>`, `<script>`, `style=` or `on…=` in a chapter, which the site's
    /// Content-Security-Policy blocks.
    RawHtml,
    /// Something in a chapter the EPUB cannot carry (an embed, a web or WebP image), left
    /// out of it.
    EpubContent,
    /// An id (chapter, heading, dialogue) is used twice.
    DuplicateId,
    /// A link, `@id` or anchor points at nothing.
    BrokenLink,
    /// A link would run code (`javascript:` and the like).
    UnsafeLink,
    /// A `[output.html.redirect]` entry points at a page the site does not have.
    BrokenRedirect,
    /// A principle chapter lacks its number or summary, or a principle id is unknown.
    Principle,
    /// A citation key is not in the references file.
    UnknownCitation,
    /// A glossary term id is unknown.
    UnknownTerm,
    /// A structured block (contrast, does-not, dialogue, session) is malformed.
    Block,
    /// A session's steps do not add up to its duration.
    SessionTiming,
    /// The glossary file is malformed.
    Glossary,
    /// The references file is malformed.
    References,
    /// The codebook file is malformed.
    Codebook,
    /// A data file exists as both `.yml` and `.yaml`.
    DataFileTwice,
    /// A theme template or theme folder is broken.
    Theme,
    /// The book's language has no search stemmer.
    Language,
    /// An mdBook preprocessor exited with an error, or could not be started.
    Preprocessor,
    /// A preprocessor's command was not found (a warning for an `optional` one).
    PreprocessorMissing,
    /// A preprocessor wrote something that is not a book in mdBook's JSON.
    PreprocessorOutput,
    /// A preprocessor took longer than `[build] preprocessor-timeout` and was stopped.
    PreprocessorTimeout,
    /// Preprocessors' `before`/`after` form a cycle (an error), or name a preprocessor
    /// there is none of, or ask to run before the includes (warnings).
    PreprocessorOrder,
    /// A preprocessor added or removed chapters; SUMMARY.md's chapters are kept (a warning).
    PreprocessorChapters,
    /// A translation is set up wrongly: a bad `[languages]` code, a translated SUMMARY.md
    /// that lists other files than the source's.
    Translation,
    /// A translated chapter was made from an older version of its source.
    TranslationStale,
    /// A translated chapter does not record which version of its source it was made from.
    TranslationUntracked,
    /// A language has no text for some of the theme's words; English is shown instead.
    UiStrings,
    /// `metbook init` would overwrite a file.
    InitExists,
    /// `metbook clean` found a folder metbook did not make.
    NotMetbookFolder,
    /// Chromium, which prints the PDF, is not installed or not where book.toml says.
    PdfEngineMissing,
    /// Chromium failed, timed out or wrote an unusable PDF.
    PdfEngine,
}

impl Kind {
    /// The stable code of this kind.
    pub fn code(self) -> &'static str {
        use Kind::*;
        match self {
            Io => "MB0001",
            Encoding => "MB0002",
            NoBook => "MB0100",
            Config => "MB0101",
            ConfigIgnored => "MB0103",
            BuildDir => "MB0102",
            OutputFormat => "MB0104",
            Summary => "MB0200",
            ChapterFile => "MB0201",
            Unlisted => "MB0202",
            FrontMatter => "MB0300",
            Include => "MB0301",
            Symlink => "MB0302",
            RawHtml => "MB0303",
            EpubContent => "MB0304",
            DuplicateId => "MB0400",
            BrokenLink => "MB0401",
            UnsafeLink => "MB0405",
            BrokenRedirect => "MB0406",
            Principle => "MB0402",
            UnknownCitation => "MB0403",
            UnknownTerm => "MB0404",
            Block => "MB0500",
            SessionTiming => "MB0501",
            Glossary => "MB0600",
            References => "MB0601",
            Codebook => "MB0602",
            DataFileTwice => "MB0603",
            Theme => "MB0700",
            Language => "MB0701",
            Preprocessor => "MB0900",
            PreprocessorMissing => "MB0901",
            PreprocessorOutput => "MB0902",
            PreprocessorTimeout => "MB0903",
            PreprocessorOrder => "MB0904",
            PreprocessorChapters => "MB0905",
            Translation => "MB1000",
            TranslationStale => "MB1001",
            TranslationUntracked => "MB1002",
            UiStrings => "MB1003",
            InitExists => "MB0800",
            NotMetbookFolder => "MB0801",
            PdfEngineMissing => "MB1100",
            PdfEngine => "MB1101",
        }
    }
}

fn kind_and_code<S: serde::Serializer>(kind: &Kind, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(2))?;
    map.serialize_entry("kind", kind)?;
    map.serialize_entry("code", kind.code())?;
    map.end()
}

/// One problem in the book, pointing at a file position a clinician can open.
/// `line` and `col` are 1-based; `col` counts characters, `len` the characters underlined.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Written to JSON as `"kind"` and its stable `"code"`.
    #[serde(flatten, serialize_with = "kind_and_code")]
    pub kind: Kind,
    /// The file the problem is in, as given (usually under the book root).
    pub file: PathBuf,
    /// 1-based line in `file`.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// How many characters to underline (at least 1).
    #[serde(skip)]
    pub len: usize,
    /// What is wrong, in plain language.
    pub message: String,
    /// How to fix it; empty when there is nothing to add.
    pub help: String,
    /// The source line shown under the message; filled from the file when reported.
    #[serde(skip)]
    pub source_line: Option<Box<str>>,
}

impl Diagnostic {
    /// An error at `line`, `col` of `file` (positions below 1 become 1), underlining one character.
    pub fn error(
        kind: Kind,
        file: impl Into<PathBuf>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            kind,
            file: file.into(),
            line: line.max(1),
            col: col.max(1),
            len: 1,
            message: message.into(),
            help: String::new(),
            source_line: None,
        }
    }

    /// A warning, otherwise as [`Diagnostic::error`].
    pub fn warning(
        kind: Kind,
        file: impl Into<PathBuf>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::error(kind, file, line, col, message)
        }
    }

    /// Sets the help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }

    /// Sets how many characters to underline (at least 1).
    pub fn len(mut self, len: usize) -> Self {
        self.len = len.max(1);
        self
    }

    /// Whether this stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Everything found in one run, in a stable order (file, then position).
#[derive(Debug, Default)]
pub struct Diagnostics {
    /// The problems, in the order reported (sorted before printing).
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds one problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds several problems.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// How many problems are errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// How many problems are warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Sorts and fills each diagnostic's source line from disk (once per file), so printing
    /// needs no I/O. Paths are shown relative to `root` when they lie under it.
    pub fn finish(&mut self, root: &Path) {
        self.items
            .sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
        self.items.dedup_by(|a, b| {
            a.file == b.file && a.line == b.line && a.col == b.col && a.message == b.message
        });
        let mut cache: Option<(PathBuf, Vec<String>)> = None;
        for d in &mut self.items {
            if cache.as_ref().map(|(p, _)| p != &d.file).unwrap_or(true) {
                let text = std::fs::read(&d.file)
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .unwrap_or_default();
                cache = Some((d.file.clone(), text.lines().map(str::to_owned).collect()));
            }
            if let Some((_, lines)) = &cache {
                d.source_line = lines.get(d.line - 1).map(|l| l.as_str().into());
            }
            if let Ok(rel) = d.file.strip_prefix(root) {
                d.file = rel.to_path_buf();
            }
        }
    }

    /// Renders every diagnostic the way rustc does; `color` only on a terminal without NO_COLOR.
    pub fn render_human(&self, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = String::new();
        for d in &self.items {
            out.push_str(&render_one(&renderer, d));
            out.push_str("\n\n");
        }
        out
    }

    /// The problems as one JSON document (`--format json`).
    pub fn render_json(&self) -> String {
        #[derive(Serialize)]
        struct Report<'a> {
            errors: usize,
            warnings: usize,
            diagnostics: &'a [Diagnostic],
        }
        serde_json::to_string_pretty(&Report {
            errors: self.error_count(),
            warnings: self.warning_count(),
            diagnostics: &self.items,
        })
        .unwrap_or_else(|_| "{}".into())
    }
}

fn render_one(renderer: &Renderer, d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let path = d.file.display().to_string();
    let title = level.primary_title(d.message.as_str()).id(d.kind.code());
    let mut groups = Vec::new();
    match &d.source_line {
        Some(line) => {
            let start = byte_at_char(line, d.col - 1);
            let end = byte_at_char(line, d.col - 1 + d.len).max(start);
            let span = if start == end && line.is_empty() {
                0..0
            } else {
                start..end.max(start)
            };
            groups.push(
                title.element(
                    Snippet::source(&**line)
                        .line_start(d.line)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(span)),
                ),
            );
        }
        None => groups.push(
            title.element(
                annotate_snippets::Origin::path(path.as_str())
                    .line(d.line)
                    .char_column(d.col),
            ),
        ),
    }
    if !d.help.is_empty() {
        groups.push(Group::with_title(
            Level::HELP.secondary_title(d.help.as_str()),
        ));
    }
    renderer.render(&groups)
}

fn byte_at_char(s: &str, chars: usize) -> usize {
    s.char_indices()
        .nth(chars)
        .map(|(i, _)| i)
        .unwrap_or(s.len())
}

/// Line starts of a text, computed once, so many positions cost a binary search each
/// instead of a scan from the start (which is quadratic on a long chapter).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    /// 1-based (line, column-in-chars) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }

    /// Line `n` (1-based) without its line break, as `str::lines` gives it; `None` past
    /// the end (an empty last line after a final break is `Some("")`).
    pub fn line(&self, n: usize) -> Option<&'a str> {
        let start = *self.starts.get(n.checked_sub(1)?)?;
        let end = self.starts.get(n).map_or(self.text.len(), |&next| next - 1);
        let line = &self.text[start..end];
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// Converts a byte offset in `text` into a 1-based (line, column-in-chars) pair.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_line_by_number_is_what_str_lines_gives() {
        for text in [
            "",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "\n\nc\n",
            "é\nü\r\n\n",
        ] {
            let index = super::LineIndex::new(text);
            for (i, line) in text.lines().enumerate() {
                assert_eq!(index.line(i + 1), Some(line), "{text:?} line {}", i + 1);
            }
            let past = text.lines().count() + 1;
            assert!(matches!(index.line(past), None | Some("")), "{text:?}");
            assert_eq!(index.line(0), None);
        }
    }

    #[test]
    fn no_two_kinds_share_a_code() {
        // Read from this file: every `Kind => "MB…"` arm of `Kind::code`.
        let src = include_str!("diagnostics.rs");
        let mut codes: Vec<&str> = src
            .lines()
            .filter_map(|l| l.trim().split_once(" => \"MB"))
            .map(|(_, rest)| rest.trim_end_matches("\","))
            .collect();
        assert!(codes.len() > 40, "found {} codes", codes.len());
        codes.sort_unstable();
        let before = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), before, "a code is used twice");
    }

    use super::*;

    #[test]
    fn line_col_counts_chars_not_bytes() {
        let t = "ab\nçd x";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, t.find('x').unwrap()), (2, 4));
        let idx = LineIndex::new(t);
        for o in 0..t.len() {
            if t.is_char_boundary(o) {
                assert_eq!(idx.line_col(o), line_col(t, o), "offset {o}");
            }
        }
    }

    #[test]
    fn human_rendering_names_file_line_and_help() {
        let mut ds = Diagnostics::default();
        let mut d = Diagnostic::error(
            Kind::FrontMatter,
            "manual/a.md",
            3,
            5,
            "unknown key `titel`",
        )
        .help("did you mean `title`?")
        .len(5);
        d.source_line = Some("    titel: x".into());
        ds.push(d);
        let out = ds.render_human(false);
        assert!(out.contains("manual/a.md:3:5"), "{out}");
        assert!(out.contains("error[MB0300]"), "{out}");
        assert!(out.contains("unknown key `titel`"));
        assert!(out.contains("did you mean `title`?"));
        assert!(out.contains("^^^^^"), "{out}");
    }
}
