//! The desktop GUI: iced, Elm-style.
//!
//! [`App`] is the root: it owns the connection to the collection ([`Store`], a worker thread
//! that is the only code touching SQLite), the state of every screen (kept while another
//! screen is shown, so a study session or a running demo survives a look at the browser),
//! and routes messages. Each screen under [`screen`] has its own state, `Message` and
//! `update`; an update returns a [`Task`] for work on the worker plus, when something
//! concerns the rest of the app, an `Event` the root acts on (halloy's pattern).

mod screen;
mod store;
mod theme;
mod widget;

use std::path::PathBuf;
use std::sync::Arc;

use iced::keyboard::{self, Key, key::Named};
use iced::theme::Mode;
use iced::widget::{button, center, column, container, opaque, row, space, stack, text};
use iced::{Element, Fill, Subscription, Task, Theme, event, system, window};
use crate::app::{Clock, SystemClock};
use crate::store::Settings;

pub use screen::{Page, decks, study};
pub use store::{Store, StoreError, StoreResult};

/// Opens the window on the collection at `path` and runs until it is closed.
pub fn run(path: PathBuf) -> anyhow::Result<()> {
    iced::application(move || App::boot(path.clone(), Arc::new(SystemClock)), App::update, App::view)
        .title("Spool")
        .subscription(App::subscription)
        .theme(App::theme)
        .scale_factor(App::scale_factor)
        .window_size((1180.0, 780.0))
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
    Grade(crate::scheduler::Grade),
    Undo,
    Edit,
    Suspend,
    RunDemo,
    /// Ctrl+Enter: add the note being written.
    Submit,
    /// Escape: close a dialog.
    Cancel,
}

#[derive(Debug, Clone)]
pub enum Message {
    Opened(StoreResult<Store>),
    RetryOpen,
    SettingsLoaded(StoreResult<Settings>),
    SystemTheme(Mode),
    Navigate(Page),
    Shortcut(Shortcut),
    Decks(decks::Message),
    Study(study::Message),
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
}

impl App {
    /// The app before the collection is open, and the task that opens it.
    pub fn boot(path: PathBuf, clock: Arc<dyn Clock>) -> (App, Task<Message>) {
        let app = App {
            path,
            clock: SharedClock(clock),
            collection: Collection::Opening,
            settings: Settings::default(),
            system_theme: Mode::None,
            page: Page::Decks,
            decks: decks::State::default(),
            study: study::State::default(),
        };
        let open = app.open();
        (app, Task::batch([open, system::theme().map(Message::SystemTheme)]))
    }

    fn open(&self) -> Task<Message> {
        Task::perform(Store::open(self.path.clone(), self.clock.clone()), Message::Opened)
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

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Opened(Ok(store)) => {
                self.collection = Collection::Open(store.clone());
                let settings = store.call(|spool| spool.settings());
                Task::batch([Task::perform(settings, Message::SettingsLoaded), self.decks.reload(&store).map(Message::Decks)])
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
            Message::Decks(message) => {
                let Some(store) = self.store().cloned() else { return Task::none() };
                let (task, event) = self.decks.update(message, &store);
                let task = task.map(Message::Decks);
                match event {
                    Some(decks::Event::Study(deck)) => {
                        self.page = Page::Study;
                        Task::batch([task, self.study.start(&store, deck).map(Message::Study)])
                    }
                    None => task,
                }
            }
            Message::Study(message) => {
                let Some(store) = self.store().cloned() else { return Task::none() };
                let (task, event) = self.study.update(message, &store);
                let task = task.map(Message::Study);
                match event {
                    Some(study::Event::ShowDecks) => Task::batch([task, self.navigate(Page::Decks)]),
                    None => task,
                }
            }
        }
    }

    fn navigate(&mut self, page: Page) -> Task<Message> {
        self.page = page;
        let Some(store) = self.store().cloned() else { return Task::none() };
        match page {
            Page::Decks => self.decks.reload(&store).map(Message::Decks),
            Page::Study if !self.study.has_session() => self.study.start(&store, None).map(Message::Study),
            Page::Study => Task::none(),
        }
    }

