//! Anki's card states and review log in Spool's terms: SM-2 schedules and review-log rows.
//!
//! Anki's (re)learning cards become Spool learning cards due today, so their next answer is
//! a full SM-2 repetition (and one below Good starts today's drill). New cards keep their
//! order, counted from 0 so the store can put them after the collection's own new cards.

use std::collections::HashMap;

use super::anki::{self, AnkiPackage, CardDue};
use crate::import::model::{Card, ExistingNotes, ImportBatch, Review};
use crate::scheduler::card::{DRILL_PASS_QUALITY, RECALL_QUALITY};
use crate::scheduler::sm2::{INITIAL_EASE_PERMILLE, MIN_EASE_PERMILLE};
use crate::scheduler::{CardQueue, CardState, DayClock, Grade, ReviewKind, Schedule, Sm2State};
use crate::vocabulary::ReviewRecord;

/// The study day an import runs on, and how review times fall into study days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StudyCalendar {
    /// Imported (re)learning cards fall due on it, so they come up today.
    pub today: i64,
    pub day_clock: DayClock,
}

impl AnkiPackage {
    /// The package in Spool's terms, its (re)learning cards due on `calendar.today`.
    pub fn into_batch(self, calendar: &StudyCalendar) -> ImportBatch {
        let cards = spool_cards(&self.cards, &self.revlog, calendar.today);
        let revlog = spool_reviews(&self.revlog, &calendar.day_clock);
        ImportBatch {
            source: self.source,
            notetypes: self.notetypes,
            decks: self.decks,
            notes: self.notes,
            cards,
            revlog,
            media: self.media,
            existing_notes: ExistingNotes::Merge,
        }
    }
}

/// The package's cards with Spool schedules.
fn spool_cards(cards: &[anki::Card], revlog: &[anki::ReviewLogEntry], today: i64) -> Vec<Card> {
    let successes = trailing_successes(cards.len(), revlog);
    let positions = NewPositions::of(cards);
    cards
        .iter()
        .zip(successes)
        .map(|(card, successes)| Card {
            note: card.note,
            template: card.template,
            deck: card.deck,
            schedule: schedule_of(card, successes, &positions, today),
        })
        .collect()
}

/// New-card positions relative to the package's first one.
struct NewPositions {
    lowest: i64,
    /// For new cards without a position: after every package position.
    after_last: i64,
}

impl NewPositions {
    fn of(cards: &[anki::Card]) -> Self {
        let positions = cards.iter().filter_map(|card| match card.due {
            CardDue::Position(position) => Some(position),
            CardDue::Time(_) | CardDue::Day(_) => None,
        });
        let range = positions.fold(None, |range: Option<(i64, i64)>, p| {
            Some(range.map_or((p, p), |(low, high)| (low.min(p), high.max(p))))
        });
        match range {
            Some((lowest, highest)) => Self {
                lowest,
                after_last: highest - lowest + 1,
            },
            None => Self {
                lowest: 0,
                after_last: 0,
            },
        }
    }

    fn of_card(&self, card: &anki::Card) -> i64 {
        match card.due {
            CardDue::Position(position) => position - self.lowest,
            CardDue::Time(_) | CardDue::Day(_) => self.after_last,
        }
    }
}

/// Anki's ease factor, with 0 (never reviewed) as SM-2's starting ease and never below
/// SM-2's floor.
fn spool_ease(factor: u32) -> u32 {
    match factor {
        0 => INITIAL_EASE_PERMILLE,
        factor => factor.max(MIN_EASE_PERMILLE),
    }
}

fn schedule_of(
    card: &anki::Card,
    successes: Option<u32>,
    positions: &NewPositions,
    today: i64,
) -> Schedule {
    let (state, due_day, repetitions) = match card.state {
        anki::CardState::New => (CardState::New, positions.of_card(card), 0),
        anki::CardState::Learning | anki::CardState::Relearning => (CardState::Learning, today, 0),
        anki::CardState::Review => {
            let due_day = match card.due {
                CardDue::Day(day) => day,
                CardDue::Position(_) | CardDue::Time(_) => today,
            };
            // SM-2 counts successes in a row; Anki does not store them. Without a log,
            // 2 makes the next interval grow by the ease, as Anki's would.
            (
                CardState::Review,
                due_day,
                successes.map_or(2, |n| n.max(1)),
            )
        }
    };
    Schedule {
        state,
        queue: if card.suspended {
            CardQueue::Suspended
        } else {
            state.queue()
        },
        due_day,
        sm2: Sm2State {
            repetitions,
            ease_permille: spool_ease(card.ease_permille),
            interval_days: card.interval_days,
        },
        reps: card.reps,
        lapses: card.lapses,
    }
}

