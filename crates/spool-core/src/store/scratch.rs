//! The collection's scratch folder: where imports unpack packages and exports assemble them.
//!
//! It sits beside the collection (`<file name>-scratch`), not in the system's temporary folder, so
//! whatever a crash leaves there is found again: opening the collection empties it. Only
//! the process holding the collection's lock uses it, so nothing in it can still be in use
//! when it is emptied. Being on the collection's file system also lets finished files be
//! renamed into place rather than copied.

use std::fs;
use std::path::PathBuf;

use super::Collection;
use crate::error::{Error, Result};

impl Collection {
    /// The scratch folder's path. It is made for a job and removed when the collection
    /// closes or next opens.
    pub fn scratch_path(&self) -> PathBuf {
        // Named after the whole file name, as SQLite names its `-wal`, so that no folder of
        // the user's (`notes.tmp`, say) can be taken for it and emptied.
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push("-scratch");
        self.path.with_file_name(name)
    }

    /// The scratch folder, made if missing, for temporary files of one job.
    pub fn scratch_dir(&self) -> Result<PathBuf> {
        let path = self.scratch_path();
        fs::create_dir_all(&path).map_err(|error| Error::Io {
            path: path.clone(),
            error,
        })?;
        Ok(path)
    }

    /// Removes the scratch folder with whatever is in it. One that cannot be removed is
    /// left for the next try: litter must not keep a collection from opening or closing.
    pub(super) fn remove_scratch(&self) {
        let _ = fs::remove_dir_all(self.scratch_path());
    }
}
