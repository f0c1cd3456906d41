//! The `spool` binary as a person or script uses it.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use common::{run_spool as spool, success_stdout as stdout};

/// Asserts a clean failure whose one line contains `expected`.
fn assert_clean_error(output: &Output, expected: &str) {
    let stderr = common::one_line_error(output);
    assert!(
        stderr.contains(expected),
        "stderr {stderr:?} lacks {expected:?}"
    );
}

#[test]
fn fresh_collection_lists_the_builtin_deck_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.spool");
    let decks: serde_json::Value =
        serde_json::from_str(&stdout(&spool(&path, &["decks", "--json"]))).unwrap();
    let decks = decks.as_array().unwrap();
    let root = &decks[0];
    let keys: Vec<&str> = root
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["name", "notes", "cards", "new", "learning", "due"]);
    assert_eq!(root["name"], "Parallel Programming");
    assert!(root["cards"].as_u64().unwrap() >= 35);
    assert_eq!(root["new"], 20);
    let subdecks: Vec<&str> = decks[1..]
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert!(
        subdecks.contains(&"Parallel Programming::Quiz"),
        "{subdecks:?}"
    );
}

#[test]
fn default_collection_is_created_in_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_spool"))
        .args(["decks", "--json"])
        .env("SPOOL_DATA_DIR", dir.path().join("data"))
        .output()
        .unwrap();
    stdout(&output);
    assert!(dir.path().join("data/collection.spool").is_file());
}

#[test]
fn search_json_shows_notes_with_cards() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.spool");
    let notes: serde_json::Value = serde_json::from_str(&stdout(&spool(
        &path,
        &["search", "--json", "deck:*quiz* _thread"],
    )))
    .unwrap();
    let notes = notes.as_array().unwrap();
    assert_eq!(notes.len(), 1, "exactly the Q5 card mentions _thread");
    let note = &notes[0];
    for key in ["id", "guid", "notetype", "deck", "fields", "tags", "cards"] {
        assert!(note.get(key).is_some(), "missing {key}");
    }
    assert!(note["fields"]["Back"].as_str().unwrap().contains("_thread"));
    let card = &note["cards"][0];
    for key in ["due", "interval", "ease", "reps"] {
        assert!(card.get(key).is_some(), "card missing {key}");
    }
    assert_eq!(card["ease"], 2.5);
}

#[test]
fn study_in_the_terminal_records_answers_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.spool");
    let mut child = Command::new(env!("CARGO_BIN_EXE_spool"))
        .arg("--collection")
        .arg(&path)
        .args(["study", "--deck", "Parallel Programming::Quiz"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Reveal + Good, reveal + a bad key then Again, undo, reveal + Easy, then quit.
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"\n3\n\n9\n1\nu\n\n4\nq\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let text = stdout(&output);
    assert!(text.contains("Quiz Q1"), "{text}");
    assert!(
        text.contains(
            "1 Again (again today, then 1d)   2 Hard (again today, then 1d)   3 Good (1d)   4 Easy (1d)"
        ),
        "{text}"
    );
    assert!(
        text.contains("\"9\" is not a grade: type 1 to 4."),
        "{text}"
    );
    assert!(text.contains("Undone."), "{text}");
    assert!(text.contains("2 answers recorded."), "{text}");
    let reviews: serde_json::Value = serde_json::from_str(&stdout(&spool(
        &path,
        &["search", "--json", "deck:*quiz* -is:new"],
    )))
    .unwrap();
    let reps: Vec<u64> = reviews
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["cards"][0]["reps"].as_u64().unwrap())
        .collect();
    assert_eq!(reps, [1, 1]);
}

#[test]
fn answer_command_validates_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.spool");
    let line: serde_json::Value =
        serde_json::from_str(&stdout(&spool(&path, &["answer", "1", "4"]))).unwrap();
    assert_eq!(
        (line["card_id"].as_i64(), line["interval"].as_u64()),
        (Some(1), Some(1))
    );
    assert_clean_error(
        &spool(&path, &["answer", "1", "6"]),
        "quality \"6\" is out of range: SM-2 grades go from 0 to 5",
    );
    assert_clean_error(
        &spool(&path, &["answer", "99999", "4"]),
        "no card with id 99999",
    );
    assert_clean_error(&spool(&path, &["answer", "1"]), "answers come in pairs");
}

