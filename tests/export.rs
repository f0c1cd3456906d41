//! Exports read back by the real Anki library (`scripts/anki-import-dump.py` imports a
//! package into a fresh Anki collection and dumps it), and text exports read back by Spool.

mod anki;
mod common;

use std::collections::BTreeMap;
use std::path::Path;

use anki::{Contents, fixtures_by_zone, run_script, venv_python};
use common::Fixture;
use spool_core::app::{ExportFormat, ExportOptions, ImportOptions, Spool};
use spool_core::store::{CardQueue, CardState};

/// A collection with the Anki fixture package imported: several decks, a cloze note, media,
/// review, learning and suspended cards and a review log.
fn collection_with_fixtures(fixture: &Fixture) -> Option<Spool> {
    let (_, dir) = fixtures_by_zone().next()?;
    let mut spool = fixture.open();
    spool
        .import_file(
            &dir.join("latest.apkg"),
            &ImportOptions::default(),
            &mut |_| {},
        )
        .unwrap();
    Some(spool)
}

fn anki_import(package: &Path) -> Contents {
    let python = venv_python().expect("the fixtures exist, so the venv does");
    let output = package.with_extension("json");
    run_script(&python, "anki-import-dump.py", &[package, &output], "UTC");
    let text = std::fs::read_to_string(&output).unwrap();
    serde_json::from_str::<anki::Dump>(&text).unwrap().contents
}

/// (guid, note type, fields, sorted tags) of every note.
type NoteRow = (String, String, Vec<String>, Vec<String>);
/// (guid, template, deck, state, suspended, interval, ease, reps, lapses, due day or None).
type CardRow = (
    String,
    u32,
    String,
    String,
    bool,
    u32,
    u32,
    u32,
    u32,
    Option<i64>,
);

fn spool_rows(
    spool: &Spool,
    deck: Option<&str>,
    with_scheduling: bool,
) -> (Vec<NoteRow>, Vec<CardRow>) {
    let collection = spool.collection();
    let root = deck.map(|name| collection.deck_by_name(name).unwrap());
    let (mut notes, mut cards) = (Vec::new(), Vec::new());
    let all_notes = collection.search_notes("", 0).unwrap();
    for id in all_notes {
        let note = collection.note(id).unwrap();
        let mut note_cards = Vec::new();
        for card in collection.cards_of_note(id).unwrap() {
            let deck = collection.deck(card.deck_id).unwrap();
            if root.as_ref().is_some_and(|root| !root.contains(&deck)) {
                continue;
            }
            let s = card.schedule;
            let row = if with_scheduling {
                let (state, due) = match s.state {
                    CardState::New => ("new", None),
                    CardState::Learning if s.lapses > 0 => ("relearning", None),
                    CardState::Learning => ("learning", None),
                    CardState::Review => ("review", Some(s.due_day)),
                };
                let ease = if s.state == CardState::New {
                    0
                } else {
                    s.sm2.ease_permille
                };
                (
                    state.to_string(),
                    s.queue == CardQueue::Suspended,
                    s.sm2.interval_days,
                    ease,
                    s.reps,
                    s.lapses,
                    due,
                )
            } else {
                ("new".to_string(), false, 0, 0, 0, 0, None)
            };
            note_cards.push((
                note.guid.clone(),
                card.ord,
                deck.name,
                row.0,
                row.1,
                row.2,
                row.3,
                row.4,
                row.5,
                row.6,
            ));
        }
        if note_cards.is_empty() {
            continue;
        }
        cards.extend(note_cards);
        let mut tags = note.tags.clone();
        tags.sort();
        notes.push((
            note.guid,
            collection.notetype(note.notetype_id).unwrap().name,
            note.fields,
            tags,
        ));
    }
    notes.sort();
    cards.sort();
    (notes, cards)
}

fn anki_rows(contents: &Contents) -> (Vec<NoteRow>, Vec<CardRow>) {
    // Anki appends "+" to an imported note type whose name its collection already uses for
    // another note type (a fresh collection has its own "Basic" and so on).
    let notetypes: BTreeMap<i64, &str> = contents
        .notetype_names()
        .into_iter()
        .map(|(id, name)| (id, name.trim_end_matches('+')))
        .collect();
    let decks = contents.deck_names();
    let mut notes: Vec<NoteRow> = contents
        .notes
        .iter()
        .map(|note| {
            let mut tags = note.tags.clone();
            tags.sort();
            (
                note.guid.clone(),
                notetypes[&note.notetype_id].to_string(),
                note.fields.clone(),
                tags,
            )
        })
        .collect();
    let mut cards: Vec<CardRow> = contents
        .cards
        .iter()
        .map(|card| {
            let due = (card.due.kind == "day").then_some(card.due.value);
            (
                card.note_guid.clone(),
                u32::from(card.template),
                decks[&card.deck_id].to_string(),
                card.state.clone(),
                card.suspended,
                card.interval_days,
                card.ease_permille,
                card.reps,
                card.lapses,
                due,
            )
        })
        .collect();
    notes.sort();
    cards.sort();
    (notes, cards)
}

fn media_in(spool: &Spool) -> Vec<(String, String)> {
    let mut media: Vec<(String, String)> = spool
        .collection()
        .media_entries()
        .unwrap()
        .into_iter()
        .map(|entry| (entry.name, entry.sha1))
        .collect();
    media.sort();
    media
}

fn media_of(contents: &Contents) -> Vec<(String, String)> {
    contents
        .media
        .iter()
        .map(|file| (file.name.clone(), file.sha1.clone()))
        .collect()
}

