//! Exporting the collection, or one deck of it, to a file.

use std::path::{Path, PathBuf};

use super::Spool;
use crate::error::{Error, Result};
use crate::export::{ApkgOptions, ExportReport, TextSeparator, write_apkg, write_text};

/// The file formats Spool exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Apkg,
    Colpkg,
    Csv,
    Tsv,
}

impl ExportFormat {
    pub const ALL: [Self; 4] = [Self::Apkg, Self::Colpkg, Self::Csv, Self::Tsv];

    pub fn description(self) -> &'static str {
        match self {
            Self::Apkg => "Anki deck package",
            Self::Colpkg => {
                "Anki collection package: the whole collection, scheduling and media, as Anki's Import > Collection package opens it"
            }
            Self::Csv => "Anki's plain-text note export, comma-separated",
            Self::Tsv => "Anki's plain-text note export, tab-separated",
        }
    }

    /// The format a file's extension names; `.txt` is Anki's tab-separated text export.
    pub fn from_extension(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "apkg" => Some(Self::Apkg),
            "colpkg" => Some(Self::Colpkg),
            "csv" => Some(Self::Csv),
            "tsv" | "txt" => Some(Self::Tsv),
            _ => None,
        }
    }

    /// The extension a file of this format gets.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Apkg => "apkg",
            Self::Colpkg => "colpkg",
            Self::Csv => "csv",
            Self::Tsv => "tsv",
        }
    }
}

impl std::fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Apkg => "Anki package (.apkg)",
            Self::Colpkg => "Anki collection package (.colpkg)",
            Self::Csv => "Text, comma-separated (.csv)",
            Self::Tsv => "Text, tab-separated (.tsv)",
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Export this deck and its subdecks only.
    pub deck: Option<String>,
    /// Packages: include scheduling and review history.
    pub with_scheduling: bool,
}

/// Canonical form of a path that may not exist yet: its folder resolved, its name kept.
fn resolved(path: &Path) -> Option<PathBuf> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Some(dir.canonicalize().ok()?.join(path.file_name()?))
}

impl Spool {
    /// Exporting over the collection, its journal files or into its media folder would
    /// destroy what is being exported.
    fn refuse_own_files(&self, target: &Path) -> Result<()> {
        let (Some(target), Some(collection)) = (resolved(target), resolved(self.collection.path()))
        else {
            return Ok(());
        };
        let own_file = ["", "-wal", "-shm", ".lock"].iter().any(|suffix| {
            let mut name = collection.as_os_str().to_os_string();
            name.push(suffix);
            target == Path::new(&name)
        });
        let media = resolved(&self.collection.media_dir());
        if own_file || media.is_some_and(|media| target.starts_with(media)) {
            return Err(Error::Io {
                path: target,
                error: std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "this is the collection's own file; export to another path",
                ),
            });
        }
        Ok(())
    }

    pub fn export_file(
        &self,
        path: &Path,
        format: ExportFormat,
        options: &ExportOptions,
    ) -> Result<ExportReport> {
        self.refuse_own_files(path)?;
        if format == ExportFormat::Colpkg && options.deck.is_some() {
            return Err(Error::Io {
                path: path.to_path_buf(),
                error: std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "a collection package holds the whole collection; export one deck as .apkg",
                ),
            });
        }
        let deck = options
            .deck
            .as_deref()
            .map(|name| self.collection.deck_by_name(name))
            .transpose()?;
        let selection = self.collection.export_selection(deck.map(|deck| deck.id))?;
        match format {
            ExportFormat::Apkg | ExportFormat::Colpkg => write_apkg(
                path,
                &selection,
                &ApkgOptions {
                    // A collection package replaces a collection: without its schedule the
                    // learner's history would be gone.
                    with_scheduling: options.with_scheduling || format == ExportFormat::Colpkg,
                    now_secs: self.now_secs(),
                    day_clock: self.day_clock()?,
                    media_dir: self.collection.media_dir(),
                    scratch_dir: self.export_scratch(path)?,
                },
            ),
            ExportFormat::Csv => write_text(path, &selection, TextSeparator::Comma),
            ExportFormat::Tsv => write_text(path, &selection, TextSeparator::Tab),
        }
    }
}

impl Spool {
    /// Where a package is assembled: the collection's scratch folder, or for a read-only
    /// collection, which can make nothing beside itself, the folder the package goes to.
    fn export_scratch(&self, dest: &Path) -> Result<PathBuf> {
        if !self.collection.is_read_only() {
            return self.collection.scratch_dir();
        }
        Ok(
            match dest.parent().filter(|dir| !dir.as_os_str().is_empty()) {
                Some(dir) => dir.to_path_buf(),
                None => PathBuf::from("."),
            },
        )
    }
}
