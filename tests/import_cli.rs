//! `spool import` and `spool export` as a person or script uses them.

mod common;
mod packages;
mod snapshot;

use std::path::Path;
use std::process::Output;

use common::one_line_error;
use packages::{hostile_corpus, legacy_package, schema11_collection, zip_bytes};
use snapshot::snapshot;

fn spool(collection: &Path, args: &[&str]) -> Output {
    common::run_spool(collection, args)
}

fn stdout(output: &Output) -> String {
    let text = common::success_stdout(output);
    // Not a terminal, so no progress bar.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.is_empty(), "unexpected stderr: {stderr:?}");
    text
}

#[test]
fn hostile_packages_fail_with_one_line_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let collection = dir.path().join("c.spool");
    stdout(&spool(&collection, &["decks"]));
    let before = snapshot(&collection);
    for case in hostile_corpus() {
        let package = dir.path().join("hostile.apkg");
        std::fs::write(&package, &case.bytes).unwrap();
        let limits = [
            format!("--max-package-bytes={}", case.limits.max_total_bytes),
            format!("--max-entries={}", case.limits.max_entries),
            format!(
                "--max-compression-ratio={}",
                case.limits.max_compression_ratio
            ),
        ];
        let mut args = vec!["import", package.to_str().unwrap()];
        args.extend(limits.iter().map(String::as_str));
        let stderr = one_line_error(&spool(&collection, &args));
        for part in &case.expected {
            assert!(
                stderr.contains(part.as_str()),
                "{}: {stderr:?} should mention {part:?}",
                case.name
            );
        }
        assert_eq!(
            snapshot(&collection),
            before,
            "{} changed the collection",
            case.name
        );
    }
}

#[test]
fn import_prints_a_summary_and_reimport_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let collection = dir.path().join("c.spool");
    let package = dir.path().join("deck.apkg");
    std::fs::write(
        &package,
        zip_bytes(&legacy_package(
            schema11_collection(""),
            &[("a.png", b"png")],
        )),
    )
    .unwrap();
    let first = stdout(&spool(&collection, &["import", package.to_str().unwrap()]));
    assert_eq!(
        first,
        "added 1 note, updated 0, unchanged 0; 1 media file\n"
    );
    let again = stdout(&spool(
        &collection,
        &["import", package.to_str().unwrap(), "--json"],
    ));
    let report: serde_json::Value = serde_json::from_str(&again).unwrap();
    assert_eq!(report["notes_unchanged"], 1);
    assert_eq!(report["notes_added"], 0);
    assert_eq!(report["media_added"], 0);
    assert_eq!(
        std::fs::read(dir.path().join("c.media/a.png")).unwrap(),
        b"png"
    );
}

#[test]
fn csv_options_and_format_detection() {
    let dir = tempfile::tempdir().unwrap();
    let collection = dir.path().join("c.spool");
    let file = dir.path().join("words.data");
    std::fs::write(&file, "tag1 tag2;hund;dog\nkatt;cat;\n").unwrap();
    let output = spool(
        &collection,
        &[
            "import",
            file.to_str().unwrap(),
            "--columns",
            "tags,front,back",
            "--separator",
            ";",
            "--deck",
            "Swedish",
        ],
    );
    assert_eq!(
        stdout(&output),
        "added 2 notes, updated 0, unchanged 0; 0 media files\n"
    );
    let search = stdout(&spool(
        &collection,
        &["search", "deck:Swedish tag:tag2", "--json"],
    ));
    assert!(search.contains("hund"), "{search}");

    let package = dir.path().join("deck.apkg");
    std::fs::write(
        &package,
        zip_bytes(&legacy_package(schema11_collection(""), &[])),
    )
    .unwrap();
    let stderr = one_line_error(&spool(
        &collection,
        &["import", package.to_str().unwrap(), "--header"],
    ));
    assert!(
        stderr.contains("--header") && stderr.contains("CSV"),
        "{stderr}"
    );
    let stderr = one_line_error(&spool(
        &collection,
        &["import", dir.path().join("missing.apkg").to_str().unwrap()],
    ));
    assert!(stderr.contains("no such file"), "{stderr}");
}

#[test]
fn export_writes_packages_and_text_that_import_back() {
    let dir = tempfile::tempdir().unwrap();
    let collection = dir.path().join("c.spool");
    stdout(&spool(&collection, &["decks"]));
    let package = dir.path().join("out.apkg");
    let summary = stdout(&spool(
        &collection,
        &[
            "export",
            package.to_str().unwrap(),
            "--deck",
            "Parallel Programming",
        ],
    ));
    assert!(summary.starts_with("exported "), "{summary}");
    let text = dir.path().join("out.tsv");
    stdout(&spool(&collection, &["export", text.to_str().unwrap()]));
    let other = dir.path().join("other.spool");
    let imported = stdout(&spool(&other, &["import", package.to_str().unwrap()]));
    assert!(
        imported.starts_with("added 0 notes"),
        "the built-in deck is the same notes: {imported}"
    );
    let stderr = one_line_error(&spool(
        &collection,
        &["export", dir.path().join("out.pdf").to_str().unwrap()],
    ));
    assert!(stderr.contains("--format"), "{stderr}");
    let stderr = one_line_error(&spool(
        &collection,
        &["export", text.to_str().unwrap(), "--with-scheduling"],
    ));
    assert!(stderr.contains(".apkg"), "{stderr}");
}

