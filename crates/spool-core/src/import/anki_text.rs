//! Anki's "Notes in Plain Text" export: delimited rows preceded by `#key:value` header lines
//! (`rslib/src/import_export/text/csv/metadata.rs`), e.g.
//!
//! ```text
//! #separator:tab
//! #html:true
//! #guid column:1
//! #notetype column:2
//! #deck column:3
//! #tags column:6
//! ```
//!
//! Other keys: `#tags:` (added to every note), `#columns:` (column labels), `#notetype:` and
//! `#deck:` (for every note). Column numbers are 1-based. As in Anki, a first line starting
//! with `tags:` gives tags for every note, and later rows starting with `#` are comments.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::Limits;
use super::error::{ImportError, Problem};
use super::model::{ImportBatch, SourceFormat};
use super::text_rows::{Row, RowNote, Rows, TextFormat, TextNotes, plain_text_to_html};
use crate::vocabulary::{DEFAULT_DECK_NAME, split_tags};

/// Settings for [`read_anki_text`] that the file itself may not give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnkiTextOptions {
    /// Note type for notes when the file has neither `#notetype:` nor a notetype column.
    pub default_notetype: String,
    /// Deck for notes when the file has neither `#deck:` nor a deck column.
    pub default_deck: String,
    pub max_field_bytes: usize,
}

impl Default for AnkiTextOptions {
    fn default() -> Self {
        Self {
            default_notetype: "Basic".into(),
            default_deck: DEFAULT_DECK_NAME.into(),
            max_field_bytes: Limits::default().max_field_bytes,
        }
    }
}

/// Delimiters Anki knows, in the order its fallback detection tries them
/// (`CsvMetadata.Delimiter` in `proto/anki/import_export.proto`), with their header names.
const DELIMITERS: [(u8, &str); 6] = [
    (b'\t', "tab"),
    (b'|', "pipe"),
    (b';', "semicolon"),
    (b':', "colon"),
    (b',', "comma"),
    (b' ', "space"),
];

/// Anki looks for a delimiter in this many bytes after the header.
const DELIMITER_SNIFF_BYTES: usize = 8 * 1024;

/// The header lines' settings.
#[derive(Debug, Default)]
struct Header {
    delimiter: Option<u8>,
    is_html: Option<bool>,
    global_tags: Vec<String>,
    column_labels_line: Option<String>,
    notetype: Option<String>,
    deck: Option<String>,
    notetype_column: Option<usize>,
    deck_column: Option<usize>,
    tags_column: Option<usize>,
    guid_column: Option<usize>,
    /// Bytes the header occupies at the start of the file.
    length: usize,
}

/// Reads Anki's plain-text note export into a batch of notes (no cards: the store generates
/// them). Notes name their note type and deck; see [`super::model::Notetype::definition`].
///
/// Fields are all columns that are not the guid, notetype, deck or tags column, in order;
/// rows may be shorter than others, as Anki allows. Plain-text files (`#html:false`) are
/// escaped to HTML; without `#html:` the contents are taken as HTML.
pub fn read_anki_text(path: &Path, options: &AnkiTextOptions) -> Result<ImportBatch, ImportError> {
    scan_anki_text(path, options)?.into_batch()
}

/// Checks every row of an Anki text export as [`read_anki_text`] does, keeping only what the
/// notes share, so that they can then be read one at a time.
pub fn scan_anki_text(path: &Path, options: &AnkiTextOptions) -> Result<TextNotes, ImportError> {
    AnkiTextFormat::new(path, options)
        .and_then(|format| TextNotes::scan(path, Box::new(format)))
        .map_err(|problem| problem.in_file(path))
}

/// The header is read from this much of the start of the file.
const HEADER_WINDOW_BYTES: u64 = 1 << 20;

const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

struct AnkiTextFormat {
    path: PathBuf,
    options: AnkiTextOptions,
    header: Header,
    columns: MetaColumns,
    delimiter: u8,
    /// Bytes before the rows' text: a UTF-8 byte order mark.
    skip: u64,
    starts_with_tags_line: bool,
}

