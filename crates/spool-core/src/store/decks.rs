//! Decks: a tree spelled by names with `::` between levels, as in Anki.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use super::{Collection, Settings};
use crate::error::{Error, Result};
use crate::vocabulary::{DECK_SEPARATOR, is_same_or_descendant, normalize_deck_name};

pub type DeckId = i64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deck {
    pub id: DeckId,
    pub name: String,
    pub description: String,
}

impl Deck {
    /// How many levels deep the deck sits (a top-level deck is 0).
    pub fn depth(&self) -> usize {
        self.name.matches(DECK_SEPARATOR).count()
    }

    /// Whether `other` is this deck or one of its descendants.
    pub fn contains(&self, other: &Deck) -> bool {
        is_same_or_descendant(&other.name, &self.name)
    }
}

/// What the deck list shows for one deck, subdecks included. `new` and `due` are what is
/// left to study today under the daily limits; `learning` cards are always shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeckCounts {
    pub id: DeckId,
    pub name: String,
    pub notes: u64,
    pub cards: u64,
    pub new: u64,
    pub learning: u64,
    pub due: u64,
}

pub(crate) fn deck_id_by_name(conn: &rusqlite::Connection, name: &str) -> Result<Option<DeckId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM decks WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?)
}

const DECK_COLUMNS: &str = "id, name, description";

fn deck_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Deck> {
    Ok(Deck {
        id: r.get("id")?,
        name: r.get("name")?,
        description: r.get("description")?,
    })
}

/// Recomputes every deck's card and note totals from the cards themselves.
pub(crate) fn recount_deck_totals(conn: &rusqlite::Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM deck_totals;
         INSERT INTO deck_totals (deck_id, cards, notes)
         SELECT deck_id, count(*), count(DISTINCT note_id) FROM cards GROUP BY deck_id;",
    )?;
    Ok(())
}

/// The id of the deck called `name`, creating it and any missing parents at `now`.
pub(crate) fn get_or_create_deck(tx: &Transaction<'_>, name: &str, now: i64) -> Result<DeckId> {
    let name = normalize_deck_name(name)?;
    let mut id = None;
    let mut end = 0;
    for (index, level) in name.split(DECK_SEPARATOR).enumerate() {
        end += level.len() + if index > 0 { DECK_SEPARATOR.len() } else { 0 };
        let prefix = &name[..end];
        id = Some(match deck_id_by_name(tx, prefix)? {
            Some(existing) => existing,
            None => {
                tx.execute(
                    "INSERT INTO decks (name, created_at) VALUES (?1, ?2)",
                    params![prefix, now],
                )?;
                tx.last_insert_rowid()
            }
        });
    }
    Ok(id.expect("a normalized deck name has at least one level"))
}

impl Collection {
    pub fn decks(&self) -> Result<Vec<Deck>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {DECK_COLUMNS} FROM decks"))?;
        let mut decks = stmt
            .query_map([], deck_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // Level by level, so "A::B" sorts right under "A", before "A2" and "A B".
        decks.sort_by_cached_key(|deck| {
            deck.name
                .split(DECK_SEPARATOR)
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        });
        Ok(decks)
    }

    pub fn deck_by_name(&self, name: &str) -> Result<Deck> {
        let unknown = || Error::UnknownDeck(name.to_string());
        let normalized = normalize_deck_name(name).map_err(|_| unknown())?;
        self.find_deck("name = ?1", normalized)?.ok_or_else(unknown)
    }

    pub fn deck(&self, id: DeckId) -> Result<Deck> {
        self.find_deck("id = ?1", id)?
            .ok_or_else(|| Error::UnknownDeck(format!("#{id}")))
    }

