//! Backups: made when due, checked, thinned, restored, with a clock the tests move.

mod common;

use std::fs;
use std::path::Path;

use common::{Fixture, one_line_error, run_spool, success_stdout};
use spool_core::app::{BackupReason, ManualClock, Spool};
use spool_core::store::CardId;

const MINUTE_MS: i64 = 60_000;

fn first_cards(spool: &Spool, count: usize) -> Vec<CardId> {
    let cards = spool.collection().search_cards("", 0).unwrap();
    assert!(cards.len() >= count);
    cards[..count].to_vec()
}

fn reps(spool: &Spool, card: CardId) -> u32 {
    spool.collection().card(card).unwrap().schedule.reps
}

/// Opens a copy of a backup, so looking inside it writes nothing into the backups folder.
fn open_copy(backup: &Path, dir: &Path) -> Spool {
    let copy = dir.join("inspected.spool");
    let _ = fs::remove_file(&copy);
    fs::copy(backup, &copy).unwrap();
    Spool::open_without_builtin(&copy, ManualClock::new(common::NOON_MS, 0)).unwrap()
}

#[test]
fn backups_are_made_when_their_reason_calls_for_one() {
    let fixture = Fixture::new();
    let mut spool = fixture.open();
    let card = first_cards(&spool, 1)[0];

    assert!(
        spool.back_up(BackupReason::Opened).unwrap().is_some(),
        "no backup yet"
    );
    fixture.clock.advance_ms(10 * MINUTE_MS);
    assert!(
        spool.back_up(BackupReason::Opened).unwrap().is_none(),
        "one from 10 minutes ago"
    );
    spool.answer_card_with_quality(card, 4, 0).unwrap();
    assert!(
        spool.back_up(BackupReason::Interval).unwrap().is_none(),
        "interval not up"
    );
    fixture.clock.advance_ms(25 * MINUTE_MS);
    assert!(
        spool.back_up(BackupReason::Interval).unwrap().is_some(),
        "35 minutes, changed"
    );
    fixture.clock.advance_ms(40 * MINUTE_MS);
    assert!(
        spool.back_up(BackupReason::Interval).unwrap().is_none(),
        "nothing changed since the last one"
    );
    assert!(spool.back_up(BackupReason::Closing).unwrap().is_none());
    spool.answer_card_with_quality(card, 4, 0).unwrap();
    let closing = spool.back_up(BackupReason::Closing).unwrap().unwrap();

    let backups = spool.backups().unwrap();
    assert_eq!(backups.len(), 3);
    assert_eq!(backups[0], closing, "newest first");
    assert!(
        backups
            .iter()
            .all(|b| b.path.starts_with(spool.backup_folder()))
    );
    let inside = open_copy(&closing.path, fixture.dir.path());
    assert_eq!(
        reps(&inside, card),
        2,
        "the closing backup holds both answers"
    );
}

#[test]
fn an_import_is_preceded_by_a_backup_of_the_collection_as_it_was() {
    let fixture = Fixture::new();
    let mut spool = fixture.open_empty();
    let csv = fixture.dir.path().join("words.csv");
    fs::write(&csv, "front one,back one\nfront two,back two\n").unwrap();
    spool
        .import_file(&csv, &Default::default(), &mut |_| {})
        .unwrap();
    let backups = spool.backups().unwrap();
    assert_eq!(backups.len(), 1);
    let before = open_copy(&backups[0].path, fixture.dir.path());
    assert_eq!(before.collection().search_notes("", 0).unwrap().len(), 0);
    assert_eq!(spool.collection().search_notes("", 0).unwrap().len(), 2);
}

#[test]
fn a_year_of_backups_is_thinned_to_the_counts_in_the_settings() {
    let fixture = Fixture::new();
    let mut spool = fixture.open_empty();
    for _ in 0..400 {
        spool.back_up(BackupReason::Requested).unwrap().unwrap();
        fixture.clock.advance_days(1);
    }
    // Each backup thins the folder: today's and yesterday's, then 12 daily, 10 weekly
    // and 9 monthly.
    assert_eq!(spool.backups().unwrap().len(), 2 + 12 + 10 + 9);
    spool.back_up(BackupReason::Requested).unwrap().unwrap();
    assert_eq!(spool.backups().unwrap().len(), 2 + 12 + 10 + 9);

    let mut settings = spool.settings().unwrap();
    settings.backups.daily = 3;
    settings.backups.weekly = 0;
    settings.backups.monthly = 1;
    spool.save_settings(&settings).unwrap();
    spool.back_up(BackupReason::Requested).unwrap().unwrap();
    // Two of today's, yesterday's, three days and one month.
    assert_eq!(spool.backups().unwrap().len(), 2 + 1 + 3 + 1);

    let stray = spool.backup_folder().join("my notes.txt");
    fs::write(&stray, "mine").unwrap();
    let cut_off = spool
        .backup_folder()
        .join(".backup-2026-01-01-00.00.00.000.spool.partial");
    fs::write(&cut_off, "half a backup").unwrap();
    spool.back_up(BackupReason::Requested).unwrap().unwrap();
    assert!(
        stray.exists(),
        "a file Spool did not make is never thinned away"
    );
    assert!(!cut_off.exists(), "what a crash cut off is removed");
}

