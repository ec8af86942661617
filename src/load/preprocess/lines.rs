//! Where each line of a preprocessed chapter came from. The text before and after the
//! preprocessors is compared line by line: a line they left alone keeps its own file and
//! line, even when lines above it were added or removed; a line they wrote or changed is
//! given the nearest line of the author's text, and is noted so a problem found there can
//! say that its position is approximate.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp};

use crate::model::line_map::{LineMap, MapRun};

/// The line map of `new` (made from `old`, whose map is `map` and file `own`), and the
/// file positions of the lines the preprocessors wrote or changed.
pub(super) fn remap(
    old: &str,
    new: &str,
    map: Option<&LineMap>,
    own: &Path,
) -> (LineMap, Vec<(PathBuf, usize)>) {
    // A pathological pair of texts cannot hold up the build: past the deadline the diff
    // settles for a coarser (still correct) answer.
    let diff = similar::TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .deadline(Instant::now() + Duration::from_secs(1))
        .diff_lines(old, new);
    // For each new line (0-based): the old line (0-based) and whether it is exact.
    let mut from: Vec<(usize, bool)> = Vec::with_capacity(new.lines().count() + 1);
    for op in diff.ops() {
        match *op {
            DiffOp::Equal { old_index, len, .. } => {
                from.extend((old_index..old_index + len).map(|o| (o, true)));
            }
            DiffOp::Delete { .. } => {}
            DiffOp::Insert {
                old_index, new_len, ..
            } => from.extend(std::iter::repeat_n(
                (old_index.saturating_sub(1), false),
                new_len,
            )),
            DiffOp::Replace {
                old_index,
                old_len,
                new_len,
                ..
            } => from.extend((0..new_len).map(|k| (old_index + k.min(old_len - 1), false))),
        }
    }
    let locate = |old_line: usize| match map {
        Some(m) => m.locate(old_line + 1, own),
        None => (own.to_path_buf(), old_line + 1),
    };
    let mut runs: Vec<(usize, PathBuf, Vec<usize>)> = Vec::new();
    let mut approximate = Vec::new();
    for (n, (o, exact)) in from.into_iter().enumerate() {
        let (file, line) = locate(o);
        if !exact {
            approximate.push((file.clone(), line));
        }
        match runs.last_mut() {
            Some((_, f, lines)) if *f == file => lines.push(line),
            _ => runs.push((n + 1, file, vec![line])),
        }
    }
    let runs = runs
        .into_iter()
        .map(|(start, file, lines)| MapRun {
            start,
            file,
            from: 1,
            lines: Some(Arc::from(lines)),
        })
        .collect();
    (LineMap { runs }, approximate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untouched_lines_keep_their_place_and_written_ones_are_noted() {
        let own = Path::new("a.md");
        let old = "# A\n\ntext\n\n## B\nmore\n";
        let new = "# A\n\n<!-- toc -->\n- B\n\ntext\n\n## B\nMORE\n";
        let (map, approx) = remap(old, new, None, own);
        assert_eq!(map.locate(6, own), (own.to_path_buf(), 3), "`text`");
        assert_eq!(map.locate(8, own), (own.to_path_buf(), 5), "`## B`");
        assert_eq!(map.locate(9, own), (own.to_path_buf(), 6), "`MORE`");
        let lines: Vec<usize> = approx.iter().map(|(_, l)| *l).collect();
        assert!(lines.contains(&6), "{lines:?}");
        assert!(!lines.contains(&5), "{lines:?}");
    }

    #[test]
    fn included_lines_stay_in_their_file() {
        let own = Path::new("a.md");
        let inc = Path::new("inc.md");
        let map = LineMap {
            runs: vec![
                MapRun {
                    start: 1,
                    file: own.into(),
                    from: 1,
                    lines: None,
                },
                MapRun {
                    start: 2,
                    file: inc.into(),
                    from: 1,
                    lines: Some(Arc::from(vec![7, 8])),
                },
                MapRun {
                    start: 4,
                    file: own.into(),
                    from: 3,
                    lines: None,
                },
            ],
        };
        let old = "top\ninc 7\ninc 8\nbottom\n";
        let new = "NEW\ntop\ninc 7\ninc 8\nbottom\n";
        let (m, _) = remap(old, new, Some(&map), own);
        assert_eq!(m.locate(4, own), (inc.to_path_buf(), 8));
        assert_eq!(m.locate(5, own), (own.to_path_buf(), 3));
    }
}
