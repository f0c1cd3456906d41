//! Importers, one file per format. Each reads a file into a validated [`ImportBatch`] in
//! Spool's terms without touching the collection; writing a batch into the store is a
//! separate step.
//!
//! - [`read_package`]: Anki `.apkg` / `.colpkg` files of every version, read in Anki's terms
//!   ([`anki::AnkiPackage`]) and then translated.
//! - [`read_anki_text`]: Anki's "Notes in Plain Text" export.
//! - [`read_csv`]: plain CSV / TSV.
//! - [`spool_deck::parse`]: Spool's own deck files (`decks/*.toml`).

mod anki_text;
mod apkg;
mod csv;
mod error;
mod fields;
pub mod model;
pub mod spool_deck;
mod text_rows;

pub use anki_text::{AnkiTextOptions, read_anki_text, scan_anki_text};
pub use apkg::{StudyCalendar, anki, read_package};
pub use csv::{ColumnRole, CsvOptions, Separator, read_csv, scan_csv};
pub use text_rows::{NoteStream, TextNotes};

pub use error::{ImportError, Problem};
pub use model::ImportBatch;

/// Bounds on what an import may consume, so a hostile file fails cleanly instead of
/// exhausting memory or disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Total bytes all zip entries of a package may expand to.
    pub max_total_bytes: u64,
    /// How many times its compressed size one zip entry (after any zstd layer) may expand to.
    pub max_compression_ratio: u64,
    /// Entries a zip archive may list.
    pub max_entries: usize,
    /// Bytes one note field may hold.
    pub max_field_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_total_bytes: 4 << 30,
            // Deflate cannot exceed about 1032:1, so this only stops zstd payloads and
            // nested tricks; the total size limit is the main guard.
            max_compression_ratio: 1_000,
            // Large shared decks carry tens of thousands of media files.
            max_entries: 200_000,
            max_field_bytes: 1 << 20,
        }
    }
}
