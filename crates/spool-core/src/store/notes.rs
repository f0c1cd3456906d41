//! Notes: field values of a note type, and the cards generated from them.

use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

use super::notetypes::load_notetype;
use super::{Collection, DeckId, Notetype, NotetypeId};
use crate::error::{Error, Result};
use crate::render::html::to_plain_text;
use crate::scheduler::card::Schedule;
use crate::vocabulary::{NotetypeKind, split_tags};

pub type NoteId = i64;

/// Joins field values in the `notes.fields` column, as in Anki.
pub const FIELD_SEPARATOR: char = '\u{1f}';

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub id: NoteId,
    pub guid: String,
    pub notetype_id: NotetypeId,
    pub fields: Vec<String>,
    pub tags: Vec<String>,
    pub demo: Option<String>,
    pub created_at: i64,
    pub modified_at: i64,
}

/// A note to add or update; new notes get a random GUID when `guid` is `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNote {
    pub guid: Option<String>,
    pub notetype_id: NotetypeId,
    pub deck_id: DeckId,
    pub fields: Vec<String>,
    pub tags: Vec<String>,
    pub demo: Option<String>,
}

const NOTE_COLUMNS: &str = "id, guid, notetype_id, fields, tags, demo, created_at, modified_at";

fn note_from_row(row: &Row<'_>) -> rusqlite::Result<Note> {
    let fields: String = row.get("fields")?;
    let tags: String = row.get("tags")?;
    Ok(Note {
        id: row.get("id")?,
        guid: row.get("guid")?,
        notetype_id: row.get("notetype_id")?,
        fields: fields.split(FIELD_SEPARATOR).map(String::from).collect(),
        tags: split_tags(&tags),
        demo: row.get("demo")?,
        created_at: row.get("created_at")?,
        modified_at: row.get("modified_at")?,
    })
}

/// Joins field values for the `notes.fields` column. A value holding the separator itself
/// would shift every field after it, so it is refused; `describe` says which note it is.
pub(crate) fn join_fields(fields: &[String], describe: impl FnOnce() -> String) -> Result<String> {
    if let Some(index) = fields.iter().position(|f| f.contains(FIELD_SEPARATOR)) {
        return Err(Error::InvalidNote(format!(
            "{}field {} contains the control character U+001F, which separates fields",
            describe(),
            index + 1
        )));
    }
    Ok(fields.join(&FIELD_SEPARATOR.to_string()))
}

/// Tags are stored space-separated, so spaces inside one become underscores.
pub(crate) fn join_tags(tags: &[String]) -> String {
    let mut cleaned: Vec<String> = tags
        .iter()
        .map(|t| t.trim().replace(char::is_whitespace, "_"))
        .filter(|t| !t.is_empty())
        .collect();
    cleaned.sort_unstable_by_key(|t| t.to_lowercase());
    cleaned.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    cleaned.join(" ")
}

pub(crate) fn new_guid() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Validates field count and that the note makes at least one card.
fn checked_ordinals(notetype: &Notetype, fields: &[String]) -> Result<Vec<u32>> {
    if fields.len() != notetype.fields.len() {
        return Err(Error::InvalidNote(format!(
            "note type {:?} has {} fields, but {} were given",
            notetype.name,
            notetype.fields.len(),
            fields.len()
        )));
    }
    let ords = notetype.card_ordinals(fields);
    if ords.is_empty() {
        return Err(Error::InvalidNote(match notetype.kind {
            NotetypeKind::Cloze => {
                "a cloze note needs at least one deletion like {{c1::text}}".into()
            }
            NotetypeKind::Standard => {
                format!("the fields a {:?} card shows are all empty", notetype.name)
            }
        }));
    }
    Ok(ords)
}

/// The position after every new card, suspended ones included. Each part is one seek in the
/// (queue, due_day) index, so adding many notes stays linear.
pub(crate) fn next_new_position(conn: &rusqlite::Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(max(last), 0) + 1 FROM (
             SELECT max(due_day) AS last FROM cards WHERE queue = 0
             UNION ALL
             SELECT max(due_day) FROM cards WHERE queue = -1 AND ctype = 0)",
        [],
        |r| r.get(0),
    )?)
}

pub(crate) fn insert_cards(
    conn: &rusqlite::Connection,
    note_id: NoteId,
    deck_id: DeckId,
    ords: &[u32],
    now: i64,
) -> Result<()> {
    let position = next_new_position(conn)?;
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO cards (note_id, deck_id, ord, ctype, queue, due_day, created_at, modified_at)
         VALUES (?1, ?2, ?3, 0, 0, ?4, ?5, ?5)",
    )?;
    let new = Schedule::new_card(position);
    for ord in ords {
        stmt.execute(params![note_id, deck_id, ord, new.due_day, now])?;
    }
    Ok(())
}

