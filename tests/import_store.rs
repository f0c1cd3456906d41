//! Imports written into the store: packages from the real anki library compared with what the
//! anki library reports, re-imports, updates, note type matching, and failures that must leave
//! the collection exactly as it was.

mod anki;
mod common;
mod snapshot;

use std::collections::BTreeMap;
use std::path::Path;

use anki::{fixtures_by_zone, load_dump};
use common::{Fixture, NOON_MS, NOON_SECS};
use snapshot::snapshot;
use spool_core::app::{ImportOptions, ManualClock, Spool};
use spool_core::store::{
    CardQueue, CardState, Collection, ImportProgress, ImportReport, ImportStage, NewNotetype,
    NotetypeKind, Template,
};

fn import(spool: &mut Spool, path: &Path, options: &ImportOptions) -> ImportReport {
    spool
        .import_file(path, options, &mut |_| {})
        .unwrap_or_else(|error| panic!("{error}"))
}

/// The fixtures of the first time zone; `None` (skip) without the venv.
fn first_fixtures() -> Option<&'static Path> {
    fixtures_by_zone().next().map(|(_, dir)| dir.as_path())
}

/// A fresh collection with the fixtures' `latest.apkg` imported; `None` (skip) without the venv.
fn with_latest_imported() -> Option<(&'static Path, Fixture, Spool, ImportReport)> {
    let dir = first_fixtures()?;
    let fixture = Fixture::new();
    let mut spool = fixture.open_empty();
    let report = import_default(&mut spool, &dir.join("latest.apkg"));
    Some((dir, fixture, spool, report))
}

fn import_default(spool: &mut Spool, path: &Path) -> ImportReport {
    import(spool, path, &ImportOptions::default())
}

/// A card as compared between Spool and Anki.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct CardView {
    note_guid: String,
    template: u32,
    deck: String,
    state: &'static str,
    suspended: bool,
    interval_days: u32,
    ease_permille: u32,
    reps: u32,
    lapses: u32,
    /// Review cards: due study day; learning cards: due day; new cards: `None` (order is
    /// checked separately).
    due_day: Option<i64>,
}

/// Notes and cards, sorted, with new-card positions by (note GUID, template).
type View = (Vec<NoteView>, Vec<CardView>, BTreeMap<(String, u32), i64>);

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct NoteView {
    guid: String,
    notetype: String,
    fields: Vec<String>,
    tags: Vec<String>,
}

/// Spool's notes and cards for the given GUIDs, plus new-card positions by (guid, template).
fn spool_view(spool: &Spool, guids: &[String]) -> View {
    let collection = spool.collection();
    let (mut notes, mut cards, mut positions) = (Vec::new(), Vec::new(), BTreeMap::new());
    for guid in guids {
        let note =
            common::note_by_guid(collection, guid).unwrap_or_else(|| panic!("note {guid} missing"));
        let mut tags = note.tags.clone();
        tags.sort();
        notes.push(NoteView {
            guid: guid.clone(),
            notetype: collection.notetype(note.notetype_id).unwrap().name,
            fields: note.fields.clone(),
            tags,
        });
        for card in collection.cards_of_note(note.id).unwrap() {
            let s = card.schedule;
            let state = match s.state {
                CardState::New => "new",
                CardState::Learning => "learning",
                CardState::Review => "review",
            };
            if s.state == CardState::New {
                positions.insert((guid.clone(), card.ord), s.due_day);
            }
            cards.push(CardView {
                note_guid: guid.clone(),
                template: card.ord,
                deck: collection.deck(card.deck_id).unwrap().name,
                state,
                suspended: s.queue == CardQueue::Suspended,
                interval_days: s.sm2.interval_days,
                ease_permille: s.sm2.ease_permille,
                reps: s.reps,
                lapses: s.lapses,
                due_day: (s.state != CardState::New).then_some(s.due_day),
            });
        }
    }
    notes.sort();
    cards.sort();
    (notes, cards, positions)
}