#[test]
fn bad_input_is_one_clear_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("c.spool");
    stdout(&spool(&good, &["decks"]));
    assert_clean_error(
        &spool(&good, &["study", "--deck", "No Such Deck"]),
        "no deck named \"No Such Deck\"",
    );

    assert_clean_error(
        &spool(&dir.path().join("nope/c.spool"), &["decks"]),
        "does not exist",
    );
    assert!(!dir.path().join("nope").exists());

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "hello, I am text and not a database at all").unwrap();
    assert_clean_error(&spool(&text, &["decks"]), "not a Spool collection");
    assert_eq!(
        std::fs::read_to_string(&text).unwrap(),
        "hello, I am text and not a database at all"
    );

    let newer = dir.path().join("newer.spool");
    stdout(&spool(&newer, &["decks"]));
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 7)
        .unwrap();
    assert_clean_error(&spool(&newer, &["decks"]), "schema version 7");

    assert_clean_error(
        &spool(&good, &["search", "is:bogus"]),
        "unknown state is:bogus",
    );
}

#[test]
fn a_second_process_through_a_hard_link_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let collection = dir.path().join("c.spool");
    stdout(&spool(&collection, &["decks"]));
    let link = dir.path().join("h.spool");
    std::fs::hard_link(&collection, &link).unwrap();
    let held = spool_core::store::Collection::open(&collection).unwrap();
    let before = std::fs::read(&collection).unwrap();

    let mut answering = Command::new(env!("CARGO_BIN_EXE_spool"))
        .args(["--collection".as_ref(), link.as_os_str(), "answer".as_ref()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The refusal may come before the answers are read: a closed pipe is not the test.
    let _ = answering.stdin.take().unwrap().write_all(b"1 4\n2 4\n");
    let output = answering.wait_with_output().unwrap();
    assert_clean_error(&output, "open in another Spool process");
    assert!(
        common::one_line_error(&output).contains("h.spool"),
        "names the path it was given"
    );
    assert_eq!(
        std::fs::read(&collection).unwrap(),
        before,
        "nothing written"
    );
    assert!(!dir.path().join("h.spool-wal").exists());
    assert!(!dir.path().join("h.spool.lock").exists());
    drop(held);
}

#[test]
fn stats_and_check_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.spool");
    stdout(&spool(&path, &["answer", "1", "5", "2", "1"]));
    let stats: serde_json::Value =
        serde_json::from_str(&stdout(&spool(&path, &["stats", "--json"]))).unwrap();
    assert_eq!(stats["reviews_today"], 2);
    assert_eq!(stats["cards"]["learning"], 1);
    assert_eq!(
        stats["answers_by_quality"],
        serde_json::json!([0, 1, 0, 0, 0, 1])
    );
    assert!(stdout(&spool(&path, &["check"])).contains("No problems found."));
}

#[test]
fn spool_and_every_command_have_help() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.spool");
    // Without a command `spool` opens the desktop app, so the help is asked for explicitly.
    assert!(stdout(&spool(&path, &["--help"])).contains("Usage: spool"));
    for command in [
        "decks", "study", "answer", "search", "stats", "check", "demo",
    ] {
        let help = stdout(&spool(&path, &[command, "--help"]));
        assert!(help.contains("Usage: spool"), "{command}: {help}");
    }
}

#[test]
fn a_search_spool_cannot_run_as_typed_is_refused_with_its_place_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let collection = dir.path().join("c.spool");
    stdout(&spool(&collection, &["decks"]));
    let before = std::fs::read(&collection).unwrap();
    let many_words = vec!["w"; 2_000].join(" ");
    let many_wildcards = "*a".repeat(5_000);
    for (query, expected) in [
        (
            "deck:",
            "deck: needs a deck name (in \"deck:\" at column 1)",
        ),
        ("lock tag:", "tag: needs a tag (in \"tag:\" at column 6)"),
        ("note:", "note: needs a note type name"),
        (
            "prop:ivl>abc",
            "Anki's search key \"prop\" is not supported by Spool yet",
        ),
        ("colour:red", "unknown search key \"colour\""),
        (
            many_words.as_str(),
            "the search has 2000 terms; at most 100 are allowed",
        ),
        (
            many_wildcards.as_str(),
            "a term is 10000 characters long; at most 1000",
        ),
    ] {
        let error = common::one_line_error(&spool(&collection, &["search", query]));
        assert!(error.contains(expected), "{query:.40}: {error}");
        assert!(
            !error.contains("LIKE") && !error.contains("Expression"),
            "{error}"
        );
    }
    assert_eq!(std::fs::read(&collection).unwrap(), before);
}

