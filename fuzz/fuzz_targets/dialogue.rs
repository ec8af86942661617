#![no_main]
//! ```dialogue blocks, parsed against the built-in codebook.
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use metbook::model::met::codebook::Codebook;

fuzz_target!(|body: &str| {
    static CB: OnceLock<Codebook> = OnceLock::new();
    let cb = CB.get_or_init(Codebook::builtin);
    let _ = metbook::met::dialogues::dialogue::parse_dialogue(body, cb);
});
