#![no_main]
//! ```contrast blocks.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    let _ = metbook::met::contrast::parse(body);
});
