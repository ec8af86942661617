//! The `[preprocessor.NAME]` tables of book.toml, read with their positions, and book.toml
//! as the JSON an mdBook preprocessor expects in its context.

use toml::de::{DeTable, DeValue};

use super::schema::NOT_MDBOOK;
use crate::diagnostics::LineIndex;
use crate::model::config::PreprocessorTable;

/// Every preprocessor table in book.toml order. The schema walk has already checked the
/// types of mdBook's keys, so a value of another type cannot reach here.
pub(super) fn tables(doc: &DeTable<'_>, lines: &LineIndex<'_>) -> Vec<PreprocessorTable> {
    let Some(t) = doc.get("preprocessor").and_then(|v| v.get_ref().as_table()) else {
        return Vec::new();
    };
    let mut tables: Vec<PreprocessorTable> = t
        .iter()
        .filter_map(|(name, v)| {
            let t = v.get_ref().as_table()?;
            let str_of = |k: &str| {
                t.get(k)
                    .and_then(|v| v.get_ref().as_str())
                    .map(str::to_string)
            };
            Some(PreprocessorTable {
                name: name.get_ref().to_string(),
                command: str_of("command"),
                renderers: t.get("renderers").map(|v| strings(v.get_ref())),
                before: t
                    .get("before")
                    .map_or_else(Vec::new, |v| strings(v.get_ref())),
                after: t
                    .get("after")
                    .map_or_else(Vec::new, |v| strings(v.get_ref())),
                optional: t
                    .get("optional")
                    .and_then(|v| v.get_ref().as_bool())
                    .unwrap_or(false),
                at: lines.line_col(name.span().start),
            })
        })
        .collect();
    // The parsed table is in key order; book.toml's order is the tables' positions.
    tables.sort_by_key(|t| t.at);
    tables
}

fn strings(v: &DeValue<'_>) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x.get_ref().as_str().map(str::to_string))
        .collect()
}

/// book.toml as JSON without the keys mdBook 0.5 would refuse: its config types deny
/// unknown fields, so a preprocessor that reads its context with mdBook's own types would
/// fail on metbook's keys. A preprocessor's own options are kept, as mdBook keeps them.
pub(super) fn mdbook_json(text: &str) -> Option<serde_json::Value> {
    let table: toml::Table = toml::from_str(text).ok()?;
    let mut json = serde_json::to_value(table).ok()?;
    for path in NOT_MDBOOK {
        let (last, parents) = path.split_last()?;
        let mut at = Some(&mut json);
        for p in parents {
            at = at.and_then(|v| v.get_mut(*p));
        }
        if let Some(serde_json::Value::Object(o)) = at {
            o.remove(*last);
        }
    }
    Some(json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metbook_keys_are_left_out_and_a_preprocessors_own_kept() {
        let j = mdbook_json(
            "[book]\ntitle = \"T\"\nmultilingual = false\n[build]\nproject-root = \"..\"\n\
             [output.html]\nsanitize = true\n[preprocessor.x]\nlevel = 2\n[languages.es]\n",
        )
        .unwrap();
        assert!(j.get("languages").is_none(), "{j}");
        assert_eq!(j["book"]["title"], "T");
        assert!(j["book"].get("multilingual").is_none(), "{j}");
        assert!(j["build"].get("project-root").is_none(), "{j}");
        assert!(j["output"]["html"].get("sanitize").is_none(), "{j}");
        assert_eq!(j["preprocessor"]["x"]["level"], 2);
    }

    #[test]
    fn tables_keep_their_keys_and_lines() {
        let text = "[book]\n\n[preprocessor.b]\ncommand = \"python3 b.py\"\nafter = [\"a\"]\n\n[preprocessor.a]\nrenderers = [\"html\"]\noptional = true\n";
        let doc = DeTable::parse(text).unwrap();
        let t = tables(doc.get_ref(), &LineIndex::new(text));
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].name, "b");
        assert_eq!(t[0].at, (3, 15));
        assert_eq!(t[0].command(), "python3 b.py");
        assert_eq!(t[0].after, ["a"]);
        assert_eq!(t[1].command(), "mdbook-a");
        assert_eq!(t[1].renderers.as_deref(), Some(&["html".to_string()][..]));
        assert!(t[1].optional);
    }
}
