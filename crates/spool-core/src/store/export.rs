//! Reading what an export writes: the cards of a deck (or all), with their notes, note
//! types, decks and review log.

use std::collections::{BTreeSet, HashSet};

use super::cards::{CARD_COLUMNS, card_from_row};
use super::notes::load_note;
use super::notetypes::load_notetype;
use super::{Card, Collection, Deck, DeckId, Note, Notetype, ReviewEntry};
use crate::error::{Error, Result};

/// Everything one export needs, each list in id order.
#[derive(Debug, Clone)]
pub struct ExportSelection {
    pub notetypes: Vec<Notetype>,
    /// The decks holding the cards, with their parents.
    pub decks: Vec<Deck>,
    pub notes: Vec<Note>,
    pub cards: Vec<Card>,
    pub reviews: Vec<ReviewEntry>,
}

impl Collection {
    /// The cards of `deck` and its subdecks (or every card), with what they need.
    pub fn export_selection(&self, deck: Option<DeckId>) -> Result<ExportSelection> {
        let all_decks = self.decks()?;
        let chosen: Vec<DeckId> = match deck {
            Some(id) => {
                let root = self.deck(id)?;
                all_decks
                    .iter()
                    .filter(|candidate| root.contains(candidate))
                    .map(|d| d.id)
                    .collect()
            }
            None => all_decks.iter().map(|d| d.id).collect(),
        };
        let chosen: HashSet<DeckId> = chosen.into_iter().collect();
        let cards: Vec<Card> = self
            .conn
            .prepare(&format!("SELECT {CARD_COLUMNS} FROM cards ORDER BY id"))?
            .query_map([], card_from_row)?
            .filter(|card| {
                card.as_ref()
                    .map_or(true, |card| chosen.contains(&card.deck_id))
            })
            .collect::<rusqlite::Result<_>>()?;
        let note_ids: BTreeSet<i64> = cards.iter().map(|card| card.note_id).collect();
        let notes = note_ids
            .iter()
            .map(|&id| load_note(&self.conn, id))
            .collect::<Result<Vec<_>>>()?;
        let notetype_ids: BTreeSet<i64> = notes.iter().map(|note| note.notetype_id).collect();
        let notetypes = notetype_ids
            .into_iter()
            .map(|id| {
                load_notetype(&self.conn, id)?
                    .ok_or_else(|| Error::UnknownNotetype(format!("#{id}")))
            })
            .collect::<Result<Vec<_>>>()?;
        let used_ids: HashSet<DeckId> = cards.iter().map(|card| card.deck_id).collect();
        let used_decks: Vec<&Deck> = all_decks
            .iter()
            .filter(|d| used_ids.contains(&d.id))
            .collect();
        let decks = all_decks
            .iter()
            .filter(|candidate| used_decks.iter().any(|used| candidate.contains(used)))
            .cloned()
            .collect();
        let card_ids: HashSet<i64> = cards.iter().map(|card| card.id).collect();
        let reviews = self
            .review_log(None)?
            .into_iter()
            .filter(|entry| card_ids.contains(&entry.card_id))
            .collect();
        Ok(ExportSelection {
            notetypes,
            decks,
            notes,
            cards,
            reviews,
        })
    }
}
