//! Translated editions: `[languages.<code>]`, translation folders mirroring the source,
//! fallback to the source text (marked), stale detection and the status report.

mod common;

use std::path::Path;

use common::*;

fn build(dir: &Path) -> std::path::PathBuf {
    let out = metbook(&["build"], dir);
    assert!(out.status.success(), "{}", stderr(&out));
    dir.join("book")
}

fn add_language(dir: &Path, table: &str) {
    let toml = dir.join("book.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str(table);
    std::fs::write(toml, text).unwrap();
}

#[test]
fn every_page_exists_in_every_language_with_lang_and_alternates() {
    let book = copy_book("multilingual");
    let site = build(book.path());
    for page in [
        "index.html",
        "principles/express-empathy.html",
        "principles/roll-with-resistance.html",
        "glossary.html",
        "print.html",
    ] {
        let en = read(&site, page);
        let es = read(&site, &format!("es/{page}"));
        assert!(en.contains("<html lang=\"en\""), "{page}");
        assert!(es.contains("<html lang=\"es\""), "es/{page}");
        for (html, at) in [(&en, page.to_string()), (&es, format!("es/{page}"))] {
            let alternates = select_attr(html, "link[rel=alternate][hreflang]", "href");
            assert_eq!(alternates.len(), 2, "{at}");
            // The switcher's links lead to pages that exist.
            let from = site.join(&at);
            for href in select_attr(html, ".mb-lang a", "href") {
                let target = from.parent().unwrap().join(&href);
                assert!(target.is_file(), "{at} links {href}");
            }
            let current = select_attr(html, ".mb-lang a[aria-current]", "lang");
            let lang = if at.starts_with("es/") { "es" } else { "en" };
            assert_eq!(current, vec![lang.to_string()], "{at}");
        }
    }
}

#[test]
fn an_untranslated_chapter_shows_the_source_marked_and_a_translated_one_does_not() {
    let book = copy_book("multilingual");
    let site = build(book.path());
    let fallback = read(&site, "es/principles/roll-with-resistance.html");
    assert_eq!(select_texts(&fallback, ".mb-fallback").len(), 1);
    assert_eq!(
        select_attr(&fallback, ".mb-content", "lang"),
        vec!["en".to_string()]
    );
    assert!(fallback.contains("Resistance is a signal"));
    // Its title comes from the translated SUMMARY.md, so it is in Spanish.
    assert_eq!(
        select_texts(&fallback, "h1.mb-title"),
        vec!["2. Rodar con la resistencia".to_string()]
    );
    let translated = read(&site, "es/principles/express-empathy.html");
    assert!(select_texts(&translated, ".mb-fallback").is_empty());
    assert!(translated.contains("escucha reflexiva"));
    // Cross-references and dialogue ids are shared across languages.
    let about = read(&site, "es/index.html");
    let hrefs = select_attr(&about, ".mb-content a", "href");
    assert!(
        hrefs
            .iter()
            .any(|h| h == "principles/express-empathy.html#what-it-means"),
        "{hrefs:?}"
    );
    assert!(hrefs.iter().any(|h| h.contains("#dlg-night")), "{hrefs:?}");
}

#[test]
fn the_theme_codebook_and_search_speak_the_edition_language() {
    let book = copy_book("multilingual");
    let site = build(book.path());
    let page = read(&site, "es/principles/express-empathy.html");
    assert!(page.contains("Saltar al contenido principal"));
    assert!(page.contains("Terapeuta") && page.contains("Reflejo simple"));
    let en = read(&site, "principles/express-empathy.html");
    assert!(en.contains("Skip to main content") && en.contains("Therapist"));
    assert!(read(&site, "es/search/index.js").contains("\"lang\":\"es\""));
    assert!(read(&site, "search/index.js").contains("\"lang\":\"en\""));
}

#[test]
fn one_sitemap_lists_every_edition_with_alternates() {
    let book = copy_book("multilingual");
    let site = build(book.path());
    let map = read(&site, "sitemap.xml");
    assert!(
        map.contains("<loc>https://example.org/handbook/es/principles/express-empathy.html</loc>")
    );
    assert!(map.contains("hreflang=\"es\" href=\"https://example.org/handbook/es/index.html\""));
    assert!(!site.join("es/sitemap.xml").exists());
}

#[test]
fn editing_the_source_makes_its_translation_stale_until_stamped() {
    let book = copy_book("multilingual");
    assert!(!kinds(book.path())
        .iter()
        .any(|k| k.starts_with("translation")));
    let source = book.path().join("src/principles/express-empathy.md");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, text.replace("each session", "every session")).unwrap();
    assert!(kinds(book.path()).contains(&"translation-stale".to_string()));

    let json = metbook(&["translations", "--format", "json"], book.path());
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let es = &report["languages"][0];
    assert_eq!(es["lang"], "es");
    assert_eq!(
        (es["stale"].as_u64(), es["missing"].as_u64()),
        (Some(1), Some(1))
    );

    let file = book
        .path()
        .join("src/translations/es/principles/express-empathy.md");
    let out = metbook(
        &["translations", "--stamp", file.to_str().unwrap(), "--"],
        book.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!kinds(book.path())
        .iter()
        .any(|k| k.starts_with("translation")));
}

