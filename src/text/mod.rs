//! Leaf helpers on plain text that every stage uses, each written once: HTML escaping,
//! URL percent-encoding, edit distance for "did you mean" help, free `-n` suffixes,
//! positions in YAML errors and a fast reader for plain YAML. Nothing here knows about
//! books.

pub mod plain_yaml;
mod yaml;

pub use yaml::{yaml_help, yaml_position, YamlPosition};

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Escapes text for HTML element content and attribute values alike.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(s, &mut out);
    out
}

/// [`escape`], appending to `out`.
pub fn escape_into(s: &str, out: &mut String) {
    // Runs between the (ASCII) special characters are copied whole, not char by char; one
    // table look-up per byte finds them (this runs over every word of prose).
    const SPECIAL: [bool; 256] = {
        let mut t = [false; 256];
        t[b'&' as usize] = true;
        t[b'<' as usize] = true;
        t[b'>' as usize] = true;
        t[b'"' as usize] = true;
        t[b'\'' as usize] = true;
        t
    };
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        if !SPECIAL[usize::from(b)] {
            continue;
        }
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            // Only the bytes above are marked in `SPECIAL`.
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// Everything but RFC 3986's unreserved characters.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Encodes `s` as one URL query value: every byte but the unreserved ones as `%XX`.
pub fn percent_encode_query(s: &str) -> String {
    utf8_percent_encode(s, QUERY_VALUE).to_string()
}

/// Decodes `%20`-style escapes in a path written in Markdown; bytes that do not form UTF-8
/// are replaced, and a `%` that starts no escape stays as it is.
pub fn percent_decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Decodes a request path strictly: `None` when a `%` starts no `%XX` escape or the bytes
/// are not UTF-8.
pub fn percent_decode_strict(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let malformed = b.iter().enumerate().any(|(i, &c)| {
        c == b'%'
            && !b
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    if malformed {
        return None;
    }
    percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

/// Edit distance in characters (insert, delete, substitute), case-insensitive.
pub fn distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(&a.to_lowercase(), &b.to_lowercase())
}

/// Edits between two already folded words, a swap of neighbours counting as one (optimal
/// string alignment): the distance search corrections use, so "refletive", "reflcetive"
/// and "reflectvie" are all one edit from "reflective".
pub fn typo_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// The closest candidate, if it is close enough to be a plausible typo: at most 2 edits,
/// and fewer edits than the word is long (so "x" does not suggest every one-letter code).
pub fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let n = word.chars().count();
    candidates
        .into_iter()
        .map(|c| (distance(word, c), c))
        .filter(|(d, _)| *d <= 2 && *d < n.max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// An id authors can write: ASCII letters, digits, `-` and `_`, starting with a letter or
/// digit (dialogue ids, code ids, worksheet ids).
pub fn valid_id(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `base` if it is free, else the first free `base-N` with N counting from `first`.
pub fn free_suffix(base: &str, first: usize, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (first..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .expect("an unused suffix")
}

/// Up to `decimals` decimals, trailing zeros dropped: 2 → "2", 1.25 → "1.25".
pub fn decimal(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// One step of the xorshift generator behind the randomized tests (the same sequence on
/// every run).
#[cfg(test)]
pub(crate) fn xorshift(x: &mut u64) {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
}

/// `count` pseudo-random strings of fewer than `max_len` characters from `alphabet`
/// (xorshift from `seed`, so every run tests the same strings), for tests that compare a
/// fast path with the standard library's.
#[cfg(test)]
pub(crate) fn random_texts(
    alphabet: &str,
    max_len: u64,
    seed: u64,
    count: usize,
) -> impl Iterator<Item = String> {
    let alphabet: Vec<char> = alphabet.chars().collect();
    let mut x = seed;
    (0..count).map(move |_| {
        let s = (0..x % max_len)
            .map(|_| {
                xorshift(&mut x);
                alphabet[(x % alphabet.len() as u64) as usize]
            })
            .collect();
        xorshift(&mut x);
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn percent_round_trip() {
        let q = "Miller & Rollnick (2013) “change” ?#+";
        assert_eq!(percent_encode_query("change talk"), "change%20talk");
        assert_eq!(percent_decode(&percent_encode_query(q)), q);
        assert!(percent_encode_query(q)
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)));
        assert_eq!(percent_decode("50%"), "50%");
        assert_eq!(percent_decode_strict("%FF"), None);
        assert_eq!(percent_decode_strict("/%ZZ"), None);
        assert_eq!(percent_decode_strict("/a%20b").as_deref(), Some("/a b"));
    }

    #[test]
    fn typo_distance_counts_each_kind_of_typo_as_one() {
        for typo in ["refletive", "reflecctive", "reflectove", "reflcetive"] {
            assert_eq!(typo_distance(typo, "reflective"), 1, "{typo}");
        }
        assert_eq!(typo_distance("discrepensy", "discrepancy"), 2);
    }

    #[test]
    fn distances_and_suggestions() {
        assert_eq!(distance("Seek", "seek"), 0);
        assert_eq!(distance("cr", "sr"), 1);
        assert_eq!(
            closest("empathise", ["empathize", "emphasize"]),
            Some("empathize")
        );
        assert_eq!(closest("sx", ["gi", "sr", "q"]), Some("sr"));
        assert_eq!(closest("zzzz", ["gi", "sr"]), None);
        assert_eq!(
            closest("counter_example", ["counter-example", "id"]),
            Some("counter-example")
        );
    }

    #[test]
    fn suffixes_skip_what_is_taken() {
        let taken = ["a", "a-1"];
        assert_eq!(free_suffix("b", 1, |s| taken.contains(&s)), "b");
        assert_eq!(free_suffix("a", 1, |s| taken.contains(&s)), "a-2");
        assert_eq!(free_suffix("a", 2, |s| taken.contains(&s)), "a-2");
    }
}
