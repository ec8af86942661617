//! Wide tables (css/metbook.css, js/nav.js): on a 1280 px screen the Dialogues table breaks
//! out of the prose column and shows every column; on a phone it scrolls sideways in its
//! box, keyboard-focusable, with a faded edge on the side there is more to see; its header
//! row stays in view while a long table scrolls, under the page header or in its box.

use serde_json::{json, Value};

use super::driver::{Browser, Profile};
use super::site;

const PAGE: &str = "dialogues.html";
const WRAP: &str = "document.querySelector('#mb-main .mb-table-wrap:has(table.mb-dialogue-index)')";

/// Geometry of the Dialogues table and its wrapper.
async fn table_state(b: &Browser) -> Value {
    b.js(&format!(
        r#"const w = {WRAP}; if (!w) return null;
           const t = w.querySelector('table'), wr = w.getBoundingClientRect();
           const p = document.querySelector('#mb-main .mb-content > p').getBoundingClientRect();
           const ths = [...t.tHead.rows[0].cells].map(c => {{ const r = c.getBoundingClientRect();
             return {{text: c.textContent.trim(), left: r.left, right: r.right, top: r.top}}; }});
           const header = document.querySelector('.mb-header').getBoundingClientRect();
           return {{ths, wrapLeft: wr.left, wrapRight: wr.right, wrapTop: wr.top, proseRight: p.right,
             scrollW: w.scrollWidth, clientW: w.clientWidth, scrollH: w.scrollHeight, clientH: w.clientHeight,
             classes: w.className, tab: w.getAttribute('tabindex'), mask: getComputedStyle(w).maskImage,
             tableTop: t.getBoundingClientRect().top + scrollY, tableH: t.offsetHeight,
             headerBottom: header.bottom, vw: document.documentElement.clientWidth, vh: innerHeight}};"#
    ))
    .await
}

fn num(v: &Value, k: &str) -> f64 {
    v[k].as_f64()
        .unwrap_or_else(|| panic!("{k} missing in {v}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wide_table_shows_every_column_at_1280_and_keeps_its_header_in_view() {
    let site = site::handbook();
    let b = Browser::start(Profile::Desktop).await;
    b.goto(&site.server.url(PAGE)).await;
    b.settle().await;
    let s = table_state(&b).await;
    assert!(
        !s.is_null(),
        "{PAGE}: no .mb-table-wrap around table.mb-dialogue-index"
    );
    let (vw, wrap_right) = (num(&s, "vw"), num(&s, "wrapRight"));
    let ths = s["ths"].as_array().unwrap();
    assert_eq!(
        ths.len(),
        10,
        "{PAGE}: the Dialogues table has ten columns: {s}"
    );
    for th in ths {
        assert!(
            num(th, "left") >= num(&s, "wrapLeft") - 0.5 && num(th, "right") <= wrap_right.min(vw) + 0.5,
            "{PAGE} at 1280 px: the header cell {} is cut off (wrapper {}–{wrap_right}, viewport {vw}): {s}",
            th["text"],
            num(&s, "wrapLeft")
        );
    }
    assert!(
        num(&s, "scrollW") <= num(&s, "clientW") + 1.0
            && s["classes"].as_str().unwrap().contains("mb-fits"),
        "{PAGE} at 1280 px: the table should fit without scrolling sideways: {s}"
    );
    assert!(
        wrap_right > num(&s, "proseRight") + 50.0,
        "{PAGE} at 1280 px: the wide table should break out of the prose column: {s}"
    );

    // Scrolled half-way down the table, its header row sits under the page header.
    let (top, h) = (num(&s, "tableTop"), num(&s, "tableH"));
    assert!(
        h > num(&s, "vh") / 2.0,
        "{PAGE}: the table is too short to test a sticky header: {s}"
    );
    // Instant: the page scrolls smoothly otherwise, and would still be on its way.
    b.js(&format!(
        "window.scrollTo({{top: {}, behavior: 'instant'}});",
        top + h / 2.0 - 200.0
    ))
    .await;
    b.wait_js(
        &format!(
            "Math.abs({WRAP}.querySelector('thead th').getBoundingClientRect().top - \
             document.querySelector('.mb-header').getBoundingClientRect().bottom) <= 2"
        ),
        "scrolled into the Dialogues table, its header row under the page header",
    )
    .await;
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wide_table_scrolls_with_a_cue_on_a_phone() {
    let site = site::handbook();
    let b = Browser::start(Profile::Phone).await;
    b.goto(&site.server.url(PAGE)).await;
    b.settle().await;
    let s = table_state(&b).await;
    assert!(
        num(&s, "scrollW") > num(&s, "clientW") + 1.0,
        "{PAGE} on a phone: the ten columns should need sideways scrolling: {s}"
    );
    let classes = s["classes"].as_str().unwrap();
    assert!(
        classes.contains("mb-more-right")
            && !classes.contains("mb-more-left")
            && s["mask"] != json!("none"),
        "{PAGE} on a phone: the table's right edge should fade (more to the right): {s}"
    );
    assert_eq!(
        s["tab"],
        json!("0"),
        "{PAGE} on a phone: the scrolling table is not focusable: {s}"
    );
    crate::assert_no_horizontal_scroll(&b, "Dialogues table on a phone").await;

    b.js(&format!("const w = {WRAP}; w.scrollLeft = w.scrollWidth;"))
        .await;
    b.wait_js(
        &format!("{WRAP}.classList.contains('mb-more-left') && !{WRAP}.classList.contains('mb-more-right')"),
        "the cue on the left only, scrolled to the right end",
    )
    .await;

    // A table taller than its box scrolls in it, with its header row at the box's top.
    if num(&s, "scrollH") > num(&s, "clientH") + 1.0 {
        b.js(&format!(
            "const w = {WRAP}; w.scrollIntoView({{behavior: 'instant'}}); w.scrollTop = w.scrollHeight / 2;"
        ))
        .await;
        b.wait_js(
            &format!(
                "Math.abs({WRAP}.querySelector('thead th').getBoundingClientRect().top - \
                 {WRAP}.getBoundingClientRect().top) <= 2"
            ),
            "scrolled in its box, the table's header row at the box's top",
        )
        .await;
    }
    b.quit().await;
}
