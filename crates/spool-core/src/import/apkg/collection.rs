//! Reading an Anki collection (schema 11 or 18) out of its SQLite file. Note types and decks
//! are stored differently by the two schemas (see `schema11` and `schema18`); notes, cards
//! and the review log share the tables of `rslib/src/storage/schema11.sql`.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::anki::{Card, CardDue, CardState, ReviewKind, ReviewLogEntry};
use super::reader::{CollectionReader, Definitions};
use super::{schema11, schema18};
use crate::import::Limits;
use crate::import::error::Problem;
use crate::import::fields::check_field_size;
use crate::import::model::{Deck, Note, Notetype, NotetypeKind};
use crate::scheduler::day::day_number;

/// Field separator inside `notes.flds`.
const FIELD_SEPARATOR: char = '\x1f';

/// Anki's `is_unix_epoch_timestamp`: learning `due` values above this are unix seconds,
/// below it days since collection creation (`rslib/src/scheduler/timing.rs`).
const UNIX_TIMESTAMP_THRESHOLD: i64 = 1_000_000_000;

/// Year 9999: anything later in `col.crt` is corrupt.
const LATEST_PLAUSIBLE_SECS: i64 = 253_402_300_799;

/// What the collection tables hold, with records linked by index.
pub(super) struct CollectionContents {
    pub notetypes: Vec<Notetype>,
    pub decks: Vec<Deck>,
    pub notes: Vec<Note>,
    pub cards: Vec<Card>,
    pub revlog: Vec<ReviewLogEntry>,
}

