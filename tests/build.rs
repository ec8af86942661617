//! `metbook build` on fixture books: the bundled handbook, an mdBook-style book with every
//! SUMMARY feature, includes, theme overrides, BOM/CRLF input, init and clean.

mod common;

use common::*;

#[test]
fn bundled_handbook_builds_every_summary_entry_with_navigation() {
    let book = copy_book("bundled");
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("Built "), "{}", stdout(&out));
    let summary = read(book.path(), "manual/SUMMARY.md");
    let site = book.path().join("book");
    for line in summary
        .lines()
        .filter(|l| l.contains("](") && !l.contains("]()"))
    {
        let path = line.split("](").nth(1).unwrap().trim_end_matches(')');
        let html = metbook::load::out_path_for(path);
        let page = read(&site, &html);
        main_html(&page);
        assert!(page.contains("id=\"mb-sidebar\""), "{html} has no sidebar");
        assert!(
            page.contains("rel=\"next\"") || page.contains("rel=\"prev\""),
            "{html} has no prev/next"
        );
    }
    for p in [
        "print.html",
        "404.html",
        "index.html",
        "principles.html",
        "met-compared.html",
        "fidelity-checklist.html",
        "glossary.html",
        "references.html",
    ] {
        assert!(site.join(p).exists(), "{p} missing");
    }
}

#[test]
fn no_page_references_another_host() {
    let book = copy_book("bundled");
    assert!(metbook(&["build"], book.path()).status.success());
    for e in walkdir::WalkDir::new(book.path().join("book"))
        .into_iter()
        .filter_map(Result::ok)
    {
        let p = e.path();
        if p.extension().map(|x| x == "html").unwrap_or(false) {
            let html = std::fs::read_to_string(p).unwrap();
            for attr in ["src", "href"] {
                for tag in ["script", "link", "img", "iframe"] {
                    for v in select_attr(&html, tag, attr) {
                        assert!(
                            !v.contains("//"),
                            "{} loads {v} from another host",
                            p.display()
                        );
                    }
                }
            }
            assert!(
                !html.contains("<script>") && !html.contains(" style=\""),
                "{} has inline script or style",
                p.display()
            );
        }
    }
}

#[test]
fn mdbook_style_book_builds_unchanged() {
    let book = copy_book("mdbook-style");
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let site = book.path().join("book");
    // README.md becomes index.html; links to it and between folders are rewritten.
    let index = main_html(&read(&site, "index.html"));
    assert!(
        index.contains("href=\"guide/installation.html\""),
        "{index}"
    );
    assert!(index.contains("href=\"guide/config.html#the-table\""));
    let install = main_html(&read(&site, "guide/installation.html"));
    assert!(install.contains("href=\"../index.html\""), "{install}");
    assert!(install.contains("id=\"custom-id\""));
    assert!(install.contains("class=\"special\""));
    assert!(install.contains("type=\"checkbox\""), "task lists");
    assert!(install.contains("<dl>"), "definition lists");
    assert!(install.contains("<del>"), "strikethrough");
    assert!(install.contains("“smart quotes”"), "smart punctuation");
    let toc = std::fs::read_dir(&site)
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with("toc-"))
        .unwrap();
    let toc = std::fs::read_to_string(toc.path()).unwrap();
    for needle in [
        "\"part\":\"User guide\"",
        "\"sep\":true",
        "\"t\":\"Draft chapter\",\"u\":null",
        "\"n\":\"1.1.\"",
        "\"t\":\"Contributors\"",
    ] {
        assert!(toc.contains(needle), "toc lacks {needle}: {toc}");
    }
    let includes = main_html(&read(&site, "guide/includes.html"));
    let code = select_texts(&includes, "pre code");
    assert_eq!(code[0], "let first = 1;\n    let second = 2;");
    assert_eq!(code[1], "println!(\"{}\", first + second);");
    assert!(includes.contains("Included <em>paragraph</em> text."));
    assert!(!site.join("draft-chapter.html").exists());
}

#[test]
fn footnote_ids_are_unique_per_page_and_in_print() {
    let book = copy_book("mdbook-style");
    assert!(metbook(&["build"], book.path()).status.success());
    let index = main_html(&read(&book.path().join("book"), "index.html"));
    assert!(index.contains("id=\"index-note\""), "{index}");
    let print = read(&book.path().join("book"), "print.html");
    assert!(print.contains("id=\"print-installation\""));
}

