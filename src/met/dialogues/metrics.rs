//! MITI 4.2.1 summary scores computed from a dialogue's codes, with the manual's
//! fair/good thresholds. For a short teaching excerpt these are illustrative only (the
//! manual's thresholds are expert opinion for whole sessions), which the rendered table
//! says in its caption.
//!
//! Decisions: `or T:` alternatives are what-ifs, not part of the conversation, so they are
//! NOT counted. %CT counts only turns of the client role (a significant other's words are
//! not the client's change talk). Scores read code flags, not ids, so a replaced codebook
//! still scores.

use std::collections::BTreeMap;

use crate::model::met::codebook::{CodeGroup, Codebook, Reflection, Role, Talk};
use crate::model::met::dialogue::{Dialogue, GlobalRatings, Rating};

/// A dialogue's MITI 4.2.1 behaviour counts, from which the summary scores follow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metrics {
    /// Uses of each code id in the non-alternative turns.
    pub counts: BTreeMap<String, usize>,
    /// Questions asked.
    pub questions: usize,
    /// Simple reflections.
    pub simple_reflections: usize,
    /// Complex reflections.
    pub complex_reflections: usize,
    /// Seek + Affirm + Emphasize.
    pub mi_adherent: usize,
    /// Persuade + Confront.
    pub mi_non_adherent: usize,
    /// Change-talk codes on client turns.
    pub change_talk: usize,
    /// Sustain-talk codes on client turns.
    pub sustain_talk: usize,
    /// Uses of any therapist behaviour code; 0 means there is nothing to score.
    pub therapist_codes: usize,
}

/// Counts the codes of `d`'s turns (alternatives left out) by their flags in `cb`.
pub fn compute_metrics(d: &Dialogue, cb: &Codebook) -> Metrics {
    let mut m = Metrics::default();
    for turn in d.turns.iter().filter(|t| !t.is_alternative) {
        for id in turn.utterances.iter().flat_map(|u| &u.codes) {
            *m.counts.entry(id.clone()).or_default() += 1;
            let Some(code) = cb.lookup(id) else { continue };
            let f = &code.flags;
            if code.group == CodeGroup::Therapist {
                m.therapist_codes += 1;
            }
            m.questions += usize::from(f.question);
            match f.reflection {
                Some(Reflection::Simple) => m.simple_reflections += 1,
                Some(Reflection::Complex) => m.complex_reflections += 1,
                None => {}
            }
            m.mi_adherent += usize::from(f.mi_adherent);
            m.mi_non_adherent += usize::from(f.mi_non_adherent);
            if turn.role == Role::Client {
                match f.talk {
                    Some(Talk::Change) => m.change_talk += 1,
                    Some(Talk::Sustain) => m.sustain_talk += 1,
                    None => {}
                }
            }
        }
    }
    m
}

impl GlobalRatings {
    /// Technical global = (Cultivating Change Talk + Softening Sustain Talk) / 2.
    pub fn technical(&self) -> f64 {
        f64::from(self.cultivating_change_talk + self.softening_sustain_talk) / 2.0
    }

    /// Relational global = (Partnership + Empathy) / 2.
    pub fn relational(&self) -> f64 {
        f64::from(self.partnership + self.empathy) / 2.0
    }

    /// MITI 4.2.1: technical fair from 3, good from 4 (compared in half points, exactly).
    pub fn technical_rating(&self) -> Rating {
        band(
            self.cultivating_change_talk + self.softening_sustain_talk,
            6,
            8,
        )
    }

    /// MITI 4.2.1: relational fair from 3.5, good from 4.
    pub fn relational_rating(&self) -> Rating {
        band(self.partnership + self.empathy, 7, 8)
    }
}

/// A sum of two ratings against doubled thresholds.
fn band(sum: u8, fair: u8, good: u8) -> Rating {
    if sum >= good {
        Rating::Good
    } else if sum >= fair {
        Rating::Fair
    } else {
        Rating::BelowFair
    }
}

