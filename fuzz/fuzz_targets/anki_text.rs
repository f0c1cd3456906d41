//! Anki's "Notes in Plain Text" export: any bytes, header lines and rows.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spool_core::import::{AnkiTextOptions, read_anki_text};

fuzz_target!(|data: &[u8]| {
    let path = spool_fuzz::input_file(data, "txt");
    let _ = read_anki_text(&path, &AnkiTextOptions::default());
});
