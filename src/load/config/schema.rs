//! Every key of mdBook 0.5's book.toml, plus metbook's own, and what metbook does with each.
//! The walker in `walk.rs` checks a book.toml against this table before serde sees it, so
//! every unknown key and wrong type is reported in one run, and keys that only mean
//! something to mdBook's own theme or toolchain are accepted with one grouped warning.
//! [`NOT_MDBOOK`] lists the keys mdBook 0.5 would refuse, which preprocessors never see.

/// The type a key's value must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    Str,
    Bool,
    Int,
    /// An array of strings.
    Strs,
    /// Anything (a preprocessor's or another renderer's own keys).
    Any,
}

pub(crate) enum Node {
    /// metbook honours this key.
    Key(Ty),
    /// Accepted for mdBook's sake but without effect here; warned, with why.
    Ignored(&'static str),
    /// metbook always behaves like this boolean's mdBook default; only another value is
    /// warned about, with why.
    Fixed(bool, &'static str),
    /// A table with known keys; `rest` (if any) describes keys not listed.
    Table {
        keys: &'static [(&'static str, Node)],
        rest: Option<&'static Node>,
    },
    /// A table of the author's own keys (redirects, hide-line prefixes), each of this type.
    Map(Ty),
}

const fn table(keys: &'static [(&'static str, Node)]) -> Node {
    Node::Table { keys, rest: None }
}

/// mdBook's keys of a `[preprocessor.NAME]` table; any other key is that preprocessor's
/// own option, handed to it in the config JSON as mdBook does.
const PREPROCESSOR_KEYS: &[(&str, Node)] = &[
    ("command", Node::Key(Ty::Str)),
    ("renderers", Node::Key(Ty::Strs)),
    ("before", Node::Key(Ty::Strs)),
    ("after", Node::Key(Ty::Strs)),
    ("optional", Node::Key(Ty::Bool)),
];
const PREPROCESSOR: Node = Node::Table {
    keys: PREPROCESSOR_KEYS,
    rest: Some(&Node::Key(Ty::Any)),
};
const NO_RUST: &str = "metbook does not compile or run Rust code samples";
const SEARCH_OWN: &str = "metbook's search ranks with its own BM25F scoring";

pub(crate) static ROOT: Node = table(&[
    (
        "book",
        table(&[
            ("title", Node::Key(Ty::Str)),
            ("authors", Node::Key(Ty::Strs)),
            ("description", Node::Key(Ty::Str)),
            ("src", Node::Key(Ty::Str)),
            ("language", Node::Key(Ty::Str)),
            (
                "text-direction",
                Node::Ignored("metbook's theme lays pages out left to right"),
            ),
            // `mdbook init` of mdBook 0.4 wrote `multilingual = false` into every book.
            (
                "multilingual",
                Node::Fixed(
                    false,
                    "removed in mdBook 0.5; metbook builds one language per book",
                ),
            ),
        ]),
    ),
    ("rust", table(&[("edition", Node::Ignored(NO_RUST))])),
    (
        "build",
        table(&[
            ("build-dir", Node::Key(Ty::Str)),
            ("create-missing", Node::Key(Ty::Bool)),
            (
                "use-default-preprocessors",
                Node::Fixed(
                    true,
                    "metbook always expands includes and turns README.md into index.html",
                ),
            ),
            ("extra-watch-dirs", Node::Key(Ty::Strs)),
            ("project-root", Node::Key(Ty::Str)),
            ("preprocessor-timeout", Node::Key(Ty::Int)),
        ]),
    ),
    (
        "preprocessor",
        // Every table is run as mdBook runs it (`load::preprocess`); mdBook's built-in
        // `links` and `index` are metbook's own include expansion and README → index.
        Node::Table {
            keys: &[],
            rest: Some(&PREPROCESSOR),
        },
    ),
    // metbook's own: `[languages.es]`, one table per translation (see load/translate.rs).
    (
        "languages",
        Node::Table {
            keys: &[],
            rest: Some(&LANGUAGE),
        },
    ),
    (
        "output",
        Node::Table {
            keys: &[("html", HTML), ("epub", EPUB), ("pdf", PDF)],
            rest: Some(&Node::Ignored(
                "metbook writes HTML, EPUB and PDF itself; mdBook's other renderers are not run",
            )),
        },
    ),
]);

