//! Search (js/search.js + css/search.css) in a real browser, over http and from file://:
//! results as you type with titles, excerpts and marks; prefixes, quoted phrases, typos
//! (corrected, with "Showing results for …" and a search for the words as typed),
//! suggestions; filter toggles with counts; `?search=`; keyboard use (`/`, `s`, arrows,
//! Enter, Escape); highlighting on the target page; axe with the results open.

use std::time::{Duration, Instant};

use fantoccini::key::Key;
use serde_json::{json, Value};

use super::checks::{format_logs, set_theme, severe};
use super::driver::{Browser, Profile};
use super::met_pages::{active_desc, assert_axe_clean, press, press_char};
use super::site;

/// Chapter used as the starting page (one directory down, so `data-root` is `../`).
const START: &str = "principles/express-empathy.html";

/// A snapshot of the results panel.
const PANEL_JS: &str = r#"
    const p = document.getElementById('mb-search-results'), i = document.getElementById('mb-search');
    const rs = [...p.querySelectorAll('.mb-sr')].map(li => {
      const a = li.querySelector('a');
      return {href: a ? a.getAttribute('href') : null,
              title: (li.querySelector('.mb-sr-title') || {}).textContent || '',
              excerpt: (li.querySelector('.mb-sr-excerpt') || {}).textContent || '',
              marks: [...li.querySelectorAll('mark')].map(m => m.textContent)};
    });
    const filters = [...p.querySelectorAll('.mb-filter-group')].map(g => ({
      group: (g.querySelector('.mb-filter-label') || {}).textContent || '',
      buttons: [...g.querySelectorAll('button.mb-filter')].map(b => ({
        text: b.textContent, pressed: b.getAttribute('aria-pressed'),
        count: (b.querySelector('.mb-count') || {}).textContent || ''}))}));
    return {open: !p.hidden && p.getClientRects().length > 0, html: p.innerHTML.length + ':' + p.textContent,
            summary: (p.querySelector('.mb-search-summary') || {}).textContent || '',
            empty: (p.querySelector('.mb-search-empty') || {}).textContent || null,
            suggest: [...p.querySelectorAll('.mb-suggest')].map(b => b.textContent),
            fixed: (p.querySelector('.mb-search-fixed') || {}).textContent || null,
            exact: (p.querySelector('.mb-search-fixed a') || {}).textContent || null,
            results: rs, filters, value: i.value, expanded: i.getAttribute('aria-expanded')};
"#;

async fn panel(b: &Browser) -> Value {
    b.js(PANEL_JS).await
}

