//! Spool's deck files (`decks/*.toml`): any text, parsed and turned into a batch.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spool_core::import::spool_deck;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(deck) = spool_deck::parse(text, "fuzz.toml") {
        drop(deck.into_batch("fuzz.toml"));
    }
});
