//! Canonical SuperMemo SM-2 with the ease factor kept exactly in thousandths.

use serde::{Deserialize, Serialize};

/// Lowest ease SM-2 allows, in thousandths (1.3).
pub const MIN_EASE_PERMILLE: u32 = 1300;
/// Ease of a new item, in thousandths (2.5).
pub const INITIAL_EASE_PERMILLE: u32 = 2500;
/// Default cap on intervals: 100 years, as Anki.
pub const DEFAULT_MAX_INTERVAL_DAYS: u32 = 36_500;
/// Highest quality on SM-2's 0..=5 scale.
pub const MAX_QUALITY: u8 = 5;

/// The SM-2 state of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sm2State {
    /// Successful repetitions in a row (SM-2's n).
    pub repetitions: u32,
    /// Ease factor in thousandths (SM-2's EF; 2500 means 2.5).
    pub ease_permille: u32,
    /// Days until the next repetition (SM-2's I).
    pub interval_days: u32,
}

impl Default for Sm2State {
    fn default() -> Self {
        Self {
            repetitions: 0,
            ease_permille: INITIAL_EASE_PERMILLE,
            interval_days: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("quality {0} is out of range: SM-2 grades go from 0 to 5")]
    QualityOutOfRange(u8),
    #[error("maximum interval must be at least 1 day, got {0}")]
    MaxIntervalZero(u32),
}

/// The four study buttons and the SM-2 quality each one gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Grade {
    Again,
    Hard,
    Good,
    Easy,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy];

    pub fn quality(self) -> u8 {
        match self {
            Grade::Again => 1,
            Grade::Hard => 3,
            Grade::Good => 4,
            Grade::Easy => 5,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Grade::Again => "Again",
            Grade::Hard => "Hard",
            Grade::Good => "Good",
            Grade::Easy => "Easy",
        }
    }

    /// The grade for study key `1`..=`4`.
    pub fn from_key(key: u8) -> Option<Grade> {
        Grade::ALL.get(usize::from(key).checked_sub(1)?).copied()
    }
}

/// Answers an item with `quality` (0..=5) using the default maximum interval.
pub fn review(state: &Sm2State, quality: u8) -> Result<Sm2State, ReviewError> {
    review_capped(state, quality, DEFAULT_MAX_INTERVAL_DAYS)
}

/// Answers an item with `quality` (0..=5), capping the interval at `max_interval_days`.
pub fn review_capped(
    state: &Sm2State,
    quality: u8,
    max_interval_days: u32,
) -> Result<Sm2State, ReviewError> {
    if quality > MAX_QUALITY {
        return Err(ReviewError::QualityOutOfRange(quality));
    }
    if max_interval_days == 0 {
        return Err(ReviewError::MaxIntervalZero(max_interval_days));
    }
    if quality < 3 {
        return Ok(Sm2State {
            repetitions: 0,
            interval_days: 1,
            ..*state
        });
    }
    let ease_permille = next_ease(state.ease_permille, quality);
    let repetitions = state.repetitions.saturating_add(1);
    let interval_days = match repetitions {
        1 => 1,
        2 => 6,
        _ => scale_interval(state.interval_days, ease_permille),
    }
    .min(max_interval_days);
    Ok(Sm2State {
        repetitions,
        ease_permille,
        interval_days,
    })
}

/// EF' = EF + (0.1 - (5-q)(0.08 + (5-q)0.02)), in thousandths, floored at 1.3.
fn next_ease(ease_permille: u32, quality: u8) -> u32 {
    let miss = i64::from(MAX_QUALITY - quality);
    let delta = 100 - miss * (80 + miss * 20);
    let ease = i64::from(ease_permille) + delta;
    u32::try_from(ease.max(i64::from(MIN_EASE_PERMILLE))).unwrap_or(u32::MAX)
}

