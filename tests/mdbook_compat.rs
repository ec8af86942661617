//! Issue #19: real mdBook books build unchanged. The fixture `mdbook-project` is shaped like
//! a real project: the book in `docs/` (with every key of mdBook 0.5's book.toml), code
//! listings beside it in `listings/`, its own preprocessor in `tools/`, redirects,
//! admonitions and hand-written HTML.

mod common;

use std::path::Path;

use common::{copy_book, kinds, main_html, metbook, read, select_attr, select_texts, stderr};

fn set(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} has no `{from}`", file.display());
    std::fs::write(file, text.replace(from, to)).unwrap();
}

#[test]
fn every_mdbook_key_builds_with_one_grouped_warning() {
    let tmp = copy_book("mdbook-project");
    let docs = tmp.path().join("docs");
    let out = metbook(&["build"], &docs);
    assert!(out.status.success(), "{}", stderr(&out));
    let k = kinds(&docs);
    assert_eq!(
        k.iter().filter(|k| *k == "config-ignored").count(),
        1,
        "{k:?}"
    );
    assert!(
        k.iter().all(|k| k == "config-ignored" || k == "raw-html"),
        "{k:?}"
    );
    // The grouped warning names each ignored key and why.
    let err = stderr(&out);
    for key in [
        "rust.edition",
        "output.html.playground.runnable",
        "output.markdown",
    ] {
        assert!(err.contains(key), "{key} missing from:\n{err}");
    }
    assert!(!err.contains("`output.html.redirect"), "{err}");
}

#[test]
fn the_projects_own_preprocessor_runs_after_the_includes() {
    let tmp = copy_book("mdbook-project");
    let docs = tmp.path().join("docs");
    let out = metbook(&["build"], &docs);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        common::stdout(&out).contains("(preprocessors: shout)"),
        "{}",
        common::stdout(&out)
    );
    let main = main_html(&read(&docs, "book/guide/setup.html"));
    assert!(
        main.contains("Before the first session, CHECK FOR WITHDRAWAL."),
        "{main}"
    );
    assert!(!main.contains("{{#shout"), "{main}");
    // It sees included text: the directive came from a file in listings/.
    let main = main_html(&read(&docs, "book/guide/listings.html"));
    assert!(
        main.contains("Run each listing as it stands: NO EDITS."),
        "{main}"
    );
}

#[test]
fn misspelt_keys_are_all_reported_at_once() {
    let tmp = copy_book("mdbook-project");
    let toml = tmp.path().join("docs/book.toml");
    set(&toml, "title = \"Migrated", "titel = \"Migrated");
    set(&toml, "limit-results", "limit-result");
    set(&toml, "page-break = true", "page-break = \"yes\"");
    let k = kinds(&tmp.path().join("docs"));
    assert_eq!(k.iter().filter(|k| *k == "config").count(), 3, "{k:?}");
}

#[test]
fn includes_reach_the_project_root_and_hide_lines_as_mdbook() {
    let tmp = copy_book("mdbook-project");
    let docs = tmp.path().join("docs");
    let out = metbook(&["build"], &docs);
    assert!(out.status.success(), "{}", stderr(&out));
    let main = main_html(&read(&docs, "book/guide/listings.html"));
    let code = select_texts(&main, "pre code");
    assert_eq!(code[0], "println!(\"hello from the listings\");");
    // rustdoc_include: the lines outside the anchor are hidden, as in mdBook.
    assert_eq!(code[1], "println!(\"hello from the listings\");");
    assert!(code[2].starts_with("fn main()"), "{code:?}");
    assert_eq!(code[3], "print(\"shown\")");
    let title = read(&docs, "book/guide/listings.html");
    assert!(
        title.contains("<title>Code listings"),
        "{{#title}} not used"
    );
    // Prose about `{{#include}}` is left as it is.
    let intro = main_html(&read(&docs, "book/introduction.html"));
    assert!(intro.contains("<code>{{#include}}</code>"), "{intro}");
}

#[test]
fn includes_found_by_the_git_root_and_refused_outside_it() {
    let tmp = copy_book("mdbook-project");
    let docs = tmp.path().join("docs");
    let toml = docs.join("book.toml");
    set(&toml, "project-root = \"..\"", "");
    // Without a project root, the book's own folder bounds includes.
    assert!(kinds(&docs).contains(&"include".to_string()));
    // A `.git` folder above the book makes the project root.
    std::fs::create_dir(tmp.path().join(".git")).unwrap();
    assert!(!kinds(&docs).contains(&"include".to_string()));
}

#[test]
fn redirects_point_at_their_targets_and_a_missing_target_is_an_error() {
    let tmp = copy_book("mdbook-project");
    let docs = tmp.path().join("docs");
    let out = metbook(&["build"], &docs);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(&docs, "book/guide/old-setup.html");
    let hrefs = select_attr(&page, "main a", "href");
    assert_eq!(
        hrefs,
        [
            "../guide/setup.html#before-you-start",
            "../introduction.html"
        ]
    );
    assert!(page.contains("http-equiv=\"refresh\""));
    // Under the CSP: the one script is the theme's file, no inline script.
    let scripts = select_attr(&page, "script", "src");
    assert_eq!(scripts.len(), 1, "{page}");
    assert!(scripts[0].starts_with("../js/moved-"), "{scripts:?}");
    assert_eq!(page.matches("<script").count(), 1, "{page}");
    // A page the site still has lists its moved sections for that script, and loads it.
    let setup = read(&docs, "book/guide/setup.html");
    let moved = select_attr(&setup, "a[data-mb-moved]", "href");
    assert_eq!(
        moved,
        [
            "../guide/listings.html",
            "../guide/setup.html#before-you-start"
        ]
    );
    assert!(setup.contains("js/moved-"), "{setup}");
    assert!(!read(&docs, "book/introduction.html").contains("js/moved-"));
    assert!(read(&docs, "book/elsewhere.html").contains("https://example.org/"));
    set(
        &docs.join("book.toml"),
        "= \"introduction.html\"",
        "= \"gone.html\"",
    );
    assert!(kinds(&docs).contains(&"broken-redirect".to_string()));
}

