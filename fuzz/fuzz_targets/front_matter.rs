#![no_main]
//! Front matter: `metbook::load::chapter::split` must never panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = metbook::load::chapter::split(text, std::path::Path::new("fuzz.md"));
});
