//! Reading an EPUB in tests: its files, its documents' ids and links, and what epubcheck
//! says about it.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The EPUB's files in container order.
pub(crate) struct Epub {
    pub order: Vec<String>,
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Epub {
    pub(crate) fn open(path: &Path) -> Epub {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut order = Vec::new();
        let mut files = BTreeMap::new();
        for i in 0..z.len() {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            let name = f.name().unwrap().to_string();
            order.push(name.clone());
            files.insert(name, b);
        }
        Epub { order, files }
    }

    pub(crate) fn text(&self, path: &str) -> String {
        let b = self
            .files
            .get(path)
            .unwrap_or_else(|| panic!("no {path} in the EPUB: {:?}", self.order));
        String::from_utf8(b.clone()).unwrap()
    }

    /// The content documents' paths.
    pub(crate) fn documents(&self) -> Vec<&str> {
        self.order
            .iter()
            .filter(|p| p.ends_with(".xhtml"))
            .map(String::as_str)
            .collect()
    }

    /// Every content document's text, joined (for "the EPUB shows X somewhere").
    pub(crate) fn all_text(&self) -> String {
        self.documents().iter().map(|d| self.text(d)).collect()
    }
}

/// The single `.epub` file in a build folder.
pub(crate) fn epub_in(build: &Path) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(build)
        .unwrap_or_else(|e| panic!("{}: {e}", build.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "epub"))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one .epub in {}: {found:?}",
        build.display()
    );
    found[0].clone()
}

/// What a document holds that links can point at, and what it points at: ids, and each
/// `href` and `src`. Parsing it as XML also proves it well-formed.
pub(crate) struct Refs {
    pub ids: HashSet<String>,
    pub links: Vec<String>,
}

pub(crate) fn refs(xml: &str, path: &str) -> Refs {
    let mut r = quick_xml::Reader::from_str(xml);
    r.config_mut().check_end_names = true;
    let mut out = Refs {
        ids: HashSet::new(),
        links: Vec::new(),
    };
    loop {
        let e = match r.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => e,
            Ok(_) => continue,
            Err(e) => panic!("{path} is not well-formed XML: {e}"),
        };
        for a in e.attributes() {
            let a = a.unwrap_or_else(|e| panic!("{path}: bad attribute: {e}"));
            let value = a.unescape_value().unwrap().to_string();
            match a.key.as_ref() {
                b"id" => assert!(out.ids.insert(value.clone()), "{path}: id `{value}` twice"),
                b"href" | b"src" => out.links.push(value),
                _ => {}
            }
        }
    }
    out
}

/// Where `href` (written in container file `from`) leads: container path and fragment;
/// None for a link out of the book.
pub(crate) fn resolve(from: &str, href: &str) -> Option<(String, String)> {
    if href.contains(':') {
        return None;
    }
    let (path, frag) = href.split_once('#').unwrap_or((href, ""));
    if path.is_empty() {
        return Some((from.to_string(), frag.to_string()));
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    Some((parts.join("/"), frag.to_string()))
}

/// The epubcheck jar: `$EPUBCHECK_JAR`, else Debian's. A missing one fails the test.
fn epubcheck_jar() -> PathBuf {
    let jar = std::env::var_os("EPUBCHECK_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/share/java/epubcheck.jar"));
    assert!(
        jar.is_file(),
        "epubcheck is not installed ({} is missing): run ./scripts/install-test-deps.sh, or set EPUBCHECK_JAR",
        jar.display()
    );
    jar
}

/// One message of epubcheck's: severity (FATAL, ERROR, WARNING, USAGE, INFO), its id,
/// text and where.
#[derive(Debug)]
pub(crate) struct Message {
    pub severity: String,
    pub id: String,
    pub text: String,
    pub at: String,
}

/// Runs epubcheck on `epub`, returning its messages; panics when it cannot run.
pub(crate) fn epubcheck(epub: &Path) -> Vec<Message> {
    let report = epub.with_extension("epubcheck.json");
    let out = Command::new("java")
        .arg("-jar")
        .arg(epubcheck_jar())
        .arg(epub)
        .arg("--json")
        .arg(&report)
        .output()
        .expect("java runs (the epubcheck package depends on a Java runtime)");
    let json = std::fs::read_to_string(&report).unwrap_or_else(|e| {
        panic!(
            "epubcheck wrote no report ({e}):\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        v["checker"]["checkerVersion"].is_string(),
        "not an epubcheck report: {json}"
    );
    v["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| Message {
            severity: m["severity"].as_str().unwrap_or("").to_string(),
            id: m["ID"].as_str().unwrap_or("").to_string(),
            text: m["message"].as_str().unwrap_or("").to_string(),
            at: m["locations"]
                .as_array()
                .and_then(|l| l.first())
                .map(|l| format!("{}:{}", l["path"], l["line"]))
                .unwrap_or_default(),
        })
        .collect()
}

/// Asserts epubcheck reports no fatal error, error or warning.
pub(crate) fn assert_epubcheck_clean(epub: &Path) {
    let bad: Vec<Message> = epubcheck(epub)
        .into_iter()
        .filter(|m| matches!(m.severity.as_str(), "FATAL" | "ERROR" | "WARNING"))
        .collect();
    assert!(
        bad.is_empty(),
        "epubcheck on {}:\n{}",
        epub.display(),
        bad.iter()
            .map(|m| format!("{} {} {} {}", m.severity, m.id, m.at, m.text))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Every link inside the EPUB leads to a file it has, and to an id that file has.
pub(crate) fn assert_links_resolve(epub: &Epub) {
    let docs = epub.documents();
    let refs: BTreeMap<&str, Refs> = docs.iter().map(|d| (*d, refs(&epub.text(d), d))).collect();
    let mut checked = 0;
    for (from, r) in &refs {
        for href in &r.links {
            let Some((to, frag)) = resolve(from, href) else {
                continue;
            };
            assert!(
                epub.files.contains_key(&to),
                "{from}: `{href}` leads to {to}, which the EPUB does not have"
            );
            if !frag.is_empty() {
                let ids = &refs
                    .get(to.as_str())
                    .unwrap_or_else(|| {
                        panic!("{from}: `{href}` has a fragment into a file that is no document")
                    })
                    .ids;
                assert!(
                    ids.contains(&frag),
                    "{from}: `{href}`: {to} has no id `{frag}`"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 0, "no internal links were checked");
}
