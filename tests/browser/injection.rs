//! The injection fixture (tests/fixtures/injection) in a real browser: no alert or other
//! dialog opens, no injected handler runs (`window.__pwned` stays undefined), the markup is
//! intact (one <main>, payloads shown as text), also from a server that sends NO
//! Content-Security-Policy, where inline handlers would run if any had slipped through.
//! Typing into search (whose results render chapter text) must not run anything either.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::json;

use super::driver::{Browser, Profile};
use super::server::{content_type, Server};
use super::site::{self, MANIFEST_DIR};

struct Built {
    out: PathBuf,
    csp: Server,
    plain: String,
}

fn built() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| {
        let dest = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-injection");
        let out = site::build_book(
            &Path::new(MANIFEST_DIR).join("tests/fixtures/injection"),
            &dest,
        );
        let csp = Server::start(&out);
        let plain = serve_without_csp(&out);
        Built { out, csp, plain }
    })
}

/// A bare static server WITHOUT any Content-Security-Policy header; returns its base URL.
fn serve_without_csp(root: &Path) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind the no-CSP server");
    let base = format!("http://{}/", listener.local_addr().unwrap());
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" || h == "\n" {
                        break;
                    }
                }
                let target = line.split_whitespace().nth(1).unwrap_or("/");
                let path = target
                    .split(['?', '#'])
                    .next()
                    .unwrap_or("")
                    .trim_start_matches('/')
                    .replace("%20", " ");
                let rel = Path::new(&path);
                let safe = rel.components().all(|c| matches!(c, Component::Normal(_)));
                let mut file = root.join(rel);
                if file.is_dir() {
                    file = file.join("index.html");
                }
                let (status, file) = if safe && file.is_file() {
                    ("200 OK", file)
                } else {
                    ("404 Not Found", root.join("404.html"))
                };
                let body = std::fs::read(&file).unwrap_or_default();
                let mut s = stream;
                let _ = write!(
                    s,
                    "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    content_type(&file),
                    body.len()
                );
                let _ = s.write_all(&body);
            });
        }
    });
    base
}

fn pages(out: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html") && n != "404.html")
        .collect();
    v.sort();
    v
}

/// Visits `url`; returns a problem description, if any.
async fn visit(b: &Browser, url: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if let Err(e) = b.client.goto(url).await {
        problems.push(format!(
            "{url}: navigation failed (an alert may have opened): {e}"
        ));
    }
    b.settle().await;
    if let Ok(text) = b.client.get_alert_text().await {
        problems.push(format!("{url}: a dialog opened: {text:?}"));
        let _ = b.client.dismiss_alert().await;
    }
    let state = b
        .js(r#"return {
            pwned: typeof window.__pwned,
            mains: document.querySelectorAll('main').length,
            injectedImgs: document.querySelectorAll('img[src="x"]').length,
            inlineScripts: [...document.scripts].filter(s => !s.src).length,
            text: document.body ? document.body.textContent : ''
        };"#)
        .await;
    if state["pwned"] != json!("undefined") {
        problems.push(format!(
            "{url}: window.__pwned was set: an injected handler ran"
        ));
    }
    if state["mains"] != json!(1) {
        problems.push(format!(
            "{url}: {} <main> elements, expected 1",
            state["mains"]
        ));
    }
    if state["injectedImgs"] != json!(0) || state["inlineScripts"] != json!(0) {
        problems.push(format!("{url}: injected elements: {state}"));
    }
    if !state["text"].as_str().unwrap_or("").contains("alert(1)") {
        problems.push(format!("{url}: the payload text is not shown as text"));
    }
    problems
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn injected_text_never_runs_with_or_without_csp() {
    let built = built();
    let b = Browser::start(Profile::Desktop).await;
    let mut problems = Vec::new();
    for page in pages(&built.out) {
        problems.extend(visit(&b, &built.csp.url(&page)).await);
        problems.extend(visit(&b, &format!("{}{page}", built.plain)).await);
    }
    b.quit().await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_results_render_payloads_as_text() {
    let built = built();
    let b = Browser::start(Profile::Desktop).await;
    let mut problems = Vec::new();
    for base in [built.csp.url(""), built.plain.clone()] {
        let url = format!("{base}one.html");
        problems.extend(visit(&b, &url).await);
        for q in ["alert", "script", "img onerror", "tera"] {
            b.js_args(
                "const i = document.getElementById('mb-search'); if (!i) return; i.focus(); i.value = arguments[0]; \
                 i.dispatchEvent(new Event('input', {bubbles: true}));",
                vec![json!(q)],
            )
            .await;
            // The results panel says something (results or "no results") once the query ran.
            let deadline = std::time::Instant::now() + Duration::from_secs(10);
            while b.js("const p = document.getElementById('mb-search-results'); return !p || p.textContent.trim() !== '';").await != serde_json::json!(true)
                && std::time::Instant::now() < deadline
            {
                if b.client.get_alert_text().await.is_ok() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            b.settle().await;
            if let Ok(text) = b.client.get_alert_text().await {
                problems.push(format!("{url} search {q:?}: a dialog opened: {text:?}"));
                let _ = b.client.dismiss_alert().await;
            }
            let s = b
                .js("const p = document.getElementById('mb-search-results'); return {pwned: typeof window.__pwned, \
                     imgs: p ? p.querySelectorAll('img, script').length : 0, n: p ? p.querySelectorAll('.mb-sr').length : -1};")
                .await;
            if s["pwned"] != json!("undefined") || s["imgs"] != json!(0) {
                problems.push(format!(
                    "{url} search {q:?}: injected markup ran or appeared: {s}"
                ));
            }
            if q == "alert" && s["n"].as_i64().unwrap_or(0) < 1 {
                problems.push(format!(
                    "{url} search {q:?}: no results, so the check proved nothing: {s}"
                ));
            }
        }
    }
    b.quit().await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
