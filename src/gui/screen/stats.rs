//! Statistics: due forecast, a year of reviews, cards by state, answer buttons, retention.

use chrono::{Datelike, NaiveDate};
use iced::widget::{canvas, column, container, row, scrollable, text};
use iced::{Alignment, Color, Element, Fill, Length, Task, Theme};

use crate::gui::store::{Store, StoreResult};
use crate::gui::theme::{self, Colors, size};
use crate::gui::widget::chart::{Bars, Heatmap, Proportions};
use crate::gui::widget::{banner, bold, title};
use spool_core::scheduler::DayClock;
use spool_core::store::Stats;

/// The numbers plus what the charts need to place them.
#[derive(Debug, Clone)]
pub struct Report {
    pub stats: Stats,
    /// The date of the first day of the review heatmap.
    pub first_day: NaiveDate,
}

#[derive(Debug, Default)]
pub struct State {
    report: Option<Report>,
    error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(StoreResult<Report>),
}

impl State {
    pub fn load(&mut self, store: &Store) -> Task<Message> {
        let report = store.call(|spool| {
            let stats = spool.stats()?;
            let first_day = spool.today()? - stats.reviews_per_day.len() as i64 + 1;
            Ok(Report {
                stats,
                first_day: DayClock::date_of_day(first_day).unwrap_or_default(),
            })
        });
        Task::perform(report, Message::Loaded)
    }

    pub fn update(&mut self, message: Message) {
        match message {
            Message::Loaded(Ok(report)) => {
                self.report = Some(report);
                self.error = None;
            }
            Message::Loaded(Err(error)) => {
                self.error = Some(format!("Could not compute the statistics: {error}"))
            }
        }
    }

    pub fn view(&self, colors: &'static Colors) -> Element<'_, Message> {
        let mut page = column![title("Statistics")].spacing(20);
        if let Some(error) = &self.error {
            page = page.push(banner(error));
        }
        let Some(report) = &self.report else {
            return page.push(text("Counting…").style(theme::muted)).into();
        };
        let stats = &report.stats;
        let retention = stats
            .retention_recent
            .map_or("–".to_string(), |r| format!("{:.0}%", r * 100.0));
        let ease = stats
            .average_ease
            .map_or("–".to_string(), |e| format!("{:.0}%", e * 100.0));
        let tiles = row![
            tile("Reviews today", stats.reviews_today.to_string()),
            tile("Reviews, 30 days", stats.reviews_recent.to_string()),
            tile("Retention, 30 days", retention),
            tile("Notes", stats.notes.to_string()),
            tile("Average ease", ease),
        ]
        .spacing(14)
        // Tiles that do not fit beside each other go on the next line.
        .wrap()
        .vertical_spacing(14);

        // Each bar is labelled with its day of the month, so tomorrow is not read as today.
        let today =
            report.first_day + chrono::TimeDelta::days(stats.reviews_per_day.len() as i64 - 1);
        let forecast_labels = days_of_month(today, stats.due_forecast.len());
        let forecast_title = format!(
            "Due in the next {} days, from today ({})",
            stats.due_forecast.len(),
            today.format("%b %-d")
        );
        let forecast = Bars {
            values: stats.due_forecast.clone(),
            labels: forecast_labels,
            color: |t: &Theme, _| t.palette().primary,
        };
        let heatmap = Heatmap {
            days: stats.reviews_per_day.clone(),
            first_day: report.first_day,
        };

        let cards = stats.cards;
        let states = [
            ("New", cards.new, colors.new),
            ("Learning", cards.learning, colors.learning),
            ("Review", cards.review, colors.due),
            ("Suspended", cards.suspended, colors.muted),
        ];
        let legend = row(states
            .iter()
            .map(|(label, count, color)| legend_entry(label, *count, *color)))
        .spacing(18)
        .wrap()
        .vertical_spacing(6);
        let proportions = Proportions {
            parts: states
                .iter()
                .map(|(_, count, color)| (*count, *color))
                .collect(),
        };
        let by_quality = stats.answers_by_quality;
        // Qualities 0-2 are all failures; the study buttons only use 1 for Again.
        let answers = Bars {
            values: vec![
                by_quality[..3].iter().sum(),
                by_quality[3],
                by_quality[4],
                by_quality[5],
            ],
            labels: ["Again", "Hard", "Good", "Easy"].map(String::from).to_vec(),
            color: answer_color,
        };

        let content = column![
            tiles,
            panel(
                forecast_title,
                canvas(forecast).width(Fill).height(120).into()
            ),
            panel(
                "Reviews in the last 365 days",
                canvas(heatmap).width(Fill).height(124).into()
            ),
            row![
                panel(
                    "Cards by state",
                    column![canvas(proportions).width(Fill).height(18), legend]
                        .spacing(14)
                        .into()
                ),
                panel(
                    "Answers in the last 30 days",
                    canvas(answers).width(Fill).height(120).into()
                ),
            ]
            .spacing(16),
        ]
        .spacing(16)
        .padding(iced::Padding {
            right: 14.0,
            ..iced::Padding::ZERO
        });
        page.push(scrollable(content).height(Fill).style(theme::scrollable))
            .max_width(1000)
            .into()
    }
}

fn tile<'a>(label: &'a str, value: String) -> Element<'a, Message> {
    container(
        column![
            text(value).size(size::TITLE).font(bold()),
            text(label).size(size::SMALL).style(theme::muted)
        ]
        .spacing(4),
    )
    .padding([10, 16])
    .width(TILE_WIDTH)
    .style(theme::card)
    .into()
}

/// Room for a tile's longest label on one line.
const TILE_WIDTH: f32 = 170.0;

/// The day of the month of `count` days from `first`, one label per bar.
fn days_of_month(first: NaiveDate, count: usize) -> Vec<String> {
    first
        .iter_days()
        .take(count)
        .map(|date| date.day().to_string())
        .collect()
}

/// The colour of an answer button's bar, as the study buttons: Again red, Hard amber, Good
/// green, Easy blue.
fn answer_color(theme: &Theme, button: usize) -> Color {
    let palette = theme.palette();
    [
        palette.danger,
        palette.warning,
        palette.success,
        palette.primary,
    ][button.min(3)]
}

fn panel<'a>(
    title: impl text::IntoFragment<'a>,
    content: Element<'a, Message>,
) -> Element<'a, Message> {
    container(column![text(title).font(bold()), content].spacing(12))
        .padding(16)
        .width(Fill)
        .style(theme::card)
        .into()
}

fn legend_entry<'a>(label: &'a str, count: u64, color: Color) -> Element<'a, Message> {
    row![
        container(text(""))
            .width(Length::Fixed(10.0))
            .height(Length::Fixed(10.0))
            .style(move |_: &Theme| container::Style {
                background: Some(color.into()),
                ..container::Style::default()
            }),
        text(format!("{label} {count}")).size(size::SMALL),
    ]
    .spacing(6)
    .align_y(Alignment::Center)
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_forecast_bar_is_labelled_with_its_own_day() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 30).unwrap();
        assert_eq!(days_of_month(today, 4), ["30", "31", "1", "2"]);
    }

    #[test]
    fn again_is_red_and_no_two_buttons_share_a_colour() {
        let theme = Theme::Light;
        assert_eq!(answer_color(&theme, 0), theme.palette().danger);
        let colours: Vec<Color> = (0..4).map(|button| answer_color(&theme, button)).collect();
        for (index, colour) in colours.iter().enumerate() {
            assert!(!colours[index + 1..].contains(colour), "{colours:?}");
        }
    }
}
