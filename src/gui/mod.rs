//! The desktop GUI: iced, Elm-style.
//!
//! [`App`] is the root: it owns the connection to the collection ([`Store`], a worker thread
//! that is the only code touching SQLite), the state of every screen (kept while another
//! screen is shown, so a study session or a running demo survives a look at the browser),
//! and routes messages. Each screen under [`screen`] has its own state, `Message` and
//! `update`; an update returns a [`Task`] for work on the worker plus, when something
//! concerns the rest of the app, an `Event` the root acts on (halloy's pattern).

pub mod audio;
mod faces;
mod file_dialog;
mod screen;
mod store;
mod theme;
mod widget;

use std::path::PathBuf;
use std::sync::Arc;

use iced::keyboard::{self, Key, key::Named};
use iced::theme::Mode;
use iced::widget::{
    button, center, column, container, opaque, operation, responsive, row, space, stack, text,
};
use iced::{Element, Fill, Subscription, Task, Theme, event, system, window};
use spool_core::app::{BackupInfo, BackupReason, Clock, SystemClock};
use spool_core::store::Settings;

pub use file_dialog::FileDialogs;
pub use screen::{
    Page, backups, browse, card_info, decks, demo, editor, preview, settings, stats, study,
};
pub use store::{Store, StoreError, StoreResult, Update};

/// How often the window asks whether a backup is due (the interval itself is a setting).
const BACKUP_CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// Below this width in interface pixels the window lays itself out compactly.
const COMPACT_WINDOW_WIDTH: f32 = 900.0;

/// Opens the window on the collection at `path` and runs until it is closed.
pub fn run(path: PathBuf) -> anyhow::Result<()> {
    // Without a display iced cannot make a window and panics; say what is wrong instead.
    if cfg!(target_os = "linux") && std::env::var_os("DISPLAY").is_none() {
        anyhow::bail!(
            "no X display to open the window on (DISPLAY is not set); the commands in `spool --help` work without one"
        );
    }
    iced::application(
        move || App::boot(path.clone(), Arc::new(SystemClock), FileDialogs::detect()),
        App::update,
        App::view,
    )
    .title("Spool")
    .subscription(App::subscription)
    .theme(App::theme)
    .scale_factor(App::scale_factor)
    .window(window::Settings {
        size: iced::Size::new(1180.0, 780.0),
        // Closing waits for the backup on close; see `Message::CloseRequested`.
        exit_on_close_request: false,
        ..window::Settings::default()
    })
    .run()?;
    Ok(())
}

/// A clock shared between successive attempts to open the collection.
#[derive(Clone)]
struct SharedClock(Arc<dyn Clock>);

impl Clock for SharedClock {
    fn now_ms(&self) -> i64 {
        self.0.now_ms()
    }

    fn utc_offset_secs(&self) -> i32 {
        self.0.utc_offset_secs()
    }
}

/// Keys that act on the current screen. Mapped once here so screens never see raw events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    Reveal,
    Grade(spool_core::scheduler::Grade),
    Undo,
    Edit,
    Suspend,
    /// `d`: the card's demo beside it, or closed again.
    ToggleDemo,
    /// Play the card's sounds again.
    Replay,
    /// `i`: everything known about the card being studied.
    CardInfo,
    /// Ctrl+Enter: add the note being written.
    Submit,
    /// Escape: close a dialog.
    Cancel,
    /// Tab and Shift+Tab: the next or previous input of the screen takes the keyboard.
    FocusNext,
    FocusPrevious,
    /// Up and Down: the row above or below in a list.
    Previous,
    Next,
    /// Ctrl+1 to Ctrl+7: the sidebar's screens, top to bottom.
    Open(Page),
}

