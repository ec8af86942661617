//! The EPUB edition: epubcheck (Debian's `epubcheck`, installed by
//! scripts/install-test-deps.sh; a missing one fails, never skips) on the bundled handbook
//! and on fixture books, the navigation document against SUMMARY.md, links inside the
//! EPUB, the MET blocks in it, what it leaves out of raw HTML, and how it is built: only
//! some formats (`--output`), atomically, reproducibly.

#[path = "common/mod.rs"]
mod common;

mod epub {
    pub(crate) mod content;
    pub(crate) mod outputs;
    pub(crate) mod support;
    pub(crate) mod valid;
}
