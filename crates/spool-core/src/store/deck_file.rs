//! Writing a parsed Spool deck file into the collection.

use rusqlite::params;

use super::decks::get_or_create_deck;
use super::notes::upsert_note;
use super::notetypes::stock_notetype_id;
use super::{Collection, NewNote, UpsertOutcome};
use crate::error::Result;
use crate::import::spool_deck::DeckFile;

impl Collection {
    /// Adds or updates every note of `deck`, its decks, note types and description, in one
    /// transaction: a failure anywhere leaves the collection as it was.
    pub fn load_deck_file(&mut self, deck: &DeckFile, now: i64) -> Result<Vec<UpsertOutcome>> {
        self.transact(|tx| {
            let root = get_or_create_deck(tx, &deck.name, now)?;
            tx.execute(
                "UPDATE decks SET description = ?2 WHERE id = ?1",
                params![root, deck.description_html],
            )?;
            deck.notes
                .iter()
                .map(|note| {
                    let new = NewNote {
                        guid: Some(note.guid.clone()),
                        notetype_id: stock_notetype_id(tx, note.notetype, now)?,
                        deck_id: get_or_create_deck(tx, &note.deck_name, now)?,
                        fields: note.fields.clone(),
                        tags: note.tags.clone(),
                        demo: note.demo.clone(),
                    };
                    upsert_note(tx, &new, now)
                })
                .collect()
        })
    }
}
