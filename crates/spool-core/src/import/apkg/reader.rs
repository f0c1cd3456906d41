//! What the collection readers share: the open collection file with its typed column
//! readers, and the note types and decks one schema's reader hands back. `collection`
//! dispatches to `schema11` or `schema18`; both only use this file, never each other or
//! `collection`.

use rusqlite::{Connection, Row};

use crate::import::Limits;
use crate::import::error::Problem;
use crate::import::fields::utf8_text;
use crate::import::model::{Deck, Notetype};

/// Note types and decks as one schema stores them, plus the collection's creation offset.
pub(super) struct Definitions {
    /// Sorted by source id.
    pub notetypes: Vec<Notetype>,
    /// Sorted by source id.
    pub decks: Vec<Deck>,
    /// `creationOffset`: the UTC offset in minutes west when the collection was created.
    pub creation_offset_minutes_west: Option<i32>,
}

/// Context for reading one collection file.
pub(super) struct CollectionReader<'a> {
    pub db: Connection,
    /// The zip entry the collection came from, for messages.
    pub entry: &'a str,
    pub limits: &'a Limits,
}

impl CollectionReader<'_> {
    /// Wraps a SQLite failure as a corrupt-collection problem.
    pub fn sql<T>(&self, result: rusqlite::Result<T>) -> Result<T, Problem> {
        result.map_err(|error| Problem::CorruptCollection {
            entry: self.entry.to_string(),
            reason: error.to_string(),
        })
    }

    /// Column `index` of `row` as raw bytes of a text or blob value; `expected` and
    /// `location` describe it for messages.
    pub fn bytes<'r>(
        &self,
        row: &'r Row,
        index: usize,
        expected: &str,
        location: impl FnOnce() -> String,
    ) -> Result<&'r [u8], Problem> {
        let value = self.sql(row.get_ref(index))?;
        value.as_bytes().map_err(|_| Problem::InvalidValue {
            location: location(),
            reason: format!("expected {expected}, found {}", value.data_type()),
        })
    }

    /// Column `index` of `row` as UTF-8 text.
    pub fn text(
        &self,
        row: &Row,
        index: usize,
        location: impl Fn() -> String,
    ) -> Result<String, Problem> {
        let bytes = self.bytes(row, index, "text", &location)?;
        utf8_text(bytes, location).map(str::to_owned)
    }

    /// Column `index` of `row` as an integer of type `T`.
    pub fn int<T: TryFrom<i64>>(
        &self,
        row: &Row,
        index: usize,
        what: impl FnOnce() -> String,
    ) -> Result<T, Problem> {
        let value: i64 = self.sql(row.get(index))?;
        T::try_from(value).map_err(|_| Problem::InvalidValue {
            location: what(),
            reason: format!("{value} is out of range"),
        })
    }

    /// Runs `each` on every row `sql` returns.
    pub fn each_row(
        &self,
        sql: &str,
        mut each: impl FnMut(&Row) -> Result<(), Problem>,
    ) -> Result<(), Problem> {
        let mut statement = self.sql(self.db.prepare(sql))?;
        let mut rows = self.sql(statement.query([]))?;
        while let Some(row) = self.sql(rows.next())? {
            each(row)?;
        }
        Ok(())
    }

    pub fn location(&self, detail: impl std::fmt::Display) -> String {
        format!("{}: {detail}", self.entry)
    }
}
