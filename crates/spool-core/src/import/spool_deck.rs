//! Spool's own deck files (`decks/*.toml`): human-editable TOML whose fields are Markdown.
//! The format is documented in `decks/README.md`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Limits;
use super::error::Problem;
use super::model::{Deck, ExistingNotes, ImportBatch, Note, Notetype, SourceFormat, SourceInfo};
use crate::error::{Error, Result};
use crate::vocabulary::{DECK_SEPARATOR, StockNotetype, normalize_deck_name};

/// The only format version this Spool reads and writes.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    format: u32,
    deck: RawDeck,
    #[serde(default, rename = "note")]
    notes: Vec<RawNote>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeck {
    id: String,
    name: String,
    #[serde(default)]
    description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNote {
    id: String,
    subdeck: Option<String>,
    front: Option<String>,
    back: Option<String>,
    cloze: Option<String>,
    #[serde(default)]
    reversed: bool,
    #[serde(default)]
    tags: Vec<String>,
    demo: Option<String>,
}

/// A parsed deck file, with fields already turned into HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeckFile {
    pub id: String,
    pub name: String,
    pub description_html: String,
    pub notes: Vec<DeckFileNote>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeckFileNote {
    /// `<deck id>/<note id>`: stable across edits, so review history survives them.
    pub guid: String,
    /// Full deck name, subdeck included.
    pub deck_name: String,
    pub notetype: StockNotetype,
    /// Field values in the stock note type's order, as HTML.
    pub fields: Vec<String>,
    pub tags: Vec<String>,
    pub demo: Option<String>,
}

impl DeckFile {
    /// The deck as a batch the store writes like any import: notes match by their stable
    /// GUIDs and take the file's note type, the deck takes the file's description.
    pub fn into_batch(self, origin: &str) -> ImportBatch {
        let mut notetypes: Vec<StockNotetype> = Vec::new();
        let mut decks = vec![Deck {
            source_id: None,
            name: self.name,
            filtered: false,
            description: Some(self.description_html),
        }];
        let notes = self
            .notes
            .into_iter()
            .map(|note| {
                let notetype = index_of(&mut notetypes, note.notetype, |known| {
                    *known == note.notetype
                });
                let deck_name = note.deck_name;
                let deck = index_of(
                    &mut decks,
                    Deck {
                        source_id: None,
                        name: deck_name.clone(),
                        filtered: false,
                        description: None,
                    },
                    |deck| deck.name == deck_name,
                );
                Note {
                    source_id: None,
                    guid: Some(note.guid),
                    notetype,
                    fields: note.fields,
                    tags: note.tags,
                    modified: None,
                    deck: Some(deck),
                    line: None,
                    demo: note.demo,
                }
            })
            .collect();
        ImportBatch {
            source: SourceInfo {
                path: PathBuf::from(origin),
                format: SourceFormat::SpoolDeck,
                field_labels: Vec::new(),
            },
            notetypes: notetypes
                .into_iter()
                .map(|stock| Notetype {
                    source_id: None,
                    name: stock.name().into(),
                    definition: None,
                })
                .collect(),
            decks,
            notes,
            cards: Vec::new(),
            revlog: Vec::new(),
            media: Vec::new(),
            existing_notes: ExistingNotes::Replace,
        }
    }
}

/// The index of the item `is_it` finds in `items`, pushing `item` first if there is none.
fn index_of<T>(items: &mut Vec<T>, item: T, is_it: impl Fn(&T) -> bool) -> usize {
    match items.iter().position(is_it) {
        Some(index) => index,
        None => {
            items.push(item);
            items.len() - 1
        }
    }
}

fn markdown_to_html(markdown: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(
        markdown.trim(),
        pulldown_cmark::Options::ENABLE_STRIKETHROUGH,
    );
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    let trimmed = html.trim_end();
    // A lone paragraph reads better on a card without its <p> margins.
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

/// The message for a field over the limit, in the words of [`Problem::FieldTooLarge`].
fn check_field_bytes(value: &str, limit: usize, name: &str) -> std::result::Result<(), String> {
    super::fields::check_field_size(value, limit, || format!("field {name}"))
        .map_err(|problem| problem.to_string())
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// One line: `line 3, column 7: <what is wrong>`.
fn describe_toml_error(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim_end().replace('\n', " ");
    let Some(span) = error.span() else {
        return message;
    };
    let before = &text[..span.start.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("line {line}, column {column}: {message}")
}

/// The largest deck file [`read_file`] reads. Parsing TOML takes several times the file's size
/// in memory, so a file is refused by its size before it is read; this is room for a few
/// hundred thousand notes.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// Reads and parses the deck file at `path`, refusing one larger than [`MAX_FILE_BYTES`].
pub fn read_file(path: &Path) -> Result<DeckFile> {
    let size = std::fs::metadata(path)
        .map_err(|error| Problem::Io(error).in_file(path))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(Problem::FileTooLarge {
            size,
            limit: MAX_FILE_BYTES,
        }
        .in_file(path)
        .into());
    }
    let text = std::fs::read_to_string(path).map_err(|error| Problem::Io(error).in_file(path))?;
    parse(&text, &path.display().to_string())
}

/// Parses a deck file; `origin` names it in error messages. Every field, as written and as
/// the HTML it becomes, must be within [`Limits::max_field_bytes`], as in every other format
/// Spool reads, so that what Spool exports it can import again.
pub fn parse(text: &str, origin: &str) -> Result<DeckFile> {
    let max_field_bytes = Limits::default().max_field_bytes;
    let fail = |message: String| Error::DeckFile {
        path: origin.to_string(),
        message,
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| fail(describe_toml_error(text, &e)))?;
    if raw.format != FORMAT_VERSION {
        return Err(fail(format!(
            "format {} is not supported (this Spool reads format {FORMAT_VERSION})",
            raw.format
        )));
    }
    if !valid_id(&raw.deck.id) {
        return Err(fail(format!(
            "deck id {:?} must be lowercase letters, digits and '-'",
            raw.deck.id
        )));
    }
    let deck_name = normalize_deck_name(&raw.deck.name).map_err(|e| fail(e.to_string()))?;
    let mut seen = HashSet::new();
    let notes = raw
        .notes
        .into_iter()
        .map(|note| {
            let at = |message: &str| fail(format!("note {:?}: {message}", note.id));
            if !valid_id(&note.id) {
                return Err(at("ids must be lowercase letters, digits and '-'"));
            }
            if !seen.insert(note.id.clone()) {
                return Err(at("this id is used twice"));
            }
            for (name, value) in [("front", &note.front), ("back", &note.back), ("cloze", &note.cloze)] {
                if let Some(value) = value {
                    check_field_bytes(value, max_field_bytes, name).map_err(|message| at(&message))?;
                }
            }
            let (notetype, fields) = match (&note.front, &note.back, &note.cloze) {
                (Some(front), Some(back), None) => {
                    let notetype = if note.reversed { StockNotetype::BasicAndReversed } else { StockNotetype::Basic };
                    (notetype, vec![markdown_to_html(front), markdown_to_html(back)])
                }
                (None, back, Some(cloze)) if !note.reversed => {
                    if crate::render::cloze::ordinals(cloze).is_empty() {
                        return Err(at("a cloze note needs at least one deletion like {{c1::text}}"));
                    }
                    (StockNotetype::Cloze, vec![markdown_to_html(cloze), back.as_deref().map(markdown_to_html).unwrap_or_default()])
                }
                (None, _, Some(_)) => return Err(at("cloze notes cannot be reversed")),
                _ => return Err(at("a note needs either `front` and `back`, or `cloze` (with an optional `back`)")),
            };
            let deck_name = match note.subdeck.as_deref() {
                Some(sub) => normalize_deck_name(&format!("{deck_name}{DECK_SEPARATOR}{sub}"))
                    .map_err(|e| at(&e.to_string()))?,
                None => deck_name.clone(),
            };
            for (field, name) in fields.iter().zip(notetype.definition().1) {
                check_field_bytes(field, max_field_bytes, &format!("{name} as HTML"))
                    .map_err(|message| at(&message))?;
            }
            Ok(DeckFileNote {
                guid: format!("{}/{}", raw.deck.id, note.id),
                deck_name,
                notetype,
                fields,
                tags: note.tags,
                demo: note.demo,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(DeckFile {
        id: raw.deck.id,
        name: deck_name,
        description_html: markdown_to_html(&raw.deck.description),
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of note; also a seed of the deck-file fuzz target.
    const SAMPLE: &str = include_str!("../../testdata/sample-deck.toml");

    #[test]
    fn parses_all_note_kinds() {
        let deck = parse(SAMPLE, "sample.toml").unwrap();
        assert_eq!(deck.description_html, "A <em>small</em> deck");
        let kinds: Vec<StockNotetype> = deck.notes.iter().map(|n| n.notetype).collect();
        assert_eq!(
            kinds,
            [
                StockNotetype::Basic,
                StockNotetype::BasicAndReversed,
                StockNotetype::Cloze
            ]
        );
        assert_eq!(deck.notes[0].guid, "demo/one");
        assert_eq!(
            deck.notes[0].fields,
            ["What is <code>x</code>?", "A <strong>variable</strong>."]
        );
        assert_eq!(deck.notes[0].demo.as_deref(), Some("threads-join"));
        assert_eq!(deck.notes[1].deck_name, "Demo::Sub");
        assert_eq!(deck.notes[2].fields[1], "");
    }

    #[test]
    fn a_batch_names_each_deck_and_note_type_once_and_owns_its_notes() {
        let batch = parse(SAMPLE, "sample.toml")
            .unwrap()
            .into_batch("sample.toml");
        let decks: Vec<(&str, Option<&str>)> = batch
            .decks
            .iter()
            .map(|deck| (deck.name.as_str(), deck.description.as_deref()))
            .collect();
        assert_eq!(
            decks,
            [("Demo", Some("A <em>small</em> deck")), ("Demo::Sub", None)]
        );
        let notetypes: Vec<&str> = batch.notetypes.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(notetypes, ["Basic", "Basic (and reversed card)", "Cloze"]);
        assert!(batch.notetypes.iter().all(|n| n.definition.is_none()));
        let placed: Vec<(usize, Option<usize>)> =
            batch.notes.iter().map(|n| (n.notetype, n.deck)).collect();
        assert_eq!(placed, [(0, Some(0)), (1, Some(1)), (2, Some(0))]);
        assert_eq!(batch.notes[0].guid.as_deref(), Some("demo/one"));
        assert_eq!(batch.notes[0].demo.as_deref(), Some("threads-join"));
        assert_eq!(batch.existing_notes, ExistingNotes::Replace);
        assert!(batch.cards.is_empty() && batch.revlog.is_empty());
    }

    #[test]
    fn code_blocks_keep_their_language() {
        let text = SAMPLE.replace("A **variable**.", "```python\\nx = 1\\n```");
        let deck = parse(&text, "s").unwrap();
        assert!(
            deck.notes[0].fields[1].contains(r#"<code class="language-python">x = 1"#),
            "{}",
            deck.notes[0].fields[1]
        );
    }

    fn error_of(text: &str) -> String {
        parse(text, "bad.toml").unwrap_err().to_string()
    }

    #[test]
    fn reports_what_and_where() {
        assert!(
            error_of(&SAMPLE.replace("id = \"two\"", "id = \"one\""))
                .contains("note \"one\": this id is used twice")
        );
        assert!(
            error_of(&SAMPLE.replace("format = 1", "format = 2"))
                .contains("format 2 is not supported")
        );
        assert!(
            error_of(
                &SAMPLE
                    .replace("{{c1::Locks}}", "Locks")
                    .replace("{{c2::races}}", "races")
            )
            .contains("at least one deletion")
        );
        assert!(error_of(&SAMPLE.replace("back = \"Definition\"", "")).contains("note \"two\""));
        let syntax = error_of(&SAMPLE.replace("id = \"three\"", "id = three"));
        assert!(
            syntax.starts_with("deck file bad.toml: line 23, column 6: "),
            "{syntax}"
        );
        assert!(!syntax.contains('\n'), "{syntax}");
        assert!(error_of(&SAMPLE.replace("tags = [\"a\"]", "color = 1")).contains("color"));
    }
}
