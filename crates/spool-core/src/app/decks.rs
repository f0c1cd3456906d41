//! Creating, renaming and deleting decks, and which of them the deck list shows folded.

use std::collections::BTreeSet;

use super::Spool;
use crate::error::{Error, Result};
use crate::store::{Deck, DeckId};

/// Config key of the decks whose subdecks the deck list hides.
const COLLAPSED_DECKS_KEY: &str = "collapsed_decks";

impl Spool {
    /// Every deck, parents before children.
    pub fn decks(&self) -> Result<Vec<Deck>> {
        self.collection.decks()
    }

    /// Creates a deck and its missing parents (`Parent::Child`). Fails if it already exists.
    pub fn create_deck(&mut self, name: &str) -> Result<DeckId> {
        self.collection.create_deck(name, self.now_secs())
    }

    /// Renames a deck; its subdecks move with it.
    pub fn rename_deck(&mut self, deck: DeckId, new_name: &str) -> Result<()> {
        self.collection.rename_deck(deck, new_name, self.now_secs())
    }

    /// Deletes a deck with its subdecks and their cards, and forgets that they were folded,
    /// so a deck made later with a freed id does not start folded.
    pub fn delete_deck(&mut self, deck: DeckId) -> Result<u64> {
        let deleted = self.collection.delete_deck(deck)?;
        let folded = self.collapsed_decks()?;
        let existing: BTreeSet<DeckId> = self.collection.decks()?.iter().map(|d| d.id).collect();
        let kept: BTreeSet<DeckId> = folded.intersection(&existing).copied().collect();
        if kept != folded {
            self.collection
                .set_config_value(COLLAPSED_DECKS_KEY, &kept)?;
        }
        Ok(deleted)
    }

    /// Decks whose subdecks the deck list hides, as the person left them. A stored value
    /// that cannot be read is forgotten rather than kept in the way: it only folds rows.
    pub fn collapsed_decks(&self) -> Result<BTreeSet<DeckId>> {
        match self.collection.config_value(COLLAPSED_DECKS_KEY) {
            Ok(decks) => Ok(decks.unwrap_or_default()),
            Err(Error::InvalidSetting { .. }) => Ok(BTreeSet::new()),
            Err(error) => Err(error),
        }
    }

    pub fn set_deck_collapsed(&mut self, deck: DeckId, collapsed: bool) -> Result<()> {
        let mut decks = self.collapsed_decks()?;
        if collapsed {
            decks.insert(deck);
        } else {
            decks.remove(&deck);
        }
        self.collection
            .set_config_value(COLLAPSED_DECKS_KEY, &decks)
    }
}
