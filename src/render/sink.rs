//! What the render stage hands finished files to. The emit stage decides where they go
//! (a staging folder, memory, nowhere); rendering only knows this trait.

use std::io::Write;

use crate::diagnostics::{Diagnostic, Kind};

/// Receives the site's files, from many threads at once.
pub trait Sink: Sync {
    /// Stores one finished file at site path `path`.
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic>;

    /// Stores a large file written piece by piece (print.html), so that it need not be
    /// assembled in memory first.
    fn put_with(
        &self,
        path: &str,
        size_hint: usize,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let mut bytes = Vec::with_capacity(size_hint);
        fill(&mut bytes).map_err(|e| {
            Diagnostic::error(Kind::Io, path, 1, 1, format!("could not write a file: {e}"))
                .help("check that the disk has room and that you may write to this folder")
        })?;
        self.put(path, bytes)
    }
}

/// Hands files on under a folder: a translated edition's pages go to `es/…`.
pub struct Prefixed<'a> {
    /// Where the files go.
    pub inner: &'a dyn Sink,
    /// The folder they go under (`es/`).
    pub prefix: &'a str,
}

impl Sink for Prefixed<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.inner.put(&format!("{}{path}", self.prefix), bytes)
    }

    fn put_with(
        &self,
        path: &str,
        size_hint: usize,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        self.inner
            .put_with(&format!("{}{path}", self.prefix), size_hint, fill)
    }
}
