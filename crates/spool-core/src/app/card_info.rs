//! Everything known about one card, as Anki's card info screen shows it: where it lives,
//! its schedule, and every answer it has had.

use serde::Serialize;

use super::Spool;
use super::browse::due_date;
use crate::error::Result;
use crate::scheduler::{CardQueue, ReviewKind};
use crate::store::{CardId, NoteId, NotetypeKind, ReviewEntry};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardInfo {
    pub card_id: CardId,
    pub note_id: NoteId,
    pub notetype: String,
    /// The card's template name; for a cloze card, the template and its number.
    pub card: String,
    pub deck: String,
    /// When the note was added, unix seconds.
    pub added: i64,
    pub first_review_ms: Option<i64>,
    pub latest_review_ms: Option<i64>,
    pub queue: CardQueue,
    /// Date of the next review (`YYYY-MM-DD`); `None` for new cards.
    pub due: Option<String>,
    pub interval_days: u32,
    pub ease: f64,
    /// Answers logged, drills included.
    pub reviews: usize,
    pub lapses: u32,
    pub average_ms: Option<u64>,
    pub total_ms: u64,
    /// Every answer, newest first.
    pub history: Vec<ReviewLine>,
}

/// One answer of a card's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewLine {
    pub reviewed_at_ms: i64,
    pub kind: ReviewKind,
    /// The SM-2 quality given, 0 to 5.
    pub quality: u8,
    /// The interval and ease the answer left the card with.
    pub interval_days: u32,
    pub ease: f64,
    pub duration_ms: u32,
}

impl From<&ReviewEntry> for ReviewLine {
    fn from(entry: &ReviewEntry) -> Self {
        ReviewLine {
            reviewed_at_ms: entry.reviewed_at_ms,
            kind: entry.kind,
            quality: entry.quality,
            interval_days: entry.after.interval_days,
            ease: f64::from(entry.after.ease_permille) / 1000.0,
            duration_ms: entry.duration_ms,
        }
    }
}

impl Spool {
    /// What the card info screen shows about card `id`.
    pub fn card_info(&self, id: CardId) -> Result<CardInfo> {
        let card = self.collection.card(id)?;
        let note = self.collection.note(card.note_id)?;
        let notetype = self.collection.notetype(note.notetype_id)?;
        let log = self.collection.review_log(Some(id))?;
        let template = match notetype.kind {
            NotetypeKind::Cloze => notetype.templates.first(),
            NotetypeKind::Standard => notetype.templates.get(card.ord as usize),
        }
        .map_or_else(|| format!("Card {}", card.ord + 1), |t| t.name.clone());
        let card_name = match notetype.kind {
            NotetypeKind::Cloze => format!("{template} {}", card.ord + 1),
            NotetypeKind::Standard => template,
        };
        let total_ms: u64 = log.iter().map(|entry| u64::from(entry.duration_ms)).sum();
        let schedule = card.schedule;
        Ok(CardInfo {
            card_id: card.id,
            note_id: note.id,
            notetype: notetype.name,
            card: card_name,
            deck: self.collection.deck(card.deck_id)?.name,
            added: note.created_at,
            first_review_ms: log.first().map(|entry| entry.reviewed_at_ms),
            latest_review_ms: log.last().map(|entry| entry.reviewed_at_ms),
            queue: schedule.queue,
            due: due_date(&schedule),
            interval_days: schedule.sm2.interval_days,
            ease: f64::from(schedule.sm2.ease_permille) / 1000.0,
            reviews: log.len(),
            lapses: schedule.lapses,
            average_ms: (!log.is_empty()).then(|| total_ms / log.len() as u64),
            total_ms,
            history: log.iter().rev().map(ReviewLine::from).collect(),
        })
    }
}
