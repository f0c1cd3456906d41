//! Plain CSV/TSV and Anki text files written in-test.

use std::path::PathBuf;

use spool_core::import::model::ImportBatch;
use spool_core::import::{
    AnkiTextOptions, ColumnRole, CsvOptions, ImportError, Separator, read_anki_text, read_csv,
};

fn write(name: &str, contents: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, contents).unwrap();
    (dir, path)
}

fn csv(contents: &str, options: &CsvOptions) -> Result<ImportBatch, ImportError> {
    let (_dir, path) = write("cards.csv", contents.as_bytes());
    read_csv(&path, options)
}

fn fields(batch: &ImportBatch) -> Vec<Vec<&str>> {
    batch
        .notes
        .iter()
        .map(|note| note.fields.iter().map(String::as_str).collect())
        .collect()
}

#[test]
fn rfc4180_quoting_keeps_separators_quotes_and_newlines() {
    let text = "front,back\n\"a, b\",\"say \"\"hi\"\"\"\n\"two\nlines\",plain\n";
    let options = CsvOptions {
        has_header: true,
        is_html: true,
        ..CsvOptions::default()
    };
    let batch = csv(text, &options).unwrap();
    assert_eq!(
        fields(&batch),
        [vec!["a, b", "say \"hi\""], vec!["two\nlines", "plain"]]
    );
    assert_eq!(batch.source.field_labels, ["front", "back"]);
}

#[test]
fn detected_separators_split_columns() {
    for (separator, text) in [
        ("tab", "a\tb, c\nd\te; f\n"),
        ("semicolon", "a;b, c\nd;e| f\n"),
        ("pipe", "a|b, c\nd|e; f\n"),
    ] {
        let batch = csv(text, &CsvOptions::default()).unwrap();
        assert_eq!(batch.notes.len(), 2, "{separator}");
        assert!(
            batch.notes.iter().all(|note| note.fields.len() == 2),
            "{separator}: {:?}",
            fields(&batch)
        );
    }
}

#[test]
fn plain_text_is_escaped_unless_html() {
    let batch = csv("<b>x</b> & y,z\n", &CsvOptions::default()).unwrap();
    assert_eq!(fields(&batch), [vec!["&lt;b&gt;x&lt;/b&gt; &amp; y", "z"]]);
    let options = CsvOptions {
        is_html: true,
        ..CsvOptions::default()
    };
    let batch = csv("<b>x</b> & y,z\n", &options).unwrap();
    assert_eq!(fields(&batch), [vec!["<b>x</b> & y", "z"]]);
}

#[test]
fn column_roles_map_fields_tags_deck_notetype_and_guid() {
    let options = CsvOptions {
        separator: Some(Separator::Semicolon),
        columns: vec![
            ColumnRole::Guid,
            ColumnRole::Field(1),
            ColumnRole::Tags,
            ColumnRole::Field(0),
            ColumnRole::Deck,
            ColumnRole::Notetype,
            ColumnRole::Ignore,
        ],
        tags: vec!["imported".into()],
        ..CsvOptions::default()
    };
    let batch = csv(
        "g1;back;t1 t2;front;Lang::日本語;Cloze;junk;extra\n",
        &options,
    )
    .unwrap();
    let note = &batch.notes[0];
    assert_eq!(note.guid.as_deref(), Some("g1"));
    // The unmapped last column becomes the next field.
    assert_eq!(note.fields, ["front", "back", "extra"]);
    assert_eq!(note.tags, ["imported", "t1", "t2"]);
    assert_eq!(batch.decks[note.deck.unwrap()].name, "Lang::日本語");
    assert_eq!(batch.notetypes[note.notetype].name, "Cloze");
    assert!(batch.notetypes[note.notetype].definition.is_none());
}

#[test]
fn ragged_row_is_rejected_with_its_line() {
    let error = csv("a,b\nc,d\ne\n", &CsvOptions::default()).unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with("line 3: row has 1 columns, but the first row has 2"),
        "{error}"
    );
}