#[test]
fn anki_imports_a_package_with_scheduling_as_spool_holds_it() {
    let fixture = Fixture::new();
    let Some(spool) = collection_with_fixtures(&fixture) else {
        return;
    };
    let package = fixture.dir.path().join("export.apkg");
    let options = ExportOptions {
        deck: None,
        with_scheduling: true,
    };
    let report = spool
        .export_file(&package, ExportFormat::Apkg, &options)
        .unwrap();
    let contents = anki_import(&package);
    let (notes, cards) = spool_rows(&spool, None, true);
    let (anki_notes, anki_cards) = anki_rows(&contents);
    assert_eq!(anki_notes, notes);
    assert_eq!(anki_cards, cards);
    assert_eq!(report.cards, cards.len() as u64);
    assert_eq!(media_of(&contents), media_in(&spool));
    let spool_reviews: Vec<i64> = spool
        .collection()
        .review_log(None)
        .unwrap()
        .iter()
        .map(|entry| entry.reviewed_at_ms)
        .collect();
    let anki_reviews: Vec<i64> = contents.revlog.iter().map(|entry| entry.time_ms).collect();
    assert_eq!(anki_reviews, spool_reviews);
}

#[test]
fn anki_opens_a_collection_package_as_the_whole_collection() {
    let fixture = Fixture::new();
    let Some(spool) = collection_with_fixtures(&fixture) else {
        return;
    };
    let package = fixture.dir.path().join("everything.colpkg");
    let report = spool
        .export_file(&package, ExportFormat::Colpkg, &ExportOptions::default())
        .unwrap();
    let contents = anki_import(&package);
    let (notes, cards) = spool_rows(&spool, None, true);
    let (anki_notes, anki_cards) = anki_rows(&contents);
    assert_eq!(anki_notes, notes, "every note, the built-in deck's too");
    assert_eq!(
        anki_cards, cards,
        "with scheduling, though none was asked for"
    );
    assert_eq!(report.cards, cards.len() as u64);
    assert_eq!(media_of(&contents), media_in(&spool));
    assert_eq!(
        contents.revlog.len(),
        spool.collection().review_log(None).unwrap().len()
    );
}

#[test]
fn a_collection_package_of_one_deck_is_refused() {
    let fixture = Fixture::new();
    let spool = fixture.open();
    let package = fixture.dir.path().join("one.colpkg");
    let options = ExportOptions {
        deck: Some("Parallel Programming".into()),
        with_scheduling: false,
    };
    let message = spool
        .export_file(&package, ExportFormat::Colpkg, &options)
        .unwrap_err()
        .to_string();
    assert!(message.contains("holds the whole collection"), "{message}");
    assert!(!package.exists());
}

#[test]
fn anki_imports_one_deck_without_scheduling_as_new_cards() {
    let fixture = Fixture::new();
    let Some(spool) = collection_with_fixtures(&fixture) else {
        return;
    };
    let package = fixture.dir.path().join("languages.apkg");
    let options = ExportOptions {
        deck: Some("Languages".into()),
        with_scheduling: false,
    };
    let report = spool
        .export_file(&package, ExportFormat::Apkg, &options)
        .unwrap();
    let contents = anki_import(&package);
    let (notes, cards) = spool_rows(&spool, Some("Languages"), false);
    let (anki_notes, anki_cards) = anki_rows(&contents);
    assert_eq!(anki_notes, notes);
    assert_eq!(anki_cards, cards);
    assert_eq!((report.notes, report.media), (notes.len() as u64, 0));
    assert!(contents.revlog.is_empty());
    let deck_names: Vec<&str> = contents
        .decks
        .iter()
        .map(|deck| deck.name.as_str())
        .collect();
    assert!(
        deck_names.contains(&"Languages::Japanese::Kanji"),
        "{deck_names:?}"
    );
}

#[test]
fn text_exports_read_back_into_the_same_notes() {
    let fixture = Fixture::new();
    let Some(spool) = collection_with_fixtures(&fixture) else {
        return;
    };
    for (name, format) in [
        ("notes.csv", ExportFormat::Csv),
        ("notes.tsv", ExportFormat::Tsv),
    ] {
        let path = fixture.dir.path().join(name);
        spool
            .export_file(&path, format, &ExportOptions::default())
            .unwrap();
        let header: Vec<String> = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .take(6)
            .map(String::from)
            .collect();
        assert_eq!(
            header[1..5],
            [
                "#html:true",
                "#guid column:1",
                "#notetype column:2",
                "#deck column:3"
            ]
        );
        let other = Fixture::new();
        let mut copy = other.open_empty();
        let options = ImportOptions {
            format: Some(spool_core::app::ImportFormat::AnkiText),
            ..ImportOptions::default()
        };
        copy.import_file(&path, &options, &mut |_| {}).unwrap();
        let (notes, cards) = spool_rows(&spool, None, false);
        let (copied_notes, copied_cards) = spool_rows(&copy, None, false);
        assert_eq!(copied_notes, notes, "{name}");
        // Text carries one deck per note: compare which decks hold each note's cards.
        let decks = |cards: &[CardRow]| -> Vec<(String, String)> {
            let mut pairs: Vec<(String, String)> = cards
                .iter()
                .map(|card| (card.0.clone(), card.2.clone()))
                .collect();
            pairs.sort();
            pairs.dedup();
            pairs
        };
        assert_eq!(decks(&copied_cards), decks(&cards), "{name}");
    }
}
