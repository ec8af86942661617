//! MET structures on a small fixture book: glossary first mentions, citations in every
//! Pandoc form, contrast and does-not blocks, dialogues, and the generated pages that
//! link back to where each thing is explained.

mod common;

use common::*;

fn built() -> tempfile::TempDir {
    let book = copy_book("met-features");
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    book
}

#[test]
fn glossary_links_the_first_mention_only_and_never_in_headings_links_or_code() {
    let book = built();
    let site = book.path().join("book");
    let page = main_html(&read(&site, "empathy.html"));
    let terms = select_texts(&page, "a.mb-term");
    assert_eq!(terms, ["Ambivalence", "Change talk"], "{page}");
    assert!(select_texts(&page, "h2 a.mb-term").is_empty());
    assert!(select_texts(&page, "code a, a a").is_empty());
    // The definitions are not repeated in the page: nav.js makes the tooltips from the
    // shared site script (the browser tests check them there).
    assert!(!page.contains("mb-tooltip"), "{page}");
    assert_eq!(
        select_attr(&page, "a.mb-term", "href"),
        [
            "glossary.html#term-ambivalence",
            "glossary.html#term-change-talk"
        ]
    );
    let toc = std::fs::read_dir(&site)
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("toc-"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .expect("a shared toc script");
    let defs = toc
        .lines()
        .find_map(|l| l.strip_prefix("window.metbookGlossary = "))
        .expect("glossary definitions in the shared script");
    let defs: serde_json::Value = serde_json::from_str(defs.trim_end_matches(';')).unwrap();
    assert!(
        defs["change-talk"].as_str().is_some_and(|d| !d.is_empty()),
        "{defs}"
    );
    // Opted out by front matter (change-talk) and by `[ambivalence]{.no-gloss}`.
    let practice = main_html(&read(&site, "practice.html"));
    let prose: Vec<String> = select_texts(&practice, "p a.mb-term");
    assert_eq!(prose, ["ambivalence"], "{practice}");
    assert!(
        practice.contains("and ambivalence once."),
        "the opted-out mention is plain text"
    );
}

#[test]
fn citations_in_every_pandoc_form() {
    let book = built();
    let page = main_html(&read(&book.path().join("book"), "empathy.html"));
    assert!(page.contains("(<a class=\"mb-cite\" href=\"references.html#ref-miller1991\">Miller &amp; Rollnick, 1991</a>)"), "{page}");
    assert!(page.contains(">Miller and Rollnick (1991)</a> argue"));
    assert!(page.contains("(see <a class=\"mb-cite\" href=\"references.html#ref-miller1991\">Miller &amp; Rollnick, 1991</a>, p. 52; <a class=\"mb-cite\" href=\"references.html#ref-bandura1982\">Bandura, 1982</a>)"));

    // Pandoc's author-suppressed form and a narrative citation's locator.
    let page = practice_page_with("Bandura [-@bandura1982, p. 4] and @miller1991 [p. 33] say so.");
    let texts = select_texts(&page, "a.mb-cite");
    assert!(texts.contains(&"1982".to_string()), "{texts:?}");
    assert!(
        texts.contains(&"Miller and Rollnick (1991, p. 33)".to_string()),
        "{texts:?}"
    );
    assert!(page.contains("Bandura (<a class=\"mb-cite\" href=\"references.html#ref-bandura1982\">1982</a>, p. 4) and"), "{page}");
}

#[test]
fn references_page_lists_only_cited_works_with_back_links() {
    let book = built();
    let refs = main_html(&read(&book.path().join("book"), "references.html"));
    let ids = select_attr(&refs, "li", "id");
    assert_eq!(
        ids,
        ["ref-bandura1982", "ref-miller1991"],
        "sorted by author, uncited left out"
    );
    assert!(
        refs.contains(
            "<i>Motivational interviewing: Preparing people to change addictive behavior</i>"
        ),
        "{refs}"
    );
    assert!(select_attr(&refs, "li#ref-miller1991 a", "href").contains(&"empathy.html".to_string()));
}

#[test]
fn contrast_renders_an_accessible_table_and_feeds_met_compared() {
    let book = built();
    let site = book.path().join("book");
    let page = main_html(&read(&site, "empathy.html"));
    assert_eq!(
        select_texts(&page, "table.mb-contrast caption"),
        ["MET and confrontation"]
    );
    assert_eq!(
        select_texts(&page, "table.mb-contrast thead th"),
        ["Aspect", "MET", "Confrontational"]
    );
    assert_eq!(
        select_texts(&page, "table.mb-contrast tbody th[scope=row]"),
        ["Diagnostic labels"]
    );
    let compared = main_html(&read(&site, "met-compared.html"));
    assert_eq!(
        select_texts(&compared, "thead th"),
        ["Aspect", "MET", "Confrontational"]
    );
    let back = select_attr(&compared, "a.mb-source", "href");
    assert_eq!(
        back[0],
        "empathy.html#express-empathy-contrast-1-diagnostic-labels"
    );
    assert!(page.contains("id=\"express-empathy-contrast-1-diagnostic-labels\""));
}

#[test]
fn does_not_items_gather_into_the_fidelity_checklist() {
    let book = built();
    let site = book.path().join("book");
    let page = main_html(&read(&site, "empathy.html"));
    assert_eq!(
        select_texts(&page, ".mb-does-not li"),
        ["Argue with the client.", "Impose a diagnostic label."]
    );
    let list = main_html(&read(&site, "fidelity-checklist.html"));
    assert_eq!(
        select_attr(&list, "table.mb-checklist input[type=checkbox]", "id").len(),
        2
    );
    assert_eq!(
        select_texts(&list, "table.mb-checklist label"),
        [
            "The therapist did not argue with the client",
            "The therapist did not impose a diagnostic label"
        ]
    );
    let links = select_attr(&list, "table.mb-checklist a", "href");
    assert_eq!(
        links,
        [
            "empathy.html#express-empathy-dn-2-1",
            "empathy.html#express-empathy-dn-2-2"
        ]
    );
}

#[test]
fn principles_overview_lists_summaries_chapters_and_dialogues_both_ways() {
    let book = built();
    let site = book.path().join("book");
    let overview = main_html(&read(&site, "principles.html"));
    assert_eq!(
        select_texts(&overview, "li[id^=principle-] > h2"),
        ["Empathy"]
    );
    assert!(overview.contains("Listen so the client feels understood."));
    let hrefs = select_attr(&overview, "a", "href");
    assert!(
        hrefs.contains(&"practice.html".to_string()),
        "illustrated in: {hrefs:?}"
    );
    assert!(
        hrefs.contains(&"practice.html#dlg-sample".to_string()),
        "dialogues: {hrefs:?}"
    );
    // Back the other way: the principle's page is referenced from the chapter and the overview.
    let page = read(&site, "empathy.html");
    let back = select_attr(&page, ".mb-backlinks a", "href");
    assert!(
        back.contains(&"practice.html".to_string())
            && back.contains(&"principles.html".to_string()),
        "{back:?}"
    );
}

#[test]
fn dialogue_renders_codes_notes_metrics_and_is_listed() {
    let book = built();
    let site = book.path().join("book");
    let page = main_html(&read(&site, "practice.html"));
    // Each speaker label ends in its turn's permalink, "#".
    let speakers = select_texts(&page, "figure.mb-dialogue .mb-speaker");
    let names: Vec<&str> = speakers
        .iter()
        .map(|s| s.trim_end_matches('#').trim())
        .collect();
    assert_eq!(names, ["Client:", "Therapist:", "Therapist:"]);
    assert_eq!(
        select_attr(&page, "a.mb-turn-link", "href").len(),
        speakers.len(),
        "every turn has a permalink"
    );
    assert_eq!(
        select_attr(&page, "a.mb-code", "href"),
        [
            "codebook.html#code-ct",
            "codebook.html#code-need",
            "codebook.html#code-cr",
            "codebook.html#code-q"
        ]
    );
    assert_eq!(
        select_texts(&page, ".mb-note"),
        ["A complex reflection: it adds the meaning behind the words."]
    );
    // One complex reflection, one question: R:Q = 1, %CR = 100%, %CT = 100%.
    assert_eq!(
        select_texts(&page, "table.mb-metrics td.mb-value"),
        ["1", "100%", "0", "0", "100%"]
    );
    let index = main_html(&read(&site, "dialogues.html"));
    assert!(select_attr(&index, "a", "href").contains(&"practice.html#dlg-sample".to_string()));
    let codebook = main_html(&read(&site, "codebook.html"));
    assert!(codebook.contains("id=\"code-cr\""));
}

#[test]
fn empty_link_text_takes_the_target_title() {
    let book = built();
    let page = main_html(&read(&book.path().join("book"), "practice.html"));
    assert!(
        page.contains("Back to <a href=\"empathy.html\">Empathy</a>."),
        "{page}"
    );
    // To a heading: the heading's title, on the same page or another.
    let page = practice_page_with(
        "## Next steps\n\nSee [](#next-steps), \
         [](empathy.md#ambivalence-in-headings-is-never-linked) and \
         [](@express-empathy#ambivalence-in-headings-is-never-linked).",
    );
    let texts = select_texts(&page, "p a:not(.mb-term):not(.mb-cite):not(.mb-anchor)");
    for t in ["Next steps", "Ambivalence in headings is never linked"] {
        assert!(
            texts.iter().any(|x| x == t),
            "no link reads {t:?}: {texts:?}"
        );
    }
    assert!(!page.contains("\"></a>"), "an empty link is left: {page}");
}

/// practice.html of the met-features book, built with `extra` Markdown added after its
/// first paragraph.
fn practice_page_with(extra: &str) -> String {
    let book = copy_book("met-features");
    let md = read(book.path(), "src/practice.md").replace(
        "Then ambivalence is linked.",
        &format!("Then ambivalence is linked.\n\n{extra}"),
    );
    std::fs::write(book.path().join("src/practice.md"), md).unwrap();
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    main_html(&read(&book.path().join("book"), "practice.html"))
}

/// A book of `n` chapters that all mention "change talk" and cite one work.
fn book_of(n: usize) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(tmp.path().join("book.toml"), "[book]\ntitle = \"Long\"\n").unwrap();
    let mut summary = String::from("# Summary\n\n");
    for i in 1..=n {
        summary.push_str(&format!("- [Chapter {i}](c{i}.md)\n"));
        std::fs::write(
            src.join(format!("c{i}.md")),
            format!("# Chapter {i}\n\nChange talk, as Miller says [@miller1991].\n"),
        )
        .unwrap();
    }
    std::fs::write(src.join("SUMMARY.md"), summary).unwrap();
    std::fs::write(
        src.join("glossary.yml"),
        "- term: change talk\n  definition: The client's own arguments for change.\n",
    )
    .unwrap();
    std::fs::copy(
        fixture("met-features").join("src/references.yml"),
        src.join("references.yml"),
    )
    .unwrap();
    tmp
}

