//! Save-to-reload latency of `metbook serve`: starts the real server on a book, listens on
//! its live-reload WebSocket like an open page does, then edits one chapter at a time and
//! times from the file's save to the `reload` message (median of 20).
//!
//! cargo build --release && cargo run --release --example serve_latency -- target/bench/m1000

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use tokio_tungstenite::tungstenite::Message;

fn metbook_binary() -> PathBuf {
    // target/release/examples/serve_latency → target/release/metbook
    let exe = std::env::current_exe().expect("own path");
    exe.parent()
        .and_then(Path::parent)
        .map(|d| d.join("metbook"))
        .expect("target dir")
}

fn chapters(src: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(src)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("SUMMARY.md"))
        .collect();
    v.sort();
    v
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: serve_latency BOOK_DIR [RUNS]"),
    );
    let runs: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(20);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(metbook_binary())
        .args(["serve", dir.to_str().unwrap(), "--port", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start metbook serve (build it first: cargo build --release)");
    let url = format!("ws://127.0.0.1:{port}/__metbook/ws");
    let start = Instant::now();
    let mut ws = loop {
        match tokio_tungstenite::connect_async(&url).await {
            Ok((ws, _)) => break ws,
            Err(_) if start.elapsed() < Duration::from_secs(60) => {
                tokio::time::sleep(Duration::from_millis(50)).await
            }
            Err(e) => panic!("serve did not come up: {e}"),
        }
    };
    let src = dir.join("manual");
    let files = chapters(if src.is_dir() { &src } else { &dir });
    let mut times = Vec::new();
    for run in 0..runs {
        let file = &files[(run * 37) % files.len()];
        let mut text = std::fs::read_to_string(file).unwrap();
        text.push_str(&format!(
            "\nAn edit for the latency benchmark, number {run}.\n"
        ));
        // Let any earlier deferred work (search, print.html) finish first.
        tokio::time::sleep(Duration::from_millis(400)).await;
        while let Ok(Some(_)) = tokio::time::timeout(Duration::from_millis(1), ws.next()).await {}
        let t0 = Instant::now();
        std::fs::write(file, &text).unwrap();
        loop {
            match tokio::time::timeout(Duration::from_secs(30), ws.next()).await {
                Ok(Some(Ok(Message::Text(t)))) if t.contains("\"reload\"") => break,
                Ok(Some(Ok(_))) => continue,
                other => panic!("no reload after editing {}: {other:?}", file.display()),
            }
        }
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    let _ = child.kill();
    let _ = child.wait();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "save-to-reload: median {:.1} ms, min {:.1} ms, max {:.1} ms over {} edits of {} chapters",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        times.len(),
        files.len()
    );
}
