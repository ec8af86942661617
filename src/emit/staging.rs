//! Atomic output. Everything goes to a staging folder beside the
//! build dir, which is swapped in only when complete, so a failed or interrupted build
//! leaves the previous site byte-for-byte intact. A build of only some formats
//! (`--output epub`) starts its staging folder with the previous build's files of the
//! other formats, hard-linked, so they come through the swap unchanged.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashSet as HashSet;
use std::io::Write;
use std::sync::Mutex;

use super::manifest::{self, Entry};
use super::update::{Compare, Update};
use super::{failed, is_inside, Sink};
use crate::diagnostics::{Diagnostic, Kind};

/// Written into every build dir so `clean` removes only folders metbook made.
pub const MARKER: &str = ".metbook-build";

/// The staging folder beside `build_dir` that a build writes into before swapping it in.
pub fn staging_name(build_dir: &Path) -> PathBuf {
    let name = build_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book".into());
    build_dir.with_file_name(format!(".{name}.metbook-staging-{}", std::process::id()))
}

/// Removes staging folders left by a run that was killed.
pub fn remove_stale_staging(build_dir: &Path) {
    let Some(parent) = build_dir.parent() else {
        return;
    };
    let name = build_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefixes = [
        format!(".{name}.metbook-staging-"),
        format!(".{name}.metbook-old-"),
    ];
    // A run killed between its two renames leaves the previous site only under its `-old-`
    // name: put it back before anything else.
    if !build_dir.exists() {
        if let Ok(entries) = std::fs::read_dir(parent) {
            let old = entries.flatten().map(|e| e.path()).find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(prefixes[1].as_str()))
                    && p.join(MARKER).exists()
            });
            if let Some(old) = old {
                let _ = std::fs::rename(old, build_dir);
            }
        }
    }
    if let Ok(entries) = std::fs::read_dir(parent) {
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if !prefixes.iter().any(|p| n.starts_with(p.as_str())) {
                continue;
            }
            if e.path().join(MARKER).exists() {
                let _ = std::fs::remove_dir_all(e.path());
            } else {
                // A run killed between making its staging folder and writing the marker
                // leaves it empty; `remove_dir` removes only an empty folder, so another
                // program's folder of that name, with anything in it, is kept.
                let _ = std::fs::remove_dir(e.path());
            }
        }
    }
}

/// What of the previous build a build keeps.
pub enum Keep<'a> {
    /// Nothing: the build makes the whole folder (every format book.toml turns on), in a
    /// staging folder swapped in whole. A build that needs the whole site on disk before
    /// it is finished (the PDF is printed from it) uses this.
    Nothing,
    /// The files whose bytes the build makes again: it makes the whole folder, but writes
    /// only what changed, moved in when it succeeds (see `update.rs`); without a previous
    /// build, as [`Keep::Nothing`].
    Unchanged,
    /// The files this accepts (by site path), carried into the staging folder: a build of
    /// some formats, the HTML site among them.
    Carry(&'a dyn Fn(&str) -> bool),
    /// Everything but the files the build writes, which are moved in one by one when it
    /// succeeds: a build of single-file formats only (`--output epub`), which then costs
    /// nothing per page of the site it leaves alone.
    AllElse,
}

/// A staging folder beside the build dir that receives the files as they are rendered.
/// It replaces the build dir on [`Staging::commit`]; dropped uncommitted, it is removed.
pub struct Staging {
    pub(super) dir: PathBuf,
    pub(super) build_dir: PathBuf,
    /// Folders made so far, so each is created once.
    made: Mutex<HashSet<PathBuf>>,
    /// Site paths carried over from the previous build, sorted.
    pub(super) carried: Vec<String>,
    /// With [`Keep::AllElse`] and a previous build: the files written, to move in.
    pub(super) in_place: Option<Mutex<Vec<String>>>,
    /// With [`Keep::Unchanged`] and a previous build: what it holds and what changed.
    update: Option<Update>,
    /// Every file this build made, for the manifest the next build compares with.
    files: Mutex<Vec<(String, Entry)>>,
    committed: bool,
}