#[test]
fn long_used_in_and_cited_in_lists_end_in_a_search_link() {
    let book = book_of(40);
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let site = book.path().join("book");
    let glossary = main_html(&read(&site, "glossary.html"));
    let used = select_attr(&glossary, ".mb-used-in a", "href");
    assert_eq!(used.len(), 25, "{glossary}");
    assert_eq!(used[0], "c1.html");
    assert_eq!(used[23], "c24.html");
    assert_eq!(used[24], "?search=change%20talk");
    assert_eq!(
        select_texts(&glossary, ".mb-used-in a.mb-more"),
        ["16 more chapters"]
    );
    let refs = main_html(&read(&site, "references.html"));
    let cited = select_attr(&refs, ".mb-cited-in a", "href");
    assert_eq!(cited.len(), 25, "{refs}");
    assert!(cited[24].starts_with("?search=Miller"), "{}", cited[24]);
    // "Referenced from" names the glossary only on the chapters it lists.
    let from = |page: &str| select_texts(&main_html(&read(&site, page)), ".mb-backlinks a");
    assert!(from("c24.html").contains(&"Glossary".to_string()));
    assert!(!from("c25.html").contains(&"Glossary".to_string()));
    assert!(!from("c25.html").contains(&"References".to_string()));

    // A list a little over the cap is shown whole.
    let book = book_of(30);
    assert!(metbook(&["build"], book.path()).status.success());
    let glossary = main_html(&read(&book.path().join("book"), "glossary.html"));
    assert_eq!(select_attr(&glossary, ".mb-used-in a", "href").len(), 30);
    assert!(select_texts(&glossary, "a.mb-more").is_empty());
}

