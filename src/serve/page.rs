//! What a served file looks like: its content type, and for HTML pages the live-reload
//! client added before `</body>`.

pub(super) fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload client before the last `</body>` (or at the end of a page without
/// one). An external script, not an inline one, because the CSP forbids inline scripts.
pub(super) fn inject(html: &[u8], build: &str) -> Vec<u8> {
    let tag =
        format!("<script src=\"/__metbook/livereload.js\" data-build=\"{build}\" defer></script>");
    let text = String::from_utf8_lossy(html);
    let at = text
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(text.len());
    let mut out = String::with_capacity(text.len() + tag.len());
    out.push_str(&text[..at]);
    out.push_str(&tag);
    out.push_str(&text[at..]);
    out.into_bytes()
}

/// Served while the book has never built (it had errors from the start), so that the
/// overlay has a page to appear on.
pub(super) const PLACEHOLDER: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>metbook: the book has errors</title></head>\
<body><main id=\"mb-main\"><h1>The book has errors</h1><p>Fix them and this page reloads by itself.</p></main></body></html>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></BODY></html>", "b1")).unwrap();
        assert_eq!(out, "<html><body><p>x</p><script src=\"/__metbook/livereload.js\" data-build=\"b1\" defer></script></BODY></html>");
        let bare = String::from_utf8(inject(b"<p>x</p>", "b1")).unwrap();
        assert!(bare.ends_with("defer></script>"));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/b.HTML"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.woff2"), "font/woff2");
        assert_eq!(content_type("x.svg"), "image/svg+xml");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
