//! The collection file: creation, refusal of foreign or newer files, locking, atomicity,
//! undo, decks, search and repair.

mod common;

use common::{Fixture, NOON_SECS, strings};
use spool_core::Error;
use spool_core::scheduler::CardQueue;
use spool_core::store::{
    Collection, NewNote, NewNotetype, NotetypeKind, SCHEMA_VERSION, StockNotetype, Template,
};

fn add_basic(col: &mut Collection, deck: &str, front: &str, back: &str, tags: &[&str]) -> i64 {
    let notetype_id = col.stock_notetype(StockNotetype::Basic, NOON_SECS).unwrap();
    let deck_id = match col.deck_by_name(deck) {
        Ok(d) => d.id,
        Err(_) => col.create_deck(deck, NOON_SECS).unwrap(),
    };
    col.add_note(
        &NewNote {
            guid: None,
            notetype_id,
            deck_id,
            fields: strings(&[front, back]),
            tags: strings(tags),
            demo: None,
        },
        NOON_SECS,
    )
    .unwrap()
}

#[test]
fn new_collection_is_wal_with_full_sync_and_current_schema() {
    let fx = Fixture::new();
    let spool = fx.open_empty();
    drop(spool);
    let raw = rusqlite::Connection::open(fx.path()).unwrap();
    let mode: String = raw
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    let version: i64 = raw
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(version, SCHEMA_VERSION);
}

