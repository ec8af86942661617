//! A ```session block's value: one session of a treatment, as a plan a counsellor can
//! follow.

/// A session plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// Anchor and cross-reference id (`session-1` unless given).
    pub id: String,
    /// The session's number in the programme.
    pub number: u32,
    /// Its title.
    pub title: String,
    /// When it happens ("1", "6", "weeks 6–8"), shown after "Week".
    pub week: Option<String>,
    /// The phase of treatment it belongs to.
    pub phase: Option<String>,
    /// Planned length in minutes.
    pub duration: u32,
    /// Markdown items.
    pub goals: Vec<String>,
    /// Markdown items.
    pub materials: Vec<String>,
    /// Preparation before the session, Markdown items.
    pub before: Vec<String>,
    /// The timed outline.
    pub steps: Vec<Step>,
    /// "If …, then …" guidance.
    pub contingencies: Vec<(String, String)>,
    /// What to write down afterwards, Markdown items.
    pub record: Vec<String>,
}

/// One timed step of a session.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Planned minutes.
    pub minutes: u32,
    /// A short name for the step.
    pub title: Option<String>,
    /// What the counsellor does, Markdown.
    pub what: String,
    /// Ids of the chapters, dialogues and forms the step uses.
    pub uses: Vec<String>,
}

impl Session {
    /// The minutes of all steps together.
    pub fn planned_minutes(&self) -> u32 {
        self.steps.iter().map(|s| s.minutes).sum()
    }
}
