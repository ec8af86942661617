#![no_main]
//! glossary.yml, then term lookup in the same text.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(g) = metbook::model::met::glossary::Glossary::parse(text, std::path::Path::new("glossary.yml")) {
        let _ = g.find(text, &mut |_| false);
    }
});
