//! Cards: one per note and template (or cloze number), carrying the schedule.

use rusqlite::{OptionalExtension, Row, params, params_from_iter};
use serde::Serialize;

use super::{Collection, DeckId, NoteId};
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

/// Decodes an enum stored as an integer code in `column`, failing the row read on an
/// unknown code.
pub(crate) fn decode_code<T>(
    row: &Row<'_>,
    column: &str,
    decode: fn(i64) -> Option<T>,
) -> rusqlite::Result<T> {
    let value: i64 = row.get(column)?;
    decode(value).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            row.as_ref().column_index(column).unwrap_or_default(),
            rusqlite::types::Type::Integer,
            format!("unknown code {value}").into(),
        )
    })
}

/// The columns an SM-2 state is stored in.
pub(crate) struct Sm2Columns {
    pub interval: &'static str,
    pub ease: &'static str,
    pub repetitions: &'static str,
}

/// The columns a schedule is stored in.
pub(crate) struct ScheduleColumns {
    pub state: &'static str,
    pub queue: &'static str,
    pub due_day: &'static str,
    pub sm2: Sm2Columns,
    pub reps: &'static str,
    pub lapses: &'static str,
}

/// A card's schedule in the `cards` table.
pub(crate) const CARD_SCHEDULE: ScheduleColumns = ScheduleColumns {
    state: "ctype",
    queue: "queue",
    due_day: "due_day",
    sm2: Sm2Columns {
        interval: "interval_days",
        ease: "ease_permille",
        repetitions: "repetitions",
    },
    reps: "reps",
    lapses: "lapses",
};

pub(crate) fn sm2_from_row(row: &Row<'_>, columns: &Sm2Columns) -> rusqlite::Result<Sm2State> {
    Ok(Sm2State {
        interval_days: row.get(columns.interval)?,
        ease_permille: row.get(columns.ease)?,
        repetitions: row.get(columns.repetitions)?,
    })
}

pub(crate) fn schedule_from_row(
    row: &Row<'_>,
    columns: &ScheduleColumns,
) -> rusqlite::Result<Schedule> {
    Ok(Schedule {
        state: decode_code(row, columns.state, CardState::from_code)?,
        queue: decode_code(row, columns.queue, CardQueue::from_code)?,
        due_day: row.get(columns.due_day)?,
        sm2: sm2_from_row(row, &columns.sm2)?,
        reps: row.get(columns.reps)?,
        lapses: row.get(columns.lapses)?,
    })
}

pub(crate) fn card_from_row(row: &Row<'_>) -> rusqlite::Result<Card> {
    Ok(Card {
        id: row.get("id")?,
        note_id: row.get("note_id")?,
        deck_id: row.get("deck_id")?,
        ord: row.get("ord")?,
        schedule: schedule_from_row(row, &CARD_SCHEDULE)?,
        created_at: row.get("created_at")?,
        modified_at: row.get("modified_at")?,
    })
}

pub(crate) fn load_card(conn: &rusqlite::Connection, id: CardId) -> Result<Card> {
    conn.prepare_cached(&format!("SELECT {CARD_COLUMNS} FROM cards WHERE id = ?1"))?
        .query_row([id], card_from_row)
        .optional()?
        .ok_or(Error::UnknownCard(id))
}

/// A schedule as the values of its eight columns, in the order the `cards` table and the
/// review log's `before_*` columns both keep them: state, queue, due day, interval, ease,
/// repetitions, reps, lapses.
pub(crate) fn schedule_values(s: &Schedule) -> [i64; 8] {
    [
        s.state.code(),
        s.queue.code(),
        s.due_day,
        s.sm2.interval_days.into(),
        s.sm2.ease_permille.into(),
        s.sm2.repetitions.into(),
        s.reps.into(),
        s.lapses.into(),
    ]
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
    .execute(params_from_iter(
        std::iter::once(id)
            .chain(schedule_values(s))
            .chain([modified_at]),
    ))?;
    Ok(())
}

/// Writes `next` over the card's schedule if its schedule still is `expected`'s, in the one
/// statement that writes it; returns whether it was. Only the schedule is compared, as Anki
/// compares a card's current state: an edit or a move to another deck while the card is
/// shown leaves the previewed answer valid.
pub(crate) fn replace_schedule(
    conn: &rusqlite::Connection,
    expected: &Card,
    next: &Schedule,
    modified_at: i64,
) -> Result<bool> {
    let changed = conn
        .prepare_cached(
            "UPDATE cards SET ctype = ?2, queue = ?3, due_day = ?4, interval_days = ?5,
             ease_permille = ?6, repetitions = ?7, reps = ?8, lapses = ?9, modified_at = ?10
             WHERE id = ?1 AND ctype = ?11 AND queue = ?12 AND due_day = ?13
               AND interval_days = ?14 AND ease_permille = ?15 AND repetitions = ?16
               AND reps = ?17 AND lapses = ?18",
        )?
        .execute(params_from_iter(
            std::iter::once(expected.id)
                .chain(schedule_values(next))
                .chain([modified_at])
                .chain(schedule_values(&expected.schedule)),
        ))?;
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
    pub fn set_suspended(&mut self, ids: &[CardId], suspended: bool, now: i64) -> Result<()> {
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
                write_schedule(tx, id, &schedule, now)?;
            }
            Ok(())
        })
    }

    pub fn set_card_deck(&mut self, ids: &[CardId], deck_id: DeckId, now: i64) -> Result<()> {
        self.deck(deck_id)?;
        self.transact(|tx| {
            let mut stmt =
                tx.prepare_cached("UPDATE cards SET deck_id = ?2, modified_at = ?3 WHERE id = ?1")?;
            for &id in ids {
                if stmt.execute(params![id, deck_id, now])? == 0 {
                    return Err(Error::UnknownCard(id));
                }
            }
            Ok(())
        })
    }
}
