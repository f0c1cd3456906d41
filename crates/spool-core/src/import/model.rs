//! What every reader produces: an [`ImportBatch`] in Spool's own terms (SM-2 schedules,
//! Spool review-log rows), which the store writes in one transaction. Each reader
//! translates its format into these terms itself. Records refer to each other by index into the batch's vectors
//! (`Note::notetype` indexes `ImportBatch::notetypes`, and so on). Readers check every index
//! before returning, so consumers may index without further checks.

use std::path::{Path, PathBuf};

use crate::scheduler::Schedule;
use crate::vocabulary::ReviewRecord;

/// Everything read from one file, in Spool's terms.
#[derive(Debug)]
pub struct ImportBatch {
    pub source: SourceInfo,
    pub notetypes: Vec<Notetype>,
    pub decks: Vec<Deck>,
    pub notes: Vec<Note>,
    /// Scheduled cards. Empty for text imports: the store generates their cards from templates.
    pub cards: Vec<Card>,
    /// Oldest first per card.
    pub revlog: Vec<Review>,
    pub media: Vec<MediaFile>,
    pub existing_notes: ExistingNotes,
}

/// How far a batch decides about notes the collection already has (same GUID).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExistingNotes {
    /// Fields and tags follow the batch; a note under another note type is left alone, as
    /// Anki does, and demos stay.
    Merge,
    /// The file owns its notes (Spool deck files): they also take its note type, dropping
    /// cards of templates that one lacks, and its demo.
    Replace,
}

/// Where a batch came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    pub path: PathBuf,
    pub format: SourceFormat,
    /// Text imports: the names the file gives the field columns (`#columns:` or a CSV header
    /// row), in the order of [`Note::fields`], so the store can match them to note type
    /// fields. Empty when the file names none, and for packages.
    pub field_labels: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// An `.apkg` (shared deck) or, when `whole_collection`, a `.colpkg` (collection backup).
    AnkiPackage {
        version: PackageVersion,
        whole_collection: bool,
    },
    /// Anki's "Notes in Plain Text" export, with `#key:value` header lines.
    AnkiText,
    /// A plain CSV or TSV file.
    Csv,
    /// A Spool deck file (`decks/*.toml`).
    SpoolDeck,
}

/// Which collection file a package holds; Anki's `PackageMetadata.Version`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageVersion {
    /// `collection.anki2`, schema 11, no `meta` entry (Anki before 2.1.22, genanki).
    Legacy1,
    /// `collection.anki21`, schema 11 (Anki 2.1.22+, or later Anki's "support older versions").
    Legacy2,
    /// `collection.anki21b`: zstd-compressed schema 18, zstd-compressed media (Anki 2.1.50+).
    Latest,
}

/// A note type: the fields a note has and the cards it makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notetype {
    /// Its id in the source collection; `None` for text imports.
    pub source_id: Option<i64>,
    pub name: String,
    /// `None` when the source only names the note type (text imports): the store must match
    /// it by name against an existing note type.
    pub definition: Option<NotetypeDefinition>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotetypeDefinition {
    pub kind: NotetypeKind,
    /// Field names in order; a note's `fields` follow this order.
    pub fields: Vec<String>,
    /// Card templates in order; a card's `template` indexes this list (except for cloze).
    pub templates: Vec<Template>,
    pub css: String,
}

/// For cloze note types a card's `template` is its cloze number minus one.
pub use crate::vocabulary::{NotetypeKind, Template};

/// A deck, named by its full path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deck {
    /// Its id in the source collection; `None` for text imports.
    pub source_id: Option<i64>,
    /// Full name with `::` between levels, e.g. `Languages::Japanese`.
    pub name: String,
    /// A filtered (dynamic) deck. Cards are never placed in one: they are listed in their home
    /// deck, as Anki does when it moves cards out of a filtered deck.
    pub filtered: bool,
    /// HTML the deck's description becomes; `None` leaves an existing deck's as it is.
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Its id in the source collection; `None` for text imports.
    pub source_id: Option<i64>,
    /// Anki's globally unique note id, used to recognise a note imported twice. `None` when a
    /// text file has no guid column: the store assigns one.
    pub guid: Option<String>,
    /// Index into [`ImportBatch::notetypes`].
    pub notetype: usize,
    /// Field contents with their HTML, in the note type's field order.
    pub fields: Vec<String>,
    pub tags: Vec<String>,
    /// Last modification, unix seconds; `None` for text imports.
    pub modified: Option<i64>,
    /// Index into [`ImportBatch::decks`] for the cards the store generates from this note;
    /// set by text imports only (package cards carry their own deck).
    pub deck: Option<usize>,
    /// Text imports: the line the note's row is on, so messages can point at it.
    pub line: Option<u64>,
    /// The demo the note's card can run; only written with [`ExistingNotes::Replace`].
    pub demo: Option<String>,
}

/// A card with its schedule in Spool's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// Index into [`ImportBatch::notes`].
    pub note: usize,
    /// Template ordinal (cloze number minus one for cloze note types).
    pub template: u16,
    /// Index into [`ImportBatch::decks`]: the card's home deck.
    pub deck: usize,
    /// For new cards, `due_day` is the card's place among the batch's new cards, counted
    /// from 0; the store puts them after the collection's own new cards.
    pub schedule: Schedule,
}

/// One review log row of a batch card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// Index into [`ImportBatch::cards`].
    pub card: usize,
    pub record: ReviewRecord,
}

/// A media file, copied out of the package into a temporary file that is deleted when this
/// value is dropped.
#[derive(Debug)]
pub struct MediaFile {
    /// A plain file name, checked to be safe on every platform.
    pub name: String,
    pub sha1: [u8; 20],
    pub size: u64,
    pub staged: tempfile::TempPath,
}

impl MediaFile {
    /// The temporary file holding the contents.
    pub fn path(&self) -> &Path {
        &self.staged
    }

    /// The SHA-1 as lowercase hex.
    pub fn sha1_hex(&self) -> String {
        self.sha1.iter().map(|byte| format!("{byte:02x}")).collect()
    }
}
