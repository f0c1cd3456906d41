//! Settings kept in the collection: daily limits, the day's rollover hour, the maximum
//! interval, whether audio plays by itself, theme and UI scale, how often backups are made
//! and how many are kept; and the backups themselves.

use iced::theme::Mode;
use iced::widget::{
    button, checkbox, column, container, row, scrollable, slider, space, text, text_input,
};
use iced::{Alignment, Element, Fill, Task};

use super::backups;
use super::note_form::labelled;
use crate::gui::store::{Store, StoreResult};
use crate::gui::theme::{self, size};
use crate::gui::widget;
use spool_core::store::{BackupSettings, Settings, Theme};

/// The settings as typed, so a half-typed number is not lost or rejected mid-edit.
#[derive(Debug, Clone, Default, PartialEq)]
struct Draft {
    new_per_day: String,
    reviews_per_day: String,
    rollover_hour: String,
    max_interval_days: String,
    play_audio_automatically: bool,
    theme: Option<Theme>,
    ui_scale: f32,
    backup_interval_minutes: String,
    backups_daily: String,
    backups_weekly: String,
    backups_monthly: String,
}

impl Draft {
    fn from(settings: &Settings) -> Draft {
        Draft {
            new_per_day: settings.new_per_day.to_string(),
            reviews_per_day: settings.reviews_per_day.to_string(),
            rollover_hour: settings.rollover_hour.to_string(),
            max_interval_days: settings.max_interval_days.to_string(),
            play_audio_automatically: settings.play_audio_automatically,
            theme: Some(settings.theme),
            ui_scale: settings.ui_scale,
            backup_interval_minutes: settings.backups.interval_minutes.to_string(),
            backups_daily: settings.backups.daily.to_string(),
            backups_weekly: settings.backups.weekly.to_string(),
            backups_monthly: settings.backups.monthly.to_string(),
        }
    }

    /// The settings this draft describes, or what is wrong with it.
    fn settings(&self) -> Result<Settings, String> {
        fn number<T: std::str::FromStr>(value: &str, what: &str) -> Result<T, String> {
            value
                .trim()
                .parse()
                .map_err(|_| format!("{what} must be a whole number, not {value:?}"))
        }
        let settings = Settings {
            new_per_day: number(&self.new_per_day, "New cards per day")?,
            reviews_per_day: number(&self.reviews_per_day, "Reviews per day")?,
            rollover_hour: number(&self.rollover_hour, "The rollover hour")?,
            max_interval_days: number(&self.max_interval_days, "The maximum interval")?,
            theme: self.theme.unwrap_or(Theme::System),
            ui_scale: self.ui_scale,
            play_audio_automatically: self.play_audio_automatically,
            backups: BackupSettings {
                interval_minutes: number(&self.backup_interval_minutes, "The backup interval")?,
                daily: number(&self.backups_daily, "Daily backups")?,
                weekly: number(&self.backups_weekly, "Weekly backups")?,
                monthly: number(&self.backups_monthly, "Monthly backups")?,
            },
        };
        settings.validate().map_err(|error| error.to_string())?;
        Ok(settings)
    }
}

#[derive(Debug, Default)]
pub struct State {
    draft: Draft,
    status: Option<Result<String, String>>,
    backups: backups::State,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(StoreResult<Settings>),
    NewPerDay(String),
    ReviewsPerDay(String),
    RolloverHour(String),
    MaxInterval(String),
    PlayAudioAutomatically(bool),
    Theme(Theme),
    Scale(f32),
    BackupInterval(String),
    BackupsDaily(String),
    BackupsWeekly(String),
    BackupsMonthly(String),
    Backups(backups::Message),
    Save,
    Saved(StoreResult<Settings>),
    ThemeSaved(StoreResult<Settings>),
}

/// What the root acts on.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Settings were saved; the root applies theme and scale.
    Saved(Settings),
    /// The collection was replaced by a backup; every screen reloads.
    Restored,
}

