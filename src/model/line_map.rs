//! Where each line of a chapter's expanded text came from, so a problem inside included
//! text is reported at the included file's own line.

use std::path::{Path, PathBuf};

/// Where each line of an expanded text came from.
#[derive(Debug, Clone, Default)]
pub struct LineMap {
    /// Sorted by `start`.
    pub(crate) runs: Vec<MapRun>,
}

/// Expanded lines from `start` on come from `file`, from its text's line `from` on.
#[derive(Debug, Clone)]
pub(crate) struct MapRun {
    pub(crate) start: usize,
    pub(crate) file: PathBuf,
    pub(crate) from: usize,
    /// For included text, the file's line number of each line of that text: a line range
    /// or an anchor selects from the middle of the file, and ANCHOR lines are left out.
    pub(crate) lines: Option<std::sync::Arc<[usize]>>,
}

impl LineMap {
    /// Every file that contributed lines, the including file first.
    pub fn files(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = self.runs.iter().map(|r| r.file.clone()).collect();
        v.dedup();
        v
    }

    /// The file and line that line `line` of the expanded text came from; `own` for the including file's own lines.
    pub fn locate(&self, line: usize, own: &Path) -> (PathBuf, usize) {
        match self.runs.partition_point(|r| r.start <= line) {
            0 => (own.to_path_buf(), line),
            i => {
                let r = &self.runs[i - 1];
                let n = r.from + (line - r.start);
                let n = match &r.lines {
                    Some(lines) => lines.get(n - 1).or(lines.last()).copied().unwrap_or(n),
                    None => n,
                };
                (r.file.clone(), n)
            }
        }
    }
}

/// Lines of the author's files where preprocessors wrote or changed text, with the names of
/// those that changed the chapter, so a problem found there can say its line is only the
/// nearest line of the file.
#[derive(Debug, Clone, Default)]
pub struct Rewrites(std::collections::HashMap<PathBuf, std::collections::HashMap<usize, String>>);

impl Rewrites {
    /// Records that `by` wrote or changed line `line` of `file` (the first preprocessor to do so is kept).
    pub fn insert(&mut self, file: PathBuf, line: usize, by: &str) {
        self.0
            .entry(file)
            .or_default()
            .entry(line)
            .or_insert_with(|| by.to_string());
    }

    /// Whether no preprocessor changed anything.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The preprocessors that wrote or changed `file`'s line `line`, if any did.
    pub fn by(&self, file: &Path, line: usize) -> Option<&str> {
        self.0.get(file)?.get(&line).map(String::as_str)
    }
}
