//! Reads packages written by the real Anki library (and genanki) and compares the result
//! with what the anki library itself reports about the same data.
//!
//! `scripts/anki-fixtures.py` writes the packages and the expectations. It needs the pinned
//! `anki` and `genanki` packages in `.venv` (see the script). Without the venv these tests are
//! skipped with a warning, unless `SPOOL_REQUIRE_ANKI=1` or `CI=true`, which make a missing
//! venv fail.

use std::collections::BTreeMap;
use std::path::Path;

use spool_core::import::anki::{AnkiPackage, CardDue, CardState, ReviewKind};
use spool_core::import::model::{NotetypeKind, PackageVersion, SourceFormat};
use spool_core::import::{AnkiTextOptions, Limits, read_anki_text, read_package};

mod anki;

use anki::{
    Card, Contents, Deck, Due, Media, Note, Notetype, Review, Template, expected_in_apkg,
    fixture_dirs, load_dump,
};

impl Contents {
    fn from_package(batch: &AnkiPackage) -> Self {
        let source_id = |id: Option<i64>| id.expect("package records keep their source id");
        let guid = |note: usize| {
            batch.notes[note]
                .guid
                .clone()
                .expect("package notes have guids")
        };
        let notetypes = batch
            .notetypes
            .iter()
            .map(|notetype| {
                let definition = notetype
                    .definition
                    .as_ref()
                    .expect("packages define note types");
                Notetype {
                    id: source_id(notetype.source_id),
                    name: notetype.name.clone(),
                    kind: match definition.kind {
                        NotetypeKind::Standard => "standard",
                        NotetypeKind::Cloze => "cloze",
                    }
                    .into(),
                    fields: definition.fields.clone(),
                    templates: definition
                        .templates
                        .iter()
                        .map(|template| Template {
                            name: template.name.clone(),
                            question: template.question_format.clone(),
                            answer: template.answer_format.clone(),
                        })
                        .collect(),
                    css: definition.css.clone(),
                }
            })
            .collect();
        let decks = batch
            .decks
            .iter()
            .map(|deck| Deck {
                id: source_id(deck.source_id),
                name: deck.name.clone(),
            })
            .collect();
        let notes = batch
            .notes
            .iter()
            .enumerate()
            .map(|(index, note)| Note {
                guid: guid(index),
                notetype_id: source_id(batch.notetypes[note.notetype].source_id),
                fields: note.fields.clone(),
                tags: note.tags.clone(),
                modified: note
                    .modified
                    .expect("package notes have modification times"),
            })
            .collect();
        let cards = batch
            .cards
            .iter()
            .map(|card| Card {
                note_guid: guid(card.note),
                template: card.template,
                deck_id: source_id(batch.decks[card.deck].source_id),
                state: match card.state {
                    CardState::New => "new",
                    CardState::Learning => "learning",
                    CardState::Review => "review",
                    CardState::Relearning => "relearning",
                }
                .into(),
                suspended: card.suspended,
                interval_days: card.interval_days,
                ease_permille: card.ease_permille,
                reps: card.reps,
                lapses: card.lapses,
                due: match card.due {
                    CardDue::Position(value) => Due {
                        kind: "position".into(),
                        value,
                    },
                    CardDue::Time(value) => Due {
                        kind: "time".into(),
                        value,
                    },
                    CardDue::Day(value) => Due {
                        kind: "day".into(),
                        value,
                    },
                },
            })
            .collect();
        let revlog = batch
            .revlog
            .iter()
            .map(|entry| {
                let card = &batch.cards[entry.card];
                Review {
                    note_guid: guid(card.note),
                    template: card.template,
                    time_ms: entry.time_ms,
                    ease: entry.ease,
                    interval: entry.interval,
                    last_interval: entry.last_interval,
                    factor: entry.factor,
                    taken_ms: entry.taken_ms,
                    kind: match entry.kind {
                        ReviewKind::Learning => "learning",
                        ReviewKind::Review => "review",
                        ReviewKind::Relearning => "relearning",
                        ReviewKind::Filtered => "filtered",
                        ReviewKind::Manual => "manual",
                        ReviewKind::Rescheduled => "rescheduled",
                    }
                    .into(),
                }
            })
            .collect();
        let media = batch
            .media
            .iter()
            .map(|file| {
                let bytes = std::fs::read(file.path()).expect("staged media file is readable");
                assert_eq!(bytes.len() as u64, file.size, "{}: staged size", file.name);
                let sha1_of_staged = sha1_smol::Sha1::from(&bytes).digest().to_string();
                assert_eq!(
                    sha1_of_staged,
                    file.sha1_hex(),
                    "{}: staged contents",
                    file.name
                );
                Media {
                    name: file.name.clone(),
                    sha1: sha1_of_staged,
                }
            })
            .collect();
        Contents {
            notetypes,
            decks,
            notes,
            cards,
            revlog,
            media,
        }
        .sorted()
    }
}

fn read_fixture(dir: &Path, name: &str) -> AnkiPackage {
    read_package(&dir.join(name), &Limits::default(), &std::env::temp_dir())
        .unwrap_or_else(|error| panic!("{error}"))
}

