//! A cache of rendered reference lists across runs. The CSL engine needs about a third
//! of a 1,000-chapter build's instructions to format 80 works (half of it decoding the
//! bundled APA style), yet its result depends only on the text of `references.yml`.
//! So the result is stored under a hash of that text, metbook's version, the formatting
//! code and the locked dependency versions, and every
//! later build or `serve` start with the same file reuses it.
//!
//! The cache lives in `$METBOOK_CACHE_DIR`, else `$XDG_CACHE_HOME/metbook`, else
//! `~/.cache/metbook`; `METBOOK_CACHE_DIR=off` turns it off. `check` only reads it,
//! since it promises to write nothing. Only good results are
//! stored, so errors are always worked out afresh. A missing, unreadable or corrupt
//! entry just means formatting again: the cache can never change what a build produces.

use std::path::{Path, PathBuf};

use crate::met::references::RefError;
use crate::model::met::references::References;

/// The stored form's name and version.
const FORMAT: &str = "references-v1";

/// What the result depends on besides `references.yml`.
const CODE: [&str; 4] = [
    include_str!("../met/references.rs"),
    include_str!("../met/references/html.rs"),
    include_str!("../met/references/check.rs"),
    include_str!("../../Cargo.lock"),
];

/// Where formatted reference lists are kept between runs, and whether this run may add to it.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: Option<PathBuf>,
    write: bool,
}

impl Cache {
    /// The cache the environment names (see the module comment), readable and writable.
    pub fn from_env() -> Cache {
        let dir = match std::env::var_os("METBOOK_CACHE_DIR") {
            Some(d) if d == "off" || d.is_empty() => None,
            Some(d) => Some(PathBuf::from(d)),
            None => std::env::var_os("XDG_CACHE_HOME")
                .filter(|d| !d.is_empty())
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
                .map(|d| d.join("metbook")),
        };
        Cache { dir, write: true }
    }

    /// A cache in `dir`.
    pub fn at(dir: &Path) -> Cache {
        Cache {
            dir: Some(dir.to_path_buf()),
            write: true,
        }
    }

    /// No cache: every run formats afresh.
    pub fn off() -> Cache {
        Cache {
            dir: None,
            write: false,
        }
    }

    /// The same cache, used only for reading.
    pub fn read_only(self) -> Cache {
        Cache {
            write: false,
            ..self
        }
    }

    /// Parses and renders `text`, reusing a stored result for the same text.
    pub fn references(&self, text: &str) -> Result<References, Vec<RefError>> {
        let Some(file) = self.entry(text) else {
            return References::parse(text);
        };
        if let Some(refs) = std::fs::read(&file)
            .ok()
            .and_then(|b| serde_json::from_slice::<References>(&b).ok())
        {
            return Ok(refs);
        }
        let refs = References::parse(text)?;
        if self.write {
            store(&file, &refs);
        }
        Ok(refs)
    }

    /// The cache file for `text`, or None when caching is off or there is no home.
    fn entry(&self, text: &str) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        // A cache key, not a signature: xxh3's 128 bits, as the build's own file hashes.
        let mut hash = xxhash_rust::xxh3::Xxh3::new();
        hash.update(FORMAT.as_bytes());
        hash.update(env!("CARGO_PKG_VERSION").as_bytes());
        // The formatting code and the locked dependency versions (hayagriva, its styles) are
        // part of the key, so a change to either can never serve a stale reference list.
        for code in CODE {
            hash.update(code.as_bytes());
        }
        hash.update(&[0]);
        hash.update(text.as_bytes());
        let hex = format!("{:032x}", hash.digest128());
        Some(dir.join(format!("{FORMAT}-{hex}.json")))
    }
}

/// Best effort, and atomic: a reader never sees half a file, even with builds running
/// side by side.
fn store(file: &std::path::Path, refs: &References) {
    let (Some(dir), Ok(json)) = (file.parent(), serde_json::to_vec(refs)) else {
        return;
    };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = file.with_extension(format!("tmp-{}", std::process::id()));
    if std::fs::write(&tmp, json).is_ok() && std::fs::rename(&tmp, file).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "miller1991:\n  type: book\n  title: Motivational Interviewing\n  author: [\"Miller, William R.\", \"Rollnick, Stephen\"]\n  date: 1991\n  publisher: Guilford Press\n";

    const MARKED: &str = "Miller & Rollnick, 1991 (cached)";

    /// Changes a stored entry, so a result read from the cache can be told apart.
    fn mark_stored(file: &Path) {
        let stored = std::fs::read_to_string(file).unwrap();
        std::fs::write(
            file,
            stored.replace("Rollnick, 1991", "Rollnick, 1991 (cached)"),
        )
        .unwrap();
    }

    fn label(cache: &Cache) -> Option<String> {
        cache.references(TEXT).unwrap().parenthetical("miller1991")
    }

    #[test]
    fn a_second_parse_reads_the_stored_result_and_corrupt_entries_are_redone() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path());
        let first = cache.references(TEXT).unwrap();
        let file = cache.entry(TEXT).unwrap();
        assert!(file.exists(), "nothing was stored");
        // A stored result is used as it is: change it and the change shows.
        mark_stored(&file);
        assert_eq!(label(&cache).as_deref(), Some(MARKED));
        // A corrupt entry is formatted again and replaced.
        std::fs::write(&file, "{not json").unwrap();
        let again = cache.references(TEXT).unwrap();
        assert_eq!(
            again.parenthetical("miller1991"),
            first.parenthetical("miller1991")
        );
        assert!(serde_json::from_slice::<References>(&std::fs::read(&file).unwrap()).is_ok());
        // Errors are never stored.
        assert!(cache.references("bad:\n  type: nonsense\n").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(Cache::off().entry(TEXT).is_none());
    }

    #[test]
    fn a_read_only_cache_reads_but_never_writes() {
        let dir = tempfile::tempdir().unwrap();
        let ro = Cache::at(dir.path()).read_only();
        assert!(ro.references(TEXT).is_ok());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "check wrote the cache"
        );
        Cache::at(dir.path()).references(TEXT).unwrap();
        let file = ro.entry(TEXT).unwrap();
        mark_stored(&file);
        assert_eq!(
            label(&ro).as_deref(),
            Some(MARKED),
            "a read-only cache still reads"
        );
    }
}
