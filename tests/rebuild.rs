//! `metbook build` over a previous site: only what changed is written; what the build no
//! longer makes goes; links and folders in the way are replaced, never followed.

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use common::*;

/// Every file of a site with its inode and modification time.
fn stamps(site: &Path) -> BTreeMap<String, (u64, i64, i64)> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            let rel = e
                .path()
                .strip_prefix(site)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, (m.ino(), m.mtime(), m.mtime_nsec()))
        })
        .collect()
}

fn build(book: &Path) {
    let out = metbook(&["build"], book);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn an_unchanged_rebuild_touches_no_file_of_the_site() {
    let book = copy_book("mdbook-style");
    build(book.path());
    let site = book.path().join("book");
    let before = stamps(&site);
    assert!(before.contains_key("print.html") && before.len() > 20);
    build(book.path());
    let after = stamps(&site);
    let marker = ".metbook-build";
    let touched: Vec<_> = after
        .iter()
        .filter(|(p, s)| p.as_str() != marker && before.get(*p) != Some(s))
        .map(|(p, _)| p)
        .collect();
    assert!(
        touched.is_empty(),
        "rewritten though unchanged: {touched:?}"
    );
    assert_eq!(before.len(), after.len());
    let strays: Vec<_> = std::fs::read_dir(book.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".metbook-"))
        .collect();
    assert!(strays.is_empty(), "staging left behind: {strays:?}");
}

#[test]
fn an_edit_rewrites_its_page_and_print_html_and_what_is_no_longer_made_goes() {
    let book = copy_book("mdbook-style");
    build(book.path());
    let site = book.path().join("book");
    std::fs::create_dir_all(site.join("stray/deep")).unwrap();
    std::fs::write(site.join("stray/deep/note.txt"), "by hand").unwrap();
    std::fs::write(site.join("guide/by-hand.html"), "by hand").unwrap();
    let before = stamps(&site);
    let chapter = book.path().join("src/contributors.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(&chapter, format!("{text}\nA sentence added later.\n")).unwrap();
    let summary = book.path().join("src/SUMMARY.md");
    let text = std::fs::read_to_string(&summary).unwrap();
    std::fs::write(
        &summary,
        text.replace("- [Includes](guide/includes.md)\n", ""),
    )
    .unwrap();
    build(book.path());
    let after = stamps(&site);
    for page in ["contributors.html", "print.html"] {
        assert_ne!(before[page].0, after[page].0, "{page} kept its old file");
        assert!(
            read(&site, page).contains("A sentence added later."),
            "{page}"
        );
    }
    // Every page's sidebar lists the chapters, so only the assets stay as they were.
    let css = before.keys().find(|p| p.ends_with(".css")).unwrap();
    assert_eq!(before[css], after[css], "{css} was written again");
    for gone in [
        "guide/includes.html",
        "guide/by-hand.html",
        "stray/deep/note.txt",
    ] {
        assert!(!after.contains_key(gone), "{gone} survived the rebuild");
    }
    assert!(
        !site.join("stray").exists(),
        "the hand-made folder survived"
    );
}

#[test]
fn a_page_edited_in_place_to_the_same_size_is_written_again() {
    let book = copy_book("mdbook-style");
    build(book.path());
    let page = book.path().join("book/contributors.html");
    let text = std::fs::read_to_string(&page).unwrap();
    let edited = text.replacen("<html", "<HTML", 1);
    assert_eq!(edited.len(), text.len());
    std::fs::write(&page, &edited).unwrap();
    // The same modification time as before, so only the content hash can tell.
    let f = std::fs::File::options().write(true).open(&page).unwrap();
    let stamp = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    f.set_modified(stamp).unwrap();
    build(book.path());
    assert_eq!(std::fs::read_to_string(&page).unwrap(), text);
}

#[test]
fn links_and_files_in_the_way_are_replaced_and_never_followed() {
    let book = copy_book("mdbook-style");
    build(book.path());
    let site = book.path().join("book");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("installation.html"), "outside").unwrap();
    std::fs::write(outside.path().join("index.html"), "outside").unwrap();
    // A folder of the site turned into a link to a folder elsewhere, a page into a link
    // to a file elsewhere, and a page into a folder.
    std::fs::remove_dir_all(site.join("guide")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.join("guide")).unwrap();
    std::fs::remove_file(site.join("index.html")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("index.html"), site.join("index.html")).unwrap();
    std::fs::remove_file(site.join("contributors.html")).unwrap();
    std::fs::create_dir_all(site.join("contributors.html/inner")).unwrap();
    build(book.path());
    for name in ["installation.html", "index.html"] {
        assert_eq!(
            read(outside.path(), name),
            "outside",
            "{name} was written through a link"
        );
    }
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 2);
    for p in ["guide", "index.html", "contributors.html"] {
        let m = std::fs::symlink_metadata(site.join(p)).unwrap();
        assert!(!m.file_type().is_symlink(), "{p} is still a link");
    }
    assert!(read(&site, "guide/installation.html").contains("<html"));
    assert!(read(&site, "index.html").contains("<html"));
    assert!(read(&site, "contributors.html").contains("<html"));
}
