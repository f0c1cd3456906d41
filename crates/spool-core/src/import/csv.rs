//! Plain CSV / TSV files (RFC 4180 quoting) whose columns the caller maps to note fields.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use super::Limits;
use super::error::{ImportError, Problem};
use super::model::{ImportBatch, SourceFormat};
use super::text_rows::{Row, RowNote, Rows, TextFormat, TextNotes, plain_text_to_html};
use crate::vocabulary::{DEFAULT_DECK_NAME, split_tags};

/// Column separators [`read_csv`] accepts, and detects in this order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    Tab,
    Comma,
    Semicolon,
    Pipe,
}

impl Separator {
    const ALL: [Separator; 4] = [
        Separator::Tab,
        Separator::Comma,
        Separator::Semicolon,
        Separator::Pipe,
    ];

    fn byte(self) -> u8 {
        match self {
            Separator::Tab => b'\t',
            Separator::Comma => b',',
            Separator::Semicolon => b';',
            Separator::Pipe => b'|',
        }
    }
}

/// What one column of a CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnRole {
    /// The note field with this 0-based index.
    Field(usize),
    /// Space-separated tags.
    Tags,
    /// The note's guid, to recognise notes imported before.
    Guid,
    /// The note type's name.
    Notetype,
    /// The deck's full name (`::` between levels).
    Deck,
    /// Not imported.
    Ignore,
}

/// How to read a CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvOptions {
    /// `None` detects the separator from the start of the file.
    pub separator: Option<Separator>,
    /// The first row names the columns instead of holding a note.
    pub has_header: bool,
    /// The role of each column, by position. Columns past the end of this list, or every
    /// column when it is empty, are fields in column order after the mapped ones.
    pub columns: Vec<ColumnRole>,
    /// Note type for notes without a notetype column.
    pub notetype: String,
    /// Deck for notes without a deck column.
    pub deck: String,
    /// Tags added to every note.
    pub tags: Vec<String>,
    /// Cells are HTML; when false they are plain text and get escaped.
    pub is_html: bool,
    pub max_field_bytes: usize,
}

impl Default for CsvOptions {
    fn default() -> Self {
        Self {
            separator: None,
            has_header: false,
            columns: Vec::new(),
            notetype: "Basic".into(),
            deck: DEFAULT_DECK_NAME.into(),
            tags: Vec::new(),
            is_html: false,
            max_field_bytes: Limits::default().max_field_bytes,
        }
    }
}

/// Rows sampled to detect the separator.
const SNIFF_ROWS: usize = 20;
/// Bytes sampled to detect the separator.
const SNIFF_BYTES: u64 = 64 * 1024;

/// Reads a CSV or TSV file into a batch of notes (no cards: the store generates them).
///
/// Every row must have as many columns as the first; a row that differs is an error naming
/// its line. With `has_header`, the header names label the field columns in
/// [`super::model::SourceInfo::field_labels`].
pub fn read_csv(path: &Path, options: &CsvOptions) -> Result<ImportBatch, ImportError> {
    scan_csv(path, options)?.into_batch()
}

/// Checks every row of a CSV or TSV file as [`read_csv`] does, keeping only what the notes
/// share, so that they can then be read one at a time.
pub fn scan_csv(path: &Path, options: &CsvOptions) -> Result<TextNotes, ImportError> {
    CsvFormat::new(path, options)
        .and_then(|format| TextNotes::scan(path, Box::new(format)))
        .map_err(|problem| problem.in_file(path))
}

struct CsvFormat {
    path: PathBuf,
    options: CsvOptions,
    separator: Separator,
    /// Columns the mapping does not name are fields numbered from here.
    first_unmapped_field: usize,
}

impl CsvFormat {
    fn new(path: &Path, options: &CsvOptions) -> Result<Self, Problem> {
        check_columns(&options.columns)?;
        let separator = match options.separator {
            Some(separator) => separator,
            None => detect_separator(File::open(path)?.take(SNIFF_BYTES))?,
        };
        let first_unmapped_field = options
            .columns
            .iter()
            .filter(|role| matches!(role, ColumnRole::Field(_)))
            .count();
        Ok(Self {
            path: path.to_owned(),
            options: options.clone(),
            separator,
            first_unmapped_field,
        })
    }
}

impl TextFormat for CsvFormat {
    fn format(&self) -> SourceFormat {
        SourceFormat::Csv
    }

    fn rows(&self) -> Result<Rows<Box<dyn Read>>, Problem> {
        let file: Box<dyn Read> = Box::new(BufReader::new(File::open(&self.path)?));
        let mut builder = csv::ReaderBuilder::new();
        builder.has_headers(false).delimiter(self.separator.byte());
        Ok(Rows::new(&builder, file, self.options.max_field_bytes))
    }

