#![no_main]
//! codebook.yml: `Codebook::extend_from_yaml` on top of the built-in codebook.
use libfuzzer_sys::fuzz_target;
use metbook::model::met::codebook::Codebook;

fuzz_target!(|text: &str| {
    let mut cb = Codebook::builtin();
    let _ = cb.extend_from_yaml(text);
});
