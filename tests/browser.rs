//! Real-browser tests of the bundled handbook: headless Chromium via chromedriver (fantoccini),
//! axe-core accessibility audits, console errors, theme, keyboard, sidebar, phone layout,
//! file:// use, screenshots.
//!
//! Run with `./scripts/test.sh` (installs chromium, chromium-driver and the pinned axe-core, and
//! sets METBOOK_AXE). These tests never skip: a missing browser or axe-core is a failure.

#[path = "common/mod.rs"]
mod common;

mod browser {
    pub(crate) mod checks;
    pub(crate) mod deep_links;
    pub(crate) mod dialogues;
    pub(crate) mod driver;
    pub(crate) mod injection;
    pub(crate) mod languages;
    pub(crate) mod live_reload;
    pub(crate) mod mdbook;
    pub(crate) mod met_pages;
    pub(crate) mod offline;
    pub(crate) mod search;
    pub(crate) mod server;
    pub(crate) mod sessions;
    pub(crate) mod site;
    pub(crate) mod tables;
    pub(crate) mod worksheets;
}

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use browser::checks::{self, axe, data_theme, format_logs, set_theme, severe, toc_urls};
use browser::driver::{Browser, Profile};
use browser::site::{self, Site};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::json;

const MISSING_PATH: &str = "this-page-does-not-exist-metbook-test.html";

#[derive(Debug, Clone)]
struct Page {
    label: String,
    path: String,
    /// The request is expected to 404 (the 404 page).
    not_found: bool,
}

fn strip_fragment(u: &str) -> &str {
    u.split('#').next().unwrap_or(u)
}

/// The page types to audit: index, a chapter (2nd TOC entry), the first chapter of each
/// sub-directory, print, 404 (a missing path), and every other HTML page of the site
/// (the generated pages).
async fn pages_to_visit(b: &Browser, site: &Site) -> Vec<Page> {
    b.goto(&site.server.url("index.html")).await;
    let toc: Vec<String> = toc_urls(b)
        .await
        .into_iter()
        .map(|u| strip_fragment(&u).trim_start_matches("./").to_owned())
        .filter(|u| !u.is_empty())
        .collect();
    assert!(
        !toc.is_empty(),
        "window.metbookToc on index.html lists no chapter with a URL"
    );
    let mut pages = vec![Page {
        label: "index".into(),
        path: "index.html".into(),
        not_found: false,
    }];
    let chapter = toc.get(1).unwrap_or(&toc[0]).clone();
    pages.push(Page {
        label: "chapter".into(),
        path: chapter.clone(),
        not_found: false,
    });
    let mut dirs = BTreeSet::new();
    for u in &toc {
        if let Some((dir, _)) = u.rsplit_once('/') {
            if dirs.insert(dir.to_owned()) && *u != chapter {
                pages.push(Page {
                    label: format!("chapter in {dir}/"),
                    path: u.clone(),
                    not_found: false,
                });
            }
        }
    }
    pages.push(Page {
        label: "print".into(),
        path: "print.html".into(),
        not_found: false,
    });
    pages.push(Page {
        label: "404".into(),
        path: MISSING_PATH.into(),
        not_found: true,
    });
    let toc_set: BTreeSet<&str> = toc.iter().map(String::as_str).collect();
    for p in site.html_pages() {
        if ["index.html", "print.html", "404.html"].contains(&p.as_str())
            || toc_set.contains(p.as_str())
        {
            continue;
        }
        pages.push(Page {
            label: "generated".into(),
            path: p,
            not_found: false,
        });
    }
    pages
}

/// Visits `page` and returns its unexpected SEVERE console entries, formatted (empty = clean).
async fn visit_and_collect_errors(b: &Browser, site: &Site, page: &Page) -> Option<String> {
    b.logs().await; // drain
    b.goto(&site.server.url(&page.path)).await;
    // Late scripts (sidebar, search) run and report before the logs are read.
    b.settle().await;
    let expected: Vec<&str> = if page.not_found {
        vec![MISSING_PATH]
    } else {
        vec![]
    };
    let bad = severe(&b.logs().await, &expected);
    (!bad.is_empty()).then(|| {
        format!(
            "{} ({}) [{}]:\n{}",
            page.label,
            site.server.url(&page.path),
            b.profile.name(),
            format_logs(&bad)
        )
    })
}