fn ratio(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

impl Metrics {
    /// Simple and complex reflections together.
    pub fn reflections(&self) -> usize {
        self.simple_reflections + self.complex_reflections
    }
    /// R:Q = (SR + CR) / Q; None without questions.
    pub fn r_q(&self) -> Option<f64> {
        ratio(self.reflections(), self.questions)
    }
    /// %CR = CR / (SR + CR), as a percentage; None without reflections.
    pub fn pct_cr(&self) -> Option<f64> {
        ratio(100 * self.complex_reflections, self.reflections())
    }
    /// %CT = CT / (CT + ST), as a percentage; None without client talk codes.
    pub fn pct_ct(&self) -> Option<f64> {
        ratio(100 * self.change_talk, self.change_talk + self.sustain_talk)
    }
    /// MITI: fair from 1:1, good from 2:1. Compared in integers so 2/1 is exactly good.
    pub fn r_q_rating(&self) -> Option<Rating> {
        let (r, q) = (self.reflections(), self.questions);
        (q > 0).then(|| {
            if r >= 2 * q {
                Rating::Good
            } else if r >= q {
                Rating::Fair
            } else {
                Rating::BelowFair
            }
        })
    }
    /// MITI: fair from 40 %, good from 50 %.
    pub fn pct_cr_rating(&self) -> Option<Rating> {
        let (cr, all) = (self.complex_reflections, self.reflections());
        (all > 0).then(|| {
            if 2 * cr >= all {
                Rating::Good
            } else if 5 * cr >= 2 * all {
                Rating::Fair
            } else {
                Rating::BelowFair
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::dialogue::parse_dialogue;
    use super::*;

    fn metrics(turns: &str) -> Metrics {
        let cb = Codebook::builtin();
        let d = parse_dialogue(&format!("id: d\ntitle: t\n---\n{turns}"), &cb).unwrap();
        compute_metrics(&d, &cb)
    }

    #[test]
    fn spec_example_by_hand() {
        // SR + CR = 2, Q = 1 → R:Q 2 (good); %CR 1/2 = 50 % (good); CT 0, ST 2 → 0 %.
        // The `or T:` confront is an alternative and is not counted.
        let m = metrics("C: only here because of my wife {st}\nT: Not your idea. {sr}\nC: She exaggerates. {st}\n\
                         T: You see it differently. {cr, double-sided} What do you make of it? {q}\n\
                         or T: You drink too much. {confront}\nSO: I want him healthy. {}\n");
        assert_eq!(
            (m.simple_reflections, m.complex_reflections, m.questions),
            (1, 1, 1)
        );
        assert_eq!(m.r_q(), Some(2.0));
        assert_eq!(m.r_q_rating(), Some(Rating::Good));
        assert_eq!(m.pct_cr(), Some(50.0));
        assert_eq!(m.pct_cr_rating(), Some(Rating::Good));
        assert_eq!(m.pct_ct(), Some(0.0));
        assert_eq!(m.mi_non_adherent, 0, "alternative confront not counted");
        assert_eq!(m.counts.get("double-sided"), Some(&1));
        assert_eq!(m.counts.get("confront"), None);
    }

    #[test]
    fn thresholds_and_adherence() {
        // Q = 3, SR = 2, CR = 1 → R:Q 1.0 (fair, boundary), %CR 33.3 % (below fair).
        let m = metrics("T: a {q}\nT: b {q}\nT: c {q}\nT: d {sr}\nT: e {sr}\nT: f {cr}\n\
                         T: g {af}\nT: h {seek}\nT: i {emphasize}\nT: j {persuade}\nT: k {confront}\n\
                         C: l {ct, desire}\nC: m {ct}\nC: n {st}\nSO: o {ct}\n");
        assert_eq!(m.r_q(), Some(1.0));
        assert_eq!(m.r_q_rating(), Some(Rating::Fair));
        assert!((m.pct_cr().unwrap() - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!(m.pct_cr_rating(), Some(Rating::BelowFair));
        assert_eq!((m.mi_adherent, m.mi_non_adherent), (3, 2));
        // CT 2, ST 1 (the SO's ct is not the client's) → 66.7 %.
        assert!((m.pct_ct().unwrap() - 200.0 / 3.0).abs() < 1e-9);
        assert_eq!(m.therapist_codes, 11);
    }

    #[test]
    fn boundaries() {
        // SR 3, CR 2 → %CR exactly 40 % → fair; Q 4 → R:Q 1.25 fair.
        let m = metrics("T: a {sr}\nT: b {sr}\nT: c {sr}\nT: d {cr}\nT: e {cr}\nT: f {q}\nT: g {q}\nT: h {q}\nT: i {q}\n");
        assert_eq!(m.pct_cr(), Some(40.0));
        assert_eq!(m.pct_cr_rating(), Some(Rating::Fair));
        assert_eq!(m.r_q(), Some(1.25));
        assert_eq!(m.r_q_rating(), Some(Rating::Fair));
        // Q 2, R 1 → 0.5 below fair.
        let m = metrics("T: a {q}\nT: b {q}\nT: c {cr}\n");
        assert_eq!(
            (m.r_q(), m.r_q_rating()),
            (Some(0.5), Some(Rating::BelowFair))
        );
    }

    #[test]
    fn global_thresholds_follow_miti() {
        let g = |c, s, p, e| GlobalRatings {
            cultivating_change_talk: c,
            softening_sustain_talk: s,
            partnership: p,
            empathy: e,
        };
        assert_eq!(g(4, 4, 5, 4).technical(), 4.0);
        assert_eq!(g(4, 4, 5, 4).relational(), 4.5);
        assert_eq!(g(4, 4, 5, 4).technical_rating(), Rating::Good);
        assert_eq!(g(3, 3, 4, 3).technical_rating(), Rating::Fair);
        assert_eq!(g(3, 2, 4, 3).technical_rating(), Rating::BelowFair);
        // Relational 3.5 is fair, 3 is not.
        assert_eq!(g(3, 3, 4, 3).relational_rating(), Rating::Fair);
        assert_eq!(g(3, 3, 3, 3).relational_rating(), Rating::BelowFair);
        assert_eq!(g(3, 3, 4, 4).relational_rating(), Rating::Good);
    }

    #[test]
    fn zero_denominators_are_none() {
        let m = metrics("C: hello\nT: hi {gi}\n");
        assert_eq!((m.r_q(), m.pct_cr(), m.pct_ct()), (None, None, None));
        assert_eq!((m.r_q_rating(), m.pct_cr_rating()), (None, None));
        // Reflections but no question: R:Q undefined, %CR defined.
        let m = metrics("T: a {sr}\n");
        assert_eq!((m.r_q(), m.pct_cr()), (None, Some(0.0)));
    }
}
