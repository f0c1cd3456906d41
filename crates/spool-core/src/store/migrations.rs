//! Numbered schema files from `migrations/`, embedded at build time and applied in order.

use std::path::Path;

use rusqlite::Connection;

use super::APPLICATION_ID;
use crate::error::{Error, Result};

/// `(version, sql)`: applying `sql` takes a collection from `version - 1` to `version`.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../../../migrations/0001_initial.sql")),
    (
        2,
        include_str!("../../../../migrations/0002_deck_totals.sql"),
    ),
    (
        3,
        include_str!("../../../../migrations/0003_revlog_card_time.sql"),
    ),
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// The schema version of the file behind `conn`, after making sure it is a Spool collection
/// (or empty) this Spool can open. Only reads, so a foreign file is left exactly as it was.
pub(super) fn checked_version(conn: &Connection, path: &Path) -> Result<i64> {
    let not_ours = |reason: &str| Error::NotACollection {
        path: path.to_path_buf(),
        reason: reason.into(),
    };
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if app_id == 0 {
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        if tables > 0 || version != 0 {
            return Err(not_ours("it is an SQLite database of another program"));
        }
    } else if app_id != APPLICATION_ID {
        return Err(not_ours("it is an SQLite database of another program"));
    } else if version == 0 {
        // Every Spool collection records its schema version; migrating this one would run
        // over tables of unknown shape.
        return Err(not_ours(
            "it is marked as a Spool collection but has no schema version",
        ));
    }
    if version > SCHEMA_VERSION {
        return Err(Error::CollectionTooNew {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(version)
}

/// Brings a collection at schema `version` up to [`SCHEMA_VERSION`], in one transaction.
pub(super) fn apply(conn: &mut Connection, version: i64) -> Result<()> {
    if version == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
    for (target, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > version) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", target)?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consecutive_from_one() {
        for (index, (version, _)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(*version, index as i64 + 1);
        }
    }
}
