//! Exporting the collection, or one deck of it, to a file.

use std::path::Path;

use super::Spool;
use crate::error::Result;
use crate::export::{ApkgOptions, ExportReport, TextSeparator, write_apkg, write_text};

/// The file formats `spool export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Anki deck package
    Apkg,
    /// Anki's plain-text note export, comma-separated
    Csv,
    /// Anki's plain-text note export, tab-separated
    Tsv,
}

impl ExportFormat {
    /// The format a file's extension names; `.txt` is Anki's tab-separated text export.
    pub fn from_extension(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "apkg" => Some(Self::Apkg),
            "csv" => Some(Self::Csv),
            "tsv" | "txt" => Some(Self::Tsv),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Export this deck and its subdecks only.
    pub deck: Option<String>,
    /// Packages: include scheduling and review history.
    pub with_scheduling: bool,
}

impl Spool {
    pub fn export_file(
        &self,
        path: &Path,
        format: ExportFormat,
        options: &ExportOptions,
    ) -> Result<ExportReport> {
        let deck = options
            .deck
            .as_deref()
            .map(|name| self.collection.deck_by_name(name))
            .transpose()?;
        let selection = self.collection.export_selection(deck.map(|deck| deck.id))?;
        match format {
            ExportFormat::Apkg => write_apkg(
                path,
                &selection,
                &ApkgOptions {
                    with_scheduling: options.with_scheduling,
                    now_secs: self.now_ms().div_euclid(1000),
                    day_clock: self.day_clock()?,
                    media_dir: self.collection.media_dir(),
                },
            ),
            ExportFormat::Csv => write_text(path, &selection, TextSeparator::Comma),
            ExportFormat::Tsv => write_text(path, &selection, TextSeparator::Tab),
        }
    }
}
