//! Import errors: each one names the file and says what is wrong and where inside it.

use std::path::PathBuf;

/// An import failed. Displays as one line: `<file>: <problem>`.
#[derive(Debug, thiserror::Error)]
#[error("{}: {problem}", file.display())]
pub struct ImportError {
    /// The file being imported.
    pub file: PathBuf,
    pub problem: Problem,
}

/// What went wrong while reading a file, and where inside it.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),

    #[error("not a zip archive (an Anki package is a zip file)")]
    NotAZip,
    #[error("damaged or truncated zip archive: {0}")]
    DamagedZip(String),
    #[error("zip entry {entry:?} is damaged: {reason}")]
    DamagedEntry { entry: String, reason: String },
    #[error("zip archive has {count} entries, more than the limit of {limit}")]
    TooManyEntries { count: usize, limit: usize },
    #[error(
        "zip entry {entry:?} expands past the limit of {limit} bytes for the whole package; refusing a possible zip bomb"
    )]
    TotalSizeLimit { entry: String, limit: u64 },
    #[error(
        "zip entry {entry:?} expands more than {ratio} times its compressed size; refusing a possible zip bomb"
    )]
    CompressionRatioLimit { entry: String, ratio: u64 },
    #[error("zip entry {entry:?} is larger than {limit} bytes, too large to hold in memory")]
    EntryTooLarge { entry: String, limit: u64 },
    #[error(
        "the media list is larger than {limit} bytes, more than a package of {entries} zip entries needs"
    )]
    MediaListTooLarge { limit: u64, entries: usize },
    #[error("the media list names {listed} files, but the package has only {entries} zip entries")]
    MediaListTooLong { listed: usize, entries: usize },
    #[error("package has no {entry:?} entry")]
    MissingEntry { entry: String },
    #[error(
        "package metadata has version {version}, which this Spool does not know; it was written by a newer Anki"
    )]
    PackageTooNew { version: i32 },
    #[error("{entry:?} is not valid: {reason}")]
    InvalidPackageFile { entry: String, reason: String },

    #[error("media file {name:?} (zip entry {entry:?}): unsafe name: {reason}")]
    UnsafeMediaName {
        name: String,
        entry: String,
        reason: &'static str,
    },
    #[error("media files {first:?} and {second:?} have the same name once letter case is ignored")]
    DuplicateMediaName { first: String, second: String },
    #[error("media file {name:?} (zip entry {entry:?}): {reason}")]
    MediaMismatch {
        name: String,
        entry: String,
        reason: String,
    },

    #[error("{entry} is not a readable SQLite collection: {reason}")]
    CorruptCollection { entry: String, reason: String },
    #[error(
        "{entry} has collection schema version {version}; only versions 11 and 18 are supported"
    )]
    UnsupportedSchema { entry: String, version: i64 },
    #[error("{location}: {reason}")]
    InvalidValue { location: String, reason: String },
    #[error("{location}: text is not valid UTF-8")]
    InvalidUtf8 { location: String },
    #[error("{location}: field is {size} bytes, more than the limit of {limit}")]
    FieldTooLarge {
        location: String,
        size: usize,
        limit: usize,
    },
    #[error("note {note_id}: its note type {notetype_id} is not in the package")]
    MissingNotetype { note_id: i64, notetype_id: i64 },
    #[error("note {note_id}: has {found} fields, but its note type {notetype:?} has {expected}")]
    FieldCountMismatch {
        note_id: i64,
        notetype: String,
        found: usize,
        expected: usize,
    },
    #[error("card {card_id}: its note {note_id} is not in the package")]
    MissingNote { card_id: i64, note_id: i64 },
    #[error("card {card_id}: its deck {deck_id} is not in the package")]
    MissingDeck { card_id: i64, deck_id: i64 },
    #[error("card {card_id}: template {template} does not exist in note type {notetype:?}")]
    MissingTemplate {
        card_id: i64,
        template: u16,
        notetype: String,
    },
    #[error("review log entry {entry_id}: its card {card_id} is not in the package")]
    MissingCard { entry_id: i64, card_id: i64 },

    #[error("line {line}: {reason}")]
    Malformed { line: u64, reason: String },
    #[error("line {line}: row has {found} columns, but the first row has {expected}")]
    RaggedRow {
        line: u64,
        found: usize,
        expected: usize,
    },
    #[error(
        "line {line}: the row is longer than {limit} bytes; no field may be over {max_field_bytes}"
    )]
    RowTooLong {
        line: u64,
        limit: u64,
        max_field_bytes: usize,
    },
    #[error("file is {size} bytes, more than the limit of {limit}")]
    FileTooLarge { size: u64, limit: u64 },
    #[error("{0}")]
    InvalidOptions(String),
    #[error("file has no rows to import")]
    Empty,
}

impl Problem {
    /// Attaches the file the problem was found in.
    pub fn in_file(self, file: impl Into<PathBuf>) -> ImportError {
        ImportError {
            file: file.into(),
            problem: self,
        }
    }
}
