//! What the text formats (Anki text export, plain CSV) share: reading rows with line numbers
//! without letting one row fill memory, turning plain text into HTML, and reading a file's
//! notes in two passes so that memory does not grow with the number of rows.

use std::cell::Cell;
use std::collections::HashMap;
use std::io::{self, Read};
use std::path::Path;
use std::rc::Rc;

use super::error::{ImportError, Problem};
use super::fields::{check_field_size, utf8_text};
use super::model::{Deck, ExistingNotes, ImportBatch, Note, Notetype, SourceFormat, SourceInfo};

/// A row may hold this many fields at the size limit. A row is refused as soon as it is
/// longer, so a row without an end cannot fill memory before the field limit sees it.
const MAX_ROW_FIELDS_AT_LIMIT: u64 = 16;

/// The CSV parser reads ahead of the row it is parsing by up to its buffer (8 KiB by
/// default); a row's budget allows for that.
const READ_AHEAD_BYTES: u64 = 64 << 10;

/// The marker inside the I/O error [`RowBudget`] fails with.
#[derive(Debug)]
struct RowTooLong;

impl std::fmt::Display for RowTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("row too long")
    }
}

impl std::error::Error for RowTooLong {}

/// A reader that fails once it has handed out more bytes than `allowed_until`, which
/// [`Rows`] moves forward after every row.
struct RowBudget<R> {
    inner: R,
    handed_out: u64,
    allowed_until: Rc<Cell<u64>>,
}

impl<R: Read> Read for RowBudget<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        if self.handed_out > self.allowed_until.get() {
            return Err(io::Error::other(RowTooLong));
        }
        let count = self.inner.read(buffer)?;
        self.handed_out += count as u64;
        Ok(count)
    }
}

/// The rows of a delimited file, each with its 1-based line number and its cells as text.
pub(super) struct Rows<R> {
    reader: csv::Reader<RowBudget<R>>,
    record: csv::ByteRecord,
    allowed_until: Rc<Cell<u64>>,
    max_row_bytes: u64,
    max_field_bytes: usize,
    /// The line the next row starts on.
    next_line: u64,
}

impl<R: Read> Rows<R> {
    pub fn new(builder: &csv::ReaderBuilder, source: R, max_field_bytes: usize) -> Self {
        let max_row_bytes = (max_field_bytes as u64).saturating_mul(MAX_ROW_FIELDS_AT_LIMIT);
        let allowed_until = Rc::new(Cell::new(max_row_bytes.saturating_add(READ_AHEAD_BYTES)));
        let budget = RowBudget {
            inner: source,
            handed_out: 0,
            allowed_until: Rc::clone(&allowed_until),
        };
        Self {
            reader: builder.from_reader(budget),
            record: csv::ByteRecord::new(),
            allowed_until,
            max_row_bytes,
            max_field_bytes,
            next_line: 1,
        }
    }

    /// The next row's line number and cells, or `None` at the end of the file.
    pub fn next_row(&mut self) -> Result<Option<(u64, Vec<String>)>, Problem> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => return Ok(None),
            Ok(true) => {}
            Err(error) => return Err(self.row_error(error)),
        }
        let next = self.reader.position();
        self.next_line = next.line();
        self.allowed_until.set(
            next.byte()
                .saturating_add(self.max_row_bytes)
                .saturating_add(READ_AHEAD_BYTES),
        );
        let line = self.record.position().map_or(0, csv::Position::line);
        let cells = self
            .record
            .iter()
            .enumerate()
            .map(|(column, cell)| {
                utf8_text(cell, || format!("line {line}, column {}", column + 1)).map(str::to_owned)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some((line, cells)))
    }

    fn row_error(&self, error: csv::Error) -> Problem {
        let line = error.position().map_or(self.next_line, csv::Position::line);
        match error.into_kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => Problem::RaggedRow {
                line,
                found: len as usize,
                expected: expected_len as usize,
            },
            csv::ErrorKind::Io(error)
                if error
                    .get_ref()
                    .is_some_and(|inner| inner.is::<RowTooLong>()) =>
            {
                Problem::RowTooLong {
                    line: self.next_line,
                    limit: self.max_row_bytes,
                    max_field_bytes: self.max_field_bytes,
                }
            }
            csv::ErrorKind::Io(error) => Problem::Io(error),
            other => Problem::Malformed {
                line,
                reason: format!("{other:?}"),
            },
        }
    }
}

