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

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rusqlite::{OptionalExtension, Statement, Transaction, params};
use serde::Serialize;

use crate::render::counted;

use super::cards::write_schedule;
use super::decks::{get_or_create_deck, recount_deck_totals};
use super::media::{
    MediaEntry, StagedMedia, file_sha1, insert_media_entry, media_entry, rename_references,
};
use super::notes::{card_ordinals, join_fields, join_tags, new_guid, next_new_position};
use super::notetypes::{NewNotetype, insert_notetype, load_notetype};
use super::revlog::INSERT_REVLOG;
use super::{Collection, DeckId, NoteId, Notetype, StockNotetype, now_secs};
use crate::error::{Error, Result};
use crate::import::model::{self, CardDue, ImportBatch, MediaFile};
use crate::scheduler::card::{DRILL_PASS_QUALITY, RECALL_QUALITY};
use crate::scheduler::sm2::{INITIAL_EASE_PERMILLE, MIN_EASE_PERMILLE};
use crate::scheduler::{CardQueue, CardState, DayClock, Grade, ReviewKind, Schedule, Sm2State};

/// How to write a batch.
#[derive(Debug, Clone)]
pub struct ImportSettings {
    /// The current study day: imported (re)learning cards fall due on it, so they come up
    /// today as SM-2 repetitions.
    pub today: i64,
    /// Turns review log times into study days.
    pub day_clock: DayClock,
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

/// Progress is reported after this many notes.
const PROGRESS_EVERY: usize = 1000;

impl Collection {
    /// Writes `batch` into the collection. Nothing is written unless everything is: on any
    /// error the collection and its media folder are as they were.
    pub fn import_batch(
        &mut self,
        batch: &ImportBatch,
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
            let deferred = DeferredUpkeep::drop_if_outnumbered(tx, batch)?;
            let mut writer = BatchWriter::new(tx, batch, settings, &media.renamed)?;
            writer.write_notes(progress)?;
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

/// The plain (non-unique) indexes and the deck-total triggers of the tables an import
/// fills. Building an index once over sorted rows is much cheaper than updating it row by
/// row, and counting deck totals once is cheaper than a trigger per card, so a batch larger
/// than what the collection already holds drops them inside the import's transaction,
/// recreates them from their own stored definitions and recounts the totals before it
/// commits.
struct DeferredUpkeep(Vec<String>);

impl DeferredUpkeep {
    fn drop_if_outnumbered(tx: &Transaction<'_>, batch: &ImportBatch) -> Result<Self> {
        let existing_cards: i64 = tx.query_row("SELECT count(*) FROM cards", [], |r| r.get(0))?;
        let incoming = batch.cards.len().max(batch.notes.len());
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

/// Which of a batch's media files are new to the collection, and under what names.
struct MediaPlan<'b> {
    /// Files to add: where the batch keeps them (`None` when the media folder already holds
    /// the same file without a row), and their rows.
    new: Vec<(Option<&'b Path>, MediaEntry)>,
    /// Batch names whose files went in under another name because the collection has a
    /// different file by that name; references in imported fields follow them.
    renamed: HashMap<String, String>,
}

/// Whether the collection already has a file called `name`, and if so whether it is `sha1`.
enum NameUse {
    Free,
    Same { listed: bool },
    Different,
}

impl<'b> MediaPlan<'b> {
    fn new(collection: &Collection, files: &'b [MediaFile]) -> Result<Self> {
        let mut plan = Self {
            new: Vec::new(),
            renamed: HashMap::new(),
        };
        for file in files {
            let sha1 = file.sha1_hex();
            let mut name = file.name.clone();
            let mut use_of_name = name_use(collection, &name, &sha1)?;
            if matches!(use_of_name, NameUse::Different) {
                name = name_with_hash(&file.name, &sha1);
                use_of_name = name_use(collection, &name, &sha1)?;
                if matches!(use_of_name, NameUse::Different) {
                    return Err(Error::Media(format!(
                        "{:?}: the collection already has different files named {:?} and {name:?}",
                        file.name, file.name
                    )));
                }
                plan.renamed.insert(file.name.clone(), name.clone());
            }
            let entry = MediaEntry {
                name,
                sha1,
                size: file.size,
            };
            match use_of_name {
                NameUse::Free => plan.new.push((Some(file.path()), entry)),
                NameUse::Same { listed: false } => plan.new.push((None, entry)),
                NameUse::Same { listed: true } | NameUse::Different => {}
            }
        }
        Ok(plan)
    }

    fn to_stage(&self) -> Vec<(&Path, &str)> {
        self.new
            .iter()
            .filter_map(|(source, entry)| Some(((*source)?, entry.name.as_str())))
            .collect()
    }
}

fn name_use(collection: &Collection, name: &str, sha1: &str) -> Result<NameUse> {
    // Names are unique without regard to case (the media folder may live on a file system
    // that ignores it), but a reference must spell the name exactly: a file listed as
    // `A.png` does not serve `a.png`, which then goes in under a hashed name.
    if let Some(row) = media_entry(&collection.conn, name)? {
        return Ok(if row.sha1 == sha1 && row.name == name {
            NameUse::Same { listed: true }
        } else {
            NameUse::Different
        });
    }
    let on_disk = collection.media_dir().join(name);
    if !on_disk.exists() {
        return Ok(NameUse::Free);
    }
    Ok(if file_sha1(&on_disk)? == sha1 {
        NameUse::Same { listed: false }
    } else {
        NameUse::Different
    })
}

/// `photo.png` with SHA-1 `ab12…` becomes `photo_ab12cd34.png`.
fn name_with_hash(name: &str, sha1: &str) -> String {
    let hash = &sha1[..8];
    match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => format!("{stem}_{hash}.{extension}"),
        _ => format!("{name}_{hash}"),
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

/// A batch note type resolved to a store note type.
struct ResolvedNotetype {
    notetype: Notetype,
    /// For each store field, the index of the batch field that fills it.
    field_sources: Vec<Option<usize>>,
}

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
                "INSERT INTO notes (guid, notetype_id, fields, tags, created_at, modified_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            insert_card: tx.prepare(
                "INSERT OR IGNORE INTO cards (note_id, deck_id, ord, ctype, queue, due_day, interval_days,
                   ease_permille, repetitions, reps, lapses, created_at, modified_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
            )?,
        })
    }
}

/// Where a batch note went.
#[derive(Debug, Clone, Copy)]
struct WrittenNote {
    id: NoteId,
    added: bool,
}

struct BatchWriter<'t, 'b> {
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
    /// Position of the next new card generated from a text note.
    next_position: i64,
    /// Added to package new-card positions so they follow the collection's new cards.
    position_offset: i64,
    report: ImportReport,
}

impl<'t, 'b> BatchWriter<'t, 'b> {
    fn new(
        tx: &'t Transaction<'t>,
        batch: &'b ImportBatch,
        settings: &'b ImportSettings,
        renamed: &'b HashMap<String, String>,
    ) -> Result<Self> {
        let first_position = next_new_position(tx)?;
        let package_positions = batch.cards.iter().filter_map(|card| match card.due {
            CardDue::Position(position) => Some(position),
            _ => None,
        });
        let (lowest, highest) = package_positions.fold(
            (None, None),
            |(low, high): (Option<i64>, Option<i64>), p| {
                (
                    Some(low.map_or(p, |l| l.min(p))),
                    Some(high.map_or(p, |h| h.max(p))),
                )
            },
        );
        let position_offset = first_position - lowest.unwrap_or(0);
        let existing_notes: i64 = tx.query_row("SELECT count(*) FROM notes", [], |r| r.get(0))?;
        let known_guids = if batch.notes.len() as i64 > existing_notes {
            let mut statement = tx.prepare("SELECT guid FROM notes")?;
            let guids = statement
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Some(guids)
        } else {
            None
        };
        let mut writer = Self {
            known_guids,
            statements: RowStatements::prepare(tx)?,
            tx,
            batch,
            settings,
            renamed,
            now: now_secs(),
            notetypes: Vec::with_capacity(batch.notetypes.len()),
            decks: vec![None; batch.decks.len()],
            default_deck: None,
            notes: Vec::with_capacity(batch.notes.len()),
            cards: vec![None; batch.cards.len()],
            next_position: highest.map_or(first_position, |high| high + position_offset + 1),
            position_offset,
            report: ImportReport::default(),
        };
        // Only note types notes use are added, as Anki does: a collection package lists all.
        let mut used = vec![false; batch.notetypes.len()];
        for note in &batch.notes {
            used[note.notetype] = true;
        }
        for (notetype, used) in batch.notetypes.iter().zip(used) {
            let resolved = if used {
                Some(writer.resolve_notetype(notetype)?)
            } else {
                None
            };
            writer.notetypes.push(resolved);
        }
        Ok(writer)
    }

