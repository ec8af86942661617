//! ```feedback-report blocks: the personal feedback report a counsellor walks through
//! with a client. Each measure says how it is obtained, what the result is compared with
//! (a laboratory reference range, score bands or population-norm bands, or a comparison
//! in words), the source of that comparison, and what a result means in plain words; an
//! example client's values may be given.

use serde::Deserialize;
use serde_yaml::Value;

use super::BlockError;
use crate::model::met::feedback::{Comparison, FeedbackReport, Measure};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    id: String,
    title: String,
    measures: Vec<RawMeasure>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawMeasure {
    name: String,
    id: Option<String>,
    unit: Option<String>,
    how: Option<String>,
    kind: String,
    compared_with: String,
    range: Option<[f64; 2]>,
    #[serde(default)]
    bands: Vec<RawBand>,
    source: Option<String>,
    means: String,
    example: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    below: Option<f64>,
    says: String,
}

impl Measure {
    /// Where `value` falls; None when it is not a number or the comparison is in words
    /// only.
    pub fn place(&self, value: &str) -> Option<Place> {
        let v: f64 = value.trim().replace(',', ".").parse().ok()?;
        match &self.comparison {
            Comparison::Range { low, .. } if v < *low => Some(Place::Below),
            Comparison::Range { high, .. } if v > *high => Some(Place::Above),
            Comparison::Range { .. } => Some(Place::Within),
            Comparison::Bands(bands) => bands
                .iter()
                .find(|(below, _)| below.is_none_or(|b| v < b))
                .map(|(_, says)| Place::Band(says.clone())),
            Comparison::Text => None,
        }
    }
}

/// Where a result falls against its comparison: a reference range (worded by the theme in
/// the book's language) or one of the author's own bands (worded by the author).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Below the reference range.
    Below,
    /// Within the reference range.
    Within,
    /// Above the reference range.
    Above,
    /// In the author's band that says this.
    Band(String),
}

const HELP: &str = "a feedback-report block is YAML: `id:`, `title:` and `measures:`, each with \
`name:`, `kind:` (range, bands or text), `compared-with:`, `means:` and, as needed, `unit:`, \
`how:`, `range: [low, high]`, `bands:` (each `- below: 14` with `says: …`, the last without \
`below`), `source:` and `example:`";