#[test]
fn print_html_ids_are_unique_and_every_in_page_link_has_its_target() {
    // The bundled chapters share heading names ("Pitfalls", "Why it works"): on
    // print.html each chapter's heading ids carry its prefix, and so do links to them.
    let book = copy_book("bundled");
    assert!(metbook(&["build"], book.path()).status.success());
    let site = book.path().join("book");
    let print = read(&site, "print.html");
    let ids = select_attr(&print, "[id]", "id");
    let mut seen = std::collections::HashSet::new();
    let dups: Vec<&String> = ids.iter().filter(|i| !seen.insert(i.as_str())).collect();
    assert!(dups.is_empty(), "ids repeated on print.html: {dups:?}");
    let anchors = select_attr(&print, "a[href^='#']", "href");
    assert!(anchors.len() > 50, "{}", anchors.len());
    for a in &anchors {
        assert!(
            seen.contains(&a[1..]),
            "print.html links to {a}, which is no id there"
        );
    }
    // A chapter's own page keeps its ids bare.
    let page = read(&site, "principles/express-empathy.html");
    let page_ids = select_attr(&page, ".mb-content h2", "id");
    assert!(
        page_ids.contains(&"why-it-works".to_string()),
        "{page_ids:?}"
    );
    assert!(print.contains("id=\"express-empathy--why-it-works\""));
}

#[test]
fn bom_and_crlf_build_correctly() {
    let book = copy_book("bom-crlf");
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let page = main_html(&read(&book.path().join("book"), "one.html"));
    assert!(
        page.contains("<h1 class=\"mb-title\" id=\"one\">"),
        "{page}"
    );
    assert!(
        page.contains("<p>Line one\nline two <a href=\"#one\">self</a>.</p>"),
        "{page}"
    );
    assert!(!page.contains('\r'));
}

#[test]
fn theme_files_override_the_default_by_name() {
    let book = copy_book("mdbook-style");
    let dir = book.path().join("themes/default/templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("404.html"), "{% extends \"layout.html\" %}{% block main %}<p id=\"custom-404\">Lost? {{ book.title }}</p>{% endblock main %}").unwrap();
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let html = main_html(&read(&book.path().join("book"), "404.html"));
    assert!(
        html.contains("<p id=\"custom-404\">Lost? An mdBook-style book</p>"),
        "{html}"
    );
}

#[test]
fn a_theme_may_print_the_content_twice_or_filter_it() {
    let book = copy_book("mdbook-style");
    let dir = book.path().join("themes/default/templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("chapter.html"),
        "{% extends \"layout.html\" %}{% block main %}<div id=\"a\">{{ page.content | safe }}</div>\
         <div id=\"b\">{{ page.content | safe }}</div><p id=\"c\">{{ page.content | truncate(length=12) }}</p>{% endblock main %}",
    )
    .unwrap();
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(&book.path().join("book"), "contributors.html");
    let a = select_texts(&page, "#a");
    assert!(!a[0].trim().is_empty(), "{page}");
    assert_eq!(
        a,
        select_texts(&page, "#b"),
        "the content differs between its two copies"
    );
    assert!(
        !page.contains("metbook-content"),
        "the placeholder leaked: {page}"
    );
    let c = select_texts(&page, "#c");
    assert!(
        c[0].starts_with('<') && c[0].chars().count() <= 13,
        "escaped and cut: {c:?}"
    );
}

#[test]
fn broken_theme_template_is_reported() {
    let book = copy_book("mdbook-style");
    let dir = book.path().join("themes/default/templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("404.html"),
        "{% extends \"layout.html\" %}{% block main %}{{ oops( }}{% endblock main %}",
    )
    .unwrap();
    let out = metbook(&["build"], book.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("404.html"), "{}", stderr(&out));
}

#[test]
fn init_scaffolds_a_manual_that_builds_and_refuses_to_overwrite() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new");
    let out = metbook(&["init"], &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    // The skeleton shows every structure and builds without a single warning.
    let checked = metbook(&["check"], &dir);
    assert_eq!(checked.status.code(), Some(0));
    assert_eq!(stderr(&checked), "", "init's manual should check clean");
    let built = metbook(&["build"], &dir);
    assert!(built.status.success(), "{}", stderr(&built));
    let site = dir.join("book");
    let principles = read(&site, "principles.html");
    assert!(select_texts(&principles, "main a[href*='principles/']").len() >= 5);
    for page in [
        "session-guide.html",
        "forms.html",
        "dialogues.html",
        "glossary.html",
        "references.html",
    ] {
        assert!(
            site.join(page).exists(),
            "{page} missing from init's manual"
        );
    }
    let session = read(&site, "sessions/session-one.html");
    assert!(session.contains("class=\"mb-session\""), "no session plan");
    let form = read(&site, "forms/change-plan.html");
    assert!(form.contains("class=\"mb-worksheet\""), "no worksheet");
    let report = read(&site, "feedback-report.html");
    assert!(report.contains("mb-pfr"), "no feedback report");
    let again = metbook(&["init"], &dir);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("MB0800"), "{}", stderr(&again));
}

