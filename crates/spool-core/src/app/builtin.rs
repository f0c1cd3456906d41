//! The built-in deck, compiled into the binary from `decks/parallel-programming.toml`.

use serde::Serialize;

use super::Spool;
use crate::error::Result;
use crate::import::spool_deck;
use crate::store::UpsertOutcome;

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

    /// Adds or updates the notes of a Spool deck file, all in one transaction.
    pub fn load_deck_file(&mut self, text: &str, origin: &str) -> Result<SyncReport> {
        let deck = spool_deck::parse(text, origin)?;
        let outcomes = self.collection.load_deck_file(&deck, self.now_secs())?;
        let mut report = SyncReport::default();
        for outcome in outcomes {
            match outcome {
                UpsertOutcome::Added(_) => report.added += 1,
                UpsertOutcome::Updated(_) => report.updated += 1,
                UpsertOutcome::Unchanged(_) => report.unchanged += 1,
            }
        }
        Ok(report)
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
