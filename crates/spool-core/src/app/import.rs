//! Importing a file into the collection: choosing the reader, then writing its batch.

use std::io::Read;
use std::path::Path;

use super::{BackupReason, Spool};
use crate::error::Result;
use crate::import::{
    AnkiTextOptions, ColumnRole, CsvOptions, ImportBatch, Limits, Problem, Separator,
    StudyCalendar, read_package, scan_anki_text, scan_csv, spool_deck,
};
use crate::store::{ImportProgress, ImportReport, ImportSettings};
use crate::vocabulary::DEFAULT_DECK_NAME;

/// The file formats Spool imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    Apkg,
    Colpkg,
    AnkiText,
    Csv,
    Tsv,
    Spool,
}

impl ImportFormat {
    pub const ALL: [Self; 6] = [
        Self::Apkg,
        Self::Colpkg,
        Self::AnkiText,
        Self::Csv,
        Self::Tsv,
        Self::Spool,
    ];

    /// The format's short name, as a user types it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Apkg => "apkg",
            Self::Colpkg => "colpkg",
            Self::AnkiText => "anki-text",
            Self::Csv => "csv",
            Self::Tsv => "tsv",
            Self::Spool => "spool",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|format| format.name() == name)
    }

    pub fn description(self) -> &'static str {
        match self {
            Self::Apkg => "Anki deck package",
            Self::Colpkg => "Anki collection package (merged into this collection)",
            Self::AnkiText => "Anki's \"Notes in Plain Text\" export, with #key:value header lines",
            Self::Csv => "Comma-separated values (the separator is detected unless given)",
            Self::Tsv => "Tab-separated values",
            Self::Spool => "A Spool deck file (.toml)",
        }
    }

    /// The format a file's extension names.
    pub fn from_extension(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "apkg" => Self::Apkg,
            "colpkg" => Self::Colpkg,
            "txt" => Self::AnkiText,
            "csv" => Self::Csv,
            "tsv" | "tab" => Self::Tsv,
            "toml" => Self::Spool,
            _ => return None,
        })
    }

    /// The format a file's extension names, or failing that, its first bytes suggest.
    pub fn detect(path: &Path) -> Result<Self> {
        if let Some(format) = Self::from_extension(path) {
            return Ok(format);
        }
        let mut start = Vec::with_capacity(64);
        std::fs::File::open(path)
            .and_then(|file| file.take(64).read_to_end(&mut start))
            .map_err(|error| Problem::Io(error).in_file(path))?;
        Ok(if start.starts_with(b"PK") {
            Self::Apkg
        } else if start.starts_with(b"#separator:")
            || start.starts_with(b"#html:")
            || start.starts_with(b"tags:")
        {
            Self::AnkiText
        } else {
            Self::Csv
        })
    }

    fn is_text(self) -> bool {
        matches!(self, Self::AnkiText | Self::Csv | Self::Tsv)
    }

    /// Text files hold notes only, with no deck unless a column names one, so the notes they
    /// do not place go into a deck the person chooses. Packages and deck files name their own.
    pub fn needs_deck(self) -> bool {
        self.is_text()
    }

    /// Whether the file at `path` [needs a deck](Self::needs_deck), judged by its name alone so
    /// a dialog can ask as the path is typed, without reading the file.
    pub fn file_needs_deck(path: &Path) -> bool {
        Self::from_extension(path).is_some_and(Self::needs_deck)
    }
}

/// How to import a file. Text-only settings are refused for other formats.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// `None` detects the format with [`ImportFormat::detect`].
    pub format: Option<ImportFormat>,
    /// Deck for notes the file does not place in a deck (default: `Default`).
    pub deck: Option<String>,
    /// Text files: note type for notes the file does not name one for (default: `Basic`).
    pub notetype: Option<String>,
    /// CSV: the first row names the columns.
    pub has_header: bool,
    /// CSV: what each column holds.
    pub columns: Vec<ColumnRole>,
    /// CSV: the separator; detected when `None`.
    pub separator: Option<Separator>,
    /// Packages: give cards that already exist the file's scheduling.
    pub update_scheduling: bool,
    pub limits: Limits,
}

const DEFAULT_NOTETYPE: &str = "Basic";

