//! The deck list: the tree with New / Learning / Due counts, study, create, rename, delete,
//! import and export. The dialogs live beside it: `dialogs` frames them and sends create,
//! rename and delete; `import` and `export` hold the file dialogs.

mod dialogs;
mod export;
mod form;
mod import;
mod path_field;
mod tree;

use std::collections::BTreeSet;
use std::path::PathBuf;

use iced::widget::{button, column, container, responsive, row, scrollable, space, text};
use iced::{Alignment, Element, Fill, Length, Task};
use spool_core::app::ExportFormat;
use spool_core::store::{DeckCounts, DeckId, ImportProgress, ImportReport};

use crate::gui::Shortcut;
use crate::gui::file_dialog::{self, FileDialogs};
use crate::gui::store::{Store, StoreResult, Update};
use crate::gui::theme::{self, size};
use crate::gui::widget::{banner, title};
use dialogs::dialog_view;
use export::{ExportDialog, Replace};
pub use export::{ExportScope, Exported};
use form::{Work, focus_input};
use import::ImportDialog;
use path_field::PathField;

/// The dialog open over the deck list.
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
    Import(ImportDialog),
    Export(ExportDialog),
}

impl Dialog {
    fn set_error(&mut self, message: String) {
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

    fn work_mut(&mut self) -> Option<&mut Work> {
        match self {
            Dialog::Import(dialog) => Some(&mut dialog.work),
            Dialog::Export(dialog) => Some(&mut dialog.work),
            _ => None,
        }
    }

    /// What is under way in the dialog; dialogs that only confirm are always idle.
    fn work(&self) -> Work {
        match self {
            Dialog::Import(ImportDialog { work, .. })
            | Dialog::Export(ExportDialog { work, .. }) => *work,
            _ => Work::Idle,
        }
    }

    /// The file chooser is open or the work runs: the dialog stays until that ends, so the
    /// chooser's answer always comes back to the dialog that asked for it.
    fn is_busy(&self) -> bool {
        self.work() != Work::Idle
    }
}

#[derive(Debug, Default)]
pub struct State {
    file_dialogs: FileDialogs,
    decks: Option<Vec<DeckCounts>>,
    /// Decks whose subdecks are hidden, and the rows that leaves to draw.
    collapsed: BTreeSet<DeckId>,
    rows: Vec<tree::TreeRow>,
    error: Option<String>,
    dialog: Option<Dialog>,
    /// A create, rename or delete sent to the worker and not yet answered.
    pending: bool,
    /// What the last import or export did, or why it failed.
    outcome: Option<Result<String, String>>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(StoreResult<(Vec<DeckCounts>, BTreeSet<DeckId>)>),
    /// Show or hide a deck's subdecks.
    ToggleCollapsed(DeckId),
    /// Put away what the last import or export said.
    DismissOutcome,
    CollapsedSaved(StoreResult<()>),
    /// Study a deck (and its subdecks), or every deck.
    Study(Option<String>),
    Create,
    Rename(DeckId),
    Delete(DeckId),
    Import,
    Export,
    /// The text of the open dialog's input changed.
    InputChanged(String),
    /// A file dropped on the window, to import as if chosen (see `State::import_dropped`).
    ImportFile(PathBuf),
    /// Open the system's file chooser for the open import or export.
    ChooseFile,
    /// What the file chooser returned: `None` if it was cancelled or there is none.
    FileChosen(Option<PathBuf>),
    ImportDeckChosen(String),
    ExportScopeChosen(ExportScope),
    ExportFormatChosen(ExportFormat),
    ExportSchedulingToggled(bool),
    Confirm,
    Cancel,
    Changed(StoreResult<()>),
    Importing(Update<ImportProgress, ImportReport>),
    Exported(StoreResult<Exported>),
}

/// What the deck list asks of the rest of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Study(Option<String>),
}

impl State {
    pub fn new(file_dialogs: FileDialogs) -> Self {
        Self {
            file_dialogs,
            ..Self::default()
        }
    }

