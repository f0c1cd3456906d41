//! Which of a batch's media files the collection lacks, and under what names they go in.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::import::model::MediaFile;
use crate::store::Collection;
use crate::store::media::{MediaEntry, file_sha1, media_entry};

/// Which of a batch's media files are new to the collection, and under what names.
pub(super) struct MediaPlan<'b> {
    /// Files to add: where the batch keeps them (`None` when the media folder already holds
    /// the same file without a row), and their rows.
    pub new: Vec<(Option<&'b Path>, MediaEntry)>,
    /// Batch names whose files went in under another name because the collection has a
    /// different file by that name; references in imported fields follow them.
    pub renamed: HashMap<String, String>,
}

/// Whether the collection already has a file called `name`, and if so whether it is `sha1`.
enum NameUse {
    Free,
    Same { listed: bool },
    Different,
}

impl<'b> MediaPlan<'b> {
    pub fn new(collection: &Collection, files: &'b [MediaFile]) -> Result<Self> {
        let mut plan = Self {
            new: Vec::new(),
            renamed: HashMap::new(),
        };
        for file in files {
            let sha1 = file.sha1_hex();
            let mut name = file.name.clone();
            let mut use_of_name = name_use(collection, &name, &sha1)?;
            if matches!(use_of_name, NameUse::Different) {
                name = name_with_hash(&file.name, &sha1);
                use_of_name = name_use(collection, &name, &sha1)?;
                if matches!(use_of_name, NameUse::Different) {
                    return Err(Error::Media(format!(
                        "{:?}: the collection already has different files named {:?} and {name:?}",
                        file.name, file.name
                    )));
                }
                plan.renamed.insert(file.name.clone(), name.clone());
            }
            let entry = MediaEntry {
                name,
                sha1,
                size: file.size,
            };
            match use_of_name {
                NameUse::Free => plan.new.push((Some(file.path()), entry)),
                NameUse::Same { listed: false } => plan.new.push((None, entry)),
                NameUse::Same { listed: true } | NameUse::Different => {}
            }
        }
        Ok(plan)
    }

    pub fn to_stage(&self) -> Vec<(&Path, &str)> {
        self.new
            .iter()
            .filter_map(|(source, entry)| Some(((*source)?, entry.name.as_str())))
            .collect()
    }
}

fn name_use(collection: &Collection, name: &str, sha1: &str) -> Result<NameUse> {
    // Names are unique without regard to case (the media folder may live on a file system
    // that ignores it), but a reference must spell the name exactly: a file listed as
    // `A.png` does not serve `a.png`, which then goes in under a hashed name.
    if let Some(row) = media_entry(&collection.conn, name)? {
        return Ok(if row.sha1 == sha1 && row.name == name {
            NameUse::Same { listed: true }
        } else {
            NameUse::Different
        });
    }
    let on_disk = collection.media_dir().join(name);
    if !on_disk.exists() {
        return Ok(NameUse::Free);
    }
    Ok(if file_sha1(&on_disk)? == sha1 {
        NameUse::Same { listed: false }
    } else {
        NameUse::Different
    })
}

/// `photo.png` with SHA-1 `ab12…` becomes `photo_ab12cd34.png`.
fn name_with_hash(name: &str, sha1: &str) -> String {
    let hash = &sha1[..8];
    match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => format!("{stem}_{hash}.{extension}"),
        _ => format!("{name}_{hash}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_keep_the_extension() {
        let sha1 = "0123456789abcdef0123456789abcdef01234567";
        assert_eq!(name_with_hash("photo.png", sha1), "photo_01234567.png");
        assert_eq!(name_with_hash("README", sha1), "README_01234567");
        assert_eq!(name_with_hash(".hidden", sha1), ".hidden_01234567");
    }
}