/// What the anki library says the fixture collection holds, in Spool's terms: (re)learning
/// cards become learning cards due `today`, unset eases (0) become 2500.
fn anki_view(dump: &anki::Dump, today: i64) -> View {
    let contents = &dump.contents;
    let notetype_names = contents.notetype_names();
    let deck_names = contents.deck_names();
    let mut notes: Vec<NoteView> = contents
        .notes
        .iter()
        .map(|note| {
            let mut tags = note.tags.clone();
            tags.sort();
            NoteView {
                guid: note.guid.clone(),
                notetype: notetype_names[&note.notetype_id].to_string(),
                fields: note.fields.clone(),
                tags,
            }
        })
        .collect();
    let mut positions = BTreeMap::new();
    let mut cards: Vec<CardView> = contents
        .cards
        .iter()
        .map(|card| {
            let (state, due_day) = match card.state.as_str() {
                "new" => {
                    positions.insert(
                        (card.note_guid.clone(), u32::from(card.template)),
                        card.due.value,
                    );
                    ("new", None)
                }
                "learning" | "relearning" => ("learning", Some(today)),
                _ => {
                    assert_eq!(card.due.kind, "day");
                    ("review", Some(card.due.value))
                }
            };
            CardView {
                note_guid: card.note_guid.clone(),
                template: u32::from(card.template),
                deck: deck_names[&card.deck_id].to_string(),
                state,
                suspended: card.suspended,
                interval_days: card.interval_days,
                ease_permille: if card.ease_permille == 0 {
                    2500
                } else {
                    card.ease_permille.max(1300)
                },
                reps: card.reps,
                lapses: card.lapses,
                due_day,
            }
        })
        .collect();
    notes.sort();
    cards.sort();
    (notes, cards, positions)
}

/// New cards keep their relative order: every Spool position is the Anki one plus the same
/// offset.
fn assert_same_order(spool: &BTreeMap<(String, u32), i64>, anki: &BTreeMap<(String, u32), i64>) {
    assert_eq!(
        spool.keys().collect::<Vec<_>>(),
        anki.keys().collect::<Vec<_>>()
    );
    let offsets: std::collections::BTreeSet<i64> = spool
        .iter()
        .map(|(key, position)| position - anki[key])
        .collect();
    assert_eq!(
        offsets.len(),
        1,
        "new card order changed: {spool:?} vs {anki:?}"
    );
}

#[test]
fn packages_of_every_version_land_as_the_anki_library_reports_them() {
    for (time_zone, dir) in fixtures_by_zone() {
        let dump = load_dump(dir, "expected.json");
        let guids = dump.contents.guids();
        for package in [
            "latest.apkg",
            "legacy2.apkg",
            "legacy1.apkg",
            "latest.colpkg",
            "legacy.colpkg",
        ] {
            let fixture = Fixture::new();
            let mut spool = fixture.open_empty();
            let report = import_default(&mut spool, &dir.join(package));
            let context = format!("{package} in {time_zone}");
            assert_eq!(report.notes_added, guids.len() as u64, "{context}");
            assert_eq!(
                report.cards_added,
                dump.contents.cards.len() as u64,
                "{context}"
            );
            let (notes, cards, positions) = spool_view(&spool, &guids);
            let (anki_notes, anki_cards, anki_positions) = anki_view(&dump, spool.today().unwrap());
            assert_eq!(notes, anki_notes, "{context}: notes");
            assert_eq!(cards, anki_cards, "{context}: cards");
            assert_same_order(&positions, &anki_positions);

            let anki_reviews: Vec<(i64, u8)> = dump
                .contents
                .revlog
                .iter()
                .filter(|entry| !["manual", "rescheduled"].contains(&entry.kind.as_str()))
                .map(|entry| (entry.time_ms, [0, 1, 3, 4, 5][usize::from(entry.ease)]))
                .collect();
            let spool_reviews: Vec<(i64, u8)> = spool
                .collection()
                .review_log(None)
                .unwrap()
                .iter()
                .map(|entry| (entry.reviewed_at_ms, entry.quality))
                .collect();
            assert_eq!(spool_reviews, anki_reviews, "{context}: review log");
            assert_eq!(report.reviews_added, anki_reviews.len() as u64);

            let media_dir = spool.collection().media_dir();
            let mut media: Vec<(String, String)> = std::fs::read_dir(&media_dir)
                .unwrap()
                .map(|entry| {
                    let entry = entry.unwrap();
                    let bytes = std::fs::read(entry.path()).unwrap();
                    (
                        entry.file_name().into_string().unwrap(),
                        sha1_smol::Sha1::from(&bytes).digest().to_string(),
                    )
                })
                .collect();
            media.sort();
            let anki_media: Vec<(String, String)> = dump
                .contents
                .media
                .iter()
                .map(|file| (file.name.clone(), file.sha1.clone()))
                .collect();
            assert_eq!(media, anki_media, "{context}: media");
            assert_eq!(report.media_added, anki_media.len() as u64);
            assert!(!spool.collection().media_staging_dir().exists());
        }
    }
}

