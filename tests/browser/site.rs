//! Builds a fresh copy of the bundled handbook once per test process, with the real binary.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use super::server::Server;

pub(crate) const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

pub(crate) struct Site {
    /// The copied book (book.toml, sources, themes).
    #[allow(dead_code)]
    pub book_dir: PathBuf,
    /// The generated site (the build dir).
    pub out: PathBuf,
    pub server: Server,
}

/// `target/` of this build (parent of CARGO_TARGET_TMPDIR), for screenshots and scratch files.
pub(crate) fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| Path::new(MANIFEST_DIR).join("target"))
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap_or_else(|e| panic!("walking {}: {e}", from.display()));
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

fn copy_path(root: &Path, rel: &str, to: &Path) {
    let src = root.join(rel);
    let dest = to.join(rel);
    if src.is_dir() {
        copy_dir(&src, &dest);
    } else if src.is_file() {
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&src, &dest).unwrap();
    }
}

fn str_list(v: Option<&toml::Value>) -> Vec<String> {
    v.and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Copies `root`'s book into `dest` and builds it with `metbook build`; returns the output dir.
pub(crate) fn build_book(root: &Path, dest: &Path) -> PathBuf {
    let toml_path = root.join("book.toml");
    let text = std::fs::read_to_string(&toml_path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", toml_path.display()));
    let cfg: toml::Value =
        toml::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", toml_path.display()));
    let src_dir = cfg
        .get("book")
        .and_then(|b| b.get("src"))
        .and_then(|s| s.as_str())
        .unwrap_or("src")
        .to_owned();
    let build_dir = cfg
        .get("build")
        .and_then(|b| b.get("build-dir"))
        .and_then(|s| s.as_str())
        .unwrap_or("book")
        .to_owned();
    let html = cfg.get("output").and_then(|o| o.get("html"));

    if dest.exists() {
        std::fs::remove_dir_all(dest).unwrap();
    }
    std::fs::create_dir_all(dest).unwrap();
    std::fs::copy(&toml_path, dest.join("book.toml")).unwrap();
    let mut paths = vec![src_dir.clone(), "manual".to_owned(), "themes".to_owned()];
    paths.extend(str_list(html.and_then(|h| h.get("additional-css"))));
    paths.extend(str_list(html.and_then(|h| h.get("additional-js"))));
    if let Some(theme) = html.and_then(|h| h.get("theme")).and_then(|t| t.as_str()) {
        paths.push(theme.to_owned());
    }
    paths.sort();
    paths.dedup();
    for p in &paths {
        copy_path(root, p, dest);
    }

    let output = Command::new(env!("CARGO_BIN_EXE_metbook"))
        .arg("build")
        .arg(dest)
        .env("METBOOK_CACHE_DIR", crate::common::private_cache())
        .output()
        .expect("running the metbook binary");
    assert!(
        output.status.success(),
        "`metbook build {}` failed ({})\n--- stdout ---\n{}\n--- stderr ---\n{}",
        dest.display(),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let out = dest.join(&build_dir);
    assert!(
        out.join("index.html").is_file(),
        "`metbook build` succeeded but wrote no {}",
        out.join("index.html").display()
    );
    out
}

/// The bundled handbook, built and served once per test process.
pub(crate) fn handbook() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let book_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-handbook");
        let out = build_book(Path::new(MANIFEST_DIR), &book_dir);
        let server = Server::start(&out);
        Site {
            book_dir,
            out,
            server,
        }
    })
}

/// The a11y-violation fixture, served as-is.
pub(crate) fn violation_fixture() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        Server::start(&Path::new(MANIFEST_DIR).join("tests/fixtures/a11y-violation"))
    })
}

impl Site {
    /// Every .html file of the site, as a path relative to the root with `/` separators.
    pub(crate) fn html_pages(&self) -> Vec<String> {
        let mut pages: Vec<String> = walkdir::WalkDir::new(&self.out)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| {
                e.path()
                    .strip_prefix(&self.out)
                    .unwrap()
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .collect();
        pages.sort();
        pages
    }

    pub(crate) fn file_url(&self, rel: &str) -> String {
        let abs = self.out.join(rel);
        format!("file://{}", abs.display())
    }
}
