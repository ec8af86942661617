//! Page checks: axe-core accessibility audit, console errors / failed requests, theme handling.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{json, Value};

use super::driver::{Browser, LogEntry};
use super::site::MANIFEST_DIR;

pub(crate) const AXE_TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// Rules run besides the tags: experimental in axe 4.10, so off unless named.
/// label-content-name-mismatch is WCAG 2.5.3 (a link's name contains its visible text).
pub(crate) const AXE_EXTRA_RULES: &[&str] = &["label-content-name-mismatch"];

/// The options every axe run of the suite uses: the WCAG tags plus [`AXE_EXTRA_RULES`].
pub(crate) fn axe_options() -> Value {
    let rules: serde_json::Map<String, Value> = AXE_EXTRA_RULES
        .iter()
        .map(|r| (r.to_string(), json!({"enabled": true})))
        .collect();
    json!({
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "rules": rules,
        "resultTypes": ["violations"],
    })
}

/// What the audits cover, for failure messages.
pub(crate) fn axe_scope() -> String {
    format!("{} + {}", AXE_TAGS.join(","), AXE_EXTRA_RULES.join(","))
}

/// The axe-core source: $METBOOK_AXE, or the copy ./scripts/test.sh installs under target/npm.
pub(crate) fn axe_source() -> &'static str {
    static SRC: OnceLock<String> = OnceLock::new();
    SRC.get_or_init(|| {
        let default = Path::new(MANIFEST_DIR).join("target/npm/node_modules/axe-core/axe.min.js");
        let path = match std::env::var_os("METBOOK_AXE").filter(|p| !p.is_empty()) {
            Some(p) => PathBuf::from(p),
            None if default.is_file() => default,
            None => panic!(
                "METBOOK_AXE is not set and {} does not exist: run ./scripts/test.sh \
                 (it installs the pinned axe-core and sets METBOOK_AXE)",
                default.display()
            ),
        };
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read axe-core from {} (METBOOK_AXE): {e}; run ./scripts/test.sh",
                path.display()
            )
        })
    })
}

#[derive(Debug, Clone)]
pub(crate) struct Violation {
    pub id: String,
    pub impact: String,
    pub help: String,
    pub help_url: String,
    /// (target selector, html snippet, failure summary)
    pub nodes: Vec<(String, String, String)>,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "  [{}] {}: {} ({})",
            self.impact, self.id, self.help, self.help_url
        )?;
        for (target, html, summary) in self.nodes.iter().take(8) {
            writeln!(f, "      at {target}")?;
            writeln!(f, "         {}", truncate(html, 220))?;
            for line in summary.lines().take(4) {
                writeln!(f, "         {}", truncate(line, 220))?;
            }
        }
        if self.nodes.len() > 8 {
            writeln!(f, "      ... and {} more nodes", self.nodes.len() - 8)?;
        }
        Ok(())
    }
}

fn truncate(s: &str, n: usize) -> String {
    let s = s.replace('\n', " ");
    if s.chars().count() > n {
        format!("{}…", s.chars().take(n).collect::<String>())
    } else {
        s
    }
}

/// Runs axe-core (WCAG 2.0/2.1 A + AA, and [`AXE_EXTRA_RULES`]) on the current page and returns its violations.
pub(crate) async fn axe(b: &Browser) -> Vec<Violation> {
    let url = b.url().await;
    let loaded = b.js("return typeof window.axe === 'object';").await;
    if loaded != Value::Bool(true) {
        // WebDriver script execution is not subject to the page's CSP in Chromium.
        b.client
            .execute(
                &format!("{}\n;return typeof window.axe;", axe_source()),
                vec![],
            )
            .await
            .unwrap_or_else(|e| panic!("injecting axe-core into {url}: {e}"));
    }
    let script = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, arguments[0])
          .then(r => done({ok: r.violations.map(v => ({
              id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
              nodes: v.nodes.map(n => ({target: JSON.stringify(n.target), html: n.html,
                                        summary: n.failureSummary || ''}))}))}),
                err => done({err: String(err && err.stack || err)}));
    "#;
    let res = b
        .client
        .execute_async(script, vec![axe_options()])
        .await
        .unwrap_or_else(|e| panic!("running axe on {url}: {e}"));
    if let Some(err) = res.get("err") {
        panic!("axe.run failed on {url}: {err}");
    }
    res["ok"]
        .as_array()
        .expect("axe result")
        .iter()
        .map(|v| Violation {
            id: v["id"].as_str().unwrap_or("").into(),
            impact: v["impact"].as_str().unwrap_or("").into(),
            help: v["help"].as_str().unwrap_or("").into(),
            help_url: v["helpUrl"].as_str().unwrap_or("").into(),
            nodes: v["nodes"]
                .as_array()
                .map(|ns| {
                    ns.iter()
                        .map(|n| {
                            (
                                n["target"].as_str().unwrap_or("").into(),
                                n["html"].as_str().unwrap_or("").into(),
                                n["summary"].as_str().unwrap_or("").into(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect()
}

/// Console entries that count as errors: every SEVERE entry (JS errors, CSP violations,
/// failed requests), except `expected` substrings (e.g. the deliberate 404 of the 404 page)
/// and Chromium's automatic /favicon.ico probe.
pub(crate) fn severe(entries: &[LogEntry], expected: &[&str]) -> Vec<LogEntry> {
    entries
        .iter()
        .filter(|e| e.level == "SEVERE")
        .filter(|e| !e.message.contains("/favicon.ico "))
        .filter(|e| !expected.iter().any(|x| e.message.contains(x)))
        .cloned()
        .collect()
}

pub(crate) fn format_logs(entries: &[LogEntry]) -> String {
    entries
        .iter()
        .map(|e| {
            format!(
                "    {} [{}] {}",
                e.level,
                e.source,
                truncate(&e.message, 400)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Current `<html data-theme>` (None if absent).
pub(crate) async fn data_theme(b: &Browser) -> Option<String> {
    b.js("return document.documentElement.getAttribute('data-theme');")
        .await
        .as_str()
        .map(str::to_owned)
}

/// Stores `theme` under localStorage "metbook-theme", reloads, and asserts `<html data-theme>`.
pub(crate) async fn set_theme(b: &Browser, theme: &str) {
    b.js_args(
        "localStorage.setItem('metbook-theme', arguments[0]);",
        vec![json!(theme)],
    )
    .await;
    b.reload().await;
    let got = data_theme(b).await;
    assert_eq!(
        got.as_deref(),
        Some(theme),
        "{}: after localStorage metbook-theme={theme:?} and a reload, <html data-theme> is {got:?}",
        b.url().await
    );
}

/// Flattened `window.metbookToc` chapter URLs (relative to the root), in reading order.
pub(crate) async fn toc_urls(b: &Browser) -> Vec<String> {
    let v = b
        .js(r#"
            const out = [];
            const walk = items => (items || []).forEach(i => {
              if (i && typeof i.u === 'string') out.push(i.u);
              if (i && Array.isArray(i.c)) walk(i.c);
            });
            if (!Array.isArray(window.metbookToc)) return null;
            walk(window.metbookToc);
            return out;
        "#)
        .await;
    match v {
        Value::Array(a) => a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect(),
        _ => panic!(
            "{}: window.metbookToc is not an array after load (the toc_js script is missing or failed)",
            b.url().await
        ),
    }
}