#[test]
fn export_refuses_to_overwrite_the_collection() {
    let dir = tempfile::tempdir().unwrap();
    let collection = dir.path().join("c.spool");
    stdout(&spool(&collection, &["decks"]));
    let before = snapshot(&collection);
    for target in ["c.spool", "c.spool-wal"] {
        let path = dir.path().join(target);
        let error = one_line_error(&spool(
            &collection,
            &["export", path.to_str().unwrap(), "--format", "csv"],
        ));
        assert!(error.contains("the collection's own file"), "{error}");
    }
    assert_eq!(snapshot(&collection), before);
}

#[test]
fn a_field_holding_the_field_separator_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let collection = dir.path().join("c.spool");
    stdout(&spool(&collection, &["decks"]));
    let before = snapshot(&collection);
    let csv = dir.path().join("notes.csv");
    std::fs::write(&csv, "fine,row\nfront\u{1f}hidden,back\n").unwrap();
    let error = one_line_error(&spool(&collection, &["import", csv.to_str().unwrap()]));
    assert!(
        error.contains(
            "notes.csv: invalid note: line 2: field 1 contains the control character U+001F"
        ),
        "{error}"
    );
    assert_eq!(snapshot(&collection), before);
}

#[test]
fn media_names_differing_only_in_case_keep_every_reference_working() {
    let dir = tempfile::tempdir().unwrap();
    let collection = dir.path().join("c.spool");
    let import = |guid: &str, name: &str| {
        let changes = format!(
            "update notes set guid = '{guid}', flds = '<img src=\"{name}\">' || char(31) || 'back'"
        );
        let package = dir.path().join(format!("{guid}.apkg"));
        let entries = legacy_package(schema11_collection(&changes), &[(name, b"same bytes")]);
        std::fs::write(&package, zip_bytes(&entries)).unwrap();
        stdout(&spool(&collection, &["import", package.to_str().unwrap()]));
    };
    import("first", "A.png");
    import("second", "a.png");
    let notes: serde_json::Value =
        serde_json::from_str(&stdout(&spool(&collection, &["search", "--json", "png"]))).unwrap();
    let media_dir = dir.path().join("c.media");
    for note in notes.as_array().unwrap() {
        let front = note["fields"]["Front"].as_str().unwrap();
        let name = front.split('"').nth(1).unwrap();
        assert!(
            media_dir.join(name).is_file(),
            "{front} points at a missing file"
        );
    }
    assert_eq!(notes.as_array().unwrap().len(), 2);
}

#[test]
fn oversized_text_inputs_are_refused_with_their_limit_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let collection = dir.path().join("c.spool");
    stdout(&spool(&collection, &["decks"]));
    let before = snapshot(&collection);
    let big = "x".repeat((1 << 20) + 1);
    let cases = [
        (
            "field.toml",
            format!(
                "format = 1\n[deck]\nid = \"big\"\nname = \"Big\"\n\n[[note]]\nid = \"one\"\nfront = \"{big}\"\nback = \"b\"\n"
            ),
            "note \"one\": field front: field is 1048577 bytes, more than the limit of 1048576",
        ),
        (
            // A row that never ends is refused once it passes 16 fields at the limit.
            "row.csv",
            format!("a,b\n{}", "y".repeat(20 << 20)),
            "line 2: the row is longer than 16777216 bytes",
        ),
    ];
    for (name, text, expected) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let stderr = one_line_error(&spool(&collection, &["import", file.to_str().unwrap()]));
        assert!(stderr.contains(name), "{stderr:?} names the file");
        assert!(
            stderr.contains(expected),
            "{stderr:?} should say {expected:?}"
        );
        assert_eq!(
            snapshot(&collection),
            before,
            "{name} changed the collection"
        );
    }
}

#[test]
fn a_csv_is_written_as_its_rows_are_read_again_with_every_row_checked_first() {
    let dir = tempfile::tempdir().unwrap();
    let collection = dir.path().join("c.spool");
    stdout(&spool(&collection, &["decks"]));
    let before = snapshot(&collection);
    // The bad row is the last: the first pass refuses it before any note is written.
    let mut text: String = (0..5000).map(|i| format!("q{i},a{i}\n")).collect();
    text.push_str("only one column\n");
    let file = dir.path().join("rows.csv");
    std::fs::write(&file, &text).unwrap();
    let stderr = one_line_error(&spool(&collection, &["import", file.to_str().unwrap()]));
    assert!(
        stderr.contains("line 5001: row has 1 columns"),
        "{stderr:?}"
    );
    assert_eq!(snapshot(&collection), before);

    text.truncate(text.len() - "only one column\n".len());
    std::fs::write(&file, &text).unwrap();
    let report = stdout(&spool(
        &collection,
        &["import", file.to_str().unwrap(), "--json"],
    ));
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(report["notes_added"], 5000);
    assert_eq!(report["cards_added"], 5000);
    let found = stdout(&spool(&collection, &["search", "q4999", "--json"]));
    assert!(found.contains("a4999"), "{found}");
}
