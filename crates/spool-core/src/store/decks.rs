//! Decks: a tree spelled by names with `::` between levels, as in Anki.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use super::{Collection, Settings};
use crate::error::{Error, Result};
use crate::vocabulary::{
    DECK_SEPARATOR, TreeOrder, is_same_or_descendant, normalize_deck_name, tree_order,
};

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
    /// Levels above it in the tree (a top-level deck is 0).
    pub depth: usize,
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
    /// Every deck in tree order (each deck right before its subdecks).
    pub fn decks(&self) -> Result<Vec<Deck>> {
        Ok(self.deck_tree()?.0)
    }

    /// Every deck in tree order, with the position of each one's nearest listed ancestor.
    fn deck_tree(&self) -> Result<(Vec<Deck>, Vec<Option<usize>>)> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {DECK_COLUMNS} FROM decks"))?;
        let decks = stmt
            .query_map([], deck_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let TreeOrder { order, parent } =
            tree_order(&decks.iter().map(|d| d.name.as_str()).collect::<Vec<_>>());
        let mut unplaced: Vec<Option<Deck>> = decks.into_iter().map(Some).collect();
        let sorted = order
            .into_iter()
            .map(|index| {
                unplaced[index]
                    .take()
                    .expect("tree order lists each deck once")
            })
            .collect();
        Ok((sorted, parent))
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
        let (decks, parents) = self.deck_tree()?;
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
        // nothing on screen while reading at most `limit` index entries per deck. One
        // statement with a subquery per deck, not one statement run per deck: a statement
        // run again with another deck id is planned again each time. NOT INDEXED: the name
        // index would do for reading ids, but its entries hold the whole names.
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id,
                    (SELECT count(*) FROM cards WHERE deck_id = d.id AND queue = 1
                        AND due_day - interval_days = ?1),
                    (SELECT count(*) FROM (SELECT 1 FROM cards WHERE deck_id = d.id AND queue = 0
                        LIMIT ?2)),
                    (SELECT count(*) FROM (SELECT 1 FROM cards WHERE deck_id = d.id
                        AND queue IN (1, 2) AND due_day <= ?1 LIMIT ?3))
             FROM decks AS d NOT INDEXED",
        )?;
        let mut rows = stmt.query(params![
            today,
            settings.new_per_day,
            settings.reviews_per_day
        ])?;
        while let Some(row) = rows.next()? {
            let entry = own.entry(row.get(0)?).or_default();
            (entry.learning, entry.new, entry.due) = (row.get(1)?, row.get(2)?, row.get(3)?);
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
        // Subdecks come after their parent, so adding each deck into its parent from the
        // last deck back leaves every deck holding its whole subtree.
        let mut totals: Vec<Own> = decks
            .iter()
            .map(|deck| own.get(&deck.id).copied().unwrap_or_default())
            .collect();
        for position in (0..decks.len()).rev() {
            if let Some(parent) = parents[position] {
                let subtree = totals[position];
                let total = &mut totals[parent];
                total.notes += subtree.notes;
                total.cards += subtree.cards;
                total.new += subtree.new;
                total.learning += subtree.learning;
                total.due += subtree.due;
                total.new_done += subtree.new_done;
                total.reviews_done += subtree.reviews_done;
            }
        }
        let mut counts: Vec<DeckCounts> = Vec::with_capacity(decks.len());
        for ((deck, total), parent) in decks.into_iter().zip(totals).zip(&parents) {
            let mut new = total
                .new
                .min(u64::from(settings.new_per_day).saturating_sub(total.new_done));
            let mut due = total
                .due
                .min(u64::from(settings.reviews_per_day).saturating_sub(total.reviews_done));
            // A parent's limit covers its subdecks too (as in Anki): a subdeck never offers
            // more than its parent has left, and the parent is already capped.
            let parent = parent.map(|position| &counts[position]);
            if let Some(parent) = parent {
                new = new.min(parent.new);
                due = due.min(parent.due);
            }
            counts.push(DeckCounts {
                id: deck.id,
                name: deck.name,
                depth: parent.map_or(0, |parent| parent.depth + 1),
                notes: total.notes,
                cards: total.cards,
                new,
                learning: total.learning,
                due,
            });
        }
        Ok(counts)
    }
}
