//! Issue #19, item 5: `[preprocessor.NAME]` tables run by mdBook's protocol. Each test
//! writes its own small book and helper preprocessors (Python scripts run as
//! `python3 script.py`) into a temp folder.

mod common;

use std::path::Path;

use common::{kinds, main_html, metbook, read, select_texts, snapshot, stderr, stdout};

/// The start of every helper: answers `supports html` with yes (exit code 0) and any
/// other renderer with no, then reads `[context, book]` and gives a walk over every
/// chapter.
const PRELUDE: &str = r#"
import json, sys
if len(sys.argv) > 1 and sys.argv[1] == "supports":
    sys.exit(0 if sys.argv[2] == "html" else 1)
ctx, book = json.load(sys.stdin)
def chapters(items):
    for it in items:
        if isinstance(it, dict) and "Chapter" in it:
            yield it["Chapter"]
            yield from chapters(it["Chapter"]["sub_items"])
"#;

/// A book with chapters `a.md` (and `b.md` nested under it), the given book.toml tables,
/// and helper scripts (name, body after [`PRELUDE`]).
fn book(tables: &str, scripts: &[(&str, &str)]) -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let p = t.path();
    std::fs::write(
        p.join("book.toml"),
        format!("[book]\ntitle = \"Pre\"\n\n{tables}"),
    )
    .unwrap();
    std::fs::create_dir_all(p.join("src")).unwrap();
    std::fs::write(
        p.join("src/SUMMARY.md"),
        "- [Alpha](a.md)\n  - [Beta](b.md)\n",
    )
    .unwrap();
    std::fs::write(p.join("src/a.md"), "# Alpha\n\nThe marker word.\n").unwrap();
    std::fs::write(p.join("src/b.md"), "# Beta\n\nAnother marker here.\n").unwrap();
    for (name, body) in scripts {
        std::fs::write(p.join(name), format!("{PRELUDE}\n{body}")).unwrap();
    }
    t
}

const UPPER: &str = r#"
for ch in chapters(book["items"]):
    ch["content"] = ch["content"].replace("marker", "MARKER")
print(json.dumps(book))
"#;

/// Appends `[NAME]` to every chapter, to show the order preprocessors ran in.
fn tag(name: &str) -> String {
    format!(
        "for ch in chapters(book['items']):\n    ch['content'] += '\\n[{name}]\\n'\nprint(json.dumps(book))\n"
    )
}

fn diagnostics(dir: &Path) -> Vec<serde_json::Value> {
    let out = metbook(&["check", "--format", "json"], dir);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["diagnostics"].as_array().unwrap().clone()
}

fn of_kind(dir: &Path, kind: &str) -> serde_json::Value {
    let all = diagnostics(dir);
    all.iter()
        .find(|d| d["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {all:#?}"))
        .clone()
}

#[test]
fn a_preprocessor_changes_every_page_and_the_search_index() {
    let t = book(
        "[preprocessor.upper]\ncommand = \"python3 upper.py\"\n",
        &[("upper.py", UPPER)],
    );
    let out = metbook(&["build"], t.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("(preprocessors: upper)"),
        "{}",
        stdout(&out)
    );
    let a = main_html(&read(t.path(), "book/a.html"));
    assert!(a.contains("The MARKER word."), "{a}");
    let b = main_html(&read(t.path(), "book/b.html"));
    assert!(b.contains("Another MARKER here."), "{b}");
    // The search index is built from the preprocessed text.
    let search: String = std::fs::read_dir(t.path().join("book/search"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(search.contains("The MARKER word."), "{search}");
    assert!(!search.contains("The marker word."), "{search}");
    // `check` runs it too: a broken link the preprocessor writes is found.
    let broken = "ch['content'] += '\\n[gone](gone.md)\\n'\n";
    std::fs::write(
        t.path().join("upper.py"),
        format!(
            "{PRELUDE}\nfor ch in chapters(book['items']):\n    {broken}print(json.dumps(book))\n"
        ),
    )
    .unwrap();
    assert!(kinds(t.path()).contains(&"broken-link".to_string()));
}

#[test]
fn a_preprocessor_that_does_not_support_html_is_skipped() {
    let t = book(
        "[preprocessor.upper]\ncommand = \"python3 upper.py\"\n",
        &[("upper.py", UPPER)],
    );
    // `supports html` answers no (exit code 1).
    let script = t.path().join("upper.py");
    let text = std::fs::read_to_string(&script).unwrap();
    std::fs::write(
        &script,
        text.replace("0 if sys.argv[2] == \"html\" else 1", "1"),
    )
    .unwrap();
    let out = metbook(&["build"], t.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains("preprocessors"), "{}", stdout(&out));
    assert!(read(t.path(), "book/a.html").contains("The marker word."));
}

#[test]
fn renderers_without_html_means_it_is_never_run() {
    // The script would fail loudly if it were asked anything at all.
    let t = book(
        "[preprocessor.latex-only]\ncommand = \"python3 never.py\"\nrenderers = [\"latex\"]\n",
        &[],
    );
    std::fs::write(t.path().join("never.py"), "import sys\nsys.exit(3)\n").unwrap();
    let out = metbook(&["build"], t.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&out).contains("preprocessors"));
    // `renderers = ["html"]` runs it without asking `supports`.
    let t = book(
        "[preprocessor.upper]\ncommand = \"python3 upper.py\"\nrenderers = [\"html\"]\n",
        &[("upper.py", UPPER)],
    );
    let text = std::fs::read_to_string(t.path().join("upper.py")).unwrap();
    std::fs::write(
        t.path().join("upper.py"),
        text.replace("sys.exit(0 if", "sys.exit(5 if"),
    )
    .unwrap();
    let out = metbook(&["build"], t.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(t.path(), "book/a.html").contains("MARKER"));
}

#[test]
fn a_missing_command_is_a_located_error_and_the_previous_site_stays() {
    let t = book("", &[]);
    assert!(metbook(&["build"], t.path()).status.success());
    let site = snapshot(&t.path().join("book"));
    let toml = t.path().join("book.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}[preprocessor.no-such-tool]\n")).unwrap();
    let out = metbook(&["build"], t.path());
    assert!(!out.status.success());
    assert_eq!(snapshot(&t.path().join("book")), site);
    let d = of_kind(t.path(), "preprocessor-missing");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "book.toml");
    assert_eq!(d["line"], 4, "{d}");
    assert!(
        stderr(&out).contains("mdbook-no-such-tool"),
        "{}",
        stderr(&out)
    );
    // `optional = true` makes it a warning, and the book builds without it.
    std::fs::write(
        &toml,
        format!("{text}[preprocessor.no-such-tool]\noptional = true\n"),
    )
    .unwrap();
    let out = metbook(&["build"], t.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        of_kind(t.path(), "preprocessor-missing")["severity"],
        "warning"
    );
}

