//! Adding and editing notes, and what the browser does to cards: suspending, moving and
//! deleting them.

use super::Spool;
use crate::error::Result;
use crate::store::{CardId, DeckId, NewNote, NoteId, Notetype, NotetypeId, StockNotetype};

/// What editing a note changes. The note keeps its note type, GUID and demo.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteEdit {
    pub fields: Vec<String>,
    pub tags: Vec<String>,
    /// Deck for the cards the new fields call for, e.g. a new cloze number.
    pub deck_id: DeckId,
}

impl Spool {
    /// Every note type, by name.
    pub fn notetypes(&self) -> Result<Vec<Notetype>> {
        self.collection.notetypes()
    }

    /// The id of a stock note type, adding it first if this collection lacks it.
    pub fn stock_notetype(&mut self, stock: StockNotetype) -> Result<NotetypeId> {
        self.collection.stock_notetype(stock, self.now_secs())
    }

    /// Adds a note with its cards.
    pub fn add_note(&mut self, note: &NewNote) -> Result<NoteId> {
        self.collection.add_note(note, self.now_secs())
    }

    /// Keeps a pasted file in the media folder; its name, for the field to refer to.
    pub fn add_media(&mut self, bytes: &[u8], extension: &str) -> Result<String> {
        self.collection.add_media(bytes, extension)
    }

    /// Notes already holding `note`'s first field in its note type, which adding it would
    /// duplicate.
    pub fn duplicates_of(&self, note: &NewNote) -> Result<Vec<NoteId>> {
        let first = note.fields.first().map_or("", String::as_str);
        self.collection
            .notes_with_first_field(note.notetype_id, first)
    }

    /// Saves new fields and tags for a note, as the editor and the browser both change it.
    pub fn edit_note(&mut self, id: NoteId, edit: NoteEdit) -> Result<()> {
        let note = self.collection.note(id)?;
        let NoteEdit {
            fields,
            tags,
            deck_id,
        } = edit;
        self.collection.update_note(
            id,
            &NewNote {
                guid: Some(note.guid),
                notetype_id: note.notetype_id,
                deck_id,
                fields,
                tags,
                demo: note.demo,
            },
            self.now_secs(),
        )
    }

    /// Suspends or unsuspends cards; unsuspended cards go back to the queue of their state.
    pub fn set_suspended(&mut self, cards: &[CardId], suspended: bool) -> Result<()> {
        self.collection
            .set_suspended(cards, suspended, self.now_secs())
    }

    /// Moves cards to another deck.
    pub fn move_cards(&mut self, cards: &[CardId], deck: DeckId) -> Result<()> {
        self.collection.set_card_deck(cards, deck, self.now_secs())
    }

    /// Deletes notes with their cards and review history.
    pub fn delete_notes(&mut self, notes: &[NoteId]) -> Result<()> {
        self.collection.delete_notes(notes)
    }
}
