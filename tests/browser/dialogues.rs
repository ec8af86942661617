//! Annotated dialogues (figure.mb-dialogue) in a real browser: practice mode driven by the
//! keyboard only (js/practice.js), score and per-utterance marking, persistence in
//! localStorage, reset; code badges (full code name, focusable, agreeing with the codebook);
//! the phone layout.

use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::{json, Value};

use super::checks::set_theme;
use super::driver::{Browser, Profile};
use super::met_pages::{
    active_desc, assert_axe_clean, is_active, is_visible, press, press_char, scroll_center, tab_to,
    visibility,
};
use super::site::{self, Site};

const PAGE: &str = "principles/express-empathy.html";
const DIALOGUE: &str = "dlg-empathy-night-shifts";

/// Fails clearly when the page does not load the dialogue assets (the layout must link
/// css/dialogue.css and js/practice.js).
async fn require_dialogue_assets(b: &Browser) {
    let v = b
        .js(r#"
            return {
              js: [...document.scripts].some(s => /\/js\/practice(-[0-9a-f]+)?\.js$/.test(s.src)),
              css: [...document.querySelectorAll('link[rel=stylesheet]')].some(l => /\/css\/dialogue(-[0-9a-f]+)?\.css$/.test(l.href)),
            };
        "#)
        .await;
    assert!(
        v["js"] == json!(true) && v["css"] == json!(true),
        "{}: the page does not load the dialogue assets {v} (js/practice.js as <script defer>, \
         css/dialogue.css as <link rel=stylesheet>): themes/default/templates/layout.html must \
         include them (like js/search.js / css/search.css) for practice mode and the badge styles",
        b.url().await
    );
}

async fn goto_dialogue_page(b: &Browser, site: &Site) {
    b.goto(&site.server.url(PAGE)).await;
    require_dialogue_assets(b).await;
}

async fn figure(b: &Browser) -> Element {
    b.wait_css(&format!("figure.mb-dialogue#{DIALOGUE}"), PAGE)
        .await
}

/// Per practice item: (select id, data-item, data-key) in document order.
async fn items(b: &Browser) -> Vec<(String, String, String)> {
    let v = b
        .js_args(
            r#"
            const f = document.getElementById(arguments[0]);
            return [...f.querySelectorAll('.mb-utt[data-key]')].map((u, k) => [
              (u.querySelector('select.mb-practice-select') || {}).id || null,
              u.getAttribute('data-item') || String(k + 1),
              u.getAttribute('data-key')]);
            "#,
            vec![json!(DIALOGUE)],
        )
        .await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r[0].as_str().unwrap_or("").to_owned(),
                r[1].as_str().unwrap().to_owned(),
                r[2].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Displayed (non-zero-size, not display:none) elements matching `sel` inside the figure.
async fn count_displayed(b: &Browser, sel: &str) -> (usize, usize) {
    let v = b
        .js_args(
            r#"
            const f = document.getElementById(arguments[0]);
            const all = [...f.querySelectorAll(arguments[1])];
            return [all.length, all.filter(e => e.getClientRects().length > 0 &&
                                               getComputedStyle(e).visibility !== 'hidden').length];
            "#,
            vec![json!(DIALOGUE), json!(sel)],
        )
        .await;
    (
        v[0].as_u64().unwrap() as usize,
        v[1].as_u64().unwrap() as usize,
    )
}

async fn wait_until(b: &Browser, expr: &str, args: Vec<Value>, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if b.js_args(&format!("return !!({expr});"), args.clone())
            .await
            == json!(true)
        {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{}: timed out after 10 s waiting for {what}",
            b.url().await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut s = template.to_owned();
    for (k, v) in values {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

async fn panel_label(b: &Browser, name: &str) -> String {
    b.js_args(
        "return document.getElementById(arguments[0]).querySelector('.mb-practice').getAttribute('data-label-' + arguments[1]);",
        vec![json!(DIALOGUE), json!(name)],
    )
    .await
    .as_str()
    .unwrap_or_else(|| panic!("{PAGE}: .mb-practice has no data-label-{name}"))
    .to_owned()
}

async fn select_value(b: &Browser, id: &str) -> String {
    b.js_args(
        "return document.getElementById(arguments[0]).value;",
        vec![json!(id)],
    )
    .await
    .as_str()
    .unwrap_or("")
    .to_owned()
}

async fn stored(b: &Browser) -> Value {
    let raw = b
        .js_args(
            "return localStorage.getItem('metbook-practice:' + arguments[0]);",
            vec![json!(DIALOGUE)],
        )
        .await;
    match raw.as_str() {
        Some(s) => serde_json::from_str(s).unwrap_or(Value::Null),
        None => Value::Null,
    }
}

async fn el_by_id(b: &Browser, id: &str) -> Element {
    b.client
        .find(Locator::Css(&format!("[id='{id}']")))
        .await
        .unwrap_or_else(|_| panic!("{PAGE}: no element #{id}"))
}

// Practice mode by keyboard only: toggle, choose, check, reload, reset.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn practice_mode_keyboard_only() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    goto_dialogue_page(&b, site).await;
    b.js_args(
        "localStorage.removeItem('metbook-practice:' + arguments[0]);",
        vec![json!(DIALOGUE)],
    )
    .await;
    b.reload().await;
    require_dialogue_assets(&b).await;
    let fig = figure(&b).await;
    let toggle = fig
        .find(Locator::Css("button.mb-practice-toggle"))
        .await
        .unwrap_or_else(|_| panic!("{PAGE}: #{DIALOGUE} has no button.mb-practice-toggle"));
    assert_eq!(
        toggle.attr("aria-pressed").await.unwrap().as_deref(),
        Some("false"),
        "{PAGE}: the practice toggle should start with aria-pressed=false"
    );
    let (codes_total, codes_shown) = count_displayed(&b, ".mb-code").await;
    assert!(
        codes_total > 0 && codes_shown == codes_total,
        "{PAGE}: before practice mode all {codes_total} code badges should be visible, {codes_shown} are"
    );

    // Reach the toggle with Tab from the dialogue's caption (permalink) and press Enter.
    let start = fig
        .find(Locator::Css("figcaption a"))
        .await
        .unwrap_or_else(|_| {
            panic!("{PAGE}: #{DIALOGUE} figcaption has no link to start tabbing from")
        });
    scroll_center(&b, &start).await;
    b.js_args("arguments[0].focus();", vec![json!(start)]).await;
    tab_to(
        &b,
        &toggle,
        "the practice toggle button.mb-practice-toggle",
        60,
    )
    .await;
    press(&b, Key::Enter).await;
    wait_until(
        &b,
        "document.getElementById(arguments[0]).querySelector('.mb-practice-toggle').getAttribute('aria-pressed') === 'true'",
        vec![json!(DIALOGUE)],
        "aria-pressed=true on the practice toggle after Enter",
    )
    .await;
    let (_, codes_shown) = count_displayed(&b, ".mb-code").await;
    assert_eq!(
        codes_shown, 0,
        "{PAGE}: in practice mode the author's code badges (.mb-code) must be hidden, {codes_shown} still shown"
    );
    let (_, notes_shown) = count_displayed(&b, ".mb-note").await;
    assert_eq!(
        notes_shown, 0,
        "{PAGE}: in practice mode the commentary (.mb-note) must stay hidden until the answers are checked"
    );
    let panel = fig.find(Locator::Css(".mb-practice")).await.unwrap();
    assert!(
        is_visible(&visibility(&b, &panel).await),
        "{PAGE}: the practice panel .mb-practice is not visible after pressing Enter on the toggle"
    );
    let its = items(&b).await;
    assert!(
        its.len() >= 3,
        "{PAGE}: #{DIALOGUE} should have at least 3 practice items (span.mb-utt[data-key]), has {}",
        its.len()
    );
    let (sel_total, sel_shown) = count_displayed(&b, "select.mb-practice-select").await;
    assert!(
        sel_total == its.len() && sel_shown == its.len(),
        "{PAGE}: expected one visible select per practice item ({}), found {sel_total} ({sel_shown} visible)",
        its.len()
    );
    // Each select has a label.
    let unlabeled = b
        .js_args(
            "return [...document.getElementById(arguments[0]).querySelectorAll('select.mb-practice-select')].filter(s => !s.labels.length || !s.labels[0].textContent.trim()).length;",
            vec![json!(DIALOGUE)],
        )
        .await;
    assert_eq!(
        unlabeled,
        json!(0),
        "{PAGE}: practice selects without a <label>"
    );
    let first_sel = el_by_id(&b, &its[0].0).await;
    assert!(
        is_active(&b, &first_sel).await,
        "{PAGE}: after turning practice mode on, focus should move to the first select, it is on {}",
        active_desc(&b).await
    );
    assert_eq!(
        stored(&b).await,
        Value::Null,
        "{PAGE}: practice mode stored something before the reader asked to keep answers"
    );
    // Opt in to keeping the answers on this device, by keyboard, then back to item 1.
    let keep = el_by_id(&b, &format!("{DIALOGUE}-practice-keep")).await;
    tab_to(&b, &keep, "the practice panel's keep box", 80).await;
    press_char(&b, ' ').await;
    b.wait_js(
        &format!("document.getElementById('{DIALOGUE}-practice-keep').checked"),
        "the keep box to be ticked",
    )
    .await;
    b.js_args(
        "document.getElementById(arguments[0]).focus();",
        vec![json!(its[0].0)],
    )
    .await;

    // Answers: item 1 right, item 2 wrong, item 3 right, the rest unanswered.
    let options: Vec<String> = b
        .js_args(
            "return [...document.getElementById(arguments[0]).options].map(o => o.value);",
            vec![json!(its[0].0)],
        )
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        options.first().map(String::as_str),
        Some(""),
        "{PAGE}: the first option should be the empty 'Choose a code'"
    );
    let mut chosen = Vec::new();
    for (k, (sel_id, _n, key)) in its.iter().take(3).enumerate() {
        let want = if k == 1 {
            options
                .iter()
                .find(|o| !o.is_empty() && *o != key)
                .unwrap()
                .clone()
        } else {
            key.clone()
        };
        let idx = options.iter().position(|o| *o == want).unwrap_or_else(|| {
            panic!("{PAGE}: code {want:?} (data-key) is not an option of #{sel_id}: {options:?}")
        });
        let sel = el_by_id(&b, sel_id).await;
        tab_to(&b, &sel, &format!("practice select #{sel_id}"), 12).await;
        for _ in 0..idx {
            press(&b, Key::Down).await;
        }
        let got = select_value(&b, sel_id).await;
        assert_eq!(
            got, want,
            "{PAGE}: pressing ArrowDown {idx} times on the focused #{sel_id} should select {want:?}"
        );
        chosen.push(want);
    }
    // Check (Enter on the button).
    let check = fig.find(Locator::Css(".mb-practice-check")).await.unwrap();
    tab_to(&b, &check, "the Check button .mb-practice-check", 30).await;
    press(&b, Key::Enter).await;
    let score_el = fig.find(Locator::Css(".mb-practice-score")).await.unwrap();
    assert_eq!(
        score_el.attr("role").await.unwrap().as_deref(),
        Some("status"),
        "{PAGE}: .mb-practice-score should be role=status so the result is announced"
    );
    wait_until(
        &b,
        "document.getElementById(arguments[0]).querySelector('.mb-practice-score').textContent.trim() !== ''",
        vec![json!(DIALOGUE)],
        "a score in .mb-practice-score after Check",
    )
    .await;
    let total = its.len();
    let matched = 2;
    let expected_score = fill(
        &panel_label(&b, "score").await,
        &[
            ("matched", matched.to_string()),
            ("total", total.to_string()),
            (
                "percent",
                ((100.0 * matched as f64) / total as f64)
                    .round()
                    .to_string(),
            ),
        ],
    );
    let score = score_el
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(
        score.trim(),
        expected_score,
        "{PAGE}: score after answering items 1 and 3 right, 2 wrong and {} unanswered",
        total - 3
    );
    assert_marks(&b, &its, &chosen).await;

    let saved = stored(&b).await;
    for (k, (_, n, _)) in its.iter().take(3).enumerate() {
        assert_eq!(
            saved["answers"][n],
            json!(chosen[k]),
            "localStorage metbook-practice:{DIALOGUE} should hold answer {n} = {:?}: {saved}",
            chosen[k]
        );
    }

    // Reload: answers, practice mode and the check are restored.
    b.reload().await;
    require_dialogue_assets(&b).await;
    figure(&b).await;
    wait_until(
        &b,
        "document.getElementById(arguments[0]).querySelectorAll('select.mb-practice-select').length > 0",
        vec![json!(DIALOGUE)],
        "practice selects restored after reload",
    )
    .await;
    let its2 = items(&b).await;
    for (k, (sel_id, n, _)) in its2.iter().enumerate() {
        let want = chosen.get(k).cloned().unwrap_or_default();
        assert_eq!(
            select_value(&b, sel_id).await,
            want,
            "after reload, the answer for item {n} was not restored from localStorage"
        );
    }
    let score2 = b
        .js_args(
            "return document.getElementById(arguments[0]).querySelector('.mb-practice-score').textContent.trim();",
            vec![json!(DIALOGUE)],
        )
        .await;
    assert_eq!(
        score2,
        json!(expected_score),
        "after reload the checked score should be shown again"
    );
    assert_marks(&b, &its2, &chosen).await;

    // Reset (Space on the button) clears everything, in the page and in localStorage.
    let fig = figure(&b).await;
    let reset = fig.find(Locator::Css(".mb-practice-reset")).await.unwrap();
    let check = fig.find(Locator::Css(".mb-practice-check")).await.unwrap();
    scroll_center(&b, &check).await;
    b.js_args("arguments[0].focus();", vec![json!(check)]).await;
    tab_to(&b, &reset, "the Reset button .mb-practice-reset", 5).await;
    press(&b, Key::Space).await;
    wait_until(
        &b,
        "document.getElementById(arguments[0]).querySelector('.mb-practice-score').textContent.trim() === ''",
        vec![json!(DIALOGUE)],
        "an empty score after Reset",
    )
    .await;
    for (sel_id, n, _) in &its2 {
        assert_eq!(
            select_value(&b, sel_id).await,
            "",
            "after Reset the answer for item {n} should be cleared"
        );
    }
    let marks = b
        .js_args(
            r#"const f = document.getElementById(arguments[0]);
               return [f.querySelectorAll('.mb-correct, .mb-incorrect').length,
                       [...f.querySelectorAll('.mb-practice-result')].filter(r => r.getClientRects().length > 0).length];"#,
            vec![json!(DIALOGUE)],
        )
        .await;
    assert_eq!(
        marks,
        json!([0, 0]),
        "after Reset no utterance should be marked and no result shown ([marked, results shown])"
    );
    let saved = stored(&b).await;
    assert_eq!(
        saved,
        Value::Null,
        "after Reset nothing of metbook-practice:{DIALOGUE} should be kept: {saved}"
    );
    let first = el_by_id(&b, &its2[0].0).await;
    assert!(
        is_active(&b, &first).await,
        "after Reset focus should return to the first select, it is on {}",
        active_desc(&b).await
    );

    // Toggling off by keyboard shows the codes again.
    let toggle = fig
        .find(Locator::Css("button.mb-practice-toggle"))
        .await
        .unwrap();
    scroll_center(&b, &toggle).await;
    b.js_args("arguments[0].focus();", vec![json!(toggle)])
        .await;
    press(&b, Key::Enter).await;
    wait_until(
        &b,
        "document.getElementById(arguments[0]).querySelector('.mb-practice-toggle').getAttribute('aria-pressed') === 'false'",
        vec![json!(DIALOGUE)],
        "aria-pressed=false after toggling practice mode off",
    )
    .await;
    let (codes_total, codes_shown) = count_displayed(&b, ".mb-code").await;
    assert_eq!(
        codes_shown, codes_total,
        "{PAGE}: after leaving practice mode the code badges should be visible again"
    );
    b.quit().await;
}

/// Every practice item is marked with text: correct / incorrect / unanswered and the author's code.
async fn assert_marks(b: &Browser, its: &[(String, String, String)], chosen: &[String]) {
    let correct = panel_label(b, "correct").await;
    let incorrect = panel_label(b, "incorrect").await;
    let unanswered = panel_label(b, "unanswered").await;
    let author = panel_label(b, "author").await;
    let labels = b
        .js_args(
            r#"const o = {}; (document.getElementById(arguments[0]).getAttribute('data-practice-codes') || '')
                 .split('|').filter(Boolean).forEach(p => { const i = p.indexOf(':'); o[p.slice(0, i)] = p.slice(i + 1); });
               return o;"#,
            vec![json!(DIALOGUE)],
        )
        .await;
    let got = b
        .js_args(
            r#"const f = document.getElementById(arguments[0]);
               return [...f.querySelectorAll('.mb-utt[data-key]')].map(u => {
                 const r = u.querySelector('.mb-practice-result');
                 const turn = u.closest('.mb-turn'), note = turn && turn.querySelector('.mb-note');
                 return {cls: u.classList.contains('mb-correct') ? 'correct' : u.classList.contains('mb-incorrect') ? 'incorrect' : 'none',
                         text: r ? r.textContent : null, shown: !!r && r.getClientRects().length > 0,
                         note: note ? note.getClientRects().length > 0 : null};
               });"#,
            vec![json!(DIALOGUE)],
        )
        .await;
    let mut problems = Vec::new();
    for (k, (_, n, key)) in its.iter().enumerate() {
        let g = &got[k];
        let (cls, verdict) = match chosen.get(k) {
            Some(c) if c == key => ("correct", &correct),
            Some(_) => ("incorrect", &incorrect),
            None => ("incorrect", &unanswered),
        };
        let label = labels[key].as_str().unwrap_or(key);
        let text = g["text"].as_str().unwrap_or("");
        if g["cls"] != json!(cls) {
            problems.push(format!(
                "item {n}: class mb-{cls} expected, got {}",
                g["cls"]
            ));
        }
        if g["shown"] != json!(true) {
            problems.push(format!("item {n}: .mb-practice-result not shown"));
        }
        if !text.contains(verdict.as_str()) {
            problems.push(format!("item {n}: result text {text:?} lacks {verdict:?}"));
        }
        let author_text = format!("{author} {label}");
        if !text.contains(&author_text) {
            problems.push(format!(
                "item {n}: result text {text:?} lacks {author_text:?}"
            ));
        }
        if g["note"] == json!(false) {
            problems.push(format!(
                "item {n}: the turn's commentary (.mb-note) is not revealed after Check"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{PAGE}: per-utterance marking after Check is wrong:\n  {}",
        problems.join("\n  ")
    );
}

// Badges: full code name in title and aria-label (which starts with the visible text), focusable, agreeing with the codebook.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_badges_named_and_focusable() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    goto_dialogue_page(&b, site).await;
    b.js("localStorage.clear();").await;
    b.reload().await;
    require_dialogue_assets(&b).await;
    let badges = b
        .js(r#"
            return [...document.querySelectorAll('#mb-main figure.mb-dialogue a.mb-code')].map(a => ({
              text: a.textContent.trim(), title: a.getAttribute('title'), label: a.getAttribute('aria-label'),
              href: a.getAttribute('href'), tab: a.tabIndex}));
        "#)
        .await;
    let badges = badges.as_array().unwrap().clone();
    assert!(
        !badges.is_empty(),
        "{PAGE}: no a.mb-code badges in the dialogue"
    );
    let mut problems = Vec::new();
    for bd in &badges {
        let title = bd["title"].as_str().unwrap_or("");
        let label = bd["label"].as_str().unwrap_or("");
        let text = bd["text"].as_str().unwrap_or("");
        if title.len() <= text.len() || title.is_empty() {
            problems.push(format!(
                "badge {text:?}: title {title:?} is not the full code name"
            ));
        }
        if !label.contains(title) || title.is_empty() {
            problems.push(format!(
                "badge {text:?}: aria-label {label:?} does not contain the full name {title:?}"
            ));
        }
        // WCAG 2.5.3 (label in name): speech users say what they see.
        if !label.starts_with(text) || text.is_empty() {
            problems.push(format!(
                "badge {text:?}: aria-label {label:?} does not start with the visible text"
            ));
        }
        if !bd["href"]
            .as_str()
            .unwrap_or("")
            .contains("codebook.html#code-")
        {
            problems.push(format!(
                "badge {text:?}: href {} does not point into the codebook",
                bd["href"]
            ));
        }
        if bd["tab"].as_i64().unwrap_or(-1) < 0 {
            problems.push(format!(
                "badge {text:?}: not in the tab order (tabIndex {})",
                bd["tab"]
            ));
        }
    }
    assert!(problems.is_empty(), "{PAGE}:\n  {}", problems.join("\n  "));

    // Keyboard focus reaches a badge and shows a focus indicator.
    let first = b
        .client
        .find(Locator::Css("#mb-main figure.mb-dialogue a.mb-code"))
        .await
        .unwrap();
    let fig = figure(&b).await;
    let start = fig.find(Locator::Css("figcaption a")).await.unwrap();
    scroll_center(&b, &start).await;
    b.js_args("arguments[0].focus();", vec![json!(start)]).await;
    tab_to(&b, &first, "the first code badge a.mb-code", 40).await;
    let ring = b
        .js_args(
            "const s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineWidth];",
            vec![json!(first)],
        )
        .await;
    assert!(
        ring[0] != json!("none") && ring[1] != json!("0px"),
        "{PAGE}: the keyboard-focused code badge shows no focus outline: {ring}"
    );

    // The names agree with codebook.html.
    b.goto(&site.server.url("codebook.html")).await;
    let mut wrong = Vec::new();
    for bd in &badges {
        let href = bd["href"].as_str().unwrap_or("");
        let id = href.split('#').nth(1).unwrap_or("");
        let dt = b
            .js_args(
                "const e = document.getElementById(arguments[0]); return e ? e.textContent : null;",
                vec![json!(id)],
            )
            .await;
        let title = bd["title"].as_str().unwrap_or("");
        let text = bd["text"].as_str().unwrap_or("");
        match dt.as_str() {
            None => wrong.push(format!("{href}: no #{id} on codebook.html")),
            Some(d) if !(d.contains(title) && d.contains(text)) => wrong.push(format!(
                "badge {text:?} titled {title:?}: codebook #{id} says {:?}",
                d.trim()
            )),
            _ => {}
        }
    }
    b.quit().await;
    assert!(
        wrong.is_empty(),
        "code badges disagree with the codebook:\n  {}",
        wrong.join("\n  ")
    );
}

// Phone: no horizontal scroll on a dialogue page (also in practice mode); notes shown inline.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dialogue_phone_layout() {
    let site = site::handbook();
    let b = Browser::start(Profile::Phone).await;
    goto_dialogue_page(&b, site).await;
    b.js("localStorage.clear();").await;
    for theme in ["light", "dark"] {
        set_theme(&b, theme).await;
        require_dialogue_assets(&b).await;
        crate::assert_no_horizontal_scroll(&b, &format!("dialogue page {PAGE} [{theme}]")).await;
    }
    let notes = b
        .js_args(
            r#"
            const f = document.getElementById(arguments[0]), cw = document.documentElement.clientWidth;
            return [...f.querySelectorAll('.mb-note')].map(n => {
              const r = n.getBoundingClientRect(), st = getComputedStyle(n);
              const turn = n.closest('.mb-turn'), utt = turn && turn.querySelector('.mb-utt');
              const u = utt ? utt.getBoundingClientRect() : null;
              return {text: n.textContent.trim().slice(0, 40), shown: n.getClientRects().length > 0 && st.visibility !== 'hidden',
                      left: Math.round(r.left), right: Math.round(r.right), width: Math.round(r.width),
                      float: st.float, position: st.position,
                      belowUtt: u ? r.top >= u.bottom - 1 : null, cw};
            });
            "#,
            vec![json!(DIALOGUE)],
        )
        .await;
    let notes = notes.as_array().unwrap().clone();
    assert!(!notes.is_empty(), "{PAGE}: the dialogue has no .mb-note");
    let bad: Vec<String> = notes
        .iter()
        .filter(|n| {
            n["shown"] != json!(true)
                || n["left"].as_i64().unwrap() < 0
                || n["right"].as_i64().unwrap() > n["cw"].as_i64().unwrap()
                || n["width"].as_i64().unwrap() < 200
                || n["float"] != json!("none")
                || !matches!(n["position"].as_str(), Some("static" | "relative"))
                || n["belowUtt"] == json!(false)
        })
        .map(|n| n.to_string())
        .collect();
    assert!(
        bad.is_empty(),
        "{PAGE} at 360 px: dialogue notes should be visible inline (in the flow, under their \
         utterance, inside the viewport and at least 200 px wide):\n  {}",
        bad.join("\n  ")
    );
    // Practice mode on a phone: still no horizontal scroll, selects fit.
    let fig = figure(&b).await;
    let toggle = fig
        .find(Locator::Css("button.mb-practice-toggle"))
        .await
        .unwrap();
    scroll_center(&b, &toggle).await;
    toggle.click().await.expect("tapping the practice toggle");
    wait_until(
        &b,
        "document.getElementById(arguments[0]).querySelectorAll('select.mb-practice-select').length > 0",
        vec![json!(DIALOGUE)],
        "practice selects on a phone",
    )
    .await;
    crate::assert_no_horizontal_scroll(&b, &format!("dialogue page {PAGE} in practice mode")).await;
    let small = b
        .js_args(
            r#"return [...document.getElementById(arguments[0]).querySelectorAll('select.mb-practice-select, .mb-practice button')]
                 .filter(e => e.getClientRects().length > 0 && e.getBoundingClientRect().height < 40)
                 .map(e => e.outerHTML.slice(0, 80));"#,
            vec![json!(DIALOGUE)],
        )
        .await;
    assert_eq!(
        small,
        json!([]),
        "{PAGE} at 360 px: practice controls smaller than a 40 px touch target"
    );
    b.js("localStorage.clear();").await;
    b.quit().await;
}

// axe with practice mode on and checked, light and dark.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_practice_mode_light_and_dark() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    goto_dialogue_page(&b, site).await;
    for theme in ["light", "dark"] {
        b.js("localStorage.clear();").await;
        set_theme(&b, theme).await;
        require_dialogue_assets(&b).await;
        let fig = figure(&b).await;
        let toggle = fig
            .find(Locator::Css("button.mb-practice-toggle"))
            .await
            .unwrap();
        scroll_center(&b, &toggle).await;
        toggle.click().await.expect("clicking the practice toggle");
        wait_until(
            &b,
            "document.getElementById(arguments[0]).querySelectorAll('select.mb-practice-select').length > 0",
            vec![json!(DIALOGUE)],
            "practice selects",
        )
        .await;
        assert_axe_clean(&b, &format!("practice mode, unchecked [{theme}]")).await;
        // One right answer, one wrong, then Check: the coloured result badges must pass contrast.
        b.js_args(
            r#"const f = document.getElementById(arguments[0]);
               const s = [...f.querySelectorAll('select.mb-practice-select')], u = [...f.querySelectorAll('.mb-utt[data-key]')];
               s[0].value = u[0].getAttribute('data-key'); s[0].dispatchEvent(new Event('change'));
               s[1].selectedIndex = 1; if (s[1].value === u[1].getAttribute('data-key')) s[1].selectedIndex = 2;
               s[1].dispatchEvent(new Event('change'));
               f.querySelector('.mb-practice-check').click();"#,
            vec![json!(DIALOGUE)],
        )
        .await;
        wait_until(
            &b,
            "document.getElementById(arguments[0]).querySelector('.mb-practice-score').textContent.trim() !== ''",
            vec![json!(DIALOGUE)],
            "a score",
        )
        .await;
        assert_axe_clean(&b, &format!("practice mode, checked [{theme}]")).await;
    }
    b.js("localStorage.clear();").await;
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_practice_transcript_hides_its_key_until_checked_and_compares_global_ratings() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    b.goto(&site.server.url("delivery/full-session-transcript.html"))
        .await;
    b.js("localStorage.clear();").await;
    b.reload().await;
    let fig = "figure#dlg-full-session-three";
    b.wait_css(
        &format!("{fig} .mb-practice-globals"),
        "the global ratings to rate",
    )
    .await;
    let state = b
        .js_args(
            r#"const f = document.querySelector(arguments[0]);
               const shown = s => [...f.querySelectorAll(s)].filter(e => getComputedStyle(e).display !== 'none').length;
               return {codes: shown('.mb-code'), notes: shown('.mb-note'), metrics: shown('.mb-metrics'),
                       toggle: !f.querySelector('.mb-practice-bar').hidden,
                       selects: f.querySelectorAll('select.mb-practice-select').length};"#,
            vec![json!(fig)],
        )
        .await;
    assert_eq!(
        state["codes"],
        json!(0),
        "codes visible before checking: {state}"
    );
    assert_eq!(
        state["notes"],
        json!(0),
        "commentary visible before checking: {state}"
    );
    assert_eq!(
        state["metrics"],
        json!(0),
        "the key's scores visible before checking: {state}"
    );
    assert_eq!(
        state["toggle"],
        json!(false),
        "a practice transcript cannot leave practice mode"
    );
    assert!(state["selects"].as_u64().unwrap() > 20, "{state}");
    // Rate the globals 4, 3, 5, 4 against the key's 4, 4, 5, 4, then check.
    for (g, v) in [(1, "4"), (2, "3"), (3, "5"), (4, "4")] {
        b.js_args(
            "const s = document.getElementById(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change'));",
            vec![json!(format!("dlg-full-session-three-practice-global-{g}")), json!(v)],
        )
        .await;
    }
    let check = b
        .client
        .find(Locator::Css(&format!("{fig} .mb-practice-check")))
        .await
        .unwrap();
    scroll_center(&b, &check).await;
    check.click().await.unwrap();
    b.wait_js(
        &format!("!document.querySelector('{fig} .mb-practice-globals-result').hidden"),
        "the global ratings to be compared",
    )
    .await;
    let result = b
        .js(&format!(
            "return document.querySelector('{fig} .mb-practice-globals-result').textContent;"
        ))
        .await;
    assert!(
        result.as_str().unwrap().contains("4 of 4 within one point"),
        "{result}"
    );
    let metrics = b
        .js_args(
            "const m = document.querySelector(arguments[0] + ' .mb-metrics'); return getComputedStyle(m).display !== 'none';",
            vec![json!(fig)],
        )
        .await;
    assert_eq!(
        metrics,
        json!(true),
        "the key's scores should show once checked"
    );
    assert_axe_clean(&b, "a checked practice transcript").await;
    b.quit().await;
}
