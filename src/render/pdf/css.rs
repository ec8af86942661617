//! The print document's generated CSS: the paper size, a named page per section whose
//! top margin carries the section's title (the running head), and the contents' page
//! numbers. Chromium has no `string-set()` or `target-counter()`, so both are written out
//! as rules; every title goes through [`css_string`], so no title can end its rule.

use std::fmt::Write;

/// `s` as a quoted CSS string: `"` and `\` escaped, and control characters (a line break
/// would end the string) written as hex escapes.
pub(super) fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {
                // The space ends the escape, so a hex digit after it stays a letter.
                let _ = write!(out, "\\{:x} ", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The page size, and each section's running head: section `n` (class `mb-pdf-p{n}`) is
/// laid out on pages named `mb-p{n}`. A change of named page also starts a new page.
pub(super) fn pages_css(heads: &[String], paper: &str) -> String {
    let size = if paper.eq_ignore_ascii_case("letter") {
        "letter"
    } else {
        "A4"
    };
    let mut s = format!("@charset \"utf-8\";\n@page {{ size: {size}; }}\n");
    for (n, head) in heads.iter().enumerate() {
        let _ = writeln!(
            s,
            ".mb-pdf-p{n} {{ page: mb-p{n}; }}\n@page mb-p{n} {{ @top-center {{ content: {}; }} }}",
            css_string(head)
        );
    }
    s
}

/// The contents' page numbers: entry `i` of [`super::Plan::flat`] gets `pages[i]`; an
/// entry whose page is not known yet gets nothing (its slot keeps its width either way,
/// so filling the numbers in moves nothing).
pub(crate) fn contents_css(pages: &[Option<usize>]) -> String {
    let mut s = String::from("@charset \"utf-8\";\n");
    for (i, p) in pages.iter().enumerate() {
        if let Some(p) = p {
            let _ = writeln!(
                s,
                "#mb-pdf-toc-{i} .mb-pdf-pn::after {{ content: \"{p}\"; }}"
            );
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_cannot_end_their_css_string() {
        assert_eq!(css_string("Plain"), "\"Plain\"");
        assert_eq!(css_string(r#"Say "no" \ yes"#), r#""Say \"no\" \\ yes""#);
        assert_eq!(css_string("a\nb"), "\"a\\a b\"");
        assert_eq!(css_string("}</style>"), "\"}</style>\"");
        // Whatever the title, the string closes exactly once, at its end.
        for t in ["\"", "\\", "\\\"", "x\\", "\"}; @page { x"] {
            let s = css_string(t);
            let mut escaped = false;
            let closes: Vec<usize> = s
                .char_indices()
                .skip(1)
                .filter_map(|(i, c)| {
                    let close = c == '"' && !escaped;
                    escaped = c == '\\' && !escaped;
                    close.then_some(i)
                })
                .collect();
            assert_eq!(closes, vec![s.len() - 1], "{t:?} → {s}");
        }
    }

    #[test]
    fn each_section_gets_its_named_page_and_head() {
        let css = pages_css(&["One".into(), "Two \"2\"".into()], "letter");
        assert!(css.contains("size: letter"));
        assert!(css.contains(".mb-pdf-p1 { page: mb-p1; }"));
        assert!(css.contains("@page mb-p1 { @top-center { content: \"Two \\\"2\\\"\"; } }"));
        assert!(pages_css(&[], "A4").contains("size: A4"));
    }

    #[test]
    fn contents_numbers_only_where_known() {
        let css = contents_css(&[Some(3), None, Some(12)]);
        assert!(css.contains("#mb-pdf-toc-0 .mb-pdf-pn::after { content: \"3\"; }"));
        assert!(!css.contains("mb-pdf-toc-1 "));
        assert!(css.contains("#mb-pdf-toc-2 .mb-pdf-pn::after { content: \"12\"; }"));
    }
}
