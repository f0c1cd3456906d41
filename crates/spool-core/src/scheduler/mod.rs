//! Pure scheduling logic: no I/O, no clock. Time comes in as arguments.

pub mod card;
pub mod day;
pub mod sm2;

pub use card::{AnswerError, CardQueue, CardState, ReviewKind, Schedule, answer};
pub use day::{DayClock, day_number};
pub use sm2::{Grade, Sm2State, review};
