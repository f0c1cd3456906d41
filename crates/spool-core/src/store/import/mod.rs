//! Writing an [`ImportBatch`] into the collection: everything in one transaction, media
//! staged before it and moved into place after it (see [`super::media`]).
//!
//! What is matched, and how:
//! - **Note types** with a definition are reused when an existing one has the same kind,
//!   fields and templates, under the same name or a name this import gave it before
//!   (`Name (2)`, ...); otherwise they are added, with such a suffix if the name is taken.
//!   Note types a text file only names map onto the existing one of that name, or the stock
//!   one (`Basic`, ...), which is added if missing.
//! - **Decks** are created with their parents as cards need them. Cards in a filtered deck
//!   whose home deck the package names were already moved home by the reader.
//! - **Notes** match by GUID: same fields and tags are left unchanged, different ones updated,
//!   new GUIDs added. A GUID that exists with a different note type is skipped, as Anki does.
//! - **Cards** of added notes keep the package's deck, template, suspension and scheduling.
//!   Cards that already exist keep their scheduling unless
//!   [`ImportSettings::update_scheduling`] is set (Anki likewise never touches existing
//!   cards' scheduling by default). Text notes get the cards their note type generates.
//! - **Review log** entries are added once per card and time, so re-importing adds nothing.
//!
//! The batch is in Spool's terms already: each reader translated its format.

mod media_plan;
mod notetypes;
mod writer;

use rusqlite::Transaction;
use serde::Serialize;

use self::media_plan::MediaPlan;
use self::writer::BatchWriter;
use super::Collection;
use super::decks::recount_deck_totals;
use super::media::{StagedMedia, insert_media_entry};
use crate::error::Result;
use crate::import::model::{ImportBatch, Note};
use crate::import::{ImportError, TextNotes};
use crate::render::counted;

/// How to write a batch.
#[derive(Debug, Clone)]
pub struct ImportSettings {
    /// The time of the import, unix seconds: notes and cards are stamped with it.
    pub now: i64,
    /// Give cards that already exist the file's scheduling instead of keeping theirs.
    pub update_scheduling: bool,
    /// Deck for notes the file gives no deck and no cards.
    pub default_deck: String,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub notes_added: u64,
    pub notes_updated: u64,
    pub notes_unchanged: u64,
    /// Notes whose GUID the collection has with a different note type: left alone.
    pub notes_skipped: u64,
    pub cards_added: u64,
    /// Existing cards given the file's scheduling (only with `update_scheduling`).
    pub cards_rescheduled: u64,
    pub reviews_added: u64,
    pub notetypes_added: u64,
    pub media_added: u64,
}

/// One line, as the CLI prints it and the GUI shows it:
/// `added 120 notes, updated 3, unchanged 7; 12 media files`.
impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "added {}, updated {}, unchanged {}",
            counted(self.notes_added, "note"),
            self.notes_updated,
            self.notes_unchanged
        )?;
        if self.notes_skipped > 0 {
            write!(
                f,
                ", skipped {} (same id, different note type)",
                self.notes_skipped
            )?;
        }
        write!(f, "; {}", counted(self.media_added, "media file"))
    }
}

/// How far an import has come: `done` of `total` items of its current stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportProgress {
    pub stage: ImportStage,
    pub done: u64,
    pub total: u64,
}

/// The parts of an import that take time, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportStage {
    /// Media files copied into the collection's staging folder.
    Media,
    /// Notes (with their cards and reviews) written.
    Notes,
}

impl ImportStage {
    /// What is counted, in the plural: "media files", "notes".
    pub fn counted(self) -> &'static str {
        match self {
            Self::Media => "media files",
            Self::Notes => "notes",
        }
    }
}

/// Notes read from a text file one at a time, written instead of the batch's own.
struct StreamedNotes<'n> {
    count: usize,
    notes: &'n mut dyn Iterator<Item = std::result::Result<Note, ImportError>>,
}

