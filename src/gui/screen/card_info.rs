//! Card info, over the screen it was opened from (as Anki's card info window): the card's
//! face, where it lives, its schedule and every answer it has had. `i` in study and the
//! browser's Card info button open it; Escape or Close shuts it.

use std::path::PathBuf;

use iced::widget::{button, column, container, responsive, row, rule, scrollable, space, text};
use iced::{Alignment, Element, Fill, FillPortion, Task};
use spool_core::app::{CardInfo, ReviewLine};
use spool_core::render::CardFaces;
use spool_core::scheduler::{CardQueue, Grade, ReviewKind};
use spool_core::store::CardId;

use super::preview::{self, Preview};
use crate::gui::faces::Painting;
use crate::gui::store::{Store, StoreResult};
use crate::gui::theme::{self, size};
use crate::gui::widget;

#[derive(Debug)]
pub struct State {
    card_id: CardId,
    info: Option<Result<CardInfo, String>>,
    preview: Preview,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(StoreResult<Box<(CardInfo, CardFaces, PathBuf)>>),
    Preview(preview::Message),
    Close,
}

/// The dialog is done with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closed;

impl State {
    /// Card info for `card_id`, and the task that reads it.
    pub fn open(card_id: CardId, store: &Store) -> (State, Task<Message>) {
        let state = State {
            card_id,
            info: None,
            preview: Preview::default(),
        };
        let load = store.call(move |spool| {
            let media_dir = spool.collection().media_dir();
            Ok(Box::new((
                spool.card_info(card_id)?,
                spool.card_faces(card_id)?,
                media_dir,
            )))
        });
        (state, Task::perform(load, Message::Loaded))
    }

    pub fn card_id(&self) -> CardId {
        self.card_id
    }

    pub fn info(&self) -> Option<&CardInfo> {
        self.info.as_ref().and_then(|info| info.as_ref().ok())
    }

    pub fn update(
        &mut self,
        message: Message,
        painting: &Painting,
    ) -> (Task<Message>, Option<Closed>) {
        let task = match message {
            Message::Loaded(Ok(loaded)) => {
                let (info, faces, media_dir) = *loaded;
                self.info = Some(Ok(info));
                self.preview
                    .set(vec![faces], media_dir, painting)
                    .map(Message::Preview)
            }
            Message::Loaded(Err(error)) => {
                self.info = Some(Err(format!("Card info cannot be read: {error}")));
                Task::none()
            }
            Message::Preview(message) => {
                self.preview.update(message, painting).map(Message::Preview)
            }
            Message::Close => return (Task::none(), Some(Closed)),
        };
        (task, None)
    }

    pub fn view(&self) -> Element<'_, Message> {
        let close = button(text("Close"))
            .padding([7, 18])
            .style(theme::secondary)
            .on_press(Message::Close);
        let header = row![
            widget::title("Card info"),
            space().width(Fill),
            text("Esc").size(size::SMALL).style(theme::muted),
            close
        ]
        .spacing(10)
        .align_y(Alignment::Center);
        let body: Element<'_, Message> = match &self.info {
            None => text("Reading the card…").style(theme::muted).into(),
            Some(Err(error)) => widget::banner(error),
            Some(Ok(info)) => responsive(move |size| {
                // Facts beside the face while each has room, else the face under them.
                let narrow = size.width < NARROW_WIDTH;
                let facts = column(facts(info).into_iter().map(|(label, value)| {
                    row![
                        text(label).size(size::SMALL).style(theme::muted).width(130),
                        text(value).size(size::SMALL).width(Fill),
                    ]
                    .spacing(8)
                    .into()
                }))
                .spacing(6);
                let face = container(self.preview.view("No face to show").map(Message::Preview))
                    .height(280);
                let top: Element<'_, Message> = if narrow {
                    column![facts, face.width(Fill)].spacing(16).into()
                } else {
                    row![facts.width(FillPortion(2)), face.width(FillPortion(3))]
                        .spacing(20)
                        .into()
                };
                column![top, rule::horizontal(1), history(&info.history)]
                    .spacing(16)
                    .into()
            })
            .into(),
        };
        container(
            column![header, scrollable(body).style(theme::scrollable)]
                .spacing(16)
                .max_width(920),
        )
        .padding(24)
        .max_width(968)
        .max_height(680)
        .style(theme::card)
        .into()
    }
}