/// Plain text as HTML, the way Anki imports text files marked `#html:false`
/// (`htmlescape::encode_minimal` plus line breaks, in `rslib/src/import_export/text/csv/import.rs`).
pub(super) fn plain_text_to_html(text: &str) -> String {
    let mut html = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#x27;"),
            '\n' => html.push_str("<br>"),
            other => html.push(other),
        }
    }
    html
}

/// A note read from one row, before its note type and deck become batch indices.
pub(super) struct RowNote {
    pub line: u64,
    pub notetype: String,
    pub deck: String,
    pub guid: Option<String>,
    pub fields: Vec<String>,
    pub tags: Vec<String>,
}

/// What one row of a file holds.
pub(super) enum Row {
    Note(RowNote),
    /// The names of the field columns (a CSV header row).
    FieldLabels(Vec<String>),
    /// Nothing to import (Anki's leading `tags:` line).
    Nothing,
}

/// One text format: how to open its file at the first row, and what a row means.
pub(super) trait TextFormat {
    fn format(&self) -> SourceFormat;

    /// The file's rows from the first, read afresh on every call.
    fn rows(&self) -> Result<Rows<Box<dyn Read>>, Problem>;

    /// What the row at `index` (0-based) holds.
    fn row(&self, index: usize, line: u64, cells: Vec<String>) -> Result<Row, Problem>;

    /// Field labels the file gives before its rows (Anki's `#columns:`).
    fn leading_field_labels(&self) -> Result<Vec<String>, Problem>;

    fn max_field_bytes(&self) -> usize;
}

/// A text file's notes, read in two passes so that memory does not grow with the file:
/// [`TextNotes::scan`] reads every row to check it and to list the note types and decks the
/// rows name, then [`TextNotes::split`] gives the batch they belong to with an iterator that
/// reads the rows again, one note at a time.
pub struct TextNotes {
    format: Box<dyn TextFormat>,
    names: RowNames,
    /// The batch without notes: the source, note types, decks and field labels.
    batch: ImportBatch,
    note_count: usize,
}

impl TextNotes {
    pub(super) fn scan(path: &Path, format: Box<dyn TextFormat>) -> Result<Self, Problem> {
        let mut names = RowNames::new(format.max_field_bytes());
        let mut field_labels = format.leading_field_labels()?;
        let mut note_count = 0;
        let mut rows = FormatRows::new(format.as_ref())?;
        while let Some(row) = rows.next_row()? {
            match row {
                Row::Note(note) => {
                    names.note(note, Interning::Add)?;
                    note_count += 1;
                }
                Row::FieldLabels(labels) => field_labels = labels,
                Row::Nothing => {}
            }
        }
        if note_count == 0 {
            return Err(Problem::Empty);
        }
        // The second pass only looks names up, so the lists move into the batch.
        let batch = ImportBatch {
            source: SourceInfo {
                path: path.to_owned(),
                format: format.format(),
                field_labels,
            },
            notetypes: std::mem::take(&mut names.notetypes.items),
            decks: std::mem::take(&mut names.decks.items),
            notes: Vec::new(),
            cards: Vec::new(),
            revlog: Vec::new(),
            media: Vec::new(),
            existing_notes: ExistingNotes::Merge,
        };
        Ok(Self {
            format,
            names,
            batch,
            note_count,
        })
    }

    /// How many notes the file holds.
    pub fn note_count(&self) -> usize {
        self.note_count
    }

