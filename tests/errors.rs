//! Every error case gives exit 1, a message naming the file and line, plain-language help,
//! and leaves the previous build untouched.

mod common;

use common::*;

/// (fixture, file:line:col expected in the message, the kind of problem reported)
const CASES: &[(&str, &str, &str)] = &[
    ("missing-book-toml", "book.toml", "no-book"),
    ("unknown-config-key", "book.toml:3:1", "config"),
    ("invalid-toml", "book.toml:1:", "config"),
    ("missing-summary", "src/SUMMARY.md:1:1", "summary"),
    ("summary-missing-file", "src/SUMMARY.md:4:3", "chapter-file"),
    (
        "summary-entry-without-link",
        "src/SUMMARY.md:4:1",
        "summary",
    ),
    ("malformed-front-matter", "src/one.md:3:", "front-matter"),
    ("unknown-front-matter-key", "src/one.md:3:1", "front-matter"),
    ("unknown-kind", "src/one.md:3:7", "front-matter"),
    ("link-to-missing-chapter", "src/one.md:3:5", "broken-link"),
    ("link-to-missing-anchor", "src/one.md:5:5", "broken-link"),
    ("unknown-id", "src/one.md:3:5", "broken-link"),
    ("non-utf8-chapter", "src/one.md:3:4", "encoding"),
    ("include-cycle", "src/one.md:3:1", "include"),
    ("javascript-link", "src/one.md:3:1", "unsafe-link"),
    ("unknown-citation", "src/one.md:3:11", "unknown-citation"),
    (
        "duplicate-glossary-term",
        "src/glossary.yml:3:1",
        "glossary",
    ),
    ("malformed-contrast", "src/one.md:11:5", "block"),
    ("principle-number-repeated", "src/two.md:3:1", "principle"),
    ("duplicate-id", ".md:1:1", "duplicate-id"),
    ("principle-without-number", "src/one.md:1:1", "principle"),
    ("dialogue-unknown-code", "src/one.md:8:22", "block"),
    ("does-not-not-a-list", "src/one.md:4:1", "block"),
];

#[test]
fn each_error_is_located_explained_and_changes_nothing() {
    for (case, location, kind) in CASES {
        let book = copy_book(&format!("errors/{case}"));
        // A previous good site that must survive the failed build.
        let site = book.path().join("book");
        std::fs::create_dir_all(&site).unwrap();
        std::fs::write(site.join(metbook::emit::MARKER), "").unwrap();
        std::fs::write(site.join("index.html"), "previous site").unwrap();
        let before = snapshot(&site);
        let out = metbook(&["build"], book.path());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{case}: {err}");
        assert!(
            err.contains(location),
            "{case}: expected {location} in:\n{err}"
        );
        assert!(err.contains("help:"), "{case}: no help in:\n{err}");
        assert!(err.contains("error[MB"), "{case}: no error code in:\n{err}");
        assert!(!err.contains("panicked"), "{case}: {err}");
        assert_eq!(snapshot(&site), before, "{case}: the previous site changed");
        let found = kinds(book.path());
        assert!(
            found.iter().any(|k| k == kind),
            "{case}: expected a `{kind}` problem, got {found:?}"
        );
    }
}

#[test]
fn check_reports_the_same_problems_and_writes_nothing() {
    let book = copy_book("errors/link-to-missing-chapter");
    let out = metbook(&["check"], book.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("src/one.md:3:5"));
    assert!(
        stderr(&out).contains("See [two](two.md)."),
        "shows the source line"
    );
    assert!(stderr(&out).contains("^^^"), "caret under the problem");
    assert!(!book.path().join("book").exists());
}

#[test]
fn check_json_format() {
    let book = copy_book("errors/unknown-id");
    let out = metbook(&["check", "--format", "json"], book.path());
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"], 1);
    let d = &v["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["line"], 3);
    assert_eq!(d["col"], 5);
    assert!(d["file"].as_str().unwrap().ends_with("one.md"));
    assert_eq!(d["kind"], "broken-link");
    assert_eq!(d["code"], "MB0401");
    assert!(!d["message"].as_str().unwrap().is_empty());
    assert!(!d["help"].as_str().unwrap().is_empty());
}

#[test]
fn check_is_clean_on_the_bundled_handbook() {
    let book = copy_book("bundled");
    let out = metbook(&["check"], book.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "",
        "check should print nothing on the bundled handbook"
    );
}

#[test]
fn unlisted_chapter_is_a_warning_not_an_error() {
    let book = copy_book("mdbook-style");
    std::fs::write(book.path().join("src/orphan.md"), "# Orphan\n").unwrap();
    let out = metbook(&["check"], book.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("orphan.md"), "{}", stderr(&out));
    assert_eq!(kinds(book.path()), ["unlisted"]);
}

#[test]
fn all_problems_are_reported_together() {
    let book = copy_book("errors/unknown-id");
    std::fs::write(
        book.path().join("src/one.md"),
        "# One\n\n[a](@nope) and [b](missing.md) and [c](#gone)\n",
    )
    .unwrap();
    let out = metbook(&["check"], book.path());
    let err = stderr(&out);
    assert!(err.contains("3 errors"), "{err}");
    assert_eq!(kinds(book.path()), ["broken-link"; 3]);
}