fn assert_same_contents(actual: Contents, expected: Contents, package: &Path) {
    let package = package.display();
    // Compare piece by piece so a failure shows the part that differs.
    assert_eq!(
        actual.notetypes, expected.notetypes,
        "{package}: note types"
    );
    assert_eq!(actual.decks, expected.decks, "{package}: decks");
    assert_eq!(actual.notes, expected.notes, "{package}: notes");
    assert_eq!(actual.cards, expected.cards, "{package}: cards");
    assert_eq!(actual.revlog, expected.revlog, "{package}: review log");
    assert_eq!(actual.media, expected.media, "{package}: media");
}

#[test]
fn apkg_of_every_version_matches_the_anki_library() {
    for dir in fixture_dirs() {
        for (package, version) in [
            ("latest.apkg", PackageVersion::Latest),
            ("legacy2.apkg", PackageVersion::Legacy2),
            ("legacy1.apkg", PackageVersion::Legacy1),
        ] {
            let batch = read_fixture(dir, package);
            assert_eq!(
                batch.source.format,
                SourceFormat::AnkiPackage {
                    version,
                    whole_collection: false
                },
                "{package}"
            );
            let expected = expected_in_apkg(load_dump(dir, "expected.json"));
            assert_same_contents(Contents::from_package(&batch), expected, &dir.join(package));
        }
    }
}

#[test]
fn colpkg_of_every_version_matches_the_anki_library() {
    for dir in fixture_dirs() {
        for (package, version) in [
            ("latest.colpkg", PackageVersion::Latest),
            ("legacy.colpkg", PackageVersion::Legacy2),
        ] {
            let batch = read_fixture(dir, package);
            assert_eq!(
                batch.source.format,
                SourceFormat::AnkiPackage {
                    version,
                    whole_collection: true
                },
                "{package}"
            );
            let expected = load_dump(dir, "expected.json").contents.sorted();
            assert_same_contents(Contents::from_package(&batch), expected, &dir.join(package));
        }
    }
}

#[test]
fn genanki_package_matches_the_anki_library() {
    let Some(dir) = fixture_dirs().first() else {
        return;
    };
    let package = dir.join("genanki.apkg");
    let batch = read_fixture(dir, "genanki.apkg");
    assert_eq!(
        batch.source.format,
        SourceFormat::AnkiPackage {
            version: PackageVersion::Legacy1,
            whole_collection: false
        }
    );
    let expected = load_dump(dir, "genanki.json").contents.sorted();
    assert_same_contents(Contents::from_package(&batch), expected, &package);
}

#[test]
fn fixtures_cover_the_cases_the_importer_must_handle() {
    // Guards the comparison tests against a fixture script that silently stops producing
    // the interesting cases.
    let Some(dir) = fixture_dirs().first() else {
        return;
    };
    let contents = load_dump(dir, "expected.json").contents;
    let states: Vec<&str> = contents
        .cards
        .iter()
        .map(|card| card.state.as_str())
        .collect();
    for state in ["new", "learning", "review", "relearning"] {
        assert!(states.contains(&state), "no {state} card in the fixtures");
    }
    assert!(contents.cards.iter().any(|card| card.suspended));
    assert!(contents.cards.iter().any(|card| card.due.kind == "day"));
    assert!(
        contents
            .notetypes
            .iter()
            .any(|notetype| notetype.kind == "cloze")
    );
    assert!(
        contents
            .decks
            .iter()
            .any(|deck| deck.name.matches("::").count() >= 2)
    );
    assert!(contents.revlog.len() >= 5);
    assert!(contents.media.len() >= 2);
    let all_fields: String = contents
        .notes
        .iter()
        .flat_map(|note| note.fields.clone())
        .collect();
    for needle in ["\t", "\n", "\"", "<b>", "漢字", "🦀"] {
        assert!(all_fields.contains(needle), "no field contains {needle:?}");
    }
}

#[test]
fn anki_text_export_matches_the_anki_library() {
    let Some(dir) = fixture_dirs().first() else {
        return;
    };
    let batch = read_anki_text(&dir.join("notes.txt"), &AnkiTextOptions::default())
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(batch.source.format, SourceFormat::AnkiText);
    assert!(batch.cards.is_empty());

    let contents = load_dump(dir, "expected.json").contents;
    let notetype_names = contents.notetype_names();
    let deck_names = contents.deck_names();
    let deck_of_note: BTreeMap<&str, i64> = contents
        .cards
        .iter()
        .map(|card| (card.note_guid.as_str(), card.deck_id))
        .collect();
    type TextNote = (String, String, String, Vec<String>, Vec<String>);
    let mut expected: Vec<TextNote> = contents
        .notes
        .iter()
        .map(|note| {
            (
                note.guid.clone(),
                notetype_names[&note.notetype_id].to_string(),
                deck_names[&deck_of_note[note.guid.as_str()]].to_string(),
                note.fields.clone(),
                note.tags.clone(),
            )
        })
        .collect();
    let mut actual: Vec<TextNote> = batch
        .notes
        .iter()
        .map(|note| {
            (
                note.guid.clone().expect("the export has a guid column"),
                batch.notetypes[note.notetype].name.clone(),
                batch.decks[note.deck.expect("the export has a deck column")]
                    .name
                    .clone(),
                note.fields.clone(),
                note.tags.clone(),
            )
        })
        .collect();
    expected.sort();
    actual.sort();
    assert_eq!(actual, expected);
}