#[derive(Debug, Clone)]
pub enum Message {
    Opened(StoreResult<Store>),
    RetryOpen,
    SettingsLoaded(StoreResult<Settings>),
    SystemTheme(Mode),
    Navigate(Page),
    Shortcut(Shortcut),
    /// A file dropped on the window: imported, as if chosen with Import….
    FileDropped(PathBuf),
    Decks(decks::Message),
    Study(study::Message),
    Browse(browse::Message),
    CardInfo(card_info::Message),
    /// The Add screen.
    Editor(editor::Message),
    /// Editing the studied card's note: an editor of its own, so nothing of the edit is
    /// left in the Add screen.
    Edit(editor::Message),
    Demo(demo::Message),
    Stats(stats::Message),
    Settings(settings::Message),
    /// The backup interval came round.
    BackupDue,
    BackedUp(StoreResult<Option<BackupInfo>>),
    /// Whether the collection opened read-only.
    ReadOnly(StoreResult<bool>),
    DismissNotice,
    /// The window's close button: the collection is backed up (after changes) first.
    CloseRequested,
    ReadyToClose(StoreResult<Option<BackupInfo>>),
}

enum Collection {
    Opening,
    Unavailable(String),
    Open(Store),
}

pub struct App {
    path: PathBuf,
    clock: SharedClock,
    collection: Collection,
    settings: Settings,
    system_theme: Mode,
    page: Page,
    decks: decks::State,
    study: study::State,
    browse: browse::State,
    /// Card info, open over the current screen.
    card_info: Option<card_info::State>,
    editor: editor::State,
    edit: editor::State,
    demo: demo::State,
    stats: stats::State,
    settings_screen: settings::State,
    faces: faces::Faces,
    audio: audio::Audio,
    /// Something every screen should see, such as a backup that failed.
    notice: Option<String>,
}

impl App {
    /// The app before the collection is open, and the task that opens it.
    pub fn boot(
        path: PathBuf,
        clock: Arc<dyn Clock>,
        file_dialogs: FileDialogs,
    ) -> (App, Task<Message>) {
        let app = App {
            path,
            clock: SharedClock(clock),
            collection: Collection::Opening,
            settings: Settings::default(),
            system_theme: Mode::None,
            page: Page::Decks,
            decks: decks::State::new(file_dialogs),
            study: study::State::default(),
            browse: browse::State::default(),
            card_info: None,
            editor: editor::State::default(),
            edit: editor::State::default(),
            demo: demo::State::default(),
            stats: stats::State::default(),
            settings_screen: settings::State::default(),
            faces: faces::Faces::spawn(),
            audio: audio::Audio::new(),
            notice: None,
        };
        let open = app.open();
        (
            app,
            Task::batch([open, system::theme().map(Message::SystemTheme)]),
        )
    }

    fn open(&self) -> Task<Message> {
        Task::perform(
            Store::open(self.path.clone(), self.clock.clone()),
            Message::Opened,
        )
    }

    /// The open collection, once it is.
    pub fn store(&self) -> Option<&Store> {
        match &self.collection {
            Collection::Open(store) => Some(store),
            _ => None,
        }
    }

