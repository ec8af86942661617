//! The harness of tests/serve.rs: starts the real `metbook serve` on a free port and waits
//! until it is ready, raw HTTP requests (so paths reach the server exactly as written) and
//! WebSocket messages.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use futures_util::StreamExt;

use crate::common::served_port;
use serde_json::Value;

pub(crate) const WAIT: Duration = Duration::from_secs(30);

pub(crate) struct Serve {
    child: Child,
    pub port: u16,
    log: PathBuf,
    _logs: tempfile::TempDir,
}

impl Serve {
    pub(crate) fn start(dir: &Path) -> Serve {
        Self::start_with(dir, &[], &[])
    }

    /// Starts `metbook serve DIR --port 0 ARGS` and waits until it answers on the port the
    /// system gave it, which it reports.
    pub(crate) fn start_with(dir: &Path, args: &[&str], env: &[(&str, String)]) -> Serve {
        let logs = tempfile::tempdir().unwrap();
        let log = logs.path().join("out.log");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_metbook"));
        cmd.arg("serve")
            .arg(dir)
            .args(["--port", "0"])
            .args(args)
            .env("NO_COLOR", "1")
            .env("METBOOK_CACHE_DIR", crate::common::private_cache());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = std::fs::File::create(&log).unwrap();
        let child = cmd
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .unwrap();
        let mut s = Serve {
            child,
            port: 0,
            log,
            _logs: logs,
        };
        let deadline = Instant::now() + WAIT;
        // "Serving" is printed once the files are watched and the first build is in.
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
                "metbook serve did not listen within 30 s:\n{}",
                s.output()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        s
    }

    pub(crate) fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub(crate) fn get(&self, path: &str) -> Resp {
        get_raw(self.port, path, &format!("127.0.0.1:{}", self.port))
    }

    pub(crate) fn status(&self) -> Value {
        serde_json::from_str(&self.get("/__metbook/status").body).unwrap()
    }

    /// Polls `what` until `ok` holds for it, or fails with the server's output.
    pub(crate) fn wait_for<T: std::fmt::Debug>(
        &self,
        what: &str,
        mut get: impl FnMut() -> T,
        ok: impl Fn(&T) -> bool,
    ) -> T {
        let deadline = Instant::now() + WAIT;
        loop {
            let v = get();
            if ok(&v) {
                return v;
            }
            if Instant::now() > deadline {
                panic!(
                    "timed out waiting for {what}; last: {v:?}\n--- serve output ---\n{}",
                    self.output()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub(crate) fn signal(&self, sig: &str) {
        let st = Command::new("kill")
            .args([sig, &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(st.success());
    }

    pub(crate) fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                return st;
            }
            assert!(
                Instant::now() < deadline,
                "metbook serve did not stop within 10 s:\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
pub(crate) struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub(crate) fn get_raw(port: u16, path: &str, host: &str) -> Resp {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Resp {
        status,
        headers,
        body: body.to_owned(),
    }
}

pub(crate) async fn next_json<S>(ws: &mut S) -> Value
where
    S: futures_util::Stream<
            Item = Result<
                tokio_tungstenite::tungstenite::Message,
                tokio_tungstenite::tungstenite::Error,
            >,
        > + Unpin,
{
    loop {
        let msg = tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("no WebSocket message within 30 s");
        match msg.expect("WebSocket closed").expect("WebSocket error") {
            tokio_tungstenite::tungstenite::Message::Text(t) => {
                return serde_json::from_str(&t).unwrap()
            }
            _ => continue,
        }
    }
}
