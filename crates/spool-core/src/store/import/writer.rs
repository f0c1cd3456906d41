//! Writing a batch's notes, cards and review log, row by row with prepared statements.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, Statement, Transaction, params, params_from_iter};

use super::notetypes::{ResolvedNotetype, resolve_notetypes};
use super::{ImportProgress, ImportReport, ImportSettings, ImportStage, IncomingNotes};
use crate::error::{Error, Result};
use crate::import::ImportError;
use crate::import::model::{self, ExistingNotes, ImportBatch};
use crate::scheduler::{CardState, Schedule};
use crate::store::cards::{schedule_values, write_schedule};
use crate::store::decks::get_or_create_deck;
use crate::store::media::rename_references;
use crate::store::notes::{join_fields, join_tags, new_guid, next_new_position};
use crate::store::revlog::{INSERT_REVLOG, insert_review};
use crate::store::{DeckId, NoteId, Notetype};
use crate::vocabulary::NotetypeKind;

/// Progress is reported after this many notes.
const PROGRESS_EVERY: usize = 1000;

/// The statements run once per note or card, prepared once per import rather than looked
/// up in the statement cache for every row.
struct RowStatements<'t> {
    insert_note: Statement<'t>,
    insert_card: Statement<'t>,
}

impl<'t> RowStatements<'t> {
    fn prepare(tx: &'t Transaction<'t>) -> Result<Self> {
        Ok(Self {
            insert_note: tx.prepare(
                "INSERT INTO notes (guid, notetype_id, fields, tags, demo, created_at, modified_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
            insert_card: tx.prepare(
                "INSERT OR IGNORE INTO cards (note_id, deck_id, ord, ctype, queue, due_day, interval_days,
                   ease_permille, repetitions, reps, lapses, created_at, modified_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
            )?,
        })
    }
}

/// The columns of a note the collection has that decide whether a batch note changes it.
struct ExistingNote {
    id: NoteId,
    notetype_id: i64,
    /// Joined, as stored.
    fields: String,
    /// Joined, as stored.
    tags: String,
    demo: Option<String>,
}

/// Where a batch note went.
#[derive(Debug, Clone, Copy)]
struct WrittenNote {
    id: NoteId,
    added: bool,
}

pub(super) struct BatchWriter<'t, 'b> {
    tx: &'t Transaction<'t>,
    statements: RowStatements<'t>,
    batch: &'b ImportBatch,
    settings: &'b ImportSettings,
    renamed: &'b HashMap<String, String>,
    now: i64,
    /// Per batch note type; `None` for those no note uses.
    notetypes: Vec<Option<ResolvedNotetype>>,
    decks: Vec<Option<DeckId>>,
    default_deck: Option<DeckId>,
    /// The collection's GUIDs, loaded when the batch outnumbers its notes so that new notes
    /// need no lookup; `None` looks each GUID up instead.
    known_guids: Option<HashSet<String>>,
    /// Per batch note: where it went, `None` when skipped.
    notes: Vec<Option<WrittenNote>>,
    /// Per batch card: its store id once written or found.
    cards: Vec<Option<i64>>,
    /// Where the batch's new cards start: after every new card of the collection.
    first_position: i64,
    /// Position of the next new card generated from a note without cards.
    next_position: i64,
    pub report: ImportReport,
}

impl<'t, 'b> BatchWriter<'t, 'b> {
    pub fn new(
        tx: &'t Transaction<'t>,
        batch: &'b ImportBatch,
        incoming: &IncomingNotes,
        settings: &'b ImportSettings,
        renamed: &'b HashMap<String, String>,
    ) -> Result<Self> {
        let first_position = next_new_position(tx)?;
        let batch_positions = batch
            .cards
            .iter()
            .filter(|card| card.schedule.state == CardState::New)
            .map(|card| card.schedule.due_day + 1)
            .max()
            .unwrap_or(0);
        let existing_notes: i64 = tx.query_row("SELECT count(*) FROM notes", [], |r| r.get(0))?;
        let known_guids = if incoming.count as i64 > existing_notes {
            let mut statement = tx.prepare("SELECT guid FROM notes")?;
            let guids = statement
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Some(guids)
        } else {
            None
        };
        let mut report = ImportReport::default();
        let notetypes = resolve_notetypes(
            tx,
            batch,
            &incoming.notetype_used,
            settings.now,
            &mut report.notetypes_added,
        )?;
        Ok(Self {
            known_guids,
            statements: RowStatements::prepare(tx)?,
            tx,
            batch,
            settings,
            renamed,
            now: settings.now,
            notetypes,
            decks: vec![None; batch.decks.len()],
            default_deck: None,
            notes: Vec::with_capacity(if batch.cards.is_empty() {
                0
            } else {
                batch.notes.len()
            }),
            cards: vec![None; batch.cards.len()],
            first_position,
            next_position: first_position + batch_positions,
            report,
        })
    }

