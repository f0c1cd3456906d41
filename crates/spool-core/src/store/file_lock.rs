//! The lock that gives a collection to one process at a time.
//!
//! On Unix it is an advisory `flock` on the database file itself, so it belongs to the file
//! however it is reached: by its name, through a hard link or a symbolic link. A lock file
//! beside the collection would sit beside one name only, and a second name would get a
//! second lock while both processes wrote the same file through separate WAL files.
//! SQLite's own locks are POSIX record locks, which are separate from `flock`; closing any
//! descriptor of a file drops the process's POSIX locks on it, so [`super::Collection`]
//! closes this descriptor only after SQLite has closed its own.
//!
//! Elsewhere a whole-file lock would stop SQLite reading the file, so the lock is a file
//! beside the resolved path: the same file however it is named, unless hard-linked.

use std::fs::{File, OpenOptions};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The collection file, found and locked.
#[derive(Debug)]
pub(super) struct LockedFile {
    /// Held open for as long as the collection is; the lock goes with it.
    pub(super) lock: File,
    /// The file's own path, links followed: SQLite opens it here, so its WAL is the file's
    /// whatever name it was reached by.
    pub(super) resolved: PathBuf,
    /// The file did not exist, and this open made it (empty, as SQLite makes it).
    pub(super) created: bool,
}

/// Removes a collection file that [`lock`] made, and what SQLite made beside it, for a
/// collection that was then refused. Call it once the file's lock is dropped.
pub(super) fn remove_made(resolved: &Path) {
    let _ = std::fs::remove_file(resolved);
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = resolved.as_os_str().to_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(name);
    }
    #[cfg(not(unix))]
    let _ = std::fs::remove_file(side_lock_path(resolved));
}

/// Finds the file `path` names (creating it empty if it does not exist) and takes its
/// lock, or says the collection is in use.
pub(super) fn lock(path: &Path) -> Result<LockedFile> {
    let io_error = |error| Error::Io {
        path: path.to_path_buf(),
        error,
    };
    let (resolved, created) = match std::fs::canonicalize(path) {
        Ok(resolved) => (resolved, false),
        Err(error) if error.kind() == ErrorKind::NotFound => {
            let resolved = resolve_new(path).map_err(io_error)?;
            match OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&resolved)
            {
                Ok(_) => (resolved, true),
                // Made by someone else meanwhile: it is theirs, and is opened as any other.
                Err(error) if error.kind() == ErrorKind::AlreadyExists => (resolved, false),
                Err(error) => return Err(io_error(error)),
            }
        }
        Err(error) => return Err(io_error(error)),
    };
    let lock = match open_lock(&resolved) {
        Ok(lock) => lock,
        Err(error) => {
            if created {
                remove_made(&resolved);
            }
            return Err(io_error(error));
        }
    };
    let locked = LockedFile {
        lock,
        resolved,
        created,
    };
    let refused = match locked.lock.try_lock() {
        Ok(()) => return Ok(locked),
        Err(std::fs::TryLockError::WouldBlock) => Error::CollectionLocked {
            path: path.to_path_buf(),
        },
        Err(std::fs::TryLockError::Error(error)) => io_error(error),
    };
    if locked.created {
        drop(locked.lock);
        remove_made(&locked.resolved);
    }
    Err(refused)
}

/// Where a file not made yet will be: its folder resolved, then its name.
fn resolve_new(path: &Path) -> std::io::Result<PathBuf> {
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(ErrorKind::InvalidInput, "the path does not name a file")
    })?;
    let folder = match path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        Some(dir) => std::fs::canonicalize(dir)?,
        None => std::env::current_dir()?,
    };
    Ok(folder.join(name))
}

/// A descriptor to lock: the database file itself. Read access is enough for `flock`,
/// and lets a file that cannot be written be locked and read.
#[cfg(unix)]
fn open_lock(resolved: &Path) -> std::io::Result<File> {
    File::open(resolved)
}

#[cfg(not(unix))]
fn open_lock(resolved: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(side_lock_path(resolved))
}

#[cfg(not(unix))]
fn side_lock_path(resolved: &Path) -> PathBuf {
    let mut name = resolved.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    resolved.with_file_name(name)
}
