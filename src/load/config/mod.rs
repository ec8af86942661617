//! book.toml: TOML checked against the schema of every known key (all problems at once),
//! then read into the typed [`Config`], with every problem located.

mod preprocessors;
mod schema;
mod walk;

use std::path::Path;

use crate::diagnostics::{line_col, Diagnostic, Kind, LineIndex};
use crate::model::config::Config;

/// A book.toml that loaded, with its warnings (mdBook keys metbook does not act on).
pub type Parsed = (Config, Vec<Diagnostic>);

/// Parses book.toml text; `file` is only used to locate problems.
pub fn parse(text: &str, file: &Path) -> Result<Parsed, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc = toml::de::DeTable::parse(text).map_err(|e| vec![syntax(&e, text, file)])?;
    let mut w = walk::Walk {
        file,
        lines: LineIndex::new(text),
        errors: Vec::new(),
        ignored: Vec::new(),
    };
    w.table("", doc.get_ref(), &schema::ROOT);
    let mut errors = w.errors;
    let config = match toml::from_str::<Config>(text) {
        Ok(c) => Some(c),
        Err(e) => {
            // The walk already reports wrong types, with their keys; serde only adds news.
            if errors.is_empty() {
                errors.push(syntax(&e, text, file));
            }
            None
        }
    };
    let mut config = config;
    if let Some(c) = &mut config {
        c.output.html.redirect_at = redirect_positions(doc.get_ref(), &w.lines);
        c.preprocessors = preprocessors::tables(doc.get_ref(), &w.lines);
        if c.preprocessors.iter().any(|p| !p.is_builtin()) {
            c.mdbook_json = preprocessors::mdbook_json(text);
        }
        if let Some(pdf) = &mut c.output.pdf {
            let at = |path: &[&str]| key_at(doc.get_ref(), path, &w.lines);
            pdf.at = at(&["output", "pdf"]).unwrap_or((1, 1));
            pdf.chromium_at = at(&["output", "pdf", "chromium"])
                .or_else(|| at(&["output", "pdf", "browser-binary-path"]));
        }
        errors.extend(validate(c, text, file));
    }
    match config {
        Some(c) if errors.is_empty() => {
            Ok((c, grouped_warning(&w.ignored, file).into_iter().collect()))
        }
        _ => Err(errors),
    }
}

/// Where each `[output.html.redirect]` key is, so a broken redirect is reported on its line.
fn redirect_positions(
    doc: &toml::de::DeTable<'_>,
    lines: &LineIndex<'_>,
) -> std::collections::BTreeMap<String, (usize, usize)> {
    let mut t = Some(doc);
    for key in ["output", "html", "redirect"] {
        t = t
            .and_then(|t| t.get(key))
            .and_then(|v| v.get_ref().as_table());
    }
    t.into_iter()
        .flatten()
        .map(|(k, _)| (k.get_ref().to_string(), lines.line_col(k.span().start)))
        .collect()
}

/// Where the key at `path` (a table or a value) is written.
fn key_at(
    doc: &toml::de::DeTable<'_>,
    path: &[&str],
    lines: &LineIndex<'_>,
) -> Option<(usize, usize)> {
    let (last, tables) = path.split_last()?;
    let mut t = doc;
    for key in tables {
        t = t.get(*key)?.get_ref().as_table()?;
    }
    let (k, _) = t.get_key_value(*last)?;
    Some(lines.line_col(k.span().start))
}

fn syntax(e: &toml::de::Error, text: &str, file: &Path) -> Diagnostic {
    let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
    let len = e
        .span()
        .map(|s| text[s.clone()].chars().count())
        .unwrap_or(1);
    let message = e.message().trim().to_string();
    Diagnostic::error(
        Kind::Config,
        file,
        line,
        col,
        format!("book.toml: {message}"),
    )
    .len(len.min(80))
    .help("book.toml uses TOML syntax: `key = \"value\"` lines under `[table]` headers")
}

/// One warning for all mdBook keys that have no effect here, naming each and why.
fn grouped_warning(ignored: &[walk::Ignored], file: &Path) -> Option<Diagnostic> {
    let mut ignored: Vec<&walk::Ignored> = ignored.iter().collect();
    ignored.sort_by_key(|i| (i.line, i.col));
    let first = ignored.first()?;
    let list: Vec<String> = ignored
        .iter()
        .map(|i| format!("`{}` (line {}): {}", i.path, i.line, i.why))
        .collect();
    let n = ignored.len();
    Some(
        Diagnostic::warning(
            Kind::ConfigIgnored,
            file,
            first.line,
            first.col,
            format!(
                "book.toml: {n} mdBook setting{} ha{} no effect in metbook",
                if n == 1 { "" } else { "s" },
                if n == 1 { "s" } else { "ve" }
            ),
        )
        .help(format!(
            "the book builds; these are kept for mdBook and ignored here:\n  {}",
            list.join("\n  ")
        )),
    )
}

