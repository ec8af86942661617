//! MET-specific pages in a real browser: glossary tooltips (keyboard and pointer), the
//! fidelity checklist (keyboard-operable checkboxes, print emulation), axe on the dialogue
//! pages, and the principle <-> chapter cross-links.
//!
//! Also holds small helpers shared by `dialogues.rs` and `search.rs` (key presses, Tab-until,
//! pointer hover, Chrome DevTools Protocol commands, visibility probes).

use std::time::{Duration, Instant};

use fantoccini::actions::{
    InputSource, KeyAction, KeyActions, MouseActions, PointerAction, MOUSE_BUTTON_LEFT,
};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Locator;
use serde_json::{json, Value};

use super::checks::{axe, axe_scope, set_theme};
use super::driver::{Browser, Profile};
use super::site;

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/// Presses and releases one key (a `Key` or a plain character) on the focused element.
pub(crate) async fn press_char(b: &Browser, k: char) {
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: k })
        .then(KeyAction::Up { value: k });
    b.client
        .perform_actions(actions)
        .await
        .unwrap_or_else(|e| panic!("sending the key press {k:?}: {e}"));
}

pub(crate) async fn press(b: &Browser, key: Key) {
    press_char(b, key.into()).await;
}

/// A short description of `document.activeElement` for failure messages.
pub(crate) async fn active_desc(b: &Browser) -> String {
    b.js(r#"
        const e = document.activeElement;
        if (!e) return 'nothing';
        return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
          (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : '') +
          ' "' + (e.textContent || '').trim().slice(0, 60) + '"';
    "#)
    .await
    .as_str()
    .unwrap_or("?")
    .to_owned()
}

/// Whether `document.activeElement` is `target`.
pub(crate) async fn is_active(b: &Browser, target: &Element) -> bool {
    b.js_args(
        "return document.activeElement === arguments[0];",
        vec![json!(target)],
    )
    .await
        == json!(true)
}

/// Presses Tab (at most `max` times) until `target` has keyboard focus. Panics with the path
/// taken if it never gets there.
pub(crate) async fn tab_to(b: &Browser, target: &Element, what: &str, max: usize) {
    let mut path = Vec::new();
    for _ in 0..max {
        if is_active(b, target).await {
            return;
        }
        press(b, Key::Tab).await;
        path.push(active_desc(b).await);
    }
    if is_active(b, target).await {
        return;
    }
    let tail: Vec<_> = path.iter().rev().take(12).rev().cloned().collect();
    panic!(
        "{}: {what} never received keyboard focus after {max} Tab presses; the last stops were:\n    {}",
        b.url().await,
        tail.join("\n    ")
    );
}

/// Moves the mouse pointer onto the centre of `el` (WebDriver pointer actions).
pub(crate) async fn hover(b: &Browser, el: &Element) {
    let actions = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
        element: el.clone(),
        duration: Some(Duration::from_millis(50)),
        x: 0.0,
        y: 0.0,
    });
    b.client
        .perform_actions(actions)
        .await
        .expect("moving the pointer onto an element");
}

/// Moves the mouse pointer to viewport coordinates (x, y).
pub(crate) async fn pointer_to(b: &Browser, x: f64, y: f64) {
    let actions = MouseActions::new("mouse".into()).then(PointerAction::MoveTo {
        duration: Some(Duration::from_millis(50)),
        x,
        y,
    });
    b.client
        .perform_actions(actions)
        .await
        .expect("moving the pointer");
}

/// A real pointer click at viewport coordinates (x, y).
#[allow(dead_code)]
pub(crate) async fn click_at(b: &Browser, x: f64, y: f64) {
    let actions = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x,
            y,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    b.client.perform_actions(actions).await.expect("clicking");
}

/// `POST /session/{id}/goog/cdp/execute {cmd, params}`: a Chrome DevTools Protocol command
/// through chromedriver.
#[derive(Debug)]
struct CdpExecute {
    cmd: String,
    params: Value,
}

impl WebDriverCompatibleCommand for CdpExecute {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }
    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({"cmd": self.cmd, "params": self.params}).to_string()),
        )
    }
}