    fn shortcut(&mut self, shortcut: Shortcut) -> Task<Message> {
        match self.page {
            Page::Study => self.update(Message::Study(study::Message::Shortcut(shortcut))),
            Page::Decks => {
                self.decks.shortcut(shortcut);
                Task::none()
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let colors = theme::colors(&self.theme());
        match &self.collection {
            Collection::Opening => center(text("Opening your collection…").size(theme::size::TITLE).style(theme::muted)).into(),
            Collection::Unavailable(reason) => center(
                container(
                    column![
                        text("Spool cannot open the collection").size(theme::size::TITLE),
                        text(reason.as_str()).size(theme::size::BODY),
                        text("Close any other Spool using it, or check the file, then try again.").style(theme::muted),
                        button(text("Try again")).padding([8, 18]).style(theme::primary).on_press(Message::RetryOpen),
                    ]
                    .spacing(14)
                    .max_width(620),
                )
                .padding(28)
                .style(theme::card),
            )
            .into(),
            Collection::Open(_) => {
                let (page, dialog) = match self.page {
                    Page::Decks => (self.decks.view().map(Message::Decks), self.decks.dialog().map(|d| d.map(Message::Decks))),
                    Page::Study => (self.study.view(colors).map(Message::Study), None),
                };
                let window = row![self.sidebar(), container(page).width(Fill).height(Fill).padding([28, 36])];
                match dialog {
                    Some(dialog) => stack![window, opaque(center(opaque(dialog)).style(theme::backdrop))].into(),
                    None => window.into(),
                }
            }
        }
    }

    fn sidebar(&self) -> Element<'_, Message> {
        let entry = |page: Page| {
            button(text(page.title()).size(theme::size::BODY))
                .width(Fill)
                .padding([9, 14])
                .style(theme::nav(self.page == page))
                .on_press(Message::Navigate(page))
        };
        container(
            column![
                text("Spool").size(theme::size::TITLE).font(iced::Font { weight: iced::font::Weight::Bold, ..iced::Font::DEFAULT }),
                space().height(18),
                column(Page::ALL.into_iter().map(|page| entry(page).into())).spacing(4),
            ]
            .padding([24, 14]),
        )
        .width(190)
        .height(Fill)
        .style(theme::sidebar)
        .into()
    }

    pub fn theme(&self) -> Theme {
        theme::theme_for(self.settings.theme, self.system_theme)
    }

    pub fn scale_factor(&self) -> f32 {
        self.settings.ui_scale
    }

    pub fn subscription(&self) -> Subscription<Message> {
        Subscription::batch([event::listen_with(shortcut), system::theme_changes().map(Message::SystemTheme)])
    }
}

/// Maps a key press to a [`Shortcut`]. Keys a focused text input took are not shortcuts,
/// except Ctrl+Enter, which submits the form being typed in.
fn shortcut(event: iced::Event, status: event::Status, _window: window::Id) -> Option<Message> {
    let iced::Event::Keyboard(keyboard::Event::KeyPressed { modified_key, modifiers, repeat: false, .. }) = event else {
        return None;
    };
    let command = modifiers.command();
    let shortcut = match (modified_key.as_ref(), command) {
        (Key::Named(Named::Enter), true) => Shortcut::Submit,
        (Key::Named(Named::Escape), _) => Shortcut::Cancel,
        _ if status == event::Status::Captured => return None,
        (Key::Named(Named::Space | Named::Enter), false) => Shortcut::Reveal,
        (Key::Character("z"), true) | (Key::Character("u"), false) => Shortcut::Undo,
        (Key::Character("e"), false) => Shortcut::Edit,
        (Key::Character("@"), false) => Shortcut::Suspend,
        (Key::Character("d"), false) => Shortcut::RunDemo,
        (Key::Character(digit), false) => {
            Shortcut::Grade(crate::scheduler::Grade::from_key(digit.parse().ok()?)?)
        }
        _ => return None,
    };
    Some(Message::Shortcut(shortcut))
}
