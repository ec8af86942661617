//! Worksheets in a real browser: filled in by keyboard; nothing stored until the reader
//! opts in; kept answers survive a reload; clearing removes them; saving to a file and
//! opening it again gives back the same answers; and the tools work from file:// too.

use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::{json, Value};

use super::checks::set_theme;
use super::driver::{Browser, Profile};
use super::met_pages::{assert_axe_clean, press, scroll_center, tab_to};
use super::site;

const PAGE: &str = "forms/rulers.html";
const WS: &str = "ws-rulers";

/// Opens `url` with nothing kept from an earlier test.
async fn fresh(b: &Browser, url: &str) {
    b.goto(url).await;
    b.js("localStorage.clear();").await;
    b.reload().await;
}

async fn answers(b: &Browser) -> Value {
    b.js_args(
        "return window.metbookWorksheets.answers(arguments[0]);",
        vec![json!(WS)],
    )
    .await
}

/// Every key this site keeps in localStorage for worksheets.
async fn stored(b: &Browser) -> Value {
    b.js("return Object.keys(localStorage).filter(k => k.startsWith('metbook-worksheet:'));")
        .await
}

async fn click(b: &Browser, css: &str) {
    let el = b
        .client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    // Clear of the sticky header, as a reader would have it on screen.
    scroll_center(b, &el).await;
    el.click()
        .await
        .unwrap_or_else(|e| panic!("clicking {css}: {e}"));
}