/// Parses the body of a feedback-report block; every error found.
pub fn parse(body: &str) -> Result<FeedbackReport, Vec<BlockError>> {
    let raw: Raw =
        serde_yaml::from_str(body).map_err(|e| vec![BlockError::from_yaml(&e, body, 0, HELP)])?;
    let mut errors = Vec::new();
    if !crate::text::valid_id(&raw.id) {
        errors.push(BlockError::at(
            body,
            "id:",
            "a report id is lowercase words joined by hyphens",
            "e.g. `id: pfr-example`",
        ));
    }
    let mut measures: Vec<Measure> = Vec::new();
    for m in raw.measures {
        match measure(m, body) {
            Ok(m) => {
                let id =
                    crate::text::free_suffix(&m.id, 2, |id| measures.iter().any(|e| e.id == id));
                measures.push(Measure { id, ..m });
            }
            Err(e) => errors.push(e),
        }
    }
    if measures.is_empty() && errors.is_empty() {
        errors.push(BlockError::at(
            body,
            "measures:",
            "a feedback report needs at least one measure",
            HELP,
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(FeedbackReport {
        id: raw.id,
        title: raw.title,
        measures,
    })
}

fn measure(m: RawMeasure, body: &str) -> Result<Measure, BlockError> {
    let at = |message: String, help: &str| BlockError::at(body, &m.name, &message, help);
    let comparison = match m.kind.as_str() {
        "range" => match m.range {
            Some([low, high]) if low <= high => Comparison::Range { low, high },
            _ => {
                return Err(at(
                    format!("`{}` needs its reference range", m.name),
                    "write `range: [7, 40]`, low then high, in the measure's unit",
                ))
            }
        },
        "bands" => {
            let bands: Vec<(Option<f64>, String)> =
                m.bands.iter().map(|b| (b.below, b.says.clone())).collect();
            let ordered = bands.windows(2).all(|w| {
                matches!((w[0].0, w[1].0), (Some(a), Some(b)) if a < b) || w[1].0.is_none()
            });
            let open_only_last = bands.iter().rev().skip(1).all(|(b, _)| b.is_some());
            if bands.is_empty() || !ordered || !open_only_last {
                return Err(at(
                    format!(
                        "the bands of `{}` must rise, each with `below:` except the last",
                        m.name
                    ),
                    "e.g. `bands: [{below: 14, says: Within the guideline}, {says: Above it}]`",
                ));
            }
            Comparison::Bands(bands)
        }
        "text" => Comparison::Text,
        other => {
            return Err(BlockError::at(body, &format!("kind: {other}"), &format!("`{other}` is not a kind of comparison"), "use `range` (a laboratory reference range), `bands` (score or population-norm bands) or `text` (compared in words)"));
        }
    };
    let example = m.example.as_ref().map(|v| match v {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    });
    if let (Some(e), false) = (&example, comparison == Comparison::Text) {
        if e.trim().parse::<f64>().is_err() {
            return Err(at(
                format!("the example result of `{}` must be a number", m.name),
                "write the number alone, e.g. `example: 48`; put the unit in `unit:`",
            ));
        }
    }
    Ok(Measure {
        id: m.id.unwrap_or_else(|| crate::markdown::slug(&m.name)),
        name: m.name,
        unit: m.unit,
        how: m.how,
        comparison,
        compared_with: m.compared_with,
        source: m.source,
        means: m.means,
        example,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "id: pfr-helen\ntitle: Helen's report\nmeasures:\n  - name: GGT (liver)\n    unit: U/L\n    kind: range\n    range: [7, 40]\n    compared-with: Laboratory reference range (example)\n    means: Often raised by heavy drinking.\n    example: 96\n  - name: Drinking in a typical week\n    unit: UK units\n    kind: bands\n    bands:\n      - below: 14\n        says: Within the low-risk guideline\n      - below: 35\n        says: Above the guideline\n      - says: More than almost all women\n    compared-with: Population norm (illustrative)\n    means: Where you stand.\n    example: 48\n  - name: Risk factors\n    kind: text\n    compared-with: Checklist\n    means: Risks, not a diagnosis.\n    example: Family history; high tolerance\n";

    #[test]
    fn measures_place_results() {
        let r = parse(REPORT).unwrap();
        let [ggt, week, risks] = &r.measures[..] else {
            panic!()
        };
        assert_eq!(ggt.place("96"), Some(Place::Above));
        assert_eq!(ggt.place("40"), Some(Place::Within));
        assert_eq!(ggt.place("3"), Some(Place::Below));
        let band = |s: &str| Some(Place::Band(s.into()));
        assert_eq!(week.place("48"), band("More than almost all women"));
        assert_eq!(week.place("13.5"), band("Within the low-risk guideline"));
        // A decimal comma, as a Spanish reader types it.
        assert_eq!(week.place("13,5"), band("Within the low-risk guideline"));
        assert_eq!(week.place("14"), band("Above the guideline"));
        assert_eq!(risks.place("anything"), None);
        assert_eq!(week.id, "drinking-in-a-typical-week");
    }

    #[test]
    fn mistakes_are_located() {
        let bad_kind = REPORT.replace("kind: text", "kind: words");
        let e = parse(&bad_kind).unwrap_err();
        assert_eq!(e[0].line, 24, "{e:?}");
        let no_range = REPORT.replace("    range: [7, 40]\n", "");
        assert_eq!(parse(&no_range).unwrap_err()[0].line, 4);
        let text_example = REPORT.replace("example: 96", "example: high");
        assert!(parse(&text_example).is_err());
        let falling = REPORT.replace("below: 35", "below: 10");
        assert!(parse(&falling).is_err());
    }
}
