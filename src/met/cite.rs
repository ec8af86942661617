//! Pandoc-style citation syntax found in prose: `[@key]`, `[@a; @b]`, `[@key, p. 52]`,
//! `[see @key]` and narrative `@key says`. Only syntax lives here; labels come from the
//! references file.

/// One cited work inside a citation.
#[derive(Debug, Clone, PartialEq)]
pub struct Cite {
    /// The references key, without the `@`.
    pub key: String,
    /// Words before the key (`see` in `[see @key]`); empty when none.
    pub prefix: String,
    /// Words after the key (`p. 52` in `[@key, p. 52]`); empty when none.
    pub locator: String,
    /// Byte offset of the key's `@` in the scanned text.
    pub at: usize,
}

/// A citation as written in the prose.
#[derive(Debug, Clone, PartialEq)]
pub enum Citation {
    /// `[@a; @b, p. 3]`
    Parenthetical(Vec<Cite>),
    /// `@a`
    Narrative(Cite),
}

/// A citation and the byte range of its source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Byte offset where the citation starts in the scanned text.
    pub start: usize,
    /// Byte offset just past its end.
    pub end: usize,
    /// What it cites.
    pub citation: Citation,
}

fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.')
}

/// Byte offset of the first citation of `key` in `text` (`@key` not followed by more of
/// a key: `@miller` is not in `@miller1991`), for a block whose offsets are unknown.
pub fn first_use(text: &str, key: &str) -> Option<usize> {
    let at = format!("@{key}");
    text.match_indices(&at).map(|(i, _)| i).find(|&i| {
        let next = text[i + at.len()..].chars().next();
        !next.is_some_and(|c| is_key_char(c) && c != '.' && c != ':')
    })
}

/// Reads a key after `@` at byte `i`, trailing punctuation excluded.
fn key_at(text: &str, i: usize) -> Option<(String, usize)> {
    let rest = &text[i + 1..];
    let len: usize = rest
        .chars()
        .take_while(|c| is_key_char(*c))
        .map(char::len_utf8)
        .sum();
    let key = rest[..len].trim_end_matches(['.', ':', '-']);
    if key.is_empty()
        || !key
            .chars()
            .next()
            .map(char::is_alphanumeric)
            .unwrap_or(false)
    {
        return None;
    }
    Some((key.to_string(), i + 1 + key.len()))
}

/// Every citation in `text`, in order; text that is not citation syntax is left alone.
pub fn scan(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    if !text.contains('@') {
        return out;
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'[' => {
                if let Some(f) = bracketed(text, i) {
                    i = f.end;
                    out.push(f);
                    continue;
                }
            }
            b'@' => {
                let prev = text[..i].chars().next_back();
                let boundary = prev
                    .map(|c| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '—' | '–'))
                    .unwrap_or(true);
                if boundary {
                    if let Some((key, mut end)) = key_at(text, i) {
                        // `@key [p. 33]`: a locator for a narrative citation, as in Pandoc.
                        let mut locator = String::new();
                        if let Some(rest) = text[end..].strip_prefix(" [") {
                            if let Some(close) = rest.find(']') {
                                let inner = &rest[..close];
                                if !inner.contains(['@', '[']) && !inner.trim().is_empty() {
                                    locator = inner.trim().to_string();
                                    end += 2 + close + 1;
                                }
                            }
                        }
                        out.push(Found {
                            start: i,
                            end,
                            citation: Citation::Narrative(Cite {
                                key,
                                prefix: String::new(),
                                locator,
                                at: i,
                            }),
                        });
                        i = end;
                        continue;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn bracketed(text: &str, open: usize) -> Option<Found> {
    let close = open + text[open..].find(']')?;
    let inner = &text[open + 1..close];
    if !inner.contains('@') || inner.contains('[') {
        return None;
    }
    let mut cites = Vec::new();
    let mut offset = open + 1;
    for part in inner.split(';') {
        let at_rel = part.find('@')?;
        // A key starts a word (or follows `-`): `[email intake@clinic.org]` is no citation.
        let before = part[..at_rel].chars().next_back();
        if before.is_some_and(|c| !c.is_whitespace() && c != '-') {
            return None;
        }
        let at = offset + at_rel;
        let (key, end) = key_at(text, at)?;
        let prefix = part[..at_rel].trim().to_string();
        let locator = text[end..offset + part.len()]
            .trim()
            .trim_start_matches(',')
            .trim()
            .to_string();
        cites.push(Cite {
            key,
            prefix,
            locator,
            at,
        });
        offset += part.len() + 1;
    }
    Some(Found {
        start: open,
        end: close + 1,
        citation: Citation::Parenthetical(cites),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(f: &Found) -> Vec<(&str, &str, &str)> {
        match &f.citation {
            Citation::Parenthetical(c) => c
                .iter()
                .map(|c| (c.key.as_str(), c.prefix.as_str(), c.locator.as_str()))
                .collect(),
            Citation::Narrative(c) => vec![(c.key.as_str(), "", "")],
        }
    }

    #[test]
    fn all_pandoc_forms() {
        let t = "As @miller1991 argues [@bandura1982; see @miller1983, p. 52]. Mail a@b.org.";
        let f = scan(t);
        assert_eq!(f.len(), 2);
        assert_eq!(keys(&f[0]), [("miller1991", "", "")]);
        assert_eq!(
            keys(&f[1]),
            [("bandura1982", "", ""), ("miller1983", "see", "p. 52")]
        );
        assert_eq!(
            &t[f[1].start..f[1].end],
            "[@bandura1982; see @miller1983, p. 52]"
        );
        assert_eq!(f[1].citation.clone(), f[1].citation);
    }

    #[test]
    fn narrative_locator_and_suppressed_author() {
        let f = scan("As @miller1991 [p. 33] says, and [-@bandura1982, p. 4].");
        assert_eq!(keys(&f[0]), [("miller1991", "", "")]);
        match &f[0].citation {
            Citation::Narrative(c) => assert_eq!(c.locator, "p. 33"),
            other => panic!("{other:?}"),
        }
        assert_eq!(keys(&f[1]), [("bandura1982", "-", "p. 4")]);
    }

    #[test]
    fn first_use_skips_longer_keys() {
        let t = "Intro cites @miller1991 here.\nSee [@miller]. And @miller: again.";
        assert_eq!(first_use(t, "miller"), t.find("@miller]"));
        assert_eq!(first_use(t, "miller1991"), t.find("@miller1991"));
        assert_eq!(first_use(t, "nobody"), None);
    }

    #[test]
    fn an_address_in_brackets_is_no_citation() {
        assert!(scan("Call [or email intake@clinic.org] today.").is_empty());
        // Only the key that starts a word is one.
        let f = scan("[see me@x.org; @miller1991]");
        assert_eq!(f.len(), 1);
        assert_eq!(keys(&f[0]), [("miller1991", "", "")]);
        let f = scan("[see @miller1991; -@bandura1982]");
        assert_eq!(keys(&f[0]).len(), 2);
    }

    #[test]
    fn trailing_period_is_not_part_of_the_key() {
        let f = scan("Shown by @syme1988.");
        assert_eq!(keys(&f[0]), [("syme1988", "", "")]);
    }
}
