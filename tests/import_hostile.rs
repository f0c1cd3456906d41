//! Damaged and malicious packages, built in-test: each must fail with a message that names
//! the problem, never panic or exhaust resources.

use std::io::Write;
use std::path::PathBuf;

use spool::import::{Limits, read_package};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

struct Entry {
    name: String,
    data: Vec<u8>,
    method: CompressionMethod,
}

fn stored(name: &str, data: impl Into<Vec<u8>>) -> Entry {
    Entry {
        name: name.into(),
        data: data.into(),
        method: CompressionMethod::Stored,
    }
}

fn deflated(name: &str, data: impl Into<Vec<u8>>) -> Entry {
    Entry {
        name: name.into(),
        data: data.into(),
        method: CompressionMethod::Deflated,
    }
}

fn zip_bytes(entries: &[Entry]) -> Vec<u8> {
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

/// A package file on disk, deleted with the returned directory.
fn package_file(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.apkg");
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

fn import_error_with(bytes: &[u8], limits: &Limits) -> String {
    let (_dir, path) = package_file(bytes);
    match read_package(&path, limits) {
        Ok(batch) => panic!("expected an error, read {} notes", batch.notes.len()),
        Err(error) => {
            let message = error.to_string();
            assert!(
                message.starts_with(&path.display().to_string()),
                "names the file: {message}"
            );
            assert!(!message.contains('\n'), "one line: {message}");
            message
        }
    }
}

fn import_error(entries: &[Entry]) -> String {
    import_error_with(&zip_bytes(entries), &Limits::default())
}

fn assert_mentions(message: &str, expected: &[&str]) {
    for part in expected {
        assert!(
            message.contains(part),
            "{message:?} should mention {part:?}"
        );
    }
}

/// A minimal schema 11 collection (tables from Anki's `schema11.sql`): note type 1 "Basic"
/// with fields Front/Back, deck 1, note 1 and its card 1; then `changes` is run on it.
fn schema11_collection(changes: &str) -> Vec<u8> {
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
fn legacy_package(collection: Vec<u8>, media: &[(&str, &[u8])]) -> Vec<Entry> {
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

#[test]
fn the_minimal_package_is_valid() {
    // The hostile cases below each change one thing in this package.
    let (_dir, path) = package_file(&zip_bytes(&legacy_package(
        schema11_collection(""),
        &[("a.png", b"png")],
    )));
    let batch = read_package(&path, &Limits::default()).unwrap();
    assert_eq!(batch.notes[0].fields, ["front", "back"]);
    assert_eq!(batch.notes[0].tags, ["tag"]);
    assert_eq!(batch.cards.len(), 1);
    assert_eq!(batch.media[0].name, "a.png");
    assert_eq!(std::fs::read(batch.media[0].path()).unwrap(), b"png");
}

#[test]
fn not_a_zip() {
    let message = import_error_with(b"just some text, not an archive", &Limits::default());
    assert_mentions(&message, &["not a zip archive"]);
}

#[test]
fn truncated_zip() {
    let bytes = zip_bytes(&legacy_package(schema11_collection(""), &[]));
    let message = import_error_with(&bytes[..bytes.len() / 2], &Limits::default());
    assert_mentions(&message, &["damaged or truncated zip archive"]);
}

#[test]
fn zip_bomb_past_the_total_size_limit() {
    let entries = legacy_package(schema11_collection(""), &[("big.bin", &vec![0; 2 << 20])]);
    let limits = Limits {
        max_total_bytes: 1 << 20,
        ..Limits::default()
    };
    let message = import_error_with(&zip_bytes(&entries), &limits);
    assert_mentions(&message, &["past the limit of 1048576 bytes", "zip bomb"]);
}

#[test]
fn zip_bomb_past_the_compression_ratio() {
    let mut entries = legacy_package(schema11_collection(""), &[]);
    entries[1] = stored("media", r#"{"0": "zeros.bin"}"#);
    entries.push(deflated("0", vec![0; 8 << 20]));
    let limits = Limits {
        max_compression_ratio: 50,
        ..Limits::default()
    };
    let message = import_error_with(&zip_bytes(&entries), &limits);
    assert_mentions(&message, &["\"0\"", "more than 50 times", "zip bomb"]);
}

#[test]
fn zstd_bomb_inside_a_latest_package_under_default_limits() {
    let zeros = zstd::encode_all(std::io::Read::take(std::io::repeat(0), 16 << 20), 19).unwrap();
    // PackageMetadata { version: VERSION_LATEST (3) }: field 1, varint.
    let message = import_error(&[
        stored("meta", [0x08, 3]),
        stored("collection.anki21b", zeros),
    ]);
    assert_mentions(&message, &["collection.anki21b", "more than 1000 times"]);
}

#[test]
fn too_many_entries() {
    let mut entries = legacy_package(schema11_collection(""), &[]);
    entries.extend((0..20).map(|index| stored(&format!("extra{index}"), "")));
    let limits = Limits {
        max_entries: 10,
        ..Limits::default()
    };
    let message = import_error_with(&zip_bytes(&entries), &limits);
    assert_mentions(&message, &["22 entries", "limit of 10"]);
}

#[test]
fn unsafe_media_names() {
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
        let message = import_error(&legacy_package(schema11_collection(""), &[(name, b"x")]));
        assert_mentions(&message, &["unsafe name", reason]);
        assert!(
            message.contains(&format!("{name:?}")),
            "{message:?} names {name:?}"
        );
    }
}

#[test]
fn media_names_equal_after_case_folding() {
    let entries = legacy_package(
        schema11_collection(""),
        &[("Photo.PNG", b"1"), ("photo.png", b"2")],
    );
    let message = import_error(&entries);
    assert_mentions(&message, &["\"Photo.PNG\"", "\"photo.png\"", "same name"]);
}

#[test]
fn media_list_names_a_missing_entry() {
    let mut entries = legacy_package(schema11_collection(""), &[]);
    entries[1] = stored("media", r#"{"7": "ghost.png"}"#);
    assert_mentions(
        &import_error(&entries),
        &["\"ghost.png\"", "zip entry \"7\"", "no such zip entry"],
    );
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
fn schema18_collection() -> Vec<u8> {
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

fn latest_package(media_name: &str, listed_sha1: Vec<u8>, contents: &[u8]) -> Vec<Entry> {
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

#[test]
fn the_minimal_latest_package_is_valid() {
    let sha1 = sha1_smol::Sha1::from(b"png").digest().bytes().to_vec();
    let (_dir, path) = package_file(&zip_bytes(&latest_package("a.png", sha1, b"png")));
    let batch = read_package(&path, &Limits::default()).unwrap();
    assert_eq!(batch.decks[0].name, "Parent::Child");
    assert_eq!(batch.notes[0].fields, ["front", "back"]);
    assert_eq!(std::fs::read(batch.media[0].path()).unwrap(), b"png");
}

#[test]
fn latest_media_whose_contents_do_not_match_the_listed_sha1() {
    let message = import_error(&latest_package("a.png", vec![0; 20], b"png"));
    assert_mentions(&message, &["\"a.png\"", "SHA-1"]);
}

#[test]
fn unsafe_media_name_in_a_latest_package() {
    let sha1 = sha1_smol::Sha1::from(b"png").digest().bytes().to_vec();
    let message = import_error(&latest_package("../a.png", sha1, b"png"));
    assert_mentions(&message, &["\"../a.png\"", "unsafe name"]);
}

#[test]
fn corrupt_sqlite() {
    let mut garbage = b"SQLite format 3\0".to_vec();
    garbage.extend((0..4096u32).map(|index| (index * 7919 % 251) as u8));
    let message = import_error(&legacy_package(garbage, &[]));
    assert_mentions(
        &message,
        &["collection.anki2", "not a readable SQLite collection"],
    );
}

#[test]
fn unknown_schema_version() {
    let message = import_error(&legacy_package(
        schema11_collection("update col set ver = 15"),
        &[],
    ));
    assert_mentions(
        &message,
        &["collection.anki2", "schema version 15", "11 and 18"],
    );
}

#[test]
fn package_from_a_newer_anki() {
    let message = import_error(&[stored("meta", [0x08, 9])]);
    assert_mentions(&message, &["version 9", "newer Anki"]);
}

#[test]
fn package_without_its_collection() {
    let message = import_error(&[stored("media", "{}")]);
    assert_mentions(&message, &["no \"collection.anki2\" entry"]);
}

#[test]
fn invalid_utf8_in_a_note() {
    let changes = "update notes set flds = cast(x'66ff1f62' as text)";
    let message = import_error(&legacy_package(schema11_collection(changes), &[]));
    assert_mentions(&message, &["note 1, fields", "not valid UTF-8"]);
}

#[test]
fn field_over_the_size_limit() {
    let changes = "update notes set flds = 'front' || char(31) || printf('%.*c', 2000000, 'x')";
    let message = import_error(&legacy_package(schema11_collection(changes), &[]));
    assert_mentions(
        &message,
        &[
            "note 1, field \"Back\"",
            "2000000 bytes",
            "limit of 1048576",
        ],
    );
}

#[test]
fn note_with_a_missing_note_type() {
    let message = import_error(&legacy_package(
        schema11_collection("update notes set mid = 999"),
        &[],
    ));
    assert_mentions(&message, &["note 1", "note type 999 is not in the package"]);
}

#[test]
fn note_with_the_wrong_number_of_fields() {
    let message = import_error(&legacy_package(
        schema11_collection("update notes set flds = 'only one'"),
        &[],
    ));
    assert_mentions(&message, &["note 1", "has 1 fields", "\"Basic\" has 2"]);
}

#[test]
fn card_with_a_missing_note() {
    let message = import_error(&legacy_package(
        schema11_collection("update cards set nid = 5"),
        &[],
    ));
    assert_mentions(&message, &["card 1", "note 5 is not in the package"]);
}

#[test]
fn card_with_a_missing_deck() {
    let message = import_error(&legacy_package(
        schema11_collection("update cards set did = 77"),
        &[],
    ));
    assert_mentions(&message, &["card 1", "deck 77 is not in the package"]);
}

#[test]
fn review_for_a_missing_card() {
    let changes = "insert into revlog values (1700000000000, 42, 0, 3, 1, 0, 2500, 1000, 1)";
    let message = import_error(&legacy_package(schema11_collection(changes), &[]));
    assert_mentions(
        &message,
        &[
            "review log entry 1700000000000",
            "card 42 is not in the package",
        ],
    );
}

#[test]
fn invalid_note_type_json() {
    let message = import_error(&legacy_package(
        schema11_collection("update col set models = '{oops'"),
        &[],
    ));
    assert_mentions(&message, &["col.models", "invalid JSON"]);
}