// (a) axe on every page type, light and dark.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_every_page_type_light_and_dark() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    let pages = pages_to_visit(&b, site).await;
    eprintln!(
        "axe: auditing {} pages in light and dark: {}",
        pages.len(),
        pages
            .iter()
            .map(|p| format!("{} ({})", p.path, p.label))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut failures = Vec::new();
    for theme in ["light", "dark"] {
        b.goto(&site.server.url("index.html")).await;
        set_theme(&b, theme).await;
        for page in &pages {
            let url = site.server.url(&page.path);
            b.goto(&url).await;
            let t = data_theme(&b).await;
            assert_eq!(
                t.as_deref(),
                Some(theme),
                "{url}: <html data-theme> is {t:?} although localStorage metbook-theme is {theme:?}"
            );
            let v = axe(&b).await;
            if !v.is_empty() {
                let list: String = v.iter().map(|v| v.to_string()).collect();
                failures.push(format!(
                    "{} page {url} (theme {theme}): {} axe violation(s)\n{list}",
                    page.label,
                    v.len()
                ));
            }
        }
    }
    b.quit().await;
    assert!(
        failures.is_empty(),
        "axe-core ({}) found WCAG 2.1 A/AA violations:\n\n{}",
        checks::axe_scope(),
        failures.join("\n")
    );
}

// (b) the axe check itself finds a known violation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_check_reports_known_violation() {
    let server = site::violation_fixture();
    let b = Browser::start(Profile::Desktop).await;
    b.goto(&server.url("index.html")).await;
    let v = axe(&b).await;
    b.quit().await;
    let ids: Vec<&str> = v.iter().map(|v| v.id.as_str()).collect();
    assert!(
        ids.contains(&"image-alt"),
        "the axe check missed the deliberate <img> without alt in tests/fixtures/a11y-violation \
         (got {ids:?}): the harness cannot be trusted"
    );
    assert!(
        ids.contains(&"label-content-name-mismatch"),
        "the axe check missed the deliberate badge named without its visible text in \
         tests/fixtures/a11y-violation (got {ids:?}): the experimental rule is not enabled"
    );
    let img = v.iter().find(|v| v.id == "image-alt").unwrap();
    assert!(
        img.nodes
            .iter()
            .any(|(target, html, _)| target.contains("img") && html.contains("x.png")),
        "image-alt violation does not point at the image: {img}"
    );
}

// (c) no console errors, CSP violations or failed requests on any page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_console_errors_or_failed_requests() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    let pages = pages_to_visit(&b, site).await;
    let mut failures = Vec::new();
    for theme in ["light", "dark"] {
        b.goto(&site.server.url("index.html")).await;
        set_theme(&b, theme).await;
        for page in &pages {
            if let Some(f) = visit_and_collect_errors(&b, site, page).await {
                failures.push(format!("theme {theme}: {f}"));
            }
        }
    }
    b.quit().await;
    assert!(
        failures.is_empty(),
        "console errors / failed requests (served with Content-Security-Policy: {}):\n{}",
        browser::server::CSP,
        failures.join("\n")
    );
}

async fn first_chapter(b: &Browser, site: &Site) -> (String, String) {
    b.goto(&site.server.url("index.html")).await;
    let toc: Vec<String> = toc_urls(b)
        .await
        .into_iter()
        .map(|u| strip_fragment(&u).to_owned())
        .filter(|u| !u.is_empty())
        .collect();
    assert!(
        toc.len() >= 2,
        "window.metbookToc lists fewer than 2 chapters: {toc:?}"
    );
    (toc[0].clone(), toc[1].clone())
}

// (d) the theme toggle persists across navigation and reload.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn theme_toggle_persists() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    let (ch1, ch2) = first_chapter(&b, site).await;
    b.goto(&site.server.url(&ch1)).await;
    b.js("localStorage.removeItem('metbook-theme');").await;
    b.reload().await;
    let before = data_theme(&b).await;
    let mut expected_prev = before.clone();
    for round in 0..2 {
        let toggle = b.wait_css("#mb-theme-toggle", &ch1).await;
        toggle.click().await.expect("clicking #mb-theme-toggle");
        b.wait_js(
            "['light','dark'].includes(document.documentElement.getAttribute('data-theme'))",
            "html[data-theme] light|dark after clicking #mb-theme-toggle",
        )
        .await;
        let now = data_theme(&b).await.unwrap();
        assert_ne!(
            Some(now.clone()),
            expected_prev,
            "round {round}: clicking #mb-theme-toggle did not change <html data-theme> (was {expected_prev:?})"
        );
        let stored = b.js("return localStorage.getItem('metbook-theme');").await;
        assert_eq!(
            stored,
            json!(now),
            "round {round}: #mb-theme-toggle set data-theme={now:?} but localStorage metbook-theme is {stored}"
        );
        b.goto(&site.server.url(&ch2)).await;
        assert_eq!(
            data_theme(&b).await.as_deref(),
            Some(now.as_str()),
            "round {round}: theme {now:?} chosen on {ch1} is not applied on {ch2}"
        );
        b.reload().await;
        assert_eq!(
            data_theme(&b).await.as_deref(),
            Some(now.as_str()),
            "round {round}: theme {now:?} lost after reloading {ch2}"
        );
        b.goto(&site.server.url(&ch1)).await;
        expected_prev = Some(now);
    }
    b.quit().await;
}

