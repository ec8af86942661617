//! Stage 5: writes the site atomically. Everything goes to a staging folder beside the
//! build dir, which is swapped in only when complete, so a failed or interrupted build
//! leaves the previous site byte-for-byte intact.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::render::Site;

/// Written into every build dir so `clean` removes only folders metbook made.
pub const MARKER: &str = ".metbook-build";

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
            if prefixes.iter().any(|p| n.starts_with(p.as_str())) && e.path().join(MARKER).exists()
            {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

pub fn write(site: &Site, build_dir: &Path) -> Result<(), Diagnostic> {
    remove_stale_staging(build_dir);
    if build_dir.exists()
        && !build_dir.join(MARKER).exists()
        && std::fs::read_dir(build_dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(Diagnostic::error(
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
    // Defence in depth: every output path must stay inside the build folder.
    if let Some((p, _)) = site.iter().find(|(p, _)| !is_inside(p)) {
        return Err(Diagnostic::error(build_dir, 1, 1, format!("refusing to write `{p}`, which would land outside the build folder"))
            .help("this is a bug in metbook or in a chapter path; chapter files must be inside the source folder"));
    }
    let staging = staging_name(build_dir);
    let fail = |what: &str, p: &Path, e: std::io::Error| {
        let _ = std::fs::remove_dir_all(&staging);
        Diagnostic::error(p, 1, 1, format!("could not {what}: {e}"))
            .help("check that the disk has room and that you may write to this folder")
    };
    std::fs::create_dir_all(&staging)
        .map_err(|e| fail("create the staging folder", &staging, e))?;
    std::fs::write(
        staging.join(MARKER),
        b"This folder was written by metbook; `metbook clean` may remove it.\n",
    )
    .map_err(|e| fail("write into the staging folder", &staging, e))?;
    let mut dirs: Vec<PathBuf> = site
        .iter()
        .filter_map(|(p, _)| Path::new(p).parent().map(|d| staging.join(d)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(|e| fail("create a folder", d, e))?;
    }
    site.par_iter()
        .try_for_each(|(p, bytes)| {
            std::fs::write(staging.join(p), bytes).map_err(|e| (staging.join(p), e))
        })
        .map_err(|(p, e)| fail("write a file", &p, e))?;
    swap(&staging, build_dir).map_err(|e| fail("replace the previous site", build_dir, e))
}

/// A relative path made only of normal components (no `..`, no root, no prefix).
fn is_inside(p: &str) -> bool {
    let p = Path::new(p);
    p.components().next().is_some()
        && p.components().all(|c| {
            matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        })
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
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    } else {
        if let Some(p) = build_dir.parent() {
            std::fs::create_dir_all(p)?;
        }
        std::fs::rename(staging, build_dir)
    }
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
            root.join("book.toml"),
            1,
            1,
            format!("the build folder `{}` {why}", build_dir.display()),
        )
        .help("set `[build] build-dir` in book.toml to a folder of its own, such as \"book\"")),
        None => Ok(()),
    }
}
