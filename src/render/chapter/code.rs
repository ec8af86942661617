//! Hidden lines in code blocks, as mdBook hides them: in Rust, a line whose first
//! non-blank characters are `# ` (or a lone `#`) is hidden and `##` shows a literal `#`;
//! `[output.html.code] hidelines` gives other languages their own prefix. mdBook shows
//! such lines behind a toggle; metbook, which runs no code, leaves them out.

use std::collections::BTreeMap;

/// The language of a fenced block's info string (`rust,editable` → `rust`).
pub(super) fn language(info: &str) -> &str {
    info.split([',', ' ', '\t']).next().unwrap_or("")
}

/// The text of a code block with its hidden lines removed.
pub(super) fn hide_lines(
    text: &str,
    lang: Option<&str>,
    prefixes: &BTreeMap<String, String>,
) -> String {
    let Some(lang) = lang else {
        return text.to_string();
    };
    let custom = prefixes.get(lang).map(String::as_str);
    if custom.is_none() && lang != "rust" {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_start();
        let indent = &line[..line.len() - body.len()];
        match custom {
            Some(p) if body.starts_with(p) => continue,
            Some(_) => out.push_str(line),
            None if body.starts_with("##") => {
                out.push_str(indent);
                out.push_str(&body[1..]);
            }
            None if body.starts_with("# ") || body.trim_end() == "#" => continue,
            None => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_and_configured_hidden_lines() {
        let none = BTreeMap::new();
        let rust = "# fn main() {\nlet x = 1;\n    ## not hidden\n#[derive(Debug)]\n# }\n";
        assert_eq!(
            hide_lines(rust, Some("rust"), &none),
            "let x = 1;\n    # not hidden\n#[derive(Debug)]\n"
        );
        assert_eq!(hide_lines("# a\nb\n", Some("python"), &none), "# a\nb\n");
        let py = BTreeMap::from([("python".to_string(), "~".to_string())]);
        assert_eq!(
            hide_lines("~import x\nprint(1)\n", Some("python"), &py),
            "print(1)\n"
        );
        assert_eq!(language("rust,editable"), "rust");
    }
}
