//! Canonical paths without a `realpath` per file. `Path::canonicalize` asks the file
//! system about every component of a path; a book's chapters share a few folders, so a
//! folder is made canonical once and a file that is not itself a link is its canonical
//! folder joined with its name.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Canonical folders seen so far (shared by the threads that read chapters).
#[derive(Default)]
pub(crate) struct Canon(Mutex<HashMap<PathBuf, PathBuf>>);

impl Canon {
    /// What `p.canonicalize()` gives, with one `lstat` for a file in a folder seen before.
    pub(crate) fn of(&self, p: &Path) -> io::Result<PathBuf> {
        let is_link = std::fs::symlink_metadata(p)?.file_type().is_symlink();
        self.of_known(p, is_link)
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

    fn folder(&self, dir: &Path) -> io::Result<PathBuf> {
        if let Some(c) = self.lock().get(dir) {
            return Ok(c.clone());
        }
        let c = dir.canonicalize()?;
        self.lock().insert(dir.to_path_buf(), c.clone());
        Ok(c)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, PathBuf>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
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
        std::os::unix::fs::symlink(t.join("a/b"), t.join("link")).unwrap();
        std::os::unix::fs::symlink(t.join("a/b/c.md"), t.join("a/file-link.md")).unwrap();
        let canon = Canon::default();
        for p in [
            "a/b/c.md",
            "link/c.md",
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
}
