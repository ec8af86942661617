//! Hostile text everywhere an author can put text (titles, headings, front matter, glossary,
//! references, dialogues, contrast and does-not blocks, link texts, URLs, titles of links)
//! must come out as text: no new elements, no event handlers, no `javascript:` URLs, no
//! template evaluation, and search chunks that cannot close the `<script>` that loads them.

mod common;

// The sanitizer, compiled here directly so it is tested even before `render/mod.rs`
// declares the module.
#[allow(dead_code)]
#[path = "../src/render/sanitize.rs"]
mod sanitize;

use std::path::Path;

use common::*;

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=",
    "</script>",
];

fn build_injection() -> tempfile::TempDir {
    let book = copy_book("injection");
    let out = metbook(&["build"], book.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "the injection book must build:\n{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("panicked"));
    book
}

fn files_with_ext(dir: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == ext))
        .map(|e| e.into_path())
        .collect()
}

/// Strips what browsers ignore in a URL scheme (whitespace and control characters).
fn scheme_of(url: &str) -> String {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    cleaned.split(':').next().unwrap_or("").to_ascii_lowercase()
}

fn check_page(rel: &str, html: &str, problems: &mut Vec<String>) {
    let doc = scraper::Html::parse_document(html);
    let all = scraper::Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        let v = el.value();
        if v.name() == "script" {
            let src = v.attr("src").unwrap_or("");
            let theme_script = !src.is_empty()
                && !src.contains(':')
                && (src.contains("js/")
                    || src.contains("toc-")
                    || src.contains("words-")
                    || src.contains("search/"));
            if !theme_script || !el.inner_html().trim().is_empty() {
                problems.push(format!(
                    "{rel}: a <script> that is not a theme script: {}",
                    el.html()
                ));
            }
        }
        if v.name() == "img" && v.attr("src") == Some("x") {
            problems.push(format!("{rel}: an injected <img>: {}", el.html()));
        }
        for (name, value) in v.attrs() {
            if name.to_ascii_lowercase().starts_with("on") {
                problems.push(format!(
                    "{rel}: event-handler attribute {name}={value:?} on <{}>",
                    v.name()
                ));
            }
            if [
                "href",
                "src",
                "action",
                "formaction",
                "xlink:href",
                "poster",
                "data",
            ]
            .contains(&name)
            {
                let scheme = scheme_of(value);
                if value.contains(':')
                    && ["javascript", "vbscript", "data"].contains(&scheme.as_str())
                {
                    problems.push(format!("{rel}: {name}={value:?} runs code"));
                }
            }
        }
    }
    if html.contains("{{ tera }}") || html.contains("{% if") {
        // Template syntax must appear as text, i.e. unevaluated, and only in text positions.
    }
}