impl Collection {
    /// Writes `batch` into the collection. Nothing is written unless everything is: on any
    /// error the collection and its media folder are as they were.
    pub fn import_batch(
        &mut self,
        batch: &ImportBatch,
        settings: &ImportSettings,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportReport> {
        self.write_import(batch, None, settings, progress)
    }

    /// Writes a text file's notes, read again from the file one at a time so that memory
    /// does not grow with their number, in one transaction as [`Collection::import_batch`]
    /// does. A row the file no longer reads as the scan did fails the whole import.
    pub fn import_text_notes(
        &mut self,
        text: &mut TextNotes,
        settings: &ImportSettings,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportReport> {
        let count = text.note_count();
        let (batch, mut notes) = text.split()?;
        let streamed = StreamedNotes {
            count,
            notes: &mut notes,
        };
        self.write_import(batch, Some(streamed), settings, progress)
    }

    fn write_import(
        &mut self,
        batch: &ImportBatch,
        streamed: Option<StreamedNotes<'_>>,
        settings: &ImportSettings,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportReport> {
        let media = MediaPlan::new(self, &batch.media)?;
        let staged = StagedMedia::stage(self, &media.to_stage(), &mut |done, total| {
            progress(ImportProgress {
                stage: ImportStage::Media,
                done,
                total,
            })
        })?;
        // Every value written here comes from an enum's code or a checked count, so the
        // schema's CHECK constraints cannot fail; skipping them halves the cost of a card
        // row (SQLite builds a temporary table for each `IN (...)` check).
        self.conn
            .pragma_update(None, "ignore_check_constraints", true)?;
        let written = self.transact(|tx| {
            let incoming = IncomingNotes::of(batch, streamed.as_ref().map(|s| s.count));
            let deferred =
                DeferredUpkeep::drop_if_outnumbered(tx, batch.cards.len().max(incoming.count))?;
            let mut writer = BatchWriter::new(tx, batch, &incoming, settings, &media.renamed)?;
            writer.write_deck_descriptions()?;
            match streamed {
                None => writer.write_notes(progress)?,
                Some(streamed) => {
                    writer.write_streamed_notes(streamed.notes, streamed.count, progress)?
                }
            }
            writer.write_cards()?;
            writer.write_review_log()?;
            deferred.restore(tx)?;
            for (_, entry) in &media.new {
                insert_media_entry(tx, entry)?;
            }
            Ok(writer.report)
        });
        let restored = self
            .conn
            .pragma_update(None, "ignore_check_constraints", false);
        let written = written.and_then(|report| Ok(restored.map(|()| report)?));
        match written {
            Ok(report) => {
                let media_added = staged.len() as u64;
                staged.publish()?;
                Ok(ImportReport {
                    media_added,
                    ..report
                })
            }
            Err(error) => {
                staged.discard();
                Err(error)
            }
        }
    }
}

/// How many notes an import writes, and which of the batch's note types they use.
pub(super) struct IncomingNotes {
    pub count: usize,
    pub notetype_used: Vec<bool>,
}

impl IncomingNotes {
    /// For the batch's own notes, or for `streamed` notes, whose batch lists only the note
    /// types they use (see [`TextNotes`]).
    fn of(batch: &ImportBatch, streamed: Option<usize>) -> Self {
        match streamed {
            Some(count) => Self {
                count,
                notetype_used: vec![true; batch.notetypes.len()],
            },
            None => {
                let mut notetype_used = vec![false; batch.notetypes.len()];
                for note in &batch.notes {
                    notetype_used[note.notetype] = true;
                }
                Self {
                    count: batch.notes.len(),
                    notetype_used,
                }
            }
        }
    }
}

/// The plain (non-unique) indexes and the deck-total triggers of the tables an import
/// fills. Building an index once over sorted rows is much cheaper than updating it row by
/// row, and counting deck totals once is cheaper than a trigger per card, so a batch larger
/// than what the collection already holds drops them inside the import's transaction,
/// recreates them from their own stored definitions and recounts the totals before it
/// commits.
struct DeferredUpkeep(Vec<String>);

impl DeferredUpkeep {
    fn drop_if_outnumbered(tx: &Transaction<'_>, incoming: usize) -> Result<Self> {
        let existing_cards: i64 = tx.query_row("SELECT count(*) FROM cards", [], |r| r.get(0))?;
        if (incoming as i64) <= existing_cards {
            return Ok(Self(Vec::new()));
        }
        let objects: Vec<(String, String, String)> = tx
            .prepare(
                "SELECT type, name, sql FROM sqlite_schema
                 WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN ('notes', 'cards')",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (kind, name, _) in &objects {
            tx.execute_batch(&format!("DROP {kind} \"{name}\""))?;
        }
        Ok(Self(objects.into_iter().map(|(_, _, sql)| sql).collect()))
    }

    fn restore(self, tx: &Transaction<'_>) -> Result<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        for sql in self.0 {
            tx.execute_batch(&sql)?;
        }
        recount_deck_totals(tx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_batch_keeps_indexes_triggers_totals_and_check_constraints() {
        let dir = tempfile::tempdir().unwrap();
        let mut collection = Collection::open(dir.path().join("c.spool")).unwrap();
        let schema_objects = |collection: &Collection| -> Vec<(String, String)> {
            let mut statement =
                collection.conn.prepare("SELECT name, sql FROM sqlite_schema WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY name").unwrap();
            statement
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let before = schema_objects(&collection);
        let csv = dir.path().join("notes.csv");
        std::fs::write(&csv, "a,b\nc,d\n").unwrap();
        let batch = crate::import::read_csv(&csv, &crate::import::CsvOptions::default()).unwrap();
        let settings = ImportSettings {
            now: 0,
            update_scheduling: false,
            default_deck: crate::vocabulary::DEFAULT_DECK_NAME.into(),
        };
        let report = collection
            .import_batch(&batch, &settings, &mut |_| {})
            .unwrap();
        assert_eq!(report.cards_added, 2);
        assert_eq!(schema_objects(&collection), before);
        let totals: (i64, i64) = collection
            .conn
            .query_row("SELECT cards, notes FROM deck_totals", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(
            totals,
            (2, 2),
            "deck totals recounted after the triggers were off"
        );
        // The restored triggers keep counting.
        collection.delete_notes(&[1]).unwrap();
        assert!(collection.check().unwrap().is_clean());
        let checks: bool = collection
            .conn
            .query_row("PRAGMA ignore_check_constraints", [], |r| r.get(0))
            .unwrap();
        assert!(!checks, "CHECK constraints are enforced again");
    }
}
