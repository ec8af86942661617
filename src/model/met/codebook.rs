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

/// Which list a code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodeGroup {
    /// MITI 4.2.1 therapist behaviour codes.
    Therapist,
    /// Client language: change talk, sustain talk, discord.
    Client,
    /// DARN-CAT subtypes of change talk.
    ClientSubtype,
    /// MET strategy tags.
    Strategy,
}

impl CodeGroup {
    /// Every group, in the order the codebook page lists them.
    pub const ALL: [CodeGroup; 4] = [
        CodeGroup::Therapist,
        CodeGroup::Client,
        CodeGroup::ClientSubtype,
        CodeGroup::Strategy,
    ];
    /// The group's name in codebook.yml (`client-subtype`).
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

/// MITI's two kinds of reflection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reflection {
    /// Repeats or rephrases what the client said.
    Simple,
    /// Adds meaning or emphasis beyond what the client said.
    Complex,
}

/// Which way client language leans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Talk {
    /// Toward change.
    Change,
    /// Toward the status quo.
    Sustain,
}

/// DARN (preparatory) versus CAT (mobilizing) change-talk subtypes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DarnCat {
    /// Desire, ability, reasons, need.
    Preparatory,
    /// Commitment, activation, taking steps.
    Mobilizing,
}

/// What a code means for validation and the MITI summary scores.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct CodeFlags {
    /// Counts as MI-adherent behaviour in the summary scores.
    #[serde(default)]
    pub mi_adherent: bool,
    /// Counts as MI-non-adherent behaviour in the summary scores.
    #[serde(default)]
    pub mi_non_adherent: bool,
    /// The kind of reflection, for R:Q and %CR; `None` for other codes.
    #[serde(default)]
    pub reflection: Option<Reflection>,
    /// A question, for R:Q.
    #[serde(default)]
    pub question: bool,
    /// Change or sustain talk, for %CT; `None` for other codes.
    #[serde(default)]
    pub talk: Option<Talk>,
    /// The change-talk subtype; `None` for other codes.
    #[serde(default)]
    pub darn_cat: Option<DarnCat>,
}

/// One code of the codebook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// Stable lowercase id used in `{…}` and in `#code-{id}` anchors.
    pub id: String,
    /// Its display name ("Simple reflection").
    pub label: String,
    /// Badge text shown after an utterance, e.g. "SR".
    pub short: String,
    /// The list it belongs to.
    pub group: CodeGroup,
    /// What it means, shown on the codebook page (plain text).
    pub description: String,
    /// What it counts as in validation and the summary scores.
    pub flags: CodeFlags,
}

/// Who a speaker is in the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The counsellor: therapist codes belong on these turns.
    Therapist,
    /// The client: client-language codes, counted in %CT.
    Client,
    /// Anyone else in the room (the significant other): no therapist codes, and their
    /// client-language codes do not enter %CT, which measures the client's own talk.
    Other,
}

/// A speaker key a dialogue's turns may start with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// The key as written before the colon ("T", "SO").
    pub key: String,
    /// The name shown for the speaker ("Therapist").
    pub label: String,
    /// Who the speaker is, which decides the codes allowed.
    pub role: Role,
}