#[test]
fn ragged_row_line_counts_quoted_newlines() {
    let error = csv("a,\"multi\nline\"\nb,c,d\n", &CsvOptions::default()).unwrap_err();
    assert!(error.to_string().contains("line 3:"), "{error}");
}

#[test]
fn invalid_utf8_names_line_and_column() {
    let (_dir, path) = write("bad.csv", b"a,b\nc,\xff\xfe\n");
    let error = read_csv(&path, &CsvOptions::default()).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("bad.csv: line 2, column 2: text is not valid UTF-8"),
        "{error}"
    );
}

#[test]
fn oversized_field_is_rejected() {
    let options = CsvOptions {
        max_field_bytes: 10,
        ..CsvOptions::default()
    };
    let error = csv("short,this one is too long\n", &options).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("line 1, field 2: field is 20 bytes, more than the limit of 10"),
        "{error}"
    );
}

#[test]
fn empty_file_is_an_error() {
    let error = csv("", &CsvOptions::default()).unwrap_err();
    assert!(error.to_string().contains("no rows"), "{error}");
}

#[test]
fn bad_column_mapping_is_an_error() {
    let options = CsvOptions {
        columns: vec![ColumnRole::Field(2)],
        ..CsvOptions::default()
    };
    let error = csv("a\n", &options).unwrap_err();
    assert!(error.to_string().contains("column mapping"), "{error}");
}

fn anki_text(contents: &str) -> Result<ImportBatch, ImportError> {
    let (_dir, path) = write("notes.txt", contents.as_bytes());
    read_anki_text(&path, &AnkiTextOptions::default())
}

#[test]
fn anki_text_headers_set_notetype_deck_tags_and_columns() {
    let text = "\u{feff}#separator:Semicolon\n#html:false\n#notetype:Basic (and reversed card)\n\
                #deck:Lang::中文\n#tags:global\n#columns:Front;Back;Tags\n#tags column:3\n\
                a<b;\"x;y\";t1 t2\n";
    let batch = anki_text(text).unwrap();
    let note = &batch.notes[0];
    assert_eq!(note.fields, ["a&lt;b", "x;y"]);
    assert_eq!(note.tags, ["global", "t1", "t2"]);
    assert_eq!(
        batch.notetypes[note.notetype].name,
        "Basic (and reversed card)"
    );
    assert_eq!(batch.decks[note.deck.unwrap()].name, "Lang::中文");
    assert_eq!(batch.source.field_labels, ["Front", "Back"]);
}

#[test]
fn anki_text_without_headers_sniffs_the_separator_and_uses_defaults() {
    let batch = anki_text("tags:old style\nfront|back\n").unwrap();
    let note = &batch.notes[0];
    assert_eq!(note.fields, ["front", "back"]);
    assert_eq!(note.tags, ["old", "style"]);
    assert_eq!(batch.notetypes[note.notetype].name, "Basic");
    assert_eq!(batch.decks[note.deck.unwrap()].name, "Default");
}

#[test]
fn anki_text_header_written_as_a_record_keeps_its_value() {
    let batch =
        anki_text("#separator:tab\t\t\n#html:true\t\t\n#guid column:1\t\t\nabc\tf1\tf2\n").unwrap();
    assert_eq!(batch.notes[0].guid.as_deref(), Some("abc"));
    assert_eq!(batch.notes[0].fields, ["f1", "f2"]);
}

#[test]
fn anki_text_bad_headers_name_the_line() {
    let error = anki_text("#separator:tab\n#deck column:zero\na\tb\n").unwrap_err();
    assert!(
        error.to_string().contains("line 2: deck column:"),
        "{error}"
    );
    let error = anki_text("#separator:nonsense\na\n").unwrap_err();
    assert!(
        error.to_string().contains("line 1: unknown separator"),
        "{error}"
    );
}

#[test]
fn anki_text_missing_meta_column_names_the_line() {
    let error = anki_text("#separator:tab\n#deck column:3\na\tb\tDeck\nc\td\n").unwrap_err();
    assert!(
        error
            .to_string()
            .contains("line 4: deck column 3 is missing"),
        "{error}"
    );
}
