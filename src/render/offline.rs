//! Offline reading (`[output.html.offline]`): a web app manifest, so the handbook can be
//! installed, and a service worker (offline_sw.js) that keeps every file of this build.
//! Both have fixed names at the site root: the worker's folder is the folder it may serve.
//! The worker's cache is named after a hash of every file's path and bytes, summed by
//! [`Hashing`] as the files stream past, so any change to the site renews the cache.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

use super::{Inputs, Prepared, Sink};
use crate::diagnostics::{Diagnostic, Diagnostics};

pub(crate) const WORKER: &str = "sw.js";
pub(crate) const MANIFEST: &str = "manifest.webmanifest";

/// Passes every file on to `inner`, adding a hash of its path and bytes to a sum that does
/// not depend on the order the files come in (pages are written from many threads).
pub(crate) struct Hashing<'a> {
    inner: &'a dyn Sink,
    sum: AtomicU64,
}

impl<'a> Hashing<'a> {
    pub(crate) fn new(inner: &'a dyn Sink) -> Self {
        Hashing {
            inner,
            sum: AtomicU64::new(0),
        }
    }

    fn add(&self, h: Sha256) {
        let d = h.finalize();
        let x = u64::from_le_bytes(d[..8].try_into().expect("8 bytes"));
        self.sum.fetch_add(x, Ordering::Relaxed);
    }

    /// The site's version: 8 hex digits of the sum.
    pub(crate) fn version(&self) -> String {
        let x = self.sum.load(Ordering::Relaxed);
        format!("{:08x}", (x ^ (x >> 32)) as u32)
    }
}

fn start(path: &str) -> Sha256 {
    let mut h = Sha256::new();
    h.update(path.as_bytes());
    h.update([0]);
    h
}

impl Sink for Hashing<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        let mut h = start(path);
        h.update(&bytes);
        self.add(h);
        self.inner.put(path, bytes)
    }

    fn put_with(
        &self,
        path: &str,
        size_hint: usize,
        fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let mut h = start(path);
        let r = self.inner.put_with(path, size_hint, &mut |w| {
            fill(&mut Tee { out: w, h: &mut h })
        });
        self.add(h);
        r
    }
}

/// Writes to `out` and hashes what was written.
struct Tee<'a> {
    out: &'a mut dyn Write,
    h: &'a mut Sha256,
}

impl Write for Tee<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.h.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Writes the manifest and then the worker, which lists every file of the site (`paths`,
/// the manifest, and the site root's own address) but itself. Returns their paths.
pub(crate) fn finish(
    inp: &Inputs,
    prep: &Prepared,
    hashing: &Hashing,
    paths: &[String],
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Err(d) = hashing.put(MANIFEST, manifest(inp, prep).into_bytes()) {
        diags.push(d);
    }
    out.push(MANIFEST.to_string());
    let mut files: Vec<&str> = paths.iter().map(String::as_str).collect();
    files.extend([MANIFEST, "./"]);
    files.retain(|p| *p != WORKER);
    files.sort_unstable();
    files.dedup();
    let worker = include_str!("offline_sw.js")
        .replace("__VERSION__", &hashing.version())
        .replace(
            "__FILES__",
            &serde_json::to_string(&files).expect("strings"),
        );
    if let Err(d) = hashing.inner.put(WORKER, worker.into_bytes()) {
        diags.push(d);
    }
    out.push(WORKER.to_string());
    out
}

/// The web app manifest: the book's title and language, opening at index.html.
fn manifest(inp: &Inputs, prep: &Prepared) -> String {
    let c = &inp.book.config;
    let title = c.title();
    let mut m = serde_json::json!({
        "name": title,
        "short_name": short_name(title),
        "description": c.book.description.as_deref().unwrap_or(""),
        "lang": c.book.language,
        "start_url": "index.html",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
    });
    if let Some(icon) = prep.assets.get("img/favicon.svg") {
        m["icons"] = serde_json::json!([{"src": icon, "sizes": "any", "type": "image/svg+xml"}]);
    }
    serde_json::to_string_pretty(&m).expect("JSON")
}

/// A home-screen label: the title up to its first colon, cut to 30 characters at a word.
fn short_name(title: &str) -> String {
    let head = title.split(':').next().unwrap_or(title).trim();
    if head.chars().count() <= 30 {
        return head.to_string();
    }
    let mut s = String::new();
    for w in head.split_whitespace() {
        if s.chars().count() + w.chars().count() + 1 > 30 {
            break;
        }
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(w);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_fit_a_home_screen() {
        assert_eq!(
            short_name("Motivational Enhancement Therapy: A Training Handbook"),
            "Motivational Enhancement"
        );
        assert_eq!(short_name("MET"), "MET");
    }
}