async fn press(b: &Browser, key: Key) {
    let k: char = key.into();
    let actions = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: k })
        .then(KeyAction::Up { value: k });
    b.client
        .perform_actions(actions)
        .await
        .expect("sending a key press");
}

async fn wait_url_change(b: &Browser, from: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let u = b.url().await;
        if u != from {
            b.wait_css("#mb-main", &u).await;
            return u;
        }
        if Instant::now() > deadline {
            return u;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn rel_href(b: &Browser, rel: &str) -> Option<String> {
    let v = b
        .js_args(
            "const a = document.querySelector('a[rel~=' + arguments[0] + ']'); return a ? a.href : null;",
            vec![json!(rel)],
        )
        .await;
    v.as_str().map(str::to_owned)
}

// (e) ArrowRight follows a[rel=next], ArrowLeft goes back via a[rel=prev].
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arrow_keys_navigate_chapters() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    let (_, ch2) = first_chapter(&b, site).await;
    let start = site.server.url(&ch2);
    b.goto(&start).await;
    let start_url = b.url().await;
    let next = rel_href(&b, "next")
        .await
        .unwrap_or_else(|| panic!("{start}: no a[rel=next] on the 2nd chapter"));
    press(&b, Key::Right).await;
    let after = wait_url_change(&b, &start_url).await;
    assert_eq!(
        strip_fragment(&after),
        strip_fragment(&next),
        "ArrowRight on {start} should go to a[rel=next] {next}"
    );
    let prev = rel_href(&b, "prev")
        .await
        .unwrap_or_else(|| panic!("{after}: no a[rel=prev]"));
    assert_eq!(
        strip_fragment(&prev),
        strip_fragment(&start_url),
        "{after}: a[rel=prev] should point back to {start_url}"
    );
    press(&b, Key::Left).await;
    let back = wait_url_change(&b, &after).await;
    assert_eq!(
        strip_fragment(&back),
        strip_fragment(&start_url),
        "ArrowLeft on {after} should go back to a[rel=prev] {prev}"
    );
    // Not while typing in the search box.
    if b.client.find(Locator::Css("#mb-search")).await.is_ok() {
        b.js("document.getElementById('mb-search').focus();").await;
        press(&b, Key::Right).await;
        b.settle().await;
        assert_eq!(
            strip_fragment(&b.url().await),
            strip_fragment(&start_url),
            "ArrowRight while typing in #mb-search must not navigate"
        );
    }
    b.quit().await;
}

/// Asserts `#mb-sidebar [aria-current=page]` exists and points at the current URL.
async fn assert_sidebar_current(b: &Browser) {
    let url = b.url().await;
    b.wait_js(
        "document.querySelector('#mb-sidebar [aria-current=page]')",
        "#mb-sidebar [aria-current=page]",
    )
    .await;
    let href = b
        .js("const a = document.querySelector('#mb-sidebar [aria-current=page]'); return a.href || a.getAttribute('href');")
        .await;
    let href = href.as_str().unwrap_or("").to_owned();
    assert_eq!(
        strip_fragment(&href),
        strip_fragment(&url),
        "#mb-sidebar [aria-current=page] links to {href:?}, not to the current page {url}"
    );
    let n = b
        .js("return document.querySelectorAll('#mb-sidebar [aria-current=page]').length;")
        .await;
    assert_eq!(
        n,
        json!(1),
        "{url}: expected exactly one #mb-sidebar [aria-current=page], got {n}"
    );
}

// (f) the sidebar marks the current page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sidebar_marks_current_page() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    let (ch1, ch2) = first_chapter(&b, site).await;
    let sidebar = b.wait_css("nav#mb-sidebar", "index.html").await;
    let label = sidebar.attr("aria-label").await.unwrap();
    assert_eq!(
        label.as_deref(),
        Some("Chapters"),
        "nav#mb-sidebar aria-label"
    );
    for path in ["index.html", &ch1, &ch2] {
        b.goto(&site.server.url(path)).await;
        assert_sidebar_current(&b).await;
    }
    b.quit().await;
}

