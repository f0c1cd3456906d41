//! Searches, compiled to SQL over cards joined with their notes (the language itself is
//! [`crate::search`]).

use rusqlite::types::Value;

use super::cards::{CARD_SCHEDULE, schedule_from_row};
use super::{CardId, Collection, DeckId, FIELD_SEPARATOR, NoteId};
use crate::error::Result;
use crate::scheduler::Schedule;
use crate::search::{State, Term, parse};

/// A card a search found, with the little of its note that a table of cards shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundCard {
    pub id: CardId,
    pub note_id: NoteId,
    pub deck_id: DeckId,
    pub schedule: Schedule,
    /// The note's first field (HTML).
    pub first_field: String,
    /// For a cloze note, the card's cloze number, the deletion its question hides.
    pub cloze_ord: Option<u32>,
    /// When the note was created, unix seconds.
    pub note_created_at: i64,
}

/// A LIKE pattern matching `text` literally, with `*` as the wildcard.
fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '%' | '_' | '\\' => {
                pattern.push('\\');
                pattern.push(ch);
            }
            '*' => pattern.push('%'),
            c => pattern.push(c),
        }
    }
    pattern
}

/// The WHERE clause and its parameters for `query`, over `cards c JOIN notes n`.
fn compile(query: &str, today: i64) -> Result<(String, Vec<Value>)> {
    let mut conditions = Vec::new();
    let mut params = Vec::new();
    for clause in parse(query)? {
        let sql = match clause.term {
            Term::Text(text) => {
                // Fields hold HTML, so `<` and `&` are stored as entities.
                let html = html_escape::encode_text(&text);
                params.push(Value::Text(format!("%{}%", like_pattern(&html))));
                "n.fields LIKE ? ESCAPE '\\'".to_string()
            }
            Term::Deck(name) => {
                let pattern = like_pattern(name.trim());
                params.push(Value::Text(pattern.clone()));
                params.push(Value::Text(format!("{pattern}::%")));
                "c.deck_id IN (SELECT id FROM decks WHERE name LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\')"
                    .to_string()
            }
            Term::Tag(tag) => {
                // As in Anki, a tag stands for its `::` children too. Both patterns start at
                // a space, so a tag that only ends in the name (`food::japanese`) is no match.
                let tag = like_pattern(&tag);
                params.push(Value::Text(format!("% {tag} %")));
                params.push(Value::Text(format!("% {tag}::%")));
                "(' ' || n.tags || ' ' LIKE ? ESCAPE '\\' OR ' ' || n.tags LIKE ? ESCAPE '\\')"
                    .to_string()
            }
            Term::Notetype(name) => {
                params.push(Value::Text(like_pattern(&name)));
                "n.notetype_id IN (SELECT id FROM notetypes WHERE name LIKE ? ESCAPE '\\')"
                    .to_string()
            }
            Term::Is(state) => match state {
                State::Due => format!(
                    "((c.queue IN (1, 2) AND c.due_day <= {today})
                      OR (c.queue = 1 AND c.due_day - c.interval_days = {today}))"
                ),
                State::New => "c.queue = 0".into(),
                State::Learn => "c.queue = 1".into(),
                State::Review => "c.ctype = 2".into(),
                State::Suspended => "c.queue = -1".into(),
            },
        };
        conditions.push(if clause.negated {
            format!("NOT ({sql})")
        } else {
            sql
        });
    }
    let where_clause = if conditions.is_empty() {
        "1".to_string()
    } else {
        conditions.join(" AND ")
    };
    Ok((where_clause, params))
}