#[test]
fn a_restore_brings_a_backup_back_after_backing_up_the_present() {
    let fixture = Fixture::new();
    let mut spool = fixture.open();
    let card = first_cards(&spool, 1)[0];
    spool.answer_card_with_quality(card, 4, 0).unwrap();
    let backup = spool.back_up(BackupReason::Requested).unwrap().unwrap();
    fixture.clock.advance_ms(MINUTE_MS);
    spool.answer_card_with_quality(card, 4, 0).unwrap();
    assert_eq!(reps(&spool, card), 2);

    let restored = spool.restore(&backup.name).unwrap();
    assert_eq!(restored.restored.name, backup.name);
    assert_eq!(reps(&spool, card), 1, "the second answer is undone");
    let present = open_copy(&restored.previous_state.path, fixture.dir.path());
    assert_eq!(
        reps(&present, card),
        2,
        "and kept in the backup made before the restore"
    );
    drop(present);

    drop(spool);
    let reopened = fixture.open();
    assert_eq!(reps(&reopened, card), 1, "the restore is on disk");
}

#[test]
fn a_damaged_or_missing_backup_is_refused_and_nothing_is_written() {
    let fixture = Fixture::new();
    let mut spool = fixture.open();
    spool.back_up(BackupReason::Requested).unwrap().unwrap();
    let damaged = spool
        .backup_folder()
        .join("backup-2026-01-15-11.00.00.000.spool");
    let mut bytes = fs::read(&spool.backups().unwrap()[0].path).unwrap();
    bytes.truncate(bytes.len() / 2);
    fs::write(&damaged, &bytes).unwrap();
    spool.collection().checkpoint().unwrap();
    let before = fs::read(fixture.path()).unwrap();
    let backups_before = spool.backups().unwrap();

    for name in [
        damaged.file_name().unwrap().to_str().unwrap(),
        "no-such-backup.spool",
    ] {
        let message = spool.restore(name).unwrap_err().to_string();
        assert!(message.contains("not a usable backup"), "{message}");
        assert!(message.contains(name), "{message}");
    }
    assert_eq!(
        spool.backups().unwrap(),
        backups_before,
        "no backup made for a refused restore"
    );
    drop(spool);
    assert_eq!(fs::read(fixture.path()).unwrap(), before);
}

#[test]
fn the_command_line_lists_makes_and_restores_backups() {
    let fixture = Fixture::new();
    let path = fixture.path();
    drop(fixture.open());
    let made: serde_json::Value = serde_json::from_str(&success_stdout(&run_spool(
        &path,
        &["backup", "create", "--json"],
    )))
    .unwrap();
    let name = made["name"].as_str().unwrap().to_string();
    assert!(Path::new(made["path"].as_str().unwrap()).is_file());

    let card = {
        let spool = fixture.open();
        first_cards(&spool, 1)[0]
    };
    success_stdout(&run_spool(&path, &["answer", &card.to_string(), "4"]));
    let listed: serde_json::Value = serde_json::from_str(&success_stdout(&run_spool(
        &path,
        &["backup", "list", "--json"],
    )))
    .unwrap();
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&name.as_str()), "{names:?}");

    let restored = success_stdout(&run_spool(&path, &["backup", "restore", &name]));
    assert!(restored.starts_with("Restored backup-"), "{restored}");
    assert_eq!(
        reps(&fixture.open(), card),
        0,
        "the answer after the backup is undone"
    );

    let before = fs::read(&path).unwrap();
    let refused = one_line_error(&run_spool(&path, &["backup", "restore", "nope.spool"]));
    assert!(
        refused.contains("nope.spool: not a usable backup"),
        "{refused}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_command_that_changes_nothing_makes_no_backup() {
    let fixture = Fixture::new();
    let path = fixture.path();
    drop(fixture.open());
    let refused = one_line_error(&run_spool(&path, &["answer", "123456789", "4"]));
    assert!(refused.contains("123456789"), "{refused}");
    success_stdout(&run_spool(&path, &["decks"]));
    assert_eq!(fixture.open().backups().unwrap(), []);
}
