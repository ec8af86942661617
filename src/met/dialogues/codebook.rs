//! Building the codebook (`model::met::codebook`): the built-ins live in
//! `codebook_default.yml` (and `codebook_es.yml` for Spanish labels); a book's
//! `codebook.yml` extends or replaces them.

use super::BlockError;
use crate::model::met::codebook::{Codebook, Role, Speaker, UiText};

impl UiText {
    /// `x` with up to `decimals` decimals, trailing zeros dropped, in this language's
    /// decimal mark.
    pub fn num(&self, x: f64, decimals: usize) -> String {
        crate::text::decimal(x, decimals).replace('.', &self.decimal_mark)
    }
}

const DEFAULT_YAML: &str = include_str!("codebook_default.yml");

impl Codebook {
    /// The built-in labels of a language other than English, in codebook.yml's format, to
    /// lay over the built-in codebook.
    pub fn builtin_language(code: &str) -> Option<&'static str> {
        match code.split(['-', '_']).next()?.to_ascii_lowercase().as_str() {
            "es" => Some(include_str!("codebook_es.yml")),
            _ => None,
        }
    }

    /// The built-in codebook. Panics only if the embedded YAML is broken (a unit test
    /// guards that), never on user input.
    pub fn builtin() -> Codebook {
        let sp = |k: &str, l: &str, role| Speaker {
            key: k.into(),
            label: l.into(),
            role,
        };
        let mut cb = Codebook::with_speakers(vec![
            sp("T", "Therapist", Role::Therapist),
            sp("C", "Client", Role::Client),
            sp("SO", "Significant other", Role::Other),
        ]);
        cb.extend_from_yaml(DEFAULT_YAML)
            .expect("built-in codebook_default.yml is valid");
        cb
    }

    /// Extends (or with `replace: true` replaces the codes of) this codebook from a book's
    /// `codebook.yml`. On any error nothing is changed. Positions are relative to `src`.
    pub fn extend_from_yaml(&mut self, src: &str) -> Result<(), Vec<BlockError>> {
        let mut next = self.clone();
        super::codebook_yaml::apply(&mut next, src)?;
        *self = next;
        Ok(())
    }
}

/// The built-in codebook, which a book's `codebook.yml` then extends.
impl Default for Codebook {
    fn default() -> Self {
        Codebook::builtin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::met::codebook::{CodeGroup, DarnCat, Reflection};

    #[test]
    fn builtin_has_all_codes() {
        let cb = Codebook::builtin();
        assert_eq!(cb.codes_in(CodeGroup::Therapist).count(), 10);
        // Change talk, sustain talk and discord.
        assert_eq!(cb.codes_in(CodeGroup::Client).count(), 3);
        assert_eq!(
            cb.lookup("discord").unwrap().flags.talk,
            None,
            "discord is not sustain talk"
        );
        assert_eq!(cb.codes_in(CodeGroup::ClientSubtype).count(), 7);
        assert_eq!(cb.codes_in(CodeGroup::Strategy).count(), 9);
        assert_eq!(
            cb.lookup("SR").unwrap().flags.reflection,
            Some(Reflection::Simple)
        );
        assert!(cb.lookup("seek").unwrap().flags.mi_adherent);
        assert!(cb.lookup("confront").unwrap().flags.mi_non_adherent);
        assert_eq!(
            cb.lookup("commitment").unwrap().flags.darn_cat,
            Some(DarnCat::Mobilizing)
        );
        assert!(cb.lookup("nope").is_none());
        assert_eq!(cb.speaker("so").unwrap().role, Role::Other);
    }
}
