//! The string encodings of the search files: base-32 varints in a URL-safe alphabet, and
//! JSON hardened so no author text can close the `<script>` that loads it (see chunks.rs
//! for the file format).

const ALPHA: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `v` as a base-32 varint, low digits first.
pub fn put_varint(out: &mut String, mut v: u32) {
    loop {
        let low = (v & 31) as usize;
        v >>= 5;
        if v == 0 {
            out.push(ALPHA[low] as char);
            return;
        }
        out.push(ALPHA[low | 32] as char);
    }
}

/// Digits `put_varint` writes for `v`.
pub(super) fn varint_len(mut v: u32) -> usize {
    let mut n = 1;
    while v >= 32 {
        v >>= 5;
        n += 1;
    }
    n
}

/// Reads back a run of varints written by [`put_varint`].
pub fn get_varints(s: &str) -> Vec<u32> {
    let (mut out, mut v, mut sh) = (Vec::new(), 0u32, 0u32);
    for b in s.bytes() {
        let d = ALPHA.iter().position(|&a| a == b).expect("varint alphabet") as u32;
        v |= (d & 31) << sh;
        if d < 32 {
            out.push(v);
            v = 0;
            sh = 0;
        } else {
            sh += 5;
        }
    }
    out
}

/// serde_json encoding plus the HTML/JS-safety escapes described above.
pub fn json(v: &serde_json::Value) -> String {
    harden(serde_json::to_string(v).expect("json"))
}

/// Bytes [`push_json_str`] must look at: JSON's (quote, backslash, control chars), the
/// hardening's `<`, `>`, `&`, and 0xE2, the lead byte of U+2028 and U+2029.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'&' as usize] = true;
    t[0xE2] = true;
    t
};

/// `s` as a JSON string literal, escaped exactly as [`json`] would (serde_json's escapes
/// plus the hardening), written straight into `out`: called for every title, crumb and
/// excerpt of the index, so the plain runs between escapes are found with a table and
/// copied whole.
pub fn push_json_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let b = s.as_bytes();
    let (mut last, mut i) = (0, 0);
    while let Some(k) = b[i..].iter().position(|&c| SPECIAL[c as usize]) {
        let at = i + k;
        i = at + 1;
        let mut hex = [0u8; 6];
        let (rep, len): (&str, usize) = match b[at] {
            b'"' => ("\\\"", 1),
            b'\\' => ("\\\\", 1),
            b'\n' => ("\\n", 1),
            b'\r' => ("\\r", 1),
            b'\t' => ("\\t", 1),
            0x08 => ("\\b", 1),
            0x0c => ("\\f", 1),
            b'<' => ("\\u003c", 1),
            b'>' => ("\\u003e", 1),
            b'&' => ("\\u0026", 1),
            0xE2 if s[at..].starts_with('\u{2028}') => ("\\u2028", 3),
            0xE2 if s[at..].starts_with('\u{2029}') => ("\\u2029", 3),
            0xE2 => continue,
            c => (control_escape(c, &mut hex), 1),
        };
        out.push_str(&s[last..at]);
        out.push_str(rep);
        last = at + len;
        i = last;
    }
    out.push_str(&s[last..]);
    out.push('"');
}

/// `\u00XX` for a control char without a short escape.
fn control_escape(c: u8, buf: &mut [u8; 6]) -> &str {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    *buf = [
        b'\\',
        b'u',
        b'0',
        b'0',
        HEX[(c >> 4) as usize],
        HEX[(c & 15) as usize],
    ];
    std::str::from_utf8(buf).expect("ASCII")
}

fn harden(s: String) -> String {
    // Byte scan: U+2028/2029 are E2 80 A8/A9 in UTF-8; everything else is ASCII.
    if !s.bytes().any(|b| matches!(b, b'<' | b'>' | b'&' | 0xE2)) {
        return s;
    }
    let mut o = String::with_capacity(s.len() + 16);
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let (rep, len) = match b {
            b'<' => ("\\u003c", 1),
            b'>' => ("\\u003e", 1),
            b'&' => ("\\u0026", 1),
            0xE2 if s[i..].starts_with('\u{2028}') => ("\\u2028", 3),
            0xE2 if s[i..].starts_with('\u{2029}') => ("\\u2029", 3),
            _ => continue,
        };
        o.push_str(&s[last..i]);
        o.push_str(rep);
        last = i + len;
    }
    o.push_str(&s[last..]);
    o
}
