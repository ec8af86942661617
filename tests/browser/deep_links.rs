//! Deep links to dialogue turns: every turn has a copyable permalink, like a heading's, that
//! the keyboard reaches, that shows when focused, and that makes its turn the URL's target.

use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::json;

use super::driver::{Browser, Profile};
use super::met_pages::{press, tab_to};
use super::site;

const PAGE: &str = "principles/express-empathy.html";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_dialogue_turn_has_a_focusable_permalink() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    b.goto(&site.server.url(PAGE)).await;
    let turns = b
        .js(
            r#"return [...document.querySelectorAll('#mb-main li.mb-turn')].map(li => {
              const a = li.querySelector('a.mb-turn-link');
              return {id: li.id, href: a && a.getAttribute('href'), tab: a ? a.tabIndex : -1,
                      label: a && a.getAttribute('aria-label')}; });"#,
        )
        .await;
    let turns = turns.as_array().unwrap().clone();
    assert!(!turns.is_empty(), "{PAGE}: no dialogue turns (li.mb-turn)");
    let bad: Vec<_> = turns
        .iter()
        .filter(|t| {
            let id = t["id"].as_str().unwrap_or("");
            id.is_empty()
                || t["href"] != json!(format!("#{id}"))
                || t["tab"].as_i64().unwrap_or(-1) < 0
                || t["label"].as_str().unwrap_or("").is_empty()
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{PAGE}: turns without a focusable, named a.mb-turn-link to their own id: {bad:?}"
    );

    // The keyboard reaches the first turn's link from the dialogue's caption link, and the
    // focused link shows.
    let first = b
        .client
        .find(Locator::Css("#mb-main li.mb-turn a.mb-turn-link"))
        .await
        .unwrap();
    b.js(
        "const a = document.querySelector('#mb-main figure.mb-dialogue figcaption a'); \
          a.scrollIntoView({block: 'center'}); a.focus();",
    )
    .await;
    tab_to(&b, &first, "the first turn's permalink a.mb-turn-link", 10).await;
    let opacity = b
        .js_args(
            "return getComputedStyle(arguments[0]).opacity;",
            vec![json!(first)],
        )
        .await;
    assert_eq!(
        opacity,
        json!("1"),
        "{PAGE}: the focused turn permalink is not shown"
    );

    // Following it makes the turn the target (a link to copy and share).
    press(&b, Key::Enter).await;
    let id = turns[0]["id"].as_str().unwrap();
    b.wait_js(
        &format!("location.hash === '#{id}' && document.getElementById('{id}').matches(':target')"),
        "the turn as the URL's target",
    )
    .await;
    b.quit().await;
}