    fn deck(&mut self, index: Option<usize>) -> Result<DeckId> {
        let Some(index) = index else {
            if let Some(id) = self.default_deck {
                return Ok(id);
            }
            let id = get_or_create_deck(self.tx, &self.settings.default_deck, self.now)?;
            self.default_deck = Some(id);
            return Ok(id);
        };
        if let Some(id) = self.decks[index] {
            return Ok(id);
        }
        let id = get_or_create_deck(self.tx, &self.batch.decks[index].name, self.now)?;
        self.decks[index] = Some(id);
        Ok(id)
    }

    /// Gives decks the descriptions the batch has for them, creating them if need be.
    pub fn write_deck_descriptions(&mut self) -> Result<()> {
        let batch = self.batch;
        for (index, deck) in batch.decks.iter().enumerate() {
            let Some(description) = &deck.description else {
                continue;
            };
            let id = self.deck(Some(index))?;
            self.tx
                .prepare_cached("UPDATE decks SET description = ?2 WHERE id = ?1")?
                .execute(params![id, description])?;
        }
        Ok(())
    }

    /// Writes the batch's own notes, generating cards for those the batch has none for.
    pub fn write_notes(&mut self, progress: &mut dyn FnMut(ImportProgress)) -> Result<()> {
        let batch = self.batch;
        let total = batch.notes.len();
        let mut has_cards = vec![false; total];
        for card in &batch.cards {
            has_cards[card.note] = true;
        }
        for (index, note) in batch.notes.iter().enumerate() {
            let written = self.write_note(note)?;
            if !batch.cards.is_empty() {
                self.notes.push(written);
            }
            if let Some(written) = written.filter(|_| !has_cards[index]) {
                self.generate_cards(note, written)?;
            }
            report_notes_written(progress, index + 1, total);
        }
        Ok(())
    }

