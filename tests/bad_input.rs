//! The bad-input corpus: every broken manual under tests/fixtures/bad/ (plus the big, deep,
//! unreadable and symlinked ones generated here) must fail cleanly: exit 1, a message that
//! names the file and line (file:line:col), a `help:` line, no panic, and nothing changed on
//! disk, in particular the previous build folder. Also: positive edge cases (BOM, CRLF, empty
//! files), a build killed midway, and the regression inputs found by fuzzing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;

/// One broken manual: the fixture folder under tests/fixtures/bad/, the `file:line:col`
/// the message must name, words it must contain, and an optional step that builds the
/// part that cannot be committed (symlinks, huge or unreadable files).
struct Case {
    name: &'static str,
    at: &'static str,
    words: &'static [&'static str],
    setup: Option<fn(&Path)>,
}

const fn c(name: &'static str, at: &'static str, words: &'static [&'static str]) -> Case {
    Case {
        name,
        at,
        words,
        setup: None,
    }
}

const fn g(
    name: &'static str,
    at: &'static str,
    words: &'static [&'static str],
    setup: fn(&Path),
) -> Case {
    Case {
        name,
        at,
        words,
        setup: Some(setup),
    }
}

const CASES: &[Case] = &[
    // book.toml
    c("toml-syntax", "book.toml:1:6", &["unclosed table"]),
    c("toml-unterminated-string", "book.toml:2:16", &["string"]),
    c(
        "toml-title-wrong-type",
        "book.toml:2:9",
        &["invalid type", "string"],
    ),
    c(
        "toml-authors-wrong-type",
        "book.toml:3:11",
        &["invalid type", "sequence"],
    ),
    c("toml-unknown-book-key", "book.toml:3:1", &["titel"]),
    c("toml-unknown-build-key", "book.toml:5:1", &["out-dir"]),
    c(
        "toml-build-dir-wrong-type",
        "book.toml:5:13",
        &["invalid type"],
    ),
    c("toml-unknown-html-key", "book.toml:5:1", &["themes"]),
    c("toml-html-wrong-type", "book.toml:5:18", &["sequence"]),
    c("toml-unknown-table", "book.toml:4:2", &["bild"]),
    c("toml-missing", "book.toml", &["no book.toml"]),
    // SUMMARY.md
    c(
        "summary-missing",
        "src/SUMMARY.md:1:1",
        &["SUMMARY.md is missing"],
    ),
    c(
        "summary-entry-without-link",
        "src/SUMMARY.md:4:1",
        &["no chapter link"],
    ),
    c(
        "summary-missing-file",
        "src/SUMMARY.md:4:3",
        &["two.md", "no such file"],
    ),
    c(
        "summary-non-md-entry",
        "src/SUMMARY.md:4:3",
        &["two.txt", "not a Markdown file"],
    ),
    c(
        "summary-numbered-after-suffix",
        "src/SUMMARY.md:7:1",
        &["after the suffix chapters"],
    ),
    c(
        "summary-nested-prefix",
        "src/SUMMARY.md:4:3",
        &["prefix chapter", "sub-chapters"],
    ),
    c(
        "summary-escapes-book",
        "src/SUMMARY.md:4:3",
        &["../outside.md", "outside the source folder"],
    ),
    c(
        "summary-absolute-path",
        "src/SUMMARY.md:4:3",
        &["/etc/passwd.md", "outside the source folder"],
    ),
    c("summary-non-utf8", "src/SUMMARY.md:4:7", &["UTF-8"]),
    // front matter
    c("fm-unclosed", "src/one.md:1:1", &["never closed"]),
    c("fm-bad-yaml", "src/one.md:3:8", &["title", "invalid type"]),
    c(
        "fm-wrong-type-number",
        "src/one.md:4:9",
        &["number", "three"],
    ),
    c(
        "fm-wrong-type-principles",
        "src/one.md:3:13",
        &["principles", "sequence"],
    ),
    c("fm-unknown-key", "src/one.md:3:1", &["colour"]),
    c("fm-unknown-kind", "src/one.md:3:7", &["principal"]),
    c(
        "fm-principle-without-number",
        "src/one.md:1:1",
        &["has no number"],
    ),
    c(
        "fm-principle-without-summary",
        "src/one.md:1:1",
        &["has no summary"],
    ),
    c(
        "fm-duplicate-principle-number",
        "src/two.md:4:1",
        &["principle number 1"],
    ),
    c(
        "fm-principles-names-non-principle",
        "src/one.md:3:1",
        &["`two`", "not the id of a principle"],
    ),
    c(
        "fm-principles-unknown-id",
        "src/one.md:3:1",
        &["no-such-principle"],
    ),
    g(
        "fm-deep-yaml",
        "src/one.md:3:8",
        &["title", "invalid type"],
        deep_yaml_front_matter,
    ),
    // contrast blocks
    c("contrast-bad-yaml", "src/one.md:5:13", &["approaches"]),
    c("contrast-missing-caption", "src/one.md:4:1", &["caption"]),
    c(
        "contrast-one-approach",
        "src/one.md:5:1",
        &["at least two approaches"],
    ),
    c("contrast-unknown-approach-key", "src/one.md:11:5", &["cnf"]),
    c(
        "contrast-aspect-without-name",
        "src/one.md:8:1",
        &["no `aspect:` name"],
    ),
    // does-not blocks
    c(
        "doesnot-items-not-a-list",
        "src/one.md:4:1",
        &["must be a list"],
    ),
    c("doesnot-empty-item", "src/one.md:7:1", &["is empty"]),
    c("doesnot-empty-list", "src/one.md:4:1", &["no items"]),
    c(
        "doesnot-bad-yaml",
        "src/one.md:5:6",
        &["did not find expected"],
    ),
    // dialogue blocks
    c("dlg-missing-id", "src/one.md:4:1", &["no `id`"]),
    c("dlg-missing-title", "src/one.md:4:1", &["no `title`"]),
    c(
        "dlg-unknown-code",
        "src/one.md:7:12",
        &["unknown code", "xyz"],
    ),
    // Inside a list item: the column counts the item's indentation.
    c(
        "dlg-unknown-code-in-list",
        "src/one.md:9:15",
        &["unknown code", "xyz"],
    ),
    c(
        "dlg-therapist-code-on-client",
        "src/one.md:8:11",
        &["therapist code"],
    ),
    c(
        "dlg-two-questions",
        "src/one.md:7:23",
        &["more than one Question"],
    ),
    c("dlg-unbalanced-braces", "src/one.md:7:11", &["not closed"]),
    c(
        "dlg-unknown-speaker",
        "src/one.md:7:1",
        &["unknown speaker `X`"],
    ),
    c(
        "dlg-note-before-turn",
        "src/one.md:7:1",
        &["before any turn"],
    ),
    c("dlg-bad-stage", "src/one.md:6:8", &["denial"]),
    c(
        "dlg-unknown-principle",
        "src/one.md:7:34",
        &["no-such-principle"],
    ),
    c(
        "dlg-alternative-to-unknown",
        "src/one.md:7:17",
        &["dlg-nope"],
    ),
    c(
        "dlg-bad-header-yaml",
        "src/one.md:5:6",
        &["did not find expected"],
    ),
    c(
        "dlg-duplicate-id",
        "src/one.md:11:5",
        &["dlg-one", "used twice"],
    ),
    // glossary.yml
    c("gloss-bad-yaml", "src/glossary.yml:2:15", &["definition"]),
    c(
        "gloss-missing-definition",
        "src/glossary.yml:3:3",
        &["missing field `definition`"],
    ),
    c(
        "gloss-duplicate-term",
        "src/glossary.yml:3:1",
        &["defined twice"],
    ),
    c(
        "gloss-unknown-see-also",
        "src/glossary.yml:1:1",
        &["no-such-term"],
    ),
    c("gloss-unknown-key", "src/glossary.yml:2:3", &["definiton"]),
    // references.yml and citations
    c("refs-bad-yaml", "src/references.yml:3:10", &["not closed"]),
    c(
        "refs-missing-type",
        "src/references.yml:1:1",
        &["no `type`"],
    ),
    c("refs-unknown-field", "src/references.yml:4:1", &["colour"]),
    c("refs-unknown-citation", "src/one.md:3:11", &["@nobody2020"]),
    c(
        "heading-id-repeated",
        "src/one.md:7:1",
        &["`pitfalls` is used twice", "line 3"],
    ),
    // Wrapped onto the next lines: still one citation, located past the indentation.
    c(
        "refs-unknown-citation-wrapped",
        "src/one.md:5:6",
        &["@nobody2020"],
    ),
    // codebook.yml
    c(
        "codebook-bad-yaml",
        "src/codebook.yml:2:9",
        &["invalid type"],
    ),
    c("codebook-unknown-key", "src/codebook.yml:2:1", &["colours"]),
    c(
        "codebook-unknown-code-key",
        "src/codebook.yml:3:5",
        &["lable"],
    ),
    // links
    c("link-unknown-id", "src/one.md:3:5", &["no-such-id"]),
    c("link-unknown-anchor", "src/one.md:3:5", &["not-real"]),
    c(
        "link-unknown-term",
        "src/one.md:3:5",
        &["term:no-such-term"],
    ),
    c("link-missing-chapter", "src/one.md:3:5", &["two.md"]),
    c("javascript-link", "src/one.md:3:1", &["not allowed"]),
    c(
        "javascript-link-mixed-case",
        "src/one.md:3:1",
        &["JaVaScRiPt", "not allowed"],
    ),
    // encodings
    c("non-utf8-chapter", "src/one.md:3:4", &["UTF-8"]),
    // duplicate ids
    c(
        "duplicate-chapter-id",
        "src/two.md:1:1",
        &["`same`", "already used"],
    ),
    c(
        "duplicate-dialogue-id-across-chapters",
        "src/two.md:4:5",
        &["dlg-one", "used twice"],
    ),
    c(
        "duplicate-term-alias",
        "src/glossary.yml:3:1",
        &["change talk", "already used by the term"],
    ),
    // includes
    c("include-self", "src/one.md:3:1", &["include cycle"]),
    c("include-cycle-a-b-a", "src/b.md:3:1", &["include cycle"]),
    c("include-missing-file", "src/one.md:3:1", &["nope.md"]),
    c(
        "include-escapes-book",
        "src/one.md:3:1",
        &["outside the book"],
    ),
    c("include-bad-anchor", "src/one.md:3:1", &["anchor `nope`"]),
    // The last line of a line range, after a left-out ANCHOR line, is its own file's.
    c(
        "include-range-error-located",
        "src/inc/lines.md:5:8",
        &["@nokey5"],
    ),
    // symlinks leaving the book
    g(
        "symlink-chapter-outside",
        "src/SUMMARY.md:2:3",
        &["outside the book"],
        symlink_chapter_outside,
    ),
    g(
        "symlink-dir-outside",
        "src/SUMMARY.md:4:3",
        &["outside the book"],
        symlink_dir_outside,
    ),
    g(
        "symlink-include-outside",
        "src/one.md:3:1",
        &["outside the book"],
        symlink_include_outside,
    ),
    // build-dir guard rails
    c(
        "build-dir-is-src",
        "book.toml:1:1",
        &["inside the source folder"],
    ),
    c(
        "build-dir-is-root",
        "book.toml:1:1",
        &["the book's own folder"],
    ),
    c(
        "build-dir-contains-src",
        "book.toml:1:1",
        &["contains the source folder"],
    ),
    c(
        "build-dir-inside-src",
        "book.toml:1:1",
        &["inside the source folder"],
    ),
];