#[test]
fn reimporting_adds_nothing_twice() {
    let Some((dir, fixture, mut spool, first)) = with_latest_imported() else {
        return;
    };
    let before = snapshot(&fixture.path());
    for package in ["latest.apkg", "legacy1.apkg", "latest.colpkg", "notes.txt"] {
        let again = import_default(&mut spool, &dir.join(package));
        assert_eq!(
            again,
            ImportReport {
                notes_unchanged: first.notes_added,
                ..ImportReport::default()
            },
            "{package}"
        );
        assert_eq!(
            snapshot(&fixture.path()),
            before,
            "{package} changed the collection"
        );
    }
}

#[test]
fn genanki_package_imports() {
    let Some(dir) = first_fixtures() else {
        return;
    };
    let dump = load_dump(dir, "genanki.json");
    let guids = dump.contents.guids();
    let fixture = Fixture::new();
    let mut spool = fixture.open_empty();
    import_default(&mut spool, &dir.join("genanki.apkg"));
    let (notes, cards, _) = spool_view(&spool, &guids);
    let (anki_notes, anki_cards, _) = anki_view(&dump, spool.today().unwrap());
    assert_eq!(notes, anki_notes);
    assert_eq!(cards, anki_cards);
}

#[test]
fn existing_cards_keep_their_scheduling_unless_asked() {
    let Some((dir, _fixture, mut spool, _)) = with_latest_imported() else {
        return;
    };
    let package = dir.join("latest.apkg");
    let dump = load_dump(dir, "expected.json");
    let review = dump
        .contents
        .cards
        .iter()
        .find(|card| card.state == "review" && !card.suspended)
        .unwrap();
    let note = common::note_by_guid(spool.collection(), &review.note_guid).unwrap();
    let card =
        spool.collection().cards_of_note(note.id).unwrap()[usize::from(review.template)].clone();
    let answered = spool
        .answer_card_with_quality(card.id, 5, 1000)
        .unwrap()
        .card;
    assert_ne!(answered.schedule, card.schedule);

    let kept = import_default(&mut spool, &package);
    assert_eq!(kept.cards_rescheduled, 0);
    assert_eq!(
        spool.collection().card(card.id).unwrap().schedule,
        answered.schedule
    );

    let options = ImportOptions {
        update_scheduling: true,
        ..ImportOptions::default()
    };
    let updated = import(&mut spool, &package, &options);
    assert_eq!(updated.cards_rescheduled, dump.contents.cards.len() as u64);
    assert_eq!(
        spool.collection().card(card.id).unwrap().schedule,
        card.schedule
    );
}