#[test]
fn the_longest_search_spool_accepts_runs_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let collection = dir.path().join("c.spool");
    stdout(&spool(&collection, &["decks"]));
    // Every character of the longest term needs escaping, and every term is negated: the
    // deepest, longest SQL a search can make.
    let term = format!(
        "-\"{}\"",
        "%&".repeat(spool_core::search::MAX_TERM_CHARS / 2)
    );
    let query = [term.as_str(); 4].join(" ");
    let padding = vec!["-tag:x*y*z"; spool_core::search::MAX_TERMS - 4].join(" ");
    let found = stdout(&spool(
        &collection,
        &["search", "--json", "--", &format!("{query} {padding}")],
    ));
    assert!(found.trim_start().starts_with('['), "{found}");
}

/// Runs `spool study` on `collection`, typing `keys`.
fn study(collection: &std::path::Path, keys: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_spool"))
        .arg("--collection")
        .arg(collection)
        .arg("study")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(keys).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn check_gives_notes_whose_note_type_is_missing_a_recovered_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.spool");
    stdout(&spool(&path, &["decks"]));
    // Lost as a hand-edited file or another tool might lose it: with foreign keys off, so
    // its notes, fields and templates stay behind.
    let raw = rusqlite::Connection::open(&path).unwrap();
    let (notes, cards): (i64, i64) = raw
        .query_row(
            "SELECT count(DISTINCT n.id), count(*) FROM notes n JOIN cards c ON c.note_id = n.id
             WHERE n.notetype_id = (SELECT id FROM notetypes WHERE name = 'Basic (and reversed card)')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        notes > 0 && cards == 2 * notes,
        "{notes} notes, {cards} cards"
    );
    raw.execute_batch(
        "PRAGMA foreign_keys = OFF;
         DELETE FROM notetypes WHERE name = 'Basic (and reversed card)';",
    )
    .unwrap();
    drop(raw);

    let report = stdout(&spool(&path, &["check"]));
    assert_eq!(
        report,
        format!(
            "Database: ok\n\
             Repaired: 2 fields of note types that no longer exist deleted\n\
             Repaired: 2 card templates of note types that no longer exist deleted\n\
             Repaired: {notes} notes whose note type was missing moved to the new note type \"Recovered\"\n"
        )
    );
    assert!(stdout(&spool(&path, &["check"])).contains("No problems found."));

    // Every card kept its place, and its note its text.
    let found: serde_json::Value = serde_json::from_str(&stdout(&spool(
        &path,
        &["search", "--json", "note:Recovered"],
    )))
    .unwrap();
    let found = found.as_array().unwrap();
    assert_eq!(found.len() as i64, notes);
    let fields = found[0]["fields"].as_object().unwrap();
    assert_eq!(fields.keys().collect::<Vec<_>>(), ["Field 1", "Field 2"]);
    assert!(fields.values().all(|v| !v.as_str().unwrap().is_empty()));
    let kept: usize = found
        .iter()
        .map(|n| n["cards"].as_array().unwrap().len())
        .sum();
    assert_eq!(kept as i64, cards);

    stdout(&spool(&path, &["search", ""]));
    let studied = stdout(&study(&path, b"\n3\nq\n"));
    assert!(studied.contains("1 answers recorded."), "{studied}");
    let exported = stdout(&spool(
        &path,
        &["export", dir.path().join("all.apkg").to_str().unwrap()],
    ));
    assert!(exported.starts_with("exported "), "{exported}");
    stdout(&spool(
        &path,
        &["export", dir.path().join("all.csv").to_str().unwrap()],
    ));
}

