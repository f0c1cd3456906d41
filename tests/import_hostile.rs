//! Damaged and malicious packages, built in-test (`packages::hostile_corpus`): each must fail
//! with a message that names the problem, never panic or exhaust resources.

mod packages;

use std::path::PathBuf;

use packages::{
    hostile_corpus, latest_package, legacy_package, schema11_collection, sha1_of, zip_bytes,
};
use spool_core::import::{Limits, read_package};

/// A package file on disk, deleted with the returned directory.
fn package_file(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.apkg");
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

#[test]
fn the_minimal_package_is_valid() {
    // The hostile cases each change one thing in this package.
    let (_dir, path) = package_file(&zip_bytes(&legacy_package(
        schema11_collection(""),
        &[("a.png", b"png")],
    )));
    let scratch = tempfile::tempdir().unwrap();
    let batch = read_package(&path, &Limits::default(), scratch.path()).unwrap();
    assert_eq!(batch.notes[0].fields, ["front", "back"]);
    assert_eq!(batch.notes[0].tags, ["tag"]);
    assert_eq!(batch.cards.len(), 1);
    assert_eq!(batch.media[0].name, "a.png");
    assert_eq!(std::fs::read(batch.media[0].path()).unwrap(), b"png");
}

#[test]
fn the_minimal_latest_package_is_valid() {
    let (_dir, path) = package_file(&zip_bytes(&latest_package(
        "a.png",
        sha1_of(b"png"),
        b"png",
    )));
    let scratch = tempfile::tempdir().unwrap();
    let batch = read_package(&path, &Limits::default(), scratch.path()).unwrap();
    assert_eq!(batch.decks[0].name, "Parent::Child");
    assert_eq!(batch.notes[0].fields, ["front", "back"]);
    assert_eq!(std::fs::read(batch.media[0].path()).unwrap(), b"png");
}

#[test]
fn every_hostile_package_fails_with_a_message_naming_the_problem() {
    let scratch = tempfile::tempdir().unwrap();
    for case in hostile_corpus() {
        let (_dir, path) = package_file(&case.bytes);
        let message = match read_package(&path, &case.limits, scratch.path()) {
            Ok(batch) => panic!(
                "{}: expected an error, read {} notes",
                case.name,
                batch.notes.len()
            ),
            Err(error) => error.to_string(),
        };
        assert!(
            message.starts_with(&path.display().to_string()),
            "{}: names the file: {message}",
            case.name
        );
        assert!(
            !message.contains('\n'),
            "{}: one line: {message}",
            case.name
        );
        assert_eq!(
            std::fs::read_dir(scratch.path()).unwrap().count(),
            0,
            "{}: a refused package leaves nothing unpacked",
            case.name
        );
        for part in &case.expected {
            assert!(
                message.contains(part.as_str()),
                "{}: {message:?} should mention {part:?}",
                case.name
            );
        }
    }
}