pub(super) fn read_collection(
    db_path: &Path,
    entry: &str,
    limits: &Limits,
) -> Result<CollectionContents, Problem> {
    let corrupt = |error: rusqlite::Error| Problem::CorruptCollection {
        entry: entry.to_string(),
        reason: error.to_string(),
    };
    let db = Connection::open_with_flags(
        db_path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(corrupt)?;
    let (version, created): (i64, i64) = db
        .query_row("select ver, crt from col", [], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .map_err(corrupt)?;
    let reader = CollectionReader { db, entry, limits };
    let definitions = match version {
        11 => schema11::read_definitions(&reader)?,
        18 => schema18::read_definitions(&reader)?,
        _ => {
            return Err(Problem::UnsupportedSchema {
                entry: entry.to_string(),
                version,
            });
        }
    };
    if !(0..=LATEST_PLAUSIBLE_SECS).contains(&created) {
        return Err(Problem::InvalidValue {
            location: format!("{entry}: collection creation time (col.crt)"),
            reason: format!("{created} is not a plausible unix time"),
        });
    }
    // Review days count from the local calendar day the collection was created on. Anki
    // caps offsets at 23 hours (`fixed_offset_from_minutes`).
    let minutes_west = definitions
        .creation_offset_minutes_west
        .unwrap_or(0)
        .clamp(-23 * 60, 23 * 60);
    let creation_day = day_number(created, -minutes_west * 60, 0);

    let notes = read_notes(&reader, &definitions.notetypes)?;
    let (cards, card_index) = read_cards(&reader, &definitions, &notes, creation_day)?;
    let revlog = read_revlog(&reader, &card_index)?;
    Ok(CollectionContents {
        notetypes: definitions.notetypes,
        decks: definitions.decks,
        notes: notes.records,
        cards,
        revlog,
    })
}

struct NotesRead {
    records: Vec<Note>,
    index_by_id: HashMap<i64, usize>,
}

fn index_by_source_id(ids: impl Iterator<Item = Option<i64>>) -> HashMap<i64, usize> {
    ids.enumerate()
        .filter_map(|(index, id)| Some((id?, index)))
        .collect()
}

fn read_notes(reader: &CollectionReader, notetypes: &[Notetype]) -> Result<NotesRead, Problem> {
    let notetype_index = index_by_source_id(notetypes.iter().map(|nt| nt.source_id));
    let mut records = Vec::new();
    reader.each_row(
        "select id, guid, mid, mod, tags, flds from notes order by id",
        |row| {
            let id: i64 = reader.sql(row.get(0))?;
            let at = |detail: &str| reader.location(format_args!("note {id}, {detail}"));
            let guid = reader.text(row, 1, || at("guid"))?;
            let notetype_id: i64 = reader.sql(row.get(2))?;
            let modified: i64 = reader.sql(row.get(3))?;
            let tags = reader.text(row, 4, || at("tags"))?;
            let joined_fields = reader.text(row, 5, || at("fields"))?;

            let &notetype = notetype_index
                .get(&notetype_id)
                .ok_or(Problem::MissingNotetype {
                    note_id: id,
                    notetype_id,
                })?;
            let definition = notetypes[notetype]
                .definition
                .as_ref()
                .expect("package note types are defined");
            let fields: Vec<String> = joined_fields
                .split(FIELD_SEPARATOR)
                .map(str::to_owned)
                .collect();
            if fields.len() != definition.fields.len() {
                return Err(Problem::FieldCountMismatch {
                    note_id: id,
                    notetype: notetypes[notetype].name.clone(),
                    found: fields.len(),
                    expected: definition.fields.len(),
                });
            }
            for (field, name) in fields.iter().zip(&definition.fields) {
                check_field_size(field, reader.limits.max_field_bytes, || {
                    at(&format!("field {name:?}"))
                })?;
            }
            records.push(Note {
                source_id: Some(id),
                guid: Some(guid),
                notetype,
                fields,
                tags: split_tags(&tags),
                modified: Some(modified),
                deck: None,
                line: None,
                demo: None,
            });
            Ok(())
        },
    )?;
    let index_by_id = index_by_source_id(records.iter().map(|note| note.source_id));
    Ok(NotesRead {
        records,
        index_by_id,
    })
}

/// Anki separates tags with spaces or ideographic spaces (`rslib/src/tags/mod.rs`).
fn split_tags(tags: &str) -> Vec<String> {
    tags.split([' ', '\u{3000}'])
        .filter(|tag| !tag.is_empty())
        .map(str::to_owned)
        .collect()
}

fn read_cards(
    reader: &CollectionReader,
    definitions: &Definitions,
    notes: &NotesRead,
    creation_day: i64,
) -> Result<(Vec<Card>, HashMap<i64, usize>), Problem> {
    let deck_index = index_by_source_id(definitions.decks.iter().map(|deck| deck.source_id));
    let mut cards = Vec::new();
    // Which card each (note, template) already has: a note has one card per template.
    let mut card_of_template: HashMap<(usize, u16), i64> = HashMap::new();
    let sql = "select id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, odue, odid \
               from cards order by id";
    reader.each_row(sql, |row| {
        let id: i64 = reader.sql(row.get(0))?;
        let at = |column: &str| reader.location(format_args!("card {id}, column {column}"));
        let note_id: i64 = reader.sql(row.get(1))?;
        let current_deck_id: i64 = reader.sql(row.get(2))?;
        let template: u16 = reader.int(row, 3, || at("ord"))?;
        let card_type: i64 = reader.sql(row.get(4))?;
        let mut queue: i64 = reader.sql(row.get(5))?;
        let mut due: i32 = reader.int(row, 6, || at("due"))?;
        let original_due: i32 = reader.int(row, 11, || at("odue"))?;
        let original_deck_id: i64 = reader.sql(row.get(12))?;

        let &note = notes
            .index_by_id
            .get(&note_id)
            .ok_or(Problem::MissingNote {
                card_id: id,
                note_id,
            })?;
        // A card in a filtered deck goes back to its home deck with its home due date, as in
        // Anki's `remove_from_filtered_deck_restoring_queue`.
        let home_deck = deck_index
            .get(&original_deck_id)
            .filter(|_| original_deck_id != 0);
        let deck = match home_deck {
            Some(&home) => {
                if original_due != 0 {
                    due = original_due;
                }
                if queue >= 0 {
                    queue = QUEUE_FROM_TYPE;
                }
                home
            }
            None => *deck_index
                .get(&current_deck_id)
                .ok_or(Problem::MissingDeck {
                    card_id: id,
                    deck_id: current_deck_id,
                })?,
        };
        let notetype = &definitions.notetypes[notes.records[note].notetype];
        let definition = notetype
            .definition
            .as_ref()
            .expect("package note types are defined");
        if definition.kind == NotetypeKind::Standard
            && usize::from(template) >= definition.templates.len()
        {
            return Err(Problem::MissingTemplate {
                card_id: id,
                template,
                notetype: notetype.name.clone(),
            });
        }
        if let Some(&first) = card_of_template.get(&(note, template)) {
            return Err(Problem::InvalidValue {
                location: at("ord"),
                reason: format!("card {first} of note {note_id} already has template {template}"),
            });
        }
        card_of_template.insert((note, template), id);
        let state = match card_type {
            0 => CardState::New,
            1 => CardState::Learning,
            2 => CardState::Review,
            3 => CardState::Relearning,
            other => {
                return Err(Problem::InvalidValue {
                    location: at("type"),
                    reason: format!("unknown card type {other}"),
                });
            }
        };
        cards.push(Card {
            source_id: id,
            note,
            template,
            deck,
            state,
            suspended: queue == QUEUE_SUSPENDED,
            interval_days: reader.int(row, 7, || at("ivl"))?,
            ease_permille: reader.int(row, 8, || at("factor"))?,
            reps: reader.int(row, 9, || at("reps"))?,
            lapses: reader.int(row, 10, || at("lapses"))?,
            due: absolute_due(queue, state, due.into(), creation_day),
        });
        Ok(())
    })?;
    let index = cards
        .iter()
        .enumerate()
        .map(|(index, card)| (card.source_id, index))
        .collect();
    Ok((cards, index))
}

/// Anki's `CardQueue` values (`rslib/src/card/mod.rs`).
const QUEUE_NEW: i64 = 0;
const QUEUE_LEARN: i64 = 1;
const QUEUE_REVIEW: i64 = 2;
const QUEUE_DAY_LEARN: i64 = 3;
const QUEUE_PREVIEW: i64 = 4;
const QUEUE_SUSPENDED: i64 = -1;
/// Not an Anki queue: marks a queue to be derived from the card type, as for suspended and
/// buried cards and cards leaving a filtered deck.
const QUEUE_FROM_TYPE: i64 = i64::MIN;

/// Turns Anki's queue-dependent `due` into an absolute value: review days are stored as days
/// since the collection's creation day.
fn absolute_due(queue: i64, state: CardState, due: i64, creation_day: i64) -> CardDue {
    match (queue, state) {
        (QUEUE_NEW, _) => CardDue::Position(due),
        (QUEUE_LEARN | QUEUE_PREVIEW, _) => CardDue::Time(due),
        (QUEUE_REVIEW | QUEUE_DAY_LEARN, _) => CardDue::Day(creation_day + due),
        (_, CardState::New) => CardDue::Position(due),
        (_, CardState::Review) => CardDue::Day(creation_day + due),
        (_, CardState::Learning | CardState::Relearning) if due > UNIX_TIMESTAMP_THRESHOLD => {
            CardDue::Time(due)
        }
        (_, CardState::Learning | CardState::Relearning) => CardDue::Day(creation_day + due),
    }
}

fn read_revlog(
    reader: &CollectionReader,
    card_index: &HashMap<i64, usize>,
) -> Result<Vec<ReviewLogEntry>, Problem> {
    let mut entries = Vec::new();
    let sql = "select id, cid, ease, ivl, lastIvl, factor, time, type from revlog order by id";
    reader.each_row(sql, |row| {
        let id: i64 = reader.sql(row.get(0))?;
        let at =
            |column: &str| reader.location(format_args!("review log entry {id}, column {column}"));
        let card_id: i64 = reader.sql(row.get(1))?;
        let &card = card_index.get(&card_id).ok_or(Problem::MissingCard {
            entry_id: id,
            card_id,
        })?;
        let kind = match reader.sql(row.get::<_, i64>(7))? {
            0 => ReviewKind::Learning,
            1 => ReviewKind::Review,
            2 => ReviewKind::Relearning,
            3 => ReviewKind::Filtered,
            4 => ReviewKind::Manual,
            5 => ReviewKind::Rescheduled,
            other => {
                return Err(Problem::InvalidValue {
                    location: at("type"),
                    reason: format!("unknown review kind {other}"),
                });
            }
        };
        entries.push(ReviewLogEntry {
            card,
            time_ms: id,
            ease: reader.int(row, 2, || at("ease"))?,
            interval: reader.int(row, 3, || at("ivl"))?,
            last_interval: reader.int(row, 4, || at("lastIvl"))?,
            factor: reader.int(row, 5, || at("factor"))?,
            taken_ms: reader.int(row, 6, || at("time"))?,
            kind,
        });
        Ok(())
    })?;
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_meaning_follows_the_queue() {
        let creation_day = 20_000;
        assert_eq!(
            absolute_due(QUEUE_NEW, CardState::New, 7, creation_day),
            CardDue::Position(7)
        );
        assert_eq!(
            absolute_due(
                QUEUE_LEARN,
                CardState::Learning,
                1_800_000_000,
                creation_day
            ),
            CardDue::Time(1_800_000_000)
        );
        assert_eq!(
            absolute_due(QUEUE_REVIEW, CardState::Review, 12, creation_day),
            CardDue::Day(20_012)
        );
        assert_eq!(
            absolute_due(QUEUE_DAY_LEARN, CardState::Relearning, 3, creation_day),
            CardDue::Day(20_003)
        );
    }

    #[test]
    fn suspended_cards_take_the_due_meaning_of_their_type() {
        let creation_day = 100;
        assert_eq!(
            absolute_due(QUEUE_SUSPENDED, CardState::New, 4, creation_day),
            CardDue::Position(4)
        );
        assert_eq!(
            absolute_due(QUEUE_SUSPENDED, CardState::Review, 4, creation_day),
            CardDue::Day(104)
        );
        assert_eq!(
            absolute_due(
                QUEUE_SUSPENDED,
                CardState::Learning,
                1_700_000_000,
                creation_day
            ),
            CardDue::Time(1_700_000_000)
        );
        assert_eq!(
            absolute_due(QUEUE_SUSPENDED, CardState::Relearning, 2, creation_day),
            CardDue::Day(102)
        );
    }

    #[test]
    fn tags_split_on_spaces_and_ideographic_spaces() {
        assert_eq!(split_tags(" a  b\u{3000}日本語 "), ["a", "b", "日本語"]);
    }
}
