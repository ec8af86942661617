//! Offline reading (`[output.html.offline]`, js/offline.js, render/offline_sw.js) in a real
//! browser: over http the service worker takes the page and keeps the site, which then
//! opens with its server gone; it keeps only this site's own addresses; from file:// no
//! worker is registered and nothing fails.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::checks::{format_logs, severe};
use super::driver::{Browser, Profile};
use super::server::Server;
use super::site::{build_book, MANIFEST_DIR};

/// The met-features fixture with offline reading on, built afresh.
fn offline_site() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let src = tmp.join("browser-offline-src");
    let _ = std::fs::remove_dir_all(&src);
    crate::common::copy_dir(
        &Path::new(MANIFEST_DIR).join("tests/fixtures/met-features"),
        &src,
    );
    let toml = src.join("book.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        format!("{text}\n[output.html.offline]\nenable = true\n"),
    )
    .unwrap();
    build_book(&src, &tmp.join("browser-offline"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_handbook_opens_with_its_server_gone() {
    let out = offline_site();
    let server = Server::start(&out);
    let b = Browser::start(Profile::Desktop).await;
    b.goto(&server.url("index.html")).await;
    b.js("navigator.serviceWorker.ready.then(() => { window.mbReady = true; });")
        .await;
    b.wait_js(
        "window.mbReady && navigator.serviceWorker.controller",
        "the service worker installed (every file kept) and in control of the page",
    )
    .await;
    let cached = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.keys()))))
               .then(all => done(all.flat().map(r => r.url)));",
            vec![],
        )
        .await
        .expect("listing the caches");
    let manifest = b
        .js("const l = document.querySelector('link[rel=manifest]'); return l && l.href;")
        .await;
    assert_eq!(
        manifest,
        json!(server.url("manifest.webmanifest")),
        "over http the page links the manifest"
    );
    let urls: Vec<&str> = cached
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u.as_str())
        .collect();
    assert!(
        urls.iter().any(|u| u.ends_with("/empathy.html"))
            && urls.iter().all(|u| u.starts_with(&server.base)),
        "the cache should hold this site's files and nothing from another host: {urls:?}"
    );

    // The server loses the site: the pages still open, from the cache.
    let gone = out.with_extension("gone");
    let _ = std::fs::remove_dir_all(&gone);
    std::fs::rename(&out, &gone).unwrap();
    b.goto(&server.url("empathy.html?highlight=empathy")).await;
    let title = b.js("return document.title;").await;
    std::fs::rename(&gone, &out).unwrap();
    assert!(
        title.as_str().unwrap_or("").contains("Empathy")
            || title.as_str().unwrap_or("").contains("empathy"),
        "with the server's files gone, empathy.html should open from the cache; title {title}"
    );
    let bad = severe(&b.logs().await, &["/favicon.ico"]);
    assert!(
        bad.is_empty(),
        "console errors offline:\n{}",
        format_logs(&bad)
    );

    // From a folder (file://) no worker is registered, and nothing fails.
    b.goto(&format!("file://{}", out.join("index.html").display()))
        .await;
    b.settle().await;
    let sw = b
        .js("return !!(navigator.serviceWorker && navigator.serviceWorker.controller);")
        .await;
    assert_eq!(
        sw,
        json!(false),
        "a file:// page must not be controlled by a service worker"
    );
    let manifest = b
        .js("return !!document.querySelector('link[rel=manifest]');")
        .await;
    assert_eq!(
        manifest,
        json!(false),
        "a file:// page links no manifest (it could not load)"
    );
    let bad = severe(&b.logs().await, &["/favicon.ico"]);
    assert!(
        bad.is_empty(),
        "console errors from file://:\n{}",
        format_logs(&bad)
    );
    b.quit().await;
}
