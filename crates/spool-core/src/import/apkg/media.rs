//! A package's media: the media list (legacy: JSON `{"0": "name"}`; latest: zstd-compressed
//! protobuf `MediaEntries`), name checks, and copying each file out to a temporary file.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::io::{self, Write};
use std::path::Path;

use prost::Message;

use super::archive::{MAX_IN_MEMORY_ENTRY, PackageArchive, Payload};
use super::proto::MediaEntries;
use crate::import::error::Problem;
use crate::import::model::{MediaFile, PackageVersion};

const MEDIA_LIST_ENTRY: &str = "media";

/// One media file as the package lists it.
struct ListedMedia {
    name: String,
    zip_entry: String,
    /// Size and SHA-1 as recorded by latest packages, to be verified.
    recorded: Option<(u64, Vec<u8>)>,
}

pub(super) fn read_media(
    archive: &mut PackageArchive,
    version: PackageVersion,
    scratch: &Path,
) -> Result<Vec<MediaFile>, Problem> {
    let listed = list_media(archive, version)?;
    let mut seen_folded: HashMap<String, String> = HashMap::new();
    for media in &listed {
        check_media_name(&media.name).map_err(|reason| Problem::UnsafeMediaName {
            name: media.name.clone(),
            entry: media.zip_entry.clone(),
            reason,
        })?;
        match seen_folded.entry(media.name.to_lowercase()) {
            Entry::Occupied(first) => {
                return Err(Problem::DuplicateMediaName {
                    first: first.get().clone(),
                    second: media.name.clone(),
                });
            }
            Entry::Vacant(slot) => {
                slot.insert(media.name.clone());
            }
        }
    }
    let payload = payload_of(version);
    listed
        .into_iter()
        .map(|media| stage(archive, media, payload, scratch))
        .collect()
}

fn list_media(
    archive: &mut PackageArchive,
    version: PackageVersion,
) -> Result<Vec<ListedMedia>, Problem> {
    let invalid = |reason: String| Problem::InvalidPackageFile {
        entry: MEDIA_LIST_ENTRY.into(),
        reason,
    };
    // Old AnkiDroid versions wrote packages without a media list.
    let Some(bytes) = read_media_list(archive, payload_of(version))? else {
        return Ok(Vec::new());
    };
    let listed = match version {
        PackageVersion::Legacy1 | PackageVersion::Legacy2 => {
            let map: HashMap<String, String> =
                serde_json::from_slice(&bytes).map_err(|error| invalid(error.to_string()))?;
            let mut listed: Vec<ListedMedia> = map
                .into_iter()
                .map(|(zip_entry, name)| ListedMedia {
                    name,
                    zip_entry,
                    recorded: None,
                })
                .collect();
            listed.sort_by(|a, b| {
                (a.zip_entry.len(), &a.zip_entry).cmp(&(b.zip_entry.len(), &b.zip_entry))
            });
            listed
        }
        PackageVersion::Latest => {
            let entries = MediaEntries::decode(bytes.as_slice())
                .map_err(|error| invalid(error.to_string()))?;
            entries
                .entries
                .into_iter()
                .enumerate()
                .map(|(index, entry)| ListedMedia {
                    name: entry.name,
                    zip_entry: index.to_string(),
                    recorded: Some((u64::from(entry.size), entry.sha1)),
                })
                .collect()
        }
    };
    // Each listed file is a zip entry of its own, so a longer list cannot be right; refusing
    // it here spares checking and staging names that cannot all exist.
    if listed.len() > archive.entry_count() {
        return Err(Problem::MediaListTooLong {
            listed: listed.len(),
            entries: archive.entry_count(),
        });
    }
    Ok(listed)
}

/// How a package of `version` stores its media list and files.
fn payload_of(version: PackageVersion) -> Payload {
    match version {
        PackageVersion::Latest => Payload::Zstd,
        PackageVersion::Legacy1 | PackageVersion::Legacy2 => Payload::Plain,
    }
}

/// The bytes a media list may take for each zip entry of its package: a 255-byte name with
/// every character escaped in JSON (`\uXXXX`), its entry number and punctuation.
const MEDIA_LIST_BYTES_PER_ENTRY: u64 = 1024;

/// The media list's bytes, refused as soon as they pass what the package's entries can need,
/// before a crafted list costs memory in proportion to its size.
fn read_media_list(
    archive: &mut PackageArchive,
    payload: Payload,
) -> Result<Option<Vec<u8>>, Problem> {
    let entries = archive.entry_count();
    let limit = (entries as u64 * MEDIA_LIST_BYTES_PER_ENTRY).clamp(64 << 10, MAX_IN_MEMORY_ENTRY);
    match archive.read_optional_within(MEDIA_LIST_ENTRY, payload, limit) {
        Err(Problem::EntryTooLarge { .. }) => Err(Problem::MediaListTooLarge { limit, entries }),
        result => result,
    }
}