    fn find_deck(&self, condition: &str, value: impl rusqlite::ToSql) -> Result<Option<Deck>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {DECK_COLUMNS} FROM decks WHERE {condition}"
            ))?
            .query_row([value], deck_from_row)
            .optional()?)
    }

    /// Creates a deck (and its missing parents) at `now`. Fails if it already exists.
    pub fn create_deck(&mut self, name: &str, now: i64) -> Result<DeckId> {
        let name = normalize_deck_name(name)?;
        if deck_id_by_name(&self.conn, &name)?.is_some() {
            return Err(Error::DeckExists(name));
        }
        self.transact(|tx| get_or_create_deck(tx, &name, now))
    }

    /// Renames a deck and moves its subdecks with it; a missing parent is created at `now`.
    pub fn rename_deck(&mut self, id: DeckId, new_name: &str, now: i64) -> Result<()> {
        let new_name = normalize_deck_name(new_name)?;
        let old = self.deck(id)?;
        if let Some(existing) = deck_id_by_name(&self.conn, &new_name)?
            && existing != id
        {
            return Err(Error::DeckExists(new_name));
        }
        if is_same_or_descendant(&new_name, &old.name) && !new_name.eq_ignore_ascii_case(&old.name)
        {
            return Err(Error::InvalidDeckName {
                name: new_name,
                reason: "a deck cannot move inside itself",
            });
        }
        let subtree: Vec<Deck> = self
            .decks()?
            .into_iter()
            .filter(|d| old.contains(d))
            .collect();
        self.transact(|tx| {
            for deck in &subtree {
                let renamed = format!("{new_name}{}", &deck.name[old.name.len()..]);
                tx.execute(
                    "UPDATE decks SET name = ?2 WHERE id = ?1",
                    params![deck.id, renamed],
                )?;
            }
            if let Some((parent, _)) = new_name.rsplit_once(DECK_SEPARATOR) {
                get_or_create_deck(tx, parent, now)?;
            }
            Ok(())
        })
    }

    /// Deletes a deck, its subdecks, their cards, and notes left with no cards.
    /// Returns how many cards were deleted.
    pub fn delete_deck(&mut self, id: DeckId) -> Result<u64> {
        let root = self.deck(id)?;
        let subtree: Vec<DeckId> = self
            .decks()?
            .into_iter()
            .filter(|d| root.contains(d))
            .map(|d| d.id)
            .collect();
        self.transact(|tx| {
            let mut deleted = 0;
            for deck_id in &subtree {
                deleted += tx.execute("DELETE FROM cards WHERE deck_id = ?1", [deck_id])? as u64;
                tx.execute("DELETE FROM decks WHERE id = ?1", [deck_id])?;
            }
            tx.execute(
                "DELETE FROM notes WHERE NOT EXISTS (SELECT 1 FROM cards WHERE note_id = notes.id)",
                [],
            )?;
            Ok(deleted)
        })
    }

    /// Counts for every deck, each including its subdecks, for the study day `today`.
    pub fn deck_counts(
        &self,
        today: i64,
        today_start_ms: i64,
        settings: &Settings,
    ) -> Result<Vec<DeckCounts>> {
        let decks = self.decks()?;
        #[derive(Default, Clone, Copy)]
        struct Own {
            notes: u64,
            cards: u64,
            new: u64,
            learning: u64,
            due: u64,
            new_done: u64,
            reviews_done: u64,
        }
        let mut own: HashMap<DeckId, Own> = HashMap::with_capacity(decks.len());
        let mut stmt = self
            .conn
            .prepare_cached("SELECT deck_id, cards, notes FROM deck_totals")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let entry = own.entry(row.get(0)?).or_default();
            (entry.cards, entry.notes) = (row.get(1)?, row.get(2)?);
        }
        // A deck never shows more than the daily limit, and min(limit, sum of min(limit, x))
        // equals min(limit, sum of x), so counting each deck only up to the limit changes
        // nothing on screen while reading at most `limit` index entries per deck.
        let mut new_stmt = self.conn.prepare_cached(
            "SELECT count(*) FROM (SELECT 1 FROM cards WHERE deck_id = ?1 AND queue = 0 LIMIT ?2)",
        )?;
        let mut learning_stmt = self
            .conn
            .prepare_cached("SELECT count(*) FROM cards WHERE deck_id = ?1 AND queue = 1 AND due_day - interval_days = ?2")?;
        let mut due_stmt = self.conn.prepare_cached(
            "SELECT count(*) FROM (SELECT 1 FROM cards WHERE deck_id = ?1 AND queue IN (1, 2) AND due_day <= ?2 LIMIT ?3)",
        )?;
        for deck in &decks {
            let entry = own.entry(deck.id).or_default();
            entry.learning = learning_stmt.query_row([deck.id, today], |r| r.get(0))?;
            entry.new = new_stmt.query_row(params![deck.id, settings.new_per_day], |r| r.get(0))?;
            entry.due = due_stmt
                .query_row(params![deck.id, today, settings.reviews_per_day], |r| {
                    r.get(0)
                })?;
        }
        // CROSS JOIN keeps SQLite from scanning every card: only today's log rows are read.
        // As in Anki, a new card done today is one whose first answer ever was today and was
        // given to it as a new card. Counting today's first-answer rows is not enough: an
        // imported Anki log has such a row for every learning step, so a card would count
        // once per step, even one first studied days ago.
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.deck_id,
                    count(DISTINCT r.card_id) FILTER (WHERE r.before_ctype = 0 AND r.reviewed_at_ms =
                        (SELECT min(earliest.reviewed_at_ms) FROM revlog earliest WHERE earliest.card_id = r.card_id)),
                    count(*) FILTER (WHERE r.kind = 1)
             FROM revlog r CROSS JOIN cards c ON c.id = r.card_id
             WHERE r.reviewed_at_ms >= ?1 GROUP BY c.deck_id",
        )?;
        let mut rows = stmt.query([today_start_ms])?;
        while let Some(row) = rows.next()? {
            let entry = own.entry(row.get(0)?).or_default();
            (entry.new_done, entry.reviews_done) = (row.get(1)?, row.get(2)?);
        }
        let mut counts: Vec<DeckCounts> = decks
            .iter()
            .map(|deck| {
                let total = decks
                    .iter()
                    .filter(|d| deck.contains(d))
                    .filter_map(|d| own.get(&d.id))
                    .fold(Own::default(), |acc, o| Own {
                        notes: acc.notes + o.notes,
                        cards: acc.cards + o.cards,
                        new: acc.new + o.new,
                        learning: acc.learning + o.learning,
                        due: acc.due + o.due,
                        new_done: acc.new_done + o.new_done,
                        reviews_done: acc.reviews_done + o.reviews_done,
                    });
                DeckCounts {
                    id: deck.id,
                    name: deck.name.clone(),
                    notes: total.notes,
                    cards: total.cards,
                    new: total
                        .new
                        .min(u64::from(settings.new_per_day).saturating_sub(total.new_done)),
                    learning: total.learning,
                    due: total.due.min(
                        u64::from(settings.reviews_per_day).saturating_sub(total.reviews_done),
                    ),
                }
            })
            .collect();
        // A parent's limit covers its subdecks too (as in Anki): a subdeck never offers more
        // than its parent has left. Parents come first, so one pass sees them capped already.
        let mut left: HashMap<String, (u64, u64)> = HashMap::with_capacity(counts.len());
        for deck in &mut counts {
            if let Some(&(new, due)) = deck
                .name
                .rsplit_once(DECK_SEPARATOR)
                .and_then(|(parent, _)| left.get(&parent.to_lowercase()))
            {
                deck.new = deck.new.min(new);
                deck.due = deck.due.min(due);
            }
            left.insert(deck.name.to_lowercase(), (deck.new, deck.due));
        }
        Ok(counts)
    }
}
