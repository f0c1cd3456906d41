//! The frame every dialog of the deck list is drawn in, and what creating, renaming and
//! deleting a deck send to the worker.

use iced::widget::{button, column, container, row, space, text};
use iced::{Element, Fill, Task};
use spool_core::store::DeckCounts;

use super::export::{Replace, export_body};
use super::form::{name_input, work_button};
use super::import::import_body;
use super::{Dialog, Message};
use crate::gui::store::{BoxedJob, Store};
use crate::gui::theme::{self, size};
use crate::gui::widget::{banner, bold};

/// Sends what a create, rename or delete dialog confirms to the worker.
pub(super) fn change_decks(dialog: Dialog, store: &Store) -> Task<Message> {
    let change: BoxedJob<()> = match dialog {
        Dialog::Create { name, .. } => Box::new(move |spool| spool.create_deck(&name).map(drop)),
        Dialog::Rename { id, name, .. } => Box::new(move |spool| spool.rename_deck(id, &name)),
        Dialog::Delete { id, .. } => Box::new(move |spool| spool.delete_deck(id).map(drop)),
        Dialog::Import(_) | Dialog::Export(_) => return Task::none(),
    };
    Task::perform(store.call(change), Message::Changed)
}

pub(super) fn dialog_view<'a>(
    dialog: &'a Dialog,
    decks: &'a [DeckCounts],
    chooser: bool,
) -> Element<'a, Message> {
    let (title, body, confirm, error): (&str, Element<'a, Message>, _, _) = match dialog {
        Dialog::Create { name, error } => (
            "Create deck",
            name_input(name, "Deck name (use :: for a subdeck)"),
            button(text("Create")).style(theme::primary).on_press(Message::Confirm),
            error,
        ),
        Dialog::Rename { name, error, .. } => (
            "Rename deck",
            name_input(name, "New name"),
            button(text("Rename")).style(theme::primary).on_press(Message::Confirm),
            error,
        ),
        Dialog::Import(import) => (
            "Import a file",
            import_body(import, decks, chooser),
            work_button(import.work, "Import", "Importing…"),
            &import.error,
        ),
        Dialog::Export(export) => (
            "Export notes",
            export_body(export, decks, chooser),
            work_button(
                export.work,
                if export.replace == Replace::Confirmed {
                    "Replace"
                } else {
                    "Export"
                },
                "Exporting…",
            ),
            &export.error,
        ),
        Dialog::Delete { name, cards, error, .. } => (
            "Delete deck?",
            text(format!("“{name}”, its subdecks and their {cards} cards will be deleted with their review history. This cannot be undone."))
                .into(),
            button(text("Delete")).style(theme::danger).on_press(Message::Confirm),
            error,
        ),
    };
    let mut content = column![text(title).size(size::TITLE).font(bold()), body].spacing(16);
    if let Some(error) = error {
        content = content.push(banner(error));
    }
    // A running import or export cannot be stopped half-way, so there is nothing to cancel.
    let mut buttons = row![space().width(Fill)].spacing(10);
    if !dialog.is_busy() {
        buttons = buttons.push(
            button(text("Cancel"))
                .padding([8, 16])
                .style(theme::secondary)
                .on_press(Message::Cancel),
        );
    }
    content = content.push(buttons.push(confirm.padding([8, 18])));
    container(content)
        .padding(26)
        .max_width(540)
        .style(theme::card)
        .into()
}