fn stage(
    archive: &mut PackageArchive,
    media: ListedMedia,
    payload: Payload,
    scratch: &Path,
) -> Result<MediaFile, Problem> {
    let file = tempfile::NamedTempFile::new_in(scratch)?;
    let mut hashing = HashingWriter {
        inner: file.as_file(),
        sha1: sha1_smol::Sha1::new(),
    };
    let size = match archive.copy_entry(&media.zip_entry, payload, &mut hashing) {
        Err(Problem::MissingEntry { entry }) => {
            let reason = "listed in the media list, but the package has no such zip entry".into();
            return Err(Problem::MediaMismatch {
                name: media.name,
                entry,
                reason,
            });
        }
        result => result?,
    };
    let sha1 = hashing.sha1.digest().bytes();
    if let Some((recorded_size, recorded_sha1)) = &media.recorded {
        let mismatch = if *recorded_size != size {
            Some(format!("listed as {recorded_size} bytes but holds {size}"))
        } else if recorded_sha1.as_slice() != sha1 {
            Some("contents do not match the SHA-1 in the media list".to_string())
        } else {
            None
        };
        if let Some(reason) = mismatch {
            return Err(Problem::MediaMismatch {
                name: media.name,
                entry: media.zip_entry,
                reason,
            });
        }
    }
    Ok(MediaFile {
        name: media.name,
        sha1,
        size,
        staged: file.into_temp_path(),
    })
}

struct HashingWriter<W> {
    inner: W,
    sha1: sha1_smol::Sha1,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.sha1.update(&buf[..written]);
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Names Windows refuses as file names, whatever their extension.
const WINDOWS_RESERVED_STEMS: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Longest name most file systems accept, in bytes.
const MAX_NAME_BYTES: usize = 255;

/// Checks that `name` is a plain file name that stays inside the media folder on every
/// platform. Returns why it is unsafe.
pub(super) fn check_media_name(name: &str) -> Result<(), &'static str> {
    let stem = name.split('.').next().unwrap_or_default().trim_end();
    let starts_with_drive =
        name.as_bytes().get(1) == Some(&b':') && name.as_bytes()[0].is_ascii_alphabetic();
    if name.is_empty() {
        Err("name is empty")
    } else if name.contains('\0') {
        Err("contains a NUL character")
    } else if name.starts_with(['/', '\\']) || starts_with_drive {
        Err("is an absolute path")
    } else if name.split(['/', '\\']).any(|part| part == "..") || name == "." {
        Err("refers to a parent or current directory (..)")
    } else if name.contains(['/', '\\']) {
        Err("contains a path separator")
    } else if name
        .chars()
        .any(|c| c.is_control() || "<>:\"|?*".contains(c))
    {
        Err("contains a character Windows does not allow in file names")
    } else if WINDOWS_RESERVED_STEMS.contains(&stem.to_ascii_lowercase().as_str()) {
        Err("is a device name Windows reserves")
    } else if name.ends_with(['.', ' ']) {
        Err("ends with a dot or space, which Windows drops")
    } else if name.len() > MAX_NAME_BYTES {
        Err("is longer than 255 bytes")
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::check_media_name;

    #[test]
    fn ordinary_names_including_unicode_are_safe() {
        for name in [
            "a.png",
            "日本語 picture.png",
            "voice 🎤.mp3",
            ".hidden",
            "console.log",
        ] {
            assert_eq!(check_media_name(name), Ok(()), "{name}");
        }
    }

    #[test]
    fn unsafe_names_are_refused_with_the_reason() {
        let cases = [
            ("", "empty"),
            ("../evil.png", ".."),
            ("..", ".."),
            ("a/../../b", ".."),
            ("/etc/passwd", "absolute"),
            ("\\\\server\\share", "absolute"),
            ("C:evil", "absolute"),
            ("dir/file.png", "separator"),
            ("dir\\file.png", "separator"),
            ("nul\0byte", "NUL"),
            ("CON", "reserves"),
            ("lpt1.txt", "reserves"),
            ("Aux .png", "reserves"),
            ("con.txt.bak2", "reserves"),
            ("what?.png", "character"),
            ("trailing.", "dot or space"),
        ];
        for (name, expected) in cases {
            let reason = check_media_name(name).expect_err(name);
            assert!(reason.contains(expected), "{name:?}: {reason}");
        }
        assert!(
            check_media_name(&"x".repeat(256))
                .unwrap_err()
                .contains("255")
        );
    }
}
