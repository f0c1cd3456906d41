//! Exporters, one file per format. Each writes an [`ExportSelection`] read from the store;
//! files are written beside the target under a temporary name and renamed into place, so a
//! failed export never leaves a half-written file.
//!
//! - [`write_apkg`]: an Anki deck package (legacy schema 11 `collection.anki21` with `meta`),
//!   which every Anki since 2.1.22 imports.
//! - [`write_text`]: Anki's "Notes in Plain Text" format as CSV or TSV, with its header lines.

mod apkg;
mod text;

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::render::counted;

pub use apkg::{ApkgOptions, write_apkg};
pub use text::{TextSeparator, write_text};

use crate::error::{Error, Result};
pub use crate::store::ExportSelection;

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ExportReport {
    pub notes: u64,
    pub cards: u64,
    pub media: u64,
}

impl std::fmt::Display for ExportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}, {} and {}",
            counted(self.notes, "note"),
            counted(self.cards, "card"),
            counted(self.media, "media file")
        )
    }
}

/// Writes `path` through `write`, atomically: a temporary file in the same folder is
/// synced, then renamed over `path`.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> Result<()>,
) -> Result<()> {
    let io_error = |error| Error::Io {
        path: path.to_path_buf(),
        error,
    };
    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(io_error)?;
    write(file.as_file_mut())?;
    file.as_file_mut()
        .flush()
        .and_then(|()| file.as_file().sync_all())
        .map_err(io_error)?;
    file.persist(path).map_err(|error| io_error(error.error))?;
    Ok(())
}
