//! Note types: ordered fields and card templates, as in Anki.

use rusqlite::{OptionalExtension, Transaction, params};

use super::Collection;
use crate::error::{Error, Result};
use crate::render::{cloze, template};
use crate::vocabulary::{NotetypeKind, StockNotetype, Template};

pub type NotetypeId = i64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notetype {
    pub id: NotetypeId,
    pub name: String,
    pub kind: NotetypeKind,
    pub fields: Vec<String>,
    pub templates: Vec<Template>,
    pub css: String,
}

impl Notetype {
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields
            .iter()
            .position(|f| f.eq_ignore_ascii_case(name))
    }

    /// Which cards (ordinals) a note of this type with these fields has.
    pub fn card_ordinals(&self, fields: &[String]) -> Vec<u32> {
        match self.kind {
            NotetypeKind::Standard => (0..self.templates.len() as u32)
                .filter(|&ord| {
                    template::template_has_content(
                        &self.templates[ord as usize].question_format,
                        &self.fields,
                        fields,
                    )
                })
                .collect(),
            NotetypeKind::Cloze => {
                let question = self
                    .templates
                    .first()
                    .map_or("", |t| t.question_format.as_str());
                template::referenced_fields(question)
                    .into_iter()
                    .filter_map(|name| self.field_index(name).and_then(|i| fields.get(i)))
                    .flat_map(|value| cloze::ordinals(value))
                    .map(|n| n - 1)
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect()
            }
        }
    }
}

/// A note type to be added; its id is assigned by the store.
#[derive(Debug, Clone)]
pub struct NewNotetype {
    pub name: String,
    pub kind: NotetypeKind,
    pub fields: Vec<String>,
    pub templates: Vec<Template>,
    pub css: String,
}

impl NewNotetype {
    pub(crate) fn stock(stock: StockNotetype) -> Self {
        let (kind, fields, templates) = stock.definition();
        Self {
            name: stock.name().into(),
            kind,
            fields: fields.into_iter().map(String::from).collect(),
            templates,
            css: String::new(),
        }
    }
}

pub(crate) fn insert_notetype(
    tx: &Transaction<'_>,
    notetype: &NewNotetype,
    now: i64,
) -> Result<NotetypeId> {
    let kind = match notetype.kind {
        NotetypeKind::Standard => 0,
        NotetypeKind::Cloze => 1,
    };
    tx.execute(
        "INSERT INTO notetypes (name, kind, css, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![notetype.name, kind, notetype.css, now],
    )?;
    let id = tx.last_insert_rowid();
    for (ord, field) in notetype.fields.iter().enumerate() {
        tx.execute(
            "INSERT INTO fields (notetype_id, ord, name) VALUES (?1, ?2, ?3)",
            params![id, ord, field],
        )?;
    }
    for (ord, t) in notetype.templates.iter().enumerate() {
        tx.execute(
            "INSERT INTO templates (notetype_id, ord, name, question_format, answer_format)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, ord, t.name, t.question_format, t.answer_format],
        )?;
    }
    Ok(id)
}

/// The id of a stock note type, adding it inside the caller's transaction if it is missing.
pub(crate) fn stock_notetype_id(
    tx: &Transaction<'_>,
    stock: StockNotetype,
    now: i64,
) -> Result<NotetypeId> {
    let existing: Option<NotetypeId> = tx
        .prepare_cached("SELECT id FROM notetypes WHERE name = ?1")?
        .query_row([stock.name()], |r| r.get(0))
        .optional()?;
    match existing {
        Some(id) => Ok(id),
        None => insert_notetype(tx, &NewNotetype::stock(stock), now),
    }
}

pub(crate) fn load_notetype(
    conn: &rusqlite::Connection,
    id: NotetypeId,
) -> Result<Option<Notetype>> {
    let Some((name, kind, css)) = conn
        .prepare_cached("SELECT name, kind, css FROM notetypes WHERE id = ?1")?
        .query_row([id], |r| {
            Ok((
                r.get::<_, String>("name")?,
                r.get::<_, i64>("kind")?,
                r.get::<_, String>("css")?,
            ))
        })
        .optional()?
    else {
        return Ok(None);
    };
    let fields = conn
        .prepare_cached("SELECT name FROM fields WHERE notetype_id = ?1 ORDER BY ord")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    let templates = conn
        .prepare_cached(
            "SELECT name, question_format, answer_format FROM templates WHERE notetype_id = ?1 ORDER BY ord",
        )?
        .query_map([id], |r| Ok(Template { name: r.get("name")?, question_format: r.get("question_format")?, answer_format: r.get("answer_format")? }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let kind = if kind == 1 {
        NotetypeKind::Cloze
    } else {
        NotetypeKind::Standard
    };
    Ok(Some(Notetype {
        id,
        name,
        kind,
        fields,
        templates,
        css,
    }))
}

impl Collection {
    pub fn notetype(&self, id: NotetypeId) -> Result<Notetype> {
        load_notetype(&self.conn, id)?.ok_or_else(|| Error::UnknownNotetype(format!("#{id}")))
    }

    pub fn notetype_by_name(&self, name: &str) -> Result<Notetype> {
        let id: Option<i64> = self
            .conn
            .query_row("SELECT id FROM notetypes WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?;
        let id = id.ok_or_else(|| Error::UnknownNotetype(name.to_string()))?;
        self.notetype(id)
    }

    pub fn notetypes(&self) -> Result<Vec<Notetype>> {
        let ids = self
            .conn
            .prepare("SELECT id FROM notetypes ORDER BY name")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        ids.into_iter().map(|id| self.notetype(id)).collect()
    }

    pub fn add_notetype(&mut self, notetype: &NewNotetype, now: i64) -> Result<NotetypeId> {
        self.transact(|tx| insert_notetype(tx, notetype, now))
    }

    /// The id of a stock note type, adding it first if this collection lacks it.
    pub fn stock_notetype(&mut self, stock: StockNotetype, now: i64) -> Result<NotetypeId> {
        self.transact(|tx| stock_notetype_id(tx, stock, now))
    }
}