impl AnkiTextFormat {
    fn new(path: &Path, options: &AnkiTextOptions) -> Result<Self, Problem> {
        let mut start = Vec::new();
        File::open(path)?
            .take(HEADER_WINDOW_BYTES)
            .read_to_end(&mut start)?;
        let skip = if start.starts_with(BYTE_ORDER_MARK) {
            BYTE_ORDER_MARK.len()
        } else {
            0
        };
        let mut text = &start[skip..];
        let window_is_full = start.len() as u64 == HEADER_WINDOW_BYTES;
        if window_is_full {
            // Keep whole lines: a line cut at the window's end would read as another.
            let whole = text
                .iter()
                .rposition(|&byte| byte == b'\n')
                .map_or(0, |end| end + 1);
            text = &text[..whole];
        }
        let header = parse_header(text)?;
        if window_is_full && header.length == text.len() {
            return Err(Problem::Malformed {
                line: 1,
                reason: format!("the header lines run past the first {HEADER_WINDOW_BYTES} bytes"),
            });
        }
        let delimiter = header
            .delimiter
            .unwrap_or_else(|| sniff_delimiter(&text[header.length..]));
        Ok(Self {
            path: path.to_owned(),
            options: options.clone(),
            columns: MetaColumns::new(&header),
            delimiter,
            skip: skip as u64,
            starts_with_tags_line: text.starts_with(b"tags:"),
            header,
        })
    }
}

impl TextFormat for AnkiTextFormat {
    fn format(&self) -> SourceFormat {
        SourceFormat::AnkiText
    }

    fn rows(&self) -> Result<Rows<Box<dyn Read>>, Problem> {
        let mut file = File::open(&self.path)?;
        file.seek(SeekFrom::Start(self.skip))?;
        let mut builder = csv::ReaderBuilder::new();
        builder
            .has_headers(false)
            .flexible(true)
            .comment(Some(b'#'))
            .delimiter(self.delimiter);
        let file: Box<dyn Read> = Box::new(BufReader::new(file));
        Ok(Rows::new(&builder, file, self.options.max_field_bytes))
    }

    fn row(&self, index: usize, line: u64, cells: Vec<String>) -> Result<Row, Problem> {
        if index == 0 && self.starts_with_tags_line {
            return Ok(Row::Nothing);
        }
        let (header, columns) = (&self.header, &self.columns);
        let cell = |column: Option<usize>, what: &str| -> Result<Option<String>, Problem> {
            let Some(column) = column else {
                return Ok(None);
            };
            cells
                .get(column - 1)
                .cloned()
                .map(Some)
                .ok_or_else(|| Problem::Malformed {
                    line,
                    reason: format!(
                        "{what} column {column} is missing; the row has {} columns",
                        cells.len()
                    ),
                })
        };
        let mut tags = header.global_tags.clone();
        tags.extend(
            cell(columns.tags, "tags")?
                .as_deref()
                .map(split_tags)
                .unwrap_or_default(),
        );
        let is_html = header.is_html.unwrap_or(true);
        let fields = cells
            .iter()
            .enumerate()
            .filter(|(index, _)| !columns.contains(index + 1))
            .map(|(_, cell)| {
                if is_html {
                    cell.clone()
                } else {
                    plain_text_to_html(cell)
                }
            })
            .collect();
        Ok(Row::Note(RowNote {
            line,
            notetype: cell(columns.notetype, "notetype")?
                .or_else(|| header.notetype.clone())
                .unwrap_or_else(|| self.options.default_notetype.clone()),
            deck: cell(columns.deck, "deck")?
                .or_else(|| header.deck.clone())
                .unwrap_or_else(|| self.options.default_deck.clone()),
            guid: cell(columns.guid, "guid")?,
            fields,
            tags,
        }))
    }

    fn leading_field_labels(&self) -> Result<Vec<String>, Problem> {
        self.header
            .column_labels_line
            .as_deref()
            .map(|line| {
                parse_column_labels(
                    line,
                    self.delimiter,
                    &self.columns,
                    self.options.max_field_bytes,
                )
            })
            .transpose()
            .map(Option::unwrap_or_default)
    }

    fn max_field_bytes(&self) -> usize {
        self.options.max_field_bytes
    }
}

/// The 1-based columns holding note metadata rather than fields.
struct MetaColumns {
    notetype: Option<usize>,
    deck: Option<usize>,
    tags: Option<usize>,
    guid: Option<usize>,
}

impl MetaColumns {
    fn new(header: &Header) -> Self {
        Self {
            notetype: header.notetype_column,
            deck: header.deck_column,
            tags: header.tags_column,
            guid: header.guid_column,
        }
    }

    fn contains(&self, column: usize) -> bool {
        [self.notetype, self.deck, self.tags, self.guid].contains(&Some(column))
    }
}

fn parse_header(text: &[u8]) -> Result<Header, Problem> {
    let mut header = Header::default();
    for (index, raw_line) in text.split_inclusive(|&byte| byte == b'\n').enumerate() {
        let line_number = index as u64 + 1;
        let line = std::str::from_utf8(raw_line).map_err(|_| Problem::InvalidUtf8 {
            location: format!("line {line_number}"),
        })?;
        let content = line.trim_end_matches(['\r', '\n']);
        if index == 0
            && let Some(tags) = content.strip_prefix("tags:")
        {
            header.global_tags = split_tags(tags);
        } else if let Some(comment) = content.strip_prefix('#') {
            if let Some((key, value)) = comment.split_once(':') {
                apply_header_line(&mut header, key, value, line_number)?;
            }
        } else {
            break;
        }
        header.length += line.len();
    }
    Ok(header)
}

