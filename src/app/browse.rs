//! Searching notes and presenting them with their cards.

use serde::Serialize;

use super::Spool;
use crate::error::Result;
use crate::scheduler::{CardQueue, DayClock};
use crate::store::{Card, Note};

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

impl Spool {
    /// Notes matching an Anki-like `query` (see [`crate::store::search`]), with their cards.
    pub fn search(&self, query: &str) -> Result<Vec<NoteSummary>> {
        let ids = self.collection.search_notes(query, self.today()?)?;
        ids.into_iter()
            .map(|id| self.note_summary(self.collection.note(id)?))
            .collect()
    }

    fn card_summary(&self, card: Card) -> Result<CardSummary> {
        let s = card.schedule;
        let due = match s.state {
            crate::scheduler::CardState::New => None,
            _ => DayClock::date_of_day(s.due_day).map(|d| d.to_string()),
        };
        Ok(CardSummary {
            id: card.id,
            number: card.ord + 1,
            deck: self.collection.deck(card.deck_id)?.name,
            queue: s.queue,
            due,
            interval: s.sm2.interval_days,
            ease: f64::from(s.sm2.ease_permille) / 1000.0,
            reps: s.reps,
            lapses: s.lapses,
        })
    }

    fn note_summary(&self, note: Note) -> Result<NoteSummary> {
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
