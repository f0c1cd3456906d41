//! Backup files: consistent snapshots of the collection, checked before they count, and
//! restoring one in place of the collection.
//!
//! A snapshot goes through SQLite's online backup API, never a copy of the file: with WAL the
//! file alone misses every commit not yet checkpointed, and a copy taken mid-checkpoint is
//! torn. The snapshot is one read transaction, so it is the collection as of one commit.
//! When and how often backups are made, and which are kept, is the app's policy
//! (`app::backup`); this module only writes, checks and reads the files.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::{APPLICATION_ID, Collection, migrations};
use crate::error::{Error, Result};

/// A backup file whose contents were checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedBackup {
    pub path: PathBuf,
    pub size_bytes: u64,
    pub schema_version: i64,
}

impl Collection {
    /// Writes a snapshot of the collection to `dest`, which must not exist yet.
    ///
    /// It is written under a temporary name beside `dest`, reopened and `quick_check`ed,
    /// synced, and only then renamed to `dest`: a file at `dest` is always a whole, checked
    /// backup, and a snapshot that fails the check is deleted and reported.
    pub fn write_backup(&self, dest: &Path) -> Result<CheckedBackup> {
        let failed = |reason: String| Error::BackupFailed {
            path: dest.to_path_buf(),
            reason,
        };
        if dest.exists() {
            return Err(failed("a file of that name already exists".into()));
        }
        let partial = partial_path(dest);
        let written = self
            .snapshot_into(&partial)
            .and_then(|()| check_backup(&partial))
            .and_then(|checked| {
                sync_file(&partial)?;
                fs::rename(&partial, dest).map_err(|error| Error::Io {
                    path: dest.to_path_buf(),
                    error,
                })?;
                if let Some(folder) = dest.parent() {
                    sync_file(folder)?;
                }
                Ok(CheckedBackup {
                    path: dest.to_path_buf(),
                    ..checked
                })
            });
        if written.is_err() {
            let _ = fs::remove_file(&partial);
        }
        written.map_err(|error| match error {
            Error::BackupFailed { .. } => error,
            Error::UnusableBackup { reason, .. } => {
                failed(format!("the copy failed its check: {reason}"))
            }
            other => failed(other.to_string()),
        })
    }

    fn snapshot_into(&self, partial: &Path) -> Result<()> {
        let _ = fs::remove_file(partial);
        let mut dest = Connection::open(partial)?;
        {
            let backup = Backup::new(&self.conn, &mut dest)?;
            // All pages in one step: one read transaction, so one consistent state.
            match backup.step(-1)? {
                StepResult::Done => {}
                other => {
                    return Err(Error::BackupFailed {
                        path: partial.to_path_buf(),
                        reason: format!("SQLite's backup stopped early ({other:?})"),
                    });
                }
            }
        }
        // A backup is one self-contained file: no WAL beside it to lose or leave behind.
        dest.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
        dest.close().map_err(|(_, error)| Error::Sqlite(error))
    }

    /// Replaces the collection's contents with the backup at `backup`, in one transaction: a
    /// crash part-way leaves the collection as it was. The backup is checked first; an older
    /// schema is upgraded after.
    pub fn restore_backup(&mut self, backup: &Path) -> Result<CheckedBackup> {
        let checked = check_backup(backup)?;
        let source = open_backup_read_only(backup)?;
        {
            let restore = Backup::new(&source, &mut self.conn)?;
            match restore.step(-1)? {
                StepResult::Done => {}
                other => {
                    return Err(Error::UnusableBackup {
                        path: backup.to_path_buf(),
                        reason: format!("it could not be copied in ({other:?})"),
                    });
                }
            }
        }
        // The copied header says DELETE; the live collection stays in WAL mode.
        self.configure()?;
        migrations::apply(&mut self.conn, checked.schema_version)?;
        Ok(checked)
    }
}

/// Opens the backup at `path` and checks that it is a whole Spool collection this Spool can
/// open, without writing to it or leaving any file beside it.
pub fn check_backup(path: &Path) -> Result<CheckedBackup> {
    let failed = |reason: String| Error::UnusableBackup {
        path: path.to_path_buf(),
        reason,
    };
    let size_bytes = fs::metadata(path)
        .map_err(|error| failed(error.to_string()))?
        .len();
    if size_bytes == 0 {
        return Err(failed("the file is empty".into()));
    }
    let conn = open_backup_read_only(path)?;
    let verdict: String = conn
        .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .map_err(|error| failed(format!("it cannot be read as a collection ({error})")))?;
    if verdict != "ok" {
        return Err(failed(format!("it is damaged ({verdict})")));
    }
    let application_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if application_id != APPLICATION_ID {
        return Err(failed("it is not a Spool collection".into()));
    }
    let schema_version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if !(1..=migrations::SCHEMA_VERSION).contains(&schema_version) {
        return Err(failed(format!(
            "its schema version {schema_version} is not one this Spool can open"
        )));
    }
    Ok(CheckedBackup {
        path: path.to_path_buf(),
        size_bytes,
        schema_version,
    })
}