/// Books that look odd but are fine; each must build with exit 0.
const OK_CASES: &[&str] = &[
    "ok-bom-crlf",
    "ok-empty-book-toml",
    "ok-empty-summary",
    "ok-empty-data-files",
];

/// Fixture folders that only exist as a base for a generated case or a dedicated test.
const BASES: &[&str] = &[
    "symlink-chapter-outside",
    "symlink-dir-outside",
    "unreadable-chapter",
    "unreadable-summary",
];

fn bad_dir() -> PathBuf {
    fixture("bad")
}

/// A fresh copy of a corpus case; generated cases without a folder start from a minimal book.
fn copy_case(name: &str) -> tempfile::TempDir {
    if bad_dir().join(name).is_dir() {
        copy_book(&format!("bad/{name}"))
    } else {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("book.toml"), "[book]\ntitle = \"Broken\"\n").unwrap();
        std::fs::create_dir(tmp.path().join("src")).unwrap();
        std::fs::write(
            tmp.path().join("src/SUMMARY.md"),
            "# Summary\n\n- [One](one.md)\n",
        )
        .unwrap();
        std::fs::write(tmp.path().join("src/one.md"), "# One\n\nText.\n").unwrap();
        tmp
    }
}

/// A previous good site that a failed build must leave alone.
fn previous_site(book: &Path) {
    let site = book.join("book");
    std::fs::create_dir_all(site.join("css")).unwrap();
    std::fs::write(site.join(metbook::emit::MARKER), "").unwrap();
    std::fs::write(site.join("index.html"), "previous site").unwrap();
    std::fs::write(site.join("css/sentinel.css"), "/* sentinel */").unwrap();
}

