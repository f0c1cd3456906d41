//! Anki packages built in-test: a minimal valid package of each kind, and the hostile
//! corpus of damaged and malicious ones that every import path must refuse cleanly.
#![allow(dead_code)] // each test binary uses a different part of this module

use std::io::Write;

use spool_core::import::Limits;
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

pub struct Entry {
    name: String,
    data: Vec<u8>,
    method: CompressionMethod,
}

pub fn stored(name: &str, data: impl Into<Vec<u8>>) -> Entry {
    Entry {
        name: name.into(),
        data: data.into(),
        method: CompressionMethod::Stored,
    }
}

pub fn deflated(name: &str, data: impl Into<Vec<u8>>) -> Entry {
    Entry {
        name: name.into(),
        data: data.into(),
        method: CompressionMethod::Deflated,
    }
}

pub fn zip_bytes(entries: &[Entry]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for entry in entries {
        zip.start_file(
            entry.name.as_str(),
            SimpleFileOptions::default().compression_method(entry.method),
        )
        .unwrap();
        zip.write_all(&entry.data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A minimal schema 11 collection (tables from Anki's `schema11.sql`): note type 1 "Basic"
/// with fields Front/Back, deck 1, note 1 and its card 1; then `changes` is run on it.
pub fn schema11_collection(changes: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("collection.anki2");
    let db = rusqlite::Connection::open(&path).unwrap();
    let models = r#"{"1": {"id": 1, "name": "Basic", "type": 0,
        "flds": [{"name": "Front"}, {"name": "Back"}],
        "tmpls": [{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{Back}}"}], "css": ""}}"#;
    let decks = r#"{"1": {"id": 1, "name": "Default", "dyn": 0}}"#;
    db.execute_batch(
        "create table col (id integer primary key, crt integer not null, mod integer not null,
           scm integer not null, ver integer not null, dty integer not null, usn integer not null,
           ls integer not null, conf text not null, models text not null, decks text not null,
           dconf text not null, tags text not null);
         create table notes (id integer primary key, guid text not null, mid integer not null,
           mod integer not null, usn integer not null, tags text not null, flds text not null,
           sfld integer not null, csum integer not null, flags integer not null, data text not null);
         create table cards (id integer primary key, nid integer not null, did integer not null,
           ord integer not null, mod integer not null, usn integer not null, type integer not null,
           queue integer not null, due integer not null, ivl integer not null, factor integer not null,
           reps integer not null, lapses integer not null, left integer not null, odue integer not null,
           odid integer not null, flags integer not null, data text not null);
         create table revlog (id integer primary key, cid integer not null, usn integer not null,
           ease integer not null, ivl integer not null, lastIvl integer not null,
           factor integer not null, time integer not null, type integer not null);
         insert into notes values (1, 'guid1', 1, 0, 0, ' tag ', 'front' || char(31) || 'back', 'front', 0, 0, '');
         insert into cards values (1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, '');",
    )
    .unwrap();
    db.execute(
        "insert into col values (1, 1700000000, 0, 0, 11, 0, 0, 0, '{}', ?1, ?2, '{}', '{}')",
        [models, decks],
    )
    .unwrap();
    db.execute_batch(changes).unwrap();
    drop(db);
    std::fs::read(&path).unwrap()
}

/// A legacy package: `collection.anki2`, a JSON media list and media files.
pub fn legacy_package(collection: Vec<u8>, media: &[(&str, &[u8])]) -> Vec<Entry> {
    let list: serde_json::Map<String, serde_json::Value> = media
        .iter()
        .enumerate()
        .map(|(index, (name, _))| (index.to_string(), serde_json::Value::from(*name)))
        .collect();
    let mut entries = vec![
        deflated("collection.anki2", collection),
        stored("media", serde_json::to_vec(&list).unwrap()),
    ];
    for (index, (_, data)) in media.iter().enumerate() {
        entries.push(stored(&index.to_string(), data.to_vec()));
    }
    entries
}

#[derive(Clone, PartialEq, prost::Message)]
struct MediaEntries {
    #[prost(message, repeated, tag = "1")]
    entries: Vec<MediaEntry>,
}

/// Anki's `MediaEntries.MediaEntry`.
#[derive(Clone, PartialEq, prost::Message)]
struct MediaEntry {
    #[prost(string, tag = "1")]
    name: String,
    #[prost(uint32, tag = "2")]
    size: u32,
    #[prost(bytes = "vec", tag = "3")]
    sha1: Vec<u8>,
}

/// The minimal collection upgraded to schema 18: the tables of Anki's
/// `schema14_upgrade.sql`/`schema15_upgrade.sql` with empty protobuf configs (all defaults).
pub fn schema18_collection() -> Vec<u8> {
    schema11_collection(
        "create table notetypes (id integer not null primary key, name text not null,
           mtime_secs integer not null, usn integer not null, config blob not null);
         create table fields (ntid integer not null, ord integer not null, name text not null,
           config blob not null, primary key (ntid, ord)) without rowid;
         create table templates (ntid integer not null, ord integer not null, name text not null,
           mtime_secs integer not null, usn integer not null, config blob not null,
           primary key (ntid, ord)) without rowid;
         create table decks (id integer primary key not null, name text not null,
           mtime_secs integer not null, usn integer not null, common blob not null, kind blob not null);
         create table config (key text not null primary key, usn integer not null,
           mtime_secs integer not null, val blob not null) without rowid;
         insert into notetypes values (1, 'Basic', 0, 0, x'');
         insert into fields values (1, 0, 'Front', x''), (1, 1, 'Back', x'');
         insert into templates values (1, 0, 'Card 1', 0, 0, x'');
         insert into decks values (1, 'Parent' || char(31) || 'Child', 0, 0, x'', x'');
         update col set ver = 18, models = '', decks = '';",
    )
}

pub fn latest_package(media_name: &str, listed_sha1: Vec<u8>, contents: &[u8]) -> Vec<Entry> {
    use prost::Message;
    let list = MediaEntries {
        entries: vec![MediaEntry {
            name: media_name.into(),
            size: contents.len() as u32,
            sha1: listed_sha1,
        }],
    };
    vec![
        // PackageMetadata { version: VERSION_LATEST (3) }: field 1, varint.
        stored("meta", [0x08, 3]),
        stored(
            "collection.anki21b",
            zstd::encode_all(schema18_collection().as_slice(), 0).unwrap(),
        ),
        stored(
            "media",
            zstd::encode_all(list.encode_to_vec().as_slice(), 0).unwrap(),
        ),
        stored("0", zstd::encode_all(contents, 0).unwrap()),
    ]
}

/// A package every import must refuse, and what its one-line message must mention.
pub struct HostileCase {
    pub name: String,
    pub bytes: Vec<u8>,
    /// The limits it is read with (lowered where the default limits make a case too big).
    pub limits: Limits,
    pub expected: Vec<String>,
}

fn case(name: &str, entries: &[Entry], expected: &[&str]) -> HostileCase {
    case_with(name, zip_bytes(entries), Limits::default(), expected)
}

fn case_with(name: &str, bytes: Vec<u8>, limits: Limits, expected: &[&str]) -> HostileCase {
    HostileCase {
        name: name.into(),
        bytes,
        limits,
        expected: expected.iter().map(|part| part.to_string()).collect(),
    }
}

/// Every hostile package, each changing one thing in a minimal valid one.
pub fn hostile_corpus() -> Vec<HostileCase> {
    let minimal = || legacy_package(schema11_collection(""), &[]);
    let with_changes = |changes: &str| legacy_package(schema11_collection(changes), &[]);
    let mut corpus = vec![
        case_with(
            "not a zip",
            b"just some text, not an archive".to_vec(),
            Limits::default(),
            &["not a zip archive"],
        ),
        {
            let bytes = zip_bytes(&minimal());
            case_with(
                "truncated zip",
                bytes[..bytes.len() / 2].to_vec(),
                Limits::default(),
                &["damaged or truncated zip archive"],
            )
        },
        case_with(
            "zip bomb past the total size limit",
            zip_bytes(&legacy_package(
                schema11_collection(""),
                &[("big.bin", &vec![0; 2 << 20])],
            )),
            Limits {
                max_total_bytes: 1 << 20,
                ..Limits::default()
            },
            &["past the limit of 1048576 bytes", "zip bomb"],
        ),
        {
            let mut entries = minimal();
            entries[1] = stored("media", r#"{"0": "zeros.bin"}"#);
            entries.push(deflated("0", vec![0; 8 << 20]));
            case_with(
                "zip bomb past the compression ratio",
                zip_bytes(&entries),
                Limits {
                    max_compression_ratio: 50,
                    ..Limits::default()
                },
                &["\"0\"", "more than 50 times", "zip bomb"],
            )
        },
        {
            let zeros =
                zstd::encode_all(std::io::Read::take(std::io::repeat(0), 16 << 20), 19).unwrap();
            // PackageMetadata { version: VERSION_LATEST (3) }: field 1, varint.
            case(
                "zstd bomb inside a latest package under default limits",
                &[
                    stored("meta", [0x08, 3]),
                    stored("collection.anki21b", zeros),
                ],
                &["collection.anki21b", "more than 1000 times"],
            )
        },
        {
            let mut entries = minimal();
            entries.extend((0..20).map(|index| stored(&format!("extra{index}"), "")));
            case_with(
                "too many entries",
                zip_bytes(&entries),
                Limits {
                    max_entries: 10,
                    ..Limits::default()
                },
                &["22 entries", "limit of 10"],
            )
        },
        case(
            "media names equal after case folding",
            &legacy_package(
                schema11_collection(""),
                &[("Photo.PNG", b"1"), ("photo.png", b"2")],
            ),
            &["\"Photo.PNG\"", "\"photo.png\"", "same name"],
        ),
        {
            let mut entries = minimal();
            entries[1] = stored("media", r#"{"7": "ghost.png"}"#);
            case(
                "media list names a missing entry",
                &entries,
                &["\"ghost.png\"", "zip entry \"7\"", "no such zip entry"],
            )
        },
        {
            // Four zip entries cannot hold five media files; nor can a list this long
            // be needed by four entries (1 KiB each, at least 64 KiB in all).
            let mut entries = minimal();
            let five: Vec<String> = (0..5).map(|i| format!(r#""{i}": "f{i}.png""#)).collect();
            entries[1] = stored("media", format!("{{{}}}", five.join(", ")));
            entries.truncate(2);
            entries.extend([stored("0", "a"), stored("1", "b")]);
            case(
                "media list naming more files than the package has entries",
                &entries,
                &["media list names 5 files", "only 4 zip entries"],
            )
        },
        {
            let mut entries = minimal();
            let names: Vec<String> = (0..4000)
                .map(|i| format!(r#""{i}": "file-{i:05}.png""#))
                .collect();
            entries[1] = stored("media", format!("{{{}}}", names.join(", ")));
            case(
                "media list larger than its package can need",
                &entries,
                &["media list is larger than 65536 bytes"],
            )
        },
        case(
            "latest media whose contents do not match the listed sha1",
            &latest_package("a.png", vec![0; 20], b"png"),
            &["\"a.png\"", "SHA-1"],
        ),
        case(
            "unsafe media name in a latest package",
            &latest_package("../a.png", sha1_of(b"png"), b"png"),
            &["\"../a.png\"", "unsafe name"],
        ),
        {
            let mut garbage = b"SQLite format 3\0".to_vec();
            garbage.extend((0..4096u32).map(|index| (index * 7919 % 251) as u8));
            case(
                "corrupt sqlite",
                &legacy_package(garbage, &[]),
                &["collection.anki2", "not a readable SQLite collection"],
            )
        },
        case(
            "unknown schema version",
            &with_changes("update col set ver = 15"),
            &["collection.anki2", "schema version 15", "11 and 18"],
        ),
        case(
            "package from a newer anki",
            &[stored("meta", [0x08, 9])],
            &["version 9", "newer Anki"],
        ),
        case(
            "package without its collection",
            &[stored("media", "{}")],
            &["no \"collection.anki2\" entry"],
        ),
        case(
            "invalid utf8 in a note",
            &with_changes("update notes set flds = cast(x'66ff1f62' as text)"),
            &["note 1, fields", "not valid UTF-8"],
        ),
        case(
            "field over the size limit",
            &with_changes(
                "update notes set flds = 'front' || char(31) || printf('%.*c', 2000000, 'x')",
            ),
            &[
                "note 1, field \"Back\"",
                "2000000 bytes",
                "limit of 1048576",
            ],
        ),
        case(
            "note with a missing note type",
            &with_changes("update notes set mid = 999"),
            &["note 1", "note type 999 is not in the package"],
        ),
        case(
            "note with the wrong number of fields",
            &with_changes("update notes set flds = 'only one'"),
            &["note 1", "has 1 fields", "\"Basic\" has 2"],
        ),
        case(
            "card with a missing note",
            &with_changes("update cards set nid = 5"),
            &["card 1", "note 5 is not in the package"],
        ),
        case(
            "card with a missing deck",
            &with_changes("update cards set did = 77"),
            &["card 1", "deck 77 is not in the package"],
        ),
        case(
            "two cards for one template of a note",
            &with_changes(
                "insert into cards values (2, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, '')",
            ),
            &[
                "card 2, column ord",
                "card 1 of note 1 already has template 0",
            ],
        ),
        case(
            "review for a missing card",
            &with_changes(
                "insert into revlog values (1700000000000, 42, 0, 3, 1, 0, 2500, 1000, 1)",
            ),
            &[
                "review log entry 1700000000000",
                "card 42 is not in the package",
            ],
        ),
        case(
            "invalid note type json",
            &with_changes("update col set models = '{oops'"),
            &["col.models", "invalid JSON"],
        ),
    ];
    for (name, reason) in [
        ("../../etc/evil.png", "parent"),
        ("/etc/passwd", "absolute path"),
        ("C:\\Windows\\evil.dll", "absolute path"),
        ("sub/dir.png", "path separator"),
        ("a\\b.png", "path separator"),
        ("nul\0byte.png", "NUL"),
        ("CON.png", "Windows reserves"),
        ("..", "parent"),
    ] {
        let mut hostile = case(
            &format!("unsafe media name {name:?}"),
            &legacy_package(schema11_collection(""), &[(name, b"x")]),
            &["unsafe name", reason],
        );
        hostile.expected.push(format!("{name:?}"));
        corpus.push(hostile);
    }
    corpus
}

pub fn sha1_of(bytes: &[u8]) -> Vec<u8> {
    sha1_smol::Sha1::from(bytes).digest().bytes().to_vec()
}