async fn assert_no_horizontal_scroll(b: &Browser, what: &str) {
    let v = b
        .js("const d = document.documentElement; return [d.scrollWidth, d.clientWidth];")
        .await;
    let (sw, cw) = (v[0].as_i64().unwrap(), v[1].as_i64().unwrap());
    if sw > cw {
        let wide = b
            .js(r#"
                const cw = document.documentElement.clientWidth, out = [];
                for (const el of document.querySelectorAll('body *')) {
                  const r = el.getBoundingClientRect();
                  if (r.right > cw + 1 && out.length < 8)
                    out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                             (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
                             ' right=' + Math.round(r.right));
                }
                return out;
            "#)
            .await;
        panic!(
            "{what} ({}): page scrolls horizontally on a 360 px phone: scrollWidth {sw} > clientWidth {cw}; \
             widest elements: {wide}",
            b.url().await
        );
    }
}

// (g) phone: no horizontal scrolling; the sidebar toggle opens a usable sidebar.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone_layout_and_sidebar_toggle() {
    let site = site::handbook();
    let b = Browser::start(Profile::Phone).await;
    let (_, ch2) = first_chapter(&b, site).await;
    let cw = b.js("return document.documentElement.clientWidth;").await;
    assert_eq!(
        cw,
        json!(360),
        "mobile emulation: expected a 360 px viewport, got {cw}"
    );
    for (what, path) in [("index", "index.html".to_owned()), ("chapter", ch2.clone())] {
        b.goto(&site.server.url(&path)).await;
        for theme in ["light", "dark"] {
            set_theme(&b, theme).await;
            assert_no_horizontal_scroll(&b, &format!("{what} [{theme}]")).await;
        }
        let toggle = b.wait_css("#mb-sidebar-toggle", what).await;
        assert!(
            toggle.is_displayed().await.unwrap(),
            "{what}: #mb-sidebar-toggle is not visible at 360 px"
        );
        assert_eq!(
            toggle.attr("aria-controls").await.unwrap().as_deref(),
            Some("mb-sidebar"),
            "{what}: #mb-sidebar-toggle aria-controls"
        );
        let expanded = toggle.attr("aria-expanded").await.unwrap();
        assert_eq!(
            expanded.as_deref(),
            Some("false"),
            "{what}: #mb-sidebar-toggle should start collapsed (aria-expanded=false) on a phone"
        );
        let sidebar_visible = r#"
            const s = document.getElementById('mb-sidebar'); if (!s) return false;
            const r = s.getBoundingClientRect(), st = getComputedStyle(s);
            return st.display !== 'none' && st.visibility !== 'hidden' && r.width > 0 && r.height > 0
                   && r.right > 0 && r.left < document.documentElement.clientWidth;
        "#;
        assert_eq!(
            b.js(sidebar_visible).await,
            json!(false),
            "{what}: #mb-sidebar is already on screen at 360 px before the toggle is clicked"
        );
        toggle.click().await.expect("clicking #mb-sidebar-toggle");
        b.wait_js(
            "document.getElementById('mb-sidebar-toggle').getAttribute('aria-expanded') === 'true'",
            "aria-expanded=true after clicking #mb-sidebar-toggle",
        )
        .await;
        // Allow for a CSS transition.
        let deadline = Instant::now() + Duration::from_secs(3);
        while b.js(sidebar_visible).await != json!(true) {
            assert!(
                Instant::now() < deadline,
                "{what}: clicking #mb-sidebar-toggle did not bring #mb-sidebar on screen"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // The slide-in transition has ended when no animation is left running.
        while b.js("return document.getAnimations().length === 0;").await != json!(true) {
            assert!(
                Instant::now() < deadline,
                "{what}: the sidebar's transition never ended"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let reach = b
            .js(r#"
                const links = [...document.querySelectorAll('#mb-sidebar a[href]')];
                if (!links.length) return 'no links in #mb-sidebar';
                const a = links[0]; a.scrollIntoView({block: 'center'});
                const r = a.getBoundingClientRect(), cw = document.documentElement.clientWidth;
                if (r.left < 0 || r.right > cw + 1) return 'first sidebar link is outside the viewport: ' + JSON.stringify(r);
                const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 20), r.top + r.height / 2);
                if (!hit || !(a === hit || a.contains(hit))) return 'first sidebar link is covered by ' + (hit ? hit.outerHTML.slice(0, 160) : 'nothing');
                return 'ok';
            "#)
            .await;
        assert_eq!(
            reach,
            json!("ok"),
            "{what}: sidebar link not reachable after opening it on a phone"
        );
        // And it really navigates.
        let link = b
            .client
            .find(Locator::Css("#mb-sidebar a[href]"))
            .await
            .expect("a sidebar link");
        let target = link.prop("href").await.unwrap().unwrap_or_default();
        let before = b.url().await;
        link.click().await.expect("tapping a sidebar link");
        if strip_fragment(&target) != strip_fragment(&before) {
            let now = wait_url_change(&b, &before).await;
            assert_eq!(
                strip_fragment(&now),
                strip_fragment(&target),
                "{what}: tapping a sidebar link"
            );
        }
    }
    b.quit().await;
}

// (h) file:// works: sidebar, theme toggle, no console errors.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_protocol_works() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    let (_, ch2) = first_chapter(&b, site).await;
    let mut errors = Vec::new();
    for path in ["index.html".to_owned(), ch2.clone()] {
        let url = site.file_url(&path);
        b.logs().await;
        b.goto(&url).await;
        b.wait_js(
            "document.querySelectorAll('#mb-sidebar a[href]').length > 0",
            "a populated #mb-sidebar under file://",
        )
        .await;
        if path != "index.html" {
            assert_sidebar_current(&b).await;
        }
        let before = data_theme(&b).await;
        b.wait_css("#mb-theme-toggle", &url)
            .await
            .click()
            .await
            .expect("clicking #mb-theme-toggle");
        b.wait_js(
            "['light','dark'].includes(document.documentElement.getAttribute('data-theme'))",
            "html[data-theme] after clicking #mb-theme-toggle under file://",
        )
        .await;
        let after = data_theme(&b).await;
        assert_ne!(
            before, after,
            "{url}: #mb-theme-toggle did not change data-theme"
        );
        b.reload().await;
        assert_eq!(
            data_theme(&b).await,
            after,
            "{url}: theme not kept after reload under file://"
        );
        b.settle().await;
        let bad = severe(&b.logs().await, &["/favicon.ico"]);
        if !bad.is_empty() {
            errors.push(format!("{url}:\n{}", format_logs(&bad)));
        }
    }
    b.quit().await;
    assert!(
        errors.is_empty(),
        "console errors under file://:\n{}",
        errors.join("\n")
    );
}

// (i) screenshots for people to look at: target/screenshots/{index,chapter}-{desktop,phone}-{light,dark}.png
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn screenshots() {
    let site = site::handbook();
    let dir = site::target_dir().join("screenshots");
    for profile in [Profile::Desktop, Profile::Phone] {
        let b = Browser::start(profile).await;
        let (_, ch2) = first_chapter(&b, site).await;
        for theme in ["light", "dark"] {
            for (name, path) in [("index", "index.html"), ("chapter", ch2.as_str())] {
                b.goto(&site.server.url(path)).await;
                set_theme(&b, theme).await;
                // Let web fonts and the sidebar settle.
                b.wait_js(
                    "document.fonts ? document.fonts.status === 'loaded' : true",
                    "fonts",
                )
                .await;
                b.screenshot(&dir.join(format!("{name}-{}-{theme}.png", profile.name())))
                    .await;
            }
        }
        b.quit().await;
    }
    for name in ["index", "chapter"] {
        for p in ["desktop", "phone"] {
            for t in ["light", "dark"] {
                let f = dir.join(format!("{name}-{p}-{t}.png"));
                assert!(
                    std::fs::metadata(&f)
                        .map(|m| m.len() > 1000)
                        .unwrap_or(false),
                    "screenshot {} missing or empty",
                    f.display()
                );
            }
        }
    }
}

// The test server itself: content types, the CSP header, 404.html for unknown paths.
#[test]
fn static_server_basics() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<p>home</p>").unwrap();
    std::fs::write(dir.path().join("404.html"), "<p>missing</p>").unwrap();
    std::fs::create_dir(dir.path().join("css")).unwrap();
    std::fs::write(dir.path().join("css/a b.css"), "p{}").unwrap();
    let server = browser::server::Server::start(dir.path());
    let get = |path: &str| {
        let addr = server
            .base
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    };
    let home = get("/");
    assert!(home.starts_with("HTTP/1.1 200"), "{home}");
    assert!(
        home.contains("Content-Type: text/html; charset=utf-8"),
        "{home}"
    );
    assert!(
        home.contains("Content-Security-Policy: default-src 'self'"),
        "{home}"
    );
    assert!(home.ends_with("<p>home</p>"), "{home}");
    let css = get("/css/a%20b.css?v=1");
    assert!(
        css.starts_with("HTTP/1.1 200") && css.contains("text/css"),
        "{css}"
    );
    let missing = get("/nope/x.html");
    assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
    assert!(missing.ends_with("<p>missing</p>"), "{missing}");
    assert!(get("/../etc/passwd").starts_with("HTTP/1.1 404"));
}
