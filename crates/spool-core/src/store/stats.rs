//! Numbers for `spool stats` and the stats screen.

use serde::Serialize;

use super::Collection;
use crate::error::Result;
use crate::scheduler::DayClock;

/// Days the due forecast covers.
pub const FORECAST_DAYS: usize = 30;
/// Days the review heatmap covers.
pub const HEATMAP_DAYS: usize = 365;
/// Days retention and the answer distribution look back over.
pub const RECENT_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CardCounts {
    pub new: u64,
    pub learning: u64,
    pub review: u64,
    pub suspended: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub notes: u64,
    pub cards: CardCounts,
    pub reviews_today: u64,
    pub reviews_recent: u64,
    /// Share of scheduled reviews in the last 30 days answered 3 or better, if there were any.
    pub retention_recent: Option<f64>,
    pub average_ease: Option<f64>,
    /// Review cards due per day from today (overdue ones count as today).
    pub due_forecast: Vec<u64>,
    /// Answers per quality 0..=5 in the last 30 days.
    pub answers_by_quality: [u64; 6],
    /// Answers per day for the last 365 days, oldest first; the last entry is today.
    pub reviews_per_day: Vec<u64>,
}

impl Collection {
    pub fn stats(&self, clock: DayClock, today: i64) -> Result<Stats> {
        let mut cards = CardCounts::default();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT queue, count(*) FROM cards GROUP BY queue")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let count = row.get(1)?;
            match row.get::<_, i64>(0)? {
                0 => cards.new = count,
                1 => cards.learning = count,
                2 => cards.review = count,
                _ => cards.suspended += count,
            }
        }
        let day_start_ms = |day: i64| clock.start_of_day(day) * 1000;
        let count_since = |since_ms: i64| -> rusqlite::Result<u64> {
            self.conn.query_row(
                "SELECT count(*) FROM revlog WHERE reviewed_at_ms >= ?1",
                [since_ms],
                |r| r.get(0),
            )
        };
        let recent_start = day_start_ms(today - RECENT_DAYS + 1);
        let (passed, scheduled): (u64, u64) = self.conn.query_row(
            "SELECT coalesce(sum(quality >= 3), 0), count(*) FROM revlog WHERE kind = 1 AND reviewed_at_ms >= ?1",
            [recent_start],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut answers_by_quality = [0u64; 6];
        let mut stmt = self.conn.prepare_cached(
            "SELECT quality, count(*) FROM revlog WHERE reviewed_at_ms >= ?1 GROUP BY quality",
        )?;
        let mut rows = stmt.query([recent_start])?;
        while let Some(row) = rows.next()? {
            if let Some(slot) = answers_by_quality.get_mut(row.get::<_, usize>(0)?) {
                *slot = row.get(1)?;
            }
        }
        let mut due_forecast = vec![0u64; FORECAST_DAYS];
        let mut stmt = self.conn.prepare_cached(
            "SELECT max(due_day, ?1), count(*) FROM cards WHERE queue = 2 AND due_day < ?2 GROUP BY max(due_day, ?1)",
        )?;
        let mut rows = stmt.query([today, today + FORECAST_DAYS as i64])?;
        while let Some(row) = rows.next()? {
            let offset = (row.get::<_, i64>(0)? - today) as usize;
            due_forecast[offset] = row.get(1)?;
        }
        let first_day = today - HEATMAP_DAYS as i64 + 1;
        let mut reviews_per_day = vec![0u64; HEATMAP_DAYS];
        let shift_ms =
            (i64::from(clock.utc_offset_secs) - i64::from(clock.rollover_hour) * 3600) * 1000;
        let mut stmt = self.conn.prepare_cached(
            "SELECT (reviewed_at_ms + ?2) / 86400000 AS day, count(*) FROM revlog
             WHERE reviewed_at_ms >= ?1 GROUP BY day",
        )?;
        let mut rows = stmt.query([day_start_ms(first_day), shift_ms])?;
        while let Some(row) = rows.next()? {
            let day: i64 = row.get(0)?;
            if let Some(slot) = usize::try_from(day - first_day)
                .ok()
                .and_then(|i| reviews_per_day.get_mut(i))
            {
                *slot = row.get(1)?;
            }
        }
        Ok(Stats {
            notes: self.note_count()?,
            cards,
            reviews_today: count_since(day_start_ms(today))?,
            reviews_recent: count_since(recent_start)?,
            retention_recent: (scheduled > 0).then(|| passed as f64 / scheduled as f64),
            average_ease: self.conn.query_row(
                "SELECT avg(ease_permille) / 1000.0 FROM cards WHERE ctype = 2",
                [],
                |r| r.get(0),
            )?,
            due_forecast,
            answers_by_quality,
            reviews_per_day,
        })
    }
}
