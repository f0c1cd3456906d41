//! One answer as Spool's review log keeps it.

use crate::scheduler::{CardQueue, ReviewKind, Schedule, Sm2State};

/// An answer with the card's whole schedule before it, so undo can restore it exactly, and
/// what the answer made of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewRecord {
    pub reviewed_at_ms: i64,
    pub quality: u8,
    pub kind: ReviewKind,
    /// How long the person looked at the card before answering.
    pub duration_ms: u32,
    pub before: Schedule,
    /// The card's modification time before this answer, unix seconds.
    pub before_modified_at: i64,
    pub after_queue: CardQueue,
    pub after_due_day: i64,
    pub after: Sm2State,
}
