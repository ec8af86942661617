//! What a build wrote, kept in the build folder's marker file: each file's content hash,
//! and the size, modification time and inode it had when written. The next build leaves
//! a file alone when it makes the same bytes for it and finds the file as recorded, so an
//! unchanged page costs neither a write nor a read of the previous copy.

use rustc_hash::FxHashMap as HashMap;
use std::fmt::Write as _;
use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;

/// The marker's first line: what the folder is, for a person who opens it.
pub(super) const HEADER: &str =
    "This folder was written by metbook; `metbook clean` may remove it.";
/// The second line, naming the format, so a marker from another version reads as empty.
const FORMAT: &str = "# files v1: xxh3-128 size mtime-ns inode path";

/// One file as a build wrote it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Entry {
    hash: u128,
    len: u64,
    mtime_ns: i128,
    ino: u64,
}

impl Entry {
    /// The entry for `bytes` (hashed) as the file system now holds them (`meta`).
    pub(super) fn new(hash: u128, meta: &Metadata) -> Entry {
        Entry {
            hash,
            len: meta.len(),
            mtime_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
            ino: meta.ino(),
        }
    }

    /// Whether a file now described by `meta` is still the one recorded, untouched.
    pub(super) fn still(&self, meta: &Metadata) -> bool {
        meta.is_file() && Entry::new(self.hash, meta) == *self
    }

    pub(super) fn hash(&self) -> u128 {
        self.hash
    }
}

/// The content hash a manifest records.
pub(super) fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The files a previous build recorded, by site path.
#[derive(Default)]
pub(super) struct Manifest(HashMap<String, Entry>);

impl Manifest {
    /// Reads a marker file's text; anything it cannot read (an older marker, a hand-made
    /// one, a damaged line) is simply not recorded, so that file is written afresh.
    pub(super) fn parse(text: &str) -> Manifest {
        let mut lines = text.lines();
        if lines.nth(1) != Some(FORMAT) {
            return Manifest::default();
        }
        Manifest(lines.filter_map(parse_line).collect())
    }

    pub(super) fn get(&self, path: &str) -> Option<&Entry> {
        self.0.get(path)
    }
}

fn parse_line(line: &str) -> Option<(String, Entry)> {
    let mut parts = line.splitn(5, ' ');
    let hash = u128::from_str_radix(parts.next()?, 16).ok()?;
    let len = parts.next()?.parse().ok()?;
    let mtime_ns = parts.next()?.parse().ok()?;
    let ino = parts.next()?.parse().ok()?;
    let path = parts.next()?.to_string();
    let entry = Entry {
        hash,
        len,
        mtime_ns,
        ino,
    };
    Some((path, entry))
}

/// The marker file's text for these files, sorted so that it is the same for the same
/// site. A path with a line break in it is left out (and so rewritten next time).
pub(super) fn write(entries: &mut [(String, Entry)]) -> String {
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = format!("{HEADER}\n{FORMAT}\n");
    for (path, e) in entries.iter().filter(|(p, _)| !p.contains(['\n', '\r'])) {
        // `write!` into the one string rather than a `format!` per file.
        let _ = writeln!(
            out,
            "{:032x} {} {} {} {path}",
            e.hash, e.len, e.mtime_ns, e.ino
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_what_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a b.html");
        std::fs::write(&file, "page").unwrap();
        let meta = std::fs::metadata(&file).unwrap();
        let e = Entry::new(hash(b"page"), &meta);
        let text = write(&mut [("x/a b.html".into(), e), ("bad\nname".into(), e)]);
        let m = Manifest::parse(&text);
        assert_eq!(m.get("x/a b.html"), Some(&e));
        assert!(m.get("bad\nname").is_none() && m.get("bad").is_none());
        assert!(e.still(&meta));
    }

    #[test]
    fn an_old_or_damaged_marker_records_nothing() {
        assert!(Manifest::parse(HEADER).0.is_empty());
        assert!(Manifest::parse("").0.is_empty());
        let damaged = format!("{HEADER}\n{FORMAT}\nzz 1 2 3 a.html\n");
        assert!(Manifest::parse(&damaged).0.is_empty());
    }

    #[test]
    fn a_file_changed_since_it_was_recorded_is_not_still_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.html");
        std::fs::write(&file, "page").unwrap();
        let e = Entry::new(hash(b"page"), &std::fs::metadata(&file).unwrap());
        // Edited in place, to the same size: only its time tells.
        let f = std::fs::File::options().write(true).open(&file).unwrap();
        f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1000))
            .unwrap();
        assert!(!e.still(&std::fs::metadata(&file).unwrap()));
        std::fs::write(&file, "longer page").unwrap();
        assert!(!e.still(&std::fs::metadata(&file).unwrap()));
    }
}
