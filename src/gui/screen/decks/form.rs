//! The controls the deck list's dialogs share: where an import or export stands, labelled
//! rows, the path field, the one focused text input.

use iced::widget::{button, column, progress_bar, row, space, text, text_input};
use iced::{Alignment, Element, Task};
use spool_core::render::grouped;
use spool_core::store::{DeckCounts, ImportProgress, ImportStage};

use super::Message;
use crate::gui::theme::{self, size};

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