    /// The batch the notes belong to (its `notes` are empty), and the notes, read again from
    /// the file. A file changed since [`TextNotes::scan`] so that a row names a note type or
    /// deck the scan did not see is an error, never a note outside the batch.
    pub fn split(&mut self) -> Result<(&ImportBatch, NoteStream<'_>), ImportError> {
        let path = &self.batch.source.path;
        let rows =
            FormatRows::new(self.format.as_ref()).map_err(|problem| problem.in_file(path))?;
        let stream = NoteStream {
            rows,
            names: &mut self.names,
            path,
        };
        Ok((&self.batch, stream))
    }

    /// Every note in memory at once, for callers that want the whole batch.
    pub fn into_batch(mut self) -> Result<ImportBatch, ImportError> {
        let (_, stream) = self.split()?;
        let notes = stream.collect::<Result<Vec<_>, _>>()?;
        Ok(ImportBatch {
            notes,
            ..self.batch
        })
    }
}

/// A file's rows as its format reads them.
struct FormatRows<'a> {
    format: &'a dyn TextFormat,
    rows: Rows<Box<dyn Read>>,
    /// The 0-based index of the next row.
    index: usize,
}

impl<'a> FormatRows<'a> {
    fn new(format: &'a dyn TextFormat) -> Result<Self, Problem> {
        Ok(Self {
            rows: format.rows()?,
            format,
            index: 0,
        })
    }

    fn next_row(&mut self) -> Result<Option<Row>, Problem> {
        let Some((line, cells)) = self.rows.next_row()? else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        self.format.row(index, line, cells).map(Some)
    }
}

/// The notes of a [`TextNotes`], one row at a time.
pub struct NoteStream<'a> {
    rows: FormatRows<'a>,
    names: &'a mut RowNames,
    path: &'a Path,
}

impl NoteStream<'_> {
    fn next_note(&mut self) -> Result<Option<Note>, Problem> {
        while let Some(row) = self.rows.next_row()? {
            if let Row::Note(note) = row {
                return self.names.note(note, Interning::Known).map(Some);
            }
        }
        Ok(None)
    }
}

impl Iterator for NoteStream<'_> {
    type Item = Result<Note, ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_note()
            .map_err(|problem| problem.in_file(self.path))
            .transpose()
    }
}

/// Whether [`RowNames::note`] may list a name it has not seen.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Interning {
    Add,
    Known,
}

/// Items listed once each by name, in the order first named.
struct Named<T> {
    items: Vec<T>,
    index: HashMap<String, usize>,
    /// What the items are, in messages.
    what: &'static str,
}

impl<T> Named<T> {
    fn new(what: &'static str) -> Self {
        Self {
            items: Vec::new(),
            index: HashMap::new(),
            what,
        }
    }

    /// The index of the item named `name`, listing `make(name)` first when there is none
    /// and `interning` allows it.
    fn index_of(
        &mut self,
        name: String,
        line: u64,
        interning: Interning,
        make: impl FnOnce(String) -> T,
    ) -> Result<usize, Problem> {
        if let Some(index) = self.index.get(&name) {
            return Ok(*index);
        }
        let what = self.what;
        let reason = if name.is_empty() {
            format!("{what} name is empty")
        } else if interning == Interning::Known {
            format!(
                "names {what} {name:?}, which it did not when the import began; the file changed"
            )
        } else {
            let index = self.items.len();
            self.index.insert(name.clone(), index);
            self.items.push(make(name));
            return Ok(index);
        };
        Err(Problem::Malformed { line, reason })
    }
}

/// The note types and decks rows name.
struct RowNames {
    max_field_bytes: usize,
    notetypes: Named<Notetype>,
    decks: Named<Deck>,
}

impl RowNames {
    fn new(max_field_bytes: usize) -> Self {
        Self {
            max_field_bytes,
            notetypes: Named::new("note type"),
            decks: Named::new("deck"),
        }
    }