fn date(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|at| {
            at.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|| "?".into())
}

/// Seconds with one decimal, or minutes when long, as a person reads a stopwatch.
fn duration(ms: u64) -> String {
    if ms < 60_000 {
        format!("{:.1} s", ms as f64 / 1000.0)
    } else {
        format!("{:.1} min", ms as f64 / 60_000.0)
    }
}

fn facts(info: &CardInfo) -> Vec<(&'static str, String)> {
    let state = match info.queue {
        CardQueue::Suspended => "suspended",
        CardQueue::New => "new",
        CardQueue::Learning => "learning",
        CardQueue::Review => "review",
    };
    let never = || "never".to_string();
    vec![
        ("Added", date(info.added * 1000)),
        (
            "First review",
            info.first_review_ms.map_or_else(never, date),
        ),
        (
            "Latest review",
            info.latest_review_ms.map_or_else(never, date),
        ),
        ("Due", info.due.clone().unwrap_or_else(|| "new".into())),
        ("State", state.into()),
        ("Interval", format!("{} days", info.interval_days)),
        ("Ease", format!("{:.0}%", info.ease * 100.0)),
        ("Reviews", info.reviews.to_string()),
        ("Lapses", info.lapses.to_string()),
        (
            "Average time",
            info.average_ms.map_or_else(|| "—".into(), duration),
        ),
        ("Total time", duration(info.total_ms)),
        ("Card", info.card.clone()),
        ("Note type", info.notetype.clone()),
        (
            "Deck",
            info.deck.replace(spool_core::store::DECK_SEPARATOR, " › "),
        ),
        ("Card id", info.card_id.to_string()),
        ("Note id", info.note_id.to_string()),
    ]
}

/// The rating a quality was given with, as the study buttons name it.
fn rating(quality: u8) -> String {
    [Grade::Again, Grade::Hard, Grade::Good, Grade::Easy]
        .into_iter()
        .find(|grade| grade.quality() == quality)
        .map_or_else(
            || format!("quality {quality}"),
            |grade| grade.label().into(),
        )
}

/// Below this width the face goes under the facts.
const NARROW_WIDTH: f32 = 620.0;

fn history(lines: &[ReviewLine]) -> Element<'_, Message> {
    if lines.is_empty() {
        return text("Not answered yet.").style(theme::muted).into();
    }
    // Shares of the width rather than pixels, so the table fits a narrow dialog too.
    let cell = |value: String, share: u16| text(value).size(size::SMALL).width(FillPortion(share));
    let header = row![
        cell("Date".into(), 15),
        cell("Type".into(), 8),
        cell("Rating".into(), 9),
        cell("Interval".into(), 8),
        cell("Ease".into(), 6),
        cell("Time".into(), 7),
    ]
    .spacing(10);
    let rows = lines.iter().map(|line| {
        let kind = match line.kind {
            ReviewKind::Learn => "learn",
            ReviewKind::Review => "review",
            ReviewKind::Drill => "drill",
        };
        row![
            cell(date(line.reviewed_at_ms), 15),
            cell(kind.into(), 8),
            cell(rating(line.quality), 9),
            cell(format!("{} d", line.interval_days), 8),
            cell(format!("{:.0}%", line.ease * 100.0), 6),
            cell(duration(u64::from(line.duration_ms)), 7),
        ]
        .spacing(10)
        .into()
    });
    column![
        text("Reviews").size(size::BODY),
        header.width(Fill),
        column(rows).spacing(4)
    ]
    .spacing(8)
    .into()
}
