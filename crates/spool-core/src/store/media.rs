//! The media folder beside the collection and the `media` table listing its files.
//!
//! Imports add media in three steps so that a crash at any point leaves a consistent state:
//!
//! 1. Before the import's transaction, every new file is copied into the *staging folder*
//!    (`<stem>.media-staging`, beside the media folder, so on the same file system) and synced.
//! 2. The transaction adds the files' rows (name, SHA-1, size) to the `media` table together
//!    with the notes that use them.
//! 3. After the commit, each staged file is renamed into the media folder and the staging
//!    folder is removed.
//!
//! The `media` table decides what a leftover staging folder means: a staged file whose row
//! (same name and SHA-1) is in the table belongs to a committed import and is moved into the
//! media folder; any other staged file belongs to an import that never committed and is
//! deleted. [`Collection::open`] runs this recovery, so `spool check` and every next command
//! finish or undo an import a crash interrupted.

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::OptionalExtension;

use super::Collection;
use crate::error::{Error, Result};
use crate::render::media::media_references;

/// A file the `media` table lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaEntry {
    pub name: String,
    /// Lowercase hex.
    pub sha1: String,
    pub size: u64,
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |error| Error::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// The SHA-1 of a file's contents, as lowercase hex.
pub(crate) fn file_sha1(path: &Path) -> Result<String> {
    let mut file = fs::File::open(path).map_err(io_error(path))?;
    let mut sha1 = sha1_smol::Sha1::new();
    let mut buffer = vec![0; 64 * 1024];
    loop {
        match file.read(&mut buffer).map_err(io_error(path))? {
            0 => return Ok(sha1.digest().to_string()),
            count => sha1.update(&buffer[..count]),
        }
    }
}

/// Replaces references to renamed media files in `html`.
pub(crate) fn rename_references(html: &str, renamed: &HashMap<String, String>) -> String {
    let mut result = String::with_capacity(html.len());
    let mut copied = 0;
    for range in media_references(html) {
        if let Some(new_name) = renamed.get(&html[range.clone()]) {
            result.push_str(&html[copied..range.start]);
            result.push_str(new_name);
            copied = range.end;
        }
    }
    result.push_str(&html[copied..]);
    result
}

fn media_entry_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MediaEntry> {
    Ok(MediaEntry {
        name: r.get("name")?,
        sha1: r.get("sha1")?,
        size: r.get("size")?,
    })
}

pub(crate) fn media_entry(conn: &rusqlite::Connection, name: &str) -> Result<Option<MediaEntry>> {
    Ok(conn
        .prepare_cached("SELECT name, sha1, size FROM media WHERE name = ?1 COLLATE NOCASE")?
        .query_row([name], media_entry_from_row)
        .optional()?)
}

pub(crate) fn insert_media_entry(conn: &rusqlite::Connection, entry: &MediaEntry) -> Result<()> {
    conn.prepare_cached("INSERT INTO media (name, sha1, size) VALUES (?1, ?2, ?3)")?
        .execute(rusqlite::params![entry.name, entry.sha1, entry.size])?;
    Ok(())
}

/// Media progress is reported after this many files.
const MEDIA_PROGRESS_EVERY: u64 = 50;

/// Files copied into the staging folder for one import, not yet in the media folder.
#[derive(Debug)]
pub(crate) struct StagedMedia {
    staging_dir: PathBuf,
    media_dir: PathBuf,
    names: Vec<String>,
}