/// Waits until the results panel is open and its content has not changed for ~300 ms (the
/// input is debounced, and results of earlier keystrokes must not be mistaken for the final
/// ones).
async fn wait_results(b: &Browser, query: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut last = String::new();
    let mut stable = 0;
    loop {
        let p = panel(b).await;
        let key = p["html"].as_str().unwrap_or("").to_owned();
        if p["open"] == json!(true) && p["value"] == json!(query) && key == last {
            stable += 1;
            if stable >= 3 {
                return p;
            }
        } else {
            stable = 0;
        }
        last = key;
        assert!(
            Instant::now() < deadline,
            "{}: typing {query:?} into #mb-search: no (stable) open #mb-search-results within 10 s; \
             panel: {p}",
            b.url().await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clears the search box and types `query` into it with real key events.
pub(crate) async fn type_query(b: &Browser, query: &str) -> Value {
    let input = b.wait_css("#mb-search", "search box").await;
    b.js(
        "const i = document.getElementById('mb-search'); i.value = ''; i.dispatchEvent(new Event('input'));",
    )
    .await;
    input.click().await.expect("clicking #mb-search");
    input
        .send_keys(query)
        .await
        .unwrap_or_else(|e| panic!("typing {query:?} into #mb-search: {e}"));
    wait_results(b, query).await
}

pub(crate) fn results(p: &Value) -> Vec<Value> {
    p["results"].as_array().cloned().unwrap_or_default()
}

/// The result links without their `?highlight=` (which names the words as typed).
fn pages_of(p: &Value) -> Vec<String> {
    results(p)
        .iter()
        .map(|r| {
            let h = r["href"].as_str().unwrap_or("");
            let (path, rest) = h.split_once('?').unwrap_or((h, ""));
            let frag = rest.split_once('#').map_or("", |f| f.1);
            format!("{path}#{frag}")
        })
        .collect()
}

pub(crate) fn all_marks(p: &Value) -> Vec<String> {
    results(p)
        .iter()
        .flat_map(|r| {
            r["marks"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|m| m.as_str().unwrap_or("").to_lowercase())
        })
        .collect()
}

/// "12 results" -> 12.
fn summary_count(p: &Value) -> usize {
    p["summary"]
        .as_str()
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no 'N results' summary in the results panel: {p}"))
}

fn brief(p: &Value) -> String {
    let rs: Vec<String> = results(p)
        .iter()
        .take(5)
        .map(|r| {
            format!(
                "{:?} marks {}",
                r["title"].as_str().unwrap_or(""),
                r["marks"]
            )
        })
        .collect();
    format!(
        "summary {:?}, correction {:?}, empty {:?}, suggestions {}, first results: [{}]",
        p["summary"].as_str().unwrap_or(""),
        p["fixed"],
        p["empty"],
        p["suggest"],
        rs.join("; ")
    )
}

/// The whole search scenario, from `url_of(path)` (an http or a file:// URL).
async fn search_scenario(b: &Browser, url_of: &dyn Fn(&str) -> String, how: &str) {
    let start = url_of(START);
    b.logs().await;
    b.goto(&start).await;

    // A word: results with title, excerpt and marks.
    let p = type_query(b, "ambivalence").await;
    let rs = results(&p);
    assert!(
        !rs.is_empty(),
        "[{how}] {start}: 'ambivalence' found nothing: {}",
        brief(&p)
    );
    assert_eq!(
        p["expanded"],
        json!("true"),
        "[{how}] #mb-search aria-expanded while results are open"
    );
    for r in &rs {
        assert!(
            !r["title"].as_str().unwrap_or("").trim().is_empty()
                && !r["excerpt"].as_str().unwrap_or("").trim().is_empty(),
            "[{how}] 'ambivalence': a result without title or excerpt: {r}"
        );
        assert!(
            r["href"].as_str().unwrap_or("").contains("highlight="),
            "[{how}] 'ambivalence': result link without ?highlight=: {r}"
        );
    }
    assert!(
        all_marks(&p).iter().any(|m| m == "ambivalence"),
        "[{how}] 'ambivalence': no <mark>ambivalence</mark> in the titles/excerpts: {}",
        brief(&p)
    );

    // A prefix.
    let p = type_query(b, "ambiv").await;
    let marks = all_marks(&p);
    assert!(
        !results(&p).is_empty() && marks.iter().any(|m| m.starts_with("ambivalen")),
        "[{how}] the prefix 'ambiv' should find 'ambivalence' (marked): {}",
        brief(&p)
    );
    assert!(
        marks.iter().all(|m| m.starts_with("ambiv")),
        "[{how}] prefix 'ambiv': marks that do not start with it: {marks:?}"
    );

    // A quoted phrase: found, and no more results than the same words unquoted.
    let p = type_query(b, "\"roll with resistance\"").await;
    let phrase = summary_count(&p);
    assert!(
        phrase > 0,
        "[{how}] the phrase \"roll with resistance\" found nothing: {}",
        brief(&p)
    );
    let marks = all_marks(&p);
    assert!(
        marks.contains(&"roll".to_owned()) && marks.contains(&"resistance".to_owned()),
        "[{how}] phrase \"roll with resistance\": results should mark 'roll' and 'resistance': {}",
        brief(&p)
    );
    let p2 = type_query(b, "roll resistance with ").await;
    let bag = summary_count(&p2);
    assert!(
        phrase <= bag,
        "[{how}] the phrase \"roll with resistance\" ({phrase} results) should not find more than \
         the unquoted words ({bag})"
    );
    let p3 = type_query(b, "\"resistance with roll\"").await;
    assert!(
        summary_count(&p3) < phrase || results(&p3).is_empty(),
        "[{how}] the phrase \"resistance with roll\" should not match like \"roll with resistance\": {}",
        brief(&p3)
    );

    // Typos of 5+ letter words: a missing letter, a swap, a wrong letter, on any word of the
    // query. The results are those of the corrected words, and say so. (typo, a mark it must
    // get, a page it must find, the corrected words.)
    let cases = [
        (
            "reflectve listening",
            "reflective",
            "express-empathy",
            "reflective listening",
        ),
        (
            "refletive",
            "reflective",
            "reflective-listening",
            "reflective",
        ),
        (
            "reflective listning ",
            "listening",
            "express-empathy",
            "reflective listening",
        ),
        (
            "confrontatoin",
            "confrontation",
            "confront",
            "confrontation",
        ),
        ("ambivalance", "ambivalen", "ambivalence", "ambivalence"),
        ("reframng", "refram", "refram", "reframing"),
    ];
    for (typo, want, page, shown) in cases {
        let p = type_query(b, typo).await;
        assert!(
            !results(&p).is_empty() && all_marks(&p).iter().any(|m| m.starts_with(want)),
            "[{how}] the typo {typo:?} should still find (and mark) '{want}…': {}",
            brief(&p)
        );
        let found = pages_of(&p);
        assert!(
            found.iter().any(|h| h.contains(page)),
            "[{how}] the typo {typo:?} should find a {page} page: {found:?}"
        );
        let fixed = p["fixed"].as_str().unwrap_or("");
        assert!(
            fixed.contains(&format!("Showing results for {shown}"))
                && p["exact"].as_str().unwrap_or("").contains(typo.trim()),
            "[{how}] {typo:?}: the results should say they are for {shown:?} and offer to \
             search for the words as typed: {}",
            brief(&p)
        );
        // The same pages as the words spelt right, which are not corrected.
        let right = type_query(b, shown).await;
        assert!(
            right["fixed"].is_null() && pages_of(&right) == found,
            "[{how}] {typo:?} should find what {shown:?} finds ({:?}), uncorrected: {}",
            pages_of(&right),
            brief(&right)
        );
    }

    // Two letters off in a long word: corrected; searching for the words as typed finds
    // nothing, suggests the closest terms, and a suggestion runs the search.
    let p = type_query(b, "discrepensy").await;
    assert!(
        !results(&p).is_empty()
            && p["fixed"]
                .as_str()
                .unwrap_or("")
                .contains("Showing results for discrepancy"),
        "[{how}] 'discrepensy' should show the results for 'discrepancy': {}",
        brief(&p)
    );
    b.js("document.querySelector('#mb-search-results .mb-search-fixed a').click();")
        .await;
    b.wait_js(
        "!document.querySelector('#mb-search-results .mb-search-fixed')",
        "the results for 'discrepensy' as typed",
    )
    .await;
    let p = wait_results(b, "discrepensy").await;
    assert!(
        results(&p).is_empty() && p["empty"].is_string() && p["fixed"].is_null(),
        "[{how}] 'Search instead for discrepensy' should search for it as typed and find nothing: {}",
        brief(&p)
    );
    let sugg: Vec<String> = p["suggest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap_or("").to_owned())
        .collect();
    assert!(
        sugg.iter().any(|s| s == "discrepancy"),
        "[{how}] no results for 'discrepensy': 'discrepancy' should be suggested, got {sugg:?}"
    );
    b.js("[...document.querySelectorAll('#mb-search-results .mb-suggest')].find(b => b.textContent === 'discrepancy').click();")
        .await;
    let p = wait_results(b, "discrepancy").await;
    assert!(
        !results(&p).is_empty(),
        "[{how}] clicking the suggestion 'discrepancy' should search for it: {}",
        brief(&p)
    );

    // Filters: toggles with counts that narrow the results.
    let p = type_query(b, "discrepancy").await;
    let total = summary_count(&p);
    let kind = p["filters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == json!("Type"))
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "[{how}] 'discrepancy': no 'Type' filter group: {}",
                p["filters"]
            )
        });
    let buttons = kind["buttons"].as_array().unwrap().clone();
    let counts: Vec<(String, usize)> = buttons
        .iter()
        .map(|bt| {
            let c = bt["count"].as_str().unwrap_or("");
            let n = c
                .trim_matches(|ch| ch == '(' || ch == ')')
                .parse()
                .unwrap_or_else(|_| panic!("[{how}] filter button {bt} has no '(n)' count"));
            let name = bt["text"]
                .as_str()
                .unwrap()
                .replace(c, "")
                .trim()
                .to_owned();
            (name, n)
        })
        .collect();
    assert!(
        buttons.len() >= 2 && buttons.iter().all(|bt| bt["pressed"] == json!("false")),
        "[{how}] 'discrepancy' should offer at least 2 unpressed kind filters (aria-pressed=false): {}",
        kind
    );
    assert_eq!(
        counts.iter().map(|c| c.1).sum::<usize>(),
        total,
        "[{how}] the kind filter counts {counts:?} should add up to the {total} results"
    );
    let (name, n) = counts
        .iter()
        .find(|c| c.1 > 0 && c.1 < total)
        .cloned()
        .unwrap_or_else(|| panic!("[{how}] no kind filter narrows 'discrepancy': {counts:?}"));
    let click_filter = format!(
        "[...document.querySelectorAll('#mb-search-results .mb-filter-group')].find(g => g.querySelector('.mb-filter-label').textContent === 'Type')\
         .querySelectorAll('button.mb-filter')[{}].click();",
        counts.iter().position(|c| c.0 == name).unwrap()
    );
    b.js(&click_filter).await;
    let deadline = Instant::now() + Duration::from_secs(5);
    let p = loop {
        let p = panel(b).await;
        if p["summary"] != json!(format!("{total} results")) || Instant::now() > deadline {
            break p;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(
        summary_count(&p),
        n,
        "[{how}] pressing the filter {name:?} ({n}) should narrow 'discrepancy' from {total} to {n} results"
    );
    let pressed = p["filters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == json!("Type"))
        .and_then(|g| g["buttons"].as_array().cloned())
        .unwrap_or_default()
        .into_iter()
        .find(|bt| bt["text"].as_str().unwrap_or("").contains(&name));
    assert_eq!(
        pressed.as_ref().map(|bt| bt["pressed"].clone()),
        Some(json!("true")),
        "[{how}] the filter {name:?} should report aria-pressed=true once pressed: {}",
        p["filters"]
    );
    assert_eq!(
        results(&p).len(),
        n.min(10),
        "[{how}] with the filter {name:?} the list should show {n} (max 10 per page) results"
    );
    b.js(&click_filter).await;
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let p = panel(b).await;
        if summary_count(&p) == total {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "[{how}] un-pressing the filter {name:?} should restore all {total} results: {}",
            brief(&p)
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Escape closes the results and keeps the query.
    b.js("document.getElementById('mb-search').focus();").await;
    press(b, Key::Escape).await;
    let p = panel(b).await;
    assert!(
        p["open"] == json!(false) && p["expanded"] == json!("false"),
        "[{how}] Escape in #mb-search should close the results (and set aria-expanded=false): open={} expanded={}",
        p["open"],
        p["expanded"]
    );

    // `/` and `s` focus the search box from the page.
    for key in ['/', 's'] {
        b.js("document.activeElement && document.activeElement.blur(); document.getElementById('mb-main').focus();")
            .await;
        press_char(b, key).await;
        let active = b
            .js("return document.activeElement && document.activeElement.id;")
            .await;
        assert_eq!(
            active,
            json!("mb-search"),
            "[{how}] pressing {key:?} on the page should focus #mb-search, focus is on {}",
            active_desc(b).await
        );
        let v = b
            .js("return document.getElementById('mb-search').value;")
            .await;
        assert!(
            !v.as_str().unwrap_or("").ends_with(key),
            "[{how}] the {key:?} shortcut was typed into the search box: {v}"
        );
    }

    // ArrowDown + Enter opens the first result; the target highlights and shows a match.
    let p = type_query(b, "discrepancy").await;
    let first = results(&p)[0]["href"].as_str().unwrap().to_owned();
    press(b, Key::Down).await;
    let sel = b
        .js(r#"const i = document.getElementById('mb-search');
               const id = i.getAttribute('aria-activedescendant'), o = id && document.getElementById(id);
               return [id, o ? o.getAttribute('aria-selected') : null, document.activeElement === i];"#)
        .await;
    assert_eq!(
        sel,
        json!(["mb-sr-0", "true", true]),
        "[{how}] ArrowDown in #mb-search should make the first result the active option \
         ([aria-activedescendant, its aria-selected, focus still in the input])"
    );
    let before = b.url().await;
    let expected = b
        .js("const o = document.getElementById('mb-sr-0'); return (o.matches('a') ? o : o.querySelector('a')).href;")
        .await
        .as_str()
        .unwrap()
        .to_owned();
    press(b, Key::Enter).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while b.url().await == before {
        assert!(
            Instant::now() < deadline,
            "[{how}] Enter on the active result did not navigate (first result {first})"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let now = b.url().await;
    b.wait_css("#mb-main", &now).await;
    assert_eq!(
        now, expected,
        "[{how}] Enter should open the first result's link"
    );
    assert!(
        now.contains("?highlight=") || now.contains("&highlight="),
        "[{how}] the result URL carries no ?highlight=: {now}"
    );
    b.wait_js(
        "document.querySelectorAll('#mb-main mark.mb-highlight').length > 0",
        "mark.mb-highlight in the target page",
    )
    .await;
    let marks_ok = b
        .js("return [...document.querySelectorAll('#mb-main mark.mb-highlight')].every(m => /^discrepan/i.test(m.textContent));")
        .await;
    assert_eq!(
        marks_ok,
        json!(true),
        "[{how}] {now}: mark.mb-highlight should only wrap 'discrepancy' words"
    );
    // The mark the page scrolls to: the first one at or after the URL's #anchor (or the
    // first of all). Marks just above it may sit under the sticky header; it may not.
    let target = "const a = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null; \
                  const ms = [...document.querySelectorAll('#mb-main mark.mb-highlight')]; \
                  const m = ms.find(m => !a || a === m || a.contains(m) || (a.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING)) || ms[0];";
    let in_view = format!(
        "{target} const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight && r.width > 0;"
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if b.js(&in_view).await == json!(true) {
            break;
        }
        if Instant::now() > deadline {
            let pos = b
                .js(&format!("{target} return [m.getBoundingClientRect().top, window.innerHeight, window.scrollY];"))
                .await;
            panic!(
                "[{how}] {now}: the mark at the anchor is not scrolled into view (its top, viewport height, scrollY: {pos})"
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Not hidden under the sticky header either.
    let covered = b
        .js(&format!(
            "{target} const r = m.getBoundingClientRect(), hit = document.elementFromPoint(r.left + 2, r.top + r.height / 2); \
             return hit === m || m.contains(hit) ? null : (hit ? hit.outerHTML.slice(0, 120) : 'nothing');"
        ))
        .await;
    assert_eq!(
        covered,
        Value::Null,
        "[{how}] {now}: the highlighted match in view is covered by another element"
    );

    // ?search= opens the results on load.
    let url = format!("{}?search=discrepancy", url_of("index.html"));
    b.goto(&url).await;
    let p = wait_results(b, "discrepancy").await;
    assert!(
        !results(&p).is_empty(),
        "[{how}] {url}: ?search=discrepancy should open the results on load: {}",
        brief(&p)
    );
    let active = b
        .js("return document.activeElement && document.activeElement.id;")
        .await;
    assert_eq!(
        active,
        json!("mb-search"),
        "[{how}] {url}: the search box should have focus after ?search="
    );

    let bad = severe(&b.logs().await, &["/favicon.ico"]);
    assert!(
        bad.is_empty(),
        "[{how}] console errors while searching:\n{}",
        format_logs(&bad)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_over_http() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    search_scenario(&b, &|p| site.server.url(p), "http").await;
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_from_file_url() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    search_scenario(&b, &|p| site.file_url(p), "file://").await;
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_phone_panel_fits() {
    let site = site::handbook();
    let b = Browser::start(Profile::Phone).await;
    b.goto(&site.server.url(START)).await;
    let p = type_query(&b, "discrepancy").await;
    assert!(
        !results(&p).is_empty(),
        "phone: 'discrepancy' found nothing"
    );
    let r = b
        .js(
            r#"const r = document.getElementById('mb-search-results').getBoundingClientRect();
               return [r.left, r.right, document.documentElement.clientWidth];"#,
        )
        .await;
    let (l, rt, cw) = (
        r[0].as_f64().unwrap(),
        r[1].as_f64().unwrap(),
        r[2].as_f64().unwrap(),
    );
    assert!(
        l >= 0.0 && rt <= cw,
        "phone: the results panel [{l}, {rt}] does not fit the {cw} px viewport"
    );
    crate::assert_no_horizontal_scroll(&b, "search results open").await;
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_with_search_results_open() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    for theme in ["light", "dark"] {
        b.goto(&site.server.url(START)).await;
        set_theme(&b, theme).await;
        type_query(&b, "discrepancy").await;
        // A pressed filter and an active option too.
        b.js("const f = document.querySelector('#mb-search-results button.mb-filter'); f && f.click();")
            .await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        b.js("document.getElementById('mb-search').focus();").await;
        press(&b, Key::Down).await;
        assert_axe_clean(&b, &format!("search results open [{theme}]")).await;
        // Corrected results, then the empty state with suggestions (the words as typed).
        type_query(&b, "discrepensy").await;
        assert_axe_clean(&b, &format!("search: corrected results [{theme}]")).await;
        b.js("document.querySelector('#mb-search-results .mb-search-fixed a').click();")
            .await;
        b.wait_js(
            "!document.querySelector('#mb-search-results .mb-search-fixed')",
            "the results for 'discrepensy' as typed",
        )
        .await;
        wait_results(&b, "discrepensy").await;
        assert_axe_clean(
            &b,
            &format!("search: no results with suggestions [{theme}]"),
        )
        .await;
    }
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_steps_and_forms_are_found_with_their_own_filters() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    b.goto(&site.server.url("index.html")).await;
    let p = type_query(&b, "recapitulation").await;
    let pages = pages_of(&p);
    assert!(
        pages.iter().any(|u| u.contains("#session-2-step-")),
        "a step of session 2 should be found: {}",
        brief(&p)
    );
    let filters = p["filters"].to_string();
    assert!(
        filters.contains("Session steps"),
        "no session-step filter: {filters}"
    );
    let p = type_query(&b, "decisional balance sheet").await;
    assert!(
        pages_of(&p)
            .iter()
            .any(|u| u.contains("#ws-decisional-balance")),
        "the decisional balance form should be found: {}",
        brief(&p)
    );
    b.quit().await;
}
