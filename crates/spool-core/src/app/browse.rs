//! Searching notes and presenting them with their cards, or cards as table rows.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use super::Spool;
use crate::error::{Error, Result};
use crate::render::cloze;
use crate::render::html::to_plain_text;
use crate::scheduler::{CardQueue, CardState, DayClock, Schedule};
use crate::store::{Card, CardId, DeckId, FoundCard, Note, NoteId};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardSummary {
    pub id: i64,
    /// 1-based card number within the note (template, or cloze number).
    pub number: u32,
    pub deck: String,
    pub queue: CardQueue,
    /// Date of the next review (`YYYY-MM-DD`); `None` for new cards.
    pub due: Option<String>,
    pub interval: u32,
    pub ease: f64,
    pub reps: u32,
    pub lapses: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteSummary {
    pub id: i64,
    pub guid: String,
    pub notetype: String,
    /// Deck of the note's first card.
    pub deck: String,
    /// Field name to value (HTML), in the note type's order.
    pub fields: serde_json::Map<String, serde_json::Value>,
    pub tags: Vec<String>,
    pub demo: Option<String>,
    pub cards: Vec<CardSummary>,
}

/// One card of a search, as a table of cards shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CardRow {
    pub card_id: CardId,
    pub note_id: NoteId,
    /// The note's first field as one line of plain text, cut to a table cell's worth;
    /// cloze markup shows as the text it hides.
    pub question: String,
    /// Full deck name, shared by the rows of one deck.
    pub deck: Arc<str>,
    /// Date of the next review (`YYYY-MM-DD`); `None` for new cards.
    pub due: Option<String>,
    pub interval: u32,
    pub ease: f64,
    /// When the note was created, unix seconds.
    pub created: i64,
    pub suspended: bool,
}

/// Longest question in a [`CardRow`], in characters.
const QUESTION_CHARS: usize = 90;

/// The date a card is next due, unless it is new.
pub(super) fn due_date(schedule: &Schedule) -> Option<String> {
    match schedule.state {
        CardState::New => None,
        _ => DayClock::date_of_day(schedule.due_day).map(|d| d.to_string()),
    }
}

impl Spool {
    /// Notes matching an Anki-like `query` (see [`crate::store::search`]), with their cards.
    pub fn search(&self, query: &str) -> Result<Vec<NoteSummary>> {
        let ids = self.collection.search_notes(query, self.today()?)?;
        ids.into_iter()
            .map(|id| self.summarize(self.collection.note(id)?))
            .collect()
    }

    /// One note with its cards, as [`Spool::search`] lists it.
    pub fn note_summary(&self, id: NoteId) -> Result<NoteSummary> {
        self.summarize(self.collection.note(id)?)
    }

    /// Every card matching `query`, in the order they were added, as table rows: one query
    /// and a few bytes a card, so a whole large collection can be listed.
    pub fn card_rows(&self, query: &str) -> Result<Vec<CardRow>> {
        let decks: HashMap<DeckId, Arc<str>> = self
            .collection
            .decks()?
            .into_iter()
            .map(|deck| (deck.id, Arc::from(deck.name)))
            .collect();
        let found = self.collection.search_found_cards(query, self.today()?)?;
        found
            .into_iter()
            .map(|card| card_row(card, &decks))
            .collect()
    }

    fn card_summary(&self, card: Card) -> Result<CardSummary> {
        let s = card.schedule;
        Ok(CardSummary {
            id: card.id,
            number: card.ord + 1,
            deck: self.collection.deck(card.deck_id)?.name,
            queue: s.queue,
            due: due_date(&s),
            interval: s.sm2.interval_days,
            ease: f64::from(s.sm2.ease_permille) / 1000.0,
            reps: s.reps,
            lapses: s.lapses,
        })
    }

    fn summarize(&self, note: Note) -> Result<NoteSummary> {
        let notetype = self.collection.notetype(note.notetype_id)?;
        let cards = self
            .collection
            .cards_of_note(note.id)?
            .into_iter()
            .map(|card| self.card_summary(card))
            .collect::<Result<Vec<_>>>()?;
        let fields = notetype
            .fields
            .iter()
            .cloned()
            .zip(
                note.fields
                    .iter()
                    .map(|v| serde_json::Value::String(v.clone())),
            )
            .collect();
        Ok(NoteSummary {
            id: note.id,
            guid: note.guid,
            notetype: notetype.name,
            deck: cards.first().map(|c| c.deck.clone()).unwrap_or_default(),
            fields,
            tags: note.tags,
            demo: note.demo,
            cards,
        })
    }
}

fn card_row(card: FoundCard, decks: &HashMap<DeckId, Arc<str>>) -> Result<CardRow> {
    let deck = decks
        .get(&card.deck_id)
        .cloned()
        .ok_or_else(|| Error::UnknownDeck(card.deck_id.to_string()))?;
    // A cloze card's question hides its own deletion, so the cards of one note tell apart.
    let question = match card.cloze_ord {
        Some(ord) => cloze::render(&card.first_field, ord, false),
        None => card.first_field,
    };
    let shown = to_plain_text(&question).replace('\n', " ");
    let s = card.schedule;
    Ok(CardRow {
        card_id: card.id,
        note_id: card.note_id,
        question: shown.chars().take(QUESTION_CHARS).collect(),
        deck,
        due: due_date(&s),
        interval: s.sm2.interval_days,
        ease: f64::from(s.sm2.ease_permille) / 1000.0,
        created: card.note_created_at,
        suspended: s.queue == CardQueue::Suspended,
    })
}
