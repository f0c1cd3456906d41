//! `spool check`: verifies the database and repairs what it safely can.

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use super::decks::recount_deck_totals;
use super::notes::insert_cards;
use super::notetypes::{NewNotetype, insert_notetype, load_notetype};
use super::{Collection, FIELD_SEPARATOR, NotetypeKind, Template};
use crate::error::{Result, is_damage};

/// The note type that notes whose own note type is gone are moved to.
const RECOVERED_NOTETYPE: &str = "Recovered";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// What SQLite's own integrity check said ("ok" when the file is sound).
    pub integrity: String,
    /// Problems found and fixed, one sentence each.
    pub repaired: Vec<String>,
    /// Problems found that need a person (for example a damaged file: restore a backup).
    pub unrepaired: Vec<String>,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.integrity == "ok" && self.repaired.is_empty() && self.unrepaired.is_empty()
    }
}

/// Runs one repair statement and notes how many rows it fixed.
fn fix(
    tx: &rusqlite::Transaction<'_>,
    repaired: &mut Vec<String>,
    sql: &str,
    what: &str,
) -> Result<()> {
    let count = tx.execute(sql, [])?;
    if count > 0 {
        repaired.push(format!("{count} {what}"));
    }
    Ok(())
}

/// The note type [`recover_missing_notetypes`] makes: `fields` fields named "Field 1",
/// "Field 2", ..., and `templates` templates, each with the first field on the front and all
/// of them on the back, so every card of the notes keeps a template and its history.
fn recovery_notetype(name: String, fields: usize, templates: usize) -> NewNotetype {
    let fields: Vec<String> = (1..=fields.max(1)).map(|n| format!("Field {n}")).collect();
    let rest: Vec<String> = fields[1..].iter().map(|f| format!("{{{{{f}}}}}")).collect();
    let mut answer = String::from("{{FrontSide}}");
    if !rest.is_empty() {
        answer.push_str("\n\n<hr id=answer>\n\n");
        answer.push_str(&rest.join("<br>\n"));
    }
    let templates = (1..=templates.max(1))
        .map(|n| Template {
            name: format!("Card {n}"),
            question_format: format!("{{{{{}}}}}", fields[0]),
            answer_format: answer.clone(),
        })
        .collect();
    NewNotetype {
        name,
        kind: NotetypeKind::Standard,
        fields,
        templates,
        css: String::new(),
    }
}

