//! Whitespace as `str::split_whitespace` sees it (Unicode `White_Space`), found a byte at a
//! time. Squeezing every section's text and cutting every excerpt walk each byte of the
//! index's text, and decoding each char for `char::is_whitespace` was most of their cost;
//! here an ASCII byte costs one table look-up and only the few lead bytes of non-ASCII
//! spaces look further.

/// Bytes of the whitespace char that `b` starts with; 0 when it starts with none. Only lead
/// bytes match, so a continuation byte inside any char is never taken for a space.
pub(crate) fn space_len(b: &[u8]) -> usize {
    match b {
        [b' ' | b'\t'..=b'\r', ..] => 1,
        // U+0085, U+00A0.
        [0xC2, 0x85 | 0xA0, ..] => 2,
        // U+1680, U+3000.
        [0xE1, 0x9A, 0x80, ..] | [0xE3, 0x80, 0x80, ..] => 3,
        // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F.
        [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..] | [0xE2, 0x81, 0x9F, ..] => 3,
        _ => 0,
    }
}

/// [`space_len`] of `b[i..]`, with the common case, a printable ASCII byte, decided first.
#[inline]
fn space_at(b: &[u8], i: usize) -> usize {
    if b[i] > b' ' && b[i] < 0x80 {
        return 0;
    }
    space_len(&b[i..])
}

/// Where the word starting at `i` ends: the next space, or the end. Bytes that cannot
/// start a space (printable ASCII, and in UTF-8 text every other byte but a few lead
/// bytes) are skipped in a tight loop.
fn word_end(b: &[u8], mut i: usize) -> usize {
    loop {
        i += b[i..]
            .iter()
            .position(|&c| c <= b' ' || c >= 0x80)
            .unwrap_or(b.len() - i);
        if i >= b.len() || space_len(&b[i..]) > 0 {
            return i;
        }
        i += 1;
    }
}

/// Past the spaces starting at `i`.
fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match space_at(b, i) {
            0 => break,
            n => i += n,
        }
    }
    i
}

/// The words of `s`, exactly as `s.split_whitespace()` gives them.
pub(crate) fn words(s: &str) -> Words<'_> {
    Words { s, at: 0 }
}

/// Iterator of [`words`].
pub(crate) struct Words<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let b = self.s.as_bytes();
        let start = skip_spaces(b, self.at);
        if start == b.len() {
            self.at = start;
            return None;
        }
        self.at = word_end(b, start);
        Some(&self.s[start..self.at])
    }
}

/// Whitespace runs become one space and none is left at either end (`split_whitespace`
/// joined by " "), in place: rebuilding a text a word at a time was a copy and an
/// allocation of each.
pub(crate) fn squeeze_in_place(s: &mut String) {
    let mut b = std::mem::take(s).into_bytes();
    // Words move left (`w <= r`); a space is written only between two words, where at
    // least one byte of space was skipped, so no byte is overwritten before it is read.
    let (mut r, mut w) = (0, 0);
    loop {
        r = skip_spaces(&b, r);
        if r == b.len() {
            break;
        }
        if w > 0 {
            b[w] = b' ';
            w += 1;
        }
        let end = word_end(&b, r);
        if w != r {
            b.copy_within(r..end, w);
        }
        w += end - r;
        r = end;
    }
    b.truncate(w);
    // Kept until the search index is built: no growth slack.
    b.shrink_to_fit();
    *s = String::from_utf8(b).expect("only whole whitespace chars are dropped");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn space_len_agrees_with_char_is_whitespace() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let enc = c.encode_utf8(&mut buf).as_bytes();
            let want = if c.is_whitespace() { enc.len() } else { 0 };
            assert_eq!(space_len(enc), want, "{c:?}");
        }
    }

    #[test]
    fn words_and_squeeze_match_split_whitespace() {
        let alphabet = "ab é\t\n\u{b}\u{c}\r\u{85}\u{a0}\u{2003}\u{2028}\u{3000}—x";
        for s in crate::text::random_texts(alphabet, 14, 0x9E3779B97F4A7C15, 20_000) {
            let want: Vec<&str> = s.split_whitespace().collect();
            assert_eq!(words(&s).collect::<Vec<_>>(), want, "{s:?}");
            let mut squeezed = s.clone();
            squeeze_in_place(&mut squeezed);
            assert_eq!(squeezed, want.join(" "), "{s:?}");
        }
    }
}