    fn resolve_notetype(&mut self, source: &model::Notetype) -> Result<ResolvedNotetype> {
        let Some(definition) = &source.definition else {
            let notetype = self.named_notetype(&source.name)?;
            let field_sources = field_sources_by_label(&notetype, &self.batch.source.field_labels);
            return Ok(ResolvedNotetype {
                notetype,
                field_sources,
            });
        };
        let existing = self.all_notetypes()?;
        let same_definition = |candidate: &Notetype| {
            is_name_or_numbered(&candidate.name, &source.name)
                && same_definition(candidate, definition)
        };
        let notetype = match existing.iter().find(|candidate| same_definition(candidate)) {
            Some(found) => found.clone(),
            None => {
                let taken = |name: &str| existing.iter().any(|candidate| candidate.name == name);
                let name = std::iter::once(source.name.clone())
                    .chain((2..).map(|number| format!("{} ({number})", source.name)))
                    .find(|name| !taken(name))
                    .expect("an unbounded list of names has a free one");
                let new = NewNotetype {
                    name,
                    kind: definition.kind,
                    fields: definition.fields.clone(),
                    templates: definition.templates.clone(),
                    css: definition.css.clone(),
                };
                self.add_notetype(&new)?
            }
        };
        let field_sources = (0..notetype.fields.len()).map(Some).collect();
        Ok(ResolvedNotetype {
            notetype,
            field_sources,
        })
    }

