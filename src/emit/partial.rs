//! Builds of only some formats (`metbook build --output epub`): what they keep of the
//! previous build, and how their files go in. With the HTML site among the formats, the
//! staging folder starts with the previous build's other files, hard-linked, and is
//! swapped in as usual. Without it, the site is left where it is and each file built is
//! moved in by a rename when the build succeeds, so a failure still leaves every previous
//! file as it was.

use std::path::PathBuf;

use super::failed;
use super::staging::{Staging, MARKER};
use crate::diagnostics::Diagnostic;

impl Staging {
    /// The files carried over from the previous build, by site path.
    pub fn carried(&self) -> &[String] {
        &self.carried
    }

    /// Links each file of the previous build that `carry` accepts into the staging
    /// folder (a copy where the file system has no hard links).
    pub(super) fn carry_over(
        &self,
        carry: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<String>, Diagnostic> {
        let mut out = Vec::new();
        if !self.build_dir.join(MARKER).exists() {
            return Ok(out);
        }
        for e in walkdir::WalkDir::new(&self.build_dir).min_depth(1) {
            let e = e.map_err(|e| {
                let p = e.path().unwrap_or(&self.build_dir).to_path_buf();
                failed("read the previous build", &p, e.into())
            })?;
            if !e.file_type().is_file() {
                continue;
            }
            let Ok(rel) = e.path().strip_prefix(&self.build_dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel == MARKER || !carry(&rel) {
                continue;
            }
            let to = self.target(&rel)?;
            std::fs::hard_link(e.path(), &to)
                .or_else(|_| std::fs::copy(e.path(), &to).map(|_| ()))
                .map_err(|err| failed("keep a file of the previous build", e.path(), err))?;
            out.push(rel);
        }
        out.sort();
        Ok(out)
    }

    /// The staging file for site path `p`, made writable: a file carried over is a hard
    /// link to the previous build's, which writing into would change.
    pub(super) fn fresh(&self, p: &str) -> Result<PathBuf, Diagnostic> {
        let file = self.target(p)?;
        if self.carried.binary_search_by(|c| c.as_str().cmp(p)).is_ok() {
            std::fs::remove_file(&file).map_err(|e| failed("replace a file", &file, e))?;
        }
        Ok(file)
    }

    /// Notes a file written, when the build's files are to be moved in one by one.
    pub(super) fn written(&self, path: &str) {
        if let Some(w) = &self.in_place {
            w.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(path.to_string());
        }
    }

    /// Moves each file written into the build folder, replacing the previous one by a
    /// rename (atomic on one file system: the staging folder is the build folder's
    /// sibling).
    pub(super) fn move_in(mut self) -> Result<(), Diagnostic> {
        let written = self
            .in_place
            .as_ref()
            .map(|w| std::mem::take(&mut *w.lock().unwrap_or_else(|e| e.into_inner())))
            .unwrap_or_default();
        for p in written {
            let from = self.dir.join(&p);
            // Working files (the PDF's print document) are removed before the commit.
            if !from.exists() {
                continue;
            }
            let to: PathBuf = self.build_dir.join(&p);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| failed("create a folder", parent, e))?;
            }
            std::fs::rename(&from, &to)
                .map_err(|e| failed("move a finished file into the build folder", &to, e))?;
        }
        self.mark_committed();
        Ok(())
    }
}
