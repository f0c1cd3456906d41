//! The SQLite collection: schema migrations, queries and transactions.
//!
//! One [`Collection`] owns the only writing connection to a collection file. Durability is
//! WAL with `synchronous=FULL`: a write method returns only after its WAL frames are fsynced
//! (`tests/durability.rs`).
//! Automatic checkpoints are off so no answer pays for one; [`Collection::checkpoint`] runs
//! them when the caller is idle (and on drop).

mod backup;
mod cards;
mod check;
mod config;
mod decks;
mod export;
mod file_lock;
mod import;
mod media;
mod migrations;
mod notes;
mod notetypes;
mod read_only;
mod revlog;
mod scratch;
pub mod search;
mod stats;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::mpsc::RecvTimeoutError;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};

pub use crate::scheduler::ReviewKind;
pub use backup::{CheckedBackup, check_backup, remove_unfinished_backups};
pub use cards::{Card, CardId, CardQueue, CardState};
pub use check::CheckReport;
pub use config::{BackupSettings, Settings, Theme};
pub use decks::{Deck, DeckCounts, DeckId};
pub use export::ExportSelection;
pub use import::{ImportProgress, ImportReport, ImportSettings, ImportStage};
pub use media::MediaEntry;
pub use migrations::SCHEMA_VERSION;
pub use notes::{FIELD_SEPARATOR, NewNote, Note, NoteId};
pub use notetypes::{NewNotetype, Notetype, NotetypeId};
// The shared vocabulary, re-exported so the store's callers find it beside the store's types.
pub use crate::vocabulary::{
    DECK_SEPARATOR, DEFAULT_DECK_NAME, NotetypeKind, StockNotetype, Template,
    is_same_or_descendant, normalize_deck_name, split_tags,
};
pub use revlog::{Answered, CardAnswer, ReviewEntry};
pub use search::FoundCard;
pub use stats::{CardCounts, Stats};

/// Marks a SQLite file as a Spool collection (`PRAGMA application_id`, "SPOL").
const APPLICATION_ID: i64 = 0x5350_4f4c;

pub struct Collection {
    conn: Connection,
    /// The path the collection was opened by, for messages and its media folder.
    path: PathBuf,
    /// The database file's own path, links followed, where SQLite opens it.
    resolved: PathBuf,
    /// The file or its folder cannot be written: opened for reading only, every write is
    /// refused with [`Error::ReadOnly`], and nothing is made beside the file.
    read_only: bool,
    /// Declared last so it is closed last, after SQLite's connection (see `file_lock`).
    _lock: File,
}

