//! Canonical paths without a `realpath` per file. `Path::canonicalize` asks the file
//! system about every component of a path; a book's chapters share a few folders, so a
//! folder is made canonical once and a file that is not itself a link is its canonical
//! folder joined with its name. A file's answer is kept with its modification time, so
//! listing the book's files and dating the book ask the file system nothing more.

use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

// Paths hash component by component; SipHash on every component was a visible share of
// loading a large book, and these keys come from the book's own files.
type HashMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// Canonical folders and files seen so far (shared by the threads that read chapters).
#[derive(Default)]
pub(crate) struct Canon {
    folders: Mutex<HashMap<PathBuf, PathBuf>>,
    files: Mutex<HashMap<PathBuf, PathBuf>>,
    /// Modification times by canonical path, for the files [`Canon::of`] looked at.
    modified: Mutex<HashMap<PathBuf, SystemTime>>,
}

impl Canon {
    /// What `p.canonicalize()` gives, with one `lstat` for a file in a folder seen before,
    /// and none for a file seen before.
    pub(crate) fn of(&self, p: &Path) -> io::Result<PathBuf> {
        if let Some(c) = lock(&self.files).get(p) {
            return Ok(c.clone());
        }
        let meta = std::fs::symlink_metadata(p)?;
        let is_link = meta.file_type().is_symlink();
        let c = self.of_known(p, is_link)?;
        if !is_link {
            if let Ok(t) = meta.modified() {
                lock(&self.modified).insert(c.clone(), t);
            }
        }
        lock(&self.files).insert(p.to_path_buf(), c.clone());
        Ok(c)
    }

    /// [`Canon::of`] for a path whose kind a directory listing already gave.
    pub(crate) fn of_known(&self, p: &Path, is_link: bool) -> io::Result<PathBuf> {
        let (Some(dir), Some(name)) = (p.parent(), p.file_name()) else {
            return p.canonicalize();
        };
        if is_link || dir.as_os_str().is_empty() || name == ".." {
            return p.canonicalize();
        }
        Ok(self.folder(dir)?.join(name))
    }

    /// When the file at canonical path `c` last changed, if [`Canon::of`] looked at it.
    pub(crate) fn modified(&self, c: &Path) -> Option<SystemTime> {
        lock(&self.modified).get(c).copied()
    }

    /// A folder's canonical path: its parent's joined with its name when it is no link
    /// (one `lstat`), so only the first folder of a path costs a `realpath`.
    fn folder(&self, dir: &Path) -> io::Result<PathBuf> {
        if let Some(c) = lock(&self.folders).get(dir) {
            return Ok(c.clone());
        }
        let plain =
            (dir.components()).all(|c| matches!(c, Component::Normal(_) | Component::RootDir));
        let c = match (dir.parent(), dir.file_name()) {
            (Some(parent), Some(name)) if plain && !parent.as_os_str().is_empty() => {
                let meta = std::fs::symlink_metadata(dir)?;
                if meta.is_dir() {
                    self.folder(parent)?.join(name)
                } else {
                    dir.canonicalize()?
                }
            }
            _ => dir.canonicalize()?,
        };
        lock(&self.folders).insert(dir.to_path_buf(), c.clone());
        Ok(c)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_as_canonicalize_for_files_links_and_dots() {
        let tmp = tempfile::tempdir().unwrap();
        let t = tmp.path();
        std::fs::create_dir_all(t.join("a/b")).unwrap();
        std::fs::write(t.join("a/b/c.md"), "").unwrap();
        std::fs::create_dir_all(t.join("a/b/d")).unwrap();
        std::fs::write(t.join("a/b/d/e.md"), "").unwrap();
        std::os::unix::fs::symlink(t.join("a/b"), t.join("link")).unwrap();
        std::os::unix::fs::symlink(t.join("a/b/c.md"), t.join("a/file-link.md")).unwrap();
        let canon = Canon::default();
        for p in [
            "a/b/c.md",
            "link/c.md",
            // A plain folder under a link: its parent's canonical path is the link's target.
            "link/d/e.md",
            "a/b/d/e.md",
            "a/file-link.md",
            "a/./b/../b/c.md",
            "a/b/..",
            "a/b",
        ] {
            let p = t.join(p);
            assert_eq!(canon.of(&p).unwrap(), p.canonicalize().unwrap(), "{p:?}");
        }
        assert!(canon.of(&t.join("a/missing.md")).is_err());
    }

    #[test]
    fn a_file_is_asked_about_once_and_keeps_its_time() {
        let tmp = tempfile::tempdir().unwrap();
        let f = tmp.path().join("c.md");
        std::fs::write(&f, "").unwrap();
        let canon = Canon::default();
        let c = canon.of(&f).unwrap();
        let when = std::fs::metadata(&f).unwrap().modified().unwrap();
        assert_eq!(canon.modified(&c), Some(when));
        // Gone from the disk, it is still answered from what was seen.
        std::fs::remove_file(&f).unwrap();
        assert_eq!(canon.of(&f).unwrap(), c);
        assert_eq!(canon.modified(&tmp.path().join("other.md")), None);
    }
}
