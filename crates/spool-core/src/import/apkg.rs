//! Anki packages: `.apkg` (shared decks) and `.colpkg` (collection backups) of every version.
//!
//! A package is a zip archive (`rslib/src/import_export/package/`):
//! - `meta`: protobuf `PackageMetadata`; absent in legacy packages, whose collection file name
//!   gives the version (`collection.anki21` if present, else `collection.anki2`).
//! - the collection: `collection.anki2` / `collection.anki21` (plain SQLite, schema 11) or
//!   `collection.anki21b` (zstd-compressed SQLite, schema 18). Latest packages also carry a
//!   dummy `collection.anki2` telling old clients to upgrade; it is ignored.
//! - `media`: the media list, and media files stored under the entry names `0`, `1`, ...

pub mod anki;
mod archive;
mod collection;
mod media;
mod proto;
mod reader;
mod schedule;
mod schema11;
mod schema18;

use std::path::Path;

use prost::Message;

use self::archive::{PackageArchive, Payload};
use self::proto::PackageMetadata;
use super::Limits;
use super::error::{ImportError, Problem};
use super::model::{PackageVersion, SourceFormat, SourceInfo};
use anki::AnkiPackage;

pub use schedule::StudyCalendar;

const META_ENTRY: &str = "meta";

/// Reads an `.apkg` or `.colpkg` file, within `limits`; [`AnkiPackage::into_batch`] makes
/// the batch the store writes.
///
/// The whole package is checked before anything is returned: zip structure and size limits,
/// media names, the collection's SQLite file and schema, UTF-8 text, field sizes and that
/// every note, card and review refers to something present. The package's collection and
/// media are unpacked into temporary files in `scratch` (the collection's own scratch
/// folder, emptied when the collection next opens if a crash leaves them); the media's
/// files belong to the package.
pub fn read_package(
    path: &Path,
    limits: &Limits,
    scratch: &Path,
) -> Result<AnkiPackage, ImportError> {
    read(path, limits, scratch).map_err(|problem| problem.in_file(path))
}

fn read(path: &Path, limits: &Limits, scratch: &Path) -> Result<AnkiPackage, Problem> {
    let mut archive = PackageArchive::open(path, limits)?;
    let version = package_version(&mut archive)?;
    let collection_entry = collection_entry_name(version);
    let payload = match version {
        PackageVersion::Latest => Payload::Zstd,
        PackageVersion::Legacy1 | PackageVersion::Legacy2 => Payload::Plain,
    };
    let mut collection_file = tempfile::NamedTempFile::new_in(scratch)?;
    archive.copy_entry(collection_entry, payload, collection_file.as_file_mut())?;
    let contents = collection::read_collection(collection_file.path(), collection_entry, limits)?;
    let media = media::read_media(&mut archive, version, scratch)?;
    let whole_collection = path
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("colpkg"));
    Ok(AnkiPackage {
        source: SourceInfo {
            path: path.to_owned(),
            format: SourceFormat::AnkiPackage {
                version,
                whole_collection,
            },
            field_labels: Vec::new(),
        },
        notetypes: contents.notetypes,
        decks: contents.decks,
        notes: contents.notes,
        cards: contents.cards,
        revlog: contents.revlog,
        media,
    })
}

/// The version `meta` declares, or for legacy packages without it, the one their
/// collection file implies (`rslib/src/import_export/package/meta.rs`).
fn package_version(archive: &mut PackageArchive) -> Result<PackageVersion, Problem> {
    let Some(bytes) = archive.read_optional(META_ENTRY, Payload::Plain)? else {
        let version = if archive.contains(collection_entry_name(PackageVersion::Legacy2)) {
            PackageVersion::Legacy2
        } else {
            PackageVersion::Legacy1
        };
        return Ok(version);
    };
    let meta =
        PackageMetadata::decode(bytes.as_slice()).map_err(|error| Problem::InvalidPackageFile {
            entry: META_ENTRY.into(),
            reason: error.to_string(),
        })?;
    match meta.version {
        1 => Ok(PackageVersion::Legacy1),
        2 => Ok(PackageVersion::Legacy2),
        3 => Ok(PackageVersion::Latest),
        version => Err(Problem::PackageTooNew { version }),
    }
}

fn collection_entry_name(version: PackageVersion) -> &'static str {
    match version {
        PackageVersion::Legacy1 => "collection.anki2",
        PackageVersion::Legacy2 => "collection.anki21",
        PackageVersion::Latest => "collection.anki21b",
    }
}
