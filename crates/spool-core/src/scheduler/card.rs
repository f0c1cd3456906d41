//! How one answer moves a card between new, learning and review, on top of SM-2.
//!
//! A card answered below Good (quality < 4) enters *learning*: SM-2 has already scheduled its
//! next repetition, and until then it is drilled the same day (SM-2 step 7). Drill answers are
//! logged but leave n, EF and I alone; a Good or Easy drill answer graduates it back to review.

use serde::Serialize;

use super::sm2::{self, ReviewError, Sm2State};
use super::{Scheduler, Transition};

/// Lowest quality that ends the same-day drill.
pub const DRILL_PASS_QUALITY: u8 = 4;
/// Lowest quality SM-2 counts as a successful recall.
pub const RECALL_QUALITY: u8 = 3;

/// Where a card is in its life, kept while it is suspended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CardState {
    New,
    Learning,
    Review,
}

/// Which study queue a card is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CardQueue {
    Suspended,
    New,
    Learning,
    Review,
}

impl CardState {
    pub fn code(self) -> i64 {
        match self {
            Self::New => 0,
            Self::Learning => 1,
            Self::Review => 2,
        }
    }

    pub fn from_code(code: i64) -> Option<Self> {
        Some(match code {
            0 => Self::New,
            1 => Self::Learning,
            2 => Self::Review,
            _ => return None,
        })
    }

    /// The queue a card in this state belongs to when it is not suspended.
    pub fn queue(self) -> CardQueue {
        match self {
            Self::New => CardQueue::New,
            Self::Learning => CardQueue::Learning,
            Self::Review => CardQueue::Review,
        }
    }
}

impl CardQueue {
    pub fn code(self) -> i64 {
        match self {
            Self::Suspended => -1,
            Self::New => 0,
            Self::Learning => 1,
            Self::Review => 2,
        }
    }

    pub fn from_code(code: i64) -> Option<Self> {
        Some(match code {
            -1 => Self::Suspended,
            0 => Self::New,
            1 => Self::Learning,
            2 => Self::Review,
            _ => return None,
        })
    }
}

/// What an answer was, for the review log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewKind {
    /// The first answer of a new card.
    Learn,
    /// A scheduled SM-2 repetition.
    Review,
    /// A same-day drill answer: logged, but SM-2 state is unchanged.
    Drill,
}

impl ReviewKind {
    pub fn code(self) -> i64 {
        match self {
            Self::Learn => 0,
            Self::Review => 1,
            Self::Drill => 2,
        }
    }

    pub fn from_code(code: i64) -> Option<Self> {
        Some(match code {
            0 => Self::Learn,
            1 => Self::Review,
            2 => Self::Drill,
            _ => return None,
        })
    }
}

/// Everything about a card that answering can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Schedule {
    pub state: CardState,
    pub queue: CardQueue,
    /// Study day of the next SM-2 repetition (for new cards: their position).
    pub due_day: i64,
    pub sm2: Sm2State,
    pub reps: u32,
    pub lapses: u32,
}

impl Schedule {
    pub fn new_card(position: i64) -> Self {
        Self {
            state: CardState::New,
            queue: CardQueue::New,
            due_day: position,
            sm2: Sm2State::default(),
            reps: 0,
            lapses: 0,
        }
    }

    /// The study day a learning card failed on. Its SM-2 answer set `due_day` to that day
    /// plus the interval, and drill answers change neither, so the difference is that day.
    pub fn drill_day(&self) -> i64 {
        self.due_day - i64::from(self.sm2.interval_days)
    }

    /// Whether the next answer is a same-day drill rather than an SM-2 repetition. A drill
    /// left unfinished when the day ends is over: the card then simply waits for its SM-2
    /// due date, and its next answer is a real review.
    pub fn in_drill(&self, today: i64) -> bool {
        self.queue == CardQueue::Learning && self.drill_day() == today
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error(transparent)]
    Review(#[from] ReviewError),
    #[error("the card is suspended; unsuspend it before studying it")]
    Suspended,
}

/// SM-2 with the same-day drill on top, intervals capped at `max_interval_days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sm2Scheduler {
    pub max_interval_days: u32,
}

impl Default for Sm2Scheduler {
    fn default() -> Self {
        Self {
            max_interval_days: sm2::DEFAULT_MAX_INTERVAL_DAYS,
        }
    }
}