/// Fixed words of the rendered dialogue and codebook page, overridable in `codebook.yml`
/// under `ui:` (a translated book). Placeholders `{n}`, `{matched}`, `{total}`,
/// `{percent}` are filled in by practice.js.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, default)]
pub struct UiText {
    /// In English, "Stage".
    pub stage: String,
    /// In English, "Principles".
    pub principles: String,
    /// In English, "Counter-example: what not to do".
    pub counter_example: String,
    /// In English, "See the MET alternative".
    pub see_alternative: String,
    /// In English, "Compare the counter-example".
    pub see_counter_example: String,
    /// In English, "Alternative response".
    pub alternative_response: String,
    /// A turn's permalink is named "{turn_link} {n}".
    pub turn_link: String,
    /// In English, "code".
    pub code: String,
    /// In English, "Commentary".
    pub note: String,
    /// In English, "MITI summary (illustrative for a short excerpt)".
    pub metrics_caption: String,
    /// In English, "Score".
    pub score: String,
    /// In English, "Value".
    pub value: String,
    /// In English, "MITI rating".
    pub rating: String,
    /// In English, "MI-adherent".
    pub mi_adherent: String,
    /// In English, "MI-non-adherent".
    pub mi_non_adherent: String,
    /// In English, "good".
    pub good: String,
    /// In English, "fair".
    pub fair: String,
    /// In English, "below fair".
    pub below_fair: String,
    /// In English, "n/a".
    pub not_applicable: String,
    /// In English, "Practice coding".
    pub practice_toggle: String,
    /// In English, "Choose the MITI code for each therapist utterance, then check your answers.".
    pub practice_intro: String,
    /// In English, "Check answers".
    pub practice_check: String,
    /// In English, "Reset".
    pub practice_reset: String,
    /// In English, "Code for utterance {n}".
    pub practice_item: String,
    /// In English, "Choose a code".
    pub practice_choose: String,
    /// In English, "{matched} of {total} matched ({percent}% agreement)".
    pub practice_score: String,
    /// In English, "Matches the author's code".
    pub practice_correct: String,
    /// In English, "Differs from the author's code".
    pub practice_incorrect: String,
    /// In English, "No code chosen".
    pub practice_unanswered: String,
    /// In English, "Author's code:".
    pub practice_author: String,
    /// In English, "Therapist behaviour codes (MITI 4.2.1)".
    pub group_therapist: String,
    /// In English, "Client language".
    pub group_client: String,
    /// In English, "Change talk subtypes (DARN-CAT)".
    pub group_client_subtype: String,
    /// In English, "MET strategies".
    pub group_strategy: String,
    /// In English, "Preparatory (DARN)".
    pub preparatory: String,
    /// In English, "Mobilizing (CAT)".
    pub mobilizing: String,
    /// In English, "Technical global".
    pub technical_global: String,
    /// In English, "Relational global".
    pub relational_global: String,
    /// In English, "Global ratings (1–5), the author's judgement of the whole excerpt".
    pub global_ratings: String,
    /// In English, "Cultivating Change Talk".
    pub cultivating_change_talk: String,
    /// In English, "Softening Sustain Talk".
    pub softening_sustain_talk: String,
    /// In English, "Partnership".
    pub partnership: String,
    /// In English, "Empathy".
    pub empathy: String,
    /// The summary scores' names (a Spanish book writes R:P, %RC, %DC).
    pub metric_rq: String,
    /// In English, "%CR".
    pub metric_pct_cr: String,
    /// In English, "%CT".
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

/// The codes, speakers, stage labels and UI words dialogues are written and shown with.
#[derive(Debug, Clone)]
pub struct Codebook {
    codes: Vec<Code>,
    speakers: Vec<Speaker>,
    stage_labels: BTreeMap<String, String>,
    /// The fixed words of rendered dialogues and the codebook page.
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

    /// Every code, in codebook order.
    pub fn codes(&self) -> &[Code] {
        &self.codes
    }

    /// The codes of one group, in codebook order.
    pub fn codes_in(&self, group: CodeGroup) -> impl Iterator<Item = &Code> {
        self.codes.iter().filter(move |c| c.group == group)
    }

    /// Speaker by key, case-insensitive ("t:" works like "T:").
    pub fn speaker(&self, key: &str) -> Option<&Speaker> {
        self.speakers
            .iter()
            .find(|s| s.key.eq_ignore_ascii_case(key))
    }

    /// Every speaker, in codebook order.
    pub fn speakers(&self) -> &[Speaker] {
        &self.speakers
    }

    /// The stage's label in this book's language (codebook.yml's `stages:`, else English).
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