#[test]
fn a_moved_section_needs_a_target_and_a_gone_page_its_own_redirect() {
    let tmp = copy_book("mdbook-project");
    let docs = tmp.path().join("docs");
    let toml = docs.join("book.toml");
    let broken = |from: &str, to: &str| {
        set(&toml, from, to);
        let k = kinds(&docs);
        set(&toml, to, from);
        k.iter().filter(|k| *k == "broken-redirect").count()
    };
    // A moved section whose new page does not exist.
    assert_eq!(broken("= \"listings.html\"", "= \"gone.html\""), 1);
    // A section of a gone page that has no redirect of its own.
    assert_eq!(
        broken(
            "\"/guide/old-setup.html\" = \"setup.html#before-you-start\"\n",
            ""
        ),
        1
    );
    assert!(!kinds(&docs).contains(&"broken-redirect".to_string()));
}

#[test]
fn admonitions_are_labelled_callouts() {
    let tmp = copy_book("mdbook-project");
    let docs = tmp.path().join("docs");
    assert!(metbook(&["build"], &docs).status.success());
    let main = main_html(&read(&docs, "book/introduction.html"));
    let labels = select_texts(&main, ".mb-admonition[role=note] > .mb-admonition-title");
    assert_eq!(labels, ["Note", "Tip", "Important", "Warning", "Caution"]);
    assert!(!main.contains("[!WARNING]"));
    assert_eq!(select_texts(&main, "dl dt"), ["Term"]);
}

#[test]
fn raw_html_the_csp_blocks_is_warned_with_its_line() {
    let tmp = copy_book("mdbook-project");
    let docs = tmp.path().join("docs");
    let out = metbook(&["check", "--format", "json"], &docs);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines: Vec<u64> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "raw-html")
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [7, 7, 9]);
}

#[test]
fn cname_and_input_404_are_written() {
    let tmp = copy_book("mdbook-project");
    let docs = tmp.path().join("docs");
    assert!(metbook(&["build"], &docs).status.success());
    assert_eq!(read(&docs, "book/CNAME"), "handbook.example.org\n");
    let main = main_html(&read(&docs, "book/404.html"));
    assert_eq!(select_texts(&main, "h1:not(.mb-title)"), ["Lost?"]);
}

#[test]
fn create_missing_true_creates_the_chapter_on_build_only() {
    let tmp = copy_book("mdbook-project");
    let docs = tmp.path().join("docs");
    set(
        &docs.join("book.toml"),
        "create-missing = false",
        "create-missing = true",
    );
    set(
        &docs.join("src/SUMMARY.md"),
        "- [Listings]",
        "- [Later](guide/later.md)\n- [Listings]",
    );
    let missing = docs.join("src/guide/later.md");
    assert!(kinds(&docs).contains(&"chapter-file".to_string()));
    assert!(!missing.exists(), "check must not write");
    assert!(metbook(&["build"], &docs).status.success());
    assert_eq!(read(&docs, "src/guide/later.md"), "# Later\n");
    // Without it, a missing chapter stays an error.
    set(&docs.join("book.toml"), "create-missing = true", "");
    std::fs::remove_file(&missing).unwrap();
    let out = metbook(&["check"], &docs);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn smart_punctuation_off_is_off_in_titles_contents_and_link_texts_too() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path();
    std::fs::write(
        p.join("book.toml"),
        "[book]\ntitle = \"T\"\n[output.html]\nsmart-punctuation = false\n",
    )
    .unwrap();
    std::fs::create_dir(p.join("src")).unwrap();
    std::fs::write(p.join("src/SUMMARY.md"), "- [A](a.md)\n- [B](b.md)\n").unwrap();
    std::fs::write(
        p.join("src/a.md"),
        "# Don't \"panic\"\n\n## It's -- done...\n\nText.\n",
    )
    .unwrap();
    std::fs::write(p.join("src/b.md"), "# B\n\nSee [](a.md#its----done).\n").unwrap();
    let out = metbook(&["build"], p);
    assert!(out.status.success(), "{}", stderr(&out));
    let a = read(p, "book/a.html");
    let doc = scraper::Html::parse_document(&a);
    let text = |css: &str| {
        let sel = scraper::Selector::parse(css).unwrap();
        doc.select(&sel)
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>()
            .join("|")
    };
    // The page title and the "On this page" list come from the load-time scan.
    assert!(text("h1").contains("Don't \"panic\""), "{}", text("h1"));
    assert!(
        !a.contains('’') && !a.contains('“') && !a.contains('…'),
        "{a}"
    );
    let b = main_html(&read(p, "book/b.html"));
    assert!(b.contains("It's -- done..."), "{b}");
}