/// `immutable` because a backup is never written once made: SQLite then takes no locks and
/// makes no `-shm` or `-wal` beside it.
fn open_backup_read_only(path: &Path) -> Result<Connection> {
    let uri = format!("file:{}?immutable=1", uri_path(path));
    Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|error| Error::UnusableBackup {
        path: path.to_path_buf(),
        reason: format!("it cannot be opened ({error})"),
    })
}

/// `path` escaped for a `file:` URI, where `?`, `#` and `%` would otherwise end or change it.
pub(super) fn uri_path(path: &Path) -> String {
    let mut escaped = String::new();
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'?' | b'#' | b'%' => escaped.push_str(&format!("%{byte:02X}")),
            _ => escaped.push(byte as char),
        }
    }
    escaped
}

/// Removes what a backup that was cut off (by a crash, say) left in `folder`. Only the
/// process holding the collection's lock writes backups, so none of these is in progress.
pub fn remove_unfinished_backups(folder: &Path) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.filter_map(|entry| entry.ok()) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.ends_with(PARTIAL_SUFFIX) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

const PARTIAL_SUFFIX: &str = ".partial";

fn partial_path(dest: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(dest.file_name().unwrap_or_default());
    name.push(PARTIAL_SUFFIX);
    dest.with_file_name(name)
}

fn sync_file(path: &Path) -> Result<()> {
    File::open(path)
        .and_then(|file| file.sync_all())
        .map_err(|error| Error::Io {
            path: path.to_path_buf(),
            error,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collection_with_marker(dir: &Path, marker: &str) -> Collection {
        let mut collection = Collection::open(dir.join("c.spool")).unwrap();
        collection.set_config_value("marker", &marker).unwrap();
        collection
    }

    fn marker(collection: &Collection) -> Option<String> {
        collection.config_value("marker").unwrap()
    }

    #[test]
    fn a_backup_holds_commits_still_in_the_wal_and_is_one_checked_file() {
        let dir = tempfile::tempdir().unwrap();
        let collection = collection_with_marker(dir.path(), "before");
        let dest = dir.path().join("b.spool");
        let written = collection.write_backup(&dest).unwrap();
        assert_eq!(written.schema_version, migrations::SCHEMA_VERSION);
        assert_eq!(written.size_bytes, fs::metadata(&dest).unwrap().len());
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.starts_with('b') || name.starts_with(".b"))
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["b.spool"],
            "no WAL, journal or partial file beside it"
        );
        drop(collection);
        let reopened = Collection::open(&dest).unwrap();
        assert_eq!(marker(&reopened).as_deref(), Some("before"));
    }

    #[test]
    fn a_damaged_or_empty_or_foreign_file_fails_the_check() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.spool");
        File::create(&empty).unwrap();
        let foreign = dir.path().join("foreign.db");
        Connection::open(&foreign)
            .unwrap()
            .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        let damaged = dir.path().join("damaged.spool");
        collection_with_marker(dir.path(), "x")
            .write_backup(&damaged)
            .unwrap();
        let mut bytes = fs::read(&damaged).unwrap();
        let page = 4096;
        bytes[page..page * 3].fill(0xA5);
        fs::write(&damaged, bytes).unwrap();
        for (path, expected) in [
            (&empty, "the file is empty"),
            (&foreign, "not a Spool collection"),
            (&damaged, "damaged"),
        ] {
            let message = check_backup(path).unwrap_err().to_string();
            assert!(message.contains(expected), "{}: {message}", path.display());
            assert!(message.contains(&path.display().to_string()), "{message}");
        }
    }

    #[test]
    fn a_backup_is_never_written_over_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let collection = collection_with_marker(dir.path(), "x");
        let dest = dir.path().join("b.spool");
        fs::write(&dest, b"mine").unwrap();
        assert!(collection.write_backup(&dest).is_err());
        assert_eq!(fs::read(&dest).unwrap(), b"mine");
    }

    #[test]
    fn restoring_brings_back_the_backed_up_state_and_keeps_wal_mode() {
        let dir = tempfile::tempdir().unwrap();
        let mut collection = collection_with_marker(dir.path(), "old");
        let dest = dir.path().join("b.spool");
        collection.write_backup(&dest).unwrap();
        collection.set_config_value("marker", &"new").unwrap();
        collection.restore_backup(&dest).unwrap();
        assert_eq!(marker(&collection).as_deref(), Some("old"));
        let mode: String = collection
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        drop(collection);
        let reopened = Collection::open(dir.path().join("c.spool")).unwrap();
        assert_eq!(marker(&reopened).as_deref(), Some("old"));
    }

    #[test]
    fn a_damaged_backup_is_not_restored() {
        let dir = tempfile::tempdir().unwrap();
        let mut collection = collection_with_marker(dir.path(), "kept");
        let dest = dir.path().join("b.spool");
        fs::write(&dest, b"SQLite format 3\0 but not really").unwrap();
        assert!(collection.restore_backup(&dest).is_err());
        assert_eq!(marker(&collection).as_deref(), Some("kept"));
    }

    #[test]
    fn uri_paths_escape_query_and_fragment_marks() {
        assert_eq!(uri_path(Path::new("/a?b#c%d")), "/a%3Fb%23c%25d");
    }
}
