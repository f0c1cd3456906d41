//! The import dialog, and the queue of files dropped on the window while an import runs.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use iced::widget::{column, pick_list, text};
use iced::{Element, Fill, Task};
use spool_core::app::ImportFormat;
use spool_core::store::{DeckCounts, ImportReport};
use spool_core::vocabulary::DEFAULT_DECK_NAME;

use super::Dialog;
use super::form::{Work, deck_names, focus_input, labelled, path_row, work_status};
use super::path_field::PathField;
use super::{Message, State};
use crate::gui::store::Store;
use crate::gui::theme::{self, size};

/// A file to import, and the import as it runs on the collection worker.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct ImportDialog {
    pub(super) path: PathField,
    /// Text files: the deck for notes that do not name one.
    pub(super) deck: Option<String>,
    /// Files dropped on the window while an import ran, imported one after another.
    pub(super) queued: VecDeque<PathBuf>,
    /// What the imports before this one in the same run of dropped files did.
    pub(super) done: Vec<String>,
    pub(super) error: Option<String>,
    pub(super) work: Work,
}

impl ImportDialog {
    /// What closing the dialog leaves on the deck list: what the files dropped with this one
    /// did, and which of them were not imported.
    pub(super) fn closed(self) -> Option<Result<String, String>> {
        let mut lines = self.done;
        if self.queued.is_empty() {
            return (!lines.is_empty()).then(|| Ok(lines.join("\n")));
        }
        let skipped: Vec<String> = std::iter::once(file_name(&self.path.path()))
            .chain(self.queued.iter().map(|path| file_name(path)))
            .collect();
        lines.push(format!("Not imported: {}.", skipped.join(", ")));
        Some(Err(lines.join("\n")))
    }
}

impl State {
    /// After an import: the next file dropped meanwhile, or the summary of them all.
    pub(super) fn next_queued(&mut self, report: &ImportReport, store: &Store) -> Task<Message> {
        let Some(Dialog::Import(dialog)) = &mut self.dialog else {
            return Task::none();
        };
        let notice = if dialog.done.is_empty() && dialog.queued.is_empty() {
            format!("Imported: {report}.")
        } else {
            format!("Imported {}: {report}.", file_name(&dialog.path.path()))
        };
        dialog.done.push(notice);
        let Some(next) = dialog.queued.pop_front() else {
            let summary = std::mem::take(&mut dialog.done).join("\n");
            self.finish(Ok(summary));
            return Task::none();
        };
        let following = ImportDialog {
            queued: std::mem::take(&mut dialog.queued),
            done: std::mem::take(&mut dialog.done),
            ..ImportDialog::default()
        };
        self.dialog = Some(Dialog::Import(following));
        self.import_picked(next, store)
    }

    /// A file dropped on the window: imported like a chosen one when no other dialog is open,
    /// queued after a running import, or else left with a notice, so that nothing typed in an
    /// open dialog is lost.
    pub(super) fn import_dropped(&mut self, path: PathBuf, store: &Store) -> Task<Message> {
        match &mut self.dialog {
            None => {
                self.dialog = Some(Dialog::Import(ImportDialog::default()));
                self.import_picked(path, store)
            }
            Some(Dialog::Import(dialog))
                if dialog.work == Work::Idle && dialog.path.text().trim().is_empty() =>
            {
                self.import_picked(path, store)
            }
            Some(Dialog::Import(dialog)) => {
                dialog.queued.push_back(path);
                Task::none()
            }
            Some(_) => {
                self.outcome = Some(Err(format!(
                    "{} was dropped while a dialog was open and is not imported; drop it again.",
                    path.display()
                )));
                Task::none()
            }
        }
    }

    /// Puts a picked file in the open import dialog and imports it at once, unless it is a
    /// text file: those wait for the deck their notes go into.
    pub(super) fn import_picked(&mut self, path: PathBuf, store: &Store) -> Task<Message> {
        let Some(Dialog::Import(dialog)) = &mut self.dialog else {
            return Task::none();
        };
        dialog.path = PathField::picked(path);
        if ImportFormat::file_needs_deck(&dialog.path.path()) {
            return focus_input();
        }
        self.confirm(store)
    }
}

/// Imports the dialog's file on the worker, reporting how far it has come.
pub(super) fn run(dialog: ImportDialog, store: &Store) -> Task<Message> {
    let path = dialog.path.path();
    Task::run(
        store.call_with_progress(move |spool, progress| {
            spool.import_file_into(&path, dialog.deck, progress)
        }),
        Message::Importing,
    )
}

pub(super) fn import_body<'a>(
    import: &'a ImportDialog,
    decks: &'a [DeckCounts],
    chooser: bool,
) -> Element<'a, Message> {
    let mut body = column![
        text("Anki packages (.apkg, .colpkg), Anki text exports (.txt), CSV/TSV and Spool deck files (.toml). Nothing is changed unless the whole file imports.")
            .style(theme::muted),
        path_row(import.path.text(), "Path of the file to import", import.work, chooser),
    ]
    .spacing(12);
    if ImportFormat::file_needs_deck(&import.path.path()) {
        let selected = import
            .deck
            .clone()
            .unwrap_or_else(|| DEFAULT_DECK_NAME.to_owned());
        body = body.push(labelled(
            "Into deck",
            pick_list(deck_names(decks), Some(selected), Message::ImportDeckChosen)
                .style(theme::pick_list)
                .width(Fill)
                .into(),
        ));
    }
    if !import.queued.is_empty() {
        let names: Vec<String> = import.queued.iter().map(|path| file_name(path)).collect();
        body = body.push(
            text(format!("Next, as dropped: {}.", names.join(", ")))
                .size(size::SMALL)
                .style(theme::muted),
        );
    }
    body.push(work_status(import.work, "Reading the file…"))
        .into()
}

/// A file's name for a message, or its whole path if it has none.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}
