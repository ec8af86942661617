//! A cache of rendered reference lists across runs. The CSL engine needs about a third
//! of a 1,000-chapter build's instructions to format 80 works (half of it decoding the
//! bundled APA style), yet its result depends only on the text of `references.yml`.
//! So the result is stored under a hash of that text, metbook's version, the formatting
//! code and the locked dependency versions, and every
//! later build or `serve` start with the same file reuses it.
//!
//! The cache lives in `$METBOOK_CACHE_DIR`, else `$XDG_CACHE_HOME/metbook`, else
//! `~/.cache/metbook`; `METBOOK_CACHE_DIR=off` turns it off. Only good results are
//! stored, so errors are always worked out afresh. A missing, unreadable or corrupt
//! entry just means formatting again: the cache can never change what a build produces.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use super::{RefError, References};

/// The stored form's name and version.
const FORMAT: &str = "references-v1";

/// What the result depends on besides `references.yml`.
const CODE: [&str; 4] = [
    include_str!("../references.rs"),
    include_str!("html.rs"),
    include_str!("check.rs"),
    include_str!("../../../Cargo.lock"),
];

/// Parses and renders `text`, reusing a stored result for the same text.
pub fn parse(text: &str) -> Result<References, Vec<RefError>> {
    let Some(file) = entry(text) else {
        return References::parse(text);
    };
    if let Some(refs) = std::fs::read(&file)
        .ok()
        .and_then(|b| serde_json::from_slice::<References>(&b).ok())
    {
        return Ok(refs);
    }
    let refs = References::parse(text)?;
    store(&file, &refs);
    Ok(refs)
}

/// The cache file for `text`, or None when caching is off or there is no home.
fn entry(text: &str) -> Option<PathBuf> {
    let dir = match std::env::var_os("METBOOK_CACHE_DIR") {
        Some(d) if d == "off" || d.is_empty() => return None,
        Some(d) => PathBuf::from(d),
        None => std::env::var_os("XDG_CACHE_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?
            .join("metbook"),
    };
    let mut hash = Sha256::new();
    hash.update(FORMAT);
    hash.update(env!("CARGO_PKG_VERSION"));
    // The formatting code and the locked dependency versions (hayagriva, its styles) are
    // part of the key, so a change to either can never serve a stale reference list.
    for code in CODE {
        hash.update(code);
    }
    hash.update([0]);
    hash.update(text);
    let hex: String = hash
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect();
    Some(dir.join(format!("{FORMAT}-{hex}.json")))
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

    // One test owns the environment variable, so tests running in parallel cannot race.
    #[test]
    fn a_second_parse_reads_the_stored_result_and_corrupt_entries_are_redone() {
        let dir = tempfile::tempdir().unwrap();
        std::env::set_var("METBOOK_CACHE_DIR", dir.path());
        let text = "miller1991:\n  type: book\n  title: Motivational Interviewing\n  author: [\"Miller, William R.\", \"Rollnick, Stephen\"]\n  date: 1991\n  publisher: Guilford Press\n";
        let first = parse(text).unwrap();
        let file = entry(text).unwrap();
        assert!(file.exists(), "nothing was stored");
        // A stored result is used as it is: change it and the change shows.
        let stored = std::fs::read_to_string(&file).unwrap();
        std::fs::write(
            &file,
            stored.replace("Rollnick, 1991", "Rollnick, 1991 (cached)"),
        )
        .unwrap();
        assert_eq!(
            parse(text).unwrap().parenthetical("miller1991").as_deref(),
            Some("Miller & Rollnick, 1991 (cached)")
        );
        // A corrupt entry is formatted again and replaced.
        std::fs::write(&file, "{not json").unwrap();
        let again = parse(text).unwrap();
        assert_eq!(
            again.parenthetical("miller1991"),
            first.parenthetical("miller1991")
        );
        assert!(serde_json::from_slice::<References>(&std::fs::read(&file).unwrap()).is_ok());
        // Errors are never stored.
        assert!(parse("bad:\n  type: nonsense\n").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // Off means off.
        std::env::set_var("METBOOK_CACHE_DIR", "off");
        assert!(entry(text).is_none());
        std::env::remove_var("METBOOK_CACHE_DIR");
    }
}