/// Types the name and picks 7 on the importance ruler, by keyboard only.
async fn fill_by_keyboard(b: &Browser) {
    let name = b
        .client
        .find(Locator::Css(&format!("#{WS}--name")))
        .await
        .expect("the name field");
    tab_to(b, &name, "the worksheet's name field", 400).await;
    name.send_keys("Maureen").await.unwrap();
    let zero = b
        .client
        .find(Locator::Css(&format!(
            "#{WS} input[name=importance][value='0']"
        )))
        .await
        .expect("the importance ruler");
    tab_to(b, &zero, "the importance ruler", 10).await;
    // Arrow keys move along a radio group and select as they go.
    for _ in 0..7 {
        press(b, Key::Right).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worksheet_is_filled_by_keyboard_and_nothing_is_stored_without_asking() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    fresh(&b, &site.server.url(PAGE)).await;
    fill_by_keyboard(&b).await;
    assert_eq!(
        answers(&b).await,
        json!({"name": "Maureen", "importance": "7"}),
        "keyboard entry did not reach the form"
    );
    b.settle().await;
    assert_eq!(
        stored(&b).await,
        json!([]),
        "answers were stored without opting in"
    );
    b.reload().await;
    assert_eq!(
        answers(&b).await,
        json!({}),
        "answers came back without opting in"
    );
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kept_answers_survive_a_reload_until_cleared() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    fresh(&b, &site.server.url(PAGE)).await;
    click(&b, &format!("#{WS}--keep")).await;
    fill_by_keyboard(&b).await;
    b.wait_js(
        &format!("(JSON.parse(localStorage.getItem('metbook-worksheet:{WS}') || '{{}}').importance) === '7'"),
        "the kept answers to be stored",
    )
    .await;
    b.reload().await;
    assert_eq!(
        answers(&b).await,
        json!({"name": "Maureen", "importance": "7"})
    );
    let ticked = b
        .js(&format!(
            "return document.getElementById('{WS}--keep').checked;"
        ))
        .await;
    assert_eq!(
        ticked,
        json!(true),
        "the keep box should show that answers are kept"
    );
    click(&b, &format!("#{WS} .mb-ws-clear")).await;
    assert_eq!(
        answers(&b).await,
        json!({}),
        "clear left answers in the form"
    );
    assert_eq!(stored(&b).await, json!([]), "clear left answers in storage");
    b.reload().await;
    assert_eq!(answers(&b).await, json!({}));
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saving_to_a_file_and_opening_it_gives_the_same_answers() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    fresh(&b, &site.server.url(PAGE)).await;
    fill_by_keyboard(&b).await;
    let before = answers(&b).await;
    // Catch the file the page makes, from the real "Save to a file" button.
    b.js("window.__saved = []; const make = URL.createObjectURL; URL.createObjectURL = blob => { window.__saved.push(blob); return make(blob); };")
        .await;
    click(&b, &format!("#{WS} .mb-ws-export")).await;
    let text = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; window.__saved[0].text().then(done);",
            vec![],
        )
        .await
        .expect("reading the saved file");
    let saved: Value = serde_json::from_str(text.as_str().unwrap()).unwrap();
    assert_eq!(saved["worksheet"], json!(WS));
    assert_eq!(saved["answers"], before);
    click(&b, &format!("#{WS} .mb-ws-clear")).await;
    assert_eq!(answers(&b).await, json!({}));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rulers.json");
    std::fs::write(&file, text.as_str().unwrap()).unwrap();
    let picker = b
        .client
        .find(Locator::Css(&format!("#{WS} .mb-ws-import")))
        .await
        .unwrap();
    picker.send_keys(file.to_str().unwrap()).await.unwrap();
    b.wait_js(
        &format!("window.metbookWorksheets.answers('{WS}').importance === '7'"),
        "the answers from the file",
    )
    .await;
    assert_eq!(answers(&b).await, before);
    assert_eq!(
        stored(&b).await,
        json!([]),
        "opening a file must not store it unasked"
    );
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn worksheet_tools_work_from_a_copied_folder() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    b.goto(&site.file_url(PAGE)).await;
    b.wait_js(
        &format!("!document.querySelector('#{WS} .mb-worksheet-tools').hidden"),
        "the worksheet tools under file://",
    )
    .await;
    fill_by_keyboard(&b).await;
    assert_eq!(
        answers(&b).await,
        json!({"name": "Maureen", "importance": "7"})
    );
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feedback_report_places_a_typed_result_and_keeps_it_on_the_device_only_when_asked() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    b.goto(&site.server.url("delivery/feedback-sample.html"))
        .await;
    b.js("localStorage.clear();").await;
    b.reload().await;
    let place = "return document.getElementById('pfr-helen--ggt-liver-place').textContent;";
    assert_eq!(
        b.js(place).await,
        json!("Above the range"),
        "the example's placement"
    );
    let ggt = b
        .client
        .find(Locator::Css("#pfr-helen--ggt-liver"))
        .await
        .expect("the GGT result");
    tab_to(&b, &ggt, "the GGT result", 400).await;
    // Select the example value and type another client's result over it.
    press(&b, Key::End).await;
    for _ in 0..2 {
        press(&b, Key::Backspace).await;
    }
    ggt.send_keys("30").await.unwrap();
    b.wait_js(
        "document.getElementById('pfr-helen--ggt-liver-place').textContent === 'Within the range'",
        "the comparison to follow the typed result",
    )
    .await;
    b.settle().await;
    assert_eq!(
        stored(&b).await,
        json!([]),
        "a typed result was stored without asking"
    );
    b.quit().await;
}

/// The delivery page types: the session guide, a session plan, a session card, the forms
/// page, a worksheet and a filled feedback report.
const DELIVERY_PAGES: &[&str] = &[
    "session-guide.html",
    "delivery/session-two.html",
    "session-card-session-1.html",
    "forms.html",
    "forms/change-plan-worksheet.html",
    "delivery/feedback-sample.html",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delivery_pages_pass_axe_on_a_phone_and_from_a_copied_folder_in_both_themes() {
    let site = site::handbook();
    for profile in [Profile::Phone, Profile::Desktop] {
        let b = Browser::start(profile).await;
        for page in DELIVERY_PAGES {
            for url in [site.server.url(page), site.file_url(page)] {
                for theme in ["light", "dark"] {
                    fresh(&b, &url).await;
                    set_theme(&b, theme).await;
                    b.settle().await;
                    assert_axe_clean(&b, &format!("{page} ({}, {theme}, {url})", profile.name()))
                        .await;
                }
            }
        }
        b.quit().await;
    }
}