const LANGUAGE: Node = table(&[
    ("name", Node::Key(Ty::Str)),
    ("title", Node::Key(Ty::Str)),
    ("description", Node::Key(Ty::Str)),
    ("src", Node::Key(Ty::Str)),
]);

/// `[output.epub]`: metbook's own keys and mdbook-epub's, so a book that used that
/// renderer keeps its table.
const EPUB: Node = table(&[
    ("filename", Node::Key(Ty::Str)),
    ("identifier", Node::Key(Ty::Str)),
    ("cover-image", Node::Key(Ty::Str)),
    ("additional-css", Node::Key(Ty::Strs)),
    ("use-default-css", Node::Key(Ty::Bool)),
    (
        "command",
        Node::Ignored("metbook writes the EPUB itself; no renderer command is run"),
    ),
    (
        "optional",
        Node::Ignored("metbook writes the EPUB itself; no renderer command is run"),
    ),
    (
        "additional-resources",
        Node::Ignored("metbook adds the images chapters show and the cover itself"),
    ),
    ("epub-version", Node::Ignored("metbook writes EPUB 3")),
    (
        "index-template",
        Node::Ignored("metbook's EPUB chapters use its own markup"),
    ),
    (
        "no-section-label",
        Node::Ignored("the EPUB numbers chapters as the HTML does"),
    ),
    (
        "curly-quotes",
        Node::Ignored("the EPUB follows `[output.html] smart-punctuation`"),
    ),
    (
        "footnote-backrefs",
        Node::Ignored("footnotes are written as in the HTML"),
    ),
]);

const HTML: Node = table(&[
    ("theme", Node::Key(Ty::Str)),
    ("default-theme", Node::Key(Ty::Str)),
    (
        "preferred-dark-theme",
        Node::Ignored("metbook has one dark theme"),
    ),
    ("smart-punctuation", Node::Key(Ty::Bool)),
    (
        "curly-quotes",
        Node::Ignored("renamed `smart-punctuation` in mdBook 0.5"),
    ),
    ("definition-lists", Node::Key(Ty::Bool)),
    ("admonitions", Node::Key(Ty::Bool)),
    (
        "mathjax-support",
        Node::Fixed(
            false,
            "metbook loads nothing from other hosts and bundles no MathJax",
        ),
    ),
    ("additional-css", Node::Key(Ty::Strs)),
    ("additional-js", Node::Key(Ty::Strs)),
    ("no-section-label", Node::Key(Ty::Bool)),
    ("git-repository-url", Node::Key(Ty::Str)),
    (
        "git-repository-icon",
        Node::Ignored("metbook shows a text link and ships no icon font"),
    ),
    ("edit-url-template", Node::Key(Ty::Str)),
    ("input-404", Node::Key(Ty::Str)),
    ("site-url", Node::Key(Ty::Str)),
    ("cname", Node::Key(Ty::Str)),
    (
        "live-reload-endpoint",
        Node::Ignored("`metbook serve` has its own live reload"),
    ),
    (
        "hash-files",
        Node::Fixed(true, "metbook always fingerprints asset file names"),
    ),
    ("sidebar-header-nav", Node::Key(Ty::Bool)),
    (
        "copy-fonts",
        Node::Ignored("removed in mdBook 0.5; metbook uses system fonts"),
    ),
    ("sanitize", Node::Key(Ty::Bool)),
    ("offline", table(&[("enable", Node::Key(Ty::Bool))])),
    (
        "print",
        table(&[
            ("enable", Node::Key(Ty::Bool)),
            ("page-break", Node::Key(Ty::Bool)),
        ]),
    ),
    (
        "fold",
        table(&[
            (
                "enable",
                Node::Ignored("metbook's sidebar opens the current chapter's branch itself"),
            ),
            (
                "level",
                Node::Ignored("metbook's sidebar opens the current chapter's branch itself"),
            ),
        ]),
    ),
    (
        "playground",
        table(&[
            ("editable", Node::Ignored(NO_RUST)),
            ("copyable", Node::Ignored(NO_RUST)),
            ("copy-js", Node::Ignored(NO_RUST)),
            ("line-numbers", Node::Ignored(NO_RUST)),
            ("runnable", Node::Ignored(NO_RUST)),
        ]),
    ),
    ("playpen", Node::Ignored(NO_RUST)),
    ("code", table(&[("hidelines", Node::Map(Ty::Str))])),
    (
        "search",
        table(&[
            (
                "enable",
                Node::Fixed(true, "metbook's handbook always has search"),
            ),
            ("limit-results", Node::Key(Ty::Int)),
            (
                "teaser-word-count",
                Node::Ignored("metbook's results show the section's breadcrumbs, not a teaser"),
            ),
            (
                "use-boolean-and",
                Node::Ignored("metbook ranks every result; phrases in quotes must match"),
            ),
            ("boost-title", Node::Key(Ty::Int)),
            ("boost-hierarchy", Node::Ignored(SEARCH_OWN)),
            ("boost-paragraph", Node::Ignored(SEARCH_OWN)),
            (
                "expand",
                Node::Fixed(true, "metbook's search always matches word beginnings"),
            ),
            ("heading-split-level", Node::Key(Ty::Int)),
            (
                "copy-js",
                Node::Fixed(true, "metbook's search script is part of its theme"),
            ),
            (
                "chapter",
                Node::Ignored("metbook indexes every chapter; drafts are never published"),
            ),
        ]),
    ),
    ("redirect", Node::Map(Ty::Str)),
]);