/// The review log as Spool's rows, without Anki's manual rescheduling entries, which are
/// not answers.
///
/// Anki logs only the button, the intervals before and after and the ease after, so the
/// before and after values are reconstructed: states from the entry's kind (learning: new
/// card; review: review card; relearning: learning card), due days from the study day of
/// the answer plus the intervals (intervals under a day, which Anki logs as negative
/// seconds, count as 0 days), ease before from the card's previous entry, and the SM-2
/// success streak and answer and lapse counts by replaying the log in order.
fn spool_reviews(revlog: &[anki::ReviewLogEntry], day_clock: &DayClock) -> Vec<Review> {
    let mut replay: HashMap<usize, Replay> = HashMap::new();
    let mut reviews = Vec::with_capacity(revlog.len());
    for entry in revlog {
        let Some(quality) = quality_of(entry) else {
            continue;
        };
        let state = replay.entry(entry.card).or_default();
        let before = *state;
        let after_ease = spool_ease(entry.factor);
        let failed = quality < RECALL_QUALITY;
        let lapsed = failed && entry.kind == anki::ReviewKind::Review;
        let modified = entry.time_ms.div_euclid(1000);
        *state = Replay {
            answers: before.answers + 1,
            successes: if failed { 0 } else { before.successes + 1 },
            lapses: before.lapses + u32::from(lapsed),
            ease: Some(after_ease),
            modified,
        };
        let (kind, before_state) = match entry.kind {
            anki::ReviewKind::Learning => (ReviewKind::Learn, CardState::New),
            anki::ReviewKind::Relearning => (ReviewKind::Review, CardState::Learning),
            _ => (ReviewKind::Review, CardState::Review),
        };
        let day = day_clock.day_of(modified);
        let before_interval = whole_days(entry.last_interval);
        let after_interval = whole_days(entry.interval);
        reviews.push(Review {
            card: entry.card,
            record: ReviewRecord {
                reviewed_at_ms: entry.time_ms,
                quality,
                kind,
                duration_ms: entry.taken_ms,
                before: Schedule {
                    state: before_state,
                    queue: before_state.queue(),
                    due_day: day,
                    sm2: Sm2State {
                        repetitions: before.successes,
                        ease_permille: before.ease.unwrap_or(after_ease),
                        interval_days: before_interval,
                    },
                    reps: before.answers,
                    lapses: before.lapses,
                },
                before_modified_at: if before.answers == 0 {
                    modified
                } else {
                    before.modified
                },
                after_queue: if quality >= DRILL_PASS_QUALITY {
                    CardQueue::Review
                } else {
                    CardQueue::Learning
                },
                after_due_day: day + i64::from(after_interval),
                after: Sm2State {
                    repetitions: state.successes,
                    ease_permille: after_ease,
                    interval_days: after_interval,
                },
            },
        });
    }
    reviews
}

/// A card's history so far while its review log is replayed.
#[derive(Debug, Clone, Copy, Default)]
struct Replay {
    answers: u32,
    successes: u32,
    lapses: u32,
    ease: Option<u32>,
    modified: i64,
}

/// Anki's buttons as Spool's: Again, Hard, Good, Easy give the qualities Spool's own buttons
/// give. `None` for entries that are not answers (manual rescheduling).
fn quality_of(entry: &anki::ReviewLogEntry) -> Option<u8> {
    if matches!(
        entry.kind,
        anki::ReviewKind::Manual | anki::ReviewKind::Rescheduled
    ) {
        return None;
    }
    let grade = Grade::from_key(entry.ease)?;
    Some(grade.quality())
}

/// Anki intervals: positive values are days, negative ones seconds (under a day).
fn whole_days(interval: i32) -> u32 {
    u32::try_from(interval).unwrap_or(0)
}

/// Per card, the answers in a row at the end of its log that were not Again, or `None` when
/// the package has no log for it.
fn trailing_successes(cards: usize, revlog: &[anki::ReviewLogEntry]) -> Vec<Option<u32>> {
    let mut successes = vec![None; cards];
    for entry in revlog {
        let Some(quality) = quality_of(entry) else {
            continue;
        };
        let streak = successes[entry.card].get_or_insert(0);
        *streak = if quality < RECALL_QUALITY {
            0
        } else {
            *streak + 1
        };
    }
    successes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(ease: u8, kind: anki::ReviewKind) -> anki::ReviewLogEntry {
        anki::ReviewLogEntry {
            card: 0,
            time_ms: 0,
            ease,
            interval: 1,
            last_interval: 0,
            factor: 2500,
            taken_ms: 0,
            kind,
        }
    }

    fn card(state: anki::CardState, due: CardDue) -> anki::Card {
        anki::Card {
            source_id: 1,
            note: 0,
            template: 0,
            deck: 0,
            state,
            suspended: false,
            interval_days: 3,
            ease_permille: 0,
            reps: 0,
            lapses: 0,
            due,
        }
    }

    #[test]
    fn anki_buttons_give_spool_qualities() {
        let qualities: Vec<Option<u8>> = (0..=4)
            .map(|ease| quality_of(&entry(ease, anki::ReviewKind::Review)))
            .collect();
        assert_eq!(qualities, [None, Some(1), Some(3), Some(4), Some(5)]);
        assert_eq!(quality_of(&entry(3, anki::ReviewKind::Manual)), None);
    }

    #[test]
    fn streaks_restart_after_again() {
        let log = [
            entry(3, anki::ReviewKind::Review),
            entry(1, anki::ReviewKind::Review),
            entry(3, anki::ReviewKind::Review),
            entry(4, anki::ReviewKind::Review),
            entry(3, anki::ReviewKind::Manual),
        ];
        assert_eq!(trailing_successes(2, &log), [Some(2), None]);
    }

    #[test]
    fn new_cards_count_from_the_first_position_and_learning_cards_fall_due_today() {
        let cards = [
            card(anki::CardState::New, CardDue::Position(7)),
            card(anki::CardState::New, CardDue::Position(5)),
            card(anki::CardState::Relearning, CardDue::Time(1_700_000_000)),
            card(anki::CardState::Review, CardDue::Day(20_000)),
        ];
        let schedules: Vec<(CardState, i64, u32)> = spool_cards(&cards, &[], 19_990)
            .iter()
            .map(|card| {
                let s = card.schedule;
                (s.state, s.due_day, s.sm2.repetitions)
            })
            .collect();
        assert_eq!(
            schedules,
            [
                (CardState::New, 2, 0),
                (CardState::New, 0, 0),
                (CardState::Learning, 19_990, 0),
                (CardState::Review, 20_000, 2),
            ]
        );
    }
}
