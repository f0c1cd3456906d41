//! `spool check`: verifies the database and repairs what it safely can.

use serde::Serialize;

use super::decks::recount_deck_totals;
use super::notetypes::load_notetype;
use super::{Collection, FIELD_SEPARATOR, NotetypeKind};
use crate::error::Result;

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

impl Collection {
    pub fn check(&mut self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let problems: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        report.integrity = problems.join("; ");
        if report.integrity != "ok" {
            report.unrepaired.push(format!(
                "the database file is damaged: {}",
                report.integrity
            ));
            return Ok(report);
        }
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
                if notetype.card_ordinals(&values).is_empty() {
                    cardless += 1;
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
        let fk_problems: i64 =
            self.conn
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
        if fk_problems > 0 {
            report.unrepaired.push(format!(
                "{fk_problems} rows point at rows that do not exist"
            ));
        }
        Ok(report)
    }
}