impl Staging {
    /// Refuses a build dir metbook did not make, then creates the staging folder, with
    /// what `keep` says to keep of the previous build.
    pub fn begin(build_dir: &Path, keep: Keep) -> Result<Staging, Diagnostic> {
        remove_stale_staging(build_dir);
        if build_dir.exists()
            && !build_dir.join(MARKER).exists()
            && std::fs::read_dir(build_dir)
                .map(|mut d| d.next().is_some())
                .unwrap_or(true)
        {
            return Err(Diagnostic::error(
                Kind::BuildDir,
                build_dir,
                1,
                1,
                format!(
                    "`{}` exists and was not made by metbook, so it is left alone",
                    build_dir.display()
                ),
            )
            .help("choose another `build-dir` in book.toml, or move that folder away"));
        }
        let dir = staging_name(build_dir);
        let mut staging = Staging {
            dir: dir.clone(),
            build_dir: build_dir.to_path_buf(),
            made: Mutex::new(HashSet::from_iter([dir.clone()])),
            carried: Vec::new(),
            in_place: None,
            update: None,
            files: Mutex::new(Vec::new()),
            committed: false,
        };
        let previous = build_dir.join(MARKER).exists();
        // A partial build keeps the previous marker too, so nothing of the previous build
        // it does not remake changes, not even the date of that file.
        std::fs::create_dir_all(&dir)
            .and_then(|_| {
                let kept = matches!(keep, Keep::Carry(_))
                    && std::fs::hard_link(build_dir.join(MARKER), dir.join(MARKER)).is_ok();
                match kept {
                    true => Ok(()),
                    false => std::fs::write(dir.join(MARKER), format!("{}\n", manifest::HEADER)),
                }
            })
            .map_err(|e| failed("create the staging folder", &dir, e))?;
        match keep {
            Keep::Carry(carry) if previous => staging.carried = staging.carry_over(carry)?,
            Keep::AllElse if previous => staging.in_place = Some(Mutex::new(Vec::new())),
            Keep::Unchanged if previous => {
                let update = Update::begin(build_dir)
                    .map_err(|e| failed("read the previous build", build_dir, e))?;
                staging.update = Some(update);
            }
            _ => {}
        }
        Ok(staging)
    }

    /// The staging folder itself, for work that needs the site's files on disk (the PDF).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Swaps the finished staging folder in for the previous site (or, building single
    /// files only, moves them in).
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        if self.in_place.is_some() {
            return self.move_in();
        }
        let mut files = std::mem::take(&mut *self.files.lock().unwrap_or_else(|e| e.into_inner()));
        if let Some(update) = &self.update {
            update
                .commit(&self.dir, &mut files)
                .map_err(|e| failed("update the previous site", &self.build_dir, e))?;
            self.committed = true;
            return Ok(());
        }
        self.write_manifest(&mut files)?;
        swap(&self.dir, &self.build_dir)
            .map_err(|e| failed("replace the previous site", &self.build_dir, e))?;
        self.committed = true;
        Ok(())
    }

    /// Where the previous site holds exactly these bytes at `path`, hard-links that file
    /// into the staging folder instead of writing a new one. Unchanged pages then keep
    /// their modification time (deploys with rsync copy only what changed), nothing is
    /// written to disk, and no inode is allocated and freed per page per build, which on
    /// ext4 grows costly when builds follow each other. The previous site stays as it was:
    /// a linked file is never written to.
    fn link_unchanged(&self, path: &str, bytes: &[u8], file: &Path) -> bool {
        let old = self.build_dir.join(path);
        let same = std::fs::symlink_metadata(&old)
            .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
            && std::fs::read(&old).is_ok_and(|b| b == bytes);
        same && std::fs::hard_link(&old, file).is_ok()
    }

    /// The staging path for site path `p`, with its folder made.
    pub(super) fn target(&self, p: &str) -> Result<PathBuf, Diagnostic> {
        // Defence in depth: every output path must stay inside the build folder.
        if !is_inside(p) {
            return Err(Diagnostic::error(Kind::BuildDir, &self.build_dir, 1, 1, format!("refusing to write `{p}`, which would land outside the build folder"))
                .help("this is a bug in metbook or in a chapter path; chapter files must be inside the source folder"));
        }
        let file = self.dir.join(p);
        if let Some(parent) = file.parent() {
            let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
            if !made.contains(parent) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| failed("create a folder", parent, e))?;
                made.insert(parent.to_path_buf());
            }
        }
        Ok(file)
    }
}

impl Staging {
    pub(super) fn mark_committed(&mut self) {
        self.committed = true;
    }