    pub fn page(&self) -> Page {
        self.page
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn decks(&self) -> &decks::State {
        &self.decks
    }

    pub fn study(&self) -> &study::State {
        &self.study
    }

    pub fn browse(&self) -> &browse::State {
        &self.browse
    }

    pub fn demo(&self) -> &demo::State {
        &self.demo
    }

    /// The Add screen.
    pub fn editor(&self) -> &editor::State {
        &self.editor
    }

    /// The editor of the studied card's note.
    pub fn edit(&self) -> &editor::State {
        &self.edit
    }

    pub fn card_info(&self) -> Option<&card_info::State> {
        self.card_info.as_ref()
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Opened(Ok(store)) => {
                self.collection = Collection::Open(store.clone());
                let back_up = store.call(|spool| spool.back_up(BackupReason::Opened));
                let read_only = store.call(|spool| Ok(spool.collection().is_read_only()));
                Task::batch([
                    self.reload_all(&store),
                    Task::perform(back_up, Message::BackedUp),
                    Task::perform(read_only, Message::ReadOnly),
                ])
            }
            Message::Opened(Err(error)) => {
                self.collection = Collection::Unavailable(error.to_string());
                Task::none()
            }
            Message::RetryOpen => {
                self.collection = Collection::Opening;
                self.open()
            }
            Message::SettingsLoaded(Ok(settings)) => {
                self.settings = settings;
                Task::none()
            }
            // Unreadable settings leave the defaults in place; the settings screen says why.
            Message::SettingsLoaded(Err(_)) => Task::none(),
            Message::SystemTheme(mode) => {
                self.system_theme = mode;
                Task::none()
            }
            Message::Navigate(page) => self.navigate(page),
            Message::Shortcut(shortcut) => self.shortcut(shortcut),
            Message::FileDropped(path) if self.store().is_some() => {
                self.page = Page::Decks;
                self.update(Message::Decks(decks::Message::ImportFile(path)))
            }
            Message::FileDropped(_) => Task::none(),
            Message::BackedUp(Err(error)) => {
                self.notice = Some(format!("The collection could not be backed up: {error}"));
                Task::none()
            }
            Message::BackedUp(Ok(_)) => Task::none(),
            Message::ReadOnly(Ok(true)) => {
                self.notice = Some(format!(
                    "Read-only: {} cannot be written, so studying, editing and importing are refused. Browsing, searching, statistics and export work.",
                    self.path.display()
                ));
                Task::none()
            }
            Message::ReadOnly(_) => Task::none(),
            Message::DismissNotice => {
                self.notice = None;
                Task::none()
            }
            Message::BackupDue => match self.store() {
                Some(store) => Task::perform(
                    store.call(|spool| spool.back_up(BackupReason::Interval)),
                    Message::BackedUp,
                ),
                None => Task::none(),
            },
            Message::CloseRequested => match self.store() {
                Some(store) => Task::perform(
                    store.call(|spool| spool.back_up(BackupReason::Closing)),
                    Message::ReadyToClose,
                ),
                None => iced::exit(),
            },
            Message::ReadyToClose(result) => {
                // The window is going: the terminal is the one place left to say so.
                if let Err(error) = result {
                    eprintln!("spool: the collection was not backed up on closing: {error}");
                }
                iced::exit()
            }
            // Demos need no collection.
            Message::Demo(message) => self.demo.update(message).map(Message::Demo),
            screen => match self.store().cloned() {
                Some(store) => self.screen_update(screen, &store),
                // Screens only send messages once the collection is open.
                None => Task::none(),
            },
        }
    }

