//! Answering cards and the review log. Each answer is one transaction that writes the card
//! and a log row holding the card's previous schedule, so undo restores it exactly.

use rusqlite::{OptionalExtension, Statement, params_from_iter};
use serde::Serialize;

use super::cards::{
    CardId, ScheduleColumns, Sm2Columns, decode_code, load_card, replace_schedule,
    schedule_from_row, schedule_values, sm2_from_row, write_schedule,
};
use super::{Card, Collection};
use crate::error::{Error, Result};
use crate::scheduler::card::{ReviewKind, Schedule};
use crate::scheduler::{CardQueue, Sm2State, Transition};
use crate::vocabulary::ReviewRecord;

/// One answer to record, as it was previewed: the card as it was shown and the transition
/// chosen for it. It is refused if the card has changed since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardAnswer {
    /// The card as shown; its schedule is the one `transition` starts from.
    pub card: Card,
    pub transition: Transition,
    /// How long the person looked at the card before answering.
    pub duration_ms: u32,
}

/// The result of a recorded answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answered {
    /// The card as it is now.
    pub card: Card,
    pub kind: ReviewKind,
    /// Id of the review log row, which exists once this is returned.
    pub review_id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewEntry {
    pub id: i64,
    pub card_id: CardId,
    pub reviewed_at_ms: i64,
    pub quality: u8,
    pub kind: ReviewKind,
    pub duration_ms: u32,
    pub before: Schedule,
    pub after_queue: CardQueue,
    pub after_due_day: i64,
    pub after: Sm2State,
    /// The card's modification time before this answer, restored by undo.
    pub before_modified_at: i64,
}

/// Adds a log row; run with [`insert_review`].
pub(crate) const INSERT_REVLOG: &str = "INSERT INTO revlog (card_id, reviewed_at_ms, quality, kind,
   duration_ms, before_ctype, before_queue, before_due_day, before_interval, before_ease,
   before_reps_n, before_reps, before_lapses, before_modified,
   after_queue, after_due_day, after_interval, after_ease, after_reps_n)
 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";

/// Logs `record` for `card_id` with a prepared [`INSERT_REVLOG`].
pub(crate) fn insert_review(
    insert: &mut Statement<'_>,
    card_id: CardId,
    record: &ReviewRecord,
) -> Result<()> {
    let answer = [
        card_id,
        record.reviewed_at_ms,
        record.quality.into(),
        record.kind.code(),
        record.duration_ms.into(),
    ];
    let modified_and_after = [
        record.before_modified_at,
        record.after_queue.code(),
        record.after_due_day,
        record.after.interval_days.into(),
        record.after.ease_permille.into(),
        record.after.repetitions.into(),
    ];
    insert.execute(params_from_iter(
        answer
            .into_iter()
            .chain(schedule_values(&record.before))
            .chain(modified_and_after),
    ))?;
    Ok(())
}

const REVLOG_COLUMNS: &str = "id, card_id, reviewed_at_ms, quality, kind, duration_ms, \
     before_ctype, before_queue, before_due_day, before_interval, before_ease, before_reps_n, \
     before_reps, before_lapses, after_queue, after_due_day, after_interval, after_ease, after_reps_n, \
     before_modified";

/// The card's schedule before the answer.
const BEFORE_SCHEDULE: ScheduleColumns = ScheduleColumns {
    state: "before_ctype",
    queue: "before_queue",
    due_day: "before_due_day",
    sm2: Sm2Columns {
        interval: "before_interval",
        ease: "before_ease",
        repetitions: "before_reps_n",
    },
    reps: "before_reps",
    lapses: "before_lapses",
};

/// The card's SM-2 state after the answer.
const AFTER_SM2: Sm2Columns = Sm2Columns {
    interval: "after_interval",
    ease: "after_ease",
    repetitions: "after_reps_n",
};

fn entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReviewEntry> {
    Ok(ReviewEntry {
        id: r.get("id")?,
        card_id: r.get("card_id")?,
        reviewed_at_ms: r.get("reviewed_at_ms")?,
        quality: r.get("quality")?,
        kind: decode_code(r, "kind", ReviewKind::from_code)?,
        duration_ms: r.get("duration_ms")?,
        before: schedule_from_row(r, &BEFORE_SCHEDULE)?,
        after_queue: decode_code(r, "after_queue", CardQueue::from_code)?,
        after_due_day: r.get("after_due_day")?,
        after: sm2_from_row(r, &AFTER_SM2)?,
        before_modified_at: r.get("before_modified")?,
    })
}

impl Collection {
    /// Records a previewed answer given at `answered_at_ms`, atomically and durably. If the
    /// card no longer is as it was shown, nothing is written and the answer is refused.
    pub fn answer_card(&mut self, answer: &CardAnswer, answered_at_ms: i64) -> Result<Answered> {
        self.transact(|tx| {
            let card = &answer.card;
            let Transition {
                quality,
                kind,
                next,
            } = answer.transition;
            let modified_at = answered_at_ms.div_euclid(1000);
            if !replace_schedule(tx, card, &next, modified_at)? {
                // Only a refused answer pays for telling a changed card from a deleted one.
                load_card(tx, card.id)?;
                return Err(Error::CardChanged(card.id));
            }
            let record = ReviewRecord {
                reviewed_at_ms: answered_at_ms,
                quality,
                kind,
                duration_ms: answer.duration_ms,
                before: card.schedule,
                before_modified_at: card.modified_at,
                after_queue: next.queue,
                after_due_day: next.due_day,
                after: next.sm2,
            };
            let mut insert = tx.prepare_cached(INSERT_REVLOG)?;
            insert_review(&mut insert, card.id, &record)?;
            Ok(Answered {
                card: Card {
                    schedule: next,
                    modified_at,
                    ..card.clone()
                },
                kind,
                review_id: tx.last_insert_rowid(),
            })
        })
    }

    /// Takes back the answer logged as `review_id`, which must be its card's latest: the card
    /// gets its exact previous schedule and the log row goes.
    pub fn undo_answer(&mut self, review_id: i64) -> Result<Card> {
        self.transact(|tx| {
            let entry = tx
                .prepare_cached(&format!(
                    "SELECT {REVLOG_COLUMNS} FROM revlog WHERE id = ?1"
                ))?
                .query_row([review_id], entry_from_row)
                .optional()?
                .ok_or(Error::NothingToUndo)?;
            let later: i64 = tx.query_row(
                "SELECT count(*) FROM revlog WHERE card_id = ?1 AND id > ?2",
                [entry.card_id, review_id],
                |r| r.get(0),
            )?;
            if later > 0 {
                return Err(Error::NothingToUndo);
            }
            write_schedule(tx, entry.card_id, &entry.before, entry.before_modified_at)?;
            tx.execute("DELETE FROM revlog WHERE id = ?1", [review_id])?;
            load_card(tx, entry.card_id)
        })
    }

    /// Review log rows, oldest first; `card_id` narrows them to one card.
    pub fn review_log(&self, card_id: Option<CardId>) -> Result<Vec<ReviewEntry>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {REVLOG_COLUMNS} FROM revlog WHERE ?1 IS NULL OR card_id = ?1 ORDER BY id"
        ))?;
        Ok(stmt
            .query_map([card_id], entry_from_row)?
            .collect::<rusqlite::Result<_>>()?)
    }
}
