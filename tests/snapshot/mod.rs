//! Everything a collection holds, to compare before and after an operation that must not
//! change it: every table's rows and the files of its media folder.
#![allow(dead_code)] // each test binary uses a different part of this module

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// Table name to its rows, each row rendered as text, sorted.
    pub tables: BTreeMap<String, Vec<String>>,
    /// Media folder and staging folder file names with their contents.
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Reads the collection at `path` through its own read-only connection.
pub fn snapshot(path: &Path) -> Snapshot {
    let db = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let names: Vec<String> = db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut tables = BTreeMap::new();
    for name in names {
        let mut statement = db.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap();
        let columns = statement.column_count();
        let mut rows: Vec<String> = statement
            .query_map([], |row| {
                let values: Vec<String> = (0..columns)
                    .map(|index| format!("{:?}", row.get_ref(index).unwrap()))
                    .collect();
                Ok(values.join("|"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        tables.insert(name, rows);
    }
    let stem = path.file_stem().unwrap().to_str().unwrap();
    let mut files = BTreeMap::new();
    for folder in [format!("{stem}.media"), format!("{stem}.media-staging")] {
        let Ok(entries) = std::fs::read_dir(path.with_file_name(&folder)) else {
            continue;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let key = format!("{folder}/{}", entry.file_name().to_string_lossy());
            files.insert(key, std::fs::read(entry.path()).unwrap());
        }
    }
    Snapshot { tables, files }
}