    /// The batch note a row holds, after checking its fields' sizes and names.
    fn note(&mut self, row: RowNote, interning: Interning) -> Result<Note, Problem> {
        for (index, field) in row.fields.iter().enumerate() {
            check_field_size(field, self.max_field_bytes, || {
                format!("line {}, field {}", row.line, index + 1)
            })?;
        }
        let notetype = self
            .notetypes
            .index_of(row.notetype, row.line, interning, |name| Notetype {
                source_id: None,
                name,
                definition: None,
            })?;
        let deck = self
            .decks
            .index_of(row.deck, row.line, interning, |name| Deck {
                source_id: None,
                name,
                filtered: false,
                description: None,
            })?;
        Ok(Note {
            source_id: None,
            guid: row.guid.filter(|guid| !guid.is_empty()),
            notetype,
            fields: row.fields,
            tags: row.tags,
            modified: None,
            deck: Some(deck),
            line: Some(row.line),
            demo: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_becomes_escaped_html_with_line_breaks() {
        assert_eq!(
            plain_text_to_html("a < b & \"c\" 'd' >\nnext"),
            "a &lt; b &amp; &quot;c&quot; &#x27;d&#x27; &gt;<br>next"
        );
    }

    fn row(line: u64, notetype: &str, deck: &str, fields: &[&str]) -> RowNote {
        RowNote {
            line,
            notetype: notetype.into(),
            deck: deck.into(),
            guid: None,
            fields: fields.iter().map(|field| field.to_string()).collect(),
            tags: vec![],
        }
    }

    #[test]
    fn notes_share_note_types_and_decks_by_name() {
        let mut names = RowNames::new(100);
        let indices: Vec<(usize, Option<usize>)> =
            [(1, "Basic", "A"), (2, "Cloze", "A"), (3, "Basic", "B")]
                .into_iter()
                .map(|(line, notetype, deck)| {
                    let note = names
                        .note(row(line, notetype, deck, &["x"]), Interning::Add)
                        .unwrap();
                    (note.notetype, note.deck)
                })
                .collect();
        assert_eq!(indices, [(0, Some(0)), (1, Some(0)), (0, Some(1))]);
        let notetypes: Vec<&str> = names
            .notetypes
            .items
            .iter()
            .map(|n| n.name.as_str())
            .collect();
        let decks: Vec<&str> = names.decks.items.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(notetypes, ["Basic", "Cloze"]);
        assert_eq!(decks, ["A", "B"]);
    }

    #[test]
    fn a_second_pass_refuses_a_name_the_first_did_not_see() {
        let mut names = RowNames::new(100);
        names
            .note(row(1, "Basic", "A", &["x"]), Interning::Add)
            .unwrap();
        assert!(
            names
                .note(row(1, "Basic", "A", &["x"]), Interning::Known)
                .is_ok()
        );
        let error = names
            .note(row(2, "Basic", "B", &["x"]), Interning::Known)
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 2: names deck \"B\", which it did not when the import began; the file changed"
        );
    }

    #[test]
    fn oversized_field_names_line_and_field() {
        let error = RowNames::new(3)
            .note(
                row(7, "Basic", "Default", &["ok", "toolong"]),
                Interning::Add,
            )
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 7, field 2: field is 7 bytes, more than the limit of 3"
        );
    }

    fn rows_of(text: &str, max_field_bytes: usize) -> Result<Vec<(u64, Vec<String>)>, Problem> {
        let mut builder = csv::ReaderBuilder::new();
        builder.has_headers(false).flexible(true);
        let mut rows = Rows::new(&builder, text.as_bytes(), max_field_bytes);
        let mut all = Vec::new();
        while let Some(row) = rows.next_row()? {
            all.push(row);
        }
        Ok(all)
    }

    #[test]
    fn rows_carry_the_line_they_start_on() {
        let rows = rows_of("a,b\n\"two\nlines\",c\nd,e\n", 100).unwrap();
        let lines: Vec<u64> = rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [1, 2, 4]);
        assert_eq!(rows[1].1, ["two\nlines", "c"]);
    }

    #[test]
    fn a_row_longer_than_its_budget_is_refused_while_it_is_read() {
        // Each row may be 16 fields of 1 KiB; the third row never ends.
        let endless = format!("a,b\nc,d\n{}", "x".repeat(4 << 20));
        let error = rows_of(&endless, 1024).unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 3: the row is longer than 16384 bytes; no field may be over 1024"
        );
    }
}