pub(crate) async fn cdp(b: &Browser, cmd: &str, params: Value) -> Value {
    b.client
        .issue_cmd(CdpExecute {
            cmd: cmd.to_owned(),
            params: params.clone(),
        })
        .await
        .unwrap_or_else(|e| panic!("CDP {cmd} {params} via chromedriver failed: {e}"))
}

/// JS (function body taking the element as `arguments[0]`) returning a visibility report:
/// `{visible, inViewport, display, visibility, opacity, rect, vw, vh}`. "visible" means
/// rendered with non-zero size, not `visibility:hidden`, and an effective opacity (product
/// over the ancestors) above 0.1.
pub(crate) const VISIBILITY_JS: &str = r#"
    const e = arguments[0];
    if (!e) return {visible: false, why: 'no element'};
    const st = getComputedStyle(e), r = e.getBoundingClientRect();
    let op = 1, displayed = true;
    for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
      const s = getComputedStyle(n);
      op *= parseFloat(s.opacity);
      if (s.display === 'none') displayed = false;
    }
    const vw = document.documentElement.clientWidth, vh = window.innerHeight;
    const visible = displayed && st.visibility === 'visible' && op > 0.1 && r.width > 0 && r.height > 0;
    const inViewport = r.left >= -0.5 && r.top >= -0.5 && r.right <= vw + 0.5 && r.bottom <= vh + 0.5;
    return {visible, inViewport, display: st.display, visibility: st.visibility, opacity: op,
            rect: {left: Math.round(r.left), top: Math.round(r.top), right: Math.round(r.right),
                   bottom: Math.round(r.bottom)}, vw, vh};
"#;

pub(crate) async fn visibility(b: &Browser, el: &Element) -> Value {
    b.js_args(VISIBILITY_JS, vec![json!(el)]).await
}

