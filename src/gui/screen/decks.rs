//! The deck list: the tree with New / Learning / Due counts, study, create, rename, delete,
//! import and export.

mod path_field;
mod tree;

use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use iced::widget::{
    button, checkbox, column, container, pick_list, progress_bar, row, scrollable, space, text,
    text_input,
};
use iced::{Alignment, Element, Fill, Length, Task};
use spool_core::app::{ExportFormat, ExportOptions, ImportFormat, ImportOptions};
use spool_core::render::grouped;
use spool_core::store::{DeckCounts, DeckId, ImportProgress, ImportReport, ImportStage};

use crate::gui::Shortcut;
use crate::gui::file_dialog::{self, FileDialogs};
use crate::gui::store::{Store, StoreResult, Update};
use crate::gui::theme::{self, size};
use crate::gui::widget::{banner, bold, title};
use path_field::PathField;

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

/// A file to import, and the import as it runs on the collection worker.
#[derive(Debug, Clone, PartialEq, Default)]
struct ImportDialog {
    path: PathField,
    /// Text files: the deck for notes that do not name one.
    deck: Option<String>,
    /// Files dropped on the window while an import ran, imported one after another.
    queued: VecDeque<PathBuf>,
    /// What the imports before this one in the same run of dropped files did.
    done: Vec<String>,
    error: Option<String>,
    work: Work,
}

/// What to export, in which format, and where.
#[derive(Debug, Clone, PartialEq)]
struct ExportDialog {
    path: PathField,
    scope: ExportScope,
    format: ExportFormat,
    with_scheduling: bool,
    replace: Replace,
    error: Option<String>,
    work: Work,
}

