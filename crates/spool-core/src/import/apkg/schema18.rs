//! Schema 18 (`collection.anki21b`): note types, fields, templates and decks have tables of
//! their own (`rslib/src/storage/upgrades/schema15_upgrade.sql`) with protobuf `config`/`kind`
//! blobs; deck names separate levels with 0x1f; configuration is JSON in the `config` table.

use std::collections::HashMap;

use prost::Message;

use super::proto::{DeckKindContainer, NotetypeConfig, TemplateConfig};
use super::reader::{CollectionReader, Definitions};
use crate::import::error::Problem;
use crate::import::model::{Deck, Notetype, NotetypeDefinition, NotetypeKind, Template};

/// Separator between deck levels in `decks.name` (`rslib/src/decks/name.rs`).
const NATIVE_DECK_SEPARATOR: char = '\x1f';

pub(super) fn read_definitions(reader: &CollectionReader) -> Result<Definitions, Problem> {
    let mut fields = read_fields(reader)?;
    let mut templates = read_templates(reader)?;
    let mut notetypes = Vec::new();
    reader.each_row(
        "select id, name, config from notetypes order by id",
        |row| {
            let id: i64 = reader.sql(row.get(0))?;
            let at = |detail: &str| format!("{}: note type {id}, {detail}", reader.entry);
            let config: NotetypeConfig = decode(reader, row, 2, || at("config"))?;
            notetypes.push(Notetype {
                source_id: Some(id),
                name: reader.text(row, 1, || at("name"))?,
                definition: Some(NotetypeDefinition {
                    kind: if config.kind == 1 {
                        NotetypeKind::Cloze
                    } else {
                        NotetypeKind::Standard
                    },
                    fields: fields.remove(&id).unwrap_or_default(),
                    templates: templates.remove(&id).unwrap_or_default(),
                    css: config.css,
                }),
            });
            Ok(())
        },
    )?;

    let mut decks = Vec::new();
    reader.each_row("select id, name, kind from decks order by id", |row| {
        let id: i64 = reader.sql(row.get(0))?;
        let at = |detail: &str| format!("{}: deck {id}, {detail}", reader.entry);
        let native_name = reader.text(row, 1, || at("name"))?;
        let kind: DeckKindContainer = decode(reader, row, 2, || at("kind"))?;
        decks.push(Deck {
            source_id: Some(id),
            name: native_name.replace(NATIVE_DECK_SEPARATOR, "::"),
            filtered: kind.filtered.is_some(),
            description: None,
        });
        Ok(())
    })?;

    Ok(Definitions {
        notetypes,
        decks,
        creation_offset_minutes_west: read_creation_offset(reader)?,
    })
}

/// Field names per note type id, in `ord` order.
fn read_fields(reader: &CollectionReader) -> Result<HashMap<i64, Vec<String>>, Problem> {
    let mut fields: HashMap<i64, Vec<String>> = HashMap::new();
    reader.each_row(
        "select ntid, ord, name from fields order by ntid, ord",
        |row| {
            let notetype_id: i64 = reader.sql(row.get(0))?;
            let ord: i64 = reader.sql(row.get(1))?;
            let name = reader.text(row, 2, || {
                format!("{}: note type {notetype_id}, field {ord}", reader.entry)
            })?;
            fields.entry(notetype_id).or_default().push(name);
            Ok(())
        },
    )?;
    Ok(fields)
}

/// Templates per note type id, in `ord` order.
fn read_templates(reader: &CollectionReader) -> Result<HashMap<i64, Vec<Template>>, Problem> {
    let mut templates: HashMap<i64, Vec<Template>> = HashMap::new();
    reader.each_row(
        "select ntid, ord, name, config from templates order by ntid, ord",
        |row| {
            let notetype_id: i64 = reader.sql(row.get(0))?;
            let ord: i64 = reader.sql(row.get(1))?;
            let at = |detail: &str| {
                format!(
                    "{}: note type {notetype_id}, template {ord} {detail}",
                    reader.entry
                )
            };
            let name = reader.text(row, 2, || at("name"))?;
            let config: TemplateConfig = decode(reader, row, 3, || at("config"))?;
            templates.entry(notetype_id).or_default().push(Template {
                name,
                question_format: config.q_format,
                answer_format: config.a_format,
            });
            Ok(())
        },
    )?;
    Ok(templates)
}

fn read_creation_offset(reader: &CollectionReader) -> Result<Option<i32>, Problem> {
    let mut offset = None;
    reader.each_row(
        "select val from config where key = 'creationOffset'",
        |row| {
            let location = || format!("{}: config creationOffset", reader.entry);
            let bytes = reader.bytes(row, 0, "JSON", location)?;
            offset =
                Some(
                    serde_json::from_slice(bytes).map_err(|error| Problem::InvalidValue {
                        location: location(),
                        reason: format!("invalid JSON: {error}"),
                    })?,
                );
            Ok(())
        },
    )?;
    Ok(offset)
}

fn decode<T: Message + Default>(
    reader: &CollectionReader,
    row: &rusqlite::Row,
    index: usize,
    location: impl Fn() -> String,
) -> Result<T, Problem> {
    let bytes = reader.bytes(row, index, "a protobuf blob", &location)?;
    T::decode(bytes).map_err(|error| Problem::InvalidValue {
        location: location(),
        reason: format!("invalid protobuf: {error}"),
    })
}