impl Spool {
    /// Reads `path` and writes its notes, cards, review log and media into the collection
    /// in one transaction. `progress` hears how many notes have been written.
    pub fn import_file(
        &mut self,
        path: &Path,
        options: &ImportOptions,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportReport> {
        self.collection.ensure_writable()?;
        let format = match options.format {
            Some(format) => format,
            None => ImportFormat::detect(path)?,
        };
        check_options_apply(path, format, options)?;
        let deck = options
            .deck
            .clone()
            .unwrap_or_else(|| DEFAULT_DECK_NAME.into());
        let notetype = options
            .notetype
            .clone()
            .unwrap_or_else(|| DEFAULT_NOTETYPE.into());
        let max_field_bytes = options.limits.max_field_bytes;
        let settings = ImportSettings {
            now: self.now_secs(),
            update_scheduling: options.update_scheduling,
            default_deck: deck.clone(),
        };
        let mut text = match format {
            ImportFormat::Apkg | ImportFormat::Colpkg => {
                let calendar = StudyCalendar {
                    today: self.today()?,
                    day_clock: self.day_clock()?,
                };
                let scratch = self.collection.scratch_dir()?;
                let batch = read_package(path, &options.limits, &scratch)?.into_batch(&calendar);
                return self.import_backed_up(&batch, &settings, progress);
            }
            ImportFormat::AnkiText => scan_anki_text(
                path,
                &AnkiTextOptions {
                    default_notetype: notetype,
                    default_deck: deck.clone(),
                    max_field_bytes,
                },
            )?,
            ImportFormat::Csv | ImportFormat::Tsv => {
                let separator = match format {
                    ImportFormat::Tsv => Some(options.separator.unwrap_or(Separator::Tab)),
                    _ => options.separator,
                };
                let csv = CsvOptions {
                    separator,
                    has_header: options.has_header,
                    columns: options.columns.clone(),
                    notetype,
                    deck: deck.clone(),
                    max_field_bytes,
                    ..CsvOptions::default()
                };
                scan_csv(path, &csv)?
            }
            ImportFormat::Spool => return self.import_deck_file(path),
        };
        // Every row has been checked by now, so a file that cannot be imported fails before
        // the backup is taken; the notes are read again as they are written.
        self.back_up(BackupReason::BeforeImport)?;
        self.collection
            .import_text_notes(&mut text, &settings, progress)
    }

    /// Imports a file as a dialog offers it: with no options but the deck chosen for the
    /// notes of a file that [needs one](ImportFormat::needs_deck). Other files name their
    /// own decks, so the choice is not used for them rather than refused.
    pub fn import_file_into(
        &mut self,
        path: &Path,
        deck: Option<String>,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportReport> {
        let format = ImportFormat::detect(path)?;
        let options = ImportOptions {
            format: Some(format),
            deck: deck.filter(|_| format.needs_deck()),
            ..ImportOptions::default()
        };
        self.import_file(path, &options, progress)
    }

    fn import_deck_file(&mut self, path: &Path) -> Result<ImportReport> {
        let origin = path.display().to_string();
        let batch = spool_deck::read_file(path)?.into_batch(&origin);
        let settings = self.deck_file_settings();
        self.import_backed_up(&batch, &settings, &mut |_| {})
    }

    /// Writes an import's batch, after a backup of the collection as it was before it.
    fn import_backed_up(
        &mut self,
        batch: &ImportBatch,
        settings: &ImportSettings,
        progress: &mut dyn FnMut(ImportProgress),
    ) -> Result<ImportReport> {
        self.back_up(BackupReason::BeforeImport)?;
        self.collection.import_batch(batch, settings, progress)
    }
}

/// An import option given for a format it does not apply to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MisplacedOption {
    /// The header, columns or separator, for a file that is not CSV or TSV.
    CsvLayout,
    /// A note type, for a file that is not text.
    Notetype,
    /// Updating scheduling, for a file that is not an Anki package.
    UpdateScheduling,
    /// A deck, for a Spool deck file, which names its own.
    Deck,
}

impl MisplacedOption {
    /// Which files the option applies to, worded for any front end.
    pub fn explanation(self) -> &'static str {
        match self {
            Self::CsvLayout => "the header, columns and separator apply to CSV and TSV files only",
            Self::Notetype => "a note type applies to text files only",
            Self::UpdateScheduling => "updating scheduling applies to Anki packages only",
            Self::Deck => "a deck does not apply to Spool deck files, which name their own deck",
        }
    }
}

impl ImportOptions {
    /// The first option that does not apply to `format`; [`Spool::import_file`] refuses it.
    pub fn misplaced_option(&self, format: ImportFormat) -> Option<MisplacedOption> {
        let csv_layout = self.has_header || !self.columns.is_empty() || self.separator.is_some();
        if csv_layout && !matches!(format, ImportFormat::Csv | ImportFormat::Tsv) {
            Some(MisplacedOption::CsvLayout)
        } else if self.notetype.is_some() && !format.is_text() {
            Some(MisplacedOption::Notetype)
        } else if self.update_scheduling
            && !matches!(format, ImportFormat::Apkg | ImportFormat::Colpkg)
        {
            Some(MisplacedOption::UpdateScheduling)
        } else if self.deck.is_some() && format == ImportFormat::Spool {
            Some(MisplacedOption::Deck)
        } else {
            None
        }
    }
}

fn check_options_apply(path: &Path, format: ImportFormat, options: &ImportOptions) -> Result<()> {
    match options.misplaced_option(format) {
        Some(option) => Err(Problem::InvalidOptions(option.explanation().into())
            .in_file(path)
            .into()),
        None => Ok(()),
    }
}
