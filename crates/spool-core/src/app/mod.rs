//! Application services: what the CLI and GUI call. No SQL here, no UI either.

mod backup;
mod browse;
mod builtin;
mod card_info;
mod clock;
mod decks;
mod export;
mod import;
mod notes;
mod preview;
mod stats;
mod study;
mod upkeep;

use std::path::{Path, PathBuf};

pub use backup::{BackupInfo, BackupReason, Restored, obsolete_backups};
pub use browse::{CardRow, CardSummary, NoteSummary};
pub use builtin::{BUILTIN_DECK_NAME, SyncReport};
pub use card_info::{CardInfo, ReviewLine};
pub use clock::{Clock, ManualClock, SystemClock};
pub use export::{ExportFormat, ExportOptions};
pub use import::{ImportFormat, ImportOptions, MisplacedOption};
pub use notes::NoteEdit;
pub use study::{ButtonPreview, Remaining, StudyCard, StudySession, held_back_notice};

use crate::error::{Error, Result};
use crate::scheduler::{DayClock, NextStates, Scheduler, Sm2Scheduler};
use crate::store::{Answered, Card, CardAnswer, CardId, Collection, DeckCounts, Settings};

/// File name of the collection in the platform data directory.
const COLLECTION_FILE: &str = "collection.spool";

/// An open collection plus the clock it is studied by.
pub struct Spool {
    collection: Collection,
    clock: Box<dyn Clock>,
    /// The settings as last read or saved, so studying reads none from SQLite. `None` while
    /// the stored ones are unreadable: each use then reads them again and says why.
    settings: Option<Settings>,
    /// [`Collection::rows_written`] when the last backup was made (or the collection
    /// opened), so a backup on close is made only after changes.
    rows_at_last_backup: u64,
}

impl std::fmt::Debug for Spool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spool")
            .field("collection", &self.collection)
            .finish_non_exhaustive()
    }
}

/// Where the collection lives when no path is given: the platform data directory
/// (`~/.local/share/spool` on Linux). `SPOOL_DATA_DIR` overrides it.
pub fn default_collection_path() -> Result<PathBuf> {
    let dir = match std::env::var_os("SPOOL_DATA_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => directories::ProjectDirs::from("", "", "spool")
            .ok_or_else(|| Error::Io {
                path: PathBuf::from("~"),
                error: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no home directory to keep the collection in",
                ),
            })?
            .data_dir()
            .to_path_buf(),
    };
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
        path: dir.clone(),
        error: source,
    })?;
    Ok(dir.join(COLLECTION_FILE))
}

impl Spool {
    /// Opens (or creates) a collection and brings the built-in deck up to date.
    pub fn open(path: impl AsRef<Path>, clock: impl Clock + 'static) -> Result<Self> {
        let mut spool = Self::open_without_builtin(path, clock)?;
        if spool.collection.is_read_only() {
            // Shown as it is; the deck is brought up to date once the file can be written.
            return Ok(spool);
        }
        spool.sync_builtin_deck()?;
        // The built-in deck is rebuilt from the program on every open: nothing to back up.
        spool.rows_at_last_backup = spool.collection.rows_written();
        Ok(spool)
    }

    /// Opens a collection without touching the built-in deck.
    pub fn open_without_builtin(
        path: impl AsRef<Path>,
        clock: impl Clock + 'static,
    ) -> Result<Self> {
        let collection = Collection::open(path)?;
        Ok(Self {
            settings: collection.settings().ok(),
            rows_at_last_backup: collection.rows_written(),
            collection,
            clock: Box::new(clock),
        })
    }

    pub fn collection(&self) -> &Collection {
        &self.collection
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// The clock's time in unix seconds, as the store stamps rows.
    pub fn now_secs(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    pub fn day_clock(&self) -> Result<DayClock> {
        Ok(self.day_clock_for(&self.settings()?))
    }

    fn day_clock_for(&self, settings: &Settings) -> DayClock {
        DayClock {
            utc_offset_secs: self.clock.utc_offset_secs(),
            rollover_hour: settings.rollover_hour,
        }
    }

    /// The current study day.
    pub fn today(&self) -> Result<i64> {
        Ok(self.day_clock()?.day_of(self.now_secs()))
    }

    pub fn settings(&self) -> Result<Settings> {
        match &self.settings {
            Some(settings) => Ok(settings.clone()),
            None => self.collection.settings(),
        }
    }

    pub fn save_settings(&mut self, settings: &Settings) -> Result<()> {
        self.collection.save_settings(settings)?;
        self.settings = Some(settings.clone());
        Ok(())
    }

    /// The scheduling algorithm, as the settings configure it.
    fn scheduler(&self) -> Result<impl Scheduler> {
        Ok(Sm2Scheduler {
            max_interval_days: self.settings()?.max_interval_days,
        })
    }

    /// Where each grade would take `card` today, for its buttons and its answer.
    pub fn next_states(&self, card: &Card) -> Result<NextStates> {
        self.scheduler()?
            .next_states(&card.schedule, self.today()?)
            .map_err(|error| Error::from_answer(error, card.id))
    }

    /// Every deck with its counts for today, parents before children.
    pub fn deck_counts(&self) -> Result<Vec<DeckCounts>> {
        let settings = self.settings()?;
        let clock = self.day_clock_for(&settings);
        let today = clock.day_of(self.now_secs());
        self.collection
            .deck_counts(today, clock.start_of_day(today) * 1000, &settings)
    }

    /// Records an answer as it was previewed (see [`CardAnswer`]), durably.
    pub fn answer_card(&mut self, answer: &CardAnswer) -> Result<Answered> {
        let answered_at_ms = self.now_ms();
        self.collection.answer_card(answer, answered_at_ms)
    }

    /// The answer of `quality` (SM-2's 0..=5 scale) to `card` as it is now.
    pub fn quality_answer(&self, card: &Card, quality: u8, duration_ms: u32) -> Result<CardAnswer> {
        let transition = self
            .scheduler()?
            .transition(&card.schedule, quality, self.today()?)
            .map_err(|error| Error::from_answer(error, card.id))?;
        Ok(CardAnswer {
            card: card.clone(),
            transition,
            duration_ms,
        })
    }

    /// Answers one card by id outside a study session, e.g. from a script.
    pub fn answer_card_with_quality(
        &mut self,
        card_id: CardId,
        quality: u8,
        duration_ms: u32,
    ) -> Result<Answered> {
        let card = self.collection.card(card_id)?;
        let answer = self.quality_answer(&card, quality, duration_ms)?;
        self.answer_card(&answer)
    }
}
