//! Opening a collection that cannot be written.
//!
//! SQLite opened read-write on such a file fails only at the first write, with
//! "attempt to write a readonly database" and no path, and in WAL mode it makes a `-shm`
//! beside the file first, with the file's own permissions: after a `chmod 644` that stale
//! `-shm` goes on failing writes. So a collection whose file or folder cannot be written
//! is opened `immutable`, which makes SQLite take no locks and create nothing, and the
//! store refuses every write itself with one clear message (see [`Error::ReadOnly`]).
//! Nothing can change the file meanwhile: another Spool would need the lock we hold.

use std::fs::OpenOptions;
use std::io::ErrorKind;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::backup::uri_path;
use super::migrations::SCHEMA_VERSION;
use crate::error::{Error, Result};

/// Whether the collection at `resolved` (an existing file) cannot be written, or its folder
/// cannot take the write-ahead log beside it.
pub(super) fn cannot_write(resolved: &Path) -> bool {
    let file_refused = matches!(
        OpenOptions::new().write(true).open(resolved),
        Err(error) if matches!(error.kind(), ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem)
    );
    file_refused
        || resolved
            .parent()
            .is_some_and(|folder| !folder_writable(folder))
}

#[cfg(unix)]
fn folder_writable(folder: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(path) = std::ffi::CString::new(folder.as_os_str().as_bytes()) else {
        return true;
    };
    // SAFETY: `path` is a valid NUL-terminated string for the duration of the call.
    unsafe { libc::faccessat(libc::AT_FDCWD, path.as_ptr(), libc::W_OK, libc::AT_EACCESS) == 0 }
}

#[cfg(not(unix))]
fn folder_writable(folder: &Path) -> bool {
    !std::fs::metadata(folder).is_ok_and(|meta| meta.permissions().readonly())
}

/// A connection that reads the collection and can write nothing, anywhere.
pub(super) fn connect(path: &Path, resolved: &Path) -> Result<Connection> {
    let mut wal = resolved.as_os_str().to_os_string();
    wal.push("-wal");
    if std::fs::metadata(&wal).is_ok_and(|meta| meta.len() > 0) {
        // `immutable` would read the file without the commits still in its log.
        return Err(Error::Io {
            path: path.to_path_buf(),
            error: std::io::Error::new(
                ErrorKind::PermissionDenied,
                "it has changes in its write-ahead log that only a writable collection can take in; make the file and its folder writable",
            ),
        });
    }
    Connection::open_with_flags(
        format!("file:{}?immutable=1", uri_path(resolved)),
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|error| Error::Io {
        path: path.to_path_buf(),
        error: std::io::Error::other(error.to_string()),
    })
}

/// A read-only collection is read as it is: one that needs upgrading, or an empty file,
/// cannot be.
pub(super) fn check_version(path: &Path, version: i64) -> Result<()> {
    let refuse = |reason: String| Error::NotACollection {
        path: path.to_path_buf(),
        reason,
    };
    match version {
        0 => Err(refuse(
            "the file is empty and cannot be written to make it one".into(),
        )),
        SCHEMA_VERSION => Ok(()),
        older => Err(refuse(format!(
            "it has schema version {older}, made by an older Spool, and upgrading it needs write permission"
        ))),
    }
}