#[test]
fn init_minimal_makes_one_chapter() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("small");
    let out = metbook(&["init", "--minimal"], &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let built = metbook(&["build"], &dir);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(dir.join("book/introduction.html").exists());
    assert!(!dir.join("manual/principles").exists());
}

#[test]
fn clean_removes_only_the_build_dir_metbook_made() {
    let book = copy_book("mdbook-style");
    assert!(metbook(&["build"], book.path()).status.success());
    let out = metbook(&["clean"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!book.path().join("book").exists());
    assert!(book.path().join("src/SUMMARY.md").exists());
    std::fs::create_dir_all(book.path().join("book")).unwrap();
    std::fs::write(book.path().join("book/precious.txt"), "mine").unwrap();
    let refused = metbook(&["clean"], book.path());
    assert_eq!(refused.status.code(), Some(1));
    assert!(book.path().join("book/precious.txt").exists());
}

#[test]
fn usage_errors_exit_2() {
    let o = assert_cmd::Command::cargo_bin("metbook")
        .unwrap()
        .arg("frobnicate")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn sitemap_only_with_site_url() {
    let book = copy_book("mdbook-style");
    assert!(metbook(&["build"], book.path()).status.success());
    assert!(!book.path().join("book/sitemap.xml").exists());
    let toml = read(book.path(), "book.toml").replace(
        "[output.html]",
        "[output.html]\nsite-url = \"https://example.org/guide/\"",
    );
    std::fs::write(book.path().join("book.toml"), toml).unwrap();
    assert!(metbook(&["build"], book.path()).status.success());
    let map = read(book.path(), "book/sitemap.xml");
    assert!(
        map.contains("<loc>https://example.org/guide/guide/installation.html</loc>"),
        "{map}"
    );
}

#[test]
fn a_rebuild_keeps_unchanged_pages_and_rewrites_changed_ones() {
    use std::os::unix::fs::MetadataExt;
    let book = copy_book("mdbook-style");
    assert!(metbook(&["build"], book.path()).status.success());
    let site = book.path().join("book");
    let ino = |p: &str| std::fs::metadata(site.join(p)).unwrap().ino();
    let (contrib, readme) = (ino("contributors.html"), ino("index.html"));
    // Tampering with the published copy must not survive: it differs from what the build
    // makes, so that page is written afresh.
    std::fs::write(site.join("404.html"), "edited by hand").unwrap();
    let edited = book.path().join("src/contributors.md");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, format!("{text}\nA sentence added later.\n")).unwrap();
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        ino("index.html"),
        readme,
        "an unchanged page was written again"
    );
    assert_ne!(
        ino("contributors.html"),
        contrib,
        "the edited page kept its old file"
    );
    assert!(read(&site, "contributors.html").contains("A sentence added later."));
    assert!(
        read(&site, "404.html").contains("<html"),
        "the hand edit survived"
    );
}

#[test]
fn mdbook_print_settings_turn_print_html_off_or_run_chapters_on() {
    let book = copy_book("mdbook-style");
    let toml = book.path().join("book.toml");
    let base = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        format!("{base}\n[output.html.print]\npage-break = false\n"),
    )
    .unwrap();
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let site = book.path().join("book");
    assert_eq!(
        select_attr(&read(&site, "print.html"), "article.mb-print", "class"),
        ["mb-article mb-print mb-print-continuous"]
    );
    std::fs::write(
        &toml,
        format!("{base}\n[output.html.print]\nenable = false\n"),
    )
    .unwrap();
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!site.join("print.html").exists(), "print.html was written");
    let page = read(&site, "guide/installation.html");
    assert!(
        !page.contains("print.html"),
        "a page still links to print.html"
    );
    assert!(select_attr(&read(&site, "index.html"), "a", "href")
        .iter()
        .all(|h| !h.contains("print.html")));
}

