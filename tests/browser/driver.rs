//! Starts chromedriver + headless Chromium and wraps a fantoccini client.
//!
//! Missing browser binaries are a test FAILURE, never a skip.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::{Capabilities, TimeoutConfiguration, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

pub(crate) const INSTALL_HINT: &str =
    "install them with `apt-get install chromium chromium-driver` \
     (or run ./scripts/test.sh, which installs everything the browser suite needs)";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Profile {
    /// 1280x900 desktop window.
    Desktop,
    /// Mobile emulation: 360x740 CSS px viewport, pixel ratio 2, touch.
    Phone,
}

impl Profile {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Profile::Desktop => "desktop",
            Profile::Phone => "phone",
        }
    }
}

fn find_binary(env: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env).filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    for c in candidates {
        let p = Path::new(c);
        if p.is_file() {
            return Some(p.to_path_buf());
        }
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for c in candidates {
            if let Some(name) = Path::new(c).file_name() {
                let p = dir.join(name);
                if p.is_file() {
                    return Some(p);
                }
            }
        }
    }
    None
}

pub(crate) fn chromedriver_path() -> PathBuf {
    find_binary("CHROMEDRIVER", &["/usr/bin/chromedriver"]).unwrap_or_else(|| {
        panic!(
            "chromedriver not found (checked $CHROMEDRIVER, /usr/bin/chromedriver, PATH): {INSTALL_HINT}"
        )
    })
}

pub(crate) fn chromium_path() -> PathBuf {
    find_binary(
        "CHROMIUM",
        &[
            "/usr/bin/chromium",
            "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome",
        ],
    )
    .unwrap_or_else(|| {
        panic!("chromium not found (checked $CHROMIUM, /usr/bin/chromium, PATH): {INSTALL_HINT}")
    })
}

/// A free port for chromedriver. chromedriver's own `--port=0` exited early now and then
/// here (it binds IPv4 and IPv6 separately), so the port is picked here instead.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("finding a free port")
        .port()
}

/// Raw GET /status against chromedriver; true once it reports ready.
fn driver_ready(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if s.write_all(b"GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut buf = String::new();
    let _ = s.read_to_string(&mut buf);
    buf.contains("\"ready\":true") || buf.contains("\"ready\": true")
}

/// `POST /session/{id}/se/log {"type": "browser"}` (chromedriver's log endpoint).
#[derive(Debug)]
struct GetBrowserLog;

impl WebDriverCompatibleCommand for GetBrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }
    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({"type": "browser"}).to_string()),
        )
    }
}

#[derive(Debug, Clone)]
pub(crate) struct LogEntry {
    pub level: String,
    pub source: String,
    pub message: String,
}

pub(crate) struct Browser {
    pub client: Client,
    pub profile: Profile,
    driver: Child,
    _user_data: tempfile::TempDir,
}

