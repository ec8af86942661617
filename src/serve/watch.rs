//! Watches the book's files and sends batches of changed paths to the builder.
//!
//! The root itself is watched shallowly (book.toml, files beside it) and each of its folders
//! recursively, except the build dir, dot-folders and tool folders such as `target/`: a book
//! kept inside a code repository must not put an inotify watch on every folder Cargo makes.
//! Folders created at the root later are picked up as they appear.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};

/// Short enough to feel instant, long enough to see an editor's write-rename-delete of an
/// atomic save as one change.
const DEBOUNCE: Duration = Duration::from_millis(30);

/// Folders at the root that never hold book sources.
const SKIPPED: &[&str] = &["target", "node_modules"];

pub(super) struct Filter {
    root: PathBuf,
    build_dir: PathBuf,
    /// Folders outside the book that are watched too: `[build] extra-watch-dirs` and the
    /// folders of files included from elsewhere in the project.
    extra: Vec<PathBuf>,
}

impl Filter {
    pub(super) fn new(root: &Path, build_dir: &Path, extra: &[PathBuf]) -> Filter {
        Filter {
            root: root.to_path_buf(),
            build_dir: build_dir.to_path_buf(),
            extra: extra.to_vec(),
        }
    }

    /// True for a path whose change could change the site.
    pub(super) fn wanted(&self, path: &Path) -> bool {
        let base = std::iter::once(&self.root)
            .chain(&self.extra)
            .find(|b| path.starts_with(b));
        let Some(Ok(rel)) = base.map(|b| path.strip_prefix(b)) else {
            return false;
        };
        if path.starts_with(&self.build_dir) {
            return false;
        }
        let names: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if names.iter().any(|n| n.starts_with('.')) {
            return false;
        }
        if names.len() > 1 && SKIPPED.contains(&names[0].as_str()) {
            return false;
        }
        // Editors' backup and swap files (vim's `x.md~`, `.x.md.swp`, its `4913` probe, Emacs' `#x.md#`).
        let name = names.last().map(String::as_str).unwrap_or("");
        !(name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".swx")
            || name == "4913"
            || name.starts_with('#'))
    }

    /// A folder at the root that should be watched recursively.
    fn top_folder(&self, path: &Path) -> bool {
        path.parent() == Some(self.root.as_path())
            && path.is_dir()
            && !path.starts_with(&self.build_dir)
            && path
                .file_name()
                .map(|n| {
                    !n.to_string_lossy().starts_with('.')
                        && !SKIPPED.contains(&&*n.to_string_lossy())
                })
                .unwrap_or(false)
    }
}

/// Starts watching `root`; the receiver yields one batch of changed paths per debounce.
/// The watcher lives on its own thread for as long as the receiver is held.
pub(super) fn spawn(
    root: &Path,
    build_dir: &Path,
    extra: &[PathBuf],
) -> Result<Receiver<Vec<PathBuf>>, String> {
    let filter = Filter::new(root, build_dir, extra);
    let (raw_tx, raw_rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, raw_tx).map_err(|e| e.to_string())?;
    for dir in extra.iter().filter(|d| !d.starts_with(root)) {
        debouncer
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("{}: {e}", root.display()))?;
    let entries = std::fs::read_dir(root).map_err(|e| format!("{}: {e}", root.display()))?;
    for entry in entries.flatten() {
        let p = entry.path();
        if filter.top_folder(&p) {
            debouncer
                .watch(&p, RecursiveMode::Recursive)
                .map_err(|e| format!("{}: {e}", p.display()))?;
        }
    }
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("metbook-watch".into())
        .spawn(move || {
            for result in raw_rx {
                let Ok(events) = result else {
                    // Watch errors (e.g. a removed folder) are not worth stopping the preview for.
                    continue;
                };
                let mut batch: Vec<PathBuf> = Vec::new();
                for ev in events {
                    if matches!(ev.kind, EventKind::Access(_)) {
                        continue;
                    }
                    for p in &ev.paths {
                        if matches!(ev.kind, EventKind::Create(_)) && filter.top_folder(p) {
                            let _ = debouncer.watch(p, RecursiveMode::Recursive);
                        }
                        if filter.wanted(p) && !batch.contains(p) {
                            batch.push(p.clone());
                        }
                    }
                }
                if !batch.is_empty() && tx.send(batch).is_err() {
                    return;
                }
            }
        })
        .map_err(|e| e.to_string())?;
    Ok(rx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_build_dir_dot_dirs_tool_dirs_and_editor_files() {
        let f = Filter::new(
            Path::new("/b"),
            Path::new("/b/book"),
            &[PathBuf::from("/listings")],
        );
        assert!(f.wanted(Path::new("/listings/ch1/main.rs")));
        assert!(!f.wanted(Path::new("/listings/.git/x")));
        assert!(f.wanted(Path::new("/b/book.toml")));
        assert!(f.wanted(Path::new("/b/manual/a.md")));
        assert!(f.wanted(Path::new("/b/manual/glossary.yml")));
        assert!(f.wanted(Path::new("/b/theme/css/x.css")));
        assert!(!f.wanted(Path::new("/b/book/index.html")));
        assert!(!f.wanted(Path::new("/b/.git/index")));
        assert!(!f.wanted(Path::new("/b/manual/.a.md.swp")));
        assert!(!f.wanted(Path::new("/b/manual/a.md~")));
        assert!(!f.wanted(Path::new("/b/manual/4913")));
        assert!(!f.wanted(Path::new("/b/target/debug/x")));
        assert!(!f.wanted(Path::new("/elsewhere/a.md")));
    }
}
