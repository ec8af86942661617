//! Layout, ranking and escaping tests on small fixtures (the browser side is
//! mirrored by `sim`).
use super::{build, chunks, index::Index, sim, DocKind, SearchDoc};

fn d(title: &str, body: &str) -> SearchDoc {
    SearchDoc {
        url: format!("p.html#{}", title.len()),
        title: title.into(),
        breadcrumbs: vec!["Ch".into()],
        body: body.into(),
        kind: DocKind::Chapter,
        facets: vec![],
        heading: true,
    }
}

fn filler(n: usize) -> String {
    (0..n).map(|i| format!("word{} ", i % 37)).collect()
}

fn ranked(docs: &[SearchDoc], q: &str) -> Vec<u32> {
    let idx = Index::build(docs, "en");
    let (_, _, lay) = chunks::write(&idx, docs, "en");
    sim::query(&idx, &lay, q)
        .ranked
        .into_iter()
        .map(|r| r.0)
        .collect()
}

#[test]
fn title_match_ranks_above_body_match() {
    let docs = vec![
        d(
            "Other topic",
            &format!("{} empathy {}", filler(5), filler(5)),
        ),
        d("Empathy", &filler(12)),
        d("Misc", &filler(20)),
    ];
    assert_eq!(ranked(&docs, "empathy "), vec![1, 0]);
}

#[test]
fn bm25_prefers_shorter_doc_with_same_tf() {
    let docs = vec![
        d("A", &format!("discrepancy {}", filler(80))),
        d("B", &format!("discrepancy {}", filler(8))),
        d("C", &filler(30)),
    ];
    assert_eq!(ranked(&docs, "discrepancy "), vec![1, 0]);
}

#[test]
fn and_semantics_stemming_prefix_typo_phrase() {
    let docs = vec![
        d("Roll with resistance", "Do not argue; roll with it."),
        d("Resistance", "Resistance rolls in; with time it fades."),
        d("Reflections", "Complex reflections add meaning."),
    ];
    assert_eq!(ranked(&docs, "reflection "), vec![2]); // stem match, not prefix
    assert_eq!(ranked(&docs, "resistance roll"), vec![0, 1]); // AND + prefix
    assert_eq!(ranked(&docs, "\"roll with resistance\""), vec![0]); // phrase
    assert_eq!(ranked(&docs, "\"with resistance roll\""), Vec::<u32>::new());
    assert_eq!(ranked(&docs, "resistanse "), vec![1, 0]); // typo, distance 1
    assert_eq!(ranked(&docs, "reflect resistance"), Vec::<u32>::new());
}

#[test]
fn a_missing_letter_is_corrected_like_a_swap_on_each_word_and_said_so() {
    let docs = vec![
        d("Express empathy", "Reflective listening is the core skill."),
        d("Music", "Listening to music."),
        d("Lists", "A listing of lists."),
        d("Listed", "Each item listed."),
    ];
    let idx = Index::build(&docs, "en");
    let (_, _, lay) = chunks::write(&idx, &docs, "en");
    let fixed = |q: &str| sim::query(&idx, &lay, q).fixed;
    for q in [
        "reflectve listening",
        "refletive",
        "reflcetive ",
        "reflective listning ",
    ] {
        let r = sim::query(&idx, &lay, q);
        assert_eq!(r.ranked.iter().map(|r| r.0).collect::<Vec<_>>(), [0], "{q}");
        assert_eq!(r.fixed.len(), 1, "{q}: {:?}", r.fixed);
    }
    assert_eq!(
        fixed("reflectve listening"),
        [("reflectve".to_string(), "reflective".to_string())]
    );
    // "listing" is in more docs, but "listening" is the one found with "reflective".
    assert_eq!(
        fixed("reflective listning "),
        [("listning".to_string(), "listening".to_string())]
    );
    assert!(
        fixed("reflective listening").is_empty(),
        "exact words are not corrected"
    );
    assert!(
        sim::query(&idx, &lay, "refl").fixed.is_empty(),
        "a prefix is not a typo"
    );
}

#[test]
fn a_correction_in_the_next_chunk_is_found() {
    let docs: Vec<SearchDoc> = (0..400)
        .map(|i| {
            // "listenaaa", "listenaab", …: one family of words, across chunk boundaries.
            let tail: String = [i / 676, i / 26 % 26, i % 26]
                .iter()
                .map(|&k| char::from(b'a' + k as u8))
                .collect();
            d(
                &format!("Section {i}"),
                &format!("{} listen{tail}", filler(60)),
            )
        })
        .collect();
    let idx = Index::build(&docs, "en");
    let (_, _, lay) = chunks::write(&idx, &docs, "en");
    // The first word of a chunk less its last letter (not itself a word) sorts into the
    // chunk before, so its correction is in the next chunk.
    let case = (1..lay.chunk_words.len()).find_map(|c| {
        let (x, _) = &lay.chunk_words[c][0];
        let typo = &x[..x.len() - 1];
        let known = lay.chunk_words[c - 1].iter().any(|(w, _)| w == typo);
        (x.len() >= 6 && !known && lay.chunk_of(typo) == c - 1)
            .then(|| (x.clone(), typo.to_string()))
    });
    let (word, typo) = case.expect("a chunk boundary inside a word family");
    let r = sim::query(&idx, &lay, &format!("{typo} "));
    assert!(
        !r.ranked.is_empty(),
        "{typo:?} should be corrected to {word:?}"
    );
    assert_eq!(r.fixed[0].0, typo);
}