/// ceil(interval * ease / 1000) in exact integer arithmetic, and never less than a day: an
/// item whose stored interval is 0 (imported, or edited by hand) still moves forward.
fn scale_interval(interval_days: u32, ease_permille: u32) -> u32 {
    let scaled = (u64::from(interval_days) * u64::from(ease_permille)).div_ceil(1000);
    u32::try_from(scaled).unwrap_or(u32::MAX).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn run(grades: &[u8]) -> Vec<Sm2State> {
        let mut state = Sm2State::default();
        grades
            .iter()
            .map(|&q| {
                state = review(&state, q).unwrap();
                state
            })
            .collect()
    }

    #[test]
    fn new_item_is_canonical() {
        assert_eq!(
            Sm2State::default(),
            Sm2State {
                repetitions: 0,
                ease_permille: 2500,
                interval_days: 0
            }
        );
    }

    #[test]
    fn three_fives_from_new() {
        let states = run(&[5, 5, 5]);
        let ease: Vec<u32> = states.iter().map(|s| s.ease_permille).collect();
        let intervals: Vec<u32> = states.iter().map(|s| s.interval_days).collect();
        assert_eq!(ease, [2600, 2700, 2800]);
        assert_eq!(intervals, [1, 6, 17]);
    }

    #[test]
    fn four_fours_from_new() {
        let intervals: Vec<u32> = run(&[4, 4, 4, 4]).iter().map(|s| s.interval_days).collect();
        assert_eq!(intervals, [1, 6, 15, 38]);
    }

    #[test]
    fn ease_deltas_per_quality() {
        let base = Sm2State {
            repetitions: 3,
            ease_permille: 2500,
            interval_days: 10,
        };
        let deltas: Vec<i64> = (0..=5)
            .map(|q| i64::from(review(&base, q).unwrap().ease_permille) - 2500)
            .collect();
        // Failing grades leave EF alone; 3, 4, 5 move it by -0.14, 0, +0.10.
        assert_eq!(deltas, [0, 0, 0, -140, 0, 100]);
    }

    /// Grades from new, and the (n, EF, I) expected after the last one.
    type Sequence = (&'static [u8], (u32, u32, u32));

    /// Hand-checked sequences.
    #[test]
    fn hand_checked_sequences() {
        let table: &[Sequence] = &[
            (&[3], (1, 2360, 1)),
            (&[3, 3], (2, 2220, 6)),
            // 6 * 2.08 = 12.48, rounded up.
            (&[3, 3, 3], (3, 2080, 13)),
            (&[5, 5, 5, 5], (4, 2900, 50)),
            // A lapse keeps EF and restarts at 1 day; the next two successes give 1 then 6.
            (&[5, 5, 1], (0, 2700, 1)),
            (&[5, 5, 1, 4], (1, 2700, 1)),
            (&[5, 5, 1, 4, 4], (2, 2700, 6)),
            (&[5, 5, 1, 4, 4, 4], (3, 2700, 17)),
            // Repeated 3s bottom out at 1.3; intervals 1, 6, 13, 26, 47, 79, 121, 167, 218, 284.
            (&[3, 3, 3, 3, 3, 3, 3, 3, 3, 3], (10, 1300, 284)),
            (&[0], (0, 2500, 1)),
            (&[2, 2], (0, 2500, 1)),
        ];
        for (grades, (n, ef, ivl)) in table {
            let last = *run(grades).last().unwrap();
            assert_eq!(
                (last.repetitions, last.ease_permille, last.interval_days),
                (*n, *ef, *ivl),
                "grades {grades:?}"
            );
        }
    }

    #[test]
    fn quality_above_five_is_rejected() {
        assert_eq!(
            review(&Sm2State::default(), 6),
            Err(ReviewError::QualityOutOfRange(6))
        );
        assert_eq!(
            review(&Sm2State::default(), 255),
            Err(ReviewError::QualityOutOfRange(255))
        );
    }

    #[test]
    fn a_zero_interval_still_grows() {
        let state = Sm2State {
            repetitions: 5,
            ease_permille: 2500,
            interval_days: 0,
        };
        let first = review(&state, 4).unwrap();
        assert_eq!(first.interval_days, 1);
        assert_eq!(review(&first, 4).unwrap().interval_days, 3);
    }

    #[test]
    fn interval_is_capped() {
        let state = Sm2State {
            repetitions: 9,
            ease_permille: 2500,
            interval_days: 30_000,
        };
        assert_eq!(
            review(&state, 5).unwrap().interval_days,
            DEFAULT_MAX_INTERVAL_DAYS
        );
        assert_eq!(review_capped(&state, 5, 365).unwrap().interval_days, 365);
        assert!(review_capped(&state, 5, 0).is_err());
    }

    #[test]
    fn huge_state_saturates_instead_of_overflowing() {
        let state = Sm2State {
            repetitions: u32::MAX,
            ease_permille: u32::MAX,
            interval_days: u32::MAX,
        };
        let next = review_capped(&state, 5, u32::MAX).unwrap();
        assert_eq!(next.interval_days, u32::MAX);
        assert_eq!(next.repetitions, u32::MAX);
    }

    #[test]
    fn grades_map_to_qualities() {
        let qualities: Vec<u8> = Grade::ALL.iter().map(|g| g.quality()).collect();
        assert_eq!(qualities, [1, 3, 4, 5]);
        assert_eq!(Grade::from_key(1), Some(Grade::Again));
        assert_eq!(Grade::from_key(4), Some(Grade::Easy));
        assert_eq!(Grade::from_key(0), None);
        assert_eq!(Grade::from_key(5), None);
    }

    fn any_state() -> impl Strategy<Value = Sm2State> {
        (0u32..50, 1300u32..4000, 0u32..40_000).prop_map(
            |(repetitions, ease_permille, interval_days)| Sm2State {
                repetitions,
                ease_permille,
                interval_days,
            },
        )
    }

    proptest! {
        #[test]
        fn ease_never_below_minimum(grades in proptest::collection::vec(0u8..=5, 1..60)) {
            for state in run(&grades) {
                prop_assert!(state.ease_permille >= MIN_EASE_PERMILLE);
            }
        }

        #[test]
        fn failing_always_resets(state in any_state(), q in 0u8..3) {
            let next = review(&state, q).unwrap();
            prop_assert_eq!(next, Sm2State { repetitions: 0, interval_days: 1, ..state });
        }

        #[test]
        fn passing_runs_never_shrink_the_interval(grades in proptest::collection::vec(4u8..=5, 1..40)) {
            let intervals: Vec<u32> = run(&grades).iter().map(|s| s.interval_days).collect();
            prop_assert!(intervals.windows(2).all(|w| w[0] <= w[1]), "{:?}", intervals);
        }

        #[test]
        fn passing_counts_repetitions(state in any_state(), q in 3u8..=5) {
            let next = review(&state, q).unwrap();
            prop_assert_eq!(next.repetitions, state.repetitions + 1);
            prop_assert!(next.interval_days >= 1);
            prop_assert!(next.interval_days <= DEFAULT_MAX_INTERVAL_DAYS);
        }

        #[test]
        fn third_interval_is_ceiling_of_product(state in any_state(), q in 3u8..=5) {
            prop_assume!(state.repetitions >= 2);
            let next = review(&state, q).unwrap();
            let exact = u64::from(state.interval_days) * u64::from(next.ease_permille);
            let expected = exact.div_ceil(1000).min(u64::from(DEFAULT_MAX_INTERVAL_DAYS));
            prop_assert_eq!(u64::from(next.interval_days), expected);
        }

        #[test]
        fn out_of_range_quality_is_an_error(state in any_state(), q in 6u8..=255) {
            prop_assert!(review(&state, q).is_err());
        }
    }
}
