//! The bundled handbook's Spanish edition in a real browser: the language switcher by
//! keyboard, Spanish search (stemmed, accent-insensitive, within the edition), axe on
//! translated and not-yet-translated pages, and file:// use under the strict CSP.

use serde_json::json;

use super::checks::{axe, format_logs, severe};
use super::driver::{Browser, Profile};
use super::search::{all_marks, results, type_query};
use super::site;
use fantoccini::key::Key;

const EN: &str = "principles/express-empathy.html";
const ES: &str = "es/principles/express-empathy.html";
/// A chapter the Spanish edition shows in English, marked.
const FALLBACK: &str = "es/evidence/project-match.html";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_switcher_works_by_keyboard_and_lands_on_the_same_chapter() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    b.goto(&site.server.url(EN)).await;
    let summary = b
        .wait_css(".mb-lang > summary", "the language switcher")
        .await;
    b.js("document.querySelector('.mb-lang > summary').focus();")
        .await;
    summary
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("opening the switcher with Enter");
    b.wait_js(
        "document.querySelector('.mb-lang').open",
        "the switcher open after Enter",
    )
    .await;
    let link = b
        .wait_css(".mb-lang a[hreflang=es]", "the Spanish link")
        .await;
    link.send_keys(&Key::Enter.to_string())
        .await
        .expect("following the Spanish link with Enter");
    b.wait_js(
        "document.documentElement.lang === 'es' && location.pathname.endsWith('/es/principles/express-empathy.html')",
        "the Spanish page of the same chapter",
    )
    .await;
    let current = b
        .js("return document.querySelector('.mb-lang a[aria-current]').getAttribute('lang');")
        .await;
    assert_eq!(current, json!("es"));
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spanish_search_is_stemmed_accent_free_and_stays_in_spanish() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    b.goto(&site.server.url(ES)).await;
    // Typed without its accent, "sesion" finds "sesión".
    let p = type_query(&b, "sesion").await;
    let marks = all_marks(&p);
    assert!(
        marks.iter().any(|m| m.to_lowercase().starts_with("sesi")),
        "'sesion' should find 'sesión': {marks:?}"
    );
    // A plural finds the singular through the Spanish stemmer.
    let p = type_query(&b, "reflejos").await;
    let marks = all_marks(&p);
    assert!(
        marks.iter().any(|m| m.to_lowercase() == "reflejo"),
        "'reflejos' should find 'reflejo': {marks:?}"
    );
    // The scripts speak Spanish too.
    let p = type_query(&b, "zzxqj").await;
    assert!(
        p["empty"]
            .as_str()
            .unwrap_or("")
            .starts_with("No hay resultados"),
        "the empty-result message in Spanish: {}",
        p["empty"]
    );
    let p = type_query(&b, "reflejos").await;
    // Results are pages of the Spanish edition (relative links that never climb out of
    // es/ into the English site).
    for r in results(&p) {
        let href = r["href"].as_str().unwrap_or("");
        assert!(
            !href.starts_with("../../"),
            "a Spanish result leads out of the Spanish edition: {href}"
        );
    }
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spanish_pages_pass_axe_translated_or_not() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    let mut failures = Vec::new();
    for page in [
        ES,
        FALLBACK,
        "es/index.html",
        "es/dialogues.html",
        "es/glossary.html",
    ] {
        b.goto(&site.server.url(page)).await;
        b.settle().await;
        let v = axe(&b).await;
        if !v.is_empty() {
            failures.push(format!("{page}: {v:?}"));
        }
    }
    b.goto(&site.server.url(FALLBACK)).await;
    let fallback = b
        .js("return [document.querySelectorAll('.mb-fallback').length, document.querySelector('.mb-content').lang];")
        .await;
    assert_eq!(fallback, json!([1, "en"]), "{FALLBACK} is marked");
    b.quit().await;
    assert!(
        failures.is_empty(),
        "axe violations:\n{}",
        failures.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_spanish_edition_works_from_file_urls() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    b.logs().await;
    b.goto(&site.file_url(ES)).await;
    b.wait_js(
        "document.querySelectorAll('#mb-sidebar a[href]').length > 0",
        "a populated sidebar under file://",
    )
    .await;
    let p = type_query(&b, "empatia").await;
    assert!(
        !results(&p).is_empty(),
        "'empatia' found nothing under file://"
    );
    let english = b
        .js("return document.querySelector('.mb-lang a[hreflang=en]').href;")
        .await;
    b.goto(english.as_str().unwrap()).await;
    b.wait_js(
        "document.documentElement.lang === 'en'",
        "the English page under file://",
    )
    .await;
    b.settle().await;
    let bad = severe(&b.logs().await, &["/favicon.ico"]);
    b.quit().await;
    assert!(bad.is_empty(), "console errors:\n{}", format_logs(&bad));
}