    /// Notes a file made, as the file system now holds it.
    fn made(&self, path: &str, hash: u128, meta: &std::fs::Metadata) {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.to_string(), Entry::new(hash, meta)));
    }

    /// Writes the manifest of the files made into the staging folder's marker, replacing
    /// it (in a partial build it is a link to the previous build's marker).
    fn write_manifest(&self, files: &mut [(String, Entry)]) -> Result<(), Diagnostic> {
        let marker = self.dir.join(MARKER);
        let new = self.dir.join(".metbook-build.new");
        std::fs::write(&new, manifest::write(files))
            .and_then(|_| std::fs::rename(&new, &marker))
            .map_err(|e| failed("write a file", &marker, e))
    }

    /// Writes `bytes` to `file` and notes them as site path `path`.
    fn write_new(
        &self,
        path: &str,
        hash: u128,
        file: &Path,
        bytes: &[u8],
    ) -> Result<(), Diagnostic> {
        let mut f = std::fs::File::create(file).map_err(|e| failed("write a file", file, e))?;
        f.write_all(bytes)
            .and_then(|_| f.metadata())
            .map(|meta| self.made(path, hash, &meta))
            .map_err(|e| failed("write a file", file, e))
    }

    /// [`Sink::put`] over a previous site: only a changed file is written.
    fn put_update(&self, u: &Update, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let hash = manifest::hash(bytes);
        if let Some(e) = u.unchanged(path, hash) {
            self.files
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((path.to_string(), e));
            return Ok(());
        }
        let file = u.new_file(&self.dir);
        self.write_new(path, hash, &file, bytes)?;
        u.staged(path, file);
        Ok(())
    }

    /// [`Sink::put_with`] over a previous site: compared with the previous copy as it is
    /// made, and written only from where it differs.
    fn put_with_update(
        &self,
        u: &Update,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let file = u.new_file(&self.dir);
        let fail = |e| failed("write a file", &file, e);
        let mut out = Compare::new(u.previous_file(path), file.clone()).map_err(fail)?;
        fill(&mut out).map_err(fail)?;
        match out.finish().map_err(fail)? {
            (hash, Some(f)) => {
                let meta = f.metadata().map_err(fail)?;
                self.made(path, hash, &meta);
                u.staged(path, file.clone());
            }
            (hash, None) => {
                let old = self.build_dir.join(path);
                let meta =
                    std::fs::symlink_metadata(&old).map_err(|e| failed("read a file", &old, e))?;
                self.made(path, hash, &meta);
            }
        }
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        if let Some(u) = &self.update {
            return self.put_update(u, path, &bytes);
        }
        let file = self.fresh(path)?;
        self.written(path);
        let hash = manifest::hash(&bytes);
        if self.link_unchanged(path, &bytes, &file) {
            if let Ok(meta) = std::fs::symlink_metadata(&file) {
                self.made(path, hash, &meta);
            }
            return Ok(());
        }
        self.write_new(path, hash, &file, &bytes)
    }

    fn put_with(
        &self,
        path: &str,
        _: usize,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        if let Some(u) = &self.update {
            return self.put_with_update(u, path, fill);
        }
        let file = self.fresh(path)?;
        self.written(path);
        let mut out = Hashing {
            out: std::fs::File::create(&file)
                .map(|f| std::io::BufWriter::with_capacity(1 << 16, f))
                .map_err(|e| failed("write a file", &file, e))?,
            hasher: xxhash_rust::xxh3::Xxh3::new(),
        };
        let fail = |e| failed("write a file", &file, e);
        fill(&mut out).map_err(fail)?;
        let f = out.out.into_inner().map_err(|e| fail(e.into_error()))?;
        let meta = f.metadata().map_err(fail)?;
        self.made(path, out.hasher.digest128(), &meta);
        Ok(())
    }
}

/// A writer that hashes what passes through it.
struct Hashing<W> {
    out: W,
    hasher: xxhash_rust::xxh3::Xxh3,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed || self.in_place.is_some() || self.update.is_some() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn swap(staging: &Path, build_dir: &Path) -> std::io::Result<()> {
    if build_dir.exists() {
        let name = build_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let old = build_dir.with_file_name(format!(".{name}.metbook-old-{}", std::process::id()));
        std::fs::rename(build_dir, &old)?;
        if let Err(e) = std::fs::rename(staging, build_dir) {
            let _ = std::fs::rename(&old, build_dir);
            return Err(e);
        }
        let started = std::time::Instant::now();
        remove_old_site(&old);
        crate::timing::Stages::report("remove old site", started.elapsed());
        Ok(())
    } else {
        if let Some(p) = build_dir.parent() {
            std::fs::create_dir_all(p)?;
        }
        std::fs::rename(staging, build_dir)
    }
}

/// Removes the previous site, its marker file last: a run killed part-way leaves a folder
/// that still carries the marker, so the next build recognises it and finishes the job.
fn remove_old_site(old: &Path) {
    remove_children(old, Some(MARKER));
    let _ = std::fs::remove_file(old.join(MARKER));
    let _ = std::fs::remove_dir(old);
}

/// Removes a folder tree, its subfolders in parallel: unlinking the previous site's
/// thousands of files is a large share of a build's wall time. Symlinks are removed, never
/// followed. Best effort: what cannot be removed stays until the next build tidies up.
fn remove_tree(dir: &Path) {
    remove_children(dir, None);
    let _ = std::fs::remove_dir(dir);
}

fn remove_children(dir: &Path, keep: Option<&str>) {
    use rayon::prelude::*;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let entries: Vec<_> = entries
        .flatten()
        .filter(|e| keep.is_none_or(|k| e.file_name() != k))
        .collect();
    entries.par_iter().for_each(|e| match e.file_type() {
        Ok(t) if t.is_dir() => remove_tree(&e.path()),
        _ => {
            let _ = std::fs::remove_file(e.path());
        }
    });
}