    /// Fetches fresh counts.
    /// The deck list shown again: what the last import or export said was read before.
    pub fn show(&mut self, store: &Store) -> Task<Message> {
        self.outcome = None;
        self.reload(store)
    }

    pub fn reload(&mut self, store: &Store) -> Task<Message> {
        Task::perform(
            store.call(|spool| Ok((spool.deck_counts()?, spool.collapsed_decks()?))),
            Message::Loaded,
        )
    }

    pub fn decks(&self) -> &[DeckCounts] {
        self.decks.as_deref().unwrap_or_default()
    }

    fn deck(&self, id: DeckId) -> Option<&DeckCounts> {
        self.decks().iter().find(|deck| deck.id == id)
    }

    pub fn update(&mut self, message: Message, store: &Store) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Loaded(Ok((decks, collapsed))) => {
                // Folds change only here, so after the first load the screen's own set is the
                // newer one: a reload sent before a toggle must not undo it on screen.
                if self.decks.is_none() {
                    self.collapsed = collapsed;
                }
                self.rows = tree::visible_rows(&decks, &self.collapsed);
                self.decks = Some(decks);
                self.error = None;
            }
            Message::DismissOutcome => self.outcome = None,
            Message::ToggleCollapsed(id) => {
                let collapsed = !self.collapsed.remove(&id);
                if collapsed {
                    self.collapsed.insert(id);
                }
                self.rows = tree::visible_rows(self.decks(), &self.collapsed);
                return (
                    Task::perform(
                        store.call(move |spool| spool.set_deck_collapsed(id, collapsed)),
                        Message::CollapsedSaved,
                    ),
                    None,
                );
            }
            Message::CollapsedSaved(Ok(())) => {}
            Message::CollapsedSaved(Err(error)) => {
                self.error = Some(format!("Could not keep the deck folded: {error}"))
            }
            Message::Loaded(Err(error)) => {
                self.error = Some(format!("Could not read the decks: {error}"))
            }
            Message::Study(deck) => return (Task::none(), Some(Event::Study(deck))),
            Message::Create => {
                self.dialog = Some(Dialog::Create {
                    name: String::new(),
                    error: None,
                });
                return (focus_input(), None);
            }
            Message::Rename(id) => {
                if let Some(deck) = self.deck(id) {
                    self.dialog = Some(Dialog::Rename {
                        id,
                        name: deck.name.clone(),
                        error: None,
                    });
                    return (focus_input(), None);
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
            // The chooser opens straight away, like Anki's; the dialog under it keeps a path
            // field for systems without one.
            Message::Import => {
                self.dialog = Some(Dialog::Import(ImportDialog::default()));
                return (Task::batch([focus_input(), self.choose_file()]), None);
            }
            Message::Export => {
                self.dialog = Some(Dialog::Export(ExportDialog::new()));
                return (focus_input(), None);
            }
            Message::InputChanged(new) => match &mut self.dialog {
                Some(Dialog::Create { name: value, .. } | Dialog::Rename { name: value, .. }) => {
                    *value = new
                }
                Some(Dialog::Import(dialog)) => dialog.path = PathField::typed(new),
                Some(Dialog::Export(dialog)) => dialog.set_path(PathField::typed(new)),
                Some(Dialog::Delete { .. }) | None => {}
            },
            Message::ChooseFile => return (self.choose_file(), None),
            Message::ImportFile(path) => return (self.import_dropped(path, store), None),
            Message::FileChosen(chosen) => return (self.file_chosen(chosen, store), None),
            // Pick lists cannot be disabled, so choices made while work is under way are ignored.
            Message::ImportDeckChosen(deck) => {
                if let Some(Dialog::Import(dialog)) = self.idle_dialog() {
                    dialog.deck = Some(deck);
                }
            }
            Message::ExportScopeChosen(scope) => {
                if let Some(Dialog::Export(dialog)) = self.idle_dialog() {
                    dialog.scope = scope;
                }
            }
            Message::ExportFormatChosen(format) => {
                if let Some(Dialog::Export(dialog)) = self.idle_dialog() {
                    dialog.format = format;
                    dialog.path = dialog.path.with_extension(format);
                    dialog.replace = Replace::Ask;
                }
            }
            Message::ExportSchedulingToggled(with_scheduling) => {
                if let Some(Dialog::Export(dialog)) = self.idle_dialog() {
                    dialog.with_scheduling = with_scheduling;
                }
            }
            // A running import or export finishes whatever happens; it cannot be dismissed.
            Message::Cancel if self.dialog.as_ref().is_some_and(Dialog::is_busy) => {}
            Message::Cancel => self.close_dialog(),
            Message::Confirm
                if self.dialog.as_ref().is_some_and(Dialog::is_busy) || self.pending => {}
            Message::Confirm => return (self.confirm(store), None),
            Message::Importing(Update::Progress(progress)) => {
                if let Some(Dialog::Import(dialog)) = &mut self.dialog {
                    dialog.work = Work::Running(Some(progress));
                }
            }
            Message::Importing(Update::Done(Ok(report))) => {
                let next = self.next_queued(&report, store);
                return (Task::batch([next, self.reload(store)]), None);
            }
            Message::Importing(Update::Done(Err(error))) => {
                self.finish(Err(error));
                return (self.reload(store), None);
            }
            Message::Exported(Ok(Exported::WouldReplace(path))) => {
                if let Some(Dialog::Export(dialog)) = &mut self.dialog {
                    dialog.work = Work::Idle;
                    dialog.replace = Replace::Confirmed;
                    dialog.error = Some(format!(
                        "{} already exists. Press Replace to write over it, or change the path.",
                        path.display()
                    ));
                }
            }
            Message::Exported(Ok(Exported::Written(notice))) => self.finish(Ok(notice)),
            Message::Exported(Err(error)) => self.finish(Err(error)),
            Message::Changed(Ok(())) => {
                self.pending = false;
                self.dialog = None;
                return (self.reload(store), None);
            }
            Message::Changed(Err(error)) => {
                self.pending = false;
                match &mut self.dialog {
                    Some(
                        dialog @ (Dialog::Create { .. }
                        | Dialog::Rename { .. }
                        | Dialog::Delete { .. }),
                    ) => dialog.set_error(error.to_string()),
                    _ => self.error = Some(error.to_string()),
                }
            }
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

    /// Closes the open dialog. Closing an import says what the files imported so far did,
    /// and which of those dropped were not imported.
    fn close_dialog(&mut self) {
        if let Some(Dialog::Import(import)) = self.dialog.take()
            && let Some(outcome) = import.closed()
        {
            self.outcome = Some(outcome);
        }
    }

    /// The open dialog, unless an import or export in it is under way.
    fn idle_dialog(&mut self) -> Option<&mut Dialog> {
        self.dialog
            .as_mut()
            .filter(|dialog| dialog.work() == Work::Idle)
    }

    /// Opens the system's file chooser over the import or export dialog, if there is one.
    fn choose_file(&mut self) -> Task<Message> {
        if self.file_dialogs != FileDialogs::System {
            return Task::none();
        }
        match &mut self.dialog {
            Some(Dialog::Import(dialog)) if dialog.work == Work::Idle => {
                dialog.work = Work::Choosing;
                file_dialog::choose_import_file().map(Message::FileChosen)
            }
            Some(Dialog::Export(dialog)) if dialog.work == Work::Idle => {
                dialog.work = Work::Choosing;
                file_dialog::choose_export_path(dialog.path.path(), dialog.format)
                    .map(Message::FileChosen)
            }
            _ => Task::none(),
        }
    }

    /// A file chosen for import is imported (see [`Self::import_picked`]); one chosen for
    /// export fills the path.
    fn file_chosen(&mut self, chosen: Option<PathBuf>, store: &Store) -> Task<Message> {
        let Some(dialog) = self.dialog.as_mut() else {
            return Task::none();
        };
        match dialog.work_mut() {
            Some(work) if *work == Work::Choosing => *work = Work::Idle,
            _ => return Task::none(),
        }
        // A cancelled chooser moves on to a file dropped while it was open, if any.
        let chosen = chosen.or_else(|| match dialog {
            Dialog::Import(import) => import.queued.pop_front(),
            _ => None,
        });
        let Some(path) = chosen else {
            return Task::none();
        };
        match dialog {
            Dialog::Import(_) => self.import_picked(path, store),
            Dialog::Export(export) => {
                export.set_path(PathField::picked(path));
                export.replace = Replace::Chosen;
                Task::none()
            }
            _ => Task::none(),
        }
    }

    fn confirm(&mut self, store: &Store) -> Task<Message> {
        if let Some(
            Dialog::Import(ImportDialog { work, error, .. })
            | Dialog::Export(ExportDialog { work, error, .. }),
        ) = &mut self.dialog
        {
            *work = Work::Running(None);
            *error = None;
        }
        self.pending = matches!(
            self.dialog,
            Some(Dialog::Create { .. } | Dialog::Rename { .. } | Dialog::Delete { .. })
        );
        match self.dialog.clone() {
            Some(Dialog::Import(dialog)) => import::run(dialog, store),
            Some(Dialog::Export(dialog)) => export::run(dialog, store),
            Some(dialog) => dialogs::change_decks(dialog, store),
            None => Task::none(),
        }
    }

    /// The deck list; in a narrow window (or at a large interface scale) the buttons go
    /// under the title and each deck's name above its counts, so every word stays whole.
    pub fn view(&self) -> Element<'_, Message> {
        responsive(move |size| self.page(size.width < COMPACT_WIDTH)).into()
    }

    fn page(&self, compact: bool) -> Element<'_, Message> {
        let totals = self
            .decks()
            .iter()
            .filter(|deck| !deck.name.contains(spool_core::store::DECK_SEPARATOR));
        let (new, learning, due) = totals.fold((0, 0, 0), |(n, l, d), deck| {
            (n + deck.new, l + deck.learning, d + deck.due)
        });
        let summary = column![
            title("Decks"),
            text(format!(
                "Today: {due} due · {learning} learning · {new} new"
            ))
            .style(theme::muted),
        ]
        .spacing(4);
        let buttons = row![
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
        .spacing(10);
        let header: Element<'_, Message> = if compact {
            column![summary, buttons.wrap().vertical_spacing(10)]
                .spacing(14)
                .into()
        } else {
            row![summary.width(Fill), buttons]
                .spacing(10)
                .align_y(Alignment::Center)
                .into()
        };

        let body: Element<'_, Message> = match &self.decks {
            None => text("Loading decks…").style(theme::muted).into(),
            Some(decks) if decks.is_empty() => text("No decks yet. Create one, or import a deck.")
                .style(theme::muted)
                .into(),
            Some(decks) => container(
                scrollable(column(
                    std::iter::once(table_header(compact)).chain(
                        self.rows
                            .iter()
                            .map(|row| deck_row(&decks[row.index], row, compact)),
                    ),
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
            page = page.push(
                row![
                    container(crate::gui::widget::outcome(outcome)).width(Fill),
                    button(text("Dismiss").size(size::SMALL))
                        .padding([4, 10])
                        .style(theme::secondary)
                        .on_press(Message::DismissOutcome),
                ]
                .spacing(10)
                .align_y(Alignment::Center),
            );
        }
        page.push(body).into()
    }

    /// The open dialog, drawn by the root over the whole window.
    pub fn dialog(&self) -> Option<Element<'_, Message>> {
        let chooser = self.file_dialogs == FileDialogs::System;
        self.dialog
            .as_ref()
            .map(|dialog| dialog_view(dialog, self.decks(), chooser))
    }

    pub fn shortcut(&mut self, shortcut: Shortcut) {
        let busy = self.dialog.as_ref().is_some_and(Dialog::is_busy);
        if shortcut == Shortcut::Cancel && !busy {
            self.close_dialog();
        }
    }
}

const COUNT_WIDTH: f32 = 86.0;
/// A count's width in the compact list: room for "Learning" over it, no more.
const COMPACT_COUNT_WIDTH: f32 = 64.0;

fn count_width(compact: bool) -> f32 {
    if compact {
        COMPACT_COUNT_WIDTH
    } else {
        COUNT_WIDTH
    }
}
/// Below this width the deck list lays itself out compactly (see [`State::view`]).
const COMPACT_WIDTH: f32 = 700.0;
const ACTIONS_WIDTH: f32 = 150.0;

fn count_cell<'a>(
    width: f32,
    value: impl text::IntoFragment<'a>,
    color: Option<fn(&theme::Colors) -> iced::Color>,
) -> Element<'a, Message> {
    let cell = text(value).width(width).align_x(Alignment::End);
    match color {
        Some(color) => cell.style(theme::colored(color)).into(),
        None => cell.style(theme::muted).into(),
    }
}

