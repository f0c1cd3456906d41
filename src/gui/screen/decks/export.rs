//! The export dialog: what to export, in which format, and where.

use std::path::PathBuf;

use iced::widget::{checkbox, column, pick_list};
use iced::{Element, Fill, Task};
use spool_core::app::{ExportFormat, ExportOptions};
use spool_core::store::DeckCounts;

use super::Message;
use super::form::{Work, deck_names, labelled, path_row, work_status};
use super::path_field::PathField;
use crate::gui::store::Store;
use crate::gui::theme;

/// What to export, in which format, and where.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ExportDialog {
    pub(super) path: PathField,
    pub(super) scope: ExportScope,
    pub(super) format: ExportFormat,
    pub(super) with_scheduling: bool,
    pub(super) replace: Replace,
    pub(super) error: Option<String>,
    pub(super) work: Work,
}

/// Whether an export may write over a file already at its path.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(super) enum Replace {
    /// Not yet: an existing file stops the export and the dialog asks.
    #[default]
    Ask,
    /// The dialog asked and the person pressed Replace.
    Confirmed,
    /// The path came from the system's chooser, which asks itself.
    Chosen,
}

/// How an export went: written, or stopped short of replacing a file.
#[derive(Debug, Clone)]
pub enum Exported {
    Written(String),
    WouldReplace(PathBuf),
}

/// The whole collection, or one deck with its subdecks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportScope {
    Collection,
    Deck(String),
}

impl std::fmt::Display for ExportScope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Collection => f.write_str("The whole collection"),
            Self::Deck(name) => f.write_str(name),
        }
    }
}

impl ExportDialog {
    /// The dialog as it opens: the whole collection, as a package in the home folder.
    pub(super) fn new() -> Self {
        ExportDialog {
            path: PathField::typed(default_export_path()),
            scope: ExportScope::Collection,
            format: ExportFormat::Apkg,
            with_scheduling: false,
            replace: Replace::Ask,
            error: None,
            work: Work::Idle,
        }
    }

    /// A typed or chosen path; an extension that names a format chooses it.
    pub(super) fn set_path(&mut self, path: PathField) {
        if let Some(format) = ExportFormat::from_extension(&path.path()) {
            self.format = format;
        }
        if self.replace == Replace::Confirmed {
            self.error = None;
        }
        self.replace = Replace::Ask;
        self.path = path;
    }
}

/// Writes the export on the worker, unless it would replace a file the person has not
/// agreed to replace.
pub(super) fn run(dialog: ExportDialog, store: &Store) -> Task<Message> {
    Task::perform(
        store.call(move |spool| {
            let path = dialog.path.path();
            if dialog.replace == Replace::Ask && path.exists() {
                return Ok(Exported::WouldReplace(path));
            }
            let options = ExportOptions {
                deck: match dialog.scope {
                    ExportScope::Collection => None,
                    ExportScope::Deck(name) => Some(name),
                },
                with_scheduling: dialog.with_scheduling && dialog.format == ExportFormat::Apkg,
            };
            let report = spool.export_file(&path, dialog.format, &options)?;
            Ok(Exported::Written(format!(
                "Exported {report} to {}.",
                path.display()
            )))
        }),
        Message::Exported,
    )
}

pub(super) fn export_body<'a>(
    export: &'a ExportDialog,
    decks: &'a [DeckCounts],
    chooser: bool,
) -> Element<'a, Message> {
    let scopes: Vec<ExportScope> = std::iter::once(ExportScope::Collection)
        .chain(deck_names(decks).into_iter().map(ExportScope::Deck))
        .collect();
    let mut body = column![
        labelled(
            "Notes of",
            pick_list(
                scopes,
                Some(export.scope.clone()),
                Message::ExportScopeChosen
            )
            .style(theme::pick_list)
            .width(Fill)
            .into(),
        ),
        labelled(
            "Format",
            pick_list(
                ExportFormat::ALL,
                Some(export.format),
                Message::ExportFormatChosen
            )
            .style(theme::pick_list)
            .width(Fill)
            .into(),
        ),
    ]
    .spacing(12);
    if export.format == ExportFormat::Apkg {
        body = body.push(
            checkbox(export.with_scheduling)
                .label("Include scheduling and review history")
                .on_toggle_maybe(
                    (export.work == Work::Idle).then_some(Message::ExportSchedulingToggled),
                ),
        );
    }
    body.push(path_row(
        export.path.text(),
        "Path of the file to write",
        export.work,
        chooser,
    ))
    .push(work_status(export.work, "Writing the file…"))
    .into()
}

/// `spool-export.apkg` in the home folder, or the current one.
fn default_export_path() -> String {
    let dir = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    dir.join("spool-export.apkg").display().to_string()
}
