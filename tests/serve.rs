//! `metbook serve` end to end: the real binary on a temp copy of a fixture book, on a free
//! port, talked to with raw HTTP (so paths reach the server exactly as written) and a
//! WebSocket client.

mod common;
#[path = "serve/harness.rs"]
mod harness;

use std::net::TcpListener;
use std::process::Command;

use harness::{get_raw, next_json, Serve};

const SCRIPT: &str = "<script src=\"/__metbook/livereload.js\"";

#[test]
fn serves_the_site_from_memory_with_headers_and_the_reload_script() {
    let book = common::copy_book("mdbook-style");
    let s = Serve::start(book.path());
    let index = s.get("/");
    assert_eq!(index.status, 200, "{index:?}");
    assert_eq!(
        index.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        index.header("content-security-policy"),
        Some("default-src 'self'")
    );
    assert!(index.body.contains(SCRIPT), "no live-reload script in /");
    let at = index.body.find(SCRIPT).unwrap();
    assert!(
        index.body[at..].contains("</body>") && !index.body.contains("<script>"),
        "script must be external, before </body>"
    );
    assert_eq!(s.get("/index.html").body, index.body);

    let css = common::select_attr(&index.body, "link[rel=stylesheet]", "href");
    let css = s.get(&format!("/{}", css[0]));
    assert_eq!(
        (css.status, css.header("content-type")),
        (200, Some("text/css; charset=utf-8"))
    );
    let js = s.get("/__metbook/livereload.js");
    assert_eq!(
        (js.status, js.header("content-type")),
        (200, Some("text/javascript; charset=utf-8"))
    );
    assert!(js.body.contains("/__metbook/ws") && js.body.contains("sessionStorage"));
    assert_eq!(
        js.header("content-security-policy"),
        Some("default-src 'self'")
    );

    let chapter = s.get("/guide/installation.html");
    assert_eq!(chapter.status, 200);
    assert!(chapter.body.contains(SCRIPT));
    let missing = s.get("/no-such-page.html");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        missing.header("content-security-policy"),
        Some("default-src 'self'")
    );
    assert!(missing.body.contains(SCRIPT), "the 404 page reloads too");
    assert_eq!(s.status()["state"], "ok");
    assert!(
        s.output().contains(&format!(
            "Serving An mdBook-style book at http://127.0.0.1:{}/ (Ctrl-C to stop)",
            s.port
        )),
        "{}",
        s.output()
    );
    assert!(
        !book.path().join("book").exists(),
        "serve must not write the build dir"
    );
}

