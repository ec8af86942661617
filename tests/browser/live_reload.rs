//! `metbook serve` in a real browser: a page reloads by itself after an edit and keeps its
//! scroll position, a broken chapter shows the error overlay (accessible, CSP-clean), and
//! fixing it removes the overlay.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::checks::{axe_options, axe_source, format_logs, severe};
use super::driver::{Browser, Profile};
use super::site::MANIFEST_DIR;
use crate::common::served_port;

const CHAPTER_SRC: &str = "manual/strategies/handling-resistance.md";
const CHAPTER_PAGE: &str = "strategies/handling-resistance.html";

struct Serve {
    child: Child,
    port: u16,
    log: PathBuf,
    _book: tempfile::TempDir,
    _logs: tempfile::TempDir,
    dir: PathBuf,
}

impl Serve {
    /// A copy of the bundled handbook, served by the real binary on a free port.
    fn start() -> Serve {
        let book = tempfile::Builder::new()
            .prefix("serve-book-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .unwrap();
        let dir = book.path().to_path_buf();
        std::fs::copy(
            Path::new(MANIFEST_DIR).join("book.toml"),
            dir.join("book.toml"),
        )
        .unwrap();
        for e in walkdir::WalkDir::new(Path::new(MANIFEST_DIR).join("manual")) {
            let e = e.unwrap();
            let to = dir.join(e.path().strip_prefix(MANIFEST_DIR).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
        // Not inside the book: serve would see its own log change.
        let logs = tempfile::Builder::new()
            .prefix("serve-log-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .unwrap();
        let log = logs.path().join("serve.log");
        let out = std::fs::File::create(&log).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_metbook"))
            .arg("serve")
            .arg(&dir)
            .args(["--port", "0"])
            .env("NO_COLOR", "1")
            .env("METBOOK_CACHE_DIR", crate::common::private_cache())
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("starting metbook serve");
        let mut s = Serve {
            child,
            port: 0,
            log,
            _book: book,
            _logs: logs,
            dir,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        // serve binds a free port itself (`--port 0`) and reports it once the site is ready.
        loop {
            if let Some(port) = served_port(&s.output()) {
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    s.port = port;
                    break;
                }
            }
            if let Ok(Some(st)) = s.child.try_wait() {
                panic!("metbook serve exited early ({st}):\n{}", s.output());
            }
            assert!(
                Instant::now() < deadline,
                "metbook serve did not start within 60 s:\n{}",
                s.output()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        s
    }

    fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.port)
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.dir.join(rel), text).unwrap();
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls a JS expression until it is true; script errors while the page reloads are retried.
async fn until(b: &Browser, s: &Serve, expr: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(Value::Bool(true)) = b
            .client
            .execute(&format!("return !!({expr});"), vec![])
            .await
        {
            return;
        }
        if Instant::now() > deadline {
            panic!("timed out after 30 s waiting for {what} (`{expr}`) on {}\n--- serve output ---\n{}", b.url().await, s.output());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_reloads_keeps_scroll_and_shows_errors() {
    let s = Serve::start();
    let b = Browser::start(Profile::Desktop).await;
    b.logs().await;
    b.goto(&s.url(CHAPTER_PAGE)).await;
    // Wait for the WebSocket to be up before editing; the page marks nothing, so ask the server.
    until(
        &b,
        &s,
        "document.querySelector('script[src=\"/__metbook/livereload.js\"]')",
        "the live-reload script",
    )
    .await;
    until(
        &b,
        &s,
        "document.documentElement.getAttribute('data-mb-live') === 'open'",
        "the live-reload WebSocket to open",
    )
    .await;
    b.settle().await;
    let bad = severe(&b.logs().await, &[]);
    assert!(bad.is_empty(), "console errors or CSP violations on a served page (the WebSocket must pass `default-src 'self'`):\n{}", format_logs(&bad));

    let max = b
        .js("return document.documentElement.scrollHeight - window.innerHeight;")
        .await
        .as_f64()
        .unwrap();
    assert!(
        max > 800.0,
        "{CHAPTER_PAGE} is too short to test scrolling ({max} px)"
    );
    let y = (max / 2.0).round();
    // 'instant': the theme's smooth scrolling would still be under way at the edit.
    b.js(&format!(
        "window.scrollTo({{top: {y}, behavior: 'instant'}}); window.__notReloaded = true;"
    ))
    .await;
    until(
        &b,
        &s,
        &format!("Math.abs(window.scrollY - {y}) < 2"),
        "the page to scroll down",
    )
    .await;

    let good = std::fs::read_to_string(s.dir.join(CHAPTER_SRC)).unwrap();
    let edited = format!("{good}\nThis paragraph came from live reload.\n");
    s.write(CHAPTER_SRC, &edited);
    until(&b, &s, "!window.__notReloaded && document.body.innerText.includes('This paragraph came from live reload.')", "the page to reload with the edit").await;
    until(
        &b,
        &s,
        "document.readyState === 'complete'",
        "the reloaded page to finish loading",
    )
    .await;
    b.settle().await;
    let now = b.js("return window.scrollY;").await.as_f64().unwrap();
    assert!(
        (now - y).abs() <= 40.0,
        "scroll position not kept across the reload: was {y}, now {now}"
    );

    // Break it: a link to a chapter that does not exist.
    let lines = edited.lines().count();
    s.write(
        CHAPTER_SRC,
        &format!("{edited}\nSee [nowhere](no-such-chapter.md).\n"),
    );
    until(
        &b,
        &s,
        "document.getElementById('mb-error-overlay')",
        "the error overlay",
    )
    .await;
    let overlay = b
        .js("const o = document.getElementById('mb-error-overlay'); return [o.getAttribute('role'), o.getAttribute('aria-live'), o.innerText];")
        .await;
    assert_eq!(overlay[0], "alertdialog");
    assert_eq!(overlay[1], "assertive");
    let text = overlay[2].as_str().unwrap();
    let at = format!("{CHAPTER_SRC}:{}:", lines + 2);
    assert!(text.contains(&at), "the overlay should name {at}: {text}");
    assert!(
        text.contains("no-such-chapter.md") && text.contains("help:"),
        "{text}"
    );
    assert!(
        text.contains("See [nowhere](no-such-chapter.md)."),
        "the overlay shows the source line: {text}"
    );

    // Only the overlay is audited here: the pages themselves are the theme suite's business.
    let v = axe_overlay(&b).await;
    assert!(v.is_empty(), "axe violations in the error overlay:\n{v}");

    // A page opened while the book is broken shows the overlay at once.
    b.goto(&s.url("index.html")).await;
    until(
        &b,
        &s,
        "document.getElementById('mb-error-overlay')",
        "the overlay on a freshly opened page",
    )
    .await;

    // Fix it (back to the last good text): the overlay goes by itself.
    s.write(CHAPTER_SRC, &edited);
    until(
        &b,
        &s,
        "document.readyState === 'complete' && !document.getElementById('mb-error-overlay')",
        "the overlay to go",
    )
    .await;
    let bad: Vec<_> = severe(&b.logs().await, &[]);
    assert!(
        bad.is_empty(),
        "console errors during live reload:\n{}",
        format_logs(&bad)
    );
    b.quit().await;
}

/// axe-core (WCAG 2.x A/AA) on `#mb-error-overlay` only; returns the violations, formatted.
async fn axe_overlay(b: &Browser) -> String {
    if b.js("return typeof window.axe === 'object';").await != Value::Bool(true) {
        b.client
            .execute(&format!("{}\n;return 1;", axe_source()), vec![])
            .await
            .expect("injecting axe-core");
    }
    let script = r#"
        const done = arguments[arguments.length - 1];
        axe.run({include: [['#mb-error-overlay']]}, arguments[0])
          .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' at ' +
                v.nodes.map(n => JSON.stringify(n.target) + ' ' + (n.failureSummary || '')).join('; ')).join('\n')),
                err => done('axe.run failed: ' + err));
    "#;
    let res = b
        .client
        .execute_async(script, vec![axe_options()])
        .await
        .expect("running axe");
    res.as_str().unwrap_or("").to_owned()
}
