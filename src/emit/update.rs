//! Rebuilding over a previous site: only the files whose bytes changed are written, each
//! into the staging folder first, and moved into the site by a rename when the whole build
//! has succeeded; files the build no longer makes are removed then, and the manifest is
//! written last. An unchanged page is not touched at all: no write, no read of the old
//! copy, no link, so a rebuild costs the file system about what changed. A build that
//! fails or is stopped before its commit leaves the previous site exactly as it was; one
//! stopped during it leaves each file whole (old or new), and the next build, finding
//! the files unlike the manifest, writes them again.

use rustc_hash::FxHashSet as HashSet;
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::manifest::{self, Entry, Manifest};
use super::staging::MARKER;

/// What the previous site holds, and what this build has staged to replace.
pub(super) struct Update {
    build_dir: PathBuf,
    previous: Manifest,
    /// Regular files of the previous site, by site path (none under a linked folder).
    files: HashSet<String>,
    /// Real folders of the previous site.
    dirs: HashSet<String>,
    /// Links and other entries, which a build never writes through.
    others: Vec<String>,
    /// Changed files: site path and its file in the staging folder.
    staged: Mutex<Vec<(String, PathBuf)>>,
    next: AtomicUsize,
}

impl Update {
    /// Reads the previous site's manifest and lists its files, without reading them.
    pub(super) fn begin(build_dir: &Path) -> io::Result<Update> {
        let text = fs::read_to_string(build_dir.join(MARKER)).unwrap_or_default();
        let mut u = Update {
            build_dir: build_dir.to_path_buf(),
            previous: Manifest::parse(&text),
            files: HashSet::default(),
            dirs: HashSet::default(),
            others: Vec::new(),
            staged: Mutex::new(Vec::new()),
            next: AtomicUsize::new(0),
        };
        for e in walkdir::WalkDir::new(build_dir).min_depth(1) {
            let e = e?;
            let Ok(rel) = e.path().strip_prefix(build_dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            match e.file_type() {
                t if t.is_dir() => u.dirs.insert(rel),
                t if t.is_file() && rel != MARKER => u.files.insert(rel),
                t if t.is_file() => false,
                _ => {
                    u.others.push(rel);
                    false
                }
            };
        }
        Ok(u)
    }

    /// The previous site's entry for `path` when it holds exactly bytes hashing to `hash`,
    /// untouched since that build wrote them.
    pub(super) fn unchanged(&self, path: &str, hash: u128) -> Option<Entry> {
        let e = self.previous.get(path).filter(|e| e.hash() == hash)?;
        if !self.files.contains(path) {
            return None;
        }
        let meta = fs::symlink_metadata(self.build_dir.join(path)).ok()?;
        e.still(&meta).then_some(*e)
    }

    /// A name for a new file in the staging folder: flat, so no folder is made for it.
    pub(super) fn new_file(&self, staging: &Path) -> PathBuf {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        staging.join(format!("{n}.new"))
    }

    /// Notes `file` in the staging folder as the new copy of site path `path`.
    pub(super) fn staged(&self, path: &str, file: PathBuf) {
        self.staged
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.to_string(), file));
    }

    /// The previous site's copy of `path`, when it is a regular file a build may compare
    /// against.
    pub(super) fn previous_file(&self, path: &str) -> Option<PathBuf> {
        self.files.contains(path).then(|| self.build_dir.join(path))
    }

    /// Moves each changed file in, removes what this build did not make (`made`: every
    /// site path it wrote or kept) and writes the manifest, last, through the staging
    /// folder so that it too is replaced whole.
    pub(super) fn commit(&self, staging: &Path, made: &mut [(String, Entry)]) -> io::Result<()> {
        let staged = std::mem::take(&mut *self.staged.lock().unwrap_or_else(|e| e.into_inner()));
        let mut dirs = self.dirs.clone();
        for (path, file) in &staged {
            self.place(path, file, &mut dirs)?;
        }
        let keep: HashSet<&str> = made.iter().map(|(p, _)| p.as_str()).collect();
        self.remove_unmade(&keep)?;
        let marker = staging.join(MARKER);
        fs::write(&marker, manifest::write(made))?;
        fs::rename(&marker, self.build_dir.join(MARKER))
    }

    /// Renames a staged file to its place, making its folders; a file or link where a
    /// folder must go is removed first (never followed), as is a folder where the file
    /// goes.
    fn place(&self, path: &str, file: &Path, dirs: &mut HashSet<String>) -> io::Result<()> {
        let mut folder = String::new();
        let parts: Vec<&str> = path.split('/').collect();
        for part in &parts[..parts.len() - 1] {
            if !folder.is_empty() {
                folder.push('/');
            }
            folder.push_str(part);
            if dirs.contains(&folder) {
                continue;
            }
            let at = self.build_dir.join(&folder);
            match fs::symlink_metadata(&at) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => {
                    fs::remove_file(&at)?;
                    fs::create_dir(&at)?;
                }
                Err(_) => fs::create_dir(&at)?,
            }
            dirs.insert(folder.clone());
        }
        let to = self.build_dir.join(path);
        if self.dirs.contains(path) {
            fs::remove_dir_all(&to)?;
        }
        fs::rename(file, to)
    }

    /// Removes the previous site's files, links and folders that this build did not make.
    fn remove_unmade(&self, keep: &HashSet<&str>) -> io::Result<()> {
        let needed: HashSet<&str> = keep.iter().flat_map(|p| ancestors(p)).collect();
        let mut gone: Vec<&str> = Vec::new();
        let mut dirs: Vec<&String> = (self.dirs.iter())
            .filter(|d| !needed.contains(d.as_str()))
            .collect();
        // Shallowest first: a removed folder takes everything under it.
        dirs.sort_by_key(|d| d.matches('/').count());
        for d in dirs {
            if gone.iter().any(|g| d.starts_with(&format!("{g}/"))) {
                continue;
            }
            // A folder where a page now is was removed by `place`.
            if !keep.contains(d.as_str()) {
                remove(fs::remove_dir_all(self.build_dir.join(d)))?;
            }
            gone.push(d);
        }
        let inside_gone = |p: &str| ancestors(p).any(|a| gone.contains(&a));
        for p in self.files.iter().chain(&self.others) {
            if !keep.contains(p.as_str()) && !needed.contains(p.as_str()) && !inside_gone(p) {
                remove(fs::remove_file(self.build_dir.join(p)))?;
            }
        }
        Ok(())
    }
}

