//! The deck list: the tree with New / Learning / Due counts, study, create, rename, delete,
//! import and export.

use std::path::PathBuf;

use crate::app::{ExportFormat, ExportOptions, ImportOptions};
use crate::store::{DeckCounts, DeckId, ImportReport};
use iced::widget::{button, column, container, row, scrollable, space, text, text_input};
use iced::{Alignment, Element, Fill, Length, Task};

use crate::gui::Shortcut;
use crate::gui::store::{Store, StoreResult};
use crate::gui::theme::{self, size};
use crate::gui::widget::{banner, bold, title};

#[derive(Debug, Default)]
pub struct State {
    decks: Option<Vec<DeckCounts>>,
    error: Option<String>,
    dialog: Option<Dialog>,
    /// What the last import or export did, or why it failed.
    outcome: Option<Result<String, String>>,
}

#[derive(Debug, Clone, PartialEq)]
enum Dialog {
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
    /// A file path to import; the work runs on the collection worker while `running`.
    Import {
        path: String,
        error: Option<String>,
        running: bool,
    },
    /// Where to export the whole collection; the extension picks the format.
    Export {
        path: String,
        error: Option<String>,
        running: bool,
    },
}

impl Dialog {
    fn set_error(&mut self, message: String) {
        match self {
            Dialog::Create { error, .. }
            | Dialog::Rename { error, .. }
            | Dialog::Delete { error, .. } => *error = Some(message),
            Dialog::Import { error, running, .. } | Dialog::Export { error, running, .. } => {
                *error = Some(message);
                *running = false;
            }
        }
    }

    fn is_running(&self) -> bool {
        matches!(
            self,
            Dialog::Import { running: true, .. } | Dialog::Export { running: true, .. }
        )
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(StoreResult<Vec<DeckCounts>>),
    /// Study a deck (and its subdecks), or every deck.
    Study(Option<String>),
    Create,
    Rename(DeckId),
    Delete(DeckId),
    Import,
    Export,
    /// The text of the open dialog's input changed.
    InputChanged(String),
    Confirm,
    Cancel,
    Changed(StoreResult<()>),
    Imported(StoreResult<ImportReport>),
    Exported(StoreResult<String>),
}

/// What the deck list asks of the rest of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Study(Option<String>),
}

impl State {
    /// Fetches fresh counts.
    pub fn reload(&mut self, store: &Store) -> Task<Message> {
        Task::perform(store.call(|spool| spool.deck_counts()), Message::Loaded)
    }

    pub fn decks(&self) -> &[DeckCounts] {
        self.decks.as_deref().unwrap_or_default()
    }

    fn deck(&self, id: DeckId) -> Option<&DeckCounts> {
        self.decks().iter().find(|deck| deck.id == id)
    }