impl std::fmt::Debug for Collection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Collection")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Collection {
    /// Opens the collection at `path`, creating it if the file does not exist yet (its
    /// directory must). Older schemas are upgraded; newer ones and foreign files are refused.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let io_err = |source| Error::Io {
            path: path.clone(),
            error: source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            return Err(io_err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("directory {} does not exist", dir.display()),
            )));
        }
        if let Ok(meta) = std::fs::metadata(&path)
            && !meta.is_file()
        {
            // Opening a FIFO would wait for a writer forever; a device is no collection.
            let reason = if meta.is_dir() {
                "it is a directory"
            } else {
                "it is not a regular file"
            };
            return Err(Error::NotACollection {
                path,
                reason: reason.into(),
            });
        }
        let locked = file_lock::lock(&path)?;
        let made = locked.created.then(|| locked.resolved.clone());
        let opened = Self::open_locked(path, locked.resolved, locked.lock);
        if let (Err(_), Some(made)) = (&opened, made) {
            // Leave nothing behind for a file that was refused.
            file_lock::remove_made(&made);
        }
        opened
    }

    fn open_locked(path: PathBuf, resolved: PathBuf, lock: File) -> Result<Self> {
        let read_only = read_only::cannot_write(&resolved);
        let conn = if read_only {
            read_only::connect(&path, &resolved)?
        } else {
            Connection::open_with_flags(
                &resolved,
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| classify_open_error(&path, e))?
        };
        let version = migrations::checked_version(&conn, &path).map_err(|e| match e {
            Error::Sqlite(e) => classify_open_error(&path, e),
            other => other,
        })?;
        let mut collection = Collection {
            conn,
            path,
            resolved,
            read_only,
            _lock: lock,
        };
        if read_only {
            read_only::check_version(&collection.path, version)?;
            return Ok(collection);
        }
        let path = collection.path.clone();
        let in_collection = |error: Error| error.in_collection(&path);
        collection.configure().map_err(in_collection)?;
        migrations::apply(&mut collection.conn, version).map_err(in_collection)?;
        collection.recover_staged_media().map_err(in_collection)?;
        collection.remove_scratch();
        Ok(collection)
    }

    /// Whether the collection was opened for reading only, because its file or folder
    /// cannot be written.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Refuses a change to a read-only collection before any of it starts, so nothing
    /// (a staged media file, say) is left half-made.
    pub fn ensure_writable(&self) -> Result<()> {
        if self.read_only {
            return Err(Error::ReadOnly {
                path: self.path.clone(),
            });
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder beside the collection file that holds its media.
    pub fn media_dir(&self) -> PathBuf {
        let mut name = self.path.file_stem().unwrap_or_default().to_os_string();
        name.push(".media");
        self.path.with_file_name(name)
    }

    fn configure(&self) -> Result<()> {
        let classify = |e| classify_open_error(&self.path, e);
        // journal_mode answers with a row, so it cannot go through execute_batch.
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(classify)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::Io {
                path: self.path.clone(),
                error: std::io::Error::other(format!(
                    "the file system does not support SQLite's WAL mode (got {mode})"
                )),
            });
        }
        // cell_size_check: a page whose cells overrun it is refused as damaged when it is
        // read, before a statement reads rows out of the garbage or writes beside it (so an
        // answer to a damaged cards page fails instead of being recorded); it costs a bounds
        // check per page read, not a scan of the file.
        self.conn
            .execute_batch(
                "PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA busy_timeout = 5000;
             PRAGMA wal_autocheckpoint = 0;
             PRAGMA cache_size = -16000;
             PRAGMA cell_size_check = ON;",
            )
            .map_err(classify)
    }

    /// Rows this process has written since it opened the collection: a change counter, so
    /// a caller can tell whether anything changed between two moments.
    pub fn rows_written(&self) -> u64 {
        self.conn.total_changes()
    }

    /// Copies the write-ahead log into the main file. Call when idle; answers never wait on it.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Starts a thread that checkpoints the WAL every `every`, on its own connection, so a
    /// long session keeps the log short without any answer waiting for it. Stops on drop,
    /// after one last checkpoint.
    pub fn spawn_checkpointer(&self, every: std::time::Duration) -> Result<Checkpointer> {
        if self.read_only {
            // Nothing is written, so there is no log to keep short.
            return Ok(Checkpointer {
                stop: None,
                thread: None,
            });
        }
        let conn = Connection::open_with_flags(&self.resolved, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("spool-checkpoint".into())
            .spawn(move || {
                loop {
                    let stopping =
                        !matches!(stopped.recv_timeout(every), Err(RecvTimeoutError::Timeout));
                    // PASSIVE never blocks writers; whatever it cannot copy now waits for the next round.
                    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                    if stopping {
                        break;
                    }
                }
            })
            .map_err(|error| Error::Io {
                path: self.path.clone(),
                error,
            })?;
        Ok(Checkpointer {
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Runs `f` inside one transaction: all of its writes land, or none do.
    pub fn transact<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        self.ensure_writable()?;
        let path = self.path.clone();
        let in_collection = |error: Error| error.in_collection(&path);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| in_collection(e.into()))?;
        let value = f(&tx).map_err(in_collection)?;
        tx.commit().map_err(|e| in_collection(e.into()))?;
        Ok(value)
    }
}

/// The background checkpoint thread of [`Collection::spawn_checkpointer`].
pub struct Checkpointer {
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Collection {
    fn drop(&mut self) {
        if self.read_only {
            return;
        }
        // Best effort: a failed checkpoint leaves a valid WAL that the next open replays.
        let _ = self.checkpoint();
        self.remove_scratch();
    }
}

fn classify_open_error(path: &Path, err: rusqlite::Error) -> Error {
    match err.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => Error::Sqlite(err).in_collection(path),
        Some(rusqlite::ErrorCode::NotADatabase) => Error::NotACollection {
            path: path.to_path_buf(),
            reason: "the file is not an SQLite database".into(),
        },
        Some(
            rusqlite::ErrorCode::CannotOpen
            | rusqlite::ErrorCode::PermissionDenied
            | rusqlite::ErrorCode::ReadOnly,
        ) => Error::Io {
            path: path.to_path_buf(),
            error: std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "cannot open for reading and writing",
            ),
        },
        _ => Error::Sqlite(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn background_checkpoints_copy_the_wal_into_the_main_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.spool");
        let mut collection = Collection::open(&path).unwrap();
        // Short enough to sit in one page, so it appears contiguously in the file.
        let marker = "checkpointed-marker-".repeat(10);
        let main_file_has_marker = || {
            let bytes = std::fs::read(&path).unwrap();
            bytes.windows(marker.len()).any(|w| w == marker.as_bytes())
        };
        let checkpointer = collection
            .spawn_checkpointer(std::time::Duration::from_secs(3600))
            .unwrap();
        collection.set_config_value("k", &marker).unwrap();
        assert!(
            !main_file_has_marker(),
            "the answer path itself must not checkpoint"
        );
        drop(checkpointer);
        assert!(main_file_has_marker());
    }

    #[test]
    fn durability_settings_are_in_force() {
        let dir = tempfile::tempdir().unwrap();
        let collection = Collection::open(dir.path().join("c.spool")).unwrap();
        let pragma = |name: &str| -> i64 {
            collection
                .conn
                .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(pragma("synchronous"), 2, "FULL: every commit syncs the WAL");
        assert_eq!(pragma("foreign_keys"), 1);
        assert_eq!(
            pragma("wal_autocheckpoint"),
            0,
            "checkpoints are off the answer path"
        );
        let mode: String = collection
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}