#[test]
fn image_alt_text_is_escaped_once_in_prose_and_in_dialogue_lines() {
    let book = copy_book("met-features");
    let practice = book.path().join("src/practice.md");
    let md = read(book.path(), "src/practice.md")
        .replace(
            "Then ambivalence is linked.",
            "Then ambivalence is linked.\n\n![A *b* & c < d](img/x.png \"T & t\")",
        )
        .replace(
            "T: What would you like to be different? {q}",
            "T: What would you like to be different? ![Ruler & 0 < 10](img/ruler.png) {q}",
        );
    std::fs::write(&practice, md).unwrap();
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(&book.path().join("book"), "practice.html");
    let html = main_html(&page);
    assert_eq!(
        select_attr(&html, "img", "alt"),
        ["A b & c < d", "Ruler & 0 < 10"],
        "{html}"
    );
    assert!(page.contains("alt=\"A b &amp; c &lt; d\""), "{page}");
    assert_eq!(
        select_attr(&html, "img", "src"),
        ["img/x.png", "img/ruler.png"]
    );
}

#[test]
fn chapters_with_the_same_file_name_in_different_folders_build() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    for d in ["a", "b", "c"] {
        std::fs::create_dir_all(src.join(d)).unwrap();
        std::fs::write(
            src.join(d).join("intro.md"),
            format!("# Intro {d}\n\n## Start\n"),
        )
        .unwrap();
    }
    std::fs::write(
        tmp.path().join("book.toml"),
        "[book]\ntitle = \"Same names\"\n",
    )
    .unwrap();
    std::fs::write(
        src.join("SUMMARY.md"),
        "# Summary\n\n- [A](a/intro.md)\n- [B](b/intro.md)\n- [C](c/intro.md)\n- [Links](links.md)\n",
    )
    .unwrap();
    std::fs::write(
        src.join("links.md"),
        "# Links\n\n[first](@intro) [second](@b-intro#start) [third](c/intro.md#start)\n",
    )
    .unwrap();
    let out = metbook(&["build"], tmp.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let site = tmp.path().join("book");
    let links = select_attr(
        &main_html(&read(&site, "links.html")),
        ".mb-content a",
        "href",
    );
    assert_eq!(
        links,
        ["a/intro.html", "b/intro.html#start", "c/intro.html#start"]
    );
    let print = read(&site, "print.html");
    for id in ["print-intro", "print-b-intro", "print-c-intro"] {
        assert!(print.contains(&format!("id=\"{id}\"")), "{id}");
    }

    // An id given in front matter is still checked.
    std::fs::write(src.join("c/intro.md"), "---\nid: b-intro\n---\n# Intro c\n").unwrap();
    std::fs::write(src.join("b/intro.md"), "---\nid: b-intro\n---\n# Intro b\n").unwrap();
    let out = metbook(&["build"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the id `b-intro` is already used by b/intro.md"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_chapter_shows_its_own_heading_and_the_navigation_its_summary_name() {
    let book = copy_book("mdbook-style");
    let summary = read(book.path(), "src/SUMMARY.md");
    let (line, file) = summary
        .lines()
        .find_map(|l| {
            let path = l.split("](").nth(1)?.trim_end_matches(')');
            (path.ends_with(".md") && !path.contains("README"))
                .then(|| (l.to_string(), path.to_string()))
        })
        .unwrap();
    let name = line
        .split('[')
        .nth(1)
        .unwrap()
        .split(']')
        .next()
        .unwrap()
        .to_string();
    let md = read(book.path(), &format!("src/{file}"));
    let own = md.lines().find(|l| l.starts_with("# ")).unwrap()[2..].to_string();
    let short = "Short name";
    std::fs::write(
        book.path().join("src/SUMMARY.md"),
        summary.replacen(&format!("[{name}]"), &format!("[{short}]"), 1),
    )
    .unwrap();
    assert_ne!(own, short);
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(&book.path().join("book"), &file.replace(".md", ".html"));
    let h1 = select_texts(&page, "h1.mb-title");
    assert!(h1[0].ends_with(&own), "{h1:?} should show {own:?}");
    assert!(select_texts(&page, "title")[0].starts_with(short));
}

#[test]
fn front_matter_after_a_blank_line_is_warned_about() {
    let book = copy_book("mdbook-style");
    let summary = read(book.path(), "src/SUMMARY.md");
    let file = summary
        .lines()
        .find_map(|l| {
            let p = l.split("](").nth(1)?.trim_end_matches(')');
            (p.ends_with(".md") && !p.contains("README")).then(|| p.to_string())
        })
        .unwrap();
    let md = read(book.path(), &format!("src/{file}"));
    std::fs::write(
        book.path().join("src").join(&file),
        format!("\n---\ntitle: X\n---\n{md}"),
    )
    .unwrap();
    let out = metbook(&["check"], book.path());
    assert!(
        out.status.success(),
        "a warning, not an error: {}",
        stderr(&out)
    );
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(all.contains("not on the first line"), "{all}");
    assert!(all.contains(&format!("{file}:2:1")), "{all}");
}
