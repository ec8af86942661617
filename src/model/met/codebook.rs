//! The codebook's data: every code a dialogue may use (MITI 4.2.1 therapist behaviours,
//! client language with DARN-CAT subtypes, MET strategy tags), the speaker keys and their
//! display labels, and the UI strings a translated book can override. `met::dialogues`
//! builds it from `codebook_default.yml` and a book's `codebook.yml`.
//!
//! Ids are stable and never shown; labels, badges (`short`) and descriptions are display
//! text. Metrics and validation read the `flags`, never specific ids, so a book that
//! replaces the codebook keeps working scores as long as its codes carry flags.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::dialogue::Stage;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodeGroup {
    Therapist,
    Client,
    ClientSubtype,
    Strategy,
}

impl CodeGroup {
    pub const ALL: [CodeGroup; 4] = [
        CodeGroup::Therapist,
        CodeGroup::Client,
        CodeGroup::ClientSubtype,
        CodeGroup::Strategy,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            CodeGroup::Therapist => "therapist",
            CodeGroup::Client => "client",
            CodeGroup::ClientSubtype => "client-subtype",
            CodeGroup::Strategy => "strategy",
        }
    }
    /// Codes of this group belong on therapist turns (behaviours and MET strategies).
    pub fn is_therapist_side(self) -> bool {
        matches!(self, CodeGroup::Therapist | CodeGroup::Strategy)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reflection {
    Simple,
    Complex,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Talk {
    Change,
    Sustain,
}

/// DARN (preparatory) versus CAT (mobilizing) change-talk subtypes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DarnCat {
    Preparatory,
    Mobilizing,
}

/// What a code means for validation and the MITI summary scores.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct CodeFlags {
    #[serde(default)]
    pub mi_adherent: bool,
    #[serde(default)]
    pub mi_non_adherent: bool,
    #[serde(default)]
    pub reflection: Option<Reflection>,
    #[serde(default)]
    pub question: bool,
    #[serde(default)]
    pub talk: Option<Talk>,
    #[serde(default)]
    pub darn_cat: Option<DarnCat>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// Stable lowercase id used in `{…}` and in `#code-{id}` anchors.
    pub id: String,
    pub label: String,
    /// Badge text shown after an utterance, e.g. "SR".
    pub short: String,
    pub group: CodeGroup,
    pub description: String,
    pub flags: CodeFlags,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Therapist,
    Client,
    /// Anyone else in the room (the significant other): no therapist codes, and their
    /// client-language codes do not enter %CT, which measures the client's own talk.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    pub key: String,
    pub label: String,
    pub role: Role,
}

/// Fixed words of the rendered dialogue and codebook page, overridable in `codebook.yml`
/// under `ui:` (a translated book). Placeholders `{n}`, `{matched}`, `{total}`,
/// `{percent}` are filled in by practice.js.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, default)]
pub struct UiText {
    pub stage: String,
    pub principles: String,
    pub counter_example: String,
    pub see_alternative: String,
    pub see_counter_example: String,
    pub alternative_response: String,
    /// A turn's permalink is named "{turn_link} {n}".
    pub turn_link: String,
    pub code: String,
    pub note: String,
    pub metrics_caption: String,
    pub score: String,
    pub value: String,
    pub rating: String,
    pub mi_adherent: String,
    pub mi_non_adherent: String,
    pub good: String,
    pub fair: String,
    pub below_fair: String,
    pub not_applicable: String,
    pub practice_toggle: String,
    pub practice_intro: String,
    pub practice_check: String,
    pub practice_reset: String,
    pub practice_item: String,
    pub practice_choose: String,
    pub practice_score: String,
    pub practice_correct: String,
    pub practice_incorrect: String,
    pub practice_unanswered: String,
    pub practice_author: String,
    pub group_therapist: String,
    pub group_client: String,
    pub group_client_subtype: String,
    pub group_strategy: String,
    pub preparatory: String,
    pub mobilizing: String,
    pub technical_global: String,
    pub relational_global: String,
    pub global_ratings: String,
    pub cultivating_change_talk: String,
    pub softening_sustain_talk: String,
    pub partnership: String,
    pub empathy: String,
    /// The summary scores' names (a Spanish book writes R:P, %RC, %DC).
    pub metric_rq: String,
    pub metric_pct_cr: String,
    pub metric_pct_ct: String,
    /// Between a number's whole part and its decimals ("," in Spanish).
    pub decimal_mark: String,
}