#[test]
fn chunk_layout_every_word_in_exactly_one_chunk() {
    let docs: Vec<SearchDoc> = (0..400)
        .map(|i| {
            d(
                &format!("Section {i}"),
                &format!("{} ámbivalence{} çhange", filler(60 + i % 50), i),
            )
        })
        .collect();
    let idx = Index::build(&docs, "en");
    let (files, stats, lay) = chunks::write(&idx, &docs, "en");
    assert!(stats.word_chunks > 1, "fixture should need several chunks");
    let mut seen = std::collections::HashSet::new();
    for (c, ws) in lay.chunk_words.iter().enumerate() {
        for (w, g) in ws {
            assert!(seen.insert(w.clone()), "{w} in two chunks");
            assert_eq!(
                lay.chunk_of(w),
                c,
                "{w} is found in the chunk it was put in"
            );
            assert!((*g as usize) < lay.stem_of_global.len());
        }
        assert!(ws
            .windows(2)
            .all(|p| chunks::js_cmp(&p[0].0, &p[1].0).is_lt()));
    }
    assert_eq!(seen.len(), idx.surfaces.len());
    let v = &lay.version;
    let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(names[0], "search/index.js");
    for i in 0..stats.word_chunks {
        assert!(names.contains(&chunks::word_chunk_name(i, v).as_str()));
        assert!(names.contains(&format!("search/p{i}-{v}.js").as_str()));
    }
    assert!(
        names.contains(&format!("search/d0-{v}.js").as_str())
            && names.contains(&format!("search/f-{v}.js").as_str())
    );
    assert!(files
        .iter()
        .all(|f| f.0.starts_with("search/") && f.0.ends_with(".js")));
    assert!(
        stats.bootstrap_bytes < 2_000,
        "meta is {} bytes",
        stats.bootstrap_bytes
    );
    let chunk0 = String::from_utf8(files[1].1.clone()).unwrap();
    assert!(chunk0.starts_with("metbookSearch.addChunk(0,{\"w\":\""));
}

#[test]
fn escaping_no_raw_script_close_or_line_separators() {
    let evil = "</script><script>alert(1)</script>";
    let docs = vec![SearchDoc {
        url: "x.html#a\"b".into(),
        title: evil.into(),
        breadcrumbs: vec![evil.into()],
        body: format!("{evil} & more \u{2028}\u{2029} text"),
        kind: DocKind::Glossary,
        facets: vec![("code".into(), evil.into())],
        heading: true,
    }];
    let out = build(&docs, "en");
    for (name, bytes) in &out.files {
        let s = std::str::from_utf8(bytes).unwrap();
        assert!(!s.to_ascii_lowercase().contains("</script"), "{name}");
        assert!(
            !s.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
            "{name}: {s}"
        );
    }
    let docs_file = out
        .files
        .iter()
        .find(|f| f.0.starts_with("search/d0-"))
        .unwrap();
    assert!(std::str::from_utf8(&docs_file.1)
        .unwrap()
        .contains("\\u003c/script\\u003e"));
}

#[test]
fn unknown_language_is_a_warning_not_an_error() {
    let out = build(&[d("Reflections", "reflection")], "tlh");
    assert_eq!(out.warnings.len(), 1);
    assert!(build(&[d("Reflexiones", "reflexión")], "es-MX")
        .warnings
        .is_empty());
}

#[test]
fn varints_roundtrip() {
    let vals = [0u32, 1, 31, 32, 1023, 1024, 99_999, u32::MAX >> 2];
    let mut s = String::new();
    for v in vals {
        chunks::put_varint(&mut s, v);
    }
    assert_eq!(chunks::get_varints(&s), vals);
}

#[test]
fn empty_input_still_yields_bootstrap() {
    let out = build(&[], "en");
    assert_eq!(out.files[0].0, "search/index.js");
}

#[test]
fn file_names_change_exactly_when_contents_do_and_streaming_writes_the_same_files() {
    let names = |docs: &[SearchDoc]| -> Vec<(String, Vec<u8>)> { build(docs, "en").files };
    let base = vec![
        d("Empathy", "reflective listening"),
        d("Change talk", "desire ability"),
    ];
    let same = names(&base);
    assert_eq!(names(&base), same, "the same docs gave other files");
    let mut streamed = Vec::new();
    super::build_streamed(base.clone(), "en", super::index::W_HEADING, &mut |p, b| {
        streamed.push((p, b))
    });
    streamed.rotate_right(1);
    assert_eq!(streamed, same, "streaming wrote other files");
    // Each kind of change, however small, renames every versioned file.
    let mut body = base.clone();
    body[1].body = "desire abilities".into();
    let mut url = base.clone();
    url[0].url = "q.html".into();
    let mut facet = base.clone();
    facet[0].facets.push(("code".into(), "sr".into()));
    for changed in [body, url, facet] {
        let other = names(&changed);
        // The bootstrap (first) has a fixed name; every other file is versioned.
        for ((a, _), (b, _)) in same.iter().zip(&other).skip(1) {
            assert_ne!(a, b, "{a} kept its name");
        }
    }
}

#[test]
fn json_strings_cannot_close_a_script_or_break_a_js_line() {
    let mut out = String::new();
    chunks::push_json_str(&mut out, "a</script>&b\u{2028}c\u{2029}é\"");
    assert_eq!(
        out,
        "\"a\\u003c/script\\u003e\\u0026b\\u2028c\\u2029é\\\"\""
    );
    let mut plain = String::new();
    chunks::push_json_str(&mut plain, "plain é text");
    assert_eq!(plain, "\"plain é text\"");
}

proptest::proptest! {
    #[test]
    fn json_strings_match_serde_json_with_hardening(s in "(\\PC|[\\x00-\\x1f\\x7f\"\\\\<>&\u{2028}\u{2029}])*") {
        let mut out = String::new();
        chunks::push_json_str(&mut out, &s);
        proptest::prop_assert_eq!(out, chunks::json(&serde_json::Value::from(s.as_str())));
    }
}