#[test]
fn edits_new_and_deleted_chapters_show_up() {
    let book = common::copy_book("mdbook-style");
    let s = Serve::start(book.path());
    let src = book.path().join("src");
    let text = std::fs::read_to_string(src.join("README.md")).unwrap();
    std::fs::write(
        src.join("README.md"),
        format!("{text}\nFreshly edited paragraph.\n"),
    )
    .unwrap();
    s.wait_for(
        "the edit on /",
        || s.get("/").body,
        |b| b.contains("Freshly edited paragraph."),
    );
    s.wait_for(
        "a rebuild line",
        || s.output(),
        |o| o.contains("Rebuilt in ") && o.contains("changed"),
    );

    // An editor's atomic save: write a temp file, rename it over the chapter.
    std::fs::write(
        src.join("guide/.installation.md.tmp"),
        "# Installation\n\nSaved atomically.\n",
    )
    .unwrap();
    std::fs::rename(
        src.join("guide/.installation.md.tmp"),
        src.join("guide/installation.md"),
    )
    .unwrap();
    s.wait_for(
        "the atomic save",
        || s.get("/guide/installation.html").body,
        |b| b.contains("Saved atomically."),
    );

    let summary = std::fs::read_to_string(src.join("SUMMARY.md")).unwrap();
    std::fs::write(
        src.join("guide/added.md"),
        "# Added chapter\n\nBrand new text.\n",
    )
    .unwrap();
    std::fs::write(
        src.join("SUMMARY.md"),
        summary.replace(
            "- [Includes](guide/includes.md)\n",
            "- [Includes](guide/includes.md)\n- [Added chapter](guide/added.md)\n",
        ),
    )
    .unwrap();
    let added = s.wait_for(
        "the new chapter",
        || s.get("/guide/added.html"),
        |r| r.status == 200,
    );
    assert!(added.body.contains("Brand new text."));

    std::fs::write(
        src.join("SUMMARY.md"),
        summary.replace("    - [Nested one](guide/nested.md)\n", ""),
    )
    .unwrap();
    std::fs::remove_file(src.join("guide/nested.md")).unwrap();
    s.wait_for(
        "the deleted chapter to 404",
        || s.get("/guide/nested.html").status,
        |st| *st == 404,
    );
    assert_eq!(s.status()["state"], "ok", "{}", s.output());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_chapter_is_reported_and_recovers() {
    let book = common::copy_book("mdbook-style");
    let s = Serve::start(book.path());
    let url = format!("ws://127.0.0.1:{}/__metbook/ws", s.port);
    let (mut ws, _) = tokio_tungstenite::connect_async(&url)
        .await
        .expect("connecting the WebSocket");
    let first = next_json(&mut ws).await;
    assert_eq!(first["type"], "ok", "{first}");

    let readme = book.path().join("src/README.md");
    let good = std::fs::read_to_string(&readme).unwrap();
    let lines = good.lines().count();
    std::fs::write(
        &readme,
        format!("{good}\nSee [the missing one](missing-chapter.md).\n"),
    )
    .unwrap();
    let msg = next_json(&mut ws).await;
    assert_eq!(msg["type"], "errors", "{msg}");
    let d = &msg["diagnostics"][0];
    assert_eq!(d["file"], "src/README.md", "{msg}");
    assert_eq!(d["line"], lines + 2, "{msg}");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("missing-chapter.md"),
        "{msg}"
    );
    assert!(
        d["source_line"]
            .as_str()
            .unwrap()
            .contains("[the missing one]"),
        "{msg}"
    );
    let text = msg["text"].as_str().unwrap();
    assert!(
        text.contains("src/README.md:") && !text.contains("\x1b["),
        "{text}"
    );

    let status = s.status();
    assert_eq!(status["state"], "errors");
    assert!(
        s.output().contains("missing-chapter.md"),
        "the diagnostics are printed"
    );
    let page = s.get("/");
    assert_eq!(page.status, 200, "the last good site is still served");
    assert!(!page.body.contains("the missing one"));

    // A page opened now learns the errors at once.
    let (mut late, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
    assert_eq!(next_json(&mut late).await["type"], "errors");

    std::fs::write(&readme, format!("{good}\nFixed now.\n")).unwrap();
    let ok = next_json(&mut ws).await;
    assert_eq!(ok["type"], "ok", "{ok}");
    let reload = next_json(&mut ws).await;
    assert_eq!(reload["type"], "reload", "{reload}");
    assert_eq!(s.status()["state"], "ok");
    assert!(s.get("/").body.contains("Fixed now."));
}

#[test]
fn traversal_paths_are_rejected() {
    let book = common::copy_book("mdbook-style");
    std::fs::write(book.path().join("secret.txt"), "TOP-SECRET").unwrap();
    let s = Serve::start(book.path());
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fbook.toml",
        "/\\..\\book.toml",
        "//etc/passwd",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/book.toml",
        "/src/README.md",
        "/secret.txt",
        "/index.html%00",
    ] {
        let r = s.get(path);
        assert!(
            r.status == 400 || r.status == 404,
            "{path}: status {}",
            r.status
        );
        for leak in ["TOP-SECRET", "root:x:", "[package]", "[book]", "# Summary"] {
            assert!(!r.body.contains(leak), "{path} leaked {leak}");
        }
        assert_eq!(
            r.header("content-security-policy"),
            Some("default-src 'self'"),
            "{path}"
        );
    }
    // DNS rebinding: a foreign Host is refused on a loopback bind.
    assert_eq!(get_raw(s.port, "/", "evil.example:80").status, 403);
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let book = common::copy_book("mdbook-style");
    let out = Command::new(env!("CARGO_BIN_EXE_metbook"))
        .args(["serve", book.path().to_str().unwrap(), "--port", &port])
        .env("NO_COLOR", "1")
        .env("METBOOK_CACHE_DIR", common::private_cache())
        .output()
        .unwrap();
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{err}"
    );
    assert!(err.contains("--port"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_and_sigterm_stop_it_cleanly_even_with_open_pages() {
    for sig in ["-INT", "-TERM"] {
        let book = common::copy_book("mdbook-style");
        let mut s = Serve::start(book.path());
        let (mut ws, _) =
            tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{}/__metbook/ws", s.port))
                .await
                .unwrap();
        next_json(&mut ws).await;
        s.signal(sig);
        let st = s.wait_exit();
        assert_eq!(st.code(), Some(0), "{sig}: {}", s.output());
    }
}

#[test]
fn a_book_broken_from_the_start_is_served_once_fixed() {
    let book = common::copy_book("mdbook-style");
    let readme = book.path().join("src/README.md");
    let good = std::fs::read_to_string(&readme).unwrap();
    std::fs::write(&readme, format!("{good}\n[x](nowhere.md)\n")).unwrap();
    let s = Serve::start(book.path());
    s.wait_for("errors", || s.status()["state"].clone(), |v| v == "errors");
    let page = s.get("/guide/installation.html");
    assert_eq!(page.status, 503);
    assert!(
        page.body.contains(SCRIPT),
        "the placeholder page carries the overlay"
    );
    std::fs::write(&readme, &good).unwrap();
    s.wait_for(
        "the fixed book",
        || s.get("/guide/installation.html").status,
        |st| *st == 200,
    );
}

#[test]
fn open_runs_the_system_opener_and_a_failing_one_is_a_warning() {
    let bin = tempfile::tempdir().unwrap();
    let seen = bin.path().join("seen");
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\necho \"$1\" > '{}'\nexit 3\n", seen.display()),
    )
    .unwrap();
    let mut perms = std::fs::metadata(&opener).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&opener, perms).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let book = common::copy_book("mdbook-style");
    let s = Serve::start_with(book.path(), &["--open"], &[("PATH", path)]);
    let url = s.wait_for(
        "the opener to run",
        || std::fs::read_to_string(&seen).unwrap_or_default(),
        |t| !t.is_empty(),
    );
    assert_eq!(url.trim(), format!("http://127.0.0.1:{}/", s.port));
    s.wait_for(
        "the warning",
        || s.output(),
        |o| o.contains("warning:") && o.contains("xdg-open"),
    );
    assert_eq!(
        s.get("/").status,
        200,
        "a failed opener does not stop the server"
    );
}

#[test]
fn many_simultaneous_requests_during_rebuilds_do_not_crash_it() {
    let book = common::copy_book("mdbook-style");
    let s = Serve::start(book.path());
    let port = s.port;
    let chapter = book.path().join("src/guide/nested.md");
    let original = std::fs::read_to_string(&chapter).unwrap();
    std::thread::scope(|scope| {
        for t in 0..32 {
            scope.spawn(move || {
                for i in 0..15 {
                    let path = ["/guide/nested.html", "/index.html", "/missing.html"][(t + i) % 3];
                    let r = get_raw(port, path, &format!("127.0.0.1:{port}"));
                    assert!(r.status == 200 || r.status == 404, "{path}: {}", r.status);
                }
            });
        }
        // Rebuilds while the requests are in flight.
        for n in 0..10 {
            std::fs::write(&chapter, format!("{original}\nEdit number {n}.\n")).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(40));
        }
    });
    s.wait_for(
        "the last edit to be served",
        || s.get("/guide/nested.html").body.contains("Edit number 9."),
        |served| *served,
    );
    assert_eq!(s.get("/index.html").status, 200, "{}", s.output());
}