#[test]
fn newer_schema_is_refused_without_writing() {
    let fx = Fixture::new();
    drop(fx.open_empty());
    rusqlite::Connection::open(fx.path())
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = std::fs::read(fx.path()).unwrap();
    let err = Collection::open(fx.path()).unwrap_err();
    assert!(
        matches!(err, Error::CollectionTooNew { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("upgrade Spool"), "{err}");
    assert_eq!(std::fs::read(fx.path()).unwrap(), before);
}

#[test]
fn foreign_files_are_refused() {
    let fx = Fixture::new();
    let garbage = fx.dir.path().join("notes.txt");
    std::fs::write(
        &garbage,
        "this is not a database, just some text that is long enough",
    )
    .unwrap();
    let err = Collection::open(&garbage).unwrap_err();
    assert!(
        err.to_string()
            .contains("not a Spool collection (the file is not an SQLite database)"),
        "{err}"
    );

    let other = fx.dir.path().join("other.sqlite");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let err = Collection::open(&other).unwrap_err();
    assert!(
        err.to_string()
            .contains("SQLite database of another program"),
        "{err}"
    );
    let raw = rusqlite::Connection::open(&other).unwrap();
    let rows: i64 = raw
        .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 1);
    let mode: String = raw
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete", "a refused file is not switched to WAL");
    assert!(
        !fx.dir.path().join("other.sqlite.lock").exists(),
        "no lock file left behind"
    );

    let err = Collection::open(fx.dir.path()).unwrap_err();
    assert!(err.to_string().contains("it is a directory"), "{err}");
    let err = Collection::open(fx.dir.path().join("missing/dir/c.spool")).unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");
}

#[test]
fn a_file_marked_as_ours_without_a_version_is_refused_untouched() {
    let fx = Fixture::new();
    let crafted = fx.dir.path().join("crafted.spool");
    rusqlite::Connection::open(&crafted)
        .unwrap()
        .execute_batch("PRAGMA application_id = 1397772108; CREATE TABLE cards (x);")
        .unwrap();
    let before = std::fs::read(&crafted).unwrap();
    let message = Collection::open(&crafted).unwrap_err().to_string();
    assert!(
        message.contains("marked as a Spool collection but has no schema version"),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(!message.contains("CREATE"), "no migration SQL: {message}");
    assert_eq!(
        std::fs::read(&crafted).unwrap(),
        before,
        "not switched to WAL"
    );
}

#[test]
fn a_fifo_is_refused_at_once_by_name() {
    let fx = Fixture::new();
    let fifo = fx.dir.path().join("pipe.spool");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let message = Collection::open(&fifo).unwrap_err().to_string();
    assert!(message.contains(&fifo.display().to_string()), "{message}");
    assert!(message.contains("not a regular file"), "{message}");
}

#[test]
fn a_second_writer_gets_a_clear_error() {
    let fx = Fixture::new();
    let first = Collection::open(fx.path()).unwrap();
    let err = Collection::open(fx.path()).unwrap_err();
    assert!(matches!(err, Error::CollectionLocked { .. }), "{err}");
    assert!(err.to_string().contains("open in another Spool process"));
    drop(first);
    Collection::open(fx.path()).unwrap();
}

#[test]
fn a_hard_link_or_a_symlink_does_not_get_around_the_lock() {
    let fx = Fixture::new();
    drop(fx.open());
    let hard = fx.dir.path().join("hard.spool");
    let soft = fx.dir.path().join("soft.spool");
    std::fs::hard_link(fx.path(), &hard).unwrap();
    std::os::unix::fs::symlink(fx.path(), &soft).unwrap();

    let first = Collection::open(fx.path()).unwrap();
    for other_name in [&hard, &soft] {
        let err = Collection::open(other_name).unwrap_err();
        assert!(matches!(err, Error::CollectionLocked { .. }), "{err}");
        assert!(
            err.to_string()
                .starts_with(&other_name.display().to_string()),
            "names the path it was given: {err}"
        );
    }
    drop(first);

    // Reached through the symlink, the file is the same and so is its WAL: SQLite works
    // beside the file, not beside the link.
    let mut by_link = Collection::open(&soft).unwrap();
    let note = add_basic(&mut by_link, "Links", "via", "the link", &[]);
    assert!(fx.dir.path().join("collection.spool-wal").exists());
    assert!(!fx.dir.path().join("soft.spool-wal").exists());
    assert!(
        matches!(
            Collection::open(fx.path()),
            Err(Error::CollectionLocked { .. })
        ),
        "the link's holder holds the file"
    );
    drop(by_link);
    let col = Collection::open(fx.path()).unwrap();
    assert_eq!(col.note(note).unwrap().fields, ["via", "the link"]);
}

#[test]
fn opening_and_closing_remove_the_scratch_folder_and_nothing_else() {
    let fx = Fixture::new();
    let col = Collection::open(fx.path()).unwrap();
    let scratch = col.scratch_dir().unwrap();
    assert!(
        scratch.starts_with(fx.dir.path()),
        "beside the collection: {scratch:?}"
    );
    std::fs::write(scratch.join("left.anki2"), b"unpacked").unwrap();
    drop(col);
    assert!(!scratch.exists(), "closing removes it");

    // What a killed process left is gone at the next open; a folder of the user's stays.
    std::fs::create_dir_all(scratch.join("deep")).unwrap();
    std::fs::write(scratch.join("deep/media.bin"), b"staged").unwrap();
    let users = fx.dir.path().join("collection.tmp");
    std::fs::create_dir(&users).unwrap();
    std::fs::write(users.join("mine.txt"), b"keep").unwrap();
    let _col = Collection::open(fx.path()).unwrap();
    assert!(!scratch.exists(), "opening removes it");
    assert_eq!(std::fs::read(users.join("mine.txt")).unwrap(), b"keep");
}

#[test]
fn answer_then_undo_restores_the_exact_card() {
    let fx = Fixture::new();
    let mut spool = fx.open();
    let card_id = spool.collection().search_cards("", 0).unwrap()[0];
    let before = spool.collection().card(card_id).unwrap();
    let answered = spool.answer_card_with_quality(card_id, 5, 1200).unwrap();
    assert_eq!(answered.card.schedule.queue, CardQueue::Review);
    assert_ne!(spool.collection().card(card_id).unwrap(), before);
    assert_eq!(spool.collection().review_log(None).unwrap().len(), 1);
    drop(spool);

    // Undoing an answer, whatever session gave it, is the store's own operation.
    let mut col = Collection::open(fx.path()).unwrap();
    let restored = col.undo_answer(answered.review_id).unwrap();
    assert_eq!(restored, before);
    assert_eq!(col.card(card_id).unwrap(), before);
    assert_eq!(col.review_log(None).unwrap().len(), 0);
    assert!(matches!(
        col.undo_answer(answered.review_id),
        Err(Error::NothingToUndo)
    ));
}

#[test]
fn review_log_keeps_before_and_after() {
    let fx = Fixture::new();
    let mut spool = fx.open();
    let card_id = spool.collection().search_cards("", 0).unwrap()[0];
    for quality in [4, 4, 4] {
        fx.clock.advance_days(40);
        spool
            .answer_card_with_quality(card_id, quality, 900)
            .unwrap();
    }
    let log = spool.collection().review_log(Some(card_id)).unwrap();
    let intervals: Vec<u32> = log.iter().map(|e| e.after.interval_days).collect();
    assert_eq!(intervals, [1, 6, 15]);
    assert_eq!(log[1].before.sm2.interval_days, 1);
    assert!(log.iter().all(|e| e.duration_ms == 900 && e.quality == 4));
}

#[test]
fn failed_batch_writes_nothing() {
    use spool_core::import::ImportBatch;
    use spool_core::import::model::{
        Deck, ExistingNotes, Note, Notetype, SourceFormat, SourceInfo,
    };
    use spool_core::store::{DEFAULT_DECK_NAME, ImportSettings};

    let fx = Fixture::new();
    let col = &mut Collection::open(fx.path()).unwrap();
    col.stock_notetype(StockNotetype::Basic, NOON_SECS).unwrap();
    let deck = |name: &str| Deck {
        source_id: None,
        name: name.into(),
        filtered: false,
        description: None,
    };
    let note = |guid: &str, fields: &[&str], deck: usize| Note {
        source_id: None,
        guid: Some(guid.into()),
        notetype: 0,
        fields: strings(fields),
        tags: vec![],
        modified: None,
        deck: Some(deck),
        line: None,
        demo: None,
    };
    let batch = ImportBatch {
        source: SourceInfo {
            path: "notes.csv".into(),
            format: SourceFormat::Csv,
            field_labels: vec![],
        },
        notetypes: vec![Notetype {
            source_id: None,
            name: "Basic".into(),
            definition: None,
        }],
        decks: vec![deck("New Deck"), deck("Other")],
        // The second note has a third field that Basic does not: the whole batch fails.
        notes: vec![
            note("g1", &["q", "a"], 0),
            note("g2", &["q", "a", "extra"], 1),
        ],
        cards: vec![],
        revlog: vec![],
        media: vec![],
        existing_notes: ExistingNotes::Merge,
    };
    let settings = ImportSettings {
        now: NOON_SECS,
        update_scheduling: false,
        default_deck: DEFAULT_DECK_NAME.into(),
    };
    let err = col
        .import_batch(&batch, &settings, &mut |_| {})
        .unwrap_err();
    assert!(
        err.to_string().contains("has a value in field column 3"),
        "{err}"
    );
    assert_eq!(col.note_count().unwrap(), 0);
    assert!(
        col.decks().unwrap().is_empty(),
        "decks created by the failed batch were kept"
    );
}

#[test]
fn deck_tree_rename_and_delete() {
    let fx = Fixture::new();
    let col = &mut Collection::open(fx.path()).unwrap();
    add_basic(col, "Lang::Rust::Async", "q1", "a1", &[]);
    add_basic(col, "Lang::Rust", "q2", "a2", &[]);
    add_basic(col, "Lang::Python", "q3", "a3", &[]);
    let names = |col: &Collection| {
        col.decks()
            .unwrap()
            .into_iter()
            .map(|d| d.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(col),
        ["Lang", "Lang::Python", "Lang::Rust", "Lang::Rust::Async"]
    );
    assert!(matches!(
        col.create_deck("lang::rust", NOON_SECS),
        Err(Error::DeckExists(_))
    ));
    col.create_deck("Lang2", NOON_SECS).unwrap();
    col.create_deck("Lang B", NOON_SECS).unwrap();
    assert_eq!(
        names(col),
        [
            "Lang",
            "Lang::Python",
            "Lang::Rust",
            "Lang::Rust::Async",
            "Lang B",
            "Lang2"
        ],
        "subdecks sort under their parent"
    );
    for name in ["Lang2", "Lang B"] {
        let id = col.deck_by_name(name).unwrap().id;
        col.delete_deck(id).unwrap();
    }

    let rust = col.deck_by_name("Lang::Rust").unwrap();
    col.rename_deck(rust.id, "Systems::Rust", NOON_SECS)
        .unwrap();
    assert_eq!(
        names(col),
        [
            "Lang",
            "Lang::Python",
            "Systems",
            "Systems::Rust",
            "Systems::Rust::Async"
        ]
    );
    assert!(
        col.rename_deck(rust.id, "Systems::Rust::Async::Deeper", NOON_SECS)
            .is_err()
    );

    let python_card = col.search_cards("deck:Lang::Python", 0).unwrap();
    let python = col.deck_by_name("Lang::Python").unwrap();
    col.set_card_deck(&python_card, rust.id, NOON_SECS).unwrap();
    col.set_card_deck(&python_card, python.id, NOON_SECS)
        .unwrap();

    let deleted = col.delete_deck(rust.id).unwrap();
    assert_eq!(deleted, 2);
    assert_eq!(names(col), ["Lang", "Lang::Python", "Systems"]);
    assert_eq!(col.note_count().unwrap(), 1);
    // The trigger-kept deck totals agree with the cards after all of that.
    assert!(col.check().unwrap().is_clean());
}

#[test]
fn deck_counts_include_subdecks_and_limits() {
    let fx = Fixture::new();
    let mut col = Collection::open(fx.path()).unwrap();
    for i in 0..30 {
        add_basic(
            &mut col,
            if i % 2 == 0 { "A" } else { "A::B" },
            &format!("q{i}"),
            "a",
            &[],
        );
    }
    drop(col);
    let mut spool = fx.open_empty();
    let counts = spool.deck_counts().unwrap();
    let a = counts.iter().find(|c| c.name == "A").unwrap();
    let b = counts.iter().find(|c| c.name == "A::B").unwrap();
    assert_eq!(
        (a.cards, a.notes, a.new),
        (30, 30, 20),
        "new is capped at 20 a day"
    );
    assert_eq!((b.cards, b.new), (15, 15));

    let first = spool.collection().search_cards("deck:A::B", 0).unwrap()[0];
    spool.answer_card_with_quality(first, 1, 0).unwrap();
    let counts = spool.deck_counts().unwrap();
    let a = counts.iter().find(|c| c.name == "A").unwrap();
    assert_eq!(
        (a.new, a.learning),
        (19, 1),
        "29 new left, but only 19 of today's 20 remain"
    );
    let b = counts.iter().find(|c| c.name == "A::B").unwrap();
    assert_eq!((b.new, b.learning), (14, 1));

    // Once the parent's 20 are used up, its subdeck offers none either.
    for card in spool
        .collection()
        .search_cards("deck:A is:new", 0)
        .unwrap()
        .into_iter()
        .take(19)
    {
        spool.answer_card_with_quality(card, 5, 0).unwrap();
    }
    let counts = spool.deck_counts().unwrap();
    let new_of = |name: &str| counts.iter().find(|c| c.name == name).unwrap().new;
    assert_eq!((new_of("A"), new_of("A::B")), (0, 0));
}

#[test]
fn search_language() {
    let fx = Fixture::new();
    let col = &mut Collection::open(fx.path()).unwrap();
    let mutex = add_basic(
        col,
        "Rust",
        "What does a <b>Mutex</b> do?",
        "Locks",
        &["sync", "rust"],
    );
    let atomic = add_basic(
        col,
        "Rust::Atomics",
        "AtomicU64 fetch_add",
        "One RMW",
        &["sync"],
    );
    let gil = add_basic(
        col,
        "Python",
        "What is the GIL?",
        "A lock, 100% global",
        &["python"],
    );
    let search = |q: &str| col.search_notes(q, 20_000).unwrap();
    assert_eq!(search("mutex"), [mutex]);
    assert_eq!(search("lock"), [mutex, gil]);
    assert_eq!(search("deck:rust"), [mutex, atomic]);
    assert_eq!(search("deck:Rust::Atomics"), [atomic]);
    assert_eq!(search("deck:ru*"), [mutex, atomic]);
    assert_eq!(search("tag:sync -deck:rust::atomics"), [mutex]);
    assert_eq!(search("tag:py*"), [gil]);
    assert_eq!(search("\"100% global\""), [gil]);
    assert_eq!(search("100_"), Vec::<i64>::new());
    assert_eq!(search("is:new"), [mutex, atomic, gil]);
    assert_eq!(search("is:due"), Vec::<i64>::new());
    assert_eq!(search("note:basic is:new -tag:sync"), [gil]);
    assert!(col.search_notes("is:whatever", 0).is_err());
    let html = add_basic(col, "Rust", "is 1 &lt; 2?", "yes", &[]);
    assert_eq!(col.search_notes("\"1 < 2\"", 20_000).unwrap(), [html]);
    assert_eq!(
        col.search_notes("\"is:new\"", 20_000).unwrap(),
        Vec::<i64>::new()
    );
}

#[test]
fn a_card_table_lists_every_match_with_its_first_field() {
    let fx = Fixture::new();
    let mut col = Collection::open(fx.path()).unwrap();
    let mutex = add_basic(
        &mut col,
        "Rust::Sync",
        "What does a <b>Mutex</b> do?",
        "Locks",
        &["sync"],
    );
    let lines = add_basic(&mut col, "Rust", "Two<br>lines\nof HTML", "Back", &["sync"]);
    let cloze_type = col.stock_notetype(StockNotetype::Cloze, NOON_SECS).unwrap();
    let deck_id = col.deck_by_name("Rust").unwrap().id;
    let cloze = col
        .add_note(
            &NewNote {
                guid: None,
                notetype_id: cloze_type,
                deck_id,
                fields: strings(&["{{c1::Ownership}} moves {{c2::values}}", "extra"]),
                tags: vec![],
                demo: None,
            },
            NOON_SECS,
        )
        .unwrap();
    let suspended = col.cards_of_note(mutex).unwrap()[0].id;
    col.set_suspended(&[suspended], true, NOON_SECS).unwrap();
    drop(col);
    let spool = fx.open_empty();
    let today = spool.today().unwrap();

    for query in ["", "tag:sync", "deck:Rust::Sync", "-is:suspended"] {
        let found = spool.collection().search_found_cards(query, today).unwrap();
        let ids: Vec<i64> = found.iter().map(|card| card.id).collect();
        assert_eq!(
            ids,
            spool.collection().search_cards(query, today).unwrap(),
            "{query}"
        );
    }
    let found = spool.collection().search_found_cards("", today).unwrap();
    let mutex_note = spool.collection().note(mutex).unwrap();
    assert_eq!(
        found[0].first_field, "What does a <b>Mutex</b> do?",
        "only the first field"
    );
    assert_eq!(found[0].note_created_at, mutex_note.created_at);
    assert_eq!(
        found[0].schedule,
        spool.collection().card(suspended).unwrap().schedule
    );
    assert_eq!(found[1].first_field, "Two<br>lines\nof HTML");

    let rows = spool.card_rows("").unwrap();
    let summary: Vec<(i64, &str, &str, bool)> = rows
        .iter()
        .map(|row| {
            (
                row.note_id,
                row.question.as_str(),
                &*row.deck,
                row.suspended,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (mutex, "What does a Mutex do?", "Rust::Sync", true),
            (lines, "Two lines of HTML", "Rust", false),
            (cloze, "[...] moves values", "Rust", false),
            (cloze, "Ownership moves [...]", "Rust", false),
        ]
    );
    assert!(rows.iter().all(|row| row.due.is_none() && row.ease == 2.5));
}

#[test]
fn suspended_cards_leave_and_rejoin_their_queue() {
    let fx = Fixture::new();
    let note = add_basic(
        &mut Collection::open(fx.path()).unwrap(),
        "D",
        "q",
        "a",
        &[],
    );
    let mut spool = fx.open_empty();
    let card = spool.collection().cards_of_note(note).unwrap()[0].id;
    spool.answer_card_with_quality(card, 5, 0).unwrap();
    spool.set_suspended(&[card], true).unwrap();
    assert_eq!(
        spool.collection().card(card).unwrap().schedule.queue,
        CardQueue::Suspended
    );
    assert!(matches!(
        spool.answer_card_with_quality(card, 4, 0),
        Err(Error::CardSuspended(_))
    ));
    spool.set_suspended(&[card], false).unwrap();
    assert_eq!(
        spool.collection().card(card).unwrap().schedule.queue,
        CardQueue::Review
    );
}

#[test]
fn check_repairs_what_it_safely_can() {
    let fx = Fixture::new();
    let mut spool = fx.open();
    assert!(spool.check().unwrap().is_clean());
    drop(spool);
    let raw = rusqlite::Connection::open(fx.path()).unwrap();
    raw.execute_batch(
        "PRAGMA foreign_keys = OFF;
         UPDATE cards SET ease_permille = 900 WHERE id = 1;
         UPDATE cards SET deck_id = 9999 WHERE id = 2;
         UPDATE deck_totals SET cards = cards + 5 WHERE deck_id = (SELECT deck_id FROM cards WHERE id = 3);
         INSERT INTO cards (note_id, deck_id, ord, created_at, modified_at) VALUES (424242, 1, 0, 0, 0);",
    )
    .unwrap();
    drop(raw);
    let mut spool = fx.open();
    let report = spool.check().unwrap();
    assert_eq!(report.integrity, "ok");
    assert_eq!(
        report.repaired,
        [
            "1 cards without a note deleted",
            "1 missing Default deck created",
            "1 cards in a missing deck moved to Default",
            "1 cards with an ease below 1.3 raised to 1.3",
            "2 decks whose totals were wrong recounted",
        ]
    );
    assert!(report.unrepaired.is_empty(), "{:?}", report.unrepaired);
    assert!(spool.check().unwrap().is_clean());
}

#[test]
fn check_moves_notes_of_missing_note_types_to_one_wide_enough_for_them() {
    let fx = Fixture::new();
    drop(fx.open());
    // A "Recovered" of another shape is someone's own and is left alone.
    Collection::open(fx.path())
        .unwrap()
        .add_notetype(
            &NewNotetype {
                name: "Recovered".into(),
                kind: NotetypeKind::Standard,
                fields: strings(&["Only"]),
                templates: vec![Template {
                    name: "Card 1".into(),
                    question_format: "{{Only}}".into(),
                    answer_format: "{{Only}}".into(),
                }],
                css: String::new(),
            },
            NOON_SECS,
        )
        .unwrap();
    let raw = rusqlite::Connection::open(fx.path()).unwrap();
    let orphaned = "SELECT count(*) FROM notes WHERE notetype_id IN
                    (SELECT id FROM notetypes WHERE name IN ('Cloze', 'Basic (and reversed card)'))";
    let notes: usize = raw.query_row(orphaned, [], |r| r.get(0)).unwrap();
    let highest_ord: u32 = raw
        .query_row(
            &format!(
                "SELECT max(ord) FROM cards WHERE note_id IN ({})",
                orphaned.replace("count(*)", "id")
            ),
            [],
            |r| r.get(0),
        )
        .unwrap();
    raw.execute_batch(
        "PRAGMA foreign_keys = OFF;
         DELETE FROM notetypes WHERE name IN ('Cloze', 'Basic (and reversed card)');",
    )
    .unwrap();
    drop(raw);

    let mut spool = fx.open();
    let report = spool.check().unwrap();
    assert!(
        report.repaired.contains(&format!(
            "{notes} notes whose note type was missing moved to the new note type \"Recovered 2\""
        )),
        "{:?}",
        report.repaired
    );
    assert!(report.unrepaired.is_empty(), "{:?}", report.unrepaired);
    assert!(spool.check().unwrap().is_clean());
    let recovered = spool.collection().notetype_by_name("Recovered 2").unwrap();
    assert_eq!(recovered.fields, ["Field 1", "Field 2"]);
    assert_eq!(recovered.templates.len() as u32, highest_ord + 1);
    assert_eq!(recovered.templates[0].question_format, "{{Field 1}}");
    // Every card of those notes shows its note's text.
    for id in spool
        .collection()
        .search_cards("note:\"Recovered 2\"", 0)
        .unwrap()
    {
        let faces = spool.card_faces(id).unwrap();
        assert!(!faces.question.is_empty() && faces.answer.contains("<hr id=answer>"));
    }
}

#[test]
fn check_deletes_cloze_cards_whose_number_is_not_in_the_note_and_keeps_the_note() {
    let fx = Fixture::new();
    let mut col = Collection::open(fx.path()).unwrap();
    let cloze = col.stock_notetype(StockNotetype::Cloze, NOON_SECS).unwrap();
    let deck_id = col.create_deck("Cloze", NOON_SECS).unwrap();
    let mut add = |text: &str| {
        col.add_note(
            &NewNote {
                guid: None,
                notetype_id: cloze,
                deck_id,
                fields: strings(&[text, ""]),
                tags: vec![],
                demo: None,
            },
            NOON_SECS,
        )
        .unwrap()
    };
    // One note's only card is renumbered to c2, which it has no deletion for; another keeps
    // its c1 card beside a c3 card it no longer has text for.
    let lone = add("{{c1::a}} is the answer");
    let pair = add("{{c1::b}} and {{c3::c}}");
    drop(col);
    let raw = rusqlite::Connection::open(fx.path()).unwrap();
    raw.execute("UPDATE cards SET ord = 1 WHERE note_id = ?1", [lone])
        .unwrap();
    raw.execute(
        "UPDATE notes SET fields = '{{c1::b}} and c' || char(31) WHERE id = ?1",
        [pair],
    )
    .unwrap();
    drop(raw);

    let spool = fx.open_empty();
    let stranded = spool.collection().cards_of_note(lone).unwrap().remove(0);
    let faces = spool.render_card(&stranded).unwrap();
    assert!(
        !faces.question.contains(">a<") && !faces.question.contains("a is the answer"),
        "the question gives the answer away: {}",
        faces.question
    );
    assert!(faces.question.contains("no cloze 2"), "{}", faces.question);
    drop(spool);

    let mut col = Collection::open(fx.path()).unwrap();
    let report = col.check().unwrap();
    assert_eq!(
        report.repaired,
        [
            "2 cloze cards whose cloze number is no longer in the note deleted",
            "1 cards made for the cloze numbers of notes left without a card",
        ]
    );
    assert!(report.unrepaired.is_empty(), "{:?}", report.unrepaired);
    let ords = |note| -> Vec<u32> {
        col.cards_of_note(note)
            .unwrap()
            .iter()
            .map(|c| c.ord)
            .collect()
    };
    assert_eq!(ords(lone), [0]);
    assert_eq!(ords(pair), [0]);
    assert_eq!(col.cards_of_note(lone).unwrap()[0].deck_id, deck_id);
    assert!(col.check().unwrap().is_clean());
}

#[test]
fn settings_persist_and_are_validated() {
    let fx = Fixture::new();
    let mut spool = fx.open_empty();
    let mut settings = spool.settings().unwrap();
    assert_eq!(
        (
            settings.new_per_day,
            settings.rollover_hour,
            settings.max_interval_days
        ),
        (20, 4, 36_500)
    );
    settings.new_per_day = 5;
    settings.rollover_hour = 2;
    spool.save_settings(&settings).unwrap();
    settings.rollover_hour = 24;
    assert!(
        spool
            .save_settings(&settings)
            .unwrap_err()
            .to_string()
            .contains("between 0 and 23")
    );
    drop(spool);
    let spool = fx.open_empty();
    assert_eq!(
        (
            spool.settings().unwrap().new_per_day,
            spool.settings().unwrap().rollover_hour
        ),
        (5, 2)
    );
}

#[test]
fn an_older_collection_is_upgraded_on_open() {
    let fx = Fixture::new();
    // A collection as schema version 1 wrote it, with cards but no deck totals.
    let raw = rusqlite::Connection::open(fx.path()).unwrap();
    raw.execute_batch(include_str!("../migrations/0001_initial.sql"))
        .unwrap();
    raw.execute_batch(
        "PRAGMA user_version = 1;
         INSERT INTO decks (id, name, created_at) VALUES (1, 'Old', 0);
         INSERT INTO notetypes (id, name, kind, created_at) VALUES (1, 'Basic', 0, 0);
         INSERT INTO fields VALUES (1, 0, 'Front'), (1, 1, 'Back');
         INSERT INTO templates VALUES (1, 0, 'Card 1', '{{Front}}', '{{Back}}');
         INSERT INTO notes (id, guid, notetype_id, fields, created_at, modified_at)
             VALUES (1, 'a', 1, 'q' || char(31) || 'a', 0, 0), (2, 'b', 1, 'q2' || char(31) || 'a2', 0, 0);
         INSERT INTO cards (note_id, deck_id, ord, created_at, modified_at) VALUES (1, 1, 0, 0, 0), (2, 1, 0, 0, 0);",
    )
    .unwrap();
    drop(raw);

    let spool = fx.open_empty();
    let counts = spool.deck_counts().unwrap();
    assert_eq!(
        (counts[0].name.as_str(), counts[0].cards, counts[0].notes),
        ("Old", 2, 2)
    );
    drop(spool);
    let version: i64 = rusqlite::Connection::open(fx.path())
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
}
