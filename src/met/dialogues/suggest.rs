//! "Did you mean …?" suggestions for misspelt codes, speakers, header keys and stages.
//! A tiny Levenshtein distance is enough here; the candidate lists have a few dozen entries.

/// Edit distance in chars (insert, delete, substitute), case-insensitive.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest candidate, if it is close enough to be a plausible typo: at most 2 edits,
/// and fewer edits than the word is long (so "x" does not suggest every one-letter code).
pub(crate) fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("sx", "sr"), 1);
        assert_eq!(distance("SR", "sr"), 0);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(closest("sx", ["gi", "sr", "q"]), Some("sr"));
        assert_eq!(closest("zzzz", ["gi", "sr"]), None);
        assert_eq!(
            closest("counter_example", ["counter-example", "id"]),
            Some("counter-example")
        );
    }
}
