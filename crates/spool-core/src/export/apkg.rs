//! Anki deck packages, written in Anki's legacy format 2: a zip holding `meta` (protobuf
//! `PackageMetadata { version: 2 }`), `collection.anki21` (an SQLite collection with schema
//! 11, whose note types, decks and options are JSON in the `col` row), the JSON media list
//! `media` (`{"0": "name"}`) and the media files under the entry names `0`, `1`, ...
//!
//! Ids: Anki keys notes, cards and review entries by millisecond timestamps, so notes and
//! cards get ids from their creation time and review entries their answer time (bumped by
//! one where two coincide). Note types and decks keep their Spool ids offset past Anki's
//! reserved ids (deck 1 is Anki's `Default`, which a Spool deck named `Default` maps to).

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};
use serde_json::{Value, json};
use zip::write::SimpleFileOptions;

use super::{ExportReport, ExportSelection, write_atomically};
use crate::error::{Error, Result};
use crate::render::media::media_references;
use crate::scheduler::{CardQueue, CardState, DayClock, ReviewKind, day_number};
use crate::store::FIELD_SEPARATOR;
use crate::vocabulary::{DEFAULT_DECK_NAME, NotetypeKind};

/// How to write a package.
#[derive(Debug, Clone)]
pub struct ApkgOptions {
    /// Include scheduling and review history; without it every card is new.
    pub with_scheduling: bool,
    /// The export time, unix seconds: the package collection's creation time.
    pub now_secs: i64,
    /// The study-day calendar the scheduling is in.
    pub day_clock: DayClock,
    /// Where the collection's media files are.
    pub media_dir: PathBuf,
    /// Where the package is put together before it is zipped (the collection's scratch
    /// folder).
    pub scratch_dir: PathBuf,
}

/// Anki's reserved deck and deck options id.
const DEFAULT_DECK_ID: i64 = 1;
/// Added to Spool note type and deck ids, keeping them clear of Anki's reserved ids.
const ID_OFFSET: i64 = 1_000_000;
/// `PackageMetadata { version: VERSION_LEGACY_2 }`: field 1, varint 2.
const META: [u8; 2] = [0x08, 2];
/// Tables of a schema 11 collection (`rslib/src/storage/schema11.sql`).
const SCHEMA11: &str = "
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null,
  scm integer not null, ver integer not null, dty integer not null, usn integer not null,
  ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null,
  mod integer not null, usn integer not null, tags text not null, flds text not null,
  sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null,
  ord integer not null, mod integer not null, usn integer not null, type integer not null,
  queue integer not null, due integer not null, ivl integer not null, factor integer not null,
  reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null,
  ease integer not null, ivl integer not null, lastIvl integer not null,
  factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
";

/// Hands out unique millisecond ids, starting from a preferred one.
#[derive(Default)]
struct Ids(HashSet<i64>);

impl Ids {
    fn claim(&mut self, mut preferred: i64) -> i64 {
        while !self.0.insert(preferred) {
            preferred += 1;
        }
        preferred
    }
}