#[test]
fn a_failing_command_is_a_located_error_with_what_it_said() {
    let t = book(
        "[preprocessor.boom]\ncommand = \"python3 boom.py\"\n",
        &[(
            "boom.py",
            "print('boom: the glossary has no entry for X', file=sys.stderr)\nsys.exit(1)\n",
        )],
    );
    let out = metbook(&["build"], t.path());
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("boom: the glossary has no entry for X"),
        "{}",
        stderr(&out)
    );
    let d = of_kind(t.path(), "preprocessor");
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64()),
        (Some("book.toml"), Some(4))
    );
    assert!(!t.path().join("book").exists());
}

#[test]
fn output_that_is_not_a_book_is_a_located_error() {
    for body in [
        "print('this is not json')\n",
        "print(json.dumps([ctx, book]))\n",
        "print(json.dumps({'chapters': []}))\n",
        "pass\n",
    ] {
        let t = book(
            "[preprocessor.bad]\ncommand = \"python3 bad.py\"\n",
            &[("bad.py", body)],
        );
        let d = of_kind(t.path(), "preprocessor-output");
        assert_eq!(
            (d["file"].as_str(), d["line"].as_u64()),
            (Some("book.toml"), Some(4)),
            "{body}"
        );
    }
}

#[test]
fn before_and_after_order_preprocessors_and_a_cycle_is_an_error() {
    let scripts = [("first.py", tag("first")), ("second.py", tag("second"))];
    let scripts: Vec<(&str, &str)> = scripts.iter().map(|(n, b)| (*n, b.as_str())).collect();
    let order = |t: &tempfile::TempDir| {
        let out = metbook(&["build"], t.path());
        assert!(out.status.success(), "{}", stderr(&out));
        let p: Vec<String> = select_texts(&main_html(&read(t.path(), "book/a.html")), "p")
            .into_iter()
            .filter(|p| p.starts_with('['))
            .collect();
        (p, stdout(&out))
    };
    // Free to go, they run by name (as in mdBook).
    let t = book(
        "[preprocessor.second]\ncommand = \"python3 second.py\"\n\n[preprocessor.first]\ncommand = \"python3 first.py\"\n",
        &scripts,
    );
    let (p, line) = order(&t);
    assert_eq!(p, ["[first]", "[second]"]);
    assert!(line.contains("(preprocessors: first, second)"), "{line}");
    // `before` wins over the name.
    let t = book(
        "[preprocessor.second]\ncommand = \"python3 second.py\"\nbefore = [\"first\"]\n\n[preprocessor.first]\ncommand = \"python3 first.py\"\n",
        &scripts,
    );
    let (p, line) = order(&t);
    assert_eq!(p, ["[second]", "[first]"]);
    assert!(line.contains("(preprocessors: second, first)"), "{line}");
    // And `after`.
    let t = book(
        "[preprocessor.first]\ncommand = \"python3 first.py\"\nafter = [\"second\"]\n\n[preprocessor.second]\ncommand = \"python3 second.py\"\n",
        &scripts,
    );
    assert_eq!(order(&t).0, ["[second]", "[first]"]);
    // Both ways round is a cycle, located at a table.
    let t = book(
        "[preprocessor.first]\ncommand = \"python3 first.py\"\nafter = [\"second\"]\n\n[preprocessor.second]\ncommand = \"python3 second.py\"\nafter = [\"first\"]\n",
        &scripts,
    );
    let d = of_kind(t.path(), "preprocessor-order");
    assert_eq!(d["severity"], "error");
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64()),
        (Some("book.toml"), Some(4))
    );
    assert!(!metbook(&["build"], t.path()).status.success());
}

