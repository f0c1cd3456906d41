//! An Anki package as Anki stores it: cards in Anki's states and its review log with Anki's
//! buttons and intervals. `AnkiPackage::into_batch` (in `schedule.rs`) turns it into
//! Spool's terms.

use crate::import::model::{Deck, MediaFile, Note, Notetype, SourceInfo};

/// Everything read from one package, cards and review log still in Anki's terms.
#[derive(Debug)]
pub struct AnkiPackage {
    pub source: SourceInfo,
    pub notetypes: Vec<Notetype>,
    pub decks: Vec<Deck>,
    pub notes: Vec<Note>,
    pub cards: Vec<Card>,
    /// In the order of Anki's revlog ids, so oldest first.
    pub revlog: Vec<ReviewLogEntry>,
    pub media: Vec<MediaFile>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// Its id in the source collection.
    pub source_id: i64,
    /// Index into [`AnkiPackage::notes`].
    pub note: usize,
    /// Template ordinal (cloze number minus one for cloze note types).
    pub template: u16,
    /// Index into [`AnkiPackage::decks`]: the card's home deck.
    pub deck: usize,
    pub state: CardState,
    pub suspended: bool,
    pub interval_days: u32,
    /// Ease factor in permille (Anki's `factor`: 2500 is 250%); 0 for cards never reviewed.
    pub ease_permille: u32,
    pub reps: u32,
    pub lapses: u32,
    pub due: CardDue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardState {
    New,
    Learning,
    Review,
    Relearning,
}

/// When a card is due, in absolute terms (Anki stores review days relative to the
/// collection's creation day, which means nothing outside that collection).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardDue {
    /// New cards: position in the new-card queue.
    Position(i64),
    /// Cards in (re)learning steps shorter than a day: unix seconds.
    Time(i64),
    /// Review cards and day-long learning steps: days since 1970-01-01 in the source
    /// collection's calendar (see [`crate::scheduler::day`]).
    Day(i64),
}

/// One answer given to a card, from Anki's `revlog` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewLogEntry {
    /// Index into [`AnkiPackage::cards`].
    pub card: usize,
    /// When the answer was given, unix milliseconds (Anki's revlog id).
    pub time_ms: i64,
    /// Button pressed: 1 (again) to 4 (easy); 0 for manual rescheduling.
    pub ease: u8,
    /// New interval: positive values are days, negative values seconds.
    pub interval: i32,
    /// Previous interval, with the same convention as `interval`.
    pub last_interval: i32,
    /// Ease factor in permille after answering.
    pub factor: u32,
    /// Time spent answering, milliseconds.
    pub taken_ms: u32,
    pub kind: ReviewKind,
}

/// Anki's `RevlogReviewKind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewKind {
    Learning,
    Review,
    Relearning,
    /// Reviewed in a filtered deck ("cram" in old Anki).
    Filtered,
    Manual,
    Rescheduled,
}