/// Gives notes whose note type no longer exists one, as Anki's Check Database does: a
/// standard note type wide enough for their fields, with a template for each card they
/// have, so neither their text nor a card's history is lost and every screen can show them.
/// An existing "Recovered" of that shape is reused; one of another shape is left alone.
fn recover_missing_notetypes(
    tx: &Transaction<'_>,
    repaired: &mut Vec<String>,
    now: i64,
) -> Result<()> {
    // Fields and templates of the lost note type could never be used again, and they would
    // collide with those of a note type given its id.
    fix(
        tx,
        repaired,
        "DELETE FROM fields WHERE notetype_id NOT IN (SELECT id FROM notetypes)",
        "fields of note types that no longer exist deleted",
    )?;
    fix(
        tx,
        repaired,
        "DELETE FROM templates WHERE notetype_id NOT IN (SELECT id FROM notetypes)",
        "card templates of note types that no longer exist deleted",
    )?;
    let (notes, widest, templates_needed): (usize, usize, usize) = tx.query_row(
        "SELECT count(*),
                coalesce(max(length(fields) - length(replace(fields, char(31), '')) + 1), 0),
                coalesce((SELECT max(ord) + 1 FROM cards WHERE note_id IN
                    (SELECT id FROM notes WHERE notetype_id NOT IN (SELECT id FROM notetypes))), 1)
         FROM notes WHERE notetype_id NOT IN (SELECT id FROM notetypes)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    if notes == 0 {
        return Ok(());
    }
    let mut suffix = 1;
    let (id, made, name) = loop {
        let name = match suffix {
            1 => RECOVERED_NOTETYPE.to_string(),
            n => format!("{RECOVERED_NOTETYPE} {n}"),
        };
        let existing: Option<i64> = tx
            .query_row("SELECT id FROM notetypes WHERE name = ?1", [&name], |r| {
                r.get(0)
            })
            .optional()?;
        match existing {
            None => {
                let notetype = recovery_notetype(name.clone(), widest, templates_needed);
                break (insert_notetype(tx, &notetype, now)?, true, name);
            }
            Some(id) => {
                let fits = load_notetype(tx, id)?.is_some_and(|n| {
                    n.kind == NotetypeKind::Standard
                        && n.fields.len() >= widest
                        && n.templates.len() >= templates_needed
                });
                if fits {
                    break (id, false, name);
                }
            }
        }
        suffix += 1;
    };
    tx.execute(
        "UPDATE notes SET notetype_id = ?1 WHERE notetype_id NOT IN (SELECT id FROM notetypes)",
        params![id],
    )?;
    let new = if made { "new " } else { "" };
    repaired.push(format!(
        "{notes} notes whose note type was missing moved to the {new}note type {name:?}"
    ));
    Ok(())
}

/// Deletes the cards of cloze note `note_id` whose number none of its deletions has (Anki
/// would show them as empty cards; this is its "Empty Cards" for them). A note left without
/// any gets the cards its deletions make, as an edit would, in the deck of those it lost, so
/// its text is not deleted with them. Returns the cards deleted and made.
fn remove_clozeless_cards(
    tx: &Transaction<'_>,
    note_id: i64,
    ordinals: &[u32],
    now: i64,
) -> Result<(usize, usize)> {
    let cards: Vec<(i64, u32, i64)> = tx
        .prepare_cached("SELECT id, ord, deck_id FROM cards WHERE note_id = ?1 ORDER BY id")?
        .query_map([note_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let stale: Vec<&(i64, u32, i64)> = cards
        .iter()
        .filter(|(_, ord, _)| !ordinals.contains(ord))
        .collect();
    let Some(&&(_, _, deck_id)) = stale.first() else {
        return Ok((0, 0));
    };
    let mut delete = tx.prepare_cached("DELETE FROM cards WHERE id = ?1")?;
    for (id, _, _) in &stale {
        delete.execute([id])?;
    }
    if stale.len() < cards.len() {
        return Ok((stale.len(), 0));
    }
    insert_cards(tx, note_id, deck_id, ordinals, now)?;
    Ok((stale.len(), ordinals.len()))
}

/// Seconds since the epoch, for the rows a check makes; the check has no clock of its own.
fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Collection {
    pub fn check(&mut self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let problems = self
            .conn
            .prepare("PRAGMA integrity_check")
            .and_then(|mut check| {
                check
                    .query_map([], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()
            });
        report.integrity = match problems {
            Ok(problems) => problems.join("; "),
            // Damage bad enough that the check cannot walk the file is its finding too.
            Err(error) if is_damage(&error) => error.to_string(),
            Err(error) => return Err(error.into()),
        };
        if report.integrity != "ok" {
            report.unrepaired.push(format!(
                "the database file is damaged: {}",
                report.integrity
            ));
            return Ok(report);
        }
        let now = unix_now();
        let (repaired, unrepaired) = self.transact(|tx| {
            let (mut repaired, mut unrepaired) = (Vec::new(), Vec::new());
            fix(tx, &mut repaired, "DELETE FROM cards WHERE note_id NOT IN (SELECT id FROM notes)", "cards without a note deleted")?;
            fix(tx, &mut repaired, "INSERT OR IGNORE INTO decks (name, created_at) SELECT 'Default', 0
                 WHERE EXISTS (SELECT 1 FROM cards WHERE deck_id NOT IN (SELECT id FROM decks))",
                "missing Default deck created",
            )?;
            fix(tx, &mut repaired, "UPDATE cards SET deck_id = (SELECT id FROM decks WHERE name = 'Default')
                 WHERE deck_id NOT IN (SELECT id FROM decks)",
                "cards in a missing deck moved to Default",
            )?;
            fix(tx, &mut repaired, "DELETE FROM revlog WHERE card_id NOT IN (SELECT id FROM cards)", "review log rows without a card deleted")?;
            recover_missing_notetypes(tx, &mut repaired, now)?;
            fix(tx, &mut repaired, "UPDATE cards SET ease_permille = 1300 WHERE ease_permille < 1300",
                "cards with an ease below 1.3 raised to 1.3",
            )?;
            fix(tx, &mut repaired, "UPDATE cards SET queue = ctype WHERE queue NOT IN (-1, 0, 1, 2) OR (queue >= 0 AND queue != ctype)",
                "cards whose queue did not match their state reset",
            )?;
            let notes: Vec<(i64, i64, String)> = tx
                .prepare("SELECT id, notetype_id, fields FROM notes")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let (mut padded, mut overfull, mut cardless, mut templateless) = (0, 0, 0, 0);
            let (mut clozeless, mut cards_made) = (0, 0);
            for (id, notetype_id, fields) in notes {
                let Some(notetype) = load_notetype(tx, notetype_id)? else { continue };
                let mut values: Vec<String> = fields.split(FIELD_SEPARATOR).map(String::from).collect();
                let wanted = notetype.fields.len();
                let extra_text = values.iter().skip(wanted).any(|v| !v.is_empty());
                if extra_text {
                    overfull += 1;
                } else if values.len() != wanted {
                    values.resize(wanted, String::new());
                    tx.execute(
                        "UPDATE notes SET fields = ?2 WHERE id = ?1",
                        rusqlite::params![id, values.join("\u{1f}")],
                    )?;
                    padded += 1;
                }
                let ordinals = notetype.card_ordinals(&values);
                if ordinals.is_empty() {
                    cardless += 1;
                } else if notetype.kind == NotetypeKind::Cloze {
                    let (deleted, made) = remove_clozeless_cards(tx, id, &ordinals, now)?;
                    clozeless += deleted;
                    cards_made += made;
                }
                if notetype.kind == NotetypeKind::Standard {
                    templateless += tx.execute(
                        "DELETE FROM cards WHERE note_id = ?1 AND ord >= ?2",
                        rusqlite::params![id, notetype.templates.len()],
                    )?;
                }
            }
            if templateless > 0 {
                repaired.push(format!("{templateless} cards whose template no longer exists deleted"));
            }
            if clozeless > 0 {
                repaired.push(format!("{clozeless} cloze cards whose cloze number is no longer in the note deleted"));
            }
            if cards_made > 0 {
                repaired.push(format!("{cards_made} cards made for the cloze numbers of notes left without a card"));
            }
            if padded > 0 {
                repaired.push(format!("{padded} notes with the wrong number of fields fixed"));
            }
            if overfull > 0 {
                unrepaired.push(format!(
                    "{overfull} notes have text in more fields than their note type has; edit them"
                ));
            }
            if cardless > 0 {
                unrepaired.push(format!("{cardless} notes whose fields make no card; edit them"));
            }
            fix(tx, &mut repaired, "DELETE FROM notes WHERE id NOT IN (SELECT note_id FROM cards)", "notes without cards deleted")?;
            let stale_totals: i64 = tx.query_row(
                "SELECT count(DISTINCT deck_id) FROM (
                     SELECT * FROM (SELECT deck_id, count(*), count(DISTINCT note_id) FROM cards GROUP BY deck_id
                                    EXCEPT SELECT deck_id, cards, notes FROM deck_totals)
                     UNION ALL
                     SELECT * FROM (SELECT deck_id, cards, notes FROM deck_totals
                                    WHERE cards > 0 OR deck_id NOT IN (SELECT id FROM decks)
                                    EXCEPT SELECT deck_id, count(*), count(DISTINCT note_id) FROM cards GROUP BY deck_id))",
                [],
                |r| r.get(0),
            )?;
            if stale_totals > 0 {
                recount_deck_totals(tx)?;
                repaired.push(format!("{stale_totals} decks whose totals were wrong recounted"));
            }
            Ok((repaired, unrepaired))
        })?;
        report.repaired = repaired;
        report.unrepaired = unrepaired;
        // Every reference the schema has is repaired above; this is for one it gains later.
        let dangling: Vec<(String, i64)> = self
            .conn
            .prepare(r#"SELECT "table", count(*) FROM pragma_foreign_key_check GROUP BY "table" ORDER BY "table""#)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (table, count) in dangling {
            report.unrepaired.push(format!(
                "{count} rows of table {table} point at rows that do not exist"
            ));
        }
        Ok(report)
    }
}