impl Collection {
    /// Cards matching `query`, in the order they were added.
    pub fn search_cards(&self, query: &str, today: i64) -> Result<Vec<CardId>> {
        let (condition, params) = compile(query, today)?;
        let sql = format!(
            "SELECT c.id FROM cards c JOIN notes n ON n.id = c.note_id WHERE {condition} ORDER BY c.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        Ok(stmt
            .query_map(rusqlite::params_from_iter(params), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Cards matching `query`, in the order they were added, with their notes' first fields:
    /// one query for the whole result, so a search can list every card of a large collection.
    pub fn search_found_cards(&self, query: &str, today: i64) -> Result<Vec<FoundCard>> {
        let (condition, params) = compile(query, today)?;
        let separator = format!("char({})", u32::from(FIELD_SEPARATOR));
        // Only the first field leaves SQLite: the others can be long and no row shows them.
        let sql = format!(
            "SELECT c.id, c.note_id, c.deck_id, c.ctype, c.queue, c.due_day, c.interval_days,
                    c.ease_permille, c.repetitions, c.reps, c.lapses,
                    substr(n.fields, 1, instr(n.fields || {separator}, {separator}) - 1) AS first_field,
                    n.created_at AS note_created_at,
                    CASE nt.kind WHEN 1 THEN c.ord + 1 END AS cloze_ord
             FROM cards c JOIN notes n ON n.id = c.note_id
                  JOIN notetypes nt ON nt.id = n.notetype_id
             WHERE {condition} ORDER BY c.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        Ok(stmt
            .query_map(rusqlite::params_from_iter(params), |row| {
                Ok(FoundCard {
                    id: row.get("id")?,
                    note_id: row.get("note_id")?,
                    deck_id: row.get("deck_id")?,
                    schedule: schedule_from_row(row, &CARD_SCHEDULE)?,
                    first_field: row.get("first_field")?,
                    cloze_ord: row.get("cloze_ord")?,
                    note_created_at: row.get("note_created_at")?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Notes with at least one card matching `query`, in the order they were added.
    pub fn search_notes(&self, query: &str, today: i64) -> Result<Vec<NoteId>> {
        let (condition, params) = compile(query, today)?;
        let sql = format!(
            "SELECT DISTINCT n.id FROM cards c JOIN notes n ON n.id = c.note_id WHERE {condition} ORDER BY n.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        Ok(stmt
            .query_map(rusqlite::params_from_iter(params), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{NewNote, StockNotetype};
    use crate::vocabulary::split_tags;

    #[test]
    fn escapes_like_wildcards() {
        assert_eq!(like_pattern("100%_a*"), "100\\%\\_a%");
    }

    /// The tags of the notes `query` finds, in a collection of one note per tag list.
    fn tags_found(tag_lists: &[&str], query: &str) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let mut collection = Collection::open(dir.path().join("c.spool")).unwrap();
        let notetype_id = collection.stock_notetype(StockNotetype::Basic, 0).unwrap();
        let deck_id = collection.create_deck("D", 0).unwrap();
        for tags in tag_lists {
            let note = NewNote {
                guid: None,
                notetype_id,
                deck_id,
                fields: vec!["front".into(), "back".into()],
                tags: split_tags(tags),
                demo: None,
            };
            collection.add_note(&note, 0).unwrap();
        }
        collection
            .search_notes(query, 0)
            .unwrap()
            .into_iter()
            .map(|id| collection.note(id).unwrap().tags.join(" "))
            .collect()
    }

    #[test]
    fn a_tag_finds_itself_and_its_children() {
        let tags = [
            "japanese",
            "japanese::kanji",
            "Japanese::Kanji::N5",
            "japanesefood",
            "food::japanese",
            "food",
        ];
        assert_eq!(
            tags_found(&tags, "tag:japanese"),
            ["japanese", "japanese::kanji", "Japanese::Kanji::N5"]
        );
        assert_eq!(
            tags_found(&tags, "tag:JAPANESE::kanji"),
            ["japanese::kanji", "Japanese::Kanji::N5"]
        );
        assert_eq!(
            tags_found(&tags, "-tag:japanese"),
            ["japanesefood", "food::japanese", "food"]
        );
    }

    #[test]
    fn a_tag_wildcard_finds_children_too() {
        let tags = ["japanese", "japanese::kanji", "jazz", "food::japanese"];
        assert_eq!(
            tags_found(&tags, "tag:ja*"),
            ["japanese", "japanese::kanji", "jazz"]
        );
        assert_eq!(tags_found(&tags, "tag:*::kanji"), ["japanese::kanji"]);
        assert_eq!(
            tags_found(&tags, "tag:*japanese"),
            ["japanese", "japanese::kanji", "food::japanese"]
        );
    }
}