/// Ignores what is already gone.
fn remove(r: io::Result<()>) -> io::Result<()> {
    match r {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        r => r,
    }
}

/// The folders a site path lies in: `a`, `a/b` for `a/b/c.html`.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

/// A writer for a large file (print.html) that compares what it is given with the
/// previous copy as it goes, and writes to the staging folder only from the first
/// difference on (copying the equal start from the previous copy then).
pub(super) struct Compare {
    previous: Option<(PathBuf, BufReader<File>)>,
    equal: u64,
    out: Option<BufWriter<File>>,
    new_file: PathBuf,
    hasher: xxhash_rust::xxh3::Xxh3,
    scratch: Vec<u8>,
}

impl Compare {
    /// Compares with `previous` (if any), writing to `new_file` once they differ.
    pub(super) fn new(previous: Option<PathBuf>, new_file: PathBuf) -> io::Result<Compare> {
        let previous = match previous {
            Some(p) => File::open(&p)
                .ok()
                .map(|f| (p, BufReader::with_capacity(1 << 16, f))),
            None => None,
        };
        let mut c = Compare {
            previous,
            equal: 0,
            out: None,
            new_file,
            hasher: xxhash_rust::xxh3::Xxh3::new(),
            scratch: Vec::new(),
        };
        if c.previous.is_none() {
            c.diverge()?;
        }
        Ok(c)
    }

    /// Starts writing: the equal start, copied from the previous file, then the rest.
    fn diverge(&mut self) -> io::Result<()> {
        let mut out = BufWriter::with_capacity(1 << 16, File::create(&self.new_file)?);
        if let Some((path, _)) = self.previous.take() {
            io::copy(&mut File::open(path)?.take(self.equal), &mut out)?;
        }
        self.out = Some(out);
        Ok(())
    }

    /// The content hash, and whether the previous file was the same to the last byte
    /// (then nothing was written).
    pub(super) fn finish(mut self) -> io::Result<(u128, Option<File>)> {
        if let Some((_, old)) = &mut self.previous {
            let mut one = [0u8; 1];
            if old.read(&mut one)? != 0 {
                self.diverge()?;
            }
        }
        let hash = self.hasher.digest128();
        match self.out {
            None => Ok((hash, None)),
            Some(out) => Ok((hash, Some(out.into_inner().map_err(|e| e.into_error())?))),
        }
    }
}

impl Write for Compare {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.hasher.update(buf);
        if let Some((_, old)) = &mut self.previous {
            self.scratch.resize(buf.len(), 0);
            let same = old.read_exact(&mut self.scratch).is_ok() && self.scratch == buf;
            if same {
                self.equal += buf.len() as u64;
                return Ok(buf.len());
            }
            self.diverge()?;
        }
        match &mut self.out {
            Some(out) => out.write_all(buf).map(|_| buf.len()),
            None => Ok(buf.len()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.out {
            Some(out) => out.flush(),
            None => Ok(()),
        }
    }
}
