//! The library's error type: every message is written for the person using Spool.

use std::path::{Path, PathBuf};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The I/O error is part of the message rather than a source, so it is shown once.
    #[error("{path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{path}: not a Spool collection ({reason})")]
    NotACollection { path: PathBuf, reason: String },
    #[error(
        "{path}: collection has schema version {found}, but this Spool only knows up to {supported}; upgrade Spool to open it"
    )]
    CollectionTooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "{path}: collection is open in another Spool process (by this name or another link to the same file); close it first"
    )]
    CollectionLocked { path: PathBuf },
    /// SQLite found the file's pages inconsistent: written over, truncated or mixed with
    /// another file. Nothing more is written to it.
    #[error(
        "{path}: the collection file is damaged ({detail}); run `spool check`, or restore a backup (`spool backup list`, then `spool backup restore NAME`)"
    )]
    Damaged { path: PathBuf, detail: String },
    #[error("{path}: the backup was not made: {reason}")]
    BackupFailed { path: PathBuf, reason: String },
    #[error("{path}: not a usable backup: {reason}")]
    UnusableBackup { path: PathBuf, reason: String },
    #[error(
        "{path}: the collection is read-only (the file or its folder cannot be written): Spool can browse, search and export it, but not change it"
    )]
    ReadOnly { path: PathBuf },
    #[error("no deck named {0:?}")]
    UnknownDeck(String),
    #[error("no note type named {0:?}")]
    UnknownNotetype(String),
    #[error("no card with id {0}")]
    UnknownCard(i64),
    #[error("no note with id {0}")]
    UnknownNote(i64),
    #[error("invalid note: {0}")]
    InvalidNote(String),
    #[error("invalid deck name {name:?}: {reason}")]
    InvalidDeckName { name: String, reason: &'static str },
    #[error("a deck named {0:?} already exists")]
    DeckExists(String),
    #[error("{0}")]
    Review(#[from] crate::scheduler::sm2::ReviewError),
    #[error("card {0} is suspended; unsuspend it before studying it")]
    CardSuspended(i64),
    #[error("card {0} changed since it was shown; the answer was not recorded")]
    CardChanged(i64),
    #[error("no card is being studied")]
    NoCurrentCard,
    #[error("card {0} is not the card being studied")]
    NotCurrentCard(i64),
    #[error("nothing to undo")]
    NothingToUndo,
    #[error("invalid setting {key}: {reason}")]
    InvalidSetting { key: String, reason: String },
    #[error("deck file {path}: {message}")]
    DeckFile { path: String, message: String },
    /// Not a `#[source]`, as with `Sqlite`.
    #[error("search query: {0}")]
    Search(crate::search::SearchError),
    #[error(transparent)]
    Import(#[from] crate::import::ImportError),
    #[error("media file {0}")]
    Media(String),
    /// Not a `#[source]`: the message already includes it, and a chain would repeat it.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl Error {
    /// The error for a scheduler refusal to answer card `card_id`.
    pub(crate) fn from_answer(error: crate::scheduler::AnswerError, card_id: i64) -> Self {
        match error {
            crate::scheduler::AnswerError::Review(error) => Error::Review(error),
            crate::scheduler::AnswerError::Suspended => Error::CardSuspended(card_id),
        }
    }
}

impl Error {
    /// Whether this is SQLite saying the file is damaged, rather than refusing one statement.
    pub fn is_damage(&self) -> bool {
        matches!(self, Error::Sqlite(error) if is_damage(error))
    }

    /// This error as the collection at `path` caused it: [`Error::Damaged`] with the path
    /// when SQLite found the file damaged, otherwise unchanged. The conversion from SQLite's
    /// errors cannot know the path, so callers that do name it here.
    pub fn in_collection(self, path: &Path) -> Self {
        match self {
            Error::Sqlite(error) if is_damage(&error) => Error::Damaged {
                path: path.to_path_buf(),
                detail: error.to_string(),
            },
            other => other,
        }
    }
}

/// SQLITE_CORRUPT, or SQLITE_NOTADB from a file that opened as a database: its pages no
/// longer read as one.
pub(crate) fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

impl From<crate::search::SearchError> for Error {
    fn from(error: crate::search::SearchError) -> Self {
        Error::Search(error)
    }
}

impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Self {
        Error::Sqlite(error)
    }
}
