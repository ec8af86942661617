//! A tiny static HTTP/1.1 file server for the browser suite.
//!
//! Serves one directory on 127.0.0.1 (a free port), GET and HEAD only, one thread per
//! connection, `Connection: close`. Unknown paths get the site's `404.html` with status 404.
//! Every response carries `Content-Security-Policy: default-src 'self'`, so inline scripts,
//! inline styles and off-site requests show up as console errors in the browser.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::thread;
use std::time::Duration;

pub(crate) const CSP: &str = "default-src 'self'";

pub(crate) struct Server {
    pub base: String,
}

impl Server {
    /// Starts serving `root` in a background thread. The thread lives as long as the process.
    pub(crate) fn start(root: &Path) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the test HTTP server");
        let addr = listener.local_addr().unwrap();
        let root = root.to_path_buf();
        thread::Builder::new()
            .name(format!("static-server-{}", addr.port()))
            .spawn(move || {
                for stream in listener.incoming() {
                    let Ok(stream) = stream else { continue };
                    let root = root.clone();
                    thread::spawn(move || {
                        let _ = handle(stream, &root);
                    });
                }
            })
            .unwrap();
        Server {
            base: format!("http://{addr}/"),
        }
    }

    /// Absolute URL of a site path relative to the root (`""`, `"print.html"`, `"a/b.html"`).
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path.trim_start_matches('/'))
    }
}

pub(crate) fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Maps a request target to a file under `root`, or None (-> 404).
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let path = metbook::text::percent_decode_strict(path)?;
    let rel = Path::new(path.trim_start_matches('/'));
    if rel
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return None;
    }
    let mut file = root.join(rel);
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn handle(stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers (bodies are not expected for GET/HEAD).
    let mut content_length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.trim().eq_ignore_ascii_case("content-length") {
                content_length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    if content_length > 0 {
        let mut sink = vec![0; content_length.min(1 << 20)];
        let _ = reader.read_exact(&mut sink);
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");

    let (status, file) = match method {
        "GET" | "HEAD" => match resolve(root, target) {
            Some(f) => ("200 OK", Some(f)),
            None => {
                let page = root.join("404.html");
                ("404 Not Found", page.is_file().then_some(page))
            }
        },
        _ => ("405 Method Not Allowed", None),
    };
    let (ctype, body) = match &file {
        Some(f) => (content_type(f), std::fs::read(f)?),
        None => ("text/plain; charset=utf-8", status.as_bytes().to_vec()),
    };
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\
         Content-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if method != "HEAD" {
        out.write_all(&body)?;
    }
    out.flush()
}
