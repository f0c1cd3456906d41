//! Anki's "Notes in Plain Text" format: one row per note (guid, note type, deck, fields,
//! tags) after header lines saying which column is which, as Anki's own export writes it
//! (`rslib/src/import_export/text/csv/export.rs`).

use std::collections::HashMap;
use std::path::Path;

use super::{ExportReport, ExportSelection, write_atomically};
use crate::error::{Error, Result};

/// The column separator of a text export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextSeparator {
    Comma,
    Tab,
}

impl TextSeparator {
    fn byte(self) -> u8 {
        match self {
            Self::Comma => b',',
            Self::Tab => b'\t',
        }
    }

    /// The name Anki's `#separator:` header uses.
    fn header_name(self) -> &'static str {
        match self {
            Self::Comma => "comma",
            Self::Tab => "tab",
        }
    }
}

/// Writes the selection's notes to `path`. A note's deck is the deck of its first card.
/// Rows are padded to the most fields any note type has, so the tags column is the same
/// for every row.
pub fn write_text(
    path: &Path,
    selection: &ExportSelection,
    separator: TextSeparator,
) -> Result<ExportReport> {
    let notetype_names: HashMap<i64, &str> = selection
        .notetypes
        .iter()
        .map(|notetype| (notetype.id, notetype.name.as_str()))
        .collect();
    let deck_names: HashMap<i64, &str> = selection
        .decks
        .iter()
        .map(|deck| (deck.id, deck.name.as_str()))
        .collect();
    let mut deck_of_note: HashMap<i64, &str> = HashMap::new();
    for card in &selection.cards {
        deck_of_note
            .entry(card.note_id)
            .or_insert(deck_names[&card.deck_id]);
    }
    let field_columns = selection
        .notetypes
        .iter()
        .map(|notetype| notetype.fields.len())
        .max()
        .unwrap_or(0);
    let tags_column = 3 + field_columns + 1;
    let header = format!(
        "#separator:{}\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:{tags_column}\n",
        separator.header_name()
    );
    write_atomically(path, |file| {
        let csv_error = |error: csv::Error| Error::Io {
            path: path.to_path_buf(),
            error: error.into(),
        };
        std::io::Write::write_all(file, header.as_bytes()).map_err(|error| Error::Io {
            path: path.to_path_buf(),
            error,
        })?;
        // Quoting every text cell keeps a GUID that starts with `#` from reading as a comment.
        let mut writer = csv::WriterBuilder::new()
            .delimiter(separator.byte())
            .quote_style(csv::QuoteStyle::NonNumeric)
            .from_writer(file);
        for note in &selection.notes {
            let mut row: Vec<&str> = vec![
                &note.guid,
                notetype_names[&note.notetype_id],
                deck_of_note[&note.id],
            ];
            row.extend(note.fields.iter().map(String::as_str));
            row.resize(tags_column - 1, "");
            let tags = note.tags.join(" ");
            row.push(&tags);
            writer.write_record(&row).map_err(csv_error)?;
        }
        writer.flush().map_err(|error| Error::Io {
            path: path.to_path_buf(),
            error,
        })?;
        Ok(())
    })?;
    Ok(ExportReport {
        notes: selection.notes.len() as u64,
        cards: selection.cards.len() as u64,
        media: 0,
    })
}