#[test]
fn a_preprocessors_own_options_and_the_context_reach_it() {
    let body = r#"
assert ctx["renderer"] == "html", ctx["renderer"]
assert ctx["root"] == ctx["config"]["preprocessor"]["greet"]["expected-root"], ctx["root"]
major, minor, patch = (int(x) for x in ctx["mdbook_version"].split("."))
assert (major, minor) == (0, 5)
assert "project-root" not in ctx["config"].get("build", {})
opts = ctx["config"]["preprocessor"]["greet"]
for ch in chapters(book["items"]):
    ch["content"] += "\n" + opts["greeting"] + " " + str(opts["times"]) + "\n"
print(json.dumps(book))
"#;
    let t = book("", &[("greet.py", body)]);
    let root = t.path().canonicalize().unwrap();
    let toml = t.path().join("book.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        format!(
            "{text}[build]\nproject-root = \".\"\n\n[preprocessor.greet]\ncommand = \"python3 greet.py\"\ngreeting = \"bonjour\"\ntimes = 3\nexpected-root = '{}'\n",
            root.display()
        ),
    )
    .unwrap();
    let out = metbook(&["build"], t.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(read(t.path(), "book/a.html").contains("bonjour 3"));
}

#[test]
fn a_hung_preprocessor_is_stopped_at_the_timeout() {
    let t = book(
        "[build]\npreprocessor-timeout = 1\n\n[preprocessor.slow]\ncommand = \"python3 slow.py\"\n",
        &[("slow.py", "import time\ntime.sleep(600)\n")],
    );
    let d = of_kind(t.path(), "preprocessor-timeout");
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64()),
        (Some("book.toml"), Some(7))
    );
}

#[test]
fn names_are_taken_and_chapters_added_or_dropped_are_reported() {
    let body = r##"
top = book["items"][0]["Chapter"]
top["name"] = "Alpha renamed"
top["sub_items"] = []
book["items"].append({"Chapter": {"name": "Extra", "content": "# Extra\n", "number": None,
    "sub_items": [], "path": "extra.md", "source_path": "extra.md", "parent_names": []}})
print(json.dumps(book))
"##;
    let t = book(
        "[preprocessor.shuffle]\ncommand = \"python3 shuffle.py\"\n",
        &[("shuffle.py", body)],
    );
    let out = metbook(&["build"], t.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let warnings: Vec<_> = diagnostics(t.path())
        .into_iter()
        .filter(|d| d["kind"] == "preprocessor-chapters")
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(warnings
        .iter()
        .all(|d| d["severity"] == "warning" && d["line"] == 4));
    // SUMMARY.md's chapters are kept; the dropped one as it was, and no page for the new.
    assert!(read(t.path(), "book/b.html").contains("Another marker here."));
    assert!(!t.path().join("book/extra.html").exists());
    let a = read(t.path(), "book/a.html");
    assert!(a.contains("<title>Alpha renamed"), "{a}");
}

#[test]
fn problems_in_text_a_preprocessor_moved_keep_their_own_lines() {
    // Two lines are added at the top of every chapter; a broken link on line 5 of a.md
    // is still reported on line 5, and one the preprocessor wrote says so.
    let body = r#"
for ch in chapters(book["items"]):
    ch["content"] = "<!-- generated -->\n\n" + ch["content"].replace("[written]", "[written](nowhere.md)")
print(json.dumps(book))
"#;
    let t = book(
        "[preprocessor.top]\ncommand = \"python3 top.py\"\n",
        &[("top.py", body)],
    );
    std::fs::write(
        t.path().join("src/a.md"),
        "# Alpha\n\nText.\n\n[broken](missing.md)\n\n[written]\n",
    )
    .unwrap();
    let links: Vec<_> = diagnostics(t.path())
        .into_iter()
        .filter(|d| d["kind"] == "broken-link")
        .collect();
    assert_eq!(links.len(), 2, "{links:#?}");
    assert_eq!(links[0]["line"], 5);
    assert!(
        !links[0]["help"].as_str().unwrap().contains("top"),
        "{}",
        links[0]
    );
    assert_eq!(links[1]["line"], 7);
    assert!(
        links[1]["help"].as_str().unwrap().contains("`top`"),
        "{}",
        links[1]
    );
}