#[test]
fn changed_notes_are_updated() {
    let Some((dir, fixture, mut spool, _)) = with_latest_imported() else {
        return;
    };
    let original = std::fs::read_to_string(dir.join("notes.txt")).unwrap();
    assert!(original.contains("plain back"));
    let edited_path = fixture.dir.path().join("edited.txt");
    std::fs::write(&edited_path, original.replace("plain back", "edited back")).unwrap();
    let report = import_default(&mut spool, &edited_path);
    assert_eq!(report.notes_updated, 1);
    assert_eq!(report.notes_added, 0);
    assert_eq!(report.cards_added, 0);
    let found = spool
        .collection()
        .search_notes("edited", spool.today().unwrap())
        .unwrap();
    assert_eq!(found.len(), 1);
}

#[test]
fn note_types_with_a_taken_name_get_a_suffix_once() {
    let Some(dir) = first_fixtures() else {
        return;
    };
    let fixture = Fixture::new();
    Collection::open(fixture.path())
        .unwrap()
        .add_notetype(
            &NewNotetype {
                name: "Basic".into(),
                kind: NotetypeKind::Standard,
                fields: vec!["Front".into(), "Back".into()],
                templates: vec![Template {
                    name: "Mine".into(),
                    question_format: "{{Front}}?".into(),
                    answer_format: "{{Back}}".into(),
                }],
                css: String::new(),
            },
            NOON_SECS,
        )
        .unwrap();
    let mut spool = fixture.open_empty();
    let first = import_default(&mut spool, &dir.join("latest.apkg"));
    let used = load_dump(dir, "expected.json").used_notetype_ids.len() as u64;
    assert_eq!(first.notetypes_added, used);
    let imported = spool.collection().notetype_by_name("Basic (2)").unwrap();
    assert_eq!(imported.templates[0].question_format, "{{Front}}");
    let again = import_default(&mut spool, &dir.join("legacy2.apkg"));
    assert_eq!(again.notetypes_added, 0);
}

#[test]
fn text_imports_map_onto_existing_or_stock_note_types_and_fields_by_label() {
    let fixture = Fixture::new();
    let mut spool = fixture.open_empty();
    let path = fixture.dir.path().join("cards.csv");
    std::fs::write(&path, "Back,Front\nanswer,question\n").unwrap();
    let options = ImportOptions {
        has_header: true,
        deck: Some("Imported::CSV".into()),
        ..ImportOptions::default()
    };
    let report = import(&mut spool, &path, &options);
    assert_eq!(
        (
            report.notes_added,
            report.cards_added,
            report.notetypes_added
        ),
        (1, 1, 1)
    );
    let collection = spool.collection();
    let note = collection
        .note(collection.search_notes("question", 0).unwrap()[0])
        .unwrap();
    assert_eq!(note.fields, ["question", "answer"]);
    assert_eq!(collection.notetype(note.notetype_id).unwrap().name, "Basic");
    let card = &collection.cards_of_note(note.id).unwrap()[0];
    assert_eq!(collection.deck(card.deck_id).unwrap().name, "Imported::CSV");
}

#[test]
fn a_failing_text_import_leaves_the_collection_as_it_was() {
    let fixture = Fixture::new();
    let mut spool = fixture.open_empty();
    let path = fixture.dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "#separator:tab\n#notetype column:1\nBasic\tfront\tback\nBasic\tfront2\tback2\textra\n",
    )
    .unwrap();
    let before = snapshot(&fixture.path());
    let error = spool
        .import_file(&path, &ImportOptions::default(), &mut |_| {})
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("line 4") && error.contains("field column 3"),
        "{error}"
    );
    assert!(!error.contains('\n'));
    assert_eq!(snapshot(&fixture.path()), before);
}