/// Every file and link under `dir` with its bytes (or link target); unreadable files are
/// recorded as such instead of failing.
fn snapshot_all(dir: &Path) -> Vec<(PathBuf, Result<Vec<u8>, String>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let content = if e.file_type().is_symlink() {
                std::fs::read_link(e.path())
                    .map(|t| t.to_string_lossy().into_owned().into_bytes())
                    .map_err(|e| e.to_string())
            } else {
                std::fs::read(e.path()).map_err(|e| e.kind().to_string())
            };
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), content)
        })
        .collect();
    v.sort();
    v
}

fn assert_clean_failure(case: &str, out: &std::process::Output, at: &str, words: &[&str]) {
    let err = stderr(out);
    assert!(!err.contains("panicked"), "{case}: panicked:\n{err}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{case}: expected exit 1:\n{err}"
    );
    assert!(err.contains(at), "{case}: expected `{at}` in:\n{err}");
    for w in words {
        assert!(err.contains(w), "{case}: expected `{w}` in:\n{err}");
    }
    assert!(err.contains("help:"), "{case}: no help line in:\n{err}");
}

/// Outside locations for the symlink cases, alive for the whole test process.
fn outside() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(
            d.path().join("secret.md"),
            "# Secret\n\nnot part of the book\n",
        )
        .unwrap();
        std::fs::create_dir(d.path().join("dir")).unwrap();
        std::fs::write(d.path().join("dir/x.md"), "# X\n").unwrap();
        d
    })
    .path()
}