/// Polls `visibility(el)` until `pred` holds (CSS transitions), returning the last report.
pub(crate) async fn wait_visibility(
    b: &Browser,
    el: &Element,
    pred: impl Fn(&Value) -> bool,
    timeout: Duration,
) -> (bool, Value) {
    let deadline = Instant::now() + timeout;
    loop {
        let v = visibility(b, el).await;
        if pred(&v) {
            return (true, v);
        }
        if Instant::now() > deadline {
            return (false, v);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub(crate) fn is_visible(v: &Value) -> bool {
    v["visible"] == json!(true)
}

pub(crate) fn is_shown_in_viewport(v: &Value) -> bool {
    v["visible"] == json!(true) && v["inViewport"] == json!(true)
}

/// Scrolls `el` to the vertical centre of the viewport (instantly).
pub(crate) async fn scroll_center(b: &Browser, el: &Element) {
    b.js_args(
        "arguments[0].scrollIntoView({block: 'center', inline: 'nearest', behavior: 'instant'});",
        vec![json!(el)],
    )
    .await;
}

/// Runs axe and panics with a readable list of violations.
pub(crate) async fn assert_axe_clean(b: &Browser, what: &str) {
    let v = axe(b).await;
    if !v.is_empty() {
        let list: String = v.iter().map(|v| v.to_string()).collect();
        panic!(
            "{what} ({}): axe-core ({}) found {} violation(s):\n{list}",
            b.url().await,
            axe_scope(),
            v.len()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Glossary tooltips
// ---------------------------------------------------------------------------------------------

const TERM_PAGE: &str = "principles/express-empathy.html";

/// The tooltip of a term (`aria-describedby`), checked to be a `[role=tooltip]`.
async fn tooltip_of(b: &Browser, term: &Element) -> Element {
    let id = term
        .attr("aria-describedby")
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("a.mb-term on {TERM_PAGE} has no aria-describedby"));
    let tip = b
        .client
        .find(Locator::Css(&format!("[id='{id}']")))
        .await
        .unwrap_or_else(|_| {
            panic!("a.mb-term aria-describedby={id:?} points at no element on {TERM_PAGE}")
        });
    let role = tip.attr("role").await.unwrap();
    assert_eq!(
        role.as_deref(),
        Some("tooltip"),
        "#{id} (the a.mb-term's aria-describedby target) should have role=tooltip"
    );
    let class = tip.attr("class").await.unwrap().unwrap_or_default();
    assert!(
        class.split_whitespace().any(|c| c == "mb-tooltip"),
        "#{id} should be a span.mb-tooltip, has class {class:?}"
    );
    let text = tip.prop("textContent").await.unwrap().unwrap_or_default();
    assert!(
        text.trim().len() > 10,
        "tooltip #{id} has no definition text: {text:?}"
    );
    tip
}

async fn tooltip_hidden(b: &Browser, tip: &Element) -> (bool, Value) {
    wait_visibility(b, tip, |v| !is_visible(v), Duration::from_secs(2)).await
}

/// Tooltips by keyboard and pointer on a chapter page: hidden at rest, shown (inside the
/// viewport) on keyboard focus and on hover, hidden again afterwards.
async fn check_tooltips(b: &Browser, url: &str, what: &str) {
    b.goto(url).await;
    let terms = b
        .client
        .find_all(Locator::Css("#mb-main a.mb-term"))
        .await
        .unwrap();
    assert!(
        terms.len() >= 2,
        "{what} {url}: expected at least 2 glossary links a.mb-term, found {}",
        terms.len()
    );
    // Try the first term and the last one (a different position in the text column).
    for (n, term) in [(0, &terms[0]), (terms.len() - 1, &terms[terms.len() - 1])] {
        let name = term.text().await.unwrap_or_default();
        let tip = tooltip_of(b, term).await;
        scroll_center(b, term).await;
        // Park the pointer in a blank corner so no hover is in effect.
        pointer_to(b, 2.0, 2.0).await;
        b.js("document.activeElement && document.activeElement.blur();")
            .await;
        let (hidden, v) = tooltip_hidden(b, &tip).await;
        assert!(
            hidden,
            "{what} {url}: the tooltip of term #{n} {name:?} is visible although the term is neither \
             focused nor hovered: {v}"
        );

        // Keyboard: focus the focusable element just before the term, then Tab onto it.
        let prev_ok = b
            .js_args(
                r#"
                const t = arguments[0];
                const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
                  .filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0);
                const i = all.indexOf(t);
                if (i <= 0) return false;
                all[i - 1].focus({preventScroll: true});
                return document.activeElement === all[i - 1];
                "#,
                vec![json!(term)],
            )
            .await;
        assert_eq!(
            prev_ok,
            json!(true),
            "{what} {url}: could not focus the element before term {name:?} (is the term in the tab order?)"
        );
        press(b, Key::Tab).await;
        assert!(
            is_active(b, term).await,
            "{what} {url}: Tab from the previous focusable element should land on glossary term \
             {name:?}, focus is on {}",
            active_desc(b).await
        );
        let (ok, v) = wait_visibility(b, &tip, is_shown_in_viewport, Duration::from_secs(2)).await;
        assert!(
            ok,
            "{what} {url}: with keyboard focus on glossary term {name:?} its tooltip should be visible \
             inside the viewport (CSS a.mb-term:focus + .mb-tooltip); got {v}"
        );
        // It is attached to the term: just below (or above) it, horizontally overlapping it.
        let near = b
            .js_args(
                r#"const a = arguments[0].getBoundingClientRect(), t = arguments[1].getBoundingClientRect();
                   const below = t.top - a.bottom, above = a.top - t.bottom;
                   const vertical = (below >= -1 && below <= 20) || (above >= -1 && above <= 20);
                   const horizontal = t.left <= a.right && t.right >= a.left;
                   return {ok: vertical && horizontal, term: [a.left, a.top, a.right, a.bottom].map(Math.round),
                           tip: [t.left, t.top, t.right, t.bottom].map(Math.round)};"#,
                vec![json!(term), json!(tip)],
            )
            .await;
        assert_eq!(
            near["ok"],
            json!(true),
            "{what} {url}: the tooltip of {name:?} is not next to its term (expected just below or \
             above it, overlapping it horizontally): {near}"
        );
        // It must not cover the term itself.
        let overlap = b
            .js_args(
                r#"const a = arguments[0].getBoundingClientRect(), t = arguments[1].getBoundingClientRect();
                   return !(t.right <= a.left || t.left >= a.right || t.bottom <= a.top || t.top >= a.bottom);"#,
                vec![json!(term), json!(tip)],
            )
            .await;
        assert_eq!(
            overlap,
            json!(false),
            "{what} {url}: the tooltip of {name:?} covers the focused term itself"
        );
        // Escape dismisses it (WCAG 1.4.13) while focus stays.
        press(b, Key::Escape).await;
        let (hidden, v) = tooltip_hidden(b, &tip).await;
        assert!(
            hidden,
            "{what} {url}: Escape should dismiss the tooltip of the focused term {name:?}: {v}"
        );
        // Moving focus away keeps it hidden.
        press(b, Key::Tab).await;
        let (hidden, v) = tooltip_hidden(b, &tip).await;
        assert!(
            hidden,
            "{what} {url}: after Tab moved focus off {name:?} its tooltip is still visible: {v}"
        );
        b.js("document.activeElement && document.activeElement.blur();")
            .await;

        // Pointer: hover shows it, moving away hides it.
        scroll_center(b, term).await;
        hover(b, term).await;
        let (ok, v) = wait_visibility(b, &tip, is_shown_in_viewport, Duration::from_secs(2)).await;
        assert!(
            ok,
            "{what} {url}: hovering glossary term {name:?} with the pointer should show its tooltip \
             inside the viewport; got {v}"
        );
        // WCAG 1.4.13 hoverable: the pointer can move onto the tooltip without it vanishing.
        hover(b, &tip).await;
        let (ok, v) = wait_visibility(b, &tip, is_visible, Duration::from_millis(500)).await;
        assert!(
            ok,
            "{what} {url}: moving the pointer from {name:?} onto its tooltip made the tooltip disappear: {v}"
        );
        pointer_to(b, 2.0, 2.0).await;
        let (hidden, v) = tooltip_hidden(b, &tip).await;
        assert!(
            hidden,
            "{what} {url}: the tooltip of {name:?} stays visible after the pointer left: {v}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn glossary_tooltips_keyboard_and_pointer() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    check_tooltips(&b, &site.server.url(TERM_PAGE), "desktop").await;
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn glossary_tooltips_keyboard_on_phone() {
    let site = site::handbook();
    let b = Browser::start(Profile::Phone).await;
    let url = site.server.url(TERM_PAGE);
    b.goto(&url).await;
    let terms = b
        .client
        .find_all(Locator::Css("#mb-main a.mb-term"))
        .await
        .unwrap();
    assert!(!terms.is_empty(), "{url}: no a.mb-term");
    for term in [&terms[0], &terms[terms.len() - 1]] {
        let name = term.text().await.unwrap_or_default();
        let tip = tooltip_of(&b, term).await;
        scroll_center(&b, term).await;
        b.js_args("arguments[0].focus();", vec![json!(term)]).await;
        let (ok, v) = wait_visibility(&b, &tip, is_shown_in_viewport, Duration::from_secs(2)).await;
        assert!(
            ok,
            "phone {url}: focusing glossary term {name:?} should show its tooltip inside the \
             360 px viewport; got {v}"
        );
        b.js("document.activeElement.blur();").await;
    }
    b.quit().await;
}

// ---------------------------------------------------------------------------------------------
// Fidelity checklist
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fidelity_checklist_keyboard_and_print() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    let url = site.server.url("fidelity-checklist.html");
    b.goto(&url).await;
    let boxes = b
        .client
        .find_all(Locator::Css("table.mb-checklist input[type=checkbox]"))
        .await
        .unwrap();
    assert!(
        boxes.len() >= 3,
        "{url}: expected table.mb-checklist with checkbox inputs, found {} checkboxes",
        boxes.len()
    );
    // Every checkbox has an accessible name.
    let unnamed = b
        .js(r#"
            return [...document.querySelectorAll('table.mb-checklist input[type=checkbox]')]
              .filter(i => !(i.getAttribute('aria-label') || (i.labels && i.labels.length) ||
                             i.getAttribute('aria-labelledby')))
              .map(i => i.id || i.outerHTML.slice(0, 80));
        "#)
        .await;
    assert_eq!(
        unnamed,
        json!([]),
        "{url}: checklist checkboxes without a label"
    );

    // Keyboard: Tab onto the first checkbox from the caption area, Space toggles it, Tab moves
    // on, and Space toggles the second one too; Space again un-ticks.
    b.js("document.getElementById('mb-main').focus();").await;
    tab_to(&b, &boxes[0], "the first checklist checkbox", 80).await;
    let checked = |i: usize| {
        let el = boxes[i].clone();
        async move { el.prop("checked").await.unwrap().as_deref() == Some("true") }
    };
    assert!(!checked(0).await, "{url}: checkbox 1 starts ticked");
    press(&b, Key::Space).await;
    assert!(
        checked(0).await,
        "{url}: Space on the focused first checkbox did not tick it"
    );
    tab_to(&b, &boxes[1], "the second checklist checkbox", 6).await;
    press(&b, Key::Space).await;
    assert!(
        checked(1).await,
        "{url}: Space on the focused second checkbox did not tick it"
    );
    press(&b, Key::Space).await;
    assert!(
        !checked(1).await,
        "{url}: a second Space on the second checkbox did not un-tick it"
    );
    // Focus is visible on a checkbox.
    let outline = b
        .js_args(
            "const s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineWidth, s.boxShadow];",
            vec![json!(boxes[1])],
        )
        .await;
    assert!(
        outline[0] != json!("none") || outline[2] != json!("none"),
        "{url}: a keyboard-focused checklist checkbox shows no focus indicator (outline/box-shadow): {outline}"
    );

    // Print emulation.
    cdp(&b, "Emulation.setEmulatedMedia", json!({"media": "print"})).await;
    let print_ok = b.js("return matchMedia('print').matches;").await;
    assert_eq!(
        print_ok,
        json!(true),
        "Emulation.setEmulatedMedia print did not take effect"
    );
    let report = b
        .js(r#"
            const out = {};
            for (const sel of ['.mb-header', '#mb-sidebar', '.mb-search', '#mb-search', '#mb-search-results',
                               '#mb-theme-toggle', '#mb-sidebar-toggle', '.mb-footer']) {
              const e = document.querySelector(sel);
              if (!e) { out[sel] = 'missing'; continue; }
              let shown = true;
              for (let n = e; n && n.nodeType === 1; n = n.parentElement)
                if (getComputedStyle(n).display === 'none') shown = false;
              out[sel] = shown ? 'displayed (display: ' + getComputedStyle(e).display + ')' : 'hidden';
            }
            return out;
        "#)
        .await;
    let mut shown = Vec::new();
    for (sel, state) in report.as_object().unwrap() {
        if state != "hidden" && state != "missing" {
            shown.push(format!("{sel}: {state}"));
        }
    }
    assert!(
        shown.is_empty(),
        "{url} in print emulation: page chrome should be display:none, but: {}",
        shown.join("; ")
    );
    for sel in [".mb-header", "#mb-sidebar", ".mb-search"] {
        assert_ne!(
            report[sel],
            json!("missing"),
            "{url}: {sel} not found (expected in the layout)"
        );
    }
    let table = b.wait_css("table.mb-checklist", &url).await;
    let v = visibility(&b, &table).await;
    assert!(
        is_visible(&v),
        "{url} in print emulation: table.mb-checklist should be visible: {v}"
    );
    let fit = b
        .js(r#"
            const t = document.querySelector('table.mb-checklist'), m = document.getElementById('mb-main');
            const boxes = [...t.querySelectorAll('input[type=checkbox]')];
            const hidden = boxes.filter(i => getComputedStyle(i).display === 'none' || i.getBoundingClientRect().width < 4).length;
            return {tableLeft: t.getBoundingClientRect().left, hiddenBoxes: hidden,
                    rows: t.tBodies[0].rows.length};
        "#)
        .await;
    assert_eq!(
        fit["hiddenBoxes"],
        json!(0),
        "{url} in print emulation: every checklist row should print a tick box: {fit}"
    );
    assert!(
        fit["tableLeft"].as_f64().unwrap_or(999.0) < 100.0,
        "{url} in print emulation: the checklist table should start at the left margin once the \
         sidebar is hidden: {fit}"
    );
    cdp(&b, "Emulation.setEmulatedMedia", json!({"media": ""})).await;
    b.quit().await;
}

// ---------------------------------------------------------------------------------------------
// axe on the dialogue-heavy pages
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_dialogue_pages_light_and_dark() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    let mut failures = Vec::new();
    for theme in ["light", "dark"] {
        for path in ["dialogues.html", "codebook.html", TERM_PAGE] {
            b.goto(&site.server.url(path)).await;
            set_theme(&b, theme).await;
            let v = axe(&b).await;
            if !v.is_empty() {
                let list: String = v.iter().map(|v| v.to_string()).collect();
                failures.push(format!(
                    "{path} (theme {theme}): {} violation(s)\n{list}",
                    v.len()
                ));
            }
        }
    }
    b.quit().await;
    assert!(
        failures.is_empty(),
        "axe-core ({}) violations on the dialogue pages:\n\n{}",
        axe_scope(),
        failures.join("\n")
    );
}

/// The MITI summary percentages on dialogues.html must be real percentages (0-100 %), and
/// agree with the same dialogue's summary table on its chapter page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dialogues_index_percentages_match_chapter() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    let url = site.server.url("dialogues.html");
    b.goto(&url).await;
    let rows = b
        .js(r#"
            const t = document.querySelector('table.mb-dialogue-index');
            if (!t) return null;
            const heads = [...t.tHead.rows[0].cells].map(c => c.textContent.trim());
            return [...t.tBodies[0].rows].map(r => {
              const o = {href: r.querySelector('a') ? r.querySelector('a').getAttribute('href') : null};
              [...r.cells].forEach((c, i) => o[heads[i]] = c.textContent.trim());
              return o;
            });
        "#)
        .await;
    let rows = rows
        .as_array()
        .unwrap_or_else(|| panic!("{url}: no table.mb-dialogue-index"))
        .clone();
    assert!(!rows.is_empty(), "{url}: the dialogue index has no rows");
    let mut bad = Vec::new();
    for r in &rows {
        for col in ["%CR", "%CT"] {
            let Some(s) = r[col].as_str() else { continue };
            if let Some(n) = s.strip_suffix('%') {
                match n.trim().parse::<f64>() {
                    Ok(p) if (0.0..=100.0).contains(&p) => {}
                    _ => bad.push(format!("{} {col} = {s:?}", r["Dialogue"])),
                }
            }
        }
    }
    // Compare the first row with its chapter's own summary table.
    let first = &rows[0];
    let href = first["href"].as_str().unwrap_or("").to_owned();
    b.goto(&site.server.url(&href)).await;
    let frag = href.split('#').nth(1).unwrap_or("");
    let chapter = b
        .js_args(
            r#"
            const f = document.getElementById(arguments[0]); if (!f) return null;
            const o = {};
            f.querySelectorAll('table.mb-metrics tbody tr').forEach(r => {
              o[r.cells[0] ? r.querySelector('th').textContent.trim() : ''] = r.querySelector('td').textContent.trim();
            });
            return o;
            "#,
            vec![json!(frag)],
        )
        .await;
    b.quit().await;
    for col in ["%CR", "%CT"] {
        if let (Some(a), Some(c)) = (first[col].as_str(), chapter[col].as_str()) {
            if a != c {
                bad.push(format!(
                    "{} {col}: dialogues.html says {a:?}, its chapter {href} says {c:?}",
                    first["Dialogue"]
                ));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{url}: MITI percentages in the dialogue index are not percentages in 0..100 (or disagree \
         with the chapter page):\n  {}",
        bad.join("\n  ")
    );
}

// ---------------------------------------------------------------------------------------------
// Cross-links
// ---------------------------------------------------------------------------------------------

fn strip(u: &str) -> &str {
    let u = u.split('#').next().unwrap_or(u);
    u.split('?').next().unwrap_or(u)
}

async fn click_and_wait(b: &Browser, link: &Element, what: &str) -> String {
    let href = link.prop("href").await.unwrap().unwrap_or_default();
    let before = b.url().await;
    scroll_center(b, link).await;
    link.click()
        .await
        .unwrap_or_else(|e| panic!("{before}: clicking {what} ({href}): {e}"));
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = b.url().await;
        if strip(&now) != strip(&before) || strip(&href) == strip(&before) {
            b.wait_css("#mb-main", &now).await;
            assert_eq!(
                strip(&now),
                strip(&href),
                "{before}: clicking {what} went to {now}, not to its href"
            );
            return now;
        }
        assert!(
            Instant::now() < deadline,
            "{before}: clicking {what} ({href}) did not navigate within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn principles_and_backlinks_cross_link() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    let url = site.server.url("principles.html");
    b.goto(&url).await;
    // principles.html -> principle chapter
    let link = b
        .client
        .find(Locator::Css(
            "ol.mb-principles > li h2 a[href$='express-empathy.html']",
        ))
        .await
        .unwrap_or_else(|_| {
            panic!(
                "{url}: no ol.mb-principles > li h2 a linking to principles/express-empathy.html"
            )
        });
    let chapter_url = click_and_wait(&b, &link, "the 'Express empathy' principle heading").await;
    assert!(
        chapter_url.ends_with(TERM_PAGE),
        "principles.html heading link led to {chapter_url}"
    );
    let h1 = b
        .wait_css("#mb-main h1", &chapter_url)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        h1.to_lowercase().contains("express empathy"),
        "{chapter_url}: h1 is {h1:?}, expected the Express empathy chapter"
    );
    // principles.html's dialogue links point at dialogues that exist.
    b.goto(&url).await;
    let dlg = b
        .js(r##"
            const a = document.querySelector('ol.mb-principles > li a[href*="#dlg-"]');
            return a ? a.getAttribute('href') : null;
        "##)
        .await;
    let dlg = dlg
        .as_str()
        .unwrap_or_else(|| panic!("{url}: no dialogue link (href with #dlg-)"))
        .to_owned();
    b.goto(&site.server.url(&dlg)).await;
    let frag = dlg.split('#').nth(1).unwrap();
    let ok = b
        .js_args(
            "const e = document.getElementById(arguments[0]); return !!e && e.matches('figure.mb-dialogue');",
            vec![json!(frag)],
        )
        .await;
    assert_eq!(
        ok,
        json!(true),
        "principles.html links to {dlg}, which is not a figure.mb-dialogue"
    );

    // Chapter "Referenced from" -> back.
    b.goto(&chapter_url).await;
    let back = b
        .client
        .find_all(Locator::Css(".mb-backlinks a[href]"))
        .await
        .unwrap();
    assert!(
        !back.is_empty(),
        "{chapter_url}: no 'Referenced from' section (.mb-backlinks) with links"
    );
    let heading = b
        .js("const h = document.querySelector('.mb-backlinks h2'); return h ? h.textContent.trim() : null;")
        .await;
    assert_eq!(
        heading,
        json!("Referenced from"),
        "{chapter_url}: backlinks heading"
    );
    let mut hrefs = Vec::new();
    for a in &back {
        hrefs.push(a.prop("href").await.unwrap().unwrap_or_default());
    }
    let target = click_and_wait(&b, &back[0], "the first 'Referenced from' link").await;
    let chapter_file = TERM_PAGE.rsplit('/').next().unwrap();
    let mut missing = Vec::new();
    for h in &hrefs {
        b.goto(h).await;
        let links_back = b
            .js_args(
                r#"return [...document.querySelectorAll('#mb-main a[href]')]
                     .some(a => a.pathname.endsWith('/' + arguments[0]) && !a.closest('.mb-backlinks'));"#,
                vec![json!(TERM_PAGE)],
            )
            .await;
        if links_back != json!(true) {
            missing.push(h.clone());
        }
    }
    b.quit().await;
    assert!(
        missing.is_empty(),
        "{chapter_url} lists these pages under 'Referenced from', but they contain no link to \
         {chapter_file} in their text: {missing:?} (first one clicked: {target}). Such pages are \
         added because their front matter `principles:` names this principle \
         (src/render/generated.rs backlinks_for, `illustrates`), but the page never shows that \
         relation: render the chapter's principles as links (e.g. in its header), or list these \
         pages under a separate heading such as 'Illustrated in'"
    );
}