    pub fn update(&mut self, message: Message, store: &Store) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Loaded(Ok(decks)) => {
                self.decks = Some(decks);
                self.error = None;
            }
            Message::Loaded(Err(error)) => {
                self.error = Some(format!("Could not read the decks: {error}"))
            }
            Message::Study(deck) => return (Task::none(), Some(Event::Study(deck))),
            Message::Create => {
                self.dialog = Some(Dialog::Create {
                    name: String::new(),
                    error: None,
                })
            }
            Message::Rename(id) => {
                if let Some(deck) = self.deck(id) {
                    self.dialog = Some(Dialog::Rename {
                        id,
                        name: deck.name.clone(),
                        error: None,
                    });
                }
            }
            Message::Delete(id) => {
                if let Some(deck) = self.deck(id) {
                    self.dialog = Some(Dialog::Delete {
                        id,
                        name: deck.name.clone(),
                        cards: deck.cards,
                        error: None,
                    });
                }
            }
            Message::Import => {
                self.dialog = Some(Dialog::Import {
                    path: String::new(),
                    error: None,
                    running: false,
                })
            }
            Message::Export => {
                self.dialog = Some(Dialog::Export {
                    path: default_export_path(),
                    error: None,
                    running: false,
                })
            }
            Message::InputChanged(new) => match &mut self.dialog {
                Some(
                    Dialog::Create { name: value, .. }
                    | Dialog::Rename { name: value, .. }
                    | Dialog::Import { path: value, .. }
                    | Dialog::Export { path: value, .. },
                ) => *value = new,
                Some(Dialog::Delete { .. }) | None => {}
            },
            // A running import or export finishes whatever happens; it cannot be dismissed.
            Message::Cancel if self.dialog.as_ref().is_some_and(Dialog::is_running) => {}
            Message::Cancel => self.dialog = None,
            Message::Confirm if self.dialog.as_ref().is_some_and(Dialog::is_running) => {}
            Message::Confirm => return (self.confirm(store), None),
            Message::Imported(result) => {
                self.finish(result.map(|report| format!("Imported: {report}.")));
                return (self.reload(store), None);
            }
            Message::Exported(result) => self.finish(result),
            Message::Changed(Ok(())) => {
                self.dialog = None;
                return (self.reload(store), None);
            }
            Message::Changed(Err(error)) => match &mut self.dialog {
                Some(dialog) => dialog.set_error(error.to_string()),
                None => self.error = Some(error.to_string()),
            },
        }
        (Task::none(), None)
    }

    /// Closes a finished import or export dialog with its outcome, or shows its error in it.
    fn finish(&mut self, result: StoreResult<String>) {
        match result {
            Ok(notice) => {
                self.dialog = None;
                self.outcome = Some(Ok(notice));
            }
            Err(error) => match &mut self.dialog {
                Some(dialog) => dialog.set_error(error.to_string()),
                None => self.outcome = Some(Err(error.to_string())),
            },
        }
    }

    fn confirm(&mut self, store: &Store) -> Task<Message> {
        if let Some(Dialog::Import { running, error, .. } | Dialog::Export { running, error, .. }) =
            &mut self.dialog
        {
            *running = true;
            *error = None;
        }
        match self.dialog.clone() {
            Some(Dialog::Import { path, .. }) => Task::perform(
                store.call(move |spool| {
                    spool.import_file(
                        &PathBuf::from(path.trim()),
                        &ImportOptions::default(),
                        &mut |_| {},
                    )
                }),
                Message::Imported,
            ),
            Some(Dialog::Export { path, .. }) => Task::perform(
                store.call(move |spool| {
                    let path = PathBuf::from(path.trim());
                    let format = ExportFormat::from_extension(&path).unwrap_or(ExportFormat::Apkg);
                    let report = spool.export_file(&path, format, &ExportOptions::default())?;
                    Ok(format!(
                        "Exported {} notes and {} cards to {}.",
                        report.notes,
                        report.cards,
                        path.display()
                    ))
                }),
                Message::Exported,
            ),
            Some(Dialog::Create { name, .. }) => Task::perform(
                store.call(move |spool| spool.collection_mut().create_deck(&name).map(drop)),
                Message::Changed,
            ),
            Some(Dialog::Rename { id, name, .. }) => Task::perform(
                store.call(move |spool| spool.collection_mut().rename_deck(id, &name)),
                Message::Changed,
            ),
            Some(Dialog::Delete { id, .. }) => Task::perform(
                store.call(move |spool| spool.collection_mut().delete_deck(id).map(drop)),
                Message::Changed,
            ),
            None => Task::none(),
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let totals = self
            .decks()
            .iter()
            .filter(|deck| !deck.name.contains(crate::store::DECK_SEPARATOR));
        let (new, learning, due) = totals.fold((0, 0, 0), |(n, l, d), deck| {
            (n + deck.new, l + deck.learning, d + deck.due)
        });
        let header = row![
            column![
                title("Decks"),
                text(format!(
                    "Today: {due} due · {learning} learning · {new} new"
                ))
                .style(theme::muted),
            ]
            .spacing(4)
            .width(Fill),
            button(text("Import…"))
                .padding([8, 16])
                .style(theme::secondary)
                .on_press(Message::Import),
            button(text("Export…"))
                .padding([8, 16])
                .style(theme::secondary)
                .on_press(Message::Export),
            button(text("Create deck"))
                .padding([8, 16])
                .style(theme::secondary)
                .on_press(Message::Create),
            button(text("Study all"))
                .padding([8, 18])
                .style(theme::primary)
                .on_press(Message::Study(None)),
        ]
        .spacing(10)
        .align_y(Alignment::Center);

        let body: Element<'_, Message> = match &self.decks {
            None => text("Loading decks…").style(theme::muted).into(),
            Some(decks) if decks.is_empty() => text("No decks yet. Create one, or import a deck.")
                .style(theme::muted)
                .into(),
            Some(decks) => container(
                scrollable(column(
                    std::iter::once(table_header()).chain(decks.iter().map(deck_row)),
                ))
                .style(theme::scrollable),
            )
            .padding([10, 8])
            .style(theme::card)
            .into(),
        };

        let mut page = column![header].spacing(22).max_width(920);
        if let Some(error) = &self.error {
            page = page.push(banner(error));
        }
        if let Some(outcome) = &self.outcome {
            page = page.push(crate::gui::widget::outcome(outcome));
        }
        page.push(body).into()
    }

    /// The open dialog, drawn by the root over the whole window.
    pub fn dialog(&self) -> Option<Element<'_, Message>> {
        self.dialog.as_ref().map(dialog_view)
    }

    pub fn shortcut(&mut self, shortcut: Shortcut) {
        let running = self.dialog.as_ref().is_some_and(Dialog::is_running);
        if shortcut == Shortcut::Cancel && !running {
            self.dialog = None;
        }
    }
}

const COUNT_WIDTH: f32 = 86.0;
const ACTIONS_WIDTH: f32 = 150.0;

fn count_cell<'a>(
    value: impl text::IntoFragment<'a>,
    color: Option<fn(&theme::Colors) -> iced::Color>,
) -> Element<'a, Message> {
    let cell = text(value).width(COUNT_WIDTH).align_x(Alignment::End);
    match color {
        Some(color) => cell.style(theme::colored(color)).into(),
        None => cell.style(theme::muted).into(),
    }
}

