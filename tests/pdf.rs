//! The PDF edition, read back as a reader's viewer reads it: page count, the outline
//! against SUMMARY.md, the contents' page numbers against the outline, running heads, page
//! numbers, link annotations that stay inside the document, dialogue turns kept whole, and
//! what happens when Chromium is missing or fails. These tests print with the real
//! Chromium and read with lopdf and poppler-utils; a missing tool fails them, never skips.

#[path = "common/mod.rs"]
mod common;

mod pdf {
    pub(crate) mod read;
}

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use common::{copy_book, private_cache, read, select_attr, select_texts, stderr, stdout};
use pdf::read::{chromium, collapse, contents, Link, Mark, Pdf, Target};

/// `metbook build` with the test's Chromium.
fn build(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("metbook")
        .unwrap()
        .arg("build")
        .args(args)
        .arg(dir)
        .env("NO_COLOR", "1")
        .env("METBOOK_CACHE_DIR", private_cache())
        .env("METBOOK_CHROMIUM", chromium())
        .output()
        .unwrap()
}

fn built(dir: &Path) -> Pdf {
    let out = build(dir, &[]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert_eq!(
        stderr(&out),
        "",
        "a clean book builds its PDF without a word"
    );
    let pdfs: Vec<_> = std::fs::read_dir(dir.join("book"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    assert_eq!(pdfs.len(), 1, "{pdfs:?}");
    Pdf::open(&pdfs[0])
}

/// The outline SUMMARY.md calls for: parts at the top, their chapters under them, nested
/// chapters deeper, drafts left out; each chapter by the title its page has, then the
/// site's reference pages as a part of their own.
fn expected_outline(book: &Path, src: &str) -> Vec<(usize, String)> {
    let summary = read(book, &format!("{src}/SUMMARY.md"));
    let mut out = Vec::new();
    let mut in_part = false;
    // The first `# ` line, before any entry, is SUMMARY.md's own title.
    let mut seen_entry = false;
    for line in summary.lines() {
        let t = line.trim_start();
        let indent = (line.len() - t.len()) / 4;
        if let Some(part) = t.strip_prefix("# ") {
            if seen_entry {
                out.push((1, part.to_string()));
                in_part = true;
            }
            seen_entry = true;
            continue;
        }
        if t == "---" {
            in_part = false;
            continue;
        }
        let Some(rest) = t
            .strip_prefix("- ")
            .or(Some(t))
            .filter(|r| r.starts_with('['))
        else {
            continue;
        };
        seen_entry = true;
        let (_, path) = rest.split_once("](").unwrap();
        let path = path.trim_end_matches(')');
        if path.is_empty() {
            continue; // a draft
        }
        let page = if path == "README.md" {
            "index.html".to_string()
        } else {
            path.replace(".md", ".html")
        };
        let level = usize::from(in_part && t.starts_with("- ")) + 1 + indent;
        out.push((level, page_title(book, &page)));
    }
    let footer = read(book, "book/index.html");
    let refs = select_texts(&footer, "nav.mb-footer-links a:not(.mb-download)");
    let hrefs = select_attr(&footer, "nav.mb-footer-links a:not(.mb-download)", "href");
    out.push((1, "Reference pages".into()));
    for (t, h) in refs.into_iter().zip(hrefs) {
        if h != "print.html" {
            out.push((2, t));
        }
    }
    out
}

/// The chapter's title as its page names it (`<title>`, without the book's title).
fn page_title(book: &Path, page: &str) -> String {
    let html = read(&book.join("book"), page);
    let title = select_texts(&html, "title").remove(0);
    title.split(" · ").next().unwrap().to_string()
}

fn checks_outline_contents_heads_and_numbers(pdf: &Pdf, outline: &[Mark]) {
    let pages = pdf.pages();
    // Every entry starts at or after the one before; every chapter on a page of its own.
    for w in outline.windows(2) {
        assert!(w[1].page >= w[0].page, "{w:?}");
    }
    let chapters: Vec<&Mark> = outline.iter().filter(|m| !is_part(outline, m)).collect();
    for w in chapters.windows(2) {
        assert!(w[1].page > w[0].page, "a chapter shares a page: {w:?}");
    }
    // The contents run from page 2 to the page before the first entry, and list every
    // entry with the page the outline gives it.
    let listed = contents(pdf, outline[0].page - 1);
    assert_eq!(listed.len(), outline.len(), "{listed:?}");
    for ((title, n), m) in listed.iter().zip(outline) {
        assert!(title.ends_with(&collapse(&m.title)), "{title} vs {m:?}");
        assert_eq!(*n, m.page, "the contents' number for {}", m.title);
    }
    // Page numbers at the foot of every page but the cover.
    assert!(
        !pdf.lines(1).iter().any(|l| l == "1"),
        "the cover has no number"
    );
    for p in 2..=pages {
        assert_eq!(
            pdf.lines(p).last().map(String::as_str),
            Some(p.to_string().as_str())
        );
    }
    // A chapter's title is on its first page, and heads every page after it.
    for (i, m) in chapters.iter().enumerate() {
        let lines = pdf.lines(m.page);
        // Compared without spaces: a long heading wraps, maybe at a hyphen.
        let bare = |s: &str| s.split_whitespace().collect::<String>();
        assert!(
            bare(&lines[1..].join(" ")).contains(&bare(&m.title)),
            "{} not on page {}: {lines:?}",
            m.title,
            m.page
        );
        let end = chapters.get(i + 1).map_or(pages + 1, |n| n.page);
        for p in m.page + 1..end {
            assert_eq!(
                collapse(&pdf.lines(p)[0]),
                collapse(&m.title),
                "the head of page {p}"
            );
        }
    }
}

fn is_part(outline: &[Mark], m: &Mark) -> bool {
    let i = outline.iter().position(|x| x == m).unwrap();
    m.level == 1
        && outline
            .get(i + 1)
            .is_some_and(|n| n.level == 2 && n.page == m.page)
}

/// Every link leads to a page of the document or to the web; none to a file the reader
/// does not have.
fn checks_links_stay_inside(links: &[Link]) {
    assert!(!links.is_empty());
    for l in links {
        match &l.target {
            Target::Page(_) => {}
            Target::Uri(u) => assert!(
                u.starts_with("https://") || u.starts_with("http://") || u.starts_with("mailto:"),
                "page {} links {u}",
                l.page
            ),
            Target::Dangling(d) => panic!("page {} links to missing destination {d}", l.page),
        }
    }
}

#[test]
fn the_bundled_handbook_prints_with_its_outline_contents_heads_and_links() {
    let book = copy_book("bundled");
    let pdf = built(book.path());
    let name = pdf.path.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        name,
        "motivational-enhancement-therapy-a-training-handbook.pdf"
    );
    let outline = pdf.outline();
    let want = expected_outline(book.path(), "manual");
    let got: Vec<(usize, String)> = outline.iter().map(|m| (m.level, m.title.clone())).collect();
    assert_eq!(got, want);
    let chapters = want.iter().filter(|(l, _)| *l > 1).count();
    assert!(pdf.pages() > chapters, "{} pages", pdf.pages());
    checks_outline_contents_heads_and_numbers(&pdf, &outline);
    let links = pdf.links();
    checks_links_stay_inside(&links);
    // Each contents line links to its entry's page.
    for m in &outline {
        assert!(
            links
                .iter()
                .any(|l| l.page < outline[0].page && l.target == Target::Page(m.page)),
            "no contents link to {m:?}"
        );
    }
    // Citations lead to the references, from the chapters.
    let refs = outline
        .iter()
        .find(|m| m.title == "References")
        .unwrap()
        .page;
    assert!(links
        .iter()
        .any(|l| l.page < refs && matches!(l.target, Target::Page(p) if p >= refs)));
    assert_eq!(
        pdf.info("Title").as_deref(),
        Some("Motivational Enhancement Therapy: A Training Handbook")
    );
    // The site offers the PDF.
    let index = read(book.path(), "book/index.html");
    assert!(select_attr(&index, "a.mb-download", "href").contains(&name));
    // The Spanish edition has its own PDF, with the same outline, offered on its pages.
    let es_name = "terapia-de-incremento-motivacional-manual-de-formacion.pdf";
    let es = Pdf::open(&book.path().join("book/es").join(es_name));
    assert_eq!(
        es.info("Title").as_deref(),
        Some("Terapia de incremento motivacional: manual de formación")
    );
    assert_eq!(es.outline().len(), outline.len());
    let es_index = read(book.path(), "book/es/index.html");
    assert!(select_attr(&es_index, "a.mb-download", "href").contains(&es_name.to_string()));
}

#[test]
fn a_small_book_prints_parts_nesting_and_dialogue_turns_whole() {
    let book = copy_book("pdf-book");
    let pdf = built(book.path());
    assert_eq!(pdf.path.file_name().unwrap(), "a-pdf-test-handbook.pdf");
    let outline = pdf.outline();
    let got: Vec<(usize, &str)> = outline
        .iter()
        .map(|m| (m.level, m.title.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (1, "Preface"),
            (1, "Part one"),
            (2, "Foundations"),
            (3, "Nested chapter"),
            (4, "Deeper chapter"),
            (2, r#"Say "no" \ to pressure"#),
            (1, "Part two"),
            (2, "Practice dialogue"),
            (2, "A session plan"),
            (2, "A worksheet"),
            (1, "Afterword"),
            (1, "Reference pages"),
            (2, "Dialogues"),
            (2, "Codebook"),
            (2, "Forms"),
            (2, "Session guide"),
            (2, "Glossary"),
            (2, "References"),
        ]
    );
    assert_eq!(
        got,
        expected_outline(book.path(), "src")
            .iter()
            .map(|(l, t)| (*l, t.as_str()))
            .collect::<Vec<_>>()
    );
    checks_outline_contents_heads_and_numbers(&pdf, &outline);
    let text: String = (1..=pdf.pages()).map(|p| pdf.text(p)).collect();
    assert!(!text.contains("Draft chapter"), "a draft has no page");
    // A quoted title with a backslash heads its pages as written.
    let say_no = outline.iter().find(|m| m.title.starts_with("Say")).unwrap();
    assert_eq!(pdf.lines(say_no.page + 1)[0], r#"Say "no" \ to pressure"#);
    // Every turn of the long dialogue is on one page, whole.
    let dialogue = outline
        .iter()
        .position(|m| m.title == "Practice dialogue")
        .unwrap();
    let (from, to) = (outline[dialogue].page, outline[dialogue + 1].page);
    assert!(
        to - from >= 2,
        "the dialogue should span pages: {from}..{to}"
    );
    let pages: Vec<String> = (from..to).map(|p| collapse(&pdf.text(p))).collect();
    for i in 1..=40 {
        let (start, end) = (
            format!("Turn {i:02} begins"),
            format!("end of turn {i:02}."),
        );
        let whole = pages
            .iter()
            .any(|t| t.find(&start).is_some_and(|s| t[s..].contains(&end)));
        assert!(whole, "turn {i} is split across pages");
    }
    let links = pdf.links();
    checks_links_stay_inside(&links);
    // The web link stays one; a link to another chapter's heading lands on that chapter.
    assert!(links
        .iter()
        .any(|l| l.target == Target::Uri("https://example.org/search".into())));
    let foundations = outline
        .iter()
        .find(|m| m.title == "Foundations")
        .unwrap()
        .page;
    assert!(links
        .iter()
        .any(|l| l.page == foundations && l.target == Target::Page(say_no.page)));
    assert_eq!(
        pdf.info("Author").as_deref(),
        Some("Ann Author, Ben Writer")
    );
    let preface = outline[0].page;
    let deeper = outline
        .iter()
        .find(|m| m.title == "Deeper chapter")
        .unwrap()
        .page;
    assert!(links
        .iter()
        .any(|l| l.page == preface && l.target == Target::Page(deeper)));
    // A chapter whose id has an accent (its PDF destination is named percent-encoded).
    let nested = outline
        .iter()
        .find(|m| m.title == "Nested chapter")
        .unwrap()
        .page;
    assert!(links
        .iter()
        .any(|l| l.page == preface && l.target == Target::Page(nested)));
    // The same book prints to the same bytes: the rebuilt PDF is the previous file.
    let bytes = std::fs::read(&pdf.path).unwrap();
    let again = build(book.path(), &[]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        std::fs::read(&pdf.path).unwrap() == bytes,
        "a rebuild changed the PDF"
    );
}

#[test]
fn a_script_in_a_chapter_does_not_run_while_the_pdf_prints() {
    let book = copy_book("pdf-book");
    let afterword = book.path().join("src/afterword.md");
    let mut text = read(book.path(), "src/afterword.md");
    text.push_str("\n<script>document.write('SCRIPT RAN')</script>\n\nThe end.\n");
    std::fs::write(&afterword, text).unwrap();
    let out = build(book.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(codes(&out), ["MB0303"], "raw <script> is warned about");
    let pdf = Pdf::open(&book.path().join("book/a-pdf-test-handbook.pdf"));
    let all: String = (1..=pdf.pages()).map(|p| pdf.text(p)).collect();
    assert!(all.contains("The end."));
    assert!(!all.contains("SCRIPT RAN"));
}

/// Where a build's problems show their codes (`warning[MB1100]`): tests match codes, not
/// wording.
fn codes(out: &Output) -> Vec<String> {
    stderr(out)
        .split('[')
        .skip(1)
        .filter_map(|s| s.split_once(']').map(|(c, _)| c.to_string()))
        .filter(|c| c.starts_with("MB"))
        .collect()
}

fn set_pdf(book: &Path, table: &str) {
    let toml =
        read(book, "book.toml").replace("[output.pdf]\n", &format!("[output.pdf]\n{table}\n"));
    std::fs::write(book.join("book.toml"), toml).unwrap();
}

#[test]
fn a_missing_chromium_is_a_warning_and_the_site_is_built_without_the_pdf() {
    let book = copy_book("pdf-book");
    set_pdf(book.path(), "chromium = \"no/such/chromium\"");
    let run = |args: &[&str]| {
        Command::cargo_bin("metbook")
            .unwrap()
            .arg("build")
            .args(args)
            .arg(book.path())
            .env("NO_COLOR", "1")
            .env("METBOOK_CACHE_DIR", private_cache())
            .env_remove("METBOOK_CHROMIUM")
            .output()
            .unwrap()
    };
    let out = run(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(codes(&out), ["MB1100"]);
    assert!(book.path().join("book/index.html").is_file());
    assert!(!book.path().join("book/a-pdf-test-handbook.pdf").exists());
    let index = read(book.path(), "book/index.html");
    assert!(
        select_attr(&index, "a.mb-download", "href").is_empty(),
        "no link to a PDF that is not there"
    );
    // Asked for by name, the PDF's absence is an error.
    let out = run(&["--output", "pdf"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(codes(&out), ["MB1100"]);
}

/// A stand-in for Chromium: a shell script with `body`.
fn fake_chromium(dir: &Path, name: &str, body: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.join(name);
    std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    p
}

#[test]
fn a_failing_or_hanging_chromium_leaves_the_previous_build_byte_for_byte() {
    let book = copy_book("pdf-book");
    let first = built(book.path());
    let before = common::snapshot(&book.path().join("book"));
    assert!(before.iter().any(|(p, _)| *p == first.path));
    let scripts = tempfile::tempdir().unwrap();
    let failing = fake_chromium(
        scripts.path(),
        "failing",
        "echo 'cannot open display' >&2; exit 1",
    );
    let hanging = fake_chromium(scripts.path(), "hanging", "sleep 60");
    // A chapter changed, so a successful build would change the site and the PDF.
    let afterword = book.path().join("src/afterword.md");
    std::fs::write(&afterword, "# Afterword\n\nA new last word.\n").unwrap();
    for (exe, timeout) in [(&failing, ""), (&hanging, "timeout = 1")] {
        let toml = read(book.path(), "book.toml");
        set_pdf(
            book.path(),
            &format!("chromium = {:?}\n{timeout}", exe.display().to_string()),
        );
        let out = Command::cargo_bin("metbook")
            .unwrap()
            .arg("build")
            .arg(book.path())
            .env("NO_COLOR", "1")
            .env("METBOOK_CACHE_DIR", private_cache())
            .env_remove("METBOOK_CHROMIUM")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert_eq!(codes(&out), ["MB1101"], "{}", stderr(&out));
        assert!(
            common::snapshot(&book.path().join("book")) == before,
            "the previous build changed"
        );
        std::fs::write(book.path().join("book.toml"), toml).unwrap();
    }
    // `--output pdf` remakes only the PDF: the pages stay as they were.
    let out = build(book.path(), &["--output", "pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = common::snapshot(&book.path().join("book"));
    let (pdf_after, pages_after): (Vec<_>, Vec<_>) =
        after.into_iter().partition(|(p, _)| *p == first.path);
    let pages_before: Vec<_> = before
        .iter()
        .filter(|(p, _)| *p != first.path)
        .cloned()
        .collect();
    assert!(pages_after == pages_before, "--output pdf changed the site");
    let remade = Pdf::open(&pdf_after[0].0);
    assert!((1..=remade.pages()).any(|n| remade.text(n).contains("A new last word")));
}