/// Writes `selection` as an `.apkg` at `path`.
pub fn write_apkg(
    path: &Path,
    selection: &ExportSelection,
    options: &ApkgOptions,
) -> Result<ExportReport> {
    let sqlite_error = |error: rusqlite::Error| Error::Sqlite(error);
    let work = tempfile::tempdir_in(&options.scratch_dir).map_err(|error| Error::Io {
        path: options.scratch_dir.clone(),
        error,
    })?;
    let collection_path = work.path().join("collection.anki21");
    let mut db = Connection::open(&collection_path).map_err(sqlite_error)?;
    // A scratch file zipped only once complete: no journal, no syncs, one transaction.
    db.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
        .map_err(sqlite_error)?;
    let deck_ids = anki_deck_ids(selection);
    let tx = db.transaction().map_err(sqlite_error)?;
    write_collection(&tx, selection, options, &deck_ids)?;
    tx.commit().map_err(sqlite_error)?;
    db.close().map_err(|(_, error)| sqlite_error(error))?;
    let media = referenced_media(selection, &options.media_dir);
    write_atomically(path, |file| {
        let zip_error = |error: zip::result::ZipError| Error::Io {
            path: path.to_path_buf(),
            error: error.into(),
        };
        let io_error = |error| Error::Io {
            path: path.to_path_buf(),
            error,
        };
        let mut zip = zip::ZipWriter::new(file);
        let deflated =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let stored =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        zip.start_file("meta", stored).map_err(zip_error)?;
        zip.write_all(&META).map_err(io_error)?;
        zip.start_file("collection.anki21", deflated)
            .map_err(zip_error)?;
        let mut collection = std::fs::File::open(&collection_path).map_err(io_error)?;
        std::io::copy(&mut collection, &mut zip).map_err(io_error)?;
        let list: serde_json::Map<String, Value> = media
            .iter()
            .enumerate()
            .map(|(index, (name, _))| (index.to_string(), Value::from(name.as_str())))
            .collect();
        zip.start_file("media", stored).map_err(zip_error)?;
        zip.write_all(Value::Object(list).to_string().as_bytes())
            .map_err(io_error)?;
        for (index, (_, source)) in media.iter().enumerate() {
            zip.start_file(index.to_string(), stored)
                .map_err(zip_error)?;
            let mut file = std::fs::File::open(source).map_err(|error| Error::Io {
                path: source.clone(),
                error,
            })?;
            std::io::copy(&mut file, &mut zip).map_err(io_error)?;
        }
        zip.finish().map_err(zip_error)?;
        Ok(())
    })?;
    Ok(ExportReport {
        notes: selection.notes.len() as u64,
        cards: selection.cards.len() as u64,
        media: media.len() as u64,
    })
}

/// Anki deck ids for the selection's decks; a deck called `Default` becomes Anki's.
fn anki_deck_ids(selection: &ExportSelection) -> HashMap<i64, i64> {
    selection
        .decks
        .iter()
        .map(|deck| {
            let id = if deck.name.eq_ignore_ascii_case(DEFAULT_DECK_NAME) {
                DEFAULT_DECK_ID
            } else {
                deck.id + ID_OFFSET
            };
            (deck.id, id)
        })
        .collect()
}

/// Media files the exported notes refer to that the media folder has, by name.
fn referenced_media(selection: &ExportSelection, media_dir: &Path) -> Vec<(String, PathBuf)> {
    let mut names: Vec<String> = selection
        .notes
        .iter()
        .flat_map(|note| &note.fields)
        .flat_map(|field| {
            media_references(field)
                .into_iter()
                .map(|range| field[range].to_string())
        })
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| {
            let path = media_dir.join(&name);
            // Only plain names: a reference like `../x` must not export files from elsewhere.
            let plain = Path::new(&name)
                .file_name()
                .is_some_and(|file| file == name.as_str());
            (plain && path.is_file()).then_some((name, path))
        })
        .collect()
}