fn symlink_chapter_outside(book: &Path) {
    std::fs::write(
        book.join("src/SUMMARY.md"),
        "# Summary\n- [One](one.md)\n- [Two](two.md)\n",
    )
    .unwrap();
    std::fs::remove_file(book.join("src/one.md")).unwrap();
    std::fs::write(book.join("src/two.md"), "# Two\n").unwrap();
    std::os::unix::fs::symlink(outside().join("secret.md"), book.join("src/one.md")).unwrap();
}

fn symlink_dir_outside(book: &Path) {
    std::fs::write(
        book.join("src/SUMMARY.md"),
        "# Summary\n\n- [One](one.md)\n- [X](sub/x.md)\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(outside().join("dir"), book.join("src/sub")).unwrap();
}

fn symlink_include_outside(book: &Path) {
    std::fs::write(book.join("src/one.md"), "# One\n\n{{#include secret.md}}\n").unwrap();
    std::os::unix::fs::symlink(outside().join("secret.md"), book.join("src/secret.md")).unwrap();
}

fn deep_yaml_front_matter(book: &Path) {
    let deep = format!("---\nid: one\ntitle: {}\n---\n# One\n", "[".repeat(10_000));
    std::fs::write(book.join("src/one.md"), deep).unwrap();
}

#[test]
fn corpus_has_at_least_fifty_cases_and_every_folder_is_in_a_table() {
    assert!(CASES.len() >= 50, "only {} cases", CASES.len());
    let mut names: Vec<&str> = CASES.iter().map(|c| c.name).collect();
    names.sort();
    let n = names.len();
    names.dedup();
    assert_eq!(n, names.len(), "a case is listed twice");
    for e in std::fs::read_dir(bad_dir()).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            names.contains(&name.as_str())
                || OK_CASES.contains(&name.as_str())
                || BASES.contains(&name.as_str()),
            "tests/fixtures/bad/{name} is in no table of tests/bad_input.rs"
        );
    }
}