    /// Writes notes read one at a time (a text file's, whose batch has no cards), with the
    /// cards their note types generate.
    pub fn write_streamed_notes(
        &mut self,
        notes: &mut dyn Iterator<Item = std::result::Result<model::Note, ImportError>>,
        total: usize,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<()> {
        debug_assert!(self.batch.cards.is_empty());
        let mut done = 0;
        for note in notes {
            let note = note?;
            if let Some(written) = self.write_note(&note)? {
                self.generate_cards(&note, written)?;
            }
            done += 1;
            report_notes_written(progress, done, total.max(done));
        }
        Ok(())
    }

    /// Where a note is described in messages.
    fn describe(note: &model::Note) -> String {
        match (note.line, note.source_id) {
            (Some(line), _) => format!("line {line}"),
            (None, Some(id)) => format!("note {id}"),
            (None, None) => "a note".into(),
        }
    }

    fn write_note(&mut self, note: &model::Note) -> Result<Option<WrittenNote>> {
        let resolved = resolved_notetype(&self.notetypes, note);
        let fields = arrange_fields(note, resolved, self.renamed)?;
        let tags = join_tags(&note.tags);
        let joined = join_fields(&fields, || format!("{}: ", Self::describe(note)))?;
        let may_exist = match (&note.guid, &self.known_guids) {
            (Some(guid), Some(known)) => known.contains(guid),
            (guid, None) => guid.is_some(),
            (None, Some(_)) => false,
        };
        let existing = match note.guid.as_ref().filter(|_| may_exist) {
            Some(guid) => self
                .tx
                .prepare_cached(
                    "SELECT id, notetype_id, fields, tags, demo FROM notes WHERE guid = ?1",
                )?
                .query_row([guid], |r| {
                    Ok(ExistingNote {
                        id: r.get("id")?,
                        notetype_id: r.get("notetype_id")?,
                        fields: r.get("fields")?,
                        tags: r.get("tags")?,
                        demo: r.get("demo")?,
                    })
                })
                .optional()?,
            None => None,
        };
        let modified = note.modified.unwrap_or(self.now);
        let replace = self.batch.existing_notes == ExistingNotes::Replace;
        match existing {
            Some(old) if old.notetype_id != resolved.notetype.id && !replace => {
                self.report.notes_skipped += 1;
                Ok(None)
            }
            Some(old)
                if old.notetype_id == resolved.notetype.id
                    && old.fields == joined
                    && old.tags == tags
                    && (!replace || old.demo == note.demo) =>
            {
                self.report.notes_unchanged += 1;
                Ok(Some(WrittenNote {
                    id: old.id,
                    added: false,
                }))
            }
            Some(old) => {
                let id = old.id;
                self.tx
                    .prepare_cached(
                        "UPDATE notes SET fields = ?2, tags = ?3, modified_at = ?4 WHERE id = ?1",
                    )?
                    .execute(params![id, joined, tags, modified.max(self.now)])?;
                if replace {
                    self.replace_notetype_and_demo(id, &resolved.notetype, note)?;
                }
                self.report.notes_updated += 1;
                Ok(Some(WrittenNote { id, added: false }))
            }
            None => {
                if self.batch.cards.is_empty()
                    && resolved.notetype.card_ordinals(&fields).is_empty()
                {
                    return Err(Error::InvalidNote(format!(
                        "{}: the fields a {:?} card shows are all empty",
                        Self::describe(note),
                        resolved.notetype.name
                    )));
                }
                // Only a GUID the file gives can come again later in it; fresh ones are unique.
                if let (Some(guid), Some(known)) = (&note.guid, &mut self.known_guids) {
                    known.insert(guid.clone());
                }
                let guid = note.guid.clone().unwrap_or_else(new_guid);
                self.statements.insert_note.execute(params![
                    guid,
                    resolved.notetype.id,
                    joined,
                    tags,
                    note.demo,
                    self.now,
                    modified
                ])?;
                self.report.notes_added += 1;
                Ok(Some(WrittenNote {
                    id: self.tx.last_insert_rowid(),
                    added: true,
                }))
            }
        }
    }

    /// Gives an existing note the batch's note type and demo. Cards of templates the note
    /// type lacks could never be shown, so they go; the others keep their history.
    fn replace_notetype_and_demo(
        &self,
        id: NoteId,
        notetype: &Notetype,
        note: &model::Note,
    ) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE notes SET notetype_id = ?2, demo = ?3 WHERE id = ?1")?
            .execute(params![id, notetype.id, note.demo])?;
        if notetype.kind == NotetypeKind::Standard {
            self.tx
                .prepare_cached("DELETE FROM cards WHERE note_id = ?1 AND ord >= ?2")?
                .execute(params![id, notetype.templates.len()])?;
        }
        Ok(())
    }

    /// Adds the cards a note's note type makes that it does not have yet, as new cards.
    fn generate_cards(&mut self, note: &model::Note, written: WrittenNote) -> Result<()> {
        let resolved = resolved_notetype(&self.notetypes, note);
        let fields = arrange_fields(note, resolved, self.renamed)?;
        let ordinals = resolved.notetype.card_ordinals(&fields);
        let deck_id = self.deck(note.deck)?;
        let schedule = Schedule::new_card(self.next_position);
        self.next_position += 1;
        for ordinal in ordinals {
            if self.insert_card(written.id, deck_id, ordinal, &schedule)? {
                self.report.cards_added += 1;
            }
        }
        Ok(())
    }

    /// Inserts a card unless the note already has one with this ordinal; says which.
    fn insert_card(
        &mut self,
        note_id: NoteId,
        deck_id: DeckId,
        ordinal: u32,
        schedule: &Schedule,
    ) -> Result<bool> {
        let inserted = self.statements.insert_card.execute(params_from_iter(
            [note_id, deck_id, ordinal.into()]
                .into_iter()
                .chain(schedule_values(schedule))
                .chain([self.now]),
        ))?;
        Ok(inserted == 1)
    }