impl Browser {
    pub(crate) async fn start(profile: Profile) -> Browser {
        let chromedriver = chromedriver_path();
        let chromium = chromium_path();
        let user_data = tempfile::Builder::new()
            .prefix("chromium-profile-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .expect("creating a Chromium profile dir");

        let port = free_port();
        let log = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("chromedriver-{port}.log"));
        let mut driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}; {INSTALL_HINT}", chromedriver.display()));
        let deadline = Instant::now() + Duration::from_secs(30);
        while !driver_ready(port) {
            if let Ok(Some(status)) = driver.try_wait() {
                panic!(
                    "{} exited early ({status}); log: {}",
                    chromedriver.display(),
                    log.display()
                );
            }
            if Instant::now() > deadline {
                let _ = driver.kill();
                panic!("{} did not become ready in 30 s", chromedriver.display());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        let mut args = vec![
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--hide-scrollbars".to_owned(),
            "--force-color-profile=srgb".to_owned(),
            format!("--user-data-dir={}", user_data.path().display()),
        ];
        let mut chrome_options = json!({
            "binary": chromium.to_string_lossy(),
        });
        match profile {
            Profile::Desktop => args.push("--window-size=1280,900".to_owned()),
            Profile::Phone => {
                args.push("--window-size=360,740".to_owned());
                chrome_options["mobileEmulation"] = json!({
                    "deviceMetrics": {"width": 360, "height": 740, "pixelRatio": 2.0, "touch": true},
                    "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 \
                                  (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
                });
            }
        }
        chrome_options["args"] = json!(args);
        let mut caps = Capabilities::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert("goog:chromeOptions".into(), chrome_options);
        caps.insert("goog:loggingPrefs".into(), json!({"browser": "ALL"}));

        let connect = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        let client = match connect {
            Ok(c) => c,
            Err(e) => {
                let _ = driver.kill();
                let log_text = std::fs::read_to_string(&log).unwrap_or_default();
                let tail: String = log_text
                    .lines()
                    .rev()
                    .take(30)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect::<Vec<_>>()
                    .join("\n");
                panic!(
                    "could not start a Chromium session via chromedriver ({}; browser {}): {e}\n\
                     chromedriver log tail:\n{tail}",
                    chromedriver.display(),
                    chromium.display()
                );
            }
        };
        client
            .update_timeouts(TimeoutConfiguration::new(
                Some(Duration::from_secs(120)),
                Some(Duration::from_secs(60)),
                Some(Duration::from_secs(0)),
            ))
            .await
            .expect("setting WebDriver timeouts");
        let _ = std::fs::remove_file(&log);
        Browser {
            client,
            profile,
            driver,
            _user_data: user_data,
        }
    }

    /// Ends the session cleanly (Chromium exits), then chromedriver is killed on drop.
    pub(crate) async fn quit(self) {
        let _ = self.client.clone().close().await;
    }

    /// Drains the browser console log (entries since the last call).
    pub(crate) async fn logs(&self) -> Vec<LogEntry> {
        let v = self
            .client
            .issue_cmd(GetBrowserLog)
            .await
            .expect("reading the browser console log (POST /session/{id}/se/log)");
        let arr = match &v {
            Value::Array(a) => a.clone(),
            Value::Object(o) => o
                .get("value")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        arr.iter()
            .map(|e| LogEntry {
                level: e["level"].as_str().unwrap_or("").to_owned(),
                source: e["source"].as_str().unwrap_or("").to_owned(),
                message: e["message"].as_str().unwrap_or("").to_owned(),
            })
            .collect()
    }

    pub(crate) async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("executing script failed: {e}\nscript: {script}"))
    }

    /// Waits until the page has finished loading and everything already queued has run:
    /// two animation frames and a task after `load`. A test that shows something did *not*
    /// happen (no dialog, no navigation, no console error) checks after this, never after a
    /// fixed sleep.
    pub(crate) async fn settle(&self) {
        let script = "const done = arguments[arguments.length - 1]; \
            const flush = () => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0))); \
            if (document.readyState === 'complete') flush(); else addEventListener('load', flush, {once: true});";
        // A navigation or an open dialog ends the script early; either is for the caller to see.
        let _ = self.client.execute_async(script, vec![]).await;
    }

    pub(crate) async fn js_args(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("executing script failed: {e}\nscript: {script}"))
    }

    pub(crate) async fn url(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    /// Navigates and waits for the page's `<main id="mb-main">`.
    pub(crate) async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("navigating to {url}: {e}"));
        self.wait_css("#mb-main", url).await;
    }

    pub(crate) async fn reload(&self) {
        let url = self.url().await;
        self.client
            .refresh()
            .await
            .unwrap_or_else(|e| panic!("reloading {url}: {e}"));
        self.wait_css("#mb-main", &url).await;
    }

    pub(crate) async fn wait_css(&self, css: &str, context: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{context}: no element matching `{css}` within 10 s: {e}"))
    }

    /// Polls a JS expression until it returns true.
    pub(crate) async fn wait_js(&self, expr: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let v = self.js(&format!("return !!({expr});")).await;
            if v == Value::Bool(true) {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "{} on {}: timed out after 10 s waiting for {what} (`{expr}`)",
                    self.profile.name(),
                    self.url().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub(crate) async fn screenshot(&self, path: &Path) {
        let png = self
            .client
            .screenshot()
            .await
            .unwrap_or_else(|e| panic!("screenshot {}: {e}", path.display()));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // chromedriver runs in its own process group together with the Chromium it launched.
        let pgid = self.driver.id();
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{pgid}")])
            .stderr(Stdio::null())
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