/// Keys mdBook 0.5 does not know (metbook's own, and those it removed): mdBook's config
/// types refuse unknown keys, so these are left out of the book.toml a preprocessor gets.
pub(crate) const NOT_MDBOOK: &[&[&str]] = &[
    &["languages"],
    &["book", "multilingual"],
    &["build", "project-root"],
    &["build", "preprocessor-timeout"],
    &["output", "html", "sanitize"],
    &["output", "html", "offline"],
    &["output", "html", "curly-quotes"],
    &["output", "html", "copy-fonts"],
];

/// mdbook-pdf's page settings: metbook lays its PDF out with its own print stylesheet.
const MDBOOK_PDF: &str = "an mdbook-pdf setting; metbook lays out its PDF with its own stylesheet";

const PDF: Node = table(&[
    ("enable", Node::Key(Ty::Bool)),
    ("chromium", Node::Key(Ty::Str)),
    ("browser-binary-path", Node::Key(Ty::Str)),
    ("timeout", Node::Key(Ty::Int)),
    ("paper", Node::Key(Ty::Str)),
    ("trying-times", Node::Ignored(MDBOOK_PDF)),
    (
        "static_site_url",
        Node::Ignored("set `[output.html] site-url`: the PDF links pages it leaves out there"),
    ),
    (
        "theme",
        Node::Ignored("the PDF is always printed black on white"),
    ),
    ("landscape", Node::Ignored(MDBOOK_PDF)),
    ("display-header-footer", Node::Ignored(MDBOOK_PDF)),
    ("print-background", Node::Ignored(MDBOOK_PDF)),
    ("scale", Node::Ignored(MDBOOK_PDF)),
    (
        "paper-width",
        Node::Ignored("metbook's PDF is `paper = \"a4\"` or `\"letter\"`"),
    ),
    (
        "paper-height",
        Node::Ignored("metbook's PDF is `paper = \"a4\"` or `\"letter\"`"),
    ),
    ("margin-top", Node::Ignored(MDBOOK_PDF)),
    ("margin-bottom", Node::Ignored(MDBOOK_PDF)),
    ("margin-left", Node::Ignored(MDBOOK_PDF)),
    ("margin-right", Node::Ignored(MDBOOK_PDF)),
    ("page-ranges", Node::Ignored(MDBOOK_PDF)),
    ("ignore-invalid-page-ranges", Node::Ignored(MDBOOK_PDF)),
    (
        "header-template",
        Node::Ignored("metbook's running heads carry each chapter's title"),
    ),
    (
        "footer-template",
        Node::Ignored("metbook's footers carry the page number"),
    ),
    ("prefer-css-page-size", Node::Ignored(MDBOOK_PDF)),
]);
