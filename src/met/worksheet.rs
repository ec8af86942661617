//! ```worksheet blocks: a form a client and counsellor fill in together (the Change Plan
//! Worksheet, a decisional-balance sheet, the importance and confidence rulers). The block
//! declares the fields; the page makes them fillable by keyboard and touch, printable blank
//! or filled, and keeps answers on the device only when the reader asks.

use serde::Deserialize;

use super::BlockError;
use crate::model::met::worksheet::{Field, FieldKind, Worksheet};
use crate::text::free_suffix;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    id: String,
    title: String,
    intro: Option<String>,
    fields: Vec<RawField>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawField {
    label: String,
    kind: String,
    id: Option<String>,
    help: Option<String>,
    low: Option<String>,
    high: Option<String>,
    #[serde(default)]
    options: Vec<String>,
    #[serde(default)]
    columns: Vec<String>,
    rows: Option<serde_yaml::Value>,
}

const KINDS: &str = "short, long, ruler, checkboxes, table or grid";

const HELP: &str = "a worksheet block is YAML: `id:`, `title:`, an optional `intro:`, and \
`fields:`, each `- label: …` with `kind:` (short, long, ruler, checkboxes, table or grid)";

/// Parses the body of a worksheet block; every error found.
pub fn parse(body: &str) -> Result<Worksheet, Vec<BlockError>> {
    let raw: Raw =
        serde_yaml::from_str(body).map_err(|e| vec![BlockError::from_yaml(&e, body, 0, HELP)])?;
    let mut errors = Vec::new();
    if !crate::text::valid_id(&raw.id) {
        errors.push(BlockError::at(
            body,
            "id:",
            "a worksheet id is lowercase words joined by hyphens",
            "e.g. `id: form-change-plan`; it links to the form and names saved answers",
        ));
    }
    if raw.fields.is_empty() {
        errors.push(BlockError::at(
            body,
            "fields:",
            "a worksheet needs at least one field",
            HELP,
        ));
    }
    let mut fields: Vec<Field> = Vec::new();
    for f in raw.fields {
        match field(f, body, &fields) {
            Ok(f) => fields.push(f),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Worksheet {
        id: raw.id,
        title: raw.title,
        intro: raw.intro,
        fields,
    })
}

fn field(f: RawField, body: &str, earlier: &[Field]) -> Result<Field, BlockError> {
    let at = |message: String, help: &str| BlockError::at(body, &f.label, &message, help);
    let kind = match f.kind.as_str() {
        "short" => FieldKind::Short,
        "long" => FieldKind::Long,
        "ruler" => FieldKind::Ruler {
            low: f.low.clone().unwrap_or_else(|| "Not at all".into()),
            high: f.high.clone().unwrap_or_else(|| "Extremely".into()),
        },
        "checkboxes" if !f.options.is_empty() => FieldKind::Checkboxes(f.options.clone()),
        "checkboxes" => {
            return Err(at(
                format!("the checkboxes `{}` have no options", f.label),
                "list them: `options: [Cut down, Stop for a month]`",
            ))
        }
        "table" => match (&f.columns[..], row_count(&f.rows)) {
            ([], _) => {
                return Err(at(
                    format!("the table `{}` has no columns", f.label),
                    "name them: `columns: [Person, How they can help]`",
                ))
            }
            (_, None) => {
                return Err(at(
                    format!("the table `{}` needs a number of rows", f.label),
                    "write e.g. `rows: 3`; readers can add more",
                ))
            }
            (cols, Some(rows)) => FieldKind::Table {
                columns: cols.to_vec(),
                rows,
            },
        },
        "grid" => match (&f.columns[..], names(&f.rows)) {
            (cols, Some(rows)) if !cols.is_empty() && !rows.is_empty() => FieldKind::Grid {
                rows,
                columns: cols.to_vec(),
            },
            _ => {
                return Err(at(
                    format!("the grid `{}` needs named rows and columns", f.label),
                    "e.g. `rows: [Changing, Not changing]` and `columns: [Benefits, Costs]`",
                ))
            }
        },
        other => {
            return Err(BlockError::at(
                body,
                &format!("kind: {other}"),
                &format!("`{other}` is not a kind of field"),
                &format!("use one of: {KINDS}"),
            ))
        }
    };
    let base =
        f.id.clone()
            .unwrap_or_else(|| crate::markdown::slug(&f.label));
    let id = free_suffix(&base, 2, |id| earlier.iter().any(|e| e.id == id));
    Ok(Field {
        id,
        label: f.label,
        help: f.help,
        kind,
    })
}

fn row_count(v: &Option<serde_yaml::Value>) -> Option<usize> {
    v.as_ref()?
        .as_u64()
        .filter(|n| (1..=50).contains(n))
        .map(|n| n as usize)
}

fn names(v: &Option<serde_yaml::Value>) -> Option<Vec<String>> {
    let seq = v.as_ref()?.as_sequence()?;
    seq.iter().map(|x| x.as_str().map(str::to_string)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = "id: form-change-plan\ntitle: Change Plan Worksheet\nintro: In the client's words.\nfields:\n  - label: The changes I want to make are\n    kind: long\n  - label: Name\n    kind: short\n  - label: How important is it to you?\n    kind: ruler\n    low: Not at all important\n    high: Extremely important\n  - label: I will try\n    kind: checkboxes\n    options: [Cut down, Stop]\n  - label: People who can help\n    kind: table\n    columns: [Person, How they can help]\n    rows: 3\n  - label: Decisional balance\n    kind: grid\n    rows: [Changing, Not changing]\n    columns: [Benefits, Costs]\n  - label: Name\n    kind: short\n";

    #[test]
    fn every_kind_is_read() {
        let w = parse(FULL).unwrap();
        assert_eq!(w.id, "form-change-plan");
        let kinds: Vec<&FieldKind> = w.fields.iter().map(|f| &f.kind).collect();
        assert_eq!(kinds[0], &FieldKind::Long);
        assert_eq!(kinds[1], &FieldKind::Short);
        assert!(matches!(kinds[2], FieldKind::Ruler { low, .. } if low == "Not at all important"));
        assert_eq!(
            kinds[3],
            &FieldKind::Checkboxes(vec!["Cut down".into(), "Stop".into()])
        );
        assert!(matches!(kinds[4], FieldKind::Table { rows: 3, .. }));
        assert!(matches!(kinds[5], FieldKind::Grid { rows, .. } if rows.len() == 2));
        let ids: Vec<&str> = w.fields.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids[0], "the-changes-i-want-to-make-are");
        assert_eq!((ids[1], ids[6]), ("name", "name-2"), "field ids are unique");
    }

    #[test]
    fn mistakes_are_located() {
        let e = parse("id: f\ntitle: T\nfields:\n  - label: Q\n    kind: essay\n").unwrap_err();
        assert_eq!((e[0].line, e[0].col), (5, 5), "{e:?}");
        assert!(e[0].help.contains("ruler"));
        let e = parse("id: f\ntitle: T\nfields:\n  - label: Who\n    kind: table\n").unwrap_err();
        assert_eq!(e[0].line, 4, "{e:?}");
        let e = parse("id: Not An Id\ntitle: T\nfields: []\n").unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(parse(
            "id: f\ntitle: T\nfields:\n  - label: Q\n    kind: short\n    colour: red\n"
        )
        .is_err());
    }
}