    fn row(&self, index: usize, line: u64, cells: Vec<String>) -> Result<Row, Problem> {
        let options = &self.options;
        let mut note = RowNote {
            line,
            notetype: options.notetype.clone(),
            deck: options.deck.clone(),
            guid: None,
            fields: Vec::new(),
            tags: options.tags.clone(),
        };
        let mut fields: Vec<(usize, String)> = Vec::new();
        let mut next_unmapped_field = self.first_unmapped_field;
        for (column, cell) in cells.into_iter().enumerate() {
            let role = options.columns.get(column).copied().unwrap_or_else(|| {
                next_unmapped_field += 1;
                ColumnRole::Field(next_unmapped_field - 1)
            });
            match role {
                ColumnRole::Field(index) => fields.push((index, cell)),
                ColumnRole::Tags => note.tags.extend(split_tags(&cell)),
                ColumnRole::Guid => note.guid = Some(cell),
                ColumnRole::Notetype => note.notetype = cell,
                ColumnRole::Deck => note.deck = cell,
                ColumnRole::Ignore => {}
            }
        }
        fields.sort_by_key(|(index, _)| *index);
        if index == 0 && options.has_header {
            return Ok(Row::FieldLabels(
                fields.into_iter().map(|(_, label)| label).collect(),
            ));
        }
        note.fields = fields
            .into_iter()
            .map(|(_, cell)| {
                if options.is_html {
                    cell
                } else {
                    plain_text_to_html(&cell)
                }
            })
            .collect();
        Ok(Row::Note(note))
    }

    fn leading_field_labels(&self) -> Result<Vec<String>, Problem> {
        Ok(Vec::new())
    }

    fn max_field_bytes(&self) -> usize {
        self.options.max_field_bytes
    }
}

/// Field indices must be 0, 1, 2, ... with no gaps or repeats, so every note has its
/// fields in order.
fn check_columns(columns: &[ColumnRole]) -> Result<(), Problem> {
    let mut indices: Vec<usize> = columns
        .iter()
        .filter_map(|role| {
            if let ColumnRole::Field(index) = role {
                Some(*index)
            } else {
                None
            }
        })
        .collect();
    indices.sort_unstable();
    if indices
        .iter()
        .enumerate()
        .any(|(position, index)| position != *index)
    {
        return Err(Problem::InvalidOptions(format!(
            "column mapping must name fields 0, 1, 2, ... once each, found {indices:?}"
        )));
    }
    for role in [
        ColumnRole::Tags,
        ColumnRole::Guid,
        ColumnRole::Notetype,
        ColumnRole::Deck,
    ] {
        if columns
            .iter()
            .filter(|candidate| **candidate == role)
            .count()
            > 1
        {
            return Err(Problem::InvalidOptions(format!(
                "column mapping has more than one {role:?} column"
            )));
        }
    }
    Ok(())
}

/// The separator that splits the sampled rows into the same number of columns (more than
/// one), preferring more columns, then the order of [`Separator::ALL`]. Files with a single
/// column read the same with any separator; comma is used then.
fn detect_separator(sample: impl Read) -> Result<Separator, Problem> {
    let mut bytes = Vec::new();
    BufReader::new(sample).read_to_end(&mut bytes)?;
    // A sample cut mid-row would look ragged; keep whole lines only.
    if bytes.len() as u64 == SNIFF_BYTES
        && let Some(last_newline) = bytes.iter().rposition(|&byte| byte == b'\n')
    {
        bytes.truncate(last_newline + 1);
    }
    let columns_with = |separator: Separator| -> Option<usize> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(separator.byte())
            .from_reader(bytes.as_slice());
        let mut widths = reader
            .byte_records()
            .take(SNIFF_ROWS)
            .map(|row| row.map(|row| row.len()));
        let first = widths.next()?.ok()?;
        let consistent = widths.all(|width| width.ok() == Some(first));
        (consistent && first > 1).then_some(first)
    };
    let best = Separator::ALL
        .into_iter()
        .filter_map(|separator| Some((columns_with(separator)?, separator)))
        .fold(
            None,
            |best: Option<(usize, Separator)>, candidate| match best {
                Some(best) if best.0 >= candidate.0 => Some(best),
                _ => Some(candidate),
            },
        );
    Ok(best.map_or(Separator::Comma, |(_, separator)| separator))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(text: &str) -> Separator {
        detect_separator(text.as_bytes()).unwrap()
    }

    #[test]
    fn detects_the_separator_that_splits_rows_evenly() {
        assert_eq!(detect("a\tb\nc\td\n"), Separator::Tab);
        assert_eq!(detect("a;b;c\nd;e;f\n"), Separator::Semicolon);
        assert_eq!(detect("a|b\nc|d\n"), Separator::Pipe);
        assert_eq!(detect("a,b\nc,d\n"), Separator::Comma);
        // Commas inside a semicolon file split rows unevenly, so semicolon wins.
        assert_eq!(detect("1,5;x\n2;y\n"), Separator::Semicolon);
        // Quoted separators do not count.
        assert_eq!(detect("\"a;b\",c\n\"d;e\",f\n"), Separator::Comma);
        assert_eq!(detect("single\ncolumn\n"), Separator::Comma);
    }

    #[test]
    fn column_mappings_must_name_each_field_once() {
        use ColumnRole::*;
        assert!(check_columns(&[Field(1), Tags, Field(0)]).is_ok());
        assert!(check_columns(&[Field(0), Field(0)]).is_err());
        assert!(check_columns(&[Field(1)]).is_err());
        assert!(check_columns(&[Field(0), Deck, Deck]).is_err());
    }
}
