//! Session plans in a real browser: each printable session card fits one sheet of A4 and
//! of US Letter, and each step of a plan has a link a keyboard user can reach and copy.

use fantoccini::wd::{PrintConfiguration, PrintSize};
use serde_json::json;

use super::driver::{Browser, Profile};
use fantoccini::Locator;

use super::met_pages::{press, tab_to};
use super::site;

/// Pages in a PDF: its page objects (`/Type /Page`, not the `/Pages` tree).
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type /Page")
        .filter(|(i, _)| !text[i + "/Type /Page".len()..].starts_with('s'))
        .count()
        + text
            .match_indices("/Type/Page")
            .filter(|(i, _)| !text[i + "/Type/Page".len()..].starts_with('s'))
            .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_session_card_prints_on_one_sheet() {
    let site = site::handbook();
    let cards: Vec<String> = site
        .html_pages()
        .into_iter()
        .filter(|p| p.starts_with("session-card-"))
        .collect();
    assert!(
        cards.len() >= 3,
        "the handbook should have a card per session: {cards:?}"
    );
    let b = Browser::start(Profile::Desktop).await;
    for card in &cards {
        b.goto(&site.server.url(card)).await;
        b.settle().await;
        for (name, size) in [("A4", PrintSize::A4), ("Letter", PrintSize::US_LETTER)] {
            let config = PrintConfiguration::builder().size(size).build().unwrap();
            let pdf = b.client.print(config).await.expect("printing the card");
            let pages = pdf_pages(&pdf);
            assert_eq!(pages, 1, "{card} prints on {pages} {name} pages");
        }
    }
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_steps_have_keyboard_reachable_links() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    b.goto(&site.server.url("delivery/session-one.html")).await;
    let step = "session-1-step-1";
    let href = b
        .js_args(
            "const a = document.querySelector('#' + arguments[0] + ' a.mb-anchor'); return a && a.getAttribute('href');",
            vec![json!(step)],
        )
        .await;
    assert_eq!(
        href,
        json!(format!("#{step}")),
        "step 1 has no link to itself"
    );
    let link = b
        .client
        .find(Locator::Css(&format!("#{step} a.mb-anchor")))
        .await
        .expect("the step link");
    tab_to(&b, &link, "the link of session 1's first step", 600).await;
    let visible = b
        .js("const a = document.activeElement; return getComputedStyle(a).opacity !== '0';")
        .await;
    assert_eq!(
        visible,
        json!(true),
        "the focused step link stays invisible"
    );
    press(&b, fantoccini::key::Key::Enter).await;
    b.wait_js(
        &format!("location.hash === '#{step}'"),
        "the step link to be followed",
    )
    .await;
    b.quit().await;
}