#[test]
fn every_bad_manual_fails_cleanly_and_changes_nothing() {
    let mut failures = Vec::new();
    for case in CASES {
        let book = copy_case(case.name);
        if let Some(setup) = case.setup {
            setup(book.path());
        }
        previous_site(book.path());
        let before = snapshot_all(book.path());
        for cmd in ["build", "check"] {
            let out = metbook(&[cmd], book.path());
            let r = std::panic::catch_unwind(|| {
                assert_clean_failure(&format!("{} ({cmd})", case.name), &out, case.at, case.words)
            });
            if let Err(e) = r {
                failures.push(e.downcast_ref::<String>().cloned().unwrap_or_default());
            }
            if snapshot_all(book.path()) != before {
                failures.push(format!(
                    "{} ({cmd}): the book folder or the previous site changed",
                    case.name
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn odd_but_valid_books_build() {
    for name in OK_CASES {
        let book = copy_book(&format!("bad/{name}"));
        let out = metbook(&["build"], book.path());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(
            book.path().join("book/index.html").is_file(),
            "{name}: no index.html"
        );
    }
}

#[test]
fn bom_and_crlf_are_invisible_in_the_output() {
    let book = copy_book("bad/ok-bom-crlf");
    let out = metbook(&["build"], book.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "no warnings expected");
    let page = read(book.path(), "book/empathy.html");
    let main = main_html(&page);
    assert!(!main.contains('\u{feff}'), "BOM leaked into the page");
    assert!(
        !main.contains("kind: principle"),
        "front matter was not recognised behind a BOM/CRLF"
    );
    assert!(!main.contains('\r'), "CR leaked into the page");
    let h1 = select_texts(&main, "h1");
    assert!(
        h1.iter().any(|t| t.ends_with("Express empathy")),
        "h1s: {h1:?}"
    );
    assert!(main.contains("dlg-crlf"), "the dialogue was not rendered");
    assert!(
        main.contains("Argue with the client."),
        "the does-not block was not rendered"
    );
    assert!(read(book.path(), "book/references.html").contains("Motivational interviewing"));
    assert!(read(book.path(), "book/two.html").contains("second-heading"));
}

/// An empty SUMMARY.md is allowed (mdBook accepts it): the book has only its index, and the
/// chapters lying around are reported as warnings, not errors.
#[test]
fn empty_summary_builds_with_a_warning_for_unlisted_files() {
    let book = copy_book("bad/ok-empty-summary");
    std::fs::write(book.path().join("src/stray.md"), "# Stray\n").unwrap();
    let out = metbook(&["build"], book.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("stray.md"), "{}", stderr(&out));
    assert_eq!(kinds(book.path()), ["unlisted"]);
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions. Declared here to avoid a libc dependency.
    extern "C" {
        fn geteuid() -> u32;
    }
    unsafe { geteuid() == 0 }
}

#[test]
fn unreadable_files_fail_cleanly_or_build_as_root() {
    use std::os::unix::fs::PermissionsExt;
    for (name, file, at) in [
        ("unreadable-chapter", "src/one.md", "src/one.md"),
        ("unreadable-summary", "src/SUMMARY.md", "src/SUMMARY.md"),
    ] {
        let book = copy_book(&format!("bad/{name}"));
        previous_site(book.path());
        let path = book.path().join(file);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
        let before = snapshot_all(&book.path().join("book"));
        let out = metbook(&["build"], book.path());
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{name}: {err}");
        if is_root() {
            // Root reads files whatever their mode, so the permission error cannot happen.
            eprintln!("{name}: running as root, which can read a chmod 000 file; asserting the book still builds instead");
            assert_eq!(out.status.code(), Some(0), "{name} as root: {err}");
        } else {
            assert_clean_failure(name, &out, &format!("{at}:1:1"), &["permission denied"]);
            assert_eq!(
                snapshot_all(&book.path().join("book")),
                before,
                "{name}: the previous site changed"
            );
        }
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
}

/// Builds a book whose only chapter is `text`; returns the output and how long it took.
fn build_one_chapter(text: &str) -> (tempfile::TempDir, std::process::Output, Duration) {
    let book = copy_case("generated");
    std::fs::write(book.path().join("src/one.md"), text).unwrap();
    previous_site(book.path());
    let start = Instant::now();
    let out = metbook(&["build"], book.path());
    (book, out, start.elapsed())
}

fn assert_ok_or_clean_error(what: &str, book: &Path, out: &std::process::Output) {
    let err = stderr(out);
    assert!(
        !err.contains("panicked") && !err.contains("overflow"),
        "{what}: {err}"
    );
    match out.status.code() {
        Some(0) => assert!(
            book.join("book/one.html").is_file(),
            "{what}: built, but no one.html"
        ),
        Some(1) => {
            assert!(
                err.contains("src/one.md:") && err.contains("help:"),
                "{what}: unlocated error: {err}"
            );
            assert_eq!(
                read(book, "book/index.html"),
                "previous site",
                "{what}: previous site changed"
            );
        }
        other => {
            panic!("{what}: exit {other:?} (killed by a signal, e.g. a stack overflow?):\n{err}")
        }
    }
}

#[test]
fn twenty_megabyte_chapter_builds_or_fails_cleanly() {
    let para =
        "The therapist listens and reflects what the client says about change talk and drinking. ";
    let mut text = String::with_capacity(21 << 20);
    text.push_str("# Big\n\n");
    let mut i = 0;
    while text.len() < 20 << 20 {
        if i % 50 == 0 {
            text.push_str(&format!("## Section {i}\n\n"));
        }
        text.push_str(&para.repeat(10));
        text.push_str("\n\n");
        i += 1;
    }
    let (book, out, took) = build_one_chapter(&text);
    eprintln!("20 MB chapter: exit {:?} in {took:?}", out.status.code());
    assert_ok_or_clean_error("20 MB chapter", book.path(), &out);
    assert!(
        took < Duration::from_secs(600),
        "20 MB chapter took {took:?}"
    );
}

#[test]
fn ten_thousand_deep_nesting_does_not_overflow_the_stack() {
    let cases = [
        ("lists", format!("# Deep\n\n{}x\n", "- ".repeat(10_000))),
        (
            "indented lists",
            (0..10_000)
                .map(|i| format!("{}- x\n", " ".repeat(2 * (i % 200))))
                .collect::<String>(),
        ),
        (
            "block quotes",
            format!("# Deep\n\n{}x\n", "> ".repeat(10_000)),
        ),
        (
            "ordered lists",
            format!("# Deep\n\n{}x\n", "1. ".repeat(10_000)),
        ),
        (
            "quotes and lists",
            format!("# Deep\n\n{}x\n", "> - ".repeat(5_000)),
        ),
        (
            "emphasis",
            format!("# Deep\n\n{}x{}\n", "*_".repeat(5_000), "_*".repeat(5_000)),
        ),
        (
            "links",
            format!(
                "# Deep\n\n{}x{}\n",
                "[".repeat(10_000),
                "](a.md)".repeat(10_000)
            ),
        ),
        (
            "html",
            format!(
                "# Deep\n\n{}x{}\n",
                "<div>".repeat(10_000),
                "</div>".repeat(10_000)
            ),
        ),
    ];
    for (what, text) in cases {
        let (book, out, took) = build_one_chapter(&text);
        eprintln!(
            "10,000-deep {what}: exit {:?} in {took:?}",
            out.status.code()
        );
        assert_ok_or_clean_error(&format!("10,000-deep {what}"), book.path(), &out);
    }
}

/// Generates a book big enough that a build takes a noticeable time.
fn big_book(dir: &Path, chapters: usize) {
    std::fs::write(dir.join("book.toml"), "[book]\ntitle = \"Big\"\n").unwrap();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let para =
        "The therapist listens with respect and reflects what the client says about drinking. "
            .repeat(8);
    let mut summary = String::from("# Summary\n\n");
    for i in 0..chapters {
        summary.push_str(&format!("- [Chapter {i}](c{i}.md)\n"));
        let body: String = (0..30)
            .map(|j| format!("## Section {j}\n\n{para}\n\n"))
            .collect();
        std::fs::write(
            dir.join(format!("src/c{i}.md")),
            format!("# Chapter {i}\n\n{body}"),
        )
        .unwrap();
    }
    std::fs::write(dir.join("src/SUMMARY.md"), summary).unwrap();
}

/// The file names of a snapshot (a complete site from another folder has the same names).
fn names(snap: &[(PathBuf, Result<Vec<u8>, String>)]) -> Vec<PathBuf> {
    snap.iter().map(|(p, _)| p.clone()).collect()
}

fn stray_dirs(book: &Path) -> Vec<String> {
    std::fs::read_dir(book)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".book.metbook-"))
        .collect()
}

#[test]
fn a_killed_build_leaves_the_previous_site_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path();
    big_book(book, 150);
    // The previous site: a real build, plus a file the next build would not write, so a
    // half-swapped site could not pass for the previous one.
    let out = metbook(&["build"], book);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::write(
        book.join("book/previous-only.txt"),
        "from the previous build",
    )
    .unwrap();
    let before = snapshot_all(&book.join("book"));
    // A complete new build, for the case where the kill lands after the swap.
    let reference_dir = tempfile::tempdir().unwrap();
    big_book(reference_dir.path(), 150);
    let out = metbook(&["build"], reference_dir.path());
    assert_eq!(out.status.code(), Some(0));
    let reference = names(&snapshot_all(&reference_dir.path().join("book")));

    let bin = assert_cmd::cargo::cargo_bin("metbook");
    let mut outcomes = Vec::new();
    for delay_ms in [20u64, 80, 200, 400, 700, 1000, 1500] {
        let mut child = std::process::Command::new(&bin)
            .arg("build")
            .arg(book)
            .env("NO_COLOR", "1")
            .env("METBOOK_CACHE_DIR", private_cache())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok(); // SIGKILL on Unix
        child.wait().unwrap();
        let now = snapshot_all(&book.join("book"));
        let outcome = if now == before {
            "previous site intact"
        } else if names(&now) == reference {
            "new site complete"
        } else {
            panic!("after SIGKILL at {delay_ms} ms the build folder is neither the previous nor a complete new site");
        };
        outcomes.push(format!(
            "{delay_ms} ms: {outcome}{}; strays {:?}",
            if finished {
                " (build had finished)"
            } else {
                ""
            },
            stray_dirs(book)
        ));
        if names(&now) == reference {
            // Put the previous site back so the next kill is tested against it again.
            std::fs::remove_dir_all(book.join("book")).unwrap();
            std::fs::create_dir(book.join("book")).unwrap();
            for (rel, bytes) in &before {
                let p = book.join("book").join(rel);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, bytes.as_ref().unwrap()).unwrap();
            }
        }
    }
    eprintln!("kill outcomes:\n  {}", outcomes.join("\n  "));
    assert!(
        outcomes
            .iter()
            .any(|o| o.contains("intact") && !o.contains("finished")),
        "no kill landed mid-build: {outcomes:?}"
    );
    let out = metbook(&["build"], book);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stray_dirs(book),
        Vec::<String>::new(),
        "staging folders left after a successful build"
    );
    assert!(!book.join("book/previous-only.txt").exists());
    assert!(
        names(&snapshot_all(&book.join("book"))) == reference,
        "the final site does not have the files of a fresh build"
    );
}

#[test]
fn stale_staging_dirs_are_removed_but_foreign_dirs_are_kept() {
    let book = copy_case("generated");
    let stale = book.path().join(".book.metbook-staging-999999");
    std::fs::create_dir(&stale).unwrap();
    std::fs::write(stale.join(metbook::emit::MARKER), "").unwrap();
    // Killed after making its staging folder, before writing the marker in it.
    let empty = book.path().join(".book.metbook-staging-99");
    std::fs::create_dir(&empty).unwrap();
    let foreign = book.path().join(".book.metbook-staging-123");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("mine.txt"), "not metbook's").unwrap();
    let out = metbook(&["build"], book.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stale.exists(), "a stale staging folder survived");
    assert!(
        !empty.exists(),
        "an empty staging folder (killed before its marker) survived"
    );
    assert!(
        foreign.join("mine.txt").exists(),
        "a folder without the marker was removed"
    );
}

/// Inputs found by fuzzing (fuzz/) and by this corpus; each once crashed or misbehaved.
#[test]
fn regression_inputs_from_fuzzing() {
    for (what, text) in FUZZ_REGRESSIONS {
        let (book, out, _) = build_one_chapter(text);
        assert_ok_or_clean_error(what, book.path(), &out);
    }
}

const FUZZ_REGRESSIONS: &[(&str, &str)] = &[
    ("front matter only", "---\n---"),
    ("front matter without end", "---\n"),
    ("lone dashes", "---"),
    ("empty dialogue", "```dialogue\n```\n"),
    ("dialogue separator only", "```dialogue\n---\n```\n"),
    ("unclosed contrast fence", "```contrast\ncaption: x\n"),
    ("citation at end", "[@"),
    ("include at end", "{{#include"),
];

// Properties: the parsers never panic, whatever the text.
mod never_panics {
    use std::path::Path;

    use proptest::prelude::*;

    /// Arbitrary strings biased towards the syntax the parsers look at.
    fn metbook_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "---\n",
            "- ",
            "  ",
            "[",
            "]",
            "(",
            ")",
            "@",
            "@key",
            "{",
            "}",
            "{sr}",
            "\\",
            ":",
            "\n",
            "\r\n",
            "#",
            "`",
            "```",
            "\u{feff}",
            "é",
            "\u{202e}",
            "id: x\n",
            "- [A](a.md)\n",
            "T: ",
            "C: ",
            "> ",
            "or T: ",
            ";",
            ",",
            "p. 5",
            "\"",
            "'",
        ]);
        prop_oneof![
            any::<String>(),
            prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn summary_parse(s in metbook_text()) {
            let _ = metbook::load::summary::parse(&s, Path::new("SUMMARY.md"));
        }

        #[test]
        fn chapter_split(s in metbook_text()) {
            let _ = metbook::load::chapter::split(&s, Path::new("one.md"));
        }

        #[test]
        fn cite_scan(s in metbook_text()) {
            let _ = metbook::met::cite::scan(&s);
        }

        #[test]
        fn contrast_parse(s in metbook_text()) {
            let _ = metbook::met::contrast::parse(&s);
        }

        #[test]
        fn does_not_parse(s in metbook_text()) {
            let _ = metbook::met::does_not::parse(&s);
        }

        #[test]
        fn dialogue_parse(s in metbook_text()) {
            let _ = metbook::met::dialogues::parse_dialogue(&s, &metbook::model::met::codebook::Codebook::builtin());
        }

        #[test]
        fn glossary_parse(s in metbook_text()) {
            let _ = metbook::model::met::glossary::Glossary::parse(&s, Path::new("glossary.yml"));
        }
    }
}