    /// Hands a screen its message, then acts on the event it returns.
    fn screen_update(&mut self, message: Message, store: &Store) -> Task<Message> {
        match message {
            Message::Decks(message) => {
                let (task, event) = self.decks.update(message, store);
                let task = task.map(Message::Decks);
                match event {
                    Some(decks::Event::Study(deck)) => {
                        self.page = Page::Study;
                        Task::batch([task, self.study.start(store, deck).map(Message::Study)])
                    }
                    None => task,
                }
            }
            Message::Study(message) => self.study_update(message, store),
            Message::Browse(message) => {
                let (task, event) = self.browse.update(message, store, &self.painting());
                let task = task.map(Message::Browse);
                match event {
                    Some(browse::Event::ShowCardInfo(card_id)) => {
                        Task::batch([task, self.open_card_info(card_id, store)])
                    }
                    None => task,
                }
            }
            Message::CardInfo(message) => {
                let painting = self.painting();
                let Some(card_info) = &mut self.card_info else {
                    return Task::none();
                };
                let (task, closed) = card_info.update(message, &painting);
                if closed.is_some() {
                    self.card_info = None;
                }
                task.map(Message::CardInfo)
            }
            Message::Editor(message) => {
                let (task, _) = self.editor.update(message, store, &self.painting());
                task.map(Message::Editor)
            }
            Message::Edit(message) => {
                let (task, event) = self.edit.update(message, store, &self.painting());
                let task = task.map(Message::Edit);
                match event {
                    // Back to the card that was being studied, showing the edit.
                    Some(editor::Event::Closed) => {
                        self.page = Page::Study;
                        Task::batch([task, self.study.refresh(store).map(Message::Study)])
                    }
                    Some(editor::Event::Added) | None => task,
                }
            }
            Message::Stats(message) => {
                self.stats.update(message);
                Task::none()
            }
            Message::Settings(message) => {
                let (task, event) = self.settings_screen.update(message, store);
                let task = task.map(Message::Settings);
                match event {
                    Some(settings::Event::Saved(settings)) => {
                        self.settings = settings;
                        task
                    }
                    Some(settings::Event::Restored) => Task::batch([task, self.reload_all(store)]),
                    None => task,
                }
            }
            Message::Opened(_)
            | Message::RetryOpen
            | Message::SettingsLoaded(_)
            | Message::SystemTheme(_)
            | Message::Navigate(_)
            | Message::Shortcut(_)
            | Message::FileDropped(_)
            | Message::BackupDue
            | Message::BackedUp(_)
            | Message::ReadOnly(_)
            | Message::DismissNotice
            | Message::CloseRequested
            | Message::ReadyToClose(_)
            | Message::Demo(_) => Task::none(),
        }
    }

    fn open_card_info(
        &mut self,
        card_id: spool_core::store::CardId,
        store: &Store,
    ) -> Task<Message> {
        let (state, task) = card_info::State::open(card_id, store);
        self.card_info = Some(state);
        task.map(Message::CardInfo)
    }

    /// Hands the study screen its message, then acts on the event it returns.
    fn study_update(&mut self, message: study::Message, store: &Store) -> Task<Message> {
        let painting = self.painting();
        let (task, event) = self.study.update(message, store, &painting);
        let task = task.map(Message::Study);
        match event {
            Some(study::Event::ShowDecks) => Task::batch([task, self.navigate(Page::Decks)]),
            Some(study::Event::OpenInDemos(id)) => {
                self.page = Page::Demos;
                self.demo.show(id);
                task
            }
            Some(study::Event::EditNote(id)) => {
                self.page = Page::Edit;
                Task::batch([task, self.edit.edit(store, id).map(Message::Edit)])
            }
            Some(study::Event::PlaySounds { files, automatic }) => {
                // A new card stops what was playing even when sounds do not play by themselves.
                if (!automatic || self.settings.play_audio_automatically || files.is_empty())
                    && let Err(error) = self.audio.play(files)
                {
                    self.study.report(error.to_string());
                }
                task
            }
            None => task,
        }
    }

    /// Reads everything again from the collection, as when it was first opened: after a
    /// restore, whatever a screen holds may be gone.
    fn reload_all(&mut self, store: &Store) -> Task<Message> {
        self.study = study::State::default();
        self.browse = browse::State::default();
        self.card_info = None;
        self.edit = editor::State::default();
        let settings = store.call(|spool| spool.settings());
        Task::batch([
            Task::perform(settings, Message::SettingsLoaded),
            self.decks.reload(store).map(Message::Decks),
        ])
    }

    fn navigate(&mut self, page: Page) -> Task<Message> {
        self.page = page;
        let Some(store) = self.store().cloned() else {
            return Task::none();
        };
        match page {
            Page::Decks => self.decks.show(&store).map(Message::Decks),
            Page::Study if !self.study.has_session() => {
                self.study.start(&store, None).map(Message::Study)
            }
            Page::Study => Task::none(),
            Page::Browse => self.browse.show(&store).map(Message::Browse),
            // A note being added is kept for when Add is shown again.
            Page::Add => self.editor.add(&store).map(Message::Editor),
            Page::Edit => Task::none(),
            Page::Demos => Task::none(),
            Page::Stats => self.stats.load(&store).map(Message::Stats),
            Page::Settings => self.settings_screen.load(&store).map(Message::Settings),
        }
    }

