#![no_main]
//! Citation scanning in chapter text.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = metbook::met::cite::scan(text);
});
