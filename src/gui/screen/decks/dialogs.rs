//! The deck list's dialogs: the frame every one is drawn in, creating, renaming and deleting
//! a deck, and the parts the import and export dialogs share.

use iced::widget::{button, column, container, progress_bar, row, space, text, text_input};
use iced::{Alignment, Element, Fill, Task};
use spool_core::render::grouped;
use spool_core::store::{DeckCounts, DeckId, ImportProgress, ImportStage};

use super::Message;
use super::export::{ExportDialog, Replace, export_body};
use super::import::{ImportDialog, import_body};
use crate::gui::store::{BoxedJob, Store};
use crate::gui::theme::{self, size};
use crate::gui::widget::{banner, bold};

/// The dialog open over the deck list.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Dialog {
    Create {
        name: String,
        error: Option<String>,
    },
    Rename {
        id: DeckId,
        name: String,
        error: Option<String>,
    },
    Delete {
        id: DeckId,
        name: String,
        cards: u64,
        error: Option<String>,
    },
    Import(ImportDialog),
    Export(ExportDialog),
}

/// Where an import or export stands.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(super) enum Work {
    #[default]
    Idle,
    /// The system's file chooser is open.
    Choosing,
    /// Running on the worker; imports report how many notes are written.
    Running(Option<ImportProgress>),
}

impl Dialog {
    pub(super) fn set_error(&mut self, message: String) {
        match self {
            Dialog::Create { error, .. }
            | Dialog::Rename { error, .. }
            | Dialog::Delete { error, .. } => *error = Some(message),
            Dialog::Import(ImportDialog { error, work, .. })
            | Dialog::Export(ExportDialog { error, work, .. }) => {
                *error = Some(message);
                *work = Work::Idle;
            }
        }
    }

    pub(super) fn work_mut(&mut self) -> Option<&mut Work> {
        match self {
            Dialog::Import(dialog) => Some(&mut dialog.work),
            Dialog::Export(dialog) => Some(&mut dialog.work),
            _ => None,
        }
    }

    /// What is under way in the dialog; dialogs that only confirm are always idle.
    pub(super) fn work(&self) -> Work {
        match self {
            Dialog::Import(ImportDialog { work, .. })
            | Dialog::Export(ExportDialog { work, .. }) => *work,
            _ => Work::Idle,
        }
    }

    /// The file chooser is open or the work runs: the dialog stays until that ends, so the
    /// chooser's answer always comes back to the dialog that asked for it.
    pub(super) fn is_busy(&self) -> bool {
        self.work() != Work::Idle
    }
}

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

/// The confirm button of an import or export: pressable only when nothing is under way.
pub(super) fn work_button<'a>(
    work: Work,
    idle: &'a str,
    running: &'a str,
) -> button::Button<'a, Message> {
    let label = if matches!(work, Work::Running(_)) {
        running
    } else {
        idle
    };
    button(text(label))
        .style(theme::primary)
        .on_press_maybe((work == Work::Idle).then_some(Message::Confirm))
}

pub(super) fn deck_names(decks: &[DeckCounts]) -> Vec<String> {
    decks.iter().map(|deck| deck.name.clone()).collect()
}

pub(super) fn labelled<'a>(label: &'a str, control: Element<'a, Message>) -> Element<'a, Message> {
    row![text(label).width(90).style(theme::muted), control]
        .spacing(10)
        .align_y(Alignment::Center)
        .into()
}

/// A path field with, where the system has one, a button for its file chooser.
pub(super) fn path_row<'a>(
    path: &str,
    placeholder: &str,
    work: Work,
    chooser: bool,
) -> Element<'a, Message> {
    let mut line = row![path_input(path, placeholder, work == Work::Idle)].spacing(8);
    if chooser {
        line = line.push(
            button(text("Choose…"))
                .padding([10, 14])
                .style(theme::secondary)
                .on_press_maybe((work == Work::Idle).then_some(Message::ChooseFile)),
        );
    }
    line.align_y(Alignment::Center).into()
}

/// What is under way: the file chooser, or the work with a bar of how far it has come.
pub(super) fn work_status<'a>(work: Work, starting: &'a str) -> Element<'a, Message> {
    match work {
        Work::Idle => space().height(0).into(),
        Work::Choosing => text("Waiting for the file chooser…")
            .style(theme::muted)
            .into(),
        Work::Running(None) => text(starting).size(size::SMALL).style(theme::muted).into(),
        Work::Running(Some(ImportProgress { stage, done, total })) => {
            let fraction = if total == 0 {
                1.0
            } else {
                done as f32 / total as f32
            };
            let doing = match stage {
                ImportStage::Media => "Copying media files",
                ImportStage::Notes => "Writing notes",
            };
            let label = format!("{doing}: {} of {}", grouped(done), grouped(total));
            column![
                text(label).size(size::SMALL).style(theme::muted),
                progress_bar(0.0..=1.0, fraction).girth(8),
            ]
            .spacing(6)
            .into()
        }
    }
}

/// Every dialog has one text input, focused as it opens so typing goes straight in.
pub(super) const INPUT: &str = "dialog-input";

pub(super) fn focus_input<T>() -> Task<T> {
    iced::widget::operation::focus(INPUT)
}

pub(super) fn name_input<'a>(value: &str, placeholder: &str) -> Element<'a, Message> {
    text_input(placeholder, value)
        .id(INPUT)
        .on_input(Message::InputChanged)
        .on_submit(Message::Confirm)
        .padding(10)
        .style(theme::input)
        .into()
}

/// A path field, read-only while anything is under way.
pub(super) fn path_input<'a>(
    value: &str,
    placeholder: &str,
    editable: bool,
) -> Element<'a, Message> {
    text_input(placeholder, value)
        .id(INPUT)
        .on_input_maybe(editable.then_some(Message::InputChanged))
        .on_submit_maybe(editable.then_some(Message::Confirm))
        .padding(10)
        .style(theme::input)
        .into()
}
