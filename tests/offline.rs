//! `[output.html.offline]`: an installable handbook readable offline. The build writes a
//! web app manifest and a service worker listing every file of the site, pages link and
//! register them; off by default, and never in `serve`.

mod common;

use common::*;

fn enable(dir: &std::path::Path) {
    let toml = dir.join("book.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str("\n[output.html.offline]\nenable = true\n");
    std::fs::write(toml, text).unwrap();
}

/// Every file under `site`, as site paths.
fn site_files(site: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(site).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .filter(|p| !p.starts_with('.'))
        .collect();
    v.sort();
    v
}

#[test]
fn offline_build_lists_every_file_in_its_service_worker() {
    let book = copy_book("met-features");
    enable(book.path());
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let site = book.path().join("book");
    let sw = read(&site, "sw.js");
    let list = sw
        .lines()
        .find_map(|l| l.strip_prefix("var FILES = "))
        .expect("sw.js has its FILES line");
    let files: Vec<String> = serde_json::from_str(list.trim_end_matches(';')).unwrap();
    let mut want = site_files(&site);
    want.retain(|p| p != "sw.js");
    want.push("./".into());
    want.sort();
    assert_eq!(files, want, "sw.js should list every file but itself");
    assert!(!sw.contains("__"), "a placeholder was left in sw.js");
    assert!(files.iter().all(|f| !f.contains("://")), "{files:?}");

    let manifest: serde_json::Value =
        serde_json::from_str(&read(&site, "manifest.webmanifest")).unwrap();
    assert_eq!(manifest["start_url"], "index.html");
    assert_eq!(manifest["name"], "MET features");
    let icon = manifest["icons"][0]["src"].as_str().unwrap();
    assert!(
        site.join(icon).is_file(),
        "the manifest's icon {icon} exists"
    );
    let page = read(&site, "empathy.html");
    // offline.js links the manifest and registers the worker, over http(s) only.
    assert!(
        page.contains(" data-offline>") && page.contains("js/offline-"),
        "pages ask for the worker"
    );

    // Any change to the site renames the worker's cache.
    let version = |sw: &str| {
        sw.lines()
            .find(|l| l.starts_with("var VERSION"))
            .map(String::from)
    };
    let before = version(&sw);
    let ch = book.path().join("src/empathy.md");
    let text = std::fs::read_to_string(&ch).unwrap();
    std::fs::write(&ch, format!("{text}\nOne more sentence.\n")).unwrap();
    assert!(metbook(&["build"], book.path()).status.success());
    assert_ne!(
        version(&read(&site, "sw.js")),
        before,
        "the cache version did not change"
    );
}

#[test]
fn offline_is_off_by_default() {
    let book = copy_book("met-features");
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let site = book.path().join("book");
    assert!(!site.join("sw.js").exists() && !site.join("manifest.webmanifest").exists());
    let page = read(&site, "empathy.html");
    assert!(!page.contains("data-offline") && !page.contains("js/offline-"));
}

#[test]
fn serve_never_offers_the_worker() {
    let book = copy_book("met-features");
    enable(book.path());
    let mut session = metbook::session::Session::new(book.path());
    let r = session.rebuild(&[]);
    assert!(r.ok, "{:?}", r.diagnostics);
    let site = &session.site;
    assert!(!site.contains_key("sw.js") && !site.contains_key("manifest.webmanifest"));
    let page = String::from_utf8(site["empathy.html"].clone()).unwrap();
    assert!(
        !page.contains("data-offline"),
        "serve pages must not register a worker"
    );
}
