#![no_main]
//! references.yml (hayagriva YAML), then every way a reference is printed.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(r) = metbook::model::met::references::References::parse(text) {
        let keys = r.keys();
        for k in &keys {
            let _ = r.parenthetical_html(k);
            let _ = r.narrative_html(k);
        }
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        let _ = r.bibliography_html(&keys);
    }
});