fn validate(config: &Config, text: &str, file: &Path) -> Vec<Diagnostic> {
    let locate = |needle: &str| {
        text.find(needle)
            .map(|o| line_col(text, o))
            .unwrap_or((1, 1))
    };
    let mut out = Vec::new();
    if let Some(t) = &config.output.html.default_theme {
        let known = ["light", "dark", "auto", "rust", "navy", "coal", "ayu"];
        if !known.contains(&t.as_str()) {
            let (l, c) = locate("default-theme");
            out.push(Diagnostic::error(
                Kind::Config,
                file,
                l,
                c,
                format!("default-theme `{t}` is not a theme metbook has"),
            )
            .help("use \"light\", \"dark\" or \"auto\" (follows the reader's system setting); mdBook's rust, navy, coal and ayu also work"));
        }
    }
    for p in config.preprocessors.iter().filter(|p| !p.is_builtin()) {
        if shlex::split(&p.command()).is_none_or(|w| w.is_empty()) {
            out.push(
                Diagnostic::error(Kind::Config, file, p.at.0, p.at.1, format!("`[preprocessor.{}]`: its command `{}` is empty or has an unclosed quote", p.name, p.command()))
                    .len(p.name.chars().count())
                    .help("write the program and its arguments as on a command line, e.g. command = \"python3 tools/glossary.py\""),
            );
        }
    }
    if config.build.preprocessor_timeout == Some(0) {
        let (l, c) = locate("preprocessor-timeout");
        out.push(
            Diagnostic::error(Kind::Config, file, l, c, "preprocessor-timeout must be at least 1 second")
                .help("give the seconds a preprocessor may take, e.g. preprocessor-timeout = 300, or remove the key (120 seconds)"),
        );
    }
    if let Some(paper) = config.output.pdf.as_ref().and_then(|p| p.paper.as_ref()) {
        if !matches!(paper.to_ascii_lowercase().as_str(), "a4" | "letter") {
            let (l, c) = locate("paper");
            out.push(
                Diagnostic::error(
                    Kind::Config,
                    file,
                    l,
                    c,
                    format!("paper `{paper}` is not a size metbook prints"),
                )
                .help("use \"a4\" (the default) or \"letter\""),
            );
        }
    }
    if let Some(epub) = &config.output.epub {
        out.extend(validate_epub(epub, &locate, file));
    }
    for from in config.output.html.redirect.keys() {
        if !from.starts_with('/') || from.contains("..") {
            let (l, c) = locate(from);
            out.push(
                Diagnostic::error(Kind::Config, file, l, c, format!("redirect `{from}` must be a path from the site root"))
                    .help("write the old page's path with a leading `/`, e.g. \"/old-page.html\" = \"new-page.html\""),
            );
        }
    }
    out
}

/// `[output.epub]` values that cannot work: a file name that is a path or not `.epub`,
/// a cover that readers cannot show.
fn validate_epub(
    epub: &crate::model::config::EpubConfig,
    locate: &dyn Fn(&str) -> (usize, usize),
    file: &Path,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(name) = &epub.filename {
        let plain = !name.contains(['/', '\\'])
            && !name.starts_with('.')
            && name.len() > ".epub".len()
            && name.to_ascii_lowercase().ends_with(".epub");
        if !plain {
            let (l, c) = locate("filename");
            out.push(
                Diagnostic::error(Kind::Config, file, l, c, format!("[output.epub] filename `{name}` is not a file name ending in `.epub`"))
                    .help("write a plain file name such as \"handbook.epub\"; it is placed in the build folder"),
            );
        }
    }
    if let Some(cover) = &epub.cover_image {
        let ext = cover
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        if !matches!(ext.as_deref(), Some("png" | "jpg" | "jpeg")) {
            let (l, c) = locate("cover-image");
            out.push(
                Diagnostic::error(
                    Kind::Config,
                    file,
                    l,
                    c,
                    format!(
                        "[output.epub] cover-image `{}` is not a PNG or JPEG image",
                        cover.display()
                    ),
                )
                .help(
                    "give a .png or .jpg file in the source folder; every e-reader can show those",
                ),
            );
        }
    }
    if let Some(id) = &epub.identifier {
        if id.trim().is_empty() {
            let (l, c) = locate("identifier");
            out.push(
                Diagnostic::error(Kind::Config, file, l, c, "[output.epub] identifier is empty")
                    .help("leave it out for a stable urn:uuid made from the title, or give one such as \"urn:isbn:9780000000000\""),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn unknown_key_is_located() {
        let err = parse(
            "[book]\ntitle = \"x\"\ntitel = \"y\"\n",
            Path::new("book.toml"),
        )
        .unwrap_err();
        assert_eq!(err[0].line, 3);
        assert!(err[0].message.contains("titel"), "{}", err[0].message);
    }

    #[test]
    fn preprocessor_tables_are_read_and_their_commands_checked() {
        let (c, warnings) = parse(
            "[preprocessor.toc]\nmax-level = 2\n[preprocessor.links]\n",
            Path::new("book.toml"),
        )
        .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(c.preprocessors.len(), 2);
        assert!(c.has_preprocessors());
        assert_eq!(
            c.mdbook_json.unwrap()["preprocessor"]["toc"]["max-level"],
            2
        );
        // mdBook's built-in two alone run nothing.
        let c = parse("[preprocessor.links]\n", Path::new("book.toml"))
            .unwrap()
            .0;
        assert!(!c.has_preprocessors());
        for bad in [
            "[preprocessor.x]\ncommand = \"\"\n",
            "[preprocessor.x]\ncommand = \"python3 'unclosed\"\n",
            "[preprocessor.x]\nafter = \"y\"\n",
            "[build]\npreprocessor-timeout = 0\n",
        ] {
            let err = parse(bad, Path::new("book.toml")).unwrap_err();
            assert_eq!(err[0].kind, Kind::Config, "{bad}");
        }
    }

    #[test]
    fn mdbook_style_config_loads() {
        let c = parse(
            "[book]\ntitle = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nmultilingual = false\nsrc = \"src\"\n\n[output.html]\ngit-repository-url = \"https://example.org/x\"\n",
            Path::new("book.toml"),
        )
        .unwrap()
        .0;
        assert_eq!(c.title(), "T");
        assert_eq!(c.build.build_dir, PathBuf::from("book"));
    }
}