#[test]
fn citations_and_glossary_phrases_wrapped_onto_the_next_line_are_seen_whole() {
    let html = practice_page_with(
        "As two works put it [@miller1991;\n  @bandura1982, p. 3], the\nchange\ntalk counts.",
    );
    assert!(
        !html.contains("[@"),
        "a wrapped citation was left as source: {html}"
    );
    let cites = select_attr(&html, "a.mb-cite", "href");
    assert!(
        cites.ends_with(&[
            "references.html#ref-miller1991".to_string(),
            "references.html#ref-bandura1982".to_string()
        ]),
        "{cites:?}"
    );
    // change-talk is opted out on this page by its front matter, so the phrase over
    // the line break stays plain text, and so does the line break itself.
    assert!(html.contains("the\nchange\ntalk counts."), "{html}");
}

#[test]
fn escaped_at_signs_and_addresses_in_brackets_are_plain_text() {
    let html = practice_page_with(
        "Follow \\@metclinic, write [or email intake@clinic.org], \
         and quote \\[@miller1991\\] literally; but [@bandura1982] is cited.",
    );
    assert!(
        html.contains("Follow @metclinic, write [or email intake@clinic.org]"),
        "{html}"
    );
    assert!(html.contains("quote [@miller1991] literally"), "{html}");
    assert!(
        html.contains("href=\"references.html#ref-bandura1982\""),
        "{html}"
    );
}

