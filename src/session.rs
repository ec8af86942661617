//! A long-lived build for `serve`: the last good site kept in memory, rebuilt when files
//! change. A failed rebuild keeps serving the last good site and reports its diagnostics.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diagnostics::Diagnostics;

pub struct Session {
    root: PathBuf,
    /// The last good site: site path → bytes.
    pub site: HashMap<String, Vec<u8>>,
}

pub struct Rebuild {
    pub diagnostics: Diagnostics,
    /// False when the book has errors; the previous site is still served.
    pub ok: bool,
    /// Site paths whose bytes changed (added, modified or removed).
    pub changed: Vec<String>,
    pub millis: u128,
}

impl Session {
    pub fn new(root: &Path) -> Session {
        Session { root: root.to_path_buf(), site: HashMap::new() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Rebuilds after `changed` files (empty = everything) and swaps in the new site when
    /// it has no errors.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Rebuild {
        let _ = changed;
        let start = Instant::now();
        let mut diags = Diagnostics::default();
        let result = crate::compile(&self.root, &mut diags);
        let ok = result.is_some() && !diags.has_errors();
        let mut changed_paths = Vec::new();
        if let (true, Some((site, _))) = (ok, result) {
            let new: HashMap<String, Vec<u8>> = site.into_iter().collect();
            for (p, b) in &new {
                if self.site.get(p) != Some(b) {
                    changed_paths.push(p.clone());
                }
            }
            for p in self.site.keys() {
                if !new.contains_key(p) {
                    changed_paths.push(p.clone());
                }
            }
            changed_paths.sort();
            self.site = new;
        }
        diags.finish(&self.root);
        Rebuild { diagnostics: diags, ok, changed: changed_paths, millis: start.elapsed().as_millis() }
    }
}
