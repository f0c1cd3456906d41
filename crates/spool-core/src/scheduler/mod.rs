//! Pure scheduling logic: no I/O, no clock. Time comes in as arguments.
//!
//! A [`Scheduler`] says where an answer takes a card. The study screen asks it once per card
//! for the [`NextStates`] of the four grades, shows them on the buttons, and commits the one
//! chosen as it was shown: the store never runs a scheduler, so a second algorithm only has
//! to implement this trait.

pub mod card;
pub mod day;
pub mod sm2;

use serde::Serialize;

pub use card::{AnswerError, CardQueue, CardState, ReviewKind, Schedule, Sm2Scheduler};
pub use day::{DayClock, day_number};
pub use sm2::{Grade, Sm2State, review};

/// What one answer does to a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Transition {
    /// The answer on SM-2's 0..=5 quality scale, which the review log records; the four
    /// grades are four points of it.
    pub quality: u8,
    pub kind: ReviewKind,
    /// The card's schedule after the answer.
    pub next: Schedule,
}

/// Where each grade would take a card, computed once for the card on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NextStates {
    /// The schedule these start from. Committing one is refused once the card has another.
    pub current: Schedule,
    /// The study day they were computed for.
    pub today: i64,
    /// In the order of [`Grade::ALL`].
    transitions: [Transition; 4],
}

impl NextStates {
    pub fn get(&self, grade: Grade) -> Transition {
        self.transitions[grade as usize]
    }

    /// Every grade with where it leads, in the order of the buttons.
    pub fn iter(&self) -> impl Iterator<Item = (Grade, Transition)> + '_ {
        Grade::ALL.into_iter().zip(self.transitions)
    }
}

/// A scheduling algorithm.
pub trait Scheduler {
    /// Where answering with `quality` (0..=5) on study day `today` takes a card scheduled
    /// as `current`.
    fn transition(
        &self,
        current: &Schedule,
        quality: u8,
        today: i64,
    ) -> Result<Transition, AnswerError>;

    /// Where each of the four grades takes it.
    fn next_states(&self, current: &Schedule, today: i64) -> Result<NextStates, AnswerError> {
        let [again, hard, good, easy] =
            Grade::ALL.map(|grade| self.transition(current, grade.quality(), today));
        Ok(NextStates {
            current: *current,
            today,
            transitions: [again?, hard?, good?, easy?],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: i64 = 20_000;

    #[test]
    fn next_states_hold_each_grades_transition_in_button_order() {
        let scheduler = Sm2Scheduler::default();
        let current = Schedule::new_card(0);
        let states = scheduler.next_states(&current, TODAY).unwrap();
        assert_eq!((states.current, states.today), (current, TODAY));
        for grade in Grade::ALL {
            assert_eq!(
                states.get(grade),
                scheduler
                    .transition(&current, grade.quality(), TODAY)
                    .unwrap(),
                "{grade:?}"
            );
        }
        let order: Vec<Grade> = states.iter().map(|(grade, _)| grade).collect();
        assert_eq!(order, Grade::ALL);
        assert!(states.iter().all(|(grade, t)| t.quality == grade.quality()));
    }

    #[test]
    fn a_card_that_cannot_be_answered_has_no_next_states() {
        let suspended = Schedule {
            queue: CardQueue::Suspended,
            ..Schedule::new_card(0)
        };
        assert_eq!(
            Sm2Scheduler::default().next_states(&suspended, TODAY),
            Err(AnswerError::Suspended)
        );
    }
}