#[test]
fn hostile_text_stays_text_in_every_page() {
    let book = build_injection();
    let out = book.path().join("book");
    let mut problems = Vec::new();
    let pages = files_with_ext(&out, "html");
    assert!(
        pages.len() >= 10,
        "expected the chapter and generated pages, got {}",
        pages.len()
    );
    for p in &pages {
        let rel = p.strip_prefix(&out).unwrap().display().to_string();
        let html = std::fs::read_to_string(p).unwrap();
        check_page(&rel, &html, &mut problems);
        if rel != "404.html" {
            let _ = main_html(&html); // exactly one <main>
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn payloads_appear_as_text() {
    let book = build_injection();
    let page = read(book.path(), "book/one.html");
    let main = main_html(&page);
    let doc = scraper::Html::parse_fragment(&main);
    let text: String = doc.root_element().text().collect();
    for p in PAYLOADS {
        assert!(text.contains(p), "`{p}` is not shown as text on one.html");
    }
    assert!(
        text.contains("{{ tera }}"),
        "template syntax was evaluated or dropped"
    );
    assert!(
        text.contains('\u{202e}'),
        "the RTL override was dropped (it must be kept, as text)"
    );
    // The dialogue, the contrast and the does-not block carry the payload as text too.
    for css in [".mb-dialogue, [data-dialogue], figure", "table", "ul, ol"] {
        let texts = select_texts(&main, css);
        assert!(
            texts
                .iter()
                .any(|t| t.contains("<script>alert(1)</script>") || t.contains("</script>")),
            "no payload text in `{css}`"
        );
    }
    let title = select_texts(&page, "title");
    assert!(
        title
            .iter()
            .any(|t| t.contains("<script>alert(1)</script>")),
        "page title: {title:?}"
    );
    for generated in [
        "glossary.html",
        "references.html",
        "dialogues.html",
        "met-compared.html",
        "fidelity-checklist.html",
        "principles.html",
        "print.html",
    ] {
        let html = read(book.path(), &format!("book/{generated}"));
        let text: String = scraper::Html::parse_document(&html)
            .root_element()
            .text()
            .collect();
        assert!(
            text.contains("alert(1)"),
            "{generated}: the payload text is missing (dropped instead of escaped?)"
        );
    }
}

#[test]
fn script_loaded_data_cannot_close_its_script_element() {
    let book = build_injection();
    let out = book.path().join("book");
    let mut js = files_with_ext(&out.join("search"), "js");
    js.extend(
        std::fs::read_dir(&out)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.file_name().is_some_and(|n| {
                    let n = n.to_string_lossy();
                    n.starts_with("toc-") || n.starts_with("words-")
                })
            }),
    );
    assert!(js.len() >= 2, "no search chunks / toc found: {js:?}");
    let mut problems = Vec::new();
    for f in &js {
        let s = std::fs::read_to_string(f).unwrap();
        let rel = f.strip_prefix(&out).unwrap().display();
        if s.to_ascii_lowercase().contains("</script") {
            problems.push(format!("{rel}: contains a raw `</script`"));
        }
        if f.starts_with(out.join("search")) && s.contains('<') {
            problems.push(format!("{rel}: contains a raw `<`"));
        }
        if s.contains('\u{2028}') || s.contains('\u{2029}') {
            problems.push(format!(
                "{rel}: contains a raw U+2028/U+2029 (a line break in older JavaScript)"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn javascript_links_in_the_injection_book_are_an_error() {
    for url in [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "javascript&#58;alert(1)",
        "&#x6A;avascript:alert(1)",
        "vbscript:x",
        "data:text/html,x",
    ] {
        let book = copy_book("injection");
        let one = book.path().join("src/one.md");
        let mut text = std::fs::read_to_string(&one).unwrap();
        text.push_str(&format!("\n[click me]({url})\n"));
        std::fs::write(&one, text).unwrap();
        let out = metbook(&["build"], book.path());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{url}: {err}");
        assert!(
            err.contains("not allowed") && err.contains("src/one.md:") && err.contains("help:"),
            "{url}: {err}"
        );
        assert!(
            !book.path().join("book").exists(),
            "{url}: a site was written"
        );
    }
}

#[test]
fn percent_or_tab_obfuscated_schemes_become_harmless_relative_links() {
    let book = copy_book("injection");
    let one = book.path().join("src/one.md");
    let mut text = std::fs::read_to_string(&one).unwrap();
    text.push_str("\n[tab](jav&#x09;ascript:alert(1)) [pct](java%73cript:alert(1))\n");
    std::fs::write(&one, text).unwrap();
    let out = metbook(&["build"], book.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = read(book.path(), "book/one.html");
    for href in select_attr(&page, "a", "href") {
        assert_ne!(scheme_of(&href), "javascript", "{href}");
    }
}

#[test]
fn sanitize_html_cleans_raw_html() {
    let dirty = r#"<div onclick="x()"><script>alert(1)</script><img src=x onerror="window.__pwned=1"><a href="javascript:alert(1)">j</a><a href="two.html">ok</a></div>"#;
    let clean = sanitize::sanitize_html(dirty);
    for bad in ["<script", "onclick", "onerror", "javascript:"] {
        assert!(!clean.contains(bad), "{bad} survived: {clean}");
    }
    assert!(clean.contains(r#"href="two.html""#), "{clean}");
    // Lone tags, as inline HTML arrives from the Markdown parser, stay well-formed.
    assert_eq!(sanitize::sanitize_html("</div>"), "");
    assert!(!sanitize::sanitize_html("<svg onload=alert(1)>").contains("onload"));
}

/// `[output.html] sanitize = true` is accepted in book.toml.
#[test]
fn sanitize_option_is_accepted() {
    let book = copy_book("injection");
    let toml = book.path().join("book.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str("\n[output.html]\nsanitize = true\n");
    std::fs::write(&toml, text).unwrap();
    let out = metbook(&["check"], book.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// With `sanitize = true`, raw HTML in a chapter is cleaned.
#[test]
fn sanitize_true_cleans_raw_html_in_chapters() {
    let book = copy_book("injection");
    let toml = book.path().join("book.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str("\n[output.html]\nsanitize = true\n");
    std::fs::write(&toml, text).unwrap();
    let one = book.path().join("src/one.md");
    let mut text = std::fs::read_to_string(&one).unwrap();
    text.push_str("\n<div class=\"raw\"><script>alert(1)</script><img src=x onerror=\"window.__pwned=1\">kept text</div>\n\nInline <span onclick=\"alert(1)\">span</span>.\n");
    std::fs::write(&one, text).unwrap();
    let out = metbook(&["build"], book.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = read(book.path(), "book/one.html");
    let mut problems = Vec::new();
    check_page("one.html", &page, &mut problems);
    // The cleaned image itself is allowed to stay: only its handler must go.
    problems.retain(|p| p != "one.html: an injected <img>: <img src=\"x\">");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(main_html(&page).contains("kept text"));
}