fn write_collection(
    db: &Connection,
    selection: &ExportSelection,
    options: &ApkgOptions,
    deck_ids: &HashMap<i64, i64>,
) -> Result<()> {
    db.execute_batch(SCHEMA11)?;
    let offset_secs = options.day_clock.utc_offset_secs;
    // Review due days count from the calendar day the collection was created, in the
    // creation offset (`creationOffset`, minutes west of UTC).
    let creation_day = day_number(options.now_secs, offset_secs, 0);
    let next_position = selection
        .cards
        .iter()
        .filter(|card| card.schedule.state == CardState::New)
        .map(|card| card.schedule.due_day + 1)
        .max()
        .unwrap_or(1);
    let conf = json!({
        "activeDecks": [DEFAULT_DECK_ID], "curDeck": DEFAULT_DECK_ID, "newSpread": 0, "collapseTime": 1200,
        "timeLim": 0, "estTimes": true, "dueCounts": true, "curModel": null, "nextPos": next_position,
        "sortType": "noteFld", "sortBackwards": false, "addToCur": true, "schedVer": 2,
        "creationOffset": -offset_secs / 60, "rollover": options.day_clock.rollover_hour,
    });
    db.execute(
        "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, ?5, ?6, '{}')",
        params![
            options.now_secs,
            options.now_secs * 1000,
            conf.to_string(),
            models_json(selection, options.now_secs).to_string(),
            decks_json(selection, deck_ids, options.now_secs).to_string(),
            deck_options_json().to_string(),
        ],
    )?;
    let mut ids = Ids::default();
    let mut note_ids = HashMap::new();
    let mut insert_note =
        db.prepare("INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, ?8, 0, '')")?;
    for note in &selection.notes {
        let id = ids.claim(note.created_at * 1000);
        note_ids.insert(note.id, id);
        let first_field = note.fields.first().map_or("", String::as_str);
        let tags = if note.tags.is_empty() {
            String::new()
        } else {
            format!(" {} ", note.tags.join(" "))
        };
        insert_note.execute(params![
            id,
            note.guid,
            note.notetype_id + ID_OFFSET,
            note.modified_at,
            tags,
            note.fields.join(&FIELD_SEPARATOR.to_string()),
            first_field,
            field_checksum(first_field),
        ])?;
    }
    let mut card_ids = HashMap::new();
    let mut insert_card = db.prepare(
        "INSERT INTO cards VALUES (?1, ?2, ?3, ?4, ?5, -1, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 0, 0, 0, '')",
    )?;
    for (position, card) in selection.cards.iter().enumerate() {
        let id = ids.claim(card.created_at * 1000);
        card_ids.insert(card.id, id);
        let s = &card.schedule;
        // (type, queue, due, ivl, factor, reps, lapses, left)
        let anki = if !options.with_scheduling {
            (0, 0, position as i64 + 1, 0, 0, 0, 0, 0)
        } else {
            let (card_type, queue, due, left) = match s.state {
                CardState::New => (0, 0, s.due_day, 0),
                // Drilled until Good: a learning step due now, relearning once it has lapsed.
                CardState::Learning => (if s.lapses > 0 { 3 } else { 1 }, 1, options.now_secs, 1),
                CardState::Review => (2, 2, s.due_day - creation_day, 0),
            };
            let queue = if s.queue == CardQueue::Suspended {
                -1
            } else {
                queue
            };
            let factor = if s.state == CardState::New {
                0
            } else {
                s.sm2.ease_permille
            };
            (
                card_type,
                queue,
                due,
                s.sm2.interval_days,
                factor,
                s.reps,
                s.lapses,
                left,
            )
        };
        insert_card.execute(params![
            id,
            note_ids[&card.note_id],
            deck_ids[&card.deck_id],
            card.ord,
            card.modified_at,
            anki.0,
            anki.1,
            anki.2,
            anki.3,
            anki.4,
            anki.5,
            anki.6,
            anki.7,
        ])?;
    }
    if options.with_scheduling {
        let mut insert_review =
            db.prepare("INSERT INTO revlog VALUES (?1, ?2, -1, ?3, ?4, ?5, ?6, ?7, ?8)")?;
        let mut review_ids = Ids::default();
        for review in &selection.reviews {
            let kind = match review.kind {
                ReviewKind::Learn | ReviewKind::Drill => 0,
                ReviewKind::Review => 1,
            };
            insert_review.execute(params![
                review_ids.claim(review.reviewed_at_ms),
                card_ids[&review.card_id],
                anki_button(review.quality),
                review.after.interval_days,
                review.before.sm2.interval_days,
                review.after.ease_permille,
                review.duration_ms,
                kind,
            ])?;
        }
    }
    Ok(())
}

/// Spool's qualities as Anki's buttons: the inverse of the import mapping (1, 3, 4, 5 are
/// Again, Hard, Good, Easy); qualities Spool's buttons never give round to the nearest.
fn anki_button(quality: u8) -> u8 {
    match quality {
        0..=2 => 1,
        3 => 2,
        4 => 3,
        _ => 4,
    }
}