    fn shortcut(&mut self, shortcut: Shortcut) -> Task<Message> {
        // Card info is over everything else: Escape closes it, other keys wait.
        if self.card_info.is_some() {
            return match shortcut {
                Shortcut::Cancel => self.update(Message::CardInfo(card_info::Message::Close)),
                _ => Task::none(),
            };
        }
        match shortcut {
            Shortcut::FocusNext => return operation::focus_next(),
            Shortcut::FocusPrevious => return operation::focus_previous(),
            Shortcut::Open(page) => return self.navigate(page),
            _ => {}
        }
        match self.page {
            Page::Study if shortcut == Shortcut::CardInfo => {
                let card_id = self.study.current().map(|shown| shown.card.card.id);
                match (card_id, self.store().cloned()) {
                    (Some(card_id), Some(store)) => self.open_card_info(card_id, &store),
                    _ => Task::none(),
                }
            }
            Page::Study => match (self.study.message_for(shortcut), self.store().cloned()) {
                (Some(message), Some(store)) => self.study_update(message, &store),
                _ => Task::none(),
            },
            Page::Decks => {
                self.decks.shortcut(shortcut);
                Task::none()
            }
            Page::Add => match self.store().cloned() {
                Some(store) => self
                    .editor
                    .shortcut(shortcut, &store, &self.painting())
                    .map(Message::Editor),
                None => Task::none(),
            },
            Page::Edit => match self.store().cloned() {
                Some(store) => self
                    .edit
                    .shortcut(shortcut, &store, &self.painting())
                    .map(Message::Edit),
                None => Task::none(),
            },
            Page::Browse => match self.store().cloned() {
                Some(store) => self
                    .browse
                    .shortcut(shortcut, &store, &self.painting())
                    .map(Message::Browse),
                None => Task::none(),
            },
            Page::Demos if shortcut == Shortcut::Cancel => {
                let stop = demo::Message::Run(demo::run::Message::Stop);
                self.demo.update(stop).map(Message::Demo)
            }
            Page::Demos | Page::Stats | Page::Settings => Task::none(),
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let colors = theme::colors(&self.theme());
        match &self.collection {
            Collection::Opening => center(
                text("Opening your collection…")
                    .size(theme::size::TITLE)
                    .style(theme::muted),
            )
            .into(),
            Collection::Unavailable(reason) => center(
                container(
                    column![
                        text("Spool cannot open the collection").size(theme::size::TITLE),
                        text(reason.as_str()).size(theme::size::BODY),
                        text("Close any other Spool using it, or check the file, then try again.")
                            .style(theme::muted),
                        button(text("Try again"))
                            .padding([8, 18])
                            .style(theme::primary)
                            .on_press(Message::RetryOpen),
                    ]
                    .spacing(14)
                    .max_width(620),
                )
                .padding(28)
                .style(theme::card),
            )
            .into(),
            Collection::Open(_) => {
                // A window narrow in interface pixels (a small window, or a large scale)
                // gets a narrower sidebar and less padding, leaving the screen room.
                let window = responsive(move |size| {
                    let compact = size.width < COMPACT_WINDOW_WIDTH;
                    let padding = if compact { [18, 16] } else { [28, 36] };
                    let page = column![]
                        .push(self.notice_view())
                        .push(self.page_view(colors));
                    row![
                        self.sidebar(compact),
                        container(page.spacing(14))
                            .width(Fill)
                            .height(Fill)
                            .padding(padding)
                    ]
                    .into()
                });
                let dialog = match self.page {
                    Page::Decks => self.decks.dialog().map(|d| d.map(Message::Decks)),
                    _ => None,
                };
                let dialog = match &self.card_info {
                    Some(card_info) => Some(card_info.view().map(Message::CardInfo)),
                    None => dialog,
                };
                match dialog {
                    Some(dialog) => stack![
                        window,
                        opaque(center(opaque(dialog)).style(theme::backdrop))
                    ]
                    .into(),
                    None => window.into(),
                }
            }
        }
    }

    fn notice_view(&self) -> Option<Element<'_, Message>> {
        let notice = self.notice.as_deref()?;
        Some(
            container(
                row![
                    text(notice).width(Fill),
                    button(text("Dismiss"))
                        .padding([6, 14])
                        .style(theme::secondary)
                        .on_press(Message::DismissNotice),
                ]
                .spacing(14)
                .align_y(iced::Alignment::Center),
            )
            .padding([10, 16])
            .width(Fill)
            .style(theme::notice)
            .into(),
        )
    }

