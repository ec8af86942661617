//! Reading a built PDF the way a reader's viewer does: its outline and link annotations
//! with lopdf, each page's text with poppler's pdftotext, and its page count with pdfinfo.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::{Document, Object, ObjectId};

const INSTALL_HINT: &str =
    "run ./scripts/install-test-deps.sh (installs chromium and poppler-utils)";

/// The Chromium the PDF tests print with: `$CHROMIUM`, else /usr/bin/chromium. Missing,
/// the tests fail: they never skip.
pub(crate) fn chromium() -> PathBuf {
    let p = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        p.is_file(),
        "chromium not found at {}: {INSTALL_HINT}",
        p.display()
    );
    p
}

/// Runs a poppler tool on `pdf`; `then` follows the file name (pdftotext's `-`: stdout).
fn poppler(tool: &str, args: &[&str], pdf: &Path, then: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(then)
        .output()
        .unwrap_or_else(|e| panic!("{tool} could not run ({e}): {INSTALL_HINT}"));
    assert!(out.status.success(), "{tool} failed on {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// One bookmark: its depth (1 = top), title and page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mark {
    pub level: usize,
    pub title: String,
    pub page: usize,
}

/// Where a link annotation leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A page of this document.
    Page(usize),
    /// A named destination this document does not have.
    Dangling(String),
    Uri(String),
}

pub(crate) struct Link {
    pub page: usize,
    pub target: Target,
}

pub(crate) struct Pdf {
    pub path: PathBuf,
    doc: Document,
    numbers: HashMap<ObjectId, usize>,
}

impl Pdf {
    pub(crate) fn open(path: &Path) -> Pdf {
        let doc = Document::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let numbers = doc
            .get_pages()
            .into_iter()
            .map(|(n, id)| (id, n as usize))
            .collect();
        Pdf {
            path: path.to_path_buf(),
            doc,
            numbers,
        }
    }

    /// Pages, as pdfinfo counts them (and checked against lopdf's count).
    pub(crate) fn pages(&self) -> usize {
        let info = poppler("pdfinfo", &[], &self.path, &[]);
        let n: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .expect("pdfinfo prints Pages:");
        assert_eq!(n, self.numbers.len());
        n
    }

    pub(crate) fn info(&self, key: &str) -> Option<String> {
        let info = self.doc.trailer.get(b"Info").ok()?;
        let (_, info) = self.doc.dereference(info).ok()?;
        lopdf::decode_text_string(info.as_dict().ok()?.get(key.as_bytes()).ok()?).ok()
    }

    pub(crate) fn outline(&self) -> Vec<Mark> {
        let toc = self.doc.get_toc().expect("the PDF has an outline");
        assert!(toc.errors.is_empty(), "{:?}", toc.errors);
        toc.toc
            .into_iter()
            .map(|t| Mark {
                level: t.level,
                title: t.title,
                page: t.page,
            })
            .collect()
    }

    /// One page's text, laid out as on the page.
    pub(crate) fn text(&self, page: usize) -> String {
        let p = page.to_string();
        poppler(
            "pdftotext",
            &["-layout", "-f", &p, "-l", &p],
            &self.path,
            &["-"],
        )
    }

    /// The page's lines that hold text, trimmed.
    pub(crate) fn lines(&self, page: usize) -> Vec<String> {
        self.text(page)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    }

    pub(crate) fn links(&self) -> Vec<Link> {
        let dests = self.named_dests();
        let mut out = Vec::new();
        for (&id, &page) in &self.numbers {
            let Ok(annots) = self.doc.get_dictionary(id).and_then(|p| p.get(b"Annots")) else {
                continue;
            };
            let (_, annots) = self.doc.dereference(annots).unwrap();
            for a in annots.as_array().unwrap() {
                let (_, a) = self.doc.dereference(a).unwrap();
                let a = a.as_dict().unwrap();
                if a.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Link".as_slice()) {
                    continue;
                }
                out.push(Link {
                    page,
                    target: self.target(a, &dests),
                });
            }
        }
        out.sort_by_key(|l| l.page);
        out
    }

    fn target(&self, a: &lopdf::Dictionary, dests: &HashMap<Vec<u8>, usize>) -> Target {
        if let Ok(action) = a.get(b"A").and_then(|x| self.doc.dereference(x)) {
            let action = action.1.as_dict().unwrap();
            if let Ok(uri) = action.get(b"URI").and_then(Object::as_str) {
                return Target::Uri(String::from_utf8_lossy(uri).into_owned());
            }
        }
        let dest = a.get(b"Dest").expect("a link has /Dest or a URI action");
        let name = match dest {
            Object::Name(n) | Object::String(n, _) => n.clone(),
            Object::Array(arr) => {
                let page = arr[0]
                    .as_reference()
                    .ok()
                    .and_then(|r| self.numbers.get(&r));
                return Target::Page(*page.expect("an explicit destination names a page"));
            }
            other => panic!("unexpected destination {other:?}"),
        };
        match dests.get(&name) {
            Some(&p) => Target::Page(p),
            None => Target::Dangling(String::from_utf8_lossy(&name).into_owned()),
        }
    }

    fn named_dests(&self) -> HashMap<Vec<u8>, usize> {
        let catalog = self.doc.catalog().unwrap();
        let Ok((_, Object::Dictionary(d))) =
            catalog.get(b"Dests").and_then(|d| self.doc.dereference(d))
        else {
            return HashMap::new();
        };
        d.iter()
            .filter_map(|(k, v)| {
                let (_, v) = self.doc.dereference(v).ok()?;
                let page = v.as_array().ok()?.first()?.as_reference().ok()?;
                Some((k.clone(), *self.numbers.get(&page)?))
            })
            .collect()
    }
}

/// The contents' lines as (title, page number), read from the text of pages 2..=last:
/// each line of the contents ends in its page number.
pub(crate) fn contents(pdf: &Pdf, last: usize) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for p in 2..=last {
        for line in pdf.lines(p) {
            let Some((title, n)) = line.rsplit_once(' ') else {
                continue;
            };
            if let Ok(n) = n.parse::<usize>() {
                out.push((collapse(title), n));
            }
        }
    }
    out
}

/// Runs of whitespace as one space.
pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
