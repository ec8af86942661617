#![no_main]
//! ```does-not blocks.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    let _ = metbook::met::does_not::parse(body);
});