    /// The current screen.
    fn page_view(&self, colors: &'static theme::Colors) -> Element<'_, Message> {
        match self.page {
            Page::Decks => self.decks.view().map(Message::Decks),
            Page::Study => self.study.view(colors).map(Message::Study),
            Page::Browse => self.browse.view().map(Message::Browse),
            Page::Add => self.editor.view().map(Message::Editor),
            Page::Edit => self.edit.view().map(Message::Edit),
            Page::Demos => self.demo.view().map(Message::Demo),
            Page::Stats => self.stats.view(colors).map(Message::Stats),
            Page::Settings => self
                .settings_screen
                .view(self.system_theme)
                .map(Message::Settings),
        }
    }

    fn sidebar(&self, compact: bool) -> Element<'_, Message> {
        let entry = |page: Page| {
            // A running demo stays visible from every screen.
            let label = match page {
                Page::Demos if self.demo.is_running() => format!("{} ●", page.title()),
                _ => page.title().to_string(),
            };
            button(
                text(label)
                    .size(theme::size::BODY)
                    .wrapping(text::Wrapping::None),
            )
            .width(Fill)
            .padding(if compact { [7, 10] } else { [9, 14] })
            .style(theme::nav(self.page == page))
            .on_press(Message::Navigate(page))
        };
        container(
            column![
                text("Spool").size(theme::size::TITLE).font(widget::bold()),
                space().height(18),
                column(Page::ALL.into_iter().map(|page| entry(page).into())).spacing(4),
            ]
            .padding(if compact { [18, 8] } else { [24, 14] }),
        )
        .width(if compact { 128 } else { 190 })
        .height(Fill)
        .style(theme::sidebar)
        .into()
    }

    pub fn theme(&self) -> Theme {
        theme::theme_for(self.settings.theme, self.system_theme)
    }

    /// How card faces are drawn in the window as it is now.
    fn painting(&self) -> faces::Painting {
        faces::Painting {
            faces: self.faces.clone(),
            dark: self.theme().extended_palette().is_dark,
            scale: self.scale_factor(),
        }
    }

    pub fn scale_factor(&self) -> f32 {
        self.settings.ui_scale
    }

    pub fn subscription(&self) -> Subscription<Message> {
        Subscription::batch([
            event::listen_with(shortcut),
            event::listen_with(dropped_file),
            system::theme_changes().map(Message::SystemTheme),
            window::close_requests().map(|_| Message::CloseRequested),
            // Each tick only asks; the interval and whether anything changed decide.
            iced::time::every(BACKUP_CHECK_EVERY).map(|_| Message::BackupDue),
        ])
    }
}

fn dropped_file(
    event: iced::Event,
    _status: event::Status,
    _window: window::Id,
) -> Option<Message> {
    match event {
        iced::Event::Window(window::Event::FileDropped(path)) => Some(Message::FileDropped(path)),
        _ => None,
    }
}

