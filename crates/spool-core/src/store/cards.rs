//! Cards: one per note and template (or cloze number), carrying the schedule.

use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

use super::{Collection, DeckId, NoteId, now_secs};
use crate::error::{Error, Result};
use crate::scheduler::{Sm2State, card::Schedule};

pub use crate::scheduler::{CardQueue, CardState};

pub type CardId = i64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Card {
    pub id: CardId,
    pub note_id: NoteId,
    pub deck_id: DeckId,
    /// Template ordinal; for cloze note types, the cloze number minus one.
    pub ord: u32,
    pub schedule: Schedule,
    pub created_at: i64,
    pub modified_at: i64,
}

pub(crate) const CARD_COLUMNS: &str = "id, note_id, deck_id, ord, ctype, queue, due_day, interval_days, \
     ease_permille, repetitions, reps, lapses, created_at, modified_at";

/// Decodes an enum stored as an integer code, failing the row read on an unknown code.
pub(crate) fn decode_code<T>(
    column: usize,
    value: i64,
    decode: fn(i64) -> Option<T>,
) -> rusqlite::Result<T> {
    decode(value).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            column,
            rusqlite::types::Type::Integer,
            format!("unknown code {value}").into(),
        )
    })
}

/// SM-2 state from three columns starting at `first`: interval, ease, repetitions.
pub(crate) fn sm2_from_row(row: &Row<'_>, first: usize) -> rusqlite::Result<Sm2State> {
    Ok(Sm2State {
        interval_days: row.get(first)?,
        ease_permille: row.get(first + 1)?,
        repetitions: row.get(first + 2)?,
    })
}

/// A schedule from eight columns starting at `first`, in the order of the `cards` table:
/// state, queue, due day, interval, ease, repetitions, reps, lapses.
pub(crate) fn schedule_from_row(row: &Row<'_>, first: usize) -> rusqlite::Result<Schedule> {
    Ok(Schedule {
        state: decode_code(first, row.get(first)?, CardState::from_code)?,
        queue: decode_code(first + 1, row.get(first + 1)?, CardQueue::from_code)?,
        due_day: row.get(first + 2)?,
        sm2: sm2_from_row(row, first + 3)?,
        reps: row.get(first + 6)?,
        lapses: row.get(first + 7)?,
    })
}

pub(crate) fn card_from_row(row: &Row<'_>) -> rusqlite::Result<Card> {
    Ok(Card {
        id: row.get(0)?,
        note_id: row.get(1)?,
        deck_id: row.get(2)?,
        ord: row.get(3)?,
        schedule: schedule_from_row(row, 4)?,
        created_at: row.get(12)?,
        modified_at: row.get(13)?,
    })
}

pub(crate) fn load_card(conn: &rusqlite::Connection, id: CardId) -> Result<Card> {
    conn.prepare_cached(&format!("SELECT {CARD_COLUMNS} FROM cards WHERE id = ?1"))?
        .query_row([id], card_from_row)
        .optional()?
        .ok_or(Error::UnknownCard(id))
}

pub(crate) fn write_schedule(
    conn: &rusqlite::Connection,
    id: CardId,
    s: &Schedule,
    modified_at: i64,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE cards SET ctype = ?2, queue = ?3, due_day = ?4, interval_days = ?5, ease_permille = ?6,
         repetitions = ?7, reps = ?8, lapses = ?9, modified_at = ?10 WHERE id = ?1",
    )?
    .execute(params![
        id,
        s.state.code(),
        s.queue.code(),
        s.due_day,
        s.sm2.interval_days,
        s.sm2.ease_permille,
        s.sm2.repetitions,
        s.reps,
        s.lapses,
        modified_at
    ])?;
    Ok(())
}

/// Writes `next` over the card's schedule if the card still is as `expected` (its schedule
/// and modification time), in the one statement that writes it; returns whether it was.
pub(crate) fn replace_schedule(
    conn: &rusqlite::Connection,
    expected: &Card,
    next: &Schedule,
    modified_at: i64,
) -> Result<bool> {
    let was = &expected.schedule;
    let changed = conn
        .prepare_cached(
            "UPDATE cards SET ctype = ?2, queue = ?3, due_day = ?4, interval_days = ?5,
             ease_permille = ?6, repetitions = ?7, reps = ?8, lapses = ?9, modified_at = ?10
             WHERE id = ?1 AND ctype = ?11 AND queue = ?12 AND due_day = ?13
               AND interval_days = ?14 AND ease_permille = ?15 AND repetitions = ?16
               AND reps = ?17 AND lapses = ?18 AND modified_at = ?19",
        )?
        .execute(params![
            expected.id,
            next.state.code(),
            next.queue.code(),
            next.due_day,
            next.sm2.interval_days,
            next.sm2.ease_permille,
            next.sm2.repetitions,
            next.reps,
            next.lapses,
            modified_at,
            was.state.code(),
            was.queue.code(),
            was.due_day,
            was.sm2.interval_days,
            was.sm2.ease_permille,
            was.sm2.repetitions,
            was.reps,
            was.lapses,
            expected.modified_at,
        ])?;
    Ok(changed == 1)
}

