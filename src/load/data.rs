//! The book's data files beside the chapters: glossary, references and codebook, each as
//! `name.yml` or `name.yaml` (both spellings work; a book with both is told to keep one).

use std::path::{Path, PathBuf};

use super::cache::Cache;
use super::source;
use crate::diagnostics::{Diagnostic, Kind};
use crate::model::met::glossary::{Glossary, Inflection};
use crate::model::met::references::References;
use crate::model::met::MetData;

/// The data files metbook reads, by stem.
pub(crate) const STEMS: [&str; 3] = ["glossary", "references", "codebook"];

/// The file for `stem` in `src`: `stem.yml` or `stem.yaml`. Both present is an error, since
/// an author editing one would see no change.
pub(crate) fn find(src: &Path, stem: &str) -> Result<Option<PathBuf>, Diagnostic> {
    let yml = src.join(format!("{stem}.yml"));
    let yaml = src.join(format!("{stem}.yaml"));
    match (yml.is_file(), yaml.is_file()) {
        (true, true) => Err(Diagnostic::error(
            Kind::DataFileTwice,
            &yaml,
            1,
            1,
            format!("both {stem}.yml and {stem}.yaml exist, and only one can be read"),
        )
        .help(format!(
            "merge them into {stem}.yml and delete {stem}.yaml (or the other way round)"
        ))),
        (true, false) => Ok(Some(yml)),
        (false, true) => Ok(Some(yaml)),
        (false, false) => Ok(None),
    }
}

/// Every data file the book has, for the date of its newest source.
pub(crate) fn files(src: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    STEMS
        .into_iter()
        .filter_map(|s| find(src, s).ok().flatten())
}

/// Reads the references file (the slowest data file: the CSL engine formats every entry),
/// separately so it can run while the chapters load.
pub(crate) fn references(src: &Path, cache: &Cache) -> (References, Vec<Diagnostic>) {
    let file = match find(src, "references") {
        Ok(Some(f)) => f,
        Ok(None) => return Default::default(),
        Err(d) => return (Default::default(), vec![d]),
    };
    match source::read_text(&file) {
        Ok(t) => match cache.references(&t) {
            Ok(r) => (r, Vec::new()),
            Err(es) => (
                Default::default(),
                es.into_iter()
                    .map(|e| {
                        Diagnostic::error(Kind::References, &file, e.line, e.col, e.message)
                            .help(e.help)
                    })
                    .collect(),
            ),
        },
        Err(d) => (Default::default(), vec![d]),
    }
}

/// Reads the other data files (glossary, codebook).
pub(crate) fn glossary_and_codebook(src: &Path, lang: &str) -> (MetData, Vec<Diagnostic>) {
    let (own, diags) = glossary_and_codebook_over(src, &Default::default(), lang);
    (own.data, diags)
}

/// What a folder's own data files gave.
pub(crate) struct Own {
    pub data: MetData,
    /// The folder has a glossary file (a translation's replaces the source's).
    pub glossary_given: bool,
}

/// Reads the glossary and codebook in `dir`, the codebook's entries laid over `codebook`.
pub(crate) fn glossary_and_codebook_over(
    dir: &Path,
    codebook: &crate::model::met::codebook::Codebook,
    lang: &str,
) -> (Own, Vec<Diagnostic>) {
    let mut data = MetData {
        codebook: codebook.clone(),
        ..Default::default()
    };
    let mut diags = Vec::new();
    let mut glossary_given = false;
    match find(dir, "glossary") {
        Ok(Some(file)) => {
            glossary_given = true;
            match source::read_text(&file)
                .map_err(|d| vec![d])
                .and_then(|t| Glossary::parse_in(&t, &file, Inflection::of(lang)))
            {
                Ok(g) => data.glossary = g,
                Err(ds) => {
                    data.glossary_failed = true;
                    diags.extend(ds);
                }
            }
        }
        Ok(None) => {}
        Err(d) => {
            data.glossary_failed = true;
            diags.push(d);
        }
    }
    match find(dir, "codebook") {
        Ok(Some(file)) => match source::read_text(&file) {
            Ok(t) => {
                if let Err(es) = data.codebook.extend_from_yaml(&t) {
                    diags.extend(
                        es.into_iter()
                            .map(|e| e.into_diagnostic(Kind::Codebook, &file, 1)),
                    );
                }
            }
            Err(d) => diags.push(d),
        },
        Ok(None) => {}
        Err(d) => diags.push(d),
    }
    (
        Own {
            data,
            glossary_given,
        },
        diags,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_spellings_are_found_and_both_at_once_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(find(dir.path(), "glossary").unwrap(), None);
        std::fs::write(dir.path().join("glossary.yaml"), "[]").unwrap();
        assert_eq!(
            find(dir.path(), "glossary").unwrap(),
            Some(dir.path().join("glossary.yaml"))
        );
        std::fs::write(dir.path().join("glossary.yml"), "[]").unwrap();
        assert!(find(dir.path(), "glossary").is_err());
    }
}