#[test]
fn a_translation_without_a_source_version_is_flagged() {
    let book = copy_book("multilingual");
    let file = book.path().join("src/translations/es/README.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let body = text.splitn(3, "---\n").nth(2).unwrap().to_string();
    std::fs::write(&file, body).unwrap();
    assert!(kinds(book.path()).contains(&"translation-untracked".to_string()));
}

#[test]
fn setup_mistakes_are_located_errors() {
    // A translated SUMMARY.md that lists other files.
    let book = copy_book("multilingual");
    let summary = book.path().join("src/translations/es/SUMMARY.md");
    let text = std::fs::read_to_string(&summary).unwrap();
    std::fs::write(&summary, text.replace("roll-with-resistance", "rodar")).unwrap();
    assert!(kinds(book.path()).contains(&"translation".to_string()));

    // A shared setting repeated in a translation's front matter.
    let book = copy_book("multilingual");
    let file = book.path().join("src/translations/es/README.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("---\n", "---\nid: acerca\n", 1)).unwrap();
    assert!(kinds(book.path()).contains(&"front-matter".to_string()));

    // The source language as a translation, and a malformed code.
    for table in ["\n[languages.en]\n", "\n[languages.\"e s\"]\n"] {
        let book = copy_book("multilingual");
        add_language(book.path(), table);
        assert!(
            kinds(book.path()).contains(&"translation".to_string()),
            "{table}"
        );
    }
}

#[test]
fn a_language_without_theme_words_falls_back_to_english_with_a_warning() {
    let book = copy_book("multilingual");
    add_language(book.path(), "\n[languages.pt]\ntitle = \"Manual\"\n");
    assert!(kinds(book.path()).contains(&"ui-strings".to_string()));
    let site = build(book.path());
    let pt = read(&site, "pt/index.html");
    assert!(pt.contains("<html lang=\"pt\"") && pt.contains("Skip to main content"));
    // Three editions: each page names all three.
    let en = read(&site, "index.html");
    assert_eq!(select_attr(&en, ".mb-lang a", "hreflang").len(), 3);
    // Spanish has every word built in: no warning names it.
    let out = metbook(&["check", "--format", "json"], book.path());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ui: Vec<_> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] == "ui-strings")
        .collect();
    assert_eq!(ui.len(), 1, "{ui:?}");
}

#[test]
fn a_one_language_book_has_no_switcher_or_alternates() {
    let book = copy_book("met-features");
    let site = build(book.path());
    let page = read(&site, "index.html");
    assert!(select_attr(&page, ".mb-lang a", "href").is_empty());
    assert!(select_attr(&page, "link[rel=alternate][hreflang]", "href").is_empty());
    let out = metbook(&["translations"], book.path());
    assert!(out.status.success());
    assert!(stdout(&out).contains("no translations"));
}

#[test]
fn a_book_overrides_or_adds_a_language_in_its_own_theme_folder() {
    let book = copy_book("multilingual");
    let strings = book.path().join("themes/default/strings");
    std::fs::create_dir_all(&strings).unwrap();
    std::fs::write(strings.join("es.yml"), "search: Buscar en el manual\n").unwrap();
    // A complete Portuguese table (every key of the built-in English one) silences the
    // warning for the language it adds.
    let en = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/strings/en.yml"),
    )
    .unwrap();
    std::fs::write(
        strings.join("pt.yml"),
        en.replace("Skip to main content", "Saltar para o conteúdo"),
    )
    .unwrap();
    add_language(book.path(), "\n[languages.pt]\n");
    assert!(!kinds(book.path()).contains(&"ui-strings".to_string()));
    let site = build(book.path());
    let es = read(&site, "es/index.html");
    assert!(es.contains("Buscar en el manual"), "the book's word wins");
    assert!(
        es.contains("Saltar al contenido principal"),
        "the built-in words stay"
    );
    assert!(read(&site, "pt/index.html").contains("Saltar para o conteúdo"));
}

/// Every word the code, templates and scripts ask for exists in English and Spanish, so
/// no page shows a bare key.
#[test]
fn every_word_used_is_in_the_built_in_tables() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let table = |lang: &str| -> std::collections::BTreeMap<String, String> {
        let p = root.join(format!("themes/default/strings/{lang}.yml"));
        serde_yaml::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    };
    let (en, es) = (table("en"), table("es"));
    assert_eq!(
        en.keys().collect::<Vec<_>>(),
        es.keys().collect::<Vec<_>>(),
        "en.yml and es.yml have the same keys"
    );
    // (what precedes a word's key, where to look, whether everything found there is a key:
    // in Rust, `.get("x")` may be another map's, so only keys with `_` or known ones count)
    let patterns = [
        (".get(\"", "src/render", false),
        (".fill(\"", "src/render", false),
        ("e(\"", "src/render", false),
        ("ui.", "themes/default/templates", true),
        ("metbookUi('", "themes/default/js", true),
        ("T(\"", "themes/default/js", true),
    ];
    let mut used = std::collections::BTreeSet::new();
    for (before, dir, all) in patterns {
        for f in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
            if !f.file_type().is_file() {
                continue;
            }
            let text = std::fs::read_to_string(f.path()).unwrap_or_default();
            for (at, _) in text.match_indices(before) {
                let key: String = text[at + before.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                // Keys have an underscore or are one of the short words; other `.get("x")`
                // calls (maps of the renderer) are not words.
                if key.len() > 2 && (all || en.contains_key(&key) || key.contains('_')) {
                    used.insert(key);
                }
            }
        }
    }
    assert!(used.len() > 100, "the scan found the words: {}", used.len());
    let missing: Vec<_> = used.iter().filter(|k| !en.contains_key(*k)).collect();
    assert!(
        missing.is_empty(),
        "words used but not in en.yml: {missing:?}"
    );
}
