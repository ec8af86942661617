//! `[output.html] sanitize = true`: raw HTML written in chapters is cleaned with ammonia
//! before it reaches the page. Scripts, styles, event-handler attributes (`on*=`), forms,
//! iframes and URLs with schemes other than http, https, mailto and tel are removed; the
//! text inside removed elements is kept (except for `<script>` and `<style>`). Off by
//! default, because the authors of a treatment manual are trusted.

use std::collections::HashSet;
use std::sync::OnceLock;

fn builder() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["class", "id", "role", "aria-label", "aria-hidden"])
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
            .link_rel(Some("noopener noreferrer"));
        b
    })
}

/// Cleans one fragment of raw HTML. The result is always well-formed on its own: an
/// opening tag without its closing tag (as inline HTML arrives, tag by tag) is closed
/// at once, and a lone closing tag is dropped.
pub(crate) fn sanitize_html(html: &str) -> String {
    builder().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::sanitize_html;

    #[test]
    fn removes_scripts_handlers_and_javascript_urls() {
        let dirty = r#"<p onclick="x()">Hi <script>alert(1)</script><img src=x onerror=alert(1)>
            <a href="javascript:alert(1)">j</a> <a href="https://example.org/">ok</a>
            <iframe src="https://evil.example/"></iframe><style>p{}</style></p>"#;
        let clean = sanitize_html(dirty);
        for bad in [
            "<script",
            "onclick",
            "onerror",
            "javascript:",
            "<iframe",
            "<style",
        ] {
            assert!(!clean.contains(bad), "{bad} survived: {clean}");
        }
        assert!(clean.contains(r#"href="https://example.org/""#), "{clean}");
        assert!(clean.contains("Hi "), "{clean}");
    }

    #[test]
    fn keeps_ordinary_markup() {
        let html = r#"<div class="note" id="n1"><em>keep</em> <abbr title="Motivational interviewing">MI</abbr></div>"#;
        let clean = sanitize_html(html);
        assert!(
            clean.contains(r#"class="note""#)
                && clean.contains("<em>keep</em>")
                && clean.contains("<abbr"),
            "{clean}"
        );
    }

    #[test]
    fn closing_script_in_attribute_values_cannot_break_out() {
        let clean = sanitize_html(r#"<span title="</script><script>alert(1)</script>">x</span>"#);
        assert!(!clean.contains("<script"), "{clean}");
    }
}
