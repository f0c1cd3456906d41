//! Matching a batch's note types to the collection's, adding those it lacks.

use rusqlite::{OptionalExtension, Transaction};

use crate::error::{Error, Result};
use crate::import::model::{self, ImportBatch};
use crate::store::notetypes::{NewNotetype, insert_notetype, load_notetype};
use crate::store::{Notetype, StockNotetype};

/// A batch note type resolved to a store note type.
pub(super) struct ResolvedNotetype {
    pub notetype: Notetype,
    /// For each store field, the index of the batch field that fills it.
    pub field_sources: Vec<Option<usize>>,
}

/// Per batch note type, the store note type it resolved to; `None` for those no note uses,
/// which are not added, as Anki does: a collection package lists all. Note types are added
/// at `now` and counted in `added`.
pub(super) fn resolve_notetypes(
    tx: &Transaction<'_>,
    batch: &ImportBatch,
    used: &[bool],
    now: i64,
    added: &mut u64,
) -> Result<Vec<Option<ResolvedNotetype>>> {
    let mut resolver = Resolver { tx, now, added };
    batch
        .notetypes
        .iter()
        .zip(used.iter().copied())
        .map(|(notetype, used)| {
            used.then(|| resolver.resolve(notetype, &batch.source.field_labels))
                .transpose()
        })
        .collect()
}

struct Resolver<'t, 'a> {
    tx: &'t Transaction<'t>,
    /// When added note types are created.
    now: i64,
    added: &'a mut u64,
}

impl Resolver<'_, '_> {
    fn resolve(
        &mut self,
        source: &model::Notetype,
        field_labels: &[String],
    ) -> Result<ResolvedNotetype> {
        let Some(definition) = &source.definition else {
            let notetype = self.named_notetype(&source.name)?;
            let field_sources = field_sources_by_label(&notetype, field_labels);
            return Ok(ResolvedNotetype {
                notetype,
                field_sources,
            });
        };
        let existing = self.all_notetypes()?;
        let same_definition = |candidate: &Notetype| {
            is_name_or_numbered(&candidate.name, &source.name)
                && same_definition(candidate, definition)
        };
        let notetype = match existing.iter().find(|candidate| same_definition(candidate)) {
            Some(found) => found.clone(),
            None => {
                let taken = |name: &str| existing.iter().any(|candidate| candidate.name == name);
                let name = std::iter::once(source.name.clone())
                    .chain((2..).map(|number| format!("{} ({number})", source.name)))
                    .find(|name| !taken(name))
                    .expect("an unbounded list of names has a free one");
                let new = NewNotetype {
                    name,
                    kind: definition.kind,
                    fields: definition.fields.clone(),
                    templates: definition.templates.clone(),
                    css: definition.css.clone(),
                };
                self.add(&new)?
            }
        };
        let field_sources = (0..notetype.fields.len()).map(Some).collect();
        Ok(ResolvedNotetype {
            notetype,
            field_sources,
        })
    }

    /// The note type a text file names: an existing one, or a stock one added now.
    fn named_notetype(&mut self, name: &str) -> Result<Notetype> {
        let id: Option<i64> = self
            .tx
            .query_row("SELECT id FROM notetypes WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?;
        if let Some(id) = id {
            return self.load(id);
        }
        let stock = StockNotetype::from_name(name)
            .ok_or_else(|| Error::UnknownNotetype(name.to_string()))?;
        self.add(&NewNotetype::stock(stock))
    }

    fn add(&mut self, new: &NewNotetype) -> Result<Notetype> {
        let id = insert_notetype(self.tx, new, self.now)?;
        *self.added += 1;
        self.load(id)
    }

    fn load(&self, id: i64) -> Result<Notetype> {
        load_notetype(self.tx, id)?.ok_or_else(|| Error::UnknownNotetype(format!("#{id}")))
    }

    fn all_notetypes(&self) -> Result<Vec<Notetype>> {
        let ids: Vec<i64> = self
            .tx
            .prepare("SELECT id FROM notetypes ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.load(id)).collect()
    }
}

/// Text files that label their columns with the note type's field names fill fields by
/// name; otherwise columns fill fields in order.
fn field_sources_by_label(notetype: &Notetype, labels: &[String]) -> Vec<Option<usize>> {
    let by_label: Option<Vec<usize>> = labels
        .iter()
        .map(|label| notetype.field_index(label.trim()))
        .collect();
    match by_label {
        Some(targets) if !labels.is_empty() => (0..notetype.fields.len())
            .map(|field| targets.iter().position(|&target| target == field))
            .collect(),
        _ => (0..notetype.fields.len()).map(Some).collect(),
    }
}

/// Whether `name` is `base` or `base (N)`, the names this importer gives note types.
fn is_name_or_numbered(name: &str, base: &str) -> bool {
    name == base
        || name
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix(" ("))
            .and_then(|rest| rest.strip_suffix(')'))
            .is_some_and(|number| number.parse::<u32>().is_ok())
}

fn same_definition(existing: &Notetype, definition: &model::NotetypeDefinition) -> bool {
    existing.kind == definition.kind
        && existing.fields == definition.fields
        && existing.templates == definition.templates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_names() {
        assert!(is_name_or_numbered("Basic", "Basic"));
        assert!(is_name_or_numbered("Basic (2)", "Basic"));
        assert!(!is_name_or_numbered("Basic (x)", "Basic"));
        assert!(!is_name_or_numbered("Basics", "Basic"));
    }
}
