#![no_main]
//! SUMMARY.md: `metbook::load::summary::parse` must never panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = metbook::load::summary::parse(text, std::path::Path::new("SUMMARY.md"));
});