    pub fn write_cards(&mut self) -> Result<()> {
        let batch = self.batch;
        for (index, card) in batch.cards.iter().enumerate() {
            let Some(note) = self.notes[card.note] else {
                continue;
            };
            let schedule = self.placed(card.schedule);
            let existing: Option<i64> = if note.added {
                None
            } else {
                self.tx
                    .prepare_cached("SELECT id FROM cards WHERE note_id = ?1 AND ord = ?2")?
                    .query_row(params![note.id, card.template], |r| r.get(0))
                    .optional()?
            };
            let id = match existing {
                Some(id) => {
                    if self.settings.update_scheduling {
                        write_schedule(self.tx, id, &schedule, self.now)?;
                        self.report.cards_rescheduled += 1;
                    }
                    id
                }
                None => {
                    let deck_id = self.deck(Some(card.deck))?;
                    self.insert_card(note.id, deck_id, u32::from(card.template), &schedule)?;
                    self.report.cards_added += 1;
                    self.tx.last_insert_rowid()
                }
            };
            self.cards[index] = Some(id);
        }
        Ok(())
    }

    /// A batch schedule with its new-card position moved after the collection's new cards.
    fn placed(&self, schedule: Schedule) -> Schedule {
        match schedule.state {
            CardState::New => Schedule {
                due_day: schedule.due_day + self.first_position,
                ..schedule
            },
            CardState::Learning | CardState::Review => schedule,
        }
    }

    /// Adds the review log of the cards written, skipping entries already present (same card
    /// and time), so importing a file twice logs its answers once.
    pub fn write_review_log(&mut self) -> Result<()> {
        let mut exists = self
            .tx
            .prepare_cached("SELECT 1 FROM revlog WHERE card_id = ?1 AND reviewed_at_ms = ?2")?;
        let mut insert = self.tx.prepare_cached(INSERT_REVLOG)?;
        for review in &self.batch.revlog {
            let Some(card_id) = self.cards[review.card] else {
                continue;
            };
            if exists.exists(params![card_id, review.record.reviewed_at_ms])? {
                continue;
            }
            insert_review(&mut insert, card_id, &review.record)?;
            self.report.reviews_added += 1;
        }
        Ok(())
    }
}

/// Reports `done` of `total` notes every [`PROGRESS_EVERY`] notes and at the end.
fn report_notes_written(progress: &mut dyn FnMut(ImportProgress), done: usize, total: usize) {
    if done.is_multiple_of(PROGRESS_EVERY) || done == total {
        progress(ImportProgress {
            stage: ImportStage::Notes,
            done: done as u64,
            total: total as u64,
        });
    }
}

/// The store note type of a batch note.
fn resolved_notetype<'a>(
    notetypes: &'a [Option<ResolvedNotetype>],
    note: &model::Note,
) -> &'a ResolvedNotetype {
    notetypes[note.notetype]
        .as_ref()
        .expect("note types of notes are resolved")
}

/// The note's fields in the store note type's order, media references following renamed
/// files. Text rows may be short (missing fields are empty) but not long.
fn arrange_fields(
    note: &model::Note,
    resolved: &ResolvedNotetype,
    renamed: &HashMap<String, String>,
) -> Result<Vec<String>> {
    let used = resolved.field_sources.iter().flatten().count();
    if let Some((extra, _)) = note
        .fields
        .iter()
        .enumerate()
        .skip(used)
        .find(|(_, value)| !value.is_empty())
    {
        return Err(Error::InvalidNote(format!(
            "{}: has a value in field column {}, but note type {:?} has {} fields",
            BatchWriter::describe(note),
            extra + 1,
            resolved.notetype.name,
            resolved.notetype.fields.len()
        )));
    }
    Ok(resolved
        .field_sources
        .iter()
        .map(|source| {
            let value = source
                .and_then(|index| note.fields.get(index))
                .map_or("", String::as_str);
            if renamed.is_empty() {
                value.to_string()
            } else {
                rename_references(value, renamed)
            }
        })
        .collect())
}
