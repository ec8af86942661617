//! Raw HTML in a chapter that the site's `Content-Security-Policy: default-src 'self'`
//! will block in the browser: `<style>` and `<script>` elements, `style=` attributes and
//! inline event handlers (`onclick=` …). mdBook publishes them and they work there, so a
//! migrated book would build silently and then lose them; `check` says so, with the line.

/// What was found, and where in `html` (a byte offset).
pub(super) struct Blocked {
    pub at: usize,
    pub what: String,
    pub len: usize,
}

/// Every construct in one piece of raw HTML that the CSP blocks.
pub(super) fn find(html: &str) -> Vec<Blocked> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    for el in ["script", "style"] {
        let open = format!("<{el}");
        for (at, _) in lower.match_indices(&open) {
            let next = lower[at + open.len()..].chars().next();
            if next.is_none_or(|c| c == '>' || c.is_ascii_whitespace() || c == '/') {
                out.push(Blocked {
                    at,
                    what: format!("a <{el}> element"),
                    len: open.len() + 1,
                });
            }
        }
    }
    out.extend(attributes(&lower));
    out.sort_by_key(|b| b.at);
    out
}

/// `style=` and `on…=` attributes: a name after whitespace, inside a tag, before `=`.
fn attributes(lower: &str) -> Vec<Blocked> {
    let b = lower.as_bytes();
    let mut out = Vec::new();
    let mut in_tag = false;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            c if in_tag && c.is_ascii_whitespace() => {
                let name: String = lower[i + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                let rest = lower[i + 1 + name.len()..].trim_start();
                // The shortest event handlers (`oncut`, `onend`) have five letters.
                let handler = name.len() >= 5 && name.starts_with("on");
                if rest.starts_with('=') && (name == "style" || handler) {
                    out.push(Blocked {
                        at: i + 1,
                        what: format!("the `{name}=` attribute"),
                        len: name.len() + 1,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn finds_what_the_csp_blocks() {
        let whats = |h: &str| find(h).into_iter().map(|b| b.what).collect::<Vec<_>>();
        assert_eq!(whats("<script>alert(1)</script>"), ["a <script> element"]);
        assert_eq!(whats("<STYLE type=\"text/css\">"), ["a <style> element"]);
        assert_eq!(
            whats("<p style=\"color:red\" onclick='x()'>"),
            ["the `style=` attribute", "the `onclick=` attribute"]
        );
        assert!(whats("<p class=\"styled\">on= no tag</p> <scripture>").is_empty());
        assert!(whats("<span data-style=\"x\" one=\"1\">").is_empty());
    }
}
