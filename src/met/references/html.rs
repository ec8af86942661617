//! Turns hayagriva's rendered CSL output into safe HTML fragments.
//!
//! hayagriva has its own HTML writer (`BufWriteFormat::Html`), but it does not
//! escape text (an author called `<script>` would be injected verbatim), it
//! writes inline `style="…"` spans that a strict CSP forbids, and it does not
//! escape `&`/`"` in link targets. So we walk the element tree ourselves:
//! flatten it into runs of equally formatted text, merge neighbours, escape
//! everything, and emit semantic tags (`<i>`, `<b>`, `<sup>`, …).

use hayagriva::citationberg::{FontStyle, FontVariant, FontWeight, TextDecoration, VerticalAlign};
use hayagriva::{ElemChild, ElemChildren, Formatting};

/// One piece of text with a single formatting (and maybe a link target).
struct Run {
    fmt: Formatting,
    text: String,
    url: Option<String>,
}

/// Renders `children` as plain text (no markup, no escaping).
pub(super) fn plain(children: &ElemChildren) -> String {
    let mut runs = Vec::new();
    flatten(children, &mut runs);
    runs.into_iter().map(|r| r.text).collect()
}

/// Renders `children` as an HTML fragment with all text escaped.
pub(super) fn html(children: &ElemChildren) -> String {
    let mut runs = Vec::new();
    flatten(children, &mut runs);
    let runs = merge(runs);
    let mut out = String::new();
    let mut prev_end: Option<char> = None;
    for run in runs {
        // APA never doubles terminal punctuation: a title ending in "?" is not
        // followed by the style's "." ("…to change? In N. Heather…"). The CSL
        // engine does not know that, so fix it on the visible text.
        let text = fix_double_punct(&run.text, prev_end);
        if text.is_empty() {
            continue;
        }
        prev_end = text.chars().last();
        write_run(&mut out, &run.fmt, &text, run.url.as_deref());
    }
    out
}

fn flatten(children: &ElemChildren, runs: &mut Vec<Run>) {
    for child in &children.0 {
        match child {
            ElemChild::Text(t) => runs.push(Run {
                fmt: t.formatting,
                text: t.text.clone(),
                url: None,
            }),
            // Block/indent display is irrelevant for APA entries; keep the content.
            ElemChild::Elem(e) => flatten(&e.children, runs),
            // Typst math markup: we cannot evaluate it, show it as text.
            ElemChild::Markup(m) => runs.push(Run {
                fmt: Formatting::default(),
                text: m.clone(),
                url: None,
            }),
            ElemChild::Link { text, url } => runs.push(Run {
                fmt: text.formatting,
                text: text.text.clone(),
                url: Some(url.clone()),
            }),
            // Only produced for citations with locators we never request.
            ElemChild::Transparent { .. } => {}
        }
    }
}

fn merge(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    for run in runs {
        match out.last_mut() {
            Some(last) if last.fmt == run.fmt && last.url.is_none() && run.url.is_none() => {
                last.text.push_str(&run.text)
            }
            _ => out.push(run),
        }
    }
    out
}

/// Drops a "." that directly follows "?" or "!" (also across run borders).
fn fix_double_punct(text: &str, prev_end: Option<char>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev = prev_end;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next_is_break = chars.peek().is_none_or(|n| n.is_whitespace());
        if c == '.' && matches!(prev, Some('?') | Some('!')) && next_is_break {
            continue;
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

fn write_run(out: &mut String, fmt: &Formatting, text: &str, url: Option<&str>) {
    // Only web links become anchors: a `javascript:` URL in a references
    // file must not turn into a clickable script.
    let href = url.filter(|u| {
        let l = u.trim_start().to_ascii_lowercase();
        l.starts_with("https://") || l.starts_with("http://")
    });
    if let Some(h) = href {
        out.push_str("<a href=\"");
        crate::text::escape_into(h, out);
        out.push_str("\">");
    }
    let mut close: Vec<&str> = Vec::new();
    let mut open = |out: &mut String, tag: &'static str, end: &'static str| {
        out.push_str(tag);
        close.push(end);
    };
    if fmt.font_style == FontStyle::Italic {
        open(out, "<i>", "</i>");
    }
    if fmt.font_weight == FontWeight::Bold {
        open(out, "<b>", "</b>");
    }
    if fmt.font_variant == FontVariant::SmallCaps {
        open(out, "<span class=\"small-caps\">", "</span>");
    }
    if fmt.text_decoration == TextDecoration::Underline {
        open(out, "<u>", "</u>");
    }
    match fmt.vertical_align {
        VerticalAlign::Sup => open(out, "<sup>", "</sup>"),
        VerticalAlign::Sub => open(out, "<sub>", "</sub>"),
        _ => {}
    }
    crate::text::escape_into(text, out);
    for end in close.iter().rev() {
        out.push_str(end);
    }
    if href.is_some() {
        out.push_str("</a>");
    }
}