impl Scheduler for Sm2Scheduler {
    fn transition(
        &self,
        schedule: &Schedule,
        quality: u8,
        today: i64,
    ) -> Result<Transition, AnswerError> {
        if quality > sm2::MAX_QUALITY {
            return Err(ReviewError::QualityOutOfRange(quality).into());
        }
        if schedule.queue == CardQueue::Suspended {
            return Err(AnswerError::Suspended);
        }
        let passed_drill = quality >= DRILL_PASS_QUALITY;
        let (state, queue) = if passed_drill {
            (CardState::Review, CardQueue::Review)
        } else {
            (CardState::Learning, CardQueue::Learning)
        };
        let reps = schedule.reps.saturating_add(1);
        if schedule.in_drill(today) {
            return Ok(Transition {
                quality,
                kind: ReviewKind::Drill,
                next: Schedule {
                    state,
                    queue,
                    reps,
                    ..*schedule
                },
            });
        }
        let kind = if schedule.state == CardState::New {
            ReviewKind::Learn
        } else {
            ReviewKind::Review
        };
        let sm2 = sm2::review_capped(&schedule.sm2, quality, self.max_interval_days)?;
        // Only forgetting a card that had been learned is a lapse; failing again before it
        // graduated is not.
        let lapsed = schedule.state == CardState::Review && quality < RECALL_QUALITY;
        let next = Schedule {
            state,
            queue,
            due_day: today + i64::from(sm2.interval_days),
            sm2,
            reps,
            lapses: schedule.lapses.saturating_add(u32::from(lapsed)),
        };
        Ok(Transition {
            quality,
            kind,
            next,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TODAY: i64 = 20_000;
    const MAX: u32 = sm2::DEFAULT_MAX_INTERVAL_DAYS;

    fn answer(
        schedule: &Schedule,
        quality: u8,
        today: i64,
        max_interval_days: u32,
    ) -> Result<(Schedule, ReviewKind), AnswerError> {
        let transition = Sm2Scheduler { max_interval_days }.transition(schedule, quality, today)?;
        Ok((transition.next, transition.kind))
    }

    #[test]
    fn good_on_a_new_card_schedules_tomorrow() {
        let (next, kind) = answer(&Schedule::new_card(0), 4, TODAY, MAX).unwrap();
        assert_eq!(kind, ReviewKind::Learn);
        assert_eq!(next.queue, CardQueue::Review);
        assert_eq!(next.due_day, TODAY + 1);
        assert_eq!(next.reps, 1);
    }

    #[test]
    fn again_enters_the_drill_and_drill_answers_keep_sm2_state() {
        let (failed, _) = answer(&Schedule::new_card(0), 1, TODAY, MAX).unwrap();
        assert_eq!(failed.queue, CardQueue::Learning);
        assert!(failed.in_drill(TODAY));
        let (hard, kind) = answer(&failed, 3, TODAY, MAX).unwrap();
        assert_eq!(kind, ReviewKind::Drill);
        assert_eq!(
            (hard.sm2, hard.due_day, hard.queue),
            (failed.sm2, failed.due_day, CardQueue::Learning)
        );
        let (good, kind) = answer(&hard, 4, TODAY, MAX).unwrap();
        assert_eq!(kind, ReviewKind::Drill);
        assert_eq!(
            (good.sm2, good.due_day, good.queue),
            (failed.sm2, failed.due_day, CardQueue::Review)
        );
        assert_eq!(good.reps, 3);
    }

    #[test]
    fn hard_advances_sm2_but_still_drills() {
        let (hard, kind) = answer(&Schedule::new_card(0), 3, TODAY, MAX).unwrap();
        assert_eq!(kind, ReviewKind::Learn);
        assert_eq!(hard.sm2.repetitions, 1);
        assert_eq!(hard.queue, CardQueue::Learning);
    }

    #[test]
    fn lapses_count_only_failed_reviews() {
        let review = Schedule {
            state: CardState::Review,
            queue: CardQueue::Review,
            due_day: TODAY,
            sm2: Sm2State {
                repetitions: 3,
                ease_permille: 2500,
                interval_days: 15,
            },
            reps: 3,
            lapses: 0,
        };
        let (lapsed, kind) = answer(&review, 2, TODAY, MAX).unwrap();
        assert_eq!(kind, ReviewKind::Review);
        assert_eq!(
            (
                lapsed.lapses,
                lapsed.sm2.interval_days,
                lapsed.sm2.repetitions
            ),
            (1, 1, 0)
        );
        let (first, _) = answer(&Schedule::new_card(0), 0, TODAY, MAX).unwrap();
        assert_eq!(first.lapses, 0);
    }

    #[test]
    fn unfinished_drill_from_an_earlier_day_is_a_real_review() {
        let (failed, _) = answer(&Schedule::new_card(0), 1, TODAY, MAX).unwrap();
        assert!(failed.in_drill(TODAY));
        assert!(!failed.in_drill(TODAY + 1));
        let (next, kind) = answer(&failed, 4, TODAY + 1, MAX).unwrap();
        assert_eq!(kind, ReviewKind::Review);
        assert_eq!(next.sm2.repetitions, 1);
        assert_eq!(next.due_day, TODAY + 2);
    }

    #[test]
    fn an_unfinished_drill_of_a_long_interval_ends_with_the_day() {
        let learned = Schedule {
            state: CardState::Review,
            queue: CardQueue::Review,
            due_day: TODAY,
            sm2: Sm2State {
                repetitions: 2,
                ease_permille: 2500,
                interval_days: 6,
            },
            reps: 2,
            lapses: 0,
        };
        // Hard advances SM-2 to 15 days but leaves the card to be drilled today only.
        let (hard, _) = answer(&learned, 3, TODAY, MAX).unwrap();
        assert_eq!(
            (hard.queue, hard.due_day),
            (CardQueue::Learning, TODAY + 15)
        );
        assert!(hard.in_drill(TODAY));
        assert!(
            !hard.in_drill(TODAY + 1),
            "tomorrow it is no longer drilled"
        );
        // Forgetting it when it is next due is a real, logged lapse.
        let (forgotten, kind) = answer(&hard, 1, TODAY + 15, MAX).unwrap();
        assert_eq!(kind, ReviewKind::Review);
        assert_eq!(
            (forgotten.lapses, forgotten.sm2.repetitions),
            (0, 0),
            "state was Learning"
        );
    }

    #[test]
    fn failing_before_graduating_is_not_a_lapse_and_lapses_saturate() {
        let (failed, _) = answer(&Schedule::new_card(0), 1, TODAY, MAX).unwrap();
        let (again, _) = answer(&failed, 1, TODAY + 1, MAX).unwrap();
        assert_eq!(again.lapses, 0);
        let worn = Schedule {
            state: CardState::Review,
            queue: CardQueue::Review,
            due_day: TODAY,
            sm2: Sm2State::default(),
            reps: u32::MAX,
            lapses: u32::MAX,
        };
        let (next, _) = answer(&worn, 1, TODAY, MAX).unwrap();
        assert_eq!((next.lapses, next.reps), (u32::MAX, u32::MAX));
    }

    #[test]
    fn suspended_cards_and_bad_qualities_are_refused() {
        let suspended = Schedule {
            queue: CardQueue::Suspended,
            ..Schedule::new_card(0)
        };
        assert_eq!(
            answer(&suspended, 4, TODAY, MAX),
            Err(AnswerError::Suspended)
        );
        assert!(matches!(
            answer(&Schedule::new_card(0), 6, TODAY, MAX),
            Err(AnswerError::Review(_))
        ));
    }

    #[test]
    fn codes_round_trip() {
        for q in [
            CardQueue::Suspended,
            CardQueue::New,
            CardQueue::Learning,
            CardQueue::Review,
        ] {
            assert_eq!(CardQueue::from_code(q.code()), Some(q));
        }
        for s in [CardState::New, CardState::Learning, CardState::Review] {
            assert_eq!(CardState::from_code(s.code()), Some(s));
        }
        for k in [ReviewKind::Learn, ReviewKind::Review, ReviewKind::Drill] {
            assert_eq!(ReviewKind::from_code(k.code()), Some(k));
        }
    }

    proptest! {
        /// Whatever the answers, a card ends up drilled until it gets Good or Easy, and
        /// drilling never changes its SM-2 state or due day.
        #[test]
        fn drill_invariants(qualities in proptest::collection::vec(0u8..=5, 1..30)) {
            let mut schedule = Schedule::new_card(0);
            for q in qualities {
                let before = schedule;
                let (next, kind) = answer(&before, q, TODAY, MAX).unwrap();
                prop_assert_eq!(next.queue == CardQueue::Review, q >= DRILL_PASS_QUALITY);
                if kind == ReviewKind::Drill {
                    prop_assert_eq!((next.sm2, next.due_day), (before.sm2, before.due_day));
                } else {
                    prop_assert!(next.due_day > TODAY);
                }
                prop_assert_eq!(next.reps, before.reps + 1);
                schedule = next;
            }
        }
    }
}