/// Whether an export may write over a file already at its path.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
enum Replace {
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

/// Where an import or export stands.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
enum Work {
    #[default]
    Idle,
    /// The system's file chooser is open.
    Choosing,
    /// Running on the worker; imports report how many notes are written.
    Running(Option<ImportProgress>),
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

impl ExportDialog {
    /// A typed or chosen path; an extension that names a format chooses it.
    fn set_path(&mut self, path: PathField) {
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

/// Whether the file at `path`, by its name, holds notes that need a deck chosen for them.
fn takes_a_deck(path: &PathField) -> bool {
    ImportFormat::from_extension(&path.path()).is_some_and(ImportFormat::is_text)
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(StoreResult<(Vec<DeckCounts>, BTreeSet<DeckId>)>),
    /// Show or hide a deck's subdecks.
    ToggleCollapsed(DeckId),
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
                self.dialog = Some(Dialog::Export(ExportDialog {
                    path: PathField::typed(default_export_path()),
                    scope: ExportScope::Collection,
                    format: ExportFormat::Apkg,
                    with_scheduling: false,
                    replace: Replace::Ask,
                    error: None,
                    work: Work::Idle,
                }));
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

    /// After an import: the next file dropped meanwhile, or the summary of them all.
    fn next_queued(&mut self, report: &ImportReport, store: &Store) -> Task<Message> {
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

    /// Closes the open dialog. Closing an import that had more dropped files waiting says
    /// which were not imported, after what the others did.
    fn close_dialog(&mut self) {
        let Some(Dialog::Import(import)) = self.dialog.take() else {
            return;
        };
        let mut lines = import.done;
        if import.queued.is_empty() {
            if !lines.is_empty() {
                self.outcome = Some(Ok(lines.join("\n")));
            }
            return;
        }
        let skipped: Vec<String> = std::iter::once(file_name(&import.path.path()))
            .chain(import.queued.iter().map(|path| file_name(path)))
            .collect();
        lines.push(format!("Not imported: {}.", skipped.join(", ")));
        self.outcome = Some(Err(lines.join("\n")));
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

    /// A file dropped on the window: imported like a chosen one when no other dialog is open,
    /// queued after a running import, or else left with a notice, so that nothing typed in an
    /// open dialog is lost.
    fn import_dropped(&mut self, path: PathBuf, store: &Store) -> Task<Message> {
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
    fn import_picked(&mut self, path: PathBuf, store: &Store) -> Task<Message> {
        let Some(Dialog::Import(dialog)) = &mut self.dialog else {
            return Task::none();
        };
        dialog.path = PathField::picked(path);
        if takes_a_deck(&dialog.path) {
            return focus_input();
        }
        self.confirm(store)
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
            Some(Dialog::Import(dialog)) => {
                let path = dialog.path.path();
                Task::run(
                    store.call_with_progress(move |spool, progress| {
                        // Detecting may read the file, so it happens here, off the UI thread.
                        let is_text = ImportFormat::detect(&path).is_ok_and(ImportFormat::is_text);
                        let options = ImportOptions {
                            deck: dialog.deck.filter(|_| is_text),
                            ..ImportOptions::default()
                        };
                        spool.import_file(&path, &options, progress)
                    }),
                    Message::Importing,
                )
            }
            Some(Dialog::Export(dialog)) => Task::perform(
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
                        with_scheduling: dialog.with_scheduling
                            && dialog.format == ExportFormat::Apkg,
                    };
                    let report = spool.export_file(&path, dialog.format, &options)?;
                    Ok(Exported::Written(format!(
                        "Exported {report} to {}.",
                        path.display()
                    )))
                }),
                Message::Exported,
            ),
            Some(Dialog::Create { name, .. }) => Task::perform(
                store.call(move |spool| {
                    let now = spool.now_secs();
                    spool.collection_mut().create_deck(&name, now).map(drop)
                }),
                Message::Changed,
            ),
            Some(Dialog::Rename { id, name, .. }) => Task::perform(
                store.call(move |spool| {
                    let now = spool.now_secs();
                    spool.collection_mut().rename_deck(id, &name, now)
                }),
                Message::Changed,
            ),
            Some(Dialog::Delete { id, .. }) => Task::perform(
                store.call(move |spool| spool.delete_deck(id).map(drop)),
                Message::Changed,
            ),
            None => Task::none(),
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let totals = self
            .decks()
            .iter()
            .filter(|deck| !deck.name.contains(spool_core::store::DECK_SEPARATOR));
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
                scrollable(column(std::iter::once(table_header()).chain(
                    self.rows.iter().map(|row| deck_row(&decks[row.index], row)),
                )))
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
        space().width(TOGGLE_WIDTH),
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

/// Room for the fold toggle before a deck's name, whether or not it has one.
const TOGGLE_WIDTH: f32 = 24.0;

fn deck_row<'a>(deck: &'a DeckCounts, row: &tree::TreeRow) -> Element<'a, Message> {
    let depth = deck.name.matches(spool_core::store::DECK_SEPARATOR).count();
    let short_name = deck
        .name
        .rsplit(spool_core::store::DECK_SEPARATOR)
        .next()
        .unwrap_or(&deck.name);
    let count = |value: u64, color: fn(&theme::Colors) -> iced::Color| {
        if value == 0 {
            count_cell("0", None)
        } else {
            count_cell(value.to_string(), Some(color))
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
    row![
        space().width(Length::Fixed(depth as f32 * 22.0)),
        toggle,
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

fn dialog_view<'a>(
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
fn work_button<'a>(work: Work, idle: &'a str, running: &'a str) -> button::Button<'a, Message> {
    let label = if matches!(work, Work::Running(_)) {
        running
    } else {
        idle
    };
    button(text(label))
        .style(theme::primary)
        .on_press_maybe((work == Work::Idle).then_some(Message::Confirm))
}

fn import_body<'a>(
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
    if takes_a_deck(&import.path) {
        let selected = import
            .deck
            .clone()
            .unwrap_or_else(|| spool_core::vocabulary::DEFAULT_DECK_NAME.to_owned());
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

fn export_body<'a>(
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

/// A file's name for a message, or its whole path if it has none.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

fn deck_names(decks: &[DeckCounts]) -> Vec<String> {
    decks.iter().map(|deck| deck.name.clone()).collect()
}

fn labelled<'a>(label: &'a str, control: Element<'a, Message>) -> Element<'a, Message> {
    row![text(label).width(90).style(theme::muted), control]
        .spacing(10)
        .align_y(Alignment::Center)
        .into()
}

/// A path field with, where the system has one, a button for its file chooser.
fn path_row<'a>(path: &str, placeholder: &str, work: Work, chooser: bool) -> Element<'a, Message> {
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
fn work_status<'a>(work: Work, starting: &'a str) -> Element<'a, Message> {
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
const INPUT: &str = "dialog-input";

fn focus_input<T>() -> Task<T> {
    iced::widget::operation::focus(INPUT)
}

fn name_input<'a>(value: &str, placeholder: &str) -> Element<'a, Message> {
    text_input(placeholder, value)
        .id(INPUT)
        .on_input(Message::InputChanged)
        .on_submit(Message::Confirm)
        .padding(10)
        .style(theme::input)
        .into()
}

/// A path field, read-only while anything is under way.
fn path_input<'a>(value: &str, placeholder: &str, editable: bool) -> Element<'a, Message> {
    text_input(placeholder, value)
        .id(INPUT)
        .on_input_maybe(editable.then_some(Message::InputChanged))
        .on_submit_maybe(editable.then_some(Message::Confirm))
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
