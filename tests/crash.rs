//! Kill -9 while answering: every acknowledged answer survives, and the file stays sound.
//! Kill -9 while importing: the import is all or nothing, and nothing it unpacked is left.

#![cfg(unix)]

mod packages;

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasher, RandomState};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::Duration;

const ROUNDS: usize = 6;

/// A random delay in 30..=400 ms, printed so a failing run says when it killed.
fn random_delay() -> Duration {
    let seed = RandomState::new().hash_one(std::time::SystemTime::now());
    let ms = 30 + seed % 371;
    eprintln!("killing after {ms} ms");
    Duration::from_millis(ms)
}

/// Runs `spool answer` fed as fast as it will take lines, kills it, returns acknowledged ids.
fn answer_until_killed(path: &Path, card_ids: &[i64]) -> BTreeSet<i64> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_spool"))
        .arg("--collection")
        .arg(path)
        .arg("answer")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let ids = card_ids.to_vec();
    let feeder = thread::spawn(move || {
        for (i, id) in ids.iter().cycle().enumerate() {
            // Mostly Good, sometimes Again, so cards move through every queue.
            let quality = if i % 5 == 0 { 1 } else { 4 };
            if writeln!(stdin, "{id} {quality}").is_err() {
                break;
            }
        }
    });
    let stdout = child.stdout.take().unwrap();
    let reader = thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .map(|line| {
                let value: serde_json::Value = serde_json::from_str(&line).unwrap();
                value["review_id"].as_i64().unwrap()
            })
            .collect::<BTreeSet<i64>>()
    });
    thread::sleep(random_delay());
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    feeder.join().unwrap();
    reader.join().unwrap()
}

#[test]
fn acknowledged_answers_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.spool");
    let status = Command::new(env!("CARGO_BIN_EXE_spool"))
        .arg("--collection")
        .arg(&path)
        .arg("decks")
        .output()
        .unwrap();
    assert!(status.status.success());
    let card_ids: Vec<i64> = {
        let raw = rusqlite::Connection::open(&path).unwrap();
        let mut stmt = raw.prepare("SELECT id FROM cards ORDER BY id").unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let mut acknowledged = BTreeSet::new();
    for _ in 0..ROUNDS {
        acknowledged.extend(answer_until_killed(&path, &card_ids));
        // Reopening through Spool replays the WAL and must succeed after any kill.
        let spool = spool_core::app::Spool::open(&path, spool_core::app::SystemClock).unwrap();
        let log = spool.collection().review_log(None).unwrap();
        let stored: BTreeSet<i64> = log.iter().map(|e| e.id).collect();
        let missing: Vec<_> = acknowledged.difference(&stored).collect();
        assert!(missing.is_empty(), "acknowledged answers lost: {missing:?}");
        // Each answer is one transaction: a card's rep count equals its log rows.
        let mut rows_per_card: HashMap<i64, u32> = HashMap::new();
        for entry in &log {
            *rows_per_card.entry(entry.card_id).or_default() += 1;
        }
        for id in &card_ids {
            let card = spool.collection().card(*id).unwrap();
            assert_eq!(
                card.schedule.reps,
                rows_per_card.get(id).copied().unwrap_or(0),
                "card {id}"
            );
        }
        drop(spool);
        let raw = rusqlite::Connection::open(&path).unwrap();
        let integrity: String = raw
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok");
    }
    eprintln!("{} acknowledged answers, all present", acknowledged.len());
    assert!(
        !acknowledged.is_empty(),
        "no answer was acknowledged in {ROUNDS} rounds"
    );
}

/// Notes in the collection at `path`, through the binary (which also empties the scratch
/// folder a killed process left).
fn note_count(path: &Path) -> u64 {
    let output = Command::new(env!("CARGO_BIN_EXE_spool"))
        .arg("--collection")
        .arg(path)
        .args(["stats", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stats: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    stats["notes"].as_u64().unwrap()
}

/// Files under `dir`, at any depth.
fn files_under(dir: &Path) -> usize {
    match std::fs::read_dir(dir) {
        Err(_) => 0,
        Ok(entries) => entries
            .map(|entry| entry.unwrap().path())
            .map(|path| if path.is_dir() { files_under(&path) } else { 1 })
            .sum(),
    }
}

#[test]
fn a_killed_import_leaves_nothing_unpacked_and_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.spool");
    let before = note_count(&path);
    // 40 media files of 1 MiB: unpacking them takes long enough to be caught at it.
    let media: Vec<(String, Vec<u8>)> = (0..40)
        .map(|index| (format!("m{index}.bin"), vec![index as u8; 1 << 20]))
        .collect();
    let media: Vec<(&str, &[u8])> = media
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    let package = dir.path().join("big.apkg");
    let collection = packages::schema11_collection("");
    std::fs::write(
        &package,
        packages::zip_bytes(&packages::legacy_package(collection, &media)),
    )
    .unwrap();
    let scratch = dir.path().join("c.spool-scratch");
    // The system's temporary folder, for the child alone: an import must not use it.
    let system_temp = tempfile::tempdir().unwrap();

    // Killed once while it unpacks (something is in the scratch folder), then after
    // delays that fall anywhere from unpacking to writing.
    for round in 0..ROUNDS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_spool"))
            .arg("--collection")
            .arg(&path)
            .arg("import")
            .arg(&package)
            .env("TMPDIR", system_temp.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        if round == 0 {
            let deadline = std::time::Instant::now() + Duration::from_secs(60);
            let unpacking = loop {
                if files_under(&scratch) > 0 {
                    break true;
                }
                if child.try_wait().unwrap().is_some() {
                    break false;
                }
                assert!(std::time::Instant::now() < deadline, "never unpacked");
                thread::sleep(Duration::from_millis(1));
            };
            assert!(unpacking, "unpacks beside the collection");
        } else {
            thread::sleep(random_delay());
        }
        child.kill().unwrap();
        child.wait().unwrap();
        assert_eq!(
            files_under(system_temp.path()),
            0,
            "nothing in the system's temp folder"
        );

        let after = note_count(&path);
        assert!(
            after == before || after == before + 1,
            "all or nothing: {before} notes before, {after} after"
        );
        assert!(
            !scratch.exists(),
            "the next open removed what the killed import unpacked"
        );
        let staging = dir.path().join("c.media-staging");
        assert_eq!(files_under(&staging), 0, "no media left half-moved");
    }
}