impl Default for UiText {
    fn default() -> Self {
        let s = |x: &str| x.to_string();
        UiText {
            stage: s("Stage"),
            principles: s("Principles"),
            counter_example: s("Counter-example: what not to do"),
            see_alternative: s("See the MET alternative"),
            see_counter_example: s("Compare the counter-example"),
            alternative_response: s("Alternative response"),
            turn_link: s("Link to turn"),
            code: s("code"),
            note: s("Commentary"),
            metrics_caption: s("MITI summary (illustrative for a short excerpt)"),
            score: s("Score"),
            value: s("Value"),
            rating: s("MITI rating"),
            mi_adherent: s("MI-adherent"),
            mi_non_adherent: s("MI-non-adherent"),
            good: s("good"),
            fair: s("fair"),
            below_fair: s("below fair"),
            not_applicable: s("n/a"),
            practice_toggle: s("Practice coding"),
            practice_intro: s(
                "Choose the MITI code for each therapist utterance, then check your answers.",
            ),
            practice_check: s("Check answers"),
            practice_reset: s("Reset"),
            practice_item: s("Code for utterance {n}"),
            practice_choose: s("Choose a code"),
            practice_score: s("{matched} of {total} matched ({percent}% agreement)"),
            practice_correct: s("Matches the author's code"),
            practice_incorrect: s("Differs from the author's code"),
            practice_unanswered: s("No code chosen"),
            practice_author: s("Author's code:"),
            group_therapist: s("Therapist behaviour codes (MITI 4.2.1)"),
            group_client: s("Client language"),
            group_client_subtype: s("Change talk subtypes (DARN-CAT)"),
            group_strategy: s("MET strategies"),
            preparatory: s("Preparatory (DARN)"),
            mobilizing: s("Mobilizing (CAT)"),
            technical_global: s("Technical global"),
            relational_global: s("Relational global"),
            global_ratings: s("Global ratings (1–5), the author's judgement of the whole excerpt"),
            cultivating_change_talk: s("Cultivating Change Talk"),
            softening_sustain_talk: s("Softening Sustain Talk"),
            partnership: s("Partnership"),
            empathy: s("Empathy"),
            metric_rq: s("R:Q"),
            metric_pct_cr: s("%CR"),
            metric_pct_ct: s("%CT"),
            decimal_mark: s("."),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Codebook {
    codes: Vec<Code>,
    speakers: Vec<Speaker>,
    stage_labels: BTreeMap<String, String>,
    pub ui: UiText,
}

impl Codebook {
    /// A codebook with these speakers and no codes, stage labels or UI overrides yet.
    pub(crate) fn with_speakers(speakers: Vec<Speaker>) -> Codebook {
        Codebook {
            codes: Vec::new(),
            speakers,
            stage_labels: BTreeMap::new(),
            ui: UiText::default(),
        }
    }

    /// Case-insensitive lookup by stable id.
    pub fn lookup(&self, id: &str) -> Option<&Code> {
        self.codes.iter().find(|c| c.id.eq_ignore_ascii_case(id))
    }

    pub fn codes(&self) -> &[Code] {
        &self.codes
    }

    pub fn codes_in(&self, group: CodeGroup) -> impl Iterator<Item = &Code> {
        self.codes.iter().filter(move |c| c.group == group)
    }

    /// Speaker by key, case-insensitive ("t:" works like "T:").
    pub fn speaker(&self, key: &str) -> Option<&Speaker> {
        self.speakers
            .iter()
            .find(|s| s.key.eq_ignore_ascii_case(key))
    }

    pub fn speakers(&self) -> &[Speaker] {
        &self.speakers
    }

    pub fn stage_label(&self, stage: Stage) -> String {
        self.stage_labels
            .get(stage.as_str())
            .cloned()
            .unwrap_or_else(|| stage.default_label().to_string())
    }

    // Mutators for met's codebook_yaml only.
    pub(crate) fn codes_mut(&mut self) -> &mut Vec<Code> {
        &mut self.codes
    }
    pub(crate) fn speakers_mut(&mut self) -> &mut Vec<Speaker> {
        &mut self.speakers
    }
    pub(crate) fn stage_labels_mut(&mut self) -> &mut BTreeMap<String, String> {
        &mut self.stage_labels
    }
}
