//! book.toml: TOML read into the typed [`Config`], with every problem located.

use std::path::Path;

use crate::diagnostics::{line_col, Diagnostic, Kind};
use crate::model::config::Config;

/// Parses book.toml text; `file` is only used to locate problems.
pub fn parse(text: &str, file: &Path) -> Result<Config, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let config: Config = toml::from_str(text).map_err(|e| {
        let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
        let len = e.span().map(|s| text[s.clone()].chars().count()).unwrap_or(1);
        let message = e.message().trim().to_string();
        let help = if message.contains("unknown field") {
            "remove this key, or check its spelling and the table it is in (see the README's book.toml reference)"
        } else {
            "book.toml uses TOML syntax: `key = \"value\"` lines under `[table]` headers"
        };
        Diagnostic::error(Kind::Config, file, line, col, format!("book.toml: {message}")).len(len.min(80)).help(help)
    })?;
    validate(&config, text, file)?;
    Ok(config)
}

fn validate(config: &Config, text: &str, file: &Path) -> Result<(), Diagnostic> {
    let locate = |needle: &str| {
        text.find(needle)
            .map(|o| line_col(text, o))
            .unwrap_or((1, 1))
    };
    if let Some(t) = &config.output.html.default_theme {
        if !matches!(t.as_str(), "light" | "dark" | "auto") {
            let (l, c) = locate("default-theme");
            return Err(Diagnostic::error(
                Kind::Config,
                file,
                l,
                c,
                format!("default-theme `{t}` is not a theme metbook has"),
            )
            .help("use \"light\", \"dark\" or \"auto\" (follows the reader's system setting)"));
        }
    }
    if config.build.create_missing == Some(true) {
        let (l, c) = locate("create-missing");
        return Err(Diagnostic::error(
            Kind::Config,
            file,
            l,
            c,
            "create-missing = true is not supported",
        )
        .help("metbook never creates chapter files for you; create them, or remove this line"));
    }
    Ok(())
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
        assert_eq!(err.line, 3);
        assert!(err.message.contains("titel"), "{}", err.message);
    }

    #[test]
    fn mdbook_style_config_loads() {
        let c = parse(
            "[book]\ntitle = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nmultilingual = false\nsrc = \"src\"\n\n[output.html]\ngit-repository-url = \"https://example.org/x\"\n",
            Path::new("book.toml"),
        )
        .unwrap();
        assert_eq!(c.title(), "T");
        assert_eq!(c.build.build_dir, PathBuf::from("book"));
    }
}