/// Writes garbage over the last `len` bytes of the root page of `table`: in a small
/// collection a leaf holding its oldest rows (SQLite fills a page from its end), so the
/// page header stays whole and only the rows are damaged, as a bad sector or a stray
/// write would leave them.
fn damage_oldest_rows(collection: &std::path::Path, table: &str, len: usize) {
    let raw = rusqlite::Connection::open(collection).unwrap();
    let page_size: usize = raw.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
    let root: usize = raw
        .query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = ?1",
            [table],
            |r| r.get(0),
        )
        .unwrap();
    drop(raw);
    let mut bytes = std::fs::read(collection).unwrap();
    let page = &mut bytes[(root - 1) * page_size..root * page_size];
    assert_eq!(page[0], 0x0d, "{table}'s root is a table leaf");
    for (i, byte) in page[page_size - len..].iter_mut().enumerate() {
        *byte = (i * 37 + 11) as u8;
    }
    std::fs::write(collection, bytes).unwrap();
}

#[test]
fn an_answer_to_a_damaged_collection_fails_with_its_name_and_writes_nothing() {
    for (table, answered_before) in [
        ("cards", &[][..]),
        ("revlog", &["1", "4", "2", "4", "3", "4"][..]),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.spool");
        stdout(&spool(&path, &["decks"]));
        if !answered_before.is_empty() {
            let mut args = vec!["answer"];
            args.extend_from_slice(answered_before);
            stdout(&spool(&path, &args));
        }
        damage_oldest_rows(&path, table, 64);
        let before = std::fs::read(&path).unwrap();

        let output = spool(&path, &["answer", "4", "4"]);
        let message = common::one_line_error(&output);
        assert!(
            output.stdout.is_empty(),
            "{table}: an answer was acknowledged"
        );
        for expected in [
            path.display().to_string().as_str(),
            "the collection file is damaged",
            "run `spool check`",
            "spool backup restore",
        ] {
            assert!(
                message.contains(expected),
                "{table}: {message:?} lacks {expected:?}"
            );
        }
        assert!(
            std::fs::read(&path).unwrap() == before,
            "{table}: the file was written"
        );

        let checked = spool(&path, &["check"]);
        assert!(!checked.status.success());
        assert!(
            String::from_utf8_lossy(&checked.stdout)
                .contains("Problem:  the database file is damaged"),
            "{table}: {checked:?}"
        );
    }
}

/// A deck tree 3,000 levels deep lists like 3,000 decks: each row of the listing stays short
/// (it was padded to the deepest indent, so the listing grew with the square of the depth)
/// and each level still counts the one card at the bottom.
#[test]
fn a_very_deep_deck_tree_lists_in_rows_of_bounded_width() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.spool");
    let levels: Vec<String> = (1..3000).map(|level| format!("L{level}")).collect();
    let deck_file = dir.path().join("deep.toml");
    std::fs::write(
        &deck_file,
        format!(
            "format = 1\n[deck]\nid = \"deep\"\nname = \"Deep\"\n\n[[note]]\nid = \"one\"\n\
             subdeck = \"{}\"\nfront = \"Q\"\nback = \"A\"\n",
            levels.join("::")
        ),
    )
    .unwrap();
    stdout(&spool(&path, &["import", deck_file.to_str().unwrap()]));

    let listing = stdout(&spool(&path, &["decks"]));
    let deep_rows: Vec<&str> = listing
        .lines()
        .filter(|line| {
            // The deck's own name is the word before its five counts.
            let name = line.split_whitespace().rev().nth(5).unwrap_or("");
            name == "Deep"
                || name
                    .strip_prefix('L')
                    .is_some_and(|n| n.parse::<u32>().is_ok())
        })
        .collect();
    assert_eq!(deep_rows.len(), 3000);
    let widest = listing.lines().map(str::len).max().unwrap();
    assert!(widest < 120, "a row is {widest} bytes wide");
    assert!(
        deep_rows.last().unwrap().contains("[level 3000] L2999"),
        "{:?}",
        deep_rows.last()
    );

    let decks: serde_json::Value =
        serde_json::from_str(&stdout(&spool(&path, &["decks", "--json"]))).unwrap();
    let deep: Vec<&serde_json::Value> = decks
        .as_array()
        .unwrap()
        .iter()
        .filter(|deck| deck["name"].as_str().unwrap().starts_with("Deep"))
        .collect();
    assert_eq!(deep.len(), 3000);
    for (depth, deck) in deep.iter().enumerate() {
        assert_eq!(deck["name"].as_str().unwrap().matches("::").count(), depth);
        assert_eq!(
            (deck["cards"].as_u64(), deck["new"].as_u64()),
            (Some(1), Some(1))
        );
    }
}