/// Anki's duplicate-check checksum: the first 8 hex digits of the SHA-1 of the first field
/// (Anki strips HTML first; Anki recomputes it when importing).
fn field_checksum(first_field: &str) -> i64 {
    let digest = sha1_smol::Sha1::from(first_field).digest().bytes();
    i64::from(u32::from_be_bytes([
        digest[0], digest[1], digest[2], digest[3],
    ]))
}

fn models_json(selection: &ExportSelection, now_secs: i64) -> Value {
    let models: serde_json::Map<String, Value> = selection
        .notetypes
        .iter()
        .map(|notetype| {
            let id = notetype.id + ID_OFFSET;
            let fields: Vec<Value> = notetype
                .fields
                .iter()
                .enumerate()
                .map(|(ord, name)| {
                    json!({"name": name, "ord": ord, "sticky": false, "rtl": false, "font": "Arial", "size": 20, "media": []})
                })
                .collect();
            let templates: Vec<Value> = notetype
                .templates
                .iter()
                .enumerate()
                .map(|(ord, template)| {
                    json!({"name": template.name, "ord": ord, "qfmt": template.question_format,
                        "afmt": template.answer_format, "bqfmt": "", "bafmt": "", "did": null, "bfont": "", "bsize": 0})
                })
                .collect();
            let kind = match notetype.kind {
                NotetypeKind::Standard => 0,
                NotetypeKind::Cloze => 1,
            };
            let model = json!({
                "id": id, "name": notetype.name, "type": kind, "mod": now_secs, "usn": -1, "sortf": 0,
                "did": null, "tmpls": templates, "flds": fields, "css": notetype.css, "tags": [], "vers": [],
                "latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
                "latexPost": "\\end{document}", "latexsvg": false, "req": [],
            });
            (id.to_string(), model)
        })
        .collect();
    Value::Object(models)
}

fn deck_json(id: i64, name: &str, description: &str, now_secs: i64) -> Value {
    json!({
        "id": id, "name": name, "desc": description, "dyn": 0, "conf": DEFAULT_DECK_ID, "collapsed": false,
        "extendNew": 10, "extendRev": 50, "usn": -1, "mod": now_secs,
        "newToday": [0, 0], "revToday": [0, 0], "lrnToday": [0, 0], "timeToday": [0, 0],
    })
}

fn decks_json(selection: &ExportSelection, deck_ids: &HashMap<i64, i64>, now_secs: i64) -> Value {
    let mut decks = serde_json::Map::new();
    decks.insert(
        DEFAULT_DECK_ID.to_string(),
        deck_json(DEFAULT_DECK_ID, DEFAULT_DECK_NAME, "", now_secs),
    );
    for deck in &selection.decks {
        let id = deck_ids[&deck.id];
        decks.insert(
            id.to_string(),
            deck_json(id, &deck.name, &deck.description, now_secs),
        );
    }
    Value::Object(decks)
}

/// Anki's default deck options (as genanki writes them).
fn deck_options_json() -> Value {
    json!({"1": {
        "id": DEFAULT_DECK_ID, "name": "Default", "mod": 0, "usn": 0, "maxTaken": 60, "autoplay": true,
        "timer": 0, "replayq": true, "dyn": false,
        "new": {"bury": true, "delays": [1, 10], "initialFactor": 2500, "ints": [1, 4, 7], "order": 1,
            "perDay": 20, "separate": true},
        "lapse": {"delays": [10], "leechAction": 0, "leechFails": 8, "minInt": 1, "mult": 0},
        "rev": {"bury": true, "ease4": 1.3, "fuzz": 0.05, "ivlFct": 1, "maxIvl": 36500, "minSpace": 1,
            "perDay": 100},
    }})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buttons_invert_the_import_mapping() {
        assert_eq!([1, 3, 4, 5].map(anki_button), [1, 2, 3, 4]);
    }

    #[test]
    fn ids_are_unique() {
        let mut ids = Ids::default();
        assert_eq!([ids.claim(5), ids.claim(5), ids.claim(6)], [5, 6, 7]);
    }
}