    /// The note type a text file names: an existing one, or a stock one added now.
    fn named_notetype(&mut self, name: &str) -> Result<Notetype> {
        let id: Option<i64> = self
            .tx
            .query_row("SELECT id FROM notetypes WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?;
        if let Some(id) = id {
            return self.load(id);
        }
        let stock = StockNotetype::from_name(name)
            .ok_or_else(|| Error::UnknownNotetype(name.to_string()))?;
        self.add_notetype(&NewNotetype::stock(stock))
    }

    fn add_notetype(&mut self, new: &NewNotetype) -> Result<Notetype> {
        let id = insert_notetype(self.tx, new)?;
        self.report.notetypes_added += 1;
        self.load(id)
    }

    fn load(&self, id: i64) -> Result<Notetype> {
        load_notetype(self.tx, id)?.ok_or_else(|| Error::UnknownNotetype(format!("#{id}")))
    }

    fn all_notetypes(&self) -> Result<Vec<Notetype>> {
        let ids: Vec<i64> = self
            .tx
            .prepare("SELECT id FROM notetypes ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.load(id)).collect()
    }

    fn deck(&mut self, index: Option<usize>) -> Result<DeckId> {
        let Some(index) = index else {
            if let Some(id) = self.default_deck {
                return Ok(id);
            }
            let id = get_or_create_deck(self.tx, &self.settings.default_deck)?;
            self.default_deck = Some(id);
            return Ok(id);
        };
        if let Some(id) = self.decks[index] {
            return Ok(id);
        }
        let id = get_or_create_deck(self.tx, &self.batch.decks[index].name)?;
        self.decks[index] = Some(id);
        Ok(id)
    }

    fn write_notes(&mut self, progress: &mut dyn FnMut(ImportProgress)) -> Result<()> {
        let batch = self.batch;
        let total = batch.notes.len() as u64;
        let mut has_cards = vec![false; batch.notes.len()];
        for card in &batch.cards {
            has_cards[card.note] = true;
        }
        for (index, note) in batch.notes.iter().enumerate() {
            let written = self.write_note(note)?;
            self.notes.push(written);
            if let Some(written) = written.filter(|_| !has_cards[index]) {
                self.generate_cards(note, written)?;
            }
            if (index + 1) % PROGRESS_EVERY == 0 {
                progress(ImportProgress {
                    stage: ImportStage::Notes,
                    done: index as u64 + 1,
                    total,
                });
            }
        }
        progress(ImportProgress {
            stage: ImportStage::Notes,
            done: total,
            total,
        });
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
                .prepare_cached("SELECT id, notetype_id, fields, tags FROM notes WHERE guid = ?1")?
                .query_row([guid], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                })
                .optional()?,
            None => None,
        };
        let modified = note.modified.unwrap_or(self.now);
        match existing {
            Some((_, notetype_id, _, _)) if notetype_id != resolved.notetype.id => {
                self.report.notes_skipped += 1;
                Ok(None)
            }
            Some((id, _, old_fields, old_tags)) if old_fields == joined && old_tags == tags => {
                self.report.notes_unchanged += 1;
                Ok(Some(WrittenNote { id, added: false }))
            }
            Some((id, ..)) => {
                self.tx
                    .prepare_cached(
                        "UPDATE notes SET fields = ?2, tags = ?3, modified_at = ?4 WHERE id = ?1",
                    )?
                    .execute(params![id, joined, tags, modified.max(self.now)])?;
                self.report.notes_updated += 1;
                Ok(Some(WrittenNote { id, added: false }))
            }
            None => {
                if self.batch.cards.is_empty()
                    && card_ordinals(&resolved.notetype, &fields).is_empty()
                {
                    return Err(Error::InvalidNote(format!(
                        "{}: the fields a {:?} card shows are all empty",
                        Self::describe(note),
                        resolved.notetype.name
                    )));
                }
                let guid = note.guid.clone().unwrap_or_else(new_guid);
                if let Some(known) = &mut self.known_guids {
                    known.insert(guid.clone());
                }
                self.statements.insert_note.execute(params![
                    guid,
                    resolved.notetype.id,
                    joined,
                    tags,
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

    /// Adds the cards a note's note type makes that it does not have yet, as new cards.
    fn generate_cards(&mut self, note: &model::Note, written: WrittenNote) -> Result<()> {
        let resolved = resolved_notetype(&self.notetypes, note);
        let fields = arrange_fields(note, resolved, self.renamed)?;
        let ordinals = card_ordinals(&resolved.notetype, &fields);
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
        let inserted = self.statements.insert_card.execute(params![
            note_id,
            deck_id,
            ordinal,
            schedule.state.code(),
            schedule.queue.code(),
            schedule.due_day,
            schedule.sm2.interval_days,
            schedule.sm2.ease_permille,
            schedule.sm2.repetitions,
            schedule.reps,
            schedule.lapses,
            self.now
        ])?;
        Ok(inserted == 1)
    }

    fn write_cards(&mut self) -> Result<()> {
        let batch = self.batch;
        let successes = trailing_successes(batch);
        for (index, card) in batch.cards.iter().enumerate() {
            let Some(note) = self.notes[card.note] else {
                continue;
            };
            let schedule = self.schedule_of(card, successes[index]);
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

    /// A package card's scheduling in Spool's terms. Anki's (re)learning cards become Spool
    /// learning cards due today, so their next answer is a full SM-2 repetition (and one
    /// below Good starts today's drill); new cards keep their order after the collection's
    /// own new cards.
    fn schedule_of(&self, card: &model::Card, successes: Option<u32>) -> Schedule {
        let ease_permille = match card.ease_permille {
            0 => INITIAL_EASE_PERMILLE,
            ease => ease.max(MIN_EASE_PERMILLE),
        };
        let (state, due_day, repetitions) = match card.state {
            model::CardState::New => {
                let position = match card.due {
                    CardDue::Position(position) => position + self.position_offset,
                    CardDue::Time(_) | CardDue::Day(_) => self.next_position,
                };
                (CardState::New, position, 0)
            }
            model::CardState::Learning | model::CardState::Relearning => {
                (CardState::Learning, self.settings.today, 0)
            }
            model::CardState::Review => {
                let due_day = match card.due {
                    CardDue::Day(day) => day,
                    CardDue::Position(_) | CardDue::Time(_) => self.settings.today,
                };
                // SM-2 counts successes in a row; Anki does not store them. Without a log,
                // 2 makes the next interval grow by the ease, as Anki's would.
                (
                    CardState::Review,
                    due_day,
                    successes.map_or(2, |n| n.max(1)),
                )
            }
        };
        Schedule {
            state,
            queue: if card.suspended {
                CardQueue::Suspended
            } else {
                state.queue()
            },
            due_day,
            sm2: Sm2State {
                repetitions,
                ease_permille,
                interval_days: card.interval_days,
            },
            reps: card.reps,
            lapses: card.lapses,
        }
    }

    /// Adds the review log of the cards written, skipping entries already present (same card
    /// and time) and Anki's manual rescheduling entries, which are not answers.
    ///
    /// Anki logs only the button, the intervals before and after and the ease after, so the
    /// `before_*`/`after_*` columns are reconstructed: states from the entry's kind
    /// (learning: new card; review: review card; relearning: learning card), due days from
    /// the study day of the answer plus the intervals (intervals under a day, which Anki logs
    /// as negative seconds, count as 0 days), ease before from the card's previous entry,
    /// and the SM-2 success streak and answer and lapse counts by replaying the log in order.
    fn write_review_log(&mut self) -> Result<()> {
        let mut replay: HashMap<usize, Replay> = HashMap::new();
        let mut exists = self
            .tx
            .prepare_cached("SELECT 1 FROM revlog WHERE card_id = ?1 AND reviewed_at_ms = ?2")?;
        let mut insert = self.tx.prepare_cached(INSERT_REVLOG)?;
        for entry in &self.batch.revlog {
            let Some(quality) = quality_of(entry) else {
                continue;
            };
            let Some(card_id) = self.cards[entry.card] else {
                continue;
            };
            let state = replay.entry(entry.card).or_default();
            let before = *state;
            let after_ease = match entry.factor {
                0 => INITIAL_EASE_PERMILLE,
                factor => factor.max(MIN_EASE_PERMILLE),
            };
            let failed = quality < RECALL_QUALITY;
            let lapsed = failed && entry.kind == model::ReviewKind::Review;
            *state = Replay {
                answers: before.answers + 1,
                successes: if failed { 0 } else { before.successes + 1 },
                lapses: before.lapses + u32::from(lapsed),
                ease: Some(after_ease),
                modified: entry.time_ms.div_euclid(1000),
            };
            if exists.exists(params![card_id, entry.time_ms])? {
                continue;
            }
            let (kind, before_state) = match entry.kind {
                model::ReviewKind::Learning => (ReviewKind::Learn, CardState::New),
                model::ReviewKind::Relearning => (ReviewKind::Review, CardState::Learning),
                _ => (ReviewKind::Review, CardState::Review),
            };
            let day = self
                .settings
                .day_clock
                .day_of(entry.time_ms.div_euclid(1000));
            let after_interval = whole_days(entry.interval);
            let after_queue = if quality >= DRILL_PASS_QUALITY {
                CardQueue::Review
            } else {
                CardQueue::Learning
            };
            insert.execute(params![
                card_id,
                entry.time_ms,
                quality,
                kind.code(),
                entry.taken_ms,
                before_state.code(),
                before_state.queue().code(),
                day,
                whole_days(entry.last_interval),
                before.ease.unwrap_or(after_ease),
                before.successes,
                before.answers,
                before.lapses,
                if before.answers == 0 {
                    state.modified
                } else {
                    before.modified
                },
                after_queue.code(),
                day + i64::from(after_interval),
                after_interval,
                after_ease,
                state.successes,
            ])?;
            self.report.reviews_added += 1;
        }
        Ok(())
    }
}

/// A card's history so far while its review log is replayed.
#[derive(Debug, Clone, Copy, Default)]
struct Replay {
    answers: u32,
    successes: u32,
    lapses: u32,
    ease: Option<u32>,
    modified: i64,
}

/// Anki's buttons as Spool's: Again, Hard, Good, Easy give the qualities Spool's own buttons
/// give. `None` for entries that are not answers (manual rescheduling).
fn quality_of(entry: &model::ReviewLogEntry) -> Option<u8> {
    if matches!(
        entry.kind,
        model::ReviewKind::Manual | model::ReviewKind::Rescheduled
    ) {
        return None;
    }
    let grade = Grade::from_key(entry.ease)?;
    Some(grade.quality())
}

/// Anki intervals: positive values are days, negative ones seconds (under a day).
fn whole_days(interval: i32) -> u32 {
    u32::try_from(interval).unwrap_or(0)
}

/// Per batch card, the answers in a row at the end of its log that were not Again, or
/// `None` when the batch has no log for it.
fn trailing_successes(batch: &ImportBatch) -> Vec<Option<u32>> {
    let mut successes = vec![None; batch.cards.len()];
    for entry in &batch.revlog {
        let Some(quality) = quality_of(entry) else {
            continue;
        };
        let streak = successes[entry.card].get_or_insert(0);
        *streak = if quality < RECALL_QUALITY {
            0
        } else {
            *streak + 1
        };
    }
    successes
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

/// Text files that label their columns with the note type's field names fill fields by
/// name; otherwise columns fill fields in order.
fn field_sources_by_label(notetype: &Notetype, labels: &[String]) -> Vec<Option<usize>> {
    let by_label: Option<Vec<usize>> = labels
        .iter()
        .map(|label| notetype.field_index(label.trim()))
        .collect();
    match by_label {
        Some(targets) if !labels.is_empty() => (0..notetype.fields.len())
            .map(|field| targets.iter().position(|&target| target == field))
            .collect(),
        _ => (0..notetype.fields.len()).map(Some).collect(),
    }
}

/// Whether `name` is `base` or `base (N)`, the names this importer gives note types.
fn is_name_or_numbered(name: &str, base: &str) -> bool {
    name == base
        || name
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix(" ("))
            .and_then(|rest| rest.strip_suffix(')'))
            .is_some_and(|number| number.parse::<u32>().is_ok())
}

fn same_definition(existing: &Notetype, definition: &model::NotetypeDefinition) -> bool {
    existing.kind == definition.kind
        && existing.fields == definition.fields
        && existing.templates == definition.templates
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
            today: 0,
            day_clock: DayClock {
                utc_offset_secs: 0,
                rollover_hour: 4,
            },
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

    #[test]
    fn numbered_names() {
        assert!(is_name_or_numbered("Basic", "Basic"));
        assert!(is_name_or_numbered("Basic (2)", "Basic"));
        assert!(!is_name_or_numbered("Basic (x)", "Basic"));
        assert!(!is_name_or_numbered("Basics", "Basic"));
    }

    #[test]
    fn hashed_names_keep_the_extension() {
        let sha1 = "0123456789abcdef0123456789abcdef01234567";
        assert_eq!(name_with_hash("photo.png", sha1), "photo_01234567.png");
        assert_eq!(name_with_hash("README", sha1), "README_01234567");
        assert_eq!(name_with_hash(".hidden", sha1), ".hidden_01234567");
    }

    #[test]
    fn anki_buttons_give_spool_qualities() {
        let entry = |ease, kind| model::ReviewLogEntry {
            card: 0,
            time_ms: 0,
            ease,
            interval: 1,
            last_interval: 0,
            factor: 2500,
            taken_ms: 0,
            kind,
        };
        let qualities: Vec<Option<u8>> = (0..=4)
            .map(|ease| quality_of(&entry(ease, model::ReviewKind::Review)))
            .collect();
        assert_eq!(qualities, [None, Some(1), Some(3), Some(4), Some(5)]);
        assert_eq!(quality_of(&entry(3, model::ReviewKind::Manual)), None);
    }
}
