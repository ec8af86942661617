//! Prose text outside headings, links and code: escaping, Pandoc citations and
//! first-mention glossary links with their tooltips.

use super::State;
use crate::diagnostics::{Diagnostic, Kind};
use crate::met::cite::{self, Citation};
use crate::resolve::links::relative;
use crate::text::{escape, escape_into};

impl State<'_> {
    /// Prose text outside headings, links and code: escapes it and adds citations and
    /// first-mention glossary links. `at` maps it to the chapter body: where each merged
    /// piece starts in `text` and in the body (empty inside a block, where it is unknown).
    pub(super) fn prose(&mut self, text: &str, at: &[(usize, usize)]) -> String {
        self.linked(text, at, true)
    }

    /// [`Self::prose`] without glossary links: a heading's text.
    pub(super) fn cited(&mut self, text: &str, at: &[(usize, usize)]) -> String {
        self.linked(text, at, false)
    }

    fn linked(&mut self, text: &str, at: &[(usize, usize)], gloss: bool) -> String {
        let mut out = String::with_capacity(text.len() + 16);
        let mut rest_start = 0;
        // `\@key` and `\[@key]` are literal: the escaped character begins a piece whose
        // source is just after the backslash.
        let body = self.ctx.book.chapters[self.ctx.index].body.as_bytes();
        let escaped = |m: usize| match at.binary_search_by_key(&m, |p| p.0) {
            Ok(k) => at[k].1 > 0 && body.get(at[k].1 - 1) == Some(&b'\\'),
            Err(_) => false,
        };
        let plain = |st: &mut Self, t: &str, out: &mut String| {
            if gloss {
                st.glossed(t, out)
            } else {
                escape_into(t, out)
            }
        };
        for f in cite::scan(text).into_iter().filter(|f| !escaped(f.start)) {
            plain(self, &text[rest_start..f.start], &mut out);
            self.citation(&f.citation, &text[f.start..f.end], at, &mut out);
            rest_start = f.end;
        }
        plain(self, &text[rest_start..], &mut out);
        out
    }

    fn glossed(&mut self, text: &str, out: &mut String) {
        // `[words]{.no-gloss}` opts a mention out of glossary linking.
        // A shared finder: building one per text run was a measurable share of a build.
        static NO_GLOSS: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new("]{.no-gloss}"));
        let mut rest = text;
        while let Some(end) = NO_GLOSS.find(rest.as_bytes()) {
            match rest[..end].rfind('[') {
                Some(open) => {
                    self.glossed_plain(&rest[..open], out);
                    escape_into(&rest[open + 1..end], out);
                }
                None => self.glossed_plain(&rest[..end], out),
            }
            rest = &rest[end + "]{.no-gloss}".len()..];
        }
        self.glossed_plain(rest, out);
    }

    fn glossed_plain(&mut self, text: &str, out: &mut String) {
        let g = &self.ctx.book.met.glossary;
        let used = &mut self.used;
        let mentions = g.find_with(
            text,
            &mut |t| std::mem::replace(&mut used[t], true),
            &mut self.gloss,
        );
        let mut last = 0;
        if mentions.is_empty() {
            escape_into(text, out);
            return;
        }
        let href = relative(self.ctx.page, "glossary.html");
        for m in mentions {
            escape_into(&text[last..m.start], out);
            let t = &g.terms[m.term];
            // nav.js adds the tooltip from the shared script (toc.rs); without scripts the
            // link still leads to the definition.
            out.push_str("<a class=\"mb-term\" href=\"");
            out.push_str(&href);
            out.push_str("#term-");
            escape_into(&t.id, out);
            out.push_str("\">");
            escape_into(&text[m.start..m.end], out);
            out.push_str("</a>");
            last = m.end;
        }
        escape_into(&text[last..], out);
    }

    fn citation(&mut self, c: &Citation, source: &str, at: &[(usize, usize)], out: &mut String) {
        let refs = &self.ctx.book.met.references;
        let href = relative(self.ctx.page, "references.html");
        let cites = match c {
            Citation::Parenthetical(v) => v.as_slice(),
            Citation::Narrative(c) => std::slice::from_ref(c),
        };
        if let Some(bad) = cites.iter().find(|c| !refs.contains(&c.key)) {
            if self.ctx.report && !self.ctx.book.met.references_failed {
                let ch = &self.ctx.book.chapters[self.ctx.index];
                // Inside a block the offset is unknown: the key's first occurrence is it.
                let piece = at.iter().rev().find(|(merged, _)| *merged <= bad.at);
                let offset = match piece {
                    Some((merged, body)) => body + (bad.at - merged),
                    None => cite::first_use(&ch.body, &bad.key).unwrap_or(0),
                };
                let (line, col) = crate::diagnostics::line_col(&ch.body, offset);
                let (file, line) = ch.locate(line);
                let known = refs.keys().len();
                self.out.diags.push(
                    Diagnostic::error(Kind::UnknownCitation, file, line, col, format!("unknown citation key `@{}`", bad.key))
                        .len(bad.key.len() + 1)
                        .help(format!(
                            "add an entry `{}:` to references.yml ({known} {} there now), or correct the key",
                            bad.key,
                            if known == 1 { "entry" } else { "entries" }
                        )),
                );
            }
            escape_into(source, out);
            return;
        }
        match c {
            Citation::Narrative(c) => {
                let mut label = refs.narrative(&c.key).unwrap_or_default();
                // "Miller and Rollnick (1991)" with `[p. 33]`: "… (1991, p. 33)".
                if !c.locator.is_empty() {
                    if let Some(open) = label.strip_suffix(')') {
                        label = format!("{open}, {})", c.locator);
                    }
                }
                out.push_str(&format!(
                    "<a class=\"mb-cite\" href=\"{href}#ref-{}\">{}</a>",
                    escape(&c.key),
                    escape(&label)
                ));
            }
            Citation::Parenthetical(v) => {
                out.push('(');
                for (i, c) in v.iter().enumerate() {
                    if i > 0 {
                        out.push_str("; ");
                    }
                    // `-@key` leaves the author out, as in Pandoc: "(1991)".
                    let (prefix, year_only) = match c.prefix.strip_suffix('-') {
                        Some(p) => (p.trim_end(), true),
                        None => (c.prefix.as_str(), false),
                    };
                    if !prefix.is_empty() {
                        escape_into(prefix, out);
                        out.push(' ');
                    }
                    let label = refs.parenthetical(&c.key).unwrap_or_default();
                    let label = match label.rsplit_once(", ") {
                        Some((_, year)) if year_only => year.to_string(),
                        _ => label,
                    };
                    out.push_str(&format!(
                        "<a class=\"mb-cite\" href=\"{href}#ref-{}\">{}</a>",
                        escape(&c.key),
                        escape(&label)
                    ));
                    if !c.locator.is_empty() {
                        out.push_str(", ");
                        escape_into(&c.locator, out);
                    }
                }
                out.push(')');
            }
        }
        for c in cites {
            if !self.out.cites_used.contains(&c.key) {
                self.out.cites_used.push(c.key.clone());
            }
        }
    }
}