#[test]
fn no_term_or_citation_links_inside_the_authors_own_html_links_and_code() {
    let book = copy_book("met-features");
    let md = read(book.path(), "src/empathy.md").replacen(
        "Ambivalence is normal.",
        "See <a href=\"https://example.org\">ambivalence resources</a> and \
         <code>[@miller1991]</code>. Ambivalence is normal.",
        1,
    );
    std::fs::write(book.path().join("src/empathy.md"), md).unwrap();
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let page = read(&book.path().join("book"), "empathy.html");
    assert!(
        page.contains("<a href=\"https://example.org\">ambivalence resources</a>"),
        "{page}"
    );
    assert!(page.contains("<code>[@miller1991]</code>"), "{page}");
    // The first mention outside them is the one linked.
    let html = main_html(&page);
    assert_eq!(select_texts(&html, "a.mb-term")[0], "Ambivalence");
}

/// `check` on the met-features book after `change`: its error lines.
fn errors_after(change: impl FnOnce(&std::path::Path)) -> Vec<String> {
    let book = copy_book("met-features");
    change(book.path());
    let out = metbook(&["check"], book.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let all = format!("{}{}", stdout(&out), stderr(&out));
    all.lines()
        .filter(|l| l.starts_with("error"))
        .map(String::from)
        .collect()
}

#[test]
fn a_broken_data_file_or_front_matter_is_reported_once_not_at_every_use() {
    let append = |p: std::path::PathBuf, extra: &str| {
        let t = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, format!("{t}{extra}")).unwrap();
    };
    // references.yml with a mistake: its error, not "unknown citation key" everywhere.
    let e = errors_after(|b| append(b.join("src/references.yml"), "  pages: 12\n"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(!e[0].contains("unknown citation"), "{e:?}");
    // glossary.yml with a mistake: its error, not "no-glossary names" on practice.md.
    let e = errors_after(|b| {
        append(
            b.join("src/glossary.yml"),
            "- term: ambivalence\n  definition: again\n",
        )
    });
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("defined twice"), "{e:?}");
    // Front matter with a mistake: its chapter's headings still exist for links.
    let e = errors_after(|b| {
        let p = b.join("src/empathy.md");
        let t =
            std::fs::read_to_string(&p)
                .unwrap()
                .replacen("kind: principle", "kidn: principle", 1);
        std::fs::write(&p, t).unwrap();
        append(
            b.join("src/practice.md"),
            "\nSee [the heading](empathy.md#ambivalence-in-headings-is-never-linked).\n",
        );
    });
    assert!(e.iter().any(|l| l.contains("kidn")), "{e:?}");
    assert!(!e.iter().any(|l| l.contains("no heading")), "{e:?}");
}

#[test]
fn no_gloss_works_inside_a_dialogue_line() {
    let book = copy_book("met-features");
    let md = read(book.path(), "src/practice.md").replace(
        "T: What would you like to be different? {q}",
        "T: What about [ambivalence]{.no-gloss} then? {q}",
    );
    std::fs::write(book.path().join("src/practice.md"), md).unwrap();
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let page = main_html(&read(&book.path().join("book"), "practice.html"));
    let utts = select_texts(&page, ".mb-utt");
    assert!(
        utts.iter()
            .any(|u| u.starts_with("What about ambivalence then?")),
        "{utts:?}"
    );
    assert!(!page.contains("no-gloss"), "{page}");
}

#[test]
fn citations_in_headings_are_linked_and_checked_but_terms_are_not() {
    let book = copy_book("met-features");
    let md = read(book.path(), "src/practice.md").replace(
        "Then ambivalence is linked.",
        "Then ambivalence is linked.\n\n## Evidence [@bandura1982] on change talk\n\n## Findings of @miller1991\n",
    );
    std::fs::write(book.path().join("src/practice.md"), md.clone()).unwrap();
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let page = main_html(&read(&book.path().join("book"), "practice.html"));
    let cites = select_attr(&page, ".mb-content h2 a.mb-cite", "href");
    assert_eq!(
        cites,
        [
            "references.html#ref-bandura1982",
            "references.html#ref-miller1991"
        ],
        "{page}"
    );
    assert!(select_texts(&page, ".mb-content h2 a.mb-term").is_empty());
    // A wrong key in a heading is an error, located.
    std::fs::write(
        book.path().join("src/practice.md"),
        md.replace("[@bandura1982]", "[@nobody2000]"),
    )
    .unwrap();
    let out = metbook(&["check"], book.path());
    assert_eq!(out.status.code(), Some(1));
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(all.contains("unknown citation key `@nobody2000`"), "{all}");
    let line = md
        .lines()
        .position(|l| l.starts_with("## Evidence"))
        .unwrap()
        + 1;
    assert!(all.contains(&format!("src/practice.md:{line}:14")), "{all}");
}

#[test]
fn an_email_autolink_is_a_plain_mailto_link() {
    let html = practice_page_with("Write to <intake@clinic.org> to book.");
    assert!(
        html.contains("href=\"mailto:intake@clinic.org\""),
        "the address must not carry an internal mark: {html}"
    );
}

#[test]
fn data_files_may_be_spelt_yaml() {
    let book = copy_book("met-features");
    let src = book.path().join("src");
    std::fs::rename(src.join("glossary.yml"), src.join("glossary.yaml")).unwrap();
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let glossary = read(&book.path().join("book"), "glossary.html");
    assert!(
        !select_texts(&glossary, "dt, [id^=term-]").is_empty(),
        "glossary.yaml was not read: {glossary}"
    );
    // Both spellings at once: the author is told to keep one, not left guessing.
    std::fs::write(src.join("glossary.yml"), "[]\n").unwrap();
    let out = metbook(&["check", "--format", "json"], book.path());
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains("glossary.yaml"), "{}", stdout(&out));
}