fn header_cell(label: &str) -> Element<'_, Message> {
    text(label)
        .size(size::SMALL)
        .width(COUNT_WIDTH)
        .align_x(Alignment::End)
        .style(theme::muted)
        .into()
}

fn table_header<'a>() -> Element<'a, Message> {
    row![
        text("Deck")
            .size(size::SMALL)
            .style(theme::muted)
            .width(Fill),
        header_cell("New"),
        header_cell("Learning"),
        header_cell("Due"),
        space().width(ACTIONS_WIDTH),
    ]
    .padding([8, 14])
    .into()
}

fn deck_row(deck: &DeckCounts) -> Element<'_, Message> {
    let depth = deck.name.matches(crate::store::DECK_SEPARATOR).count();
    let short_name = deck
        .name
        .rsplit(crate::store::DECK_SEPARATOR)
        .next()
        .unwrap_or(&deck.name);
    let count = |value: u64, color: fn(&theme::Colors) -> iced::Color| {
        if value == 0 {
            count_cell("0", None)
        } else {
            count_cell(value.to_string(), Some(color))
        }
    };
    row![
        space().width(Length::Fixed(depth as f32 * 22.0)),
        button(text(short_name).size(size::BODY + 1.0))
            .padding([6, 0])
            .style(theme::link)
            .on_press(Message::Study(Some(deck.name.clone())))
            .width(Fill),
        count(deck.new, |c| c.new),
        count(deck.learning, |c| c.learning),
        count(deck.due, |c| c.due),
        row![
            space().width(Fill),
            button(text("Rename").size(size::SMALL))
                .padding([4, 10])
                .style(theme::secondary)
                .on_press(Message::Rename(deck.id)),
            button(text("Delete").size(size::SMALL))
                .padding([4, 10])
                .style(theme::secondary)
                .on_press(Message::Delete(deck.id)),
        ]
        .spacing(6)
        .width(ACTIONS_WIDTH),
    ]
    .align_y(Alignment::Center)
    .padding([4, 14])
    .into()
}

fn dialog_view(dialog: &Dialog) -> Element<'_, Message> {
    let (title, body, confirm, error): (&str, Element<'_, Message>, _, _) = match dialog {
        Dialog::Create { name, error } => (
            "Create deck",
            name_input(name, "Deck name (use :: for a subdeck)"),
            button(text("Create")).style(theme::primary),
            error,
        ),
        Dialog::Rename { name, error, .. } => {
            ("Rename deck", name_input(name, "New name"), button(text("Rename")).style(theme::primary), error)
        }
        Dialog::Import { path, error, running } => (
            "Import a file",
            column![
                text("Anki packages (.apkg, .colpkg), Anki text exports (.txt), CSV/TSV and Spool deck files (.toml). Nothing is changed unless the whole file imports.")
                    .style(theme::muted),
                path_input(path, "Path of the file to import", *running),
            ]
            .spacing(10)
            .into(),
            button(text(if *running { "Importing…" } else { "Import" })).style(theme::primary),
            error,
        ),
        Dialog::Export { path, error, running } => (
            "Export the collection",
            column![
                text("The whole collection, with scheduling left out. The extension picks the format: .apkg for Anki, .csv or .tsv for text.")
                    .style(theme::muted),
                path_input(path, "Path of the file to write", *running),
            ]
            .spacing(10)
            .into(),
            button(text(if *running { "Exporting…" } else { "Export" })).style(theme::primary),
            error,
        ),
        Dialog::Delete { name, cards, error, .. } => (
            "Delete deck?",
            text(format!("“{name}”, its subdecks and their {cards} cards will be deleted with their review history. This cannot be undone."))
                .into(),
            button(text("Delete")).style(theme::danger),
            error,
        ),
    };
    let mut content = column![text(title).size(size::TITLE).font(bold()), body].spacing(16);
    if let Some(error) = error {
        content = content.push(banner(error));
    }
    content = content.push(
        row![
            space().width(Fill),
            button(text("Cancel"))
                .padding([8, 16])
                .style(theme::secondary)
                .on_press(Message::Cancel),
            confirm.padding([8, 18]).on_press(Message::Confirm),
        ]
        .spacing(10),
    );
    container(content)
        .padding(26)
        .max_width(480)
        .style(theme::card)
        .into()
}

fn name_input<'a>(value: &str, placeholder: &str) -> Element<'a, Message> {
    text_input(placeholder, value)
        .on_input(Message::InputChanged)
        .on_submit(Message::Confirm)
        .padding(10)
        .style(theme::input)
        .into()
}

/// A path field, read-only while the import or export it names runs.
fn path_input<'a>(value: &str, placeholder: &str, running: bool) -> Element<'a, Message> {
    text_input(placeholder, value)
        .id("path")
        .on_input_maybe((!running).then_some(Message::InputChanged))
        .on_submit_maybe((!running).then_some(Message::Confirm))
        .padding(10)
        .style(theme::input)
        .into()
}

/// `spool-export.apkg` in the home folder, or the current one.
fn default_export_path() -> String {
    let dir = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    dir.join("spool-export.apkg").display().to_string()
}
