//! The built-in deck, compiled into the binary from `decks/parallel-programming.toml`.

use serde::Serialize;

use super::Spool;
use crate::error::Result;
use crate::import::spool_deck;
use crate::store::ImportSettings;
use crate::vocabulary::DEFAULT_DECK_NAME;

pub const BUILTIN_DECK_NAME: &str = "Parallel Programming";
const BUILTIN_SOURCE: &str = include_str!("../../../../decks/parallel-programming.toml");
/// Config key holding the SHA-1 of the built-in deck text last loaded.
const LOADED_HASH_KEY: &str = "builtin_deck_sha1";

/// What loading a deck file did, note by note.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
}

impl Spool {
    /// Loads the built-in deck if this collection has not seen this version of it. Notes
    /// match by GUID, so edited cards keep their review history.
    pub fn sync_builtin_deck(&mut self) -> Result<Option<SyncReport>> {
        let hash = sha1_smol::Sha1::from(BUILTIN_SOURCE).digest().to_string();
        if self
            .collection
            .config_value::<String>(LOADED_HASH_KEY)?
            .as_deref()
            == Some(hash.as_str())
        {
            return Ok(None);
        }
        let report = self.load_deck_file(BUILTIN_SOURCE, "built-in deck")?;
        self.collection.set_config_value(LOADED_HASH_KEY, &hash)?;
        Ok(Some(report))
    }

    /// Adds or updates the notes of a Spool deck file, all in one transaction, through the
    /// same writer as every import.
    pub fn load_deck_file(&mut self, text: &str, origin: &str) -> Result<SyncReport> {
        let batch = spool_deck::parse(text, origin)?.into_batch(origin);
        let settings = self.deck_file_settings();
        let report = self
            .collection
            .import_batch(&batch, &settings, &mut |_| {})?;
        Ok(SyncReport {
            added: report.notes_added,
            updated: report.notes_updated,
            unchanged: report.notes_unchanged,
        })
    }
}

impl Spool {
    /// How a Spool deck file is written: its notes keep their own decks, and scheduling is
    /// never taken from the file.
    pub(super) fn deck_file_settings(&self) -> ImportSettings {
        ImportSettings {
            now: self.now_secs(),
            update_scheduling: false,
            default_deck: DEFAULT_DECK_NAME.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_deck_parses_and_is_big_enough() {
        let deck = spool_deck::parse(BUILTIN_SOURCE, "built-in deck").unwrap();
        assert_eq!(deck.name, BUILTIN_DECK_NAME);
        assert!(deck.notes.len() >= 35, "only {} notes", deck.notes.len());
    }
}
