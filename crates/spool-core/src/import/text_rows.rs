//! What the text formats (Anki text export, plain CSV) share: reading rows with line numbers,
//! turning plain text into HTML, and collecting notes that name their note type and deck.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use super::error::Problem;
use super::fields::{check_field_size, utf8_text};
use super::model::{Deck, ExistingNotes, ImportBatch, Note, Notetype, SourceFormat, SourceInfo};

/// Calls `each` with the 1-based line number and cells of every row `reader` yields.
pub(super) fn for_each_row<R: Read>(
    reader: &mut csv::Reader<R>,
    mut each: impl FnMut(u64, Vec<String>) -> Result<(), Problem>,
) -> Result<(), Problem> {
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(error) => return Err(row_error(error)),
        }
        let line = record.position().map_or(0, csv::Position::line);
        let cells = record
            .iter()
            .enumerate()
            .map(|(column, cell)| {
                utf8_text(cell, || format!("line {line}, column {}", column + 1)).map(str::to_owned)
            })
            .collect::<Result<Vec<_>, _>>()?;
        each(line, cells)?;
    }
}

fn row_error(error: csv::Error) -> Problem {
    let line = error.position().map_or(0, csv::Position::line);
    match error.into_kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Problem::RaggedRow {
            line,
            found: len as usize,
            expected: expected_len as usize,
        },
        csv::ErrorKind::Io(error) => Problem::Io(error),
        other => Problem::Malformed {
            line,
            reason: format!("{other:?}"),
        },
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

/// A note read from one row, before note types and decks are collected.
pub(super) struct RowNote {
    pub line: u64,
    pub notetype: String,
    pub deck: String,
    pub guid: Option<String>,
    pub fields: Vec<String>,
    pub tags: Vec<String>,
}

/// Collects row notes into a batch, listing each named note type and deck once.
pub(super) struct RowNotesBuilder {
    max_field_bytes: usize,
    notetypes: Vec<Notetype>,
    notetype_index: HashMap<String, usize>,
    decks: Vec<Deck>,
    deck_index: HashMap<String, usize>,
    notes: Vec<Note>,
}

impl RowNotesBuilder {
    pub fn new(max_field_bytes: usize) -> Self {
        Self {
            max_field_bytes,
            notetypes: Vec::new(),
            notetype_index: HashMap::new(),
            decks: Vec::new(),
            deck_index: HashMap::new(),
            notes: Vec::new(),
        }
    }

    pub fn add(&mut self, row: RowNote) -> Result<(), Problem> {
        for (index, field) in row.fields.iter().enumerate() {
            check_field_size(field, self.max_field_bytes, || {
                format!("line {}, field {}", row.line, index + 1)
            })?;
        }
        if row.notetype.is_empty() || row.deck.is_empty() {
            let missing = if row.notetype.is_empty() {
                "note type"
            } else {
                "deck"
            };
            return Err(Problem::Malformed {
                line: row.line,
                reason: format!("{missing} name is empty"),
            });
        }
        let notetype = *self
            .notetype_index
            .entry(row.notetype.clone())
            .or_insert_with(|| {
                self.notetypes.push(Notetype {
                    source_id: None,
                    name: row.notetype,
                    definition: None,
                });
                self.notetypes.len() - 1
            });
        let deck = *self.deck_index.entry(row.deck.clone()).or_insert_with(|| {
            self.decks.push(Deck {
                source_id: None,
                name: row.deck,
                filtered: false,
                description: None,
            });
            self.decks.len() - 1
        });
        self.notes.push(Note {
            source_id: None,
            guid: row.guid.filter(|guid| !guid.is_empty()),
            notetype,
            fields: row.fields,
            tags: row.tags,
            modified: None,
            deck: Some(deck),
            line: Some(row.line),
            demo: None,
        });
        Ok(())
    }

    pub fn finish(
        self,
        path: &Path,
        format: SourceFormat,
        field_labels: Vec<String>,
    ) -> Result<ImportBatch, Problem> {
        if self.notes.is_empty() {
            return Err(Problem::Empty);
        }
        Ok(ImportBatch {
            source: SourceInfo {
                path: path.to_owned(),
                format,
                field_labels,
            },
            notetypes: self.notetypes,
            decks: self.decks,
            notes: self.notes,
            cards: Vec::new(),
            revlog: Vec::new(),
            media: Vec::new(),
            existing_notes: ExistingNotes::Merge,
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

    #[test]
    fn notes_share_note_types_and_decks_by_name() {
        let mut builder = RowNotesBuilder::new(100);
        for (line, notetype, deck) in [(1, "Basic", "A"), (2, "Cloze", "A"), (3, "Basic", "B")] {
            builder
                .add(RowNote {
                    line,
                    notetype: notetype.into(),
                    deck: deck.into(),
                    guid: None,
                    fields: vec!["x".into()],
                    tags: vec![],
                })
                .unwrap();
        }
        let batch = builder
            .finish(Path::new("f.txt"), SourceFormat::Csv, vec![])
            .unwrap();
        let names = |indices: Vec<usize>, all: &dyn Fn(usize) -> String| -> Vec<String> {
            indices.into_iter().map(all).collect()
        };
        let notetypes = names(batch.notes.iter().map(|n| n.notetype).collect(), &|i| {
            batch.notetypes[i].name.clone()
        });
        let decks = names(
            batch.notes.iter().map(|n| n.deck.unwrap()).collect(),
            &|i| batch.decks[i].name.clone(),
        );
        assert_eq!(notetypes, ["Basic", "Cloze", "Basic"]);
        assert_eq!(decks, ["A", "A", "B"]);
        assert_eq!(batch.notetypes.len(), 2);
        assert_eq!(batch.decks.len(), 2);
    }

    #[test]
    fn oversized_field_names_line_and_field() {
        let mut builder = RowNotesBuilder::new(3);
        let error = builder
            .add(RowNote {
                line: 7,
                notetype: "Basic".into(),
                deck: crate::vocabulary::DEFAULT_DECK_NAME.into(),
                guid: None,
                fields: vec!["ok".into(), "toolong".into()],
                tags: vec![],
            })
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 7, field 2: field is 7 bytes, more than the limit of 3"
        );
    }
}