fn apply_header_line(
    header: &mut Header,
    key: &str,
    value: &str,
    line: u64,
) -> Result<(), Problem> {
    let invalid = |reason: String| Problem::Malformed { line, reason };
    let setting = setting_value(value);
    let column = || -> Result<Option<usize>, Problem> {
        match setting.trim().parse::<usize>() {
            Ok(0) | Err(_) => Err(invalid(format!(
                "{key}: {setting:?} is not a column number (1, 2, ...)"
            ))),
            Ok(column) => Ok(Some(column)),
        }
    };
    match key.trim().to_ascii_lowercase().as_str() {
        "separator" => {
            let named = setting.trim().to_ascii_lowercase();
            let delimiter = DELIMITERS
                .iter()
                .find(|(byte, name)| named == *name || setting.as_bytes() == [*byte])
                .ok_or_else(|| invalid(format!("unknown separator {setting:?}")))?;
            header.delimiter = Some(delimiter.0);
        }
        "html" => {
            header.is_html = Some(match setting.to_ascii_lowercase().as_str() {
                "true" => true,
                "false" => false,
                _ => {
                    return Err(invalid(format!(
                        "html: expected true or false, found {setting:?}"
                    )));
                }
            });
        }
        "tags" => header.global_tags = split_tags(value),
        "columns" => header.column_labels_line = Some(value.to_string()),
        "notetype" => header.notetype = Some(value.to_string()).filter(|name| !name.is_empty()),
        "deck" => header.deck = Some(value.to_string()).filter(|name| !name.is_empty()),
        "notetype column" => header.notetype_column = column()?,
        "deck column" => header.deck_column = column()?,
        "tags column" => header.tags_column = column()?,
        "guid column" => header.guid_column = column()?,
        // Other keys ("match scope", "if matches") steer duplicate handling, which the store
        // decides; unknown keys are ignored like Anki does.
        _ => {}
    }
    Ok(())
}

/// A setting's value without trailing delimiters: a header line written out as a record
/// (`#separator:tab\t\t`) keeps its first character, then ends at the first character that
/// is not ASCII alphanumeric, as in Anki's `parse_meta_value`.
fn setting_value(value: &str) -> &str {
    let Some((second, _)) = value.char_indices().nth(1) else {
        return value;
    };
    match value[second..].find(|c: char| !c.is_ascii_alphanumeric()) {
        Some(end) => &value[..second + end],
        None => value,
    }
}

fn sniff_delimiter(body: &[u8]) -> u8 {
    let sample = &body[..body.len().min(DELIMITER_SNIFF_BYTES)];
    DELIMITERS
        .iter()
        .map(|(byte, _)| *byte)
        .find(|byte| sample.contains(byte))
        .unwrap_or(b' ')
}

/// The labels of the field columns, from a `#columns:` line.
fn parse_column_labels(
    line: &str,
    delimiter: u8,
    columns: &MetaColumns,
    max_field_bytes: usize,
) -> Result<Vec<String>, Problem> {
    let mut builder = csv::ReaderBuilder::new();
    builder.has_headers(false).delimiter(delimiter);
    let mut rows = Rows::new(&builder, line.as_bytes(), max_field_bytes);
    let Some((_, cells)) = rows.next_row()? else {
        return Ok(Vec::new());
    };
    Ok(cells
        .into_iter()
        .enumerate()
        .filter(|(index, _)| !columns.contains(index + 1))
        .map(|(_, label)| label)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setting_value_drops_delimiters_after_the_first_character() {
        assert_eq!(setting_value("tab\t\t\t"), "tab");
        assert_eq!(setting_value(",,,"), ",");
        assert_eq!(setting_value("true"), "true");
        assert_eq!(setting_value("3;;"), "3");
        assert_eq!(setting_value(""), "");
    }

    #[test]
    fn sniffing_prefers_tab_then_pipe_then_semicolon() {
        assert_eq!(sniff_delimiter(b"a,b;c|d\te"), b'\t');
        assert_eq!(sniff_delimiter(b"a,b;c|d"), b'|');
        assert_eq!(sniff_delimiter(b"a,b;c"), b';');
        assert_eq!(sniff_delimiter(b"a,b"), b',');
        assert_eq!(sniff_delimiter(b"ab"), b' ');
    }
}