impl State {
    /// The settings alone, read again, as after a restore put other ones in place.
    fn load_draft(&self, store: &Store) -> Task<Message> {
        Task::perform(store.call(|spool| spool.settings()), Message::Loaded)
    }

    pub fn load(&mut self, store: &Store) -> Task<Message> {
        self.status = None;
        Task::batch([
            Task::perform(store.call(|spool| spool.settings()), Message::Loaded),
            self.backups.load(store).map(Message::Backups),
        ])
    }

    pub fn update(&mut self, message: Message, store: &Store) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Loaded(Ok(settings)) => self.draft = Draft::from(&settings),
            Message::Loaded(Err(error)) => {
                self.status = Some(Err(format!("Could not read the settings: {error}")))
            }
            Message::NewPerDay(value) => self.draft.new_per_day = value,
            Message::ReviewsPerDay(value) => self.draft.reviews_per_day = value,
            Message::RolloverHour(value) => self.draft.rollover_hour = value,
            Message::MaxInterval(value) => self.draft.max_interval_days = value,
            Message::PlayAudioAutomatically(on) => self.draft.play_audio_automatically = on,
            // A theme is seen at once, so it is kept at once; the rest waits for Save.
            Message::Theme(theme) => {
                self.draft.theme = Some(theme);
                let save = store.call(move |spool| {
                    let mut settings = spool.settings()?;
                    settings.theme = theme;
                    spool.save_settings(&settings).map(|()| settings)
                });
                return (Task::perform(save, Message::ThemeSaved), None);
            }
            Message::ThemeSaved(Ok(settings)) => {
                return (Task::none(), Some(Event::Saved(settings)));
            }
            Message::ThemeSaved(Err(error)) => {
                self.status = Some(Err(format!("The theme could not be kept: {error}")))
            }
            Message::Scale(scale) => self.draft.ui_scale = scale,
            Message::BackupInterval(value) => self.draft.backup_interval_minutes = value,
            Message::BackupsDaily(value) => self.draft.backups_daily = value,
            Message::BackupsWeekly(value) => self.draft.backups_weekly = value,
            Message::BackupsMonthly(value) => self.draft.backups_monthly = value,
            Message::Backups(message) => {
                let (task, restored) = self.backups.update(message, store);
                let task = task.map(Message::Backups);
                return match restored {
                    Some(backups::CollectionRestored) => (
                        Task::batch([task, self.load_draft(store)]),
                        Some(Event::Restored),
                    ),
                    None => (task, None),
                };
            }
            Message::Save => match self.draft.settings() {
                Ok(settings) => {
                    let save =
                        store.call(move |spool| spool.save_settings(&settings).map(|()| settings));
                    return (Task::perform(save, Message::Saved), None);
                }
                Err(problem) => self.status = Some(Err(problem)),
            },
            Message::Saved(Ok(settings)) => {
                self.status = Some(Ok("Saved in the collection.".into()));
                self.draft = Draft::from(&settings);
                return (Task::none(), Some(Event::Saved(settings)));
            }
            Message::Saved(Err(error)) => self.status = Some(Err(error.to_string())),
        }
        (Task::none(), None)
    }

    /// The screen; `system` is the desktop's light or dark preference, which "Follow system"
    /// applies.
    pub fn view(&self, system: Mode) -> Element<'_, Message> {
        let draft = &self.draft;
        let number = |label, value: &str, on_input: fn(String) -> Message, id: &'static str| {
            labelled(
                label,
                text_input("", value)
                    .id(id)
                    .on_input(on_input)
                    .on_submit(Message::Save)
                    .padding(9)
                    .width(140)
                    .style(theme::input)
                    .into(),
            )
        };
        let theme_choice = |label: &'static str, choice: Theme| {
            button(text(label))
                .padding([8, 16])
                .style(theme::nav(draft.theme == Some(choice)))
                .on_press(Message::Theme(choice))
        };
        let study = column![
            section("Study"),
            row![
                number(
                    "New cards per day",
                    &draft.new_per_day,
                    Message::NewPerDay,
                    "new-per-day"
                ),
                number(
                    "Reviews per day",
                    &draft.reviews_per_day,
                    Message::ReviewsPerDay,
                    "reviews-per-day"
                ),
            ]
            .spacing(24)
            .wrap()
            .vertical_spacing(16),
            row![
                number(
                    "Next day starts at (hour, 0–23)",
                    &draft.rollover_hour,
                    Message::RolloverHour,
                    "rollover-hour"
                ),
                number(
                    "Maximum interval (days)",
                    &draft.max_interval_days,
                    Message::MaxInterval,
                    "max-interval"
                ),
            ]
            .spacing(24)
            .wrap()
            .vertical_spacing(16),
            checkbox(draft.play_audio_automatically)
                .label("Play audio automatically")
                .on_toggle(Message::PlayAudioAutomatically),
        ]
        .spacing(16);
        let appearance = column![
            section("Appearance"),
            labelled(
                "Theme",
                column![
                    row![
                        theme_choice("Light", Theme::Light),
                        theme_choice("Dark", Theme::Dark),
                        theme_choice("Follow system", Theme::System)
                    ]
                    .spacing(8),
                ]
                .push((draft.theme == Some(Theme::System)).then(|| {
                    text(system_note(system))
                        .size(size::SMALL)
                        .style(theme::muted)
                }),)
                .spacing(8)
                .into(),
            ),
            labelled(
                "Interface scale",
                row![
                    slider(0.75..=2.0, draft.ui_scale, Message::Scale)
                        .step(0.05)
                        .width(260),
                    text(format!("{:.0}%", draft.ui_scale * 100.0)).width(60),
                ]
                .spacing(14)
                .align_y(Alignment::Center)
                .into(),
            ),
        ]
        .spacing(16);
        let backup_counts = row![
            number(
                "Back up every (minutes)",
                &draft.backup_interval_minutes,
                Message::BackupInterval,
                "backup-interval"
            ),
            number(
                "Daily backups kept",
                &draft.backups_daily,
                Message::BackupsDaily,
                "backups-daily"
            ),
            number(
                "Weekly backups kept",
                &draft.backups_weekly,
                Message::BackupsWeekly,
                "backups-weekly"
            ),
            number(
                "Monthly backups kept",
                &draft.backups_monthly,
                Message::BackupsMonthly,
                "backups-monthly"
            ),
        ]
        .spacing(24)
        .wrap()
        .vertical_spacing(16);
        let backups = column![section("Backups"), backup_counts].spacing(16);
        let settings = column![study, appearance, backups];
        // Save sits by the title, reachable however long the page below grows.
        let mut page = column![
            row![
                widget::title("Settings"),
                space().width(Fill),
                button(text("Save"))
                    .padding([9, 24])
                    .style(theme::primary)
                    .on_press(Message::Save)
            ]
            .align_y(Alignment::Center),
        ]
        .spacing(20)
        .max_width(720);
        if let Some(status) = &self.status {
            page = page.push(widget::outcome(status));
        }
        let page = page
            .push(
                container(settings.spacing(30))
                    .padding(26)
                    .width(Fill)
                    .style(theme::card),
            )
            .push(
                container(self.backups.view().map(Message::Backups))
                    .padding(26)
                    .width(Fill)
                    .style(theme::card),
            );
        scrollable(page).style(theme::scrollable).into()
    }
}

/// What "Follow system" does right now, so a desktop that states no preference does not
/// look like a setting that is ignored.
fn system_note(system: Mode) -> &'static str {
    match system {
        Mode::Dark => "Your desktop asks for dark, so Follow system is dark.",
        Mode::Light => "Your desktop asks for light, so Follow system is light.",
        Mode::None => "Your desktop states no light or dark preference, so Follow system is light.",
    }
}

fn section(title: &str) -> Element<'_, Message> {
    text(title)
        .size(size::BODY + 2.0)
        .font(widget::bold())
        .into()
}
