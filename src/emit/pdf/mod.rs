//! The PDF edition, made from the print document the render stage put in the staging
//! folder: Chromium prints it once to learn the page each contents entry starts on, the
//! page numbers are filled into the contents, Chromium prints it again, and lopdf adds
//! the outline and the document information. The finished file goes into the staging
//! folder like any page, so a failure leaves the previous PDF and site as they were.

mod chromium;
mod document;

use std::path::Path;
use std::time::Duration;

pub(crate) use chromium::{find, Asked};
use document::{Meta, Printed};

use crate::diagnostics::{Diagnostic, Kind};
use crate::model::Book;
use crate::render::pdf::{contents_css, Plan, CONTENTS_CSS, DOCUMENT, OWN, WORK};

/// One Chromium run's time limit when book.toml sets none: the bundled handbook prints
/// in seconds; a manual of thousands of pages in a few minutes.
const TIMEOUT: u64 = 300;
/// Prints at most this many times until the contents' numbers stop moving (they cannot,
/// as their slots keep their width, but a theme's CSS might make them).
const PASSES: usize = 3;

/// Prints the document in `staging` (a build's staging folder, holding the site and the
/// render stage's print document) to the finished PDF's bytes.
pub(crate) fn make(
    staging: &Path,
    book: &Book,
    plan: &Plan,
    exe: &Path,
) -> Result<Vec<u8>, Diagnostic> {
    let pdf = book.config.output.pdf.clone().unwrap_or_default();
    let fail = |message: String| {
        Diagnostic::error(
            Kind::PdfEngine,
            book.root.join("book.toml"),
            pdf.at.0,
            pdf.at.1,
            message,
        )
        .help(format!(
            "the site was not replaced; fix the problem, or build without the PDF \
                 (`enable = false` under [output.pdf]). Chromium used: {}",
            exe.display()
        ))
    };
    let work = staging.join(OWN);
    let out = work.join("printed.pdf");
    let print = chromium::Print {
        exe,
        html: &std::path::absolute(staging.join(DOCUMENT))
            .unwrap_or_else(|_| staging.join(DOCUMENT)),
        out: &out,
        work: &work,
        timeout: Duration::from_secs(pdf.timeout.unwrap_or(TIMEOUT).max(1)),
    };
    let entries = plan.flat();
    let mut numbers: Vec<Option<usize>> = vec![None; entries.len()];
    for _ in 0..PASSES {
        print.run().map_err(|f| fail(f.to_string()))?;
        let bytes =
            std::fs::read(&out).map_err(|e| fail(format!("Chromium's PDF cannot be read: {e}")))?;
        let printed = Printed::load(&bytes)
            .map_err(|e| fail(format!("Chromium's output is not usable: {e}")))?;
        let found: Vec<Option<usize>> =
            entries.iter().map(|e| printed.page_of(&e.anchor)).collect();
        if let Some(i) = found.iter().position(Option::is_none) {
            return Err(fail(format!(
                "the printed PDF has no destination for “{}”; the print document did not load as made",
                entries[i].title
            )));
        }
        if found == numbers {
            let c = &book.config;
            let meta = Meta {
                title: c.title(),
                authors: &c.book.authors,
                description: c.book.description.as_deref(),
            };
            return printed.finish(&plan.entries, &meta).map_err(fail);
        }
        numbers = found;
        std::fs::write(staging.join(CONTENTS_CSS), contents_css(&numbers))
            .map_err(|e| crate::emit::write_error(&staging.join(CONTENTS_CSS), e))?;
    }
    Err(fail(format!(
        "the contents' page numbers kept moving after {PASSES} prints; a stylesheet changes the contents' layout as numbers are filled in"
    )))
}

/// Removes the PDF's working folder from the staging folder.
pub(crate) fn clean(staging: &Path) {
    let _ = std::fs::remove_dir_all(staging.join(WORK));
}

/// The warning for a missing engine: the HTML is built, the PDF is not.
pub(crate) fn missing(book_toml: &Path, at: (usize, usize), asked: &Asked) -> Diagnostic {
    let (what, fix) = match asked {
        Asked::Env(p) => (
            format!("METBOOK_CHROMIUM names `{}`, which is not a program", p.display()),
            "correct METBOOK_CHROMIUM or unset it".to_string(),
        ),
        Asked::Config(p) => (
            format!("[output.pdf] chromium names `{}`, which is not a program", p.display()),
            "correct the path (relative paths start at the folder holding book.toml), or remove the key to look Chromium up on PATH".to_string(),
        ),
        Asked::Search => (
            "Chromium, which prints the PDF, is not installed".to_string(),
            "install it: `sudo apt-get install chromium` on Debian and Ubuntu, `sudo dnf install chromium` on Fedora, `brew install --cask chromium` on macOS; or point `chromium = \"/path/to/chrome\"` under [output.pdf] (or METBOOK_CHROMIUM) at a Chromium or Chrome you have".to_string(),
        ),
    };
    Diagnostic::warning(
        Kind::PdfEngineMissing,
        book_toml,
        at.0,
        at.1,
        format!("{what}, so no PDF was made; the HTML site was built"),
    )
    .help(fix)
}