fn header_cell(label: &str, width: f32) -> Element<'_, Message> {
    text(label)
        .size(size::SMALL)
        .width(width)
        .align_x(Alignment::End)
        .style(theme::muted)
        .into()
}

fn table_header<'a>(compact: bool) -> Element<'a, Message> {
    let deck = text("Deck").size(size::SMALL).style(theme::muted);
    let counts = row![
        header_cell("New", count_width(compact)),
        header_cell("Learning", count_width(compact)),
        header_cell("Due", count_width(compact)),
        space().width(ACTIONS_WIDTH),
    ];
    let header: Element<'a, Message> = if compact {
        column![
            row![space().width(TOGGLE_WIDTH), deck],
            row![space().width(Fill), counts]
        ]
        .into()
    } else {
        row![space().width(TOGGLE_WIDTH), deck.width(Fill), counts].into()
    };
    container(header).padding([8, 14]).into()
}

/// Room for the fold toggle before a deck's name, whether or not it has one.
const TOGGLE_WIDTH: f32 = 24.0;

fn deck_row<'a>(deck: &'a DeckCounts, row: &tree::TreeRow, compact: bool) -> Element<'a, Message> {
    let depth = deck.depth;
    let short_name = deck
        .name
        .rsplit(spool_core::store::DECK_SEPARATOR)
        .next()
        .unwrap_or(&deck.name);
    let count = |value: u64, color: fn(&theme::Colors) -> iced::Color| {
        if value == 0 {
            count_cell(count_width(compact), "0", None)
        } else {
            count_cell(count_width(compact), value.to_string(), Some(color))
        }
    };
    let toggle: Element<'a, Message> = if row.has_subdecks {
        button(text(if row.collapsed { "▸" } else { "▾" }).size(size::BODY + 1.0))
            .padding([2, 6])
            .width(TOGGLE_WIDTH)
            .style(theme::link)
            .on_press(Message::ToggleCollapsed(deck.id))
            .into()
    } else {
        space().width(TOGGLE_WIDTH).into()
    };
    let name = button(text(short_name).size(size::BODY + 1.0))
        .padding([6, 0])
        .style(theme::link)
        .on_press(Message::Study(Some(deck.name.clone())));
    let counts = row![
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
    .align_y(Alignment::Center);
    let indent = space().width(Length::Fixed(depth as f32 * 22.0));
    let deck_row: Element<'a, Message> = if compact {
        column![
            row![indent, toggle, name].align_y(Alignment::Center),
            row![space().width(Fill), counts]
        ]
        .into()
    } else {
        row![indent, toggle, name.width(Fill), counts]
            .align_y(Alignment::Center)
            .into()
    };
    container(deck_row).padding([4, 14]).into()
}