/// Maps a key press to a [`Shortcut`]. Keys a focused text input took are not shortcuts,
/// except Ctrl+Enter, which submits the form being typed in.
fn shortcut(event: iced::Event, status: event::Status, _window: window::Id) -> Option<Message> {
    let iced::Event::Keyboard(keyboard::Event::KeyPressed {
        modified_key,
        physical_key,
        modifiers,
        repeat: false,
        ..
    }) = event
    else {
        return None;
    };
    let command = modifiers.command();
    let shortcut = match (modified_key.as_ref(), command) {
        (Key::Named(Named::Enter), true) => Shortcut::Submit,
        (Key::Named(Named::Escape), _) => Shortcut::Cancel,
        _ if command && page_key(physical_key).is_some() => Shortcut::Open(page_key(physical_key)?),
        _ if status == event::Status::Captured => return None,
        (Key::Named(Named::Tab), _) if modifiers.shift() => Shortcut::FocusPrevious,
        (Key::Named(Named::Tab), _) => Shortcut::FocusNext,
        (Key::Named(Named::ArrowUp), false) => Shortcut::Previous,
        (Key::Named(Named::ArrowDown), false) => Shortcut::Next,
        (Key::Named(Named::Space | Named::Enter), false) => Shortcut::Reveal,
        (Key::Character("z"), true) | (Key::Character("u"), false) => Shortcut::Undo,
        (Key::Character("e"), false) => Shortcut::Edit,
        (Key::Character("@"), false) => Shortcut::Suspend,
        (Key::Character("d"), false) => Shortcut::ToggleDemo,
        (Key::Character("r"), false) => Shortcut::Replay,
        (Key::Character("i"), false) => Shortcut::CardInfo,
        (Key::Character(digit), false) => {
            Shortcut::Grade(spool_core::scheduler::Grade::from_key(digit.parse().ok()?)?)
        }
        _ => return None,
    };
    Some(Message::Shortcut(shortcut))
}