pub(crate) fn load_note(conn: &rusqlite::Connection, id: NoteId) -> Result<Note> {
    conn.prepare_cached(&format!("SELECT {NOTE_COLUMNS} FROM notes WHERE id = ?1"))?
        .query_row([id], note_from_row)
        .optional()?
        .ok_or(Error::UnknownNote(id))
}

/// Adds a note and its cards at `now`, inside the caller's transaction.
pub(crate) fn insert_note(conn: &rusqlite::Connection, note: &NewNote, now: i64) -> Result<NoteId> {
    let notetype = load_notetype(conn, note.notetype_id)?
        .ok_or_else(|| Error::UnknownNotetype(format!("#{}", note.notetype_id)))?;
    let ords = checked_ordinals(&notetype, &note.fields)?;
    let guid = note.guid.clone().unwrap_or_else(new_guid);
    conn.prepare_cached(
        "INSERT INTO notes (guid, notetype_id, fields, tags, demo, created_at, modified_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    )?
    .execute(params![
        guid,
        note.notetype_id,
        join_fields(&note.fields, String::new)?,
        join_tags(&note.tags),
        note.demo,
        now
    ])?;
    let id = conn.last_insert_rowid();
    insert_cards(conn, id, note.deck_id, &ords, now)?;
    Ok(id)
}

/// Rewrites a note's content; cards for newly filled templates are added to `deck_id`,
/// existing cards and their history are kept, except cards of templates the note's (new)
/// note type does not have, which could never be shown.
fn rewrite_note(conn: &rusqlite::Connection, id: NoteId, note: &NewNote, now: i64) -> Result<()> {
    let notetype = load_notetype(conn, note.notetype_id)?
        .ok_or_else(|| Error::UnknownNotetype(format!("#{}", note.notetype_id)))?;
    let ords = checked_ordinals(&notetype, &note.fields)?;
    conn.prepare_cached(
        "UPDATE notes SET notetype_id = ?2, fields = ?3, tags = ?4, demo = ?5, modified_at = ?6 WHERE id = ?1",
    )?
    .execute(params![id, note.notetype_id, join_fields(&note.fields, String::new)?, join_tags(&note.tags), note.demo, now])?;
    if notetype.kind == NotetypeKind::Standard {
        conn.prepare_cached("DELETE FROM cards WHERE note_id = ?1 AND ord >= ?2")?
            .execute(params![id, notetype.templates.len()])?;
    }
    insert_cards(conn, id, note.deck_id, &ords, now)
}

impl Collection {
    pub fn note(&self, id: NoteId) -> Result<Note> {
        load_note(&self.conn, id)
    }

    pub fn add_note(&mut self, note: &NewNote, now: i64) -> Result<NoteId> {
        self.transact(|tx| insert_note(tx, note, now))
    }

    /// Changes a note's fields, tags and demo; new cards it now makes go to `deck_id`.
    pub fn update_note(&mut self, id: NoteId, note: &NewNote, now: i64) -> Result<()> {
        self.transact(|tx| {
            load_note(tx, id)?;
            rewrite_note(tx, id, note, now)
        })
    }

    /// Deletes notes with their cards and review history.
    pub fn delete_notes(&mut self, ids: &[NoteId]) -> Result<()> {
        self.transact(|tx| {
            let mut stmt = tx.prepare_cached("DELETE FROM notes WHERE id = ?1")?;
            for &id in ids {
                if stmt.execute([id])? == 0 {
                    return Err(Error::UnknownNote(id));
                }
            }
            Ok(())
        })
    }

    /// Notes of `notetype_id` whose first field reads as `first_field` does, markup aside:
    /// Anki's duplicate check. Only notes holding the plain text's longest word are read
    /// (markup does not split a word), then compared by their first field.
    pub fn notes_with_first_field(
        &self,
        notetype_id: NotetypeId,
        first_field: &str,
    ) -> Result<Vec<NoteId>> {
        let wanted = to_plain_text(first_field);
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let word = wanted
            .split(|c: char| !c.is_alphanumeric())
            .max_by_key(|word| word.len())
            .unwrap_or_default();
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, fields FROM notes WHERE notetype_id = ?1 AND instr(fields, ?2) > 0",
        )?;
        let candidates = stmt.query_map(params![notetype_id, word], |row| {
            Ok((row.get::<_, NoteId>(0)?, row.get::<_, String>(1)?))
        })?;
        let mut found = Vec::new();
        for candidate in candidates {
            let (id, fields) = candidate?;
            let first = fields.split(FIELD_SEPARATOR).next().unwrap_or_default();
            if to_plain_text(first) == wanted {
                found.push(id);
            }
        }
        Ok(found)
    }

    pub fn note_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM notes", [], |r| r.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_cleaned_sorted_and_unique() {
        let tags: Vec<String> = ["b", " a ", "two words", "B", ""]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(join_tags(&tags), "a b two_words");
    }
}
