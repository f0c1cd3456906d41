//! The search language, through `Collection::search_cards` on a collection holding the
//! bundled deck: any query must give cards or an error, and SQLite must accept what the
//! parser builds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spool_core::import::spool_deck;
use spool_core::store::{Collection, ImportSettings};

const DECK: &str = include_str!("../../decks/parallel-programming.toml");

fn collection() -> Collection {
    let mut collection = Collection::open(spool_fuzz::scratch().join("search.spool")).unwrap();
    let batch = spool_deck::parse(DECK, "parallel-programming.toml")
        .unwrap()
        .into_batch("parallel-programming.toml");
    let settings = ImportSettings {
        now: 1_700_000_000,
        update_scheduling: false,
        default_deck: "Default".into(),
    };
    collection
        .import_batch(&batch, &settings, &mut |_| {})
        .unwrap();
    collection
}

thread_local! {
    static COLLECTION: Collection = collection();
}

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else {
        return;
    };
    COLLECTION.with(|collection| {
        let _ = collection.search_cards(query, 19_700);
    });
});