/// `deck_id IN (...)` for a list of ids (integers only, so nothing to escape).
fn deck_filter(deck_ids: &[DeckId]) -> String {
    let ids: Vec<String> = deck_ids.iter().map(i64::to_string).collect();
    format!("deck_id IN ({})", ids.join(","))
}

impl Collection {
    pub fn card(&self, id: CardId) -> Result<Card> {
        load_card(&self.conn, id)
    }

    pub fn cards_of_note(&self, note_id: NoteId) -> Result<Vec<Card>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CARD_COLUMNS} FROM cards WHERE note_id = ?1 ORDER BY ord"
        ))?;
        Ok(stmt
            .query_map([note_id], card_from_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn card_ids(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<CardId>> {
        let mut stmt = self.conn.prepare(sql)?;
        Ok(stmt
            .query_map(params, |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Cards failed today and still in the same-day drill, oldest answer first.
    pub fn drill_card_ids(&self, deck_ids: &[DeckId], today: i64) -> Result<Vec<CardId>> {
        self.card_ids(
            &format!(
                "SELECT id FROM cards WHERE queue = 1 AND due_day - interval_days = ?1 AND {}
                 ORDER BY modified_at, id",
                deck_filter(deck_ids)
            ),
            [today],
        )
    }

    /// Cards due for an SM-2 repetition on or before `today`, most overdue first: review
    /// cards, and learning cards whose drill ended with an earlier day.
    pub fn due_review_card_ids(
        &self,
        deck_ids: &[DeckId],
        today: i64,
        limit: u64,
    ) -> Result<Vec<CardId>> {
        self.card_ids(
            &format!(
                "SELECT id FROM cards WHERE queue IN (1, 2) AND due_day <= ?1 AND {}
                 ORDER BY due_day, id LIMIT ?2",
                deck_filter(deck_ids)
            ),
            params![today, limit],
        )
    }

    /// New cards in the order they were added.
    pub fn new_card_ids(&self, deck_ids: &[DeckId], limit: u64) -> Result<Vec<CardId>> {
        self.card_ids(
            &format!(
                "SELECT id FROM cards WHERE queue = 0 AND {} ORDER BY due_day, id LIMIT ?1",
                deck_filter(deck_ids)
            ),
            [limit],
        )
    }

    /// How many new cards these decks hold, shown or not.
    pub fn new_card_count(&self, deck_ids: &[DeckId]) -> Result<u64> {
        Ok(self.conn.query_row(
            &format!(
                "SELECT count(*) FROM cards WHERE queue = 0 AND {}",
                deck_filter(deck_ids)
            ),
            [],
            |r| r.get(0),
        )?)
    }

    /// The first study day after `today` on which a card in these decks is due, not counting
    /// cards still in today's drill.
    pub fn next_due_day(&self, deck_ids: &[DeckId], today: i64) -> Result<Option<i64>> {
        Ok(self.conn.query_row(
            &format!(
                "SELECT min(due_day) FROM cards WHERE queue IN (1, 2) AND due_day > ?1
                   AND NOT (queue = 1 AND due_day - interval_days = ?1) AND {}",
                deck_filter(deck_ids)
            ),
            [today],
            |r| r.get(0),
        )?)
    }

    /// Suspends or unsuspends cards; unsuspended cards go back to the queue of their state.
    pub fn set_suspended(&mut self, ids: &[CardId], suspended: bool) -> Result<()> {
        self.transact(|tx| {
            for &id in ids {
                let card = load_card(tx, id)?;
                let queue = if suspended {
                    CardQueue::Suspended
                } else {
                    card.schedule.state.queue()
                };
                let schedule = Schedule {
                    queue,
                    ..card.schedule
                };
                write_schedule(tx, id, &schedule, now_secs())?;
            }
            Ok(())
        })
    }

    pub fn set_card_deck(&mut self, ids: &[CardId], deck_id: DeckId) -> Result<()> {
        self.deck(deck_id)?;
        self.transact(|tx| {
            let mut stmt =
                tx.prepare_cached("UPDATE cards SET deck_id = ?2, modified_at = ?3 WHERE id = ?1")?;
            for &id in ids {
                if stmt.execute(params![id, deck_id, now_secs()])? == 0 {
                    return Err(Error::UnknownCard(id));
                }
            }
            Ok(())
        })
    }
}