#[test]
fn broken_links_inside_blocks_are_reported_where_they_are_written() {
    let book = copy_book("met-features");
    let md = read(book.path(), "src/practice.md").replacen(
        "> A complex reflection: it adds the meaning behind the words.",
        "> A complex reflection; compare [this](@no-such-id).",
        1,
    );
    std::fs::write(book.path().join("src/practice.md"), &md).unwrap();
    let out = metbook(&["check"], book.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let line = md.lines().position(|l| l.contains("@no-such-id")).unwrap() + 1;
    assert!(
        stderr(&out).contains(&format!("src/practice.md:{line}:")),
        "{}",
        stderr(&out)
    );
    assert_eq!(kinds(book.path()), ["broken-link"]);
}

#[test]
fn the_principles_overview_links_each_principle_to_the_session_steps_that_use_it() {
    let book = copy_book("bundled");
    let out = metbook(&["build"], book.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let html = main_html(&read(&book.path().join("book"), "principles.html"));
    let empathy = html
        .split("id=\"principle-express-empathy\"")
        .nth(1)
        .and_then(|s| s.split("<li id=\"principle-").next())
        .unwrap_or_default()
        .to_string();
    let steps = select_attr(&empathy, "a[href*='#session-']", "href");
    assert!(
        steps.iter().any(|h| h.contains("#session-1-step-1")),
        "express empathy should link to session 1, step 1: {steps:?}"
    );
}

#[test]
fn a_block_id_that_a_chapter_already_has_is_reported() {
    let book = copy_book("met-features");
    let md = read(book.path(), "src/practice.md");
    let md = format!(
        "{md}\n```worksheet\nid: express-empathy\ntitle: A form\nfields:\n  - label: Name\n    kind: short\n```\n"
    );
    std::fs::write(book.path().join("src/practice.md"), &md).unwrap();
    let out = metbook(&["check"], book.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let line = md.lines().position(|l| l == "id: express-empathy").unwrap() + 1;
    assert!(
        stderr(&out).contains(&format!("src/practice.md:{line}:5")),
        "{}",
        stderr(&out)
    );
    assert_eq!(kinds(book.path()), ["duplicate-id"]);
}
