//! The live-reload channel: what every open page is told after a rebuild, over the WebSocket
//! at `/__metbook/ws`. The hub keeps the current state so that a page opened (or reconnected)
//! after a failed rebuild learns about the errors at once, not only on the next change.

use std::sync::{Arc, RwLock};

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use metbook::diagnostics::{Diagnostic, Diagnostics};
use serde::Serialize;
use serde_json::json;
use tokio::sync::{broadcast, watch};

use super::server::AppState;

/// A diagnostic as the overlay shows it. `Diagnostic` itself does not serialise the source
/// line (the JSON report of `check` leaves it out), but the overlay needs the snippet.
#[derive(Serialize)]
struct Shown<'a> {
    severity: &'a metbook::diagnostics::Severity,
    file: String,
    line: usize,
    col: usize,
    message: &'a str,
    help: &'a str,
    source_line: Option<&'a str>,
}

fn shown(d: &Diagnostic) -> Shown<'_> {
    Shown {
        severity: &d.severity,
        file: d.file.display().to_string(),
        line: d.line,
        col: d.col,
        message: &d.message,
        help: &d.help,
        source_line: d.source_line.as_deref(),
    }
}

pub(super) struct Hub {
    tx: broadcast::Sender<Arc<str>>,
    /// The message a newly connected page gets: `ok` with the current build, or `errors`.
    current: RwLock<Arc<str>>,
    /// The same state for `GET /__metbook/status` (and the tests).
    status: RwLock<serde_json::Value>,
    stop_tx: watch::Sender<bool>,
}

impl Hub {
    pub(super) fn new(build: &str) -> Hub {
        let (tx, _) = broadcast::channel(16);
        let (stop_tx, _) = watch::channel(false);
        let ok = ok_message(build);
        Hub {
            tx,
            current: RwLock::new(ok.to_string().into()),
            status: RwLock::new(
                json!({"state": "ok", "build": build, "diagnostics": [], "text": ""}),
            ),
            stop_tx,
        }
    }

    fn send(&self, msg: &serde_json::Value) {
        // No receivers (no open page) is not an error.
        let _ = self.tx.send(msg.to_string().into());
    }

    /// After a good rebuild: `ok` when it fixes a failed one, `reload` when pages changed.
    pub(super) fn good(&self, build: &str, changed: bool) {
        let was_failing = self.status.read().unwrap()["state"] == "errors";
        let ok = ok_message(build);
        *self.current.write().unwrap() = ok.to_string().into();
        *self.status.write().unwrap() =
            json!({"state": "ok", "build": build, "diagnostics": [], "text": ""});
        if was_failing {
            self.send(&ok);
        }
        if changed {
            self.send(&json!({"type": "reload", "build": build}));
        }
    }

    /// After a failed rebuild; `build` is that of the last good site, still being served.
    pub(super) fn errors(&self, build: &str, diags: &Diagnostics) {
        let list: Vec<Shown> = diags
            .items
            .iter()
            .filter(|d| d.is_error())
            .map(shown)
            .collect();
        let text = diags.render_human(false);
        let msg = json!({"type": "errors", "build": build, "diagnostics": list, "text": text});
        *self.current.write().unwrap() = msg.to_string().into();
        *self.status.write().unwrap() =
            json!({"state": "errors", "build": build, "diagnostics": list, "text": text});
        self.send(&msg);
    }

    pub(super) fn status(&self) -> serde_json::Value {
        self.status.read().unwrap().clone()
    }

    /// Ends every WebSocket, so that graceful shutdown is not held up by open pages.
    pub(super) fn close(&self) {
        let _ = self.stop_tx.send(true);
    }
}

fn ok_message(build: &str) -> serde_json::Value {
    json!({"type": "ok", "build": build})
}

/// `GET /__metbook/ws`. Browsers let any site open a WebSocket to localhost, so a page whose
/// Origin is not this server is refused: the diagnostics quote the book's sources.
pub(super) async fn ws(
    State(app): State<Arc<AppState>>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if let Some(origin) = headers.get("origin") {
        let origin = origin.to_str().unwrap_or("");
        if origin != format!("http://{host}") {
            return (StatusCode::FORBIDDEN, "cross-origin WebSocket refused\n").into_response();
        }
    }
    upgrade.on_upgrade(move |socket| talk(socket, app))
}

async fn talk(mut socket: WebSocket, app: Arc<AppState>) {
    let hub = &app.hub;
    // Subscribe before reading the current state, so no message falls in between.
    let mut rx = hub.tx.subscribe();
    let mut stop = hub.stop_tx.subscribe();
    let first = hub.current.read().unwrap().clone();
    if socket
        .send(Message::Text(first.as_ref().into()))
        .await
        .is_err()
    {
        return;
    }
    loop {
        tokio::select! {
            msg = rx.recv() => match msg {
                Ok(m) => {
                    if socket.send(Message::Text(m.as_ref().into())).await.is_err() {
                        return;
                    }
                }
                // A page that fell behind just gets the current state again.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    let m = hub.current.read().unwrap().clone();
                    if socket.send(Message::Text(m.as_ref().into())).await.is_err() {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Closed) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {}
            },
            _ = stop.changed() => {
                let _ = socket.send(Message::Close(None)).await;
                return;
            }
        }
    }
}
