#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| lamplight_fuzz_targets::form_roundtrip(data));
