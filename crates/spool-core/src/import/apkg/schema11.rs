//! Schema 11 (`collection.anki2`, `collection.anki21`): note types, decks and configuration
//! are JSON objects in the single row of the `col` table (`rslib/src/notetype/schema11.rs`,
//! `rslib/src/decks/schema11.rs`), keyed by id.

use std::collections::HashMap;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::reader::{CollectionReader, Definitions};
use crate::import::error::Problem;
use crate::import::model::{Deck, Notetype, NotetypeDefinition, NotetypeKind, Template};

#[derive(Deserialize)]
struct NotetypeJson {
    name: String,
    /// 0 standard, 1 cloze.
    #[serde(rename = "type", default)]
    kind: u8,
    flds: Vec<FieldJson>,
    tmpls: Vec<TemplateJson>,
    #[serde(default)]
    css: String,
}

#[derive(Deserialize)]
struct FieldJson {
    name: String,
}

#[derive(Deserialize)]
struct TemplateJson {
    name: String,
    qfmt: String,
    #[serde(default)]
    afmt: String,
}

#[derive(Deserialize)]
struct DeckJson {
    name: String,
    /// Filtered deck flag, written as 0/1 or as a boolean depending on the client.
    #[serde(rename = "dyn", default)]
    filtered: serde_json::Value,
}

#[derive(Deserialize)]
struct ConfigJson {
    #[serde(rename = "creationOffset")]
    creation_offset: Option<i32>,
}

pub(super) fn read_definitions(reader: &CollectionReader) -> Result<Definitions, Problem> {
    let location = |column: &str| format!("{}: col.{column}", reader.entry);
    let mut columns = None;
    reader.each_row("select conf, models, decks from col limit 1", |row| {
        let config: ConfigJson = parse_json(&reader.text(row, 0, || location("conf"))?, || {
            location("conf")
        })?;
        let notetypes: HashMap<String, NotetypeJson> =
            parse_json(&reader.text(row, 1, || location("models"))?, || {
                location("models")
            })?;
        let decks: HashMap<String, DeckJson> =
            parse_json(&reader.text(row, 2, || location("decks"))?, || {
                location("decks")
            })?;
        columns = Some((config, notetypes, decks));
        Ok(())
    })?;
    let (config, notetypes_json, decks_json) =
        columns.ok_or_else(|| Problem::CorruptCollection {
            entry: reader.entry.to_string(),
            reason: "the col table is empty".into(),
        })?;

    let mut notetypes = notetypes_json
        .into_iter()
        .map(|(key, json)| {
            let id = parse_id(&key, || location("models"))?;
            Ok(Notetype {
                source_id: Some(id),
                name: json.name,
                definition: Some(NotetypeDefinition {
                    kind: if json.kind == 1 {
                        NotetypeKind::Cloze
                    } else {
                        NotetypeKind::Standard
                    },
                    fields: json.flds.into_iter().map(|field| field.name).collect(),
                    templates: json
                        .tmpls
                        .into_iter()
                        .map(|template| Template {
                            name: template.name,
                            question_format: template.qfmt,
                            answer_format: template.afmt,
                        })
                        .collect(),
                    css: json.css,
                }),
            })
        })
        .collect::<Result<Vec<_>, Problem>>()?;
    notetypes.sort_by_key(|notetype| notetype.source_id);

    let mut decks = decks_json
        .into_iter()
        .map(|(key, json)| {
            Ok(Deck {
                source_id: Some(parse_id(&key, || location("decks"))?),
                name: json.name,
                filtered: is_truthy(&json.filtered),
                description: None,
            })
        })
        .collect::<Result<Vec<_>, Problem>>()?;
    decks.sort_by_key(|deck| deck.source_id);

    Ok(Definitions {
        notetypes,
        decks,
        creation_offset_minutes_west: config.creation_offset,
    })
}

fn parse_json<T: DeserializeOwned>(
    text: &str,
    location: impl FnOnce() -> String,
) -> Result<T, Problem> {
    serde_json::from_str(text).map_err(|error| Problem::InvalidValue {
        location: location(),
        reason: format!("invalid JSON: {error}"),
    })
}

fn parse_id(key: &str, location: impl FnOnce() -> String) -> Result<i64, Problem> {
    key.parse().map_err(|_| Problem::InvalidValue {
        location: location(),
        reason: format!("key {key:?} is not an id"),
    })
}

fn is_truthy(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Bool(flag) => *flag,
        serde_json::Value::Number(number) => number.as_i64() != Some(0),
        _ => false,
    }
}
