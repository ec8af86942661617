//! Stage 5: where finished files go. Pages are handed to a [`Sink`] as soon as they are
//! rendered, so a build never holds the whole site in memory: `build` streams them into a
//! staging folder that replaces the site only when complete ([`Staging`]), `serve` keeps
//! them in memory ([`Memory`]), and `check` drops them ([`Discard`]).

pub(crate) mod epub;
mod manifest;
mod partial;
pub(crate) mod pdf;
mod staging;
mod update;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostics::{Diagnostic, Kind};
pub use crate::render::Sink;
pub use staging::{remove_stale_staging, staging_name, Keep, Staging, MARKER};

/// Keeps every file in memory, for `serve`.
#[derive(Default)]
pub struct Memory(Mutex<Vec<(String, Vec<u8>)>>);

impl Memory {
    /// The files received, in the order they came.
    pub fn into_files(self) -> Vec<(String, Vec<u8>)> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Memory {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.to_string(), bytes));
        Ok(())
    }
}

/// Drops every file: `check`, and builds that already have errors.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: &str, _: Vec<u8>) -> Result<(), Diagnostic> {
        Ok(())
    }

    fn put_with(
        &self,
        _: &str,
        _: usize,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        fill(&mut std::io::sink()).map_err(|e| write_error(Path::new("print.html"), e))
    }
}

pub(crate) fn write_error(p: &Path, e: std::io::Error) -> Diagnostic {
    failed("write a file", p, e)
}

/// A file-system failure while writing the site, in plain words.
pub(crate) fn failed(what: &str, p: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(Kind::Io, p, 1, 1, format!("could not {what}: {e}"))
        .help("check that the disk has room and that you may write to this folder")
}

/// A relative path made only of normal components (no `..`, no root, no prefix).
pub(crate) fn is_inside(p: &str) -> bool {
    let p = Path::new(p);
    p.components().next().is_some()
        && p.components().all(|c| {
            matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        })
}

/// Refuses build dirs that would overwrite or delete the author's work.
pub fn check_build_dir(root: &Path, src: &Path, build_dir: &Path) -> Result<(), Diagnostic> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root_a, src_a, out_a) = (abs(root), abs(src), abs(build_dir));
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let bad = if out_a == root_a {
        Some("is the book's own folder")
    } else if out_a.parent().is_none() {
        Some("is the root of the file system")
    } else if home.as_deref().map(abs).as_deref() == Some(out_a.as_path()) {
        Some("is your home folder")
    } else if out_a == src_a || out_a.starts_with(&src_a) {
        Some("lies inside the source folder")
    } else if src_a.starts_with(&out_a) {
        Some("contains the source folder")
    } else {
        None
    };
    match bad {
        Some(why) => Err(Diagnostic::error(
            Kind::BuildDir,
            root.join("book.toml"),
            1,
            1,
            format!("the build folder `{}` {why}", build_dir.display()),
        )
        .help("set `[build] build-dir` in book.toml to a folder of its own, such as \"book\"")),
        None => Ok(()),
    }
}
