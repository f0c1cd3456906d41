//! Pure scheduling logic: no I/O, no clock. Time comes in as arguments.

pub mod day;
pub mod sm2;

pub use day::{DayClock, day_number};
pub use sm2::{Grade, Sm2State, review};