#[test]
fn a_package_failing_mid_transaction_writes_neither_rows_nor_media() {
    let Some(dir) = first_fixtures() else {
        return;
    };
    let fixture = Fixture::new();
    let mut spool = fixture.open_empty();
    // The review log is written last, after notes, cards and the staged media.
    rusqlite::Connection::open(fixture.path())
        .unwrap()
        .execute_batch("CREATE TRIGGER fail BEFORE INSERT ON revlog BEGIN SELECT RAISE(ABORT, 'injected failure'); END;")
        .unwrap();
    let before = snapshot(&fixture.path());
    let error = spool
        .import_file(
            &dir.join("latest.apkg"),
            &ImportOptions::default(),
            &mut |_| {},
        )
        .unwrap_err();
    assert!(error.to_string().contains("injected failure"), "{error}");
    assert_eq!(snapshot(&fixture.path()), before);
    assert!(!spool.collection().media_dir().exists());
    assert!(!spool.collection().media_staging_dir().exists());
}

#[test]
fn media_staged_before_a_crash_is_finished_or_removed_on_next_open() {
    let Some((dir, fixture, spool, _)) = with_latest_imported() else {
        return;
    };
    let media_dir = spool.collection().media_dir();
    let staging_dir = spool.collection().media_staging_dir();
    drop(spool);
    // A crash after the commit but before the moves leaves committed files staged; one
    // before the commit leaves files no row lists.
    std::fs::rename(&media_dir, &staging_dir).unwrap();
    std::fs::write(staging_dir.join("uncommitted.png"), b"never committed").unwrap();
    let committed: Vec<String> = load_dump(dir, "expected.json")
        .contents
        .media
        .iter()
        .map(|file| file.name.clone())
        .collect();

    let spool = Spool::open_without_builtin(fixture.path(), ManualClock::new(NOON_MS, 0)).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&media_dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, committed);
    assert!(!staging_dir.exists());
    drop(spool);
}

#[test]
fn media_with_a_taken_name_is_renamed_and_references_follow() {
    let Some(dir) = first_fixtures() else {
        return;
    };
    let fixture = Fixture::new();
    let mut spool = fixture.open_empty();
    let media_dir = spool.collection().media_dir();
    std::fs::create_dir(&media_dir).unwrap();
    std::fs::write(media_dir.join("flag.png"), b"a different flag").unwrap();
    let report = import_default(&mut spool, &dir.join("genanki.apkg"));
    assert_eq!(report.media_added, 1);
    let entries = spool.collection().media_entries().unwrap();
    assert_eq!(entries.len(), 1);
    let renamed = &entries[0].name;
    assert!(
        renamed.starts_with("flag_") && renamed.ends_with(".png"),
        "{renamed}"
    );
    assert_eq!(
        std::fs::read(media_dir.join("flag.png")).unwrap(),
        b"a different flag"
    );
    let note = spool
        .collection()
        .note(spool.collection().search_notes("flag", 0).unwrap()[0])
        .unwrap();
    assert!(
        note.fields
            .iter()
            .any(|field| field.contains(&format!("src=\"{renamed}\""))),
        "{:?}",
        note.fields
    );
    let again = import_default(&mut spool, &dir.join("genanki.apkg"));
    assert_eq!((again.media_added, again.notes_unchanged), (0, 3));
}

#[test]
fn progress_counts_the_media_files_then_the_notes() {
    let Some(dir) = first_fixtures() else {
        return;
    };
    let fixture = Fixture::new();
    let mut spool = fixture.open_empty();
    let mut heard = Vec::new();
    let report = spool
        .import_file(
            &dir.join("genanki.apkg"),
            &ImportOptions::default(),
            &mut |progress| heard.push(progress),
        )
        .unwrap();
    let notes = report.notes_added;
    assert_eq!(
        heard.first(),
        Some(&ImportProgress {
            stage: ImportStage::Media,
            done: 1,
            total: 1
        }),
        "the one media file, first: {heard:?}"
    );
    assert_eq!(
        heard.last(),
        Some(&ImportProgress {
            stage: ImportStage::Notes,
            done: notes,
            total: notes
        }),
        "then every note: {heard:?}"
    );
}