impl StagedMedia {
    /// Copies each `(source, final name)` into the staging folder and syncs it, telling
    /// `progress` how many of how many are done now and then.
    pub(crate) fn stage(
        collection: &Collection,
        files: &[(&Path, &str)],
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Self> {
        let mut staged = Self {
            staging_dir: collection.media_staging_dir(),
            media_dir: collection.media_dir(),
            names: Vec::new(),
        };
        if files.is_empty() {
            return Ok(staged);
        }
        match staged.copy_all(files, progress) {
            Ok(()) => Ok(staged),
            Err(error) => {
                staged.discard();
                Err(error)
            }
        }
    }

    fn copy_all(
        &mut self,
        files: &[(&Path, &str)],
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<()> {
        fs::create_dir_all(&self.staging_dir).map_err(io_error(&self.staging_dir))?;
        let total = files.len() as u64;
        for (index, (source, name)) in files.iter().enumerate() {
            let target = self.staging_dir.join(name);
            fs::copy(source, &target).map_err(io_error(&target))?;
            fs::File::open(&target)
                .and_then(|file| file.sync_all())
                .map_err(io_error(&target))?;
            self.names.push((*name).to_string());
            let done = index as u64 + 1;
            if done.is_multiple_of(MEDIA_PROGRESS_EVERY) || done == total {
                progress(done, total);
            }
        }
        Ok(())
    }

    /// How many files were staged.
    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }

    /// Removes the staged files of an import that did not commit.
    pub(crate) fn discard(&self) {
        // Best effort: whatever remains is deleted by the next open, since no row lists it.
        let _ = fs::remove_dir_all(&self.staging_dir);
    }

    /// Moves the staged files of a committed import into the media folder.
    pub(crate) fn publish(self) -> Result<()> {
        if self.names.is_empty() {
            return Ok(());
        }
        fs::create_dir_all(&self.media_dir).map_err(io_error(&self.media_dir))?;
        for name in &self.names {
            move_into(&self.staging_dir, &self.media_dir, name)?;
        }
        finish_moves(&self.staging_dir, &self.media_dir)
    }
}

fn move_into(staging_dir: &Path, media_dir: &Path, name: &str) -> Result<()> {
    let target = media_dir.join(name);
    fs::rename(staging_dir.join(name), &target).map_err(io_error(&target))
}

/// Syncs the media folder so the renames are durable, then removes the staging folder.
fn finish_moves(staging_dir: &Path, media_dir: &Path) -> Result<()> {
    if media_dir.is_dir() {
        fs::File::open(media_dir)
            .and_then(|dir| dir.sync_all())
            .map_err(io_error(media_dir))?;
    }
    fs::remove_dir_all(staging_dir).map_err(io_error(staging_dir))
}

impl Collection {
    /// Adds `bytes` (a pasted picture, say) to the media folder as Anki names pasted files,
    /// `paste-<SHA-1>.<extension>`, and returns the name. The same bytes again give the same
    /// name and write nothing. Staged, listed and published as an import's media are, so a
    /// crash leaves either the listed file or nothing.
    pub fn add_media(&mut self, bytes: &[u8], extension: &str) -> Result<String> {
        self.ensure_writable()?;
        let sha1 = sha1_smol::Sha1::from(bytes).digest().to_string();
        let name = format!("paste-{sha1}.{extension}");
        if media_entry(&self.conn, &name)?.is_some() {
            return Ok(name);
        }
        let staging_dir = self.media_staging_dir();
        fs::create_dir_all(&staging_dir).map_err(io_error(&staging_dir))?;
        let staged_file = staging_dir.join(&name);
        fs::write(&staged_file, bytes)
            .and_then(|()| fs::File::open(&staged_file)?.sync_all())
            .map_err(io_error(&staged_file))?;
        let staged = StagedMedia {
            staging_dir,
            media_dir: self.media_dir(),
            names: vec![name.clone()],
        };
        let entry = MediaEntry {
            name: name.clone(),
            sha1,
            size: bytes.len() as u64,
        };
        if let Err(error) = self.transact(|tx| insert_media_entry(tx, &entry)) {
            staged.discard();
            return Err(error);
        }
        staged.publish()?;
        Ok(name)
    }

    /// Where imports stage media before their transaction commits.
    pub fn media_staging_dir(&self) -> PathBuf {
        let mut name = self.media_dir().into_os_string();
        name.push("-staging");
        PathBuf::from(name)
    }

    /// Finishes or undoes the media of an import interrupted by a crash (see the module
    /// documentation). Returns how many files were moved into the media folder.
    pub fn recover_staged_media(&self) -> Result<usize> {
        let staging_dir = self.media_staging_dir();
        let entries = match fs::read_dir(&staging_dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(error) => {
                return Err(Error::Io {
                    path: staging_dir,
                    error,
                });
            }
        };
        let media_dir = self.media_dir();
        let mut moved = 0;
        for entry in entries {
            let path = entry.map_err(io_error(&staging_dir))?.path();
            let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
                continue;
            };
            let committed = media_entry(&self.conn, name)?.is_some_and(|row| {
                row.name == name && file_sha1(&path).is_ok_and(|sha1| sha1 == row.sha1)
            });
            if committed {
                fs::create_dir_all(&media_dir).map_err(io_error(&media_dir))?;
                move_into(&staging_dir, &media_dir, name)?;
                moved += 1;
            }
        }
        finish_moves(&staging_dir, &media_dir)?;
        Ok(moved)
    }

    /// Every file the `media` table lists, by name.
    pub fn media_entries(&self) -> Result<Vec<MediaEntry>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, sha1, size FROM media ORDER BY name")?;
        Ok(stmt
            .query_map([], media_entry_from_row)?
            .collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_only_references() {
        let renamed = HashMap::from([("a.png".to_string(), "a_1234.png".to_string())]);
        assert_eq!(
            rename_references(r#"a.png <img src="a.png"> [sound:a.png]"#, &renamed),
            r#"a.png <img src="a_1234.png"> [sound:a_1234.png]"#
        );
    }

    #[test]
    fn pasted_media_is_listed_and_in_the_folder_once_under_its_hash() {
        let dir = tempfile::tempdir().unwrap();
        let mut collection = Collection::open(dir.path().join("c.spool")).unwrap();
        let name = collection.add_media(b"picture", "png").unwrap();
        let sha1 = sha1_smol::Sha1::from(b"picture").digest().to_string();
        assert_eq!(name, format!("paste-{sha1}.png"));
        assert_eq!(
            fs::read(collection.media_dir().join(&name)).unwrap(),
            b"picture"
        );
        assert_eq!(
            collection.add_media(b"picture", "png").unwrap(),
            name,
            "the same name"
        );
        let entries = collection.media_entries().unwrap();
        assert_eq!(entries.len(), 1, "{entries:?}");
        assert_eq!(
            (entries[0].size, entries[0].sha1.as_str()),
            (7, sha1.as_str())
        );
        assert!(
            !collection.media_staging_dir().exists(),
            "nothing left staged"
        );
    }
}
