//! Property tests shared by the YAML block parsers (session, worksheet, feedback report):
//! whatever an author writes, a parser returns a value or errors located inside the block,
//! each saying how to fix it, and never panics.

use proptest::prelude::*;

use super::{errors_are_located as located, feedback, session, worksheet};

/// YAML-shaped text made of the keys these blocks use, so parsers get past the YAML
/// reader and into their own checks.
fn yamlish() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "id",
        "title",
        "number",
        "duration",
        "steps",
        "minutes",
        "do",
        "uses",
        "kind",
        "label",
        "fields",
        "rows",
        "columns",
        "options",
        "measures",
        "name",
        "range",
        "bands",
        "below",
        "says",
        "compared-with",
        "means",
        "example",
        "week",
        "phase",
        "goals",
        "low",
        "high",
    ]);
    let value = "[a-z0-9 :,\\[\\]{}-]{0,12}";
    prop::collection::vec(("( {0,4}- | {0,4})", key, value), 0..12).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(indent, k, v)| format!("{indent}{k}: {v}\n"))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_parses_or_is_located(s in "\\PC*") {
        if let Err(e) = session::parse(&s) { located(&s, &e)?; }
        if let Err(e) = worksheet::parse(&s) { located(&s, &e)?; }
        if let Err(e) = feedback::parse(&s) { located(&s, &e)?; }
    }

    #[test]
    fn yaml_shaped_text_parses_or_is_located(s in yamlish()) {
        if let Err(e) = session::parse(&s) { located(&s, &e)?; }
        if let Err(e) = worksheet::parse(&s) { located(&s, &e)?; }
        if let Err(e) = feedback::parse(&s) { located(&s, &e)?; }
    }
}
