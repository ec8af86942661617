//! ```session blocks: one session of a treatment, written as a plan a counsellor can
//! follow: number, timing, phase, goals, materials, preparation, timed steps (each naming
//! the chapters, dialogues and forms it uses), contingencies and what to record.
//!
//! The block is YAML. Prose fields are Markdown; a list item that YAML would read as a
//! mapping (`- Ask: what brought you here?`) is taken as the text written.

use serde::Deserialize;
use serde_yaml::Value;

use super::BlockError;
use crate::model::met::session::{Session, Step};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    id: Option<String>,
    number: u32,
    title: String,
    week: Option<Value>,
    phase: Option<String>,
    duration: u32,
    #[serde(default)]
    goals: Vec<Value>,
    #[serde(default)]
    materials: Vec<Value>,
    #[serde(default)]
    before: Vec<Value>,
    steps: Vec<RawStep>,
    #[serde(default)]
    contingencies: Vec<RawContingency>,
    #[serde(default)]
    record: Vec<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawStep {
    minutes: u32,
    title: Option<String>,
    #[serde(rename = "do")]
    what: String,
    #[serde(default)]
    uses: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContingency {
    when: String,
    then: String,
}

const HELP: &str = "a session block is YAML: `number:`, `title:`, `duration:` (minutes) and \
`steps:` (each `- minutes: 5` with `do: …`), plus optional `week:`, `phase:`, `goals:`, \
`materials:`, `before:`, `contingencies:` (each `- when: …` with `then: …`) and `record:`";

/// Parses the body of a session block; every error found.
pub fn parse(body: &str) -> Result<Session, Vec<BlockError>> {
    let raw: Raw =
        serde_yaml::from_str(body).map_err(|e| vec![BlockError::from_yaml(&e, body, 0, HELP)])?;
    let mut errors = Vec::new();
    let mut require = |ok: bool, needle: &str, message: &str, help: &str| {
        if !ok {
            errors.push(BlockError::at(body, needle, message, help));
        }
    };
    require(
        raw.number > 0,
        "number:",
        "a session's number starts at 1",
        "number sessions 1, 2, 3… in the order they are delivered",
    );
    require(
        raw.duration > 0,
        "duration:",
        "a session needs a duration in minutes",
        "write the planned length, e.g. `duration: 60`",
    );
    require(
        !raw.steps.is_empty(),
        "steps:",
        "a session needs at least one step",
        "list the outline under `steps:`, each `- minutes: 5` with `do: …`",
    );
    for s in &raw.steps {
        require(
            s.minutes > 0,
            "minutes:",
            "a step needs its minutes",
            "give each step the minutes it is planned to take, e.g. `minutes: 10`",
        );
        require(
            !s.what.trim().is_empty(),
            "do:",
            "a step says what the counsellor does",
            "describe the step after `do:`",
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Session {
        id: raw.id.unwrap_or_else(|| format!("session-{}", raw.number)),
        number: raw.number,
        title: raw.title,
        week: raw.week.as_ref().map(scalar_text),
        phase: raw.phase,
        duration: raw.duration,
        goals: prose(&raw.goals),
        materials: prose(&raw.materials),
        before: prose(&raw.before),
        steps: raw
            .steps
            .into_iter()
            .map(|s| Step {
                minutes: s.minutes,
                title: s.title,
                what: s.what,
                uses: s.uses,
            })
            .collect(),
        contingencies: raw
            .contingencies
            .into_iter()
            .map(|c| (c.when, c.then))
            .collect(),
        record: prose(&raw.record),
    })
}

/// List items as prose: text as written, a `key: value` item put back together.
fn prose(values: &[Value]) -> Vec<String> {
    values.iter().map(scalar_text).collect()
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Mapping(m) => m
            .iter()
            .map(|(k, v)| format!("{}: {}", scalar_text(k), scalar_text(v)))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Sequence(s) => s.iter().map(scalar_text).collect::<Vec<_>>().join(", "),
        Value::Tagged(t) => scalar_text(&t.value),
        Value::Null => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = "number: 1\ntitle: \"Session 1: building motivation\"\nweek: 1\nphase: Building motivation\nduration: 60\ngoals:\n  - Hear the client's view\n  - Ask: what matters most?\nmaterials: [Feedback report]\nbefore:\n  - Read the assessment\nsteps:\n  - minutes: 5\n    title: Welcome\n    do: Explain the plan.\n    uses: [express-empathy]\n  - minutes: 50\n    do: >-\n      Go through the report: one item at a time.\ncontingencies:\n  - when: The client arrives intoxicated\n    then: Reschedule.\nrecord:\n  - Stage of change\n";

    #[test]
    fn every_field_is_read() {
        let s = parse(FULL).unwrap();
        assert_eq!(s.id, "session-1");
        assert_eq!((s.number, s.duration), (1, 60));
        assert_eq!(s.week.as_deref(), Some("1"));
        assert_eq!(s.phase.as_deref(), Some("Building motivation"));
        assert_eq!(
            s.goals,
            ["Hear the client's view", "Ask: what matters most?"]
        );
        assert_eq!(s.materials, ["Feedback report"]);
        assert_eq!(s.steps.len(), 2);
        assert_eq!(s.steps[0].uses, ["express-empathy"]);
        assert_eq!(
            s.steps[1].what,
            "Go through the report: one item at a time."
        );
        assert_eq!(s.planned_minutes(), 55);
        assert_eq!(s.contingencies[0].0, "The client arrives intoxicated");
        assert_eq!(s.record, ["Stage of change"]);
    }

    #[test]
    fn mistakes_are_located() {
        let e = parse("number: 1\ntitle: T\nduration: 60\nsteps: []\n").unwrap_err();
        assert_eq!((e[0].line, e[0].col), (4, 1));
        let e = parse("number: 1\ntitle: T\nduration: 60\nlength: 3\nsteps: []\n").unwrap_err();
        assert_eq!(e[0].line, 4, "{e:?}");
        assert!(e[0].help.contains("known keys"), "{e:?}");
        let e = parse("number: 0\ntitle: T\nduration: 0\nsteps:\n  - minutes: 0\n    do: ''\n")
            .unwrap_err();
        assert_eq!(e.len(), 4, "{e:?}");
        assert!(parse("title: T\nsteps: []\n").is_err());
        assert!(parse("- a list\n").is_err());
    }
}
