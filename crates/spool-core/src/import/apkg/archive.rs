//! Bounded reading of a package's zip entries: every byte that comes out (after deflate and
//! any zstd layer) counts against the package-wide budget and the entry's compression ratio.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;

use zip::ZipArchive;
use zip::result::ZipError;

use crate::import::Limits;
use crate::import::error::Problem;

/// How an entry's payload is stored inside its zip entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Payload {
    Plain,
    /// A zstd stream (latest packages compress the collection, media list and media files).
    Zstd,
}

/// Small entries such as `meta` and the media list are read into memory; cap them.
pub(super) const MAX_IN_MEMORY_ENTRY: u64 = 64 << 20;

/// Entries smaller than this are exempt from the compression ratio check: tiny inputs
/// legitimately expand a lot (e.g. a mostly empty SQLite page compresses to a few bytes).
const RATIO_EXEMPT_COMPRESSED_BYTES: u64 = 1024;

pub(super) struct PackageArchive {
    zip: ZipArchive<File>,
    limits: Limits,
    bytes_left: u64,
}

impl PackageArchive {
    pub(super) fn open(path: &Path, limits: &Limits) -> Result<Self, Problem> {
        let mut file = File::open(path)?;
        let mut magic = [0; 2];
        let starts_like_zip = file.read_exact(&mut magic).is_ok() && magic == *b"PK";
        if !starts_like_zip {
            return Err(Problem::NotAZip);
        }
        let zip = ZipArchive::new(file).map_err(|error| match error {
            ZipError::Io(error) => Problem::Io(error),
            other => Problem::DamagedZip(other.to_string()),
        })?;
        if zip.len() > limits.max_entries {
            return Err(Problem::TooManyEntries {
                count: zip.len(),
                limit: limits.max_entries,
            });
        }
        Ok(Self {
            zip,
            limits: *limits,
            bytes_left: limits.max_total_bytes,
        })
    }

    pub(super) fn contains(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// How many entries the archive lists.
    pub(super) fn entry_count(&self) -> usize {
        self.zip.len()
    }

    /// Reads a small entry whole, or `None` if the archive has no such entry.
    pub(super) fn read_optional(
        &mut self,
        name: &str,
        payload: Payload,
    ) -> Result<Option<Vec<u8>>, Problem> {
        self.read_optional_within(name, payload, MAX_IN_MEMORY_ENTRY)
    }

    /// [`Self::read_optional`] for an entry that may hold at most `cap` bytes (at most
    /// [`MAX_IN_MEMORY_ENTRY`]), failing with
    /// [`Problem::EntryTooLarge`] as soon as it holds more.
    pub(super) fn read_optional_within(
        &mut self,
        name: &str,
        payload: Payload,
        cap: u64,
    ) -> Result<Option<Vec<u8>>, Problem> {
        if !self.contains(name) {
            return Ok(None);
        }
        let mut bytes = Vec::new();
        self.copy_bounded(name, payload, &mut bytes, cap)?;
        Ok(Some(bytes))
    }

    /// Decompresses entry `name` into `out`, enforcing the limits. Returns the bytes written.
    pub(super) fn copy_entry(
        &mut self,
        name: &str,
        payload: Payload,
        out: &mut impl Write,
    ) -> Result<u64, Problem> {
        self.copy_bounded(name, payload, out, u64::MAX)
    }

    fn copy_bounded(
        &mut self,
        name: &str,
        payload: Payload,
        out: &mut impl Write,
        entry_cap: u64,
    ) -> Result<u64, Problem> {
        let bytes_left = self.bytes_left;
        let ratio = self.limits.max_compression_ratio;
        let entry = match self.zip.by_name(name) {
            Ok(entry) => entry,
            Err(ZipError::FileNotFound) => {
                return Err(Problem::MissingEntry { entry: name.into() });
            }
            Err(error) => return Err(damaged(name, &error.to_string())),
        };
        if entry.size() > bytes_left {
            return Err(Problem::TotalSizeLimit {
                entry: name.into(),
                limit: self.limits.max_total_bytes,
            });
        }
        let ratio_cap = entry
            .compressed_size()
            .max(RATIO_EXEMPT_COMPRESSED_BYTES)
            .saturating_mul(ratio);
        let mut reader: Box<dyn Read + '_> = match payload {
            Payload::Plain => Box::new(entry),
            Payload::Zstd => Box::new(
                zstd::Decoder::new(entry).map_err(|error| damaged(name, &error.to_string()))?,
            ),
        };
        let mut written = 0u64;
        let mut buffer = vec![0; 64 * 1024];
        loop {
            let count = match reader.read(&mut buffer) {
                Ok(0) => break,
                Ok(count) => count,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(damaged(name, &error.to_string())),
            };
            written += count as u64;
            if written > bytes_left {
                return Err(Problem::TotalSizeLimit {
                    entry: name.into(),
                    limit: self.limits.max_total_bytes,
                });
            }
            if written > entry_cap {
                return Err(Problem::EntryTooLarge {
                    entry: name.into(),
                    limit: entry_cap,
                });
            }
            if written > ratio_cap {
                return Err(Problem::CompressionRatioLimit {
                    entry: name.into(),
                    ratio,
                });
            }
            out.write_all(&buffer[..count])?;
        }
        self.bytes_left -= written;
        Ok(written)
    }
}

fn damaged(entry: &str, reason: &str) -> Problem {
    Problem::DamagedEntry {
        entry: entry.into(),
        reason: reason.into(),
    }
}