/// The sidebar screen Ctrl plus `digit` opens: 1 is the first.
/// The sidebar screen Ctrl plus a digit key opens: 1 is the first. The key's place, not its
/// character, so it works on layouts where the digits need Shift (AZERTY).
fn page_key(key: keyboard::key::Physical) -> Option<Page> {
    use keyboard::key::{Code, Physical};
    let index = match key {
        Physical::Code(Code::Digit1 | Code::Numpad1) => 0,
        Physical::Code(Code::Digit2 | Code::Numpad2) => 1,
        Physical::Code(Code::Digit3 | Code::Numpad3) => 2,
        Physical::Code(Code::Digit4 | Code::Numpad4) => 3,
        Physical::Code(Code::Digit5 | Code::Numpad5) => 4,
        Physical::Code(Code::Digit6 | Code::Numpad6) => 5,
        Physical::Code(Code::Digit7 | Code::Numpad7) => 6,
        _ => return None,
    };
    Page::ALL.get(index).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use iced::keyboard::{Location, Modifiers, key::Physical};
    use spool_core::scheduler::Grade;

    fn press(key: Key, modifiers: Modifiers, status: event::Status) -> Option<Shortcut> {
        let event = iced::Event::Keyboard(keyboard::Event::KeyPressed {
            key: key.clone(),
            modified_key: key,
            physical_key: Physical::Unidentified(keyboard::key::NativeCode::Unidentified),
            location: Location::Standard,
            modifiers,
            text: None,
            repeat: false,
        });
        match shortcut(event, status, window::Id::unique()) {
            Some(Message::Shortcut(shortcut)) => Some(shortcut),
            _ => None,
        }
    }

    #[test]
    fn study_keys_map_to_shortcuts() {
        let plain = |key: Key| press(key, Modifiers::empty(), event::Status::Ignored);
        assert_eq!(plain(Key::Named(Named::Space)), Some(Shortcut::Reveal));
        assert_eq!(plain(Key::Named(Named::Enter)), Some(Shortcut::Reveal));
        assert_eq!(
            plain(Key::Character("1".into())),
            Some(Shortcut::Grade(Grade::Again))
        );
        assert_eq!(
            plain(Key::Character("4".into())),
            Some(Shortcut::Grade(Grade::Easy))
        );
        assert_eq!(plain(Key::Character("5".into())), None);
        assert_eq!(plain(Key::Character("u".into())), Some(Shortcut::Undo));
        assert_eq!(
            press(
                Key::Character("z".into()),
                Modifiers::CTRL,
                event::Status::Ignored
            ),
            Some(Shortcut::Undo)
        );
        assert_eq!(plain(Key::Character("@".into())), Some(Shortcut::Suspend));
        assert_eq!(plain(Key::Character("e".into())), Some(Shortcut::Edit));
        assert_eq!(
            plain(Key::Character("d".into())),
            Some(Shortcut::ToggleDemo)
        );
    }

    #[test]
    fn ctrl_digits_open_the_sidebar_screens_and_tab_moves_the_focus() {
        use keyboard::key::Code;
        // The keys' places count, not their characters: AZERTY types `&` and `é` there.
        let ctrl = |code: Code, character: &str| {
            let event = iced::Event::Keyboard(keyboard::Event::KeyPressed {
                key: Key::Character(character.into()),
                modified_key: Key::Character(character.into()),
                physical_key: Physical::Code(code),
                location: Location::Standard,
                modifiers: Modifiers::CTRL,
                text: None,
                repeat: false,
            });
            match shortcut(event, event::Status::Captured, window::Id::unique()) {
                Some(Message::Shortcut(shortcut)) => Some(shortcut),
                _ => None,
            }
        };
        assert_eq!(ctrl(Code::Digit1, "&"), Some(Shortcut::Open(Page::Decks)));
        assert_eq!(ctrl(Code::Digit3, "\""), Some(Shortcut::Open(Page::Browse)));
        assert_eq!(
            ctrl(Code::Digit7, "7"),
            Some(Shortcut::Open(Page::Settings))
        );
        assert_eq!(ctrl(Code::Digit8, "8"), None);
        assert_eq!(ctrl(Code::Digit0, "0"), None);
        let tab = |modifiers| press(Key::Named(Named::Tab), modifiers, event::Status::Ignored);
        assert_eq!(tab(Modifiers::empty()), Some(Shortcut::FocusNext));
        assert_eq!(tab(Modifiers::SHIFT), Some(Shortcut::FocusPrevious));
    }

    #[test]
    fn typing_in_an_input_is_not_a_shortcut_but_ctrl_enter_submits() {
        let typed = |key: Key, modifiers| press(key, modifiers, event::Status::Captured);
        assert_eq!(typed(Key::Character("1".into()), Modifiers::empty()), None);
        assert_eq!(typed(Key::Named(Named::Space), Modifiers::empty()), None);
        assert_eq!(
            typed(Key::Named(Named::Enter), Modifiers::CTRL),
            Some(Shortcut::Submit)
        );
    }

    #[test]
    fn tab_moves_between_inputs_unless_a_widget_took_it() {
        let tab = |modifiers, status| press(Key::Named(Named::Tab), modifiers, status);
        assert_eq!(
            tab(Modifiers::empty(), event::Status::Ignored),
            Some(Shortcut::FocusNext)
        );
        assert_eq!(
            tab(Modifiers::SHIFT, event::Status::Ignored),
            Some(Shortcut::FocusPrevious)
        );
        assert_eq!(tab(Modifiers::empty(), event::Status::Captured), None);
    }

    #[test]
    fn arrows_move_in_lists_unless_an_input_took_them() {
        let arrow = |key, status| press(Key::Named(key), Modifiers::empty(), status);
        assert_eq!(
            arrow(Named::ArrowUp, event::Status::Ignored),
            Some(Shortcut::Previous)
        );
        assert_eq!(
            arrow(Named::ArrowDown, event::Status::Ignored),
            Some(Shortcut::Next)
        );
        assert_eq!(arrow(Named::ArrowDown, event::Status::Captured), None);
    }
}
