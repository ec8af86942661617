//! The HTTP side of `serve`: routes, the in-memory site, path safety and response headers.
//! Only files of the built site are ever served (nothing is read from disk), so a request
//! path is a key into a map; `safe_site_path` still rejects anything that looks like an
//! escape, so a mistake elsewhere can never turn into one.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, LOCATION, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

use super::page::{content_type, inject, PLACEHOLDER};
use super::reload::{self, Hub};

pub(super) const CLIENT_JS: &str = include_str!("livereload.js");
/// Chromium's CSP treats ws: on the same host and port as 'self' (CSP Level 3), which the
/// browser test checks, so the WebSocket needs no extra `connect-src`.
pub(super) const CSP: &str = "default-src 'self'";

/// One good build: the site the server answers from, and its id (pages carry it, so a page
/// that missed a reload notices when it reconnects).
pub(super) struct Snapshot {
    pub site: HashMap<String, Vec<u8>>,
    pub build: String,
}

pub(super) struct AppState {
    pub snapshot: RwLock<Arc<Snapshot>>,
    pub hub: Hub,
    /// Bound to a loopback address: then only loopback Host headers are answered, which
    /// stops DNS-rebinding pages from reading the preview.
    pub loopback: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub(super) enum Reject {
    /// `..`, `.` or empty segments, or an absolute / drive path.
    Traversal,
    /// Encoded separators, backslashes, NUL or control characters, bad UTF-8 or escapes.
    Encoding,
}

/// Maps a raw (still percent-encoded) request path to a site path such as
/// `principles/x.html`; `/` and paths ending in `/` map to their `index.html`.
pub(super) fn safe_site_path(raw: &str) -> Result<String, Reject> {
    let lower = raw.to_ascii_lowercase();
    // An encoded separator would let a segment check pass and still name another folder.
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return Err(Reject::Encoding);
    }
    let decoded = metbook::text::percent_decode_strict(raw).ok_or(Reject::Encoding)?;
    if decoded.chars().any(|c| c == '\\' || c.is_control()) {
        return Err(Reject::Encoding);
    }
    let rest = decoded.strip_prefix('/').ok_or(Reject::Traversal)?;
    if rest.is_empty() {
        return Ok("index.html".into());
    }
    let dir = rest.ends_with('/');
    let body = rest.strip_suffix('/').unwrap_or(rest);
    let mut parts = Vec::new();
    for seg in body.split('/') {
        // Empty segments (`//etc/passwd`) and `:` (drive letters, `C:`) are never site paths.
        if seg.is_empty() || seg == "." || seg == ".." || seg.contains(':') {
            return Err(Reject::Traversal);
        }
        parts.push(seg);
    }
    let mut path = parts.join("/");
    if dir {
        path.push_str("/index.html");
    }
    Ok(path)
}

pub(super) fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route(
            "/__metbook/livereload.js",
            get(|| async {
                (
                    [(CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    CLIENT_JS,
                )
            }),
        )
        .route("/__metbook/ws", get(reload::ws))
        .route("/__metbook/status", get(status))
        .fallback(site_file)
        .layer(middleware::from_fn_with_state(state.clone(), check_host))
        .layer(SetResponseHeaderLayer::overriding(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // A preview must never show yesterday's page from the browser cache.
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state)
}

async fn status(State(app): State<Arc<AppState>>) -> Response {
    (
        [(CONTENT_TYPE, "application/json")],
        app.hub.status().to_string(),
    )
        .into_response()
}

async fn check_host(State(app): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    if app.loopback {
        if let Some(host) = req.headers().get("host") {
            let host = host.to_str().unwrap_or("");
            let name = match host.rsplit_once(':') {
                Some((n, port)) if port.bytes().all(|b| b.is_ascii_digit()) => n,
                _ => host,
            };
            let ok = name == "localhost"
                || name.ends_with(".localhost")
                || name == "[::1]"
                || name.starts_with("127.");
            if !ok {
                return (
                    StatusCode::FORBIDDEN,
                    "this preview answers only to localhost\n",
                )
                    .into_response();
            }
        }
    }
    next.run(req).await
}

async fn site_file(State(app): State<Arc<AppState>>, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n").into_response();
    }
    let raw = req.uri().path();
    let path = match safe_site_path(raw) {
        Ok(p) => p,
        Err(_) => return (StatusCode::BAD_REQUEST, "bad path\n").into_response(),
    };
    let snap = app.snapshot.read().unwrap().clone();
    if snap.site.is_empty() {
        let page = inject(PLACEHOLDER.as_bytes(), &snap.build);
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response();
    }
    if let Some(bytes) = snap.site.get(&path) {
        return file(StatusCode::OK, &path, bytes, &snap.build);
    }
    // A folder asked for without its slash: redirect, so the page's relative links work.
    if snap.site.contains_key(&format!("{path}/index.html")) {
        let to = format!("{}/", raw);
        if let Ok(v) = HeaderValue::from_str(&to) {
            return (StatusCode::MOVED_PERMANENTLY, [(LOCATION, v)]).into_response();
        }
    }
    match snap.site.get("404.html") {
        Some(bytes) => file(StatusCode::NOT_FOUND, "404.html", bytes, &snap.build),
        None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}

fn file(status: StatusCode, path: &str, bytes: &[u8], build: &str) -> Response {
    let ctype = content_type(path);
    let body = if ctype.starts_with("text/html") {
        inject(bytes, build)
    } else {
        bytes.to_vec()
    };
    (status, [(CONTENT_TYPE, ctype)], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Whatever a client sends, an accepted path stays inside the site: relative, no
        /// empty, `.` or `..` segment, no backslash or NUL.
        #[test]
        fn accepted_paths_never_leave_the_site(
            raw in "\\PC{0,40}",
            segs in proptest::collection::vec("(\\.\\.|\\.|%2e%2e|%2E%2e|%2f|%5c|\\\\|[a-z]{1,4}|%00|%c0%ae|%252e)", 0..6),
        ) {
            for candidate in [raw.clone(), format!("/{}", segs.join("/"))] {
                if let Ok(p) = safe_site_path(&candidate) {
                    proptest::prop_assert!(!p.starts_with('/') && !p.contains('\\') && !p.contains('\0'), "{candidate} -> {p}");
                    proptest::prop_assert!(p.split('/').all(|s| !s.is_empty() && s != "." && s != ".."), "{candidate} -> {p}");
                }
            }
        }
    }

    #[test]
    fn ordinary_paths_map_to_site_paths() {
        assert_eq!(safe_site_path("/").unwrap(), "index.html");
        assert_eq!(
            safe_site_path("/principles/").unwrap(),
            "principles/index.html"
        );
        assert_eq!(
            safe_site_path("/principles/x.html").unwrap(),
            "principles/x.html"
        );
        assert_eq!(safe_site_path("/a%20b.html").unwrap(), "a b.html");
        assert_eq!(safe_site_path("/caf%C3%A9.html").unwrap(), "café.html");
    }

    #[test]
    fn traversal_and_odd_encodings_are_rejected() {
        for raw in [
            "/../Cargo.toml",
            "/a/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/book.toml",
            "/..%2f..%2fbook.toml",
            "/..%2F..%2Fbook.toml",
            "/\\..\\book.toml",
            "/%5c..%5cbook.toml",
            "//etc/passwd",
            "/a//b.html",
            "/./index.html",
            "/index.html%00.js",
            "/C:/Windows/win.ini",
            "/%ZZ",
            "/%c0%ae%c0%ae/x",
            "etc/passwd",
        ] {
            assert!(safe_site_path(raw).is_err(), "{raw} must be rejected");
        }
    }
}
