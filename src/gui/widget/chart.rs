//! Charts drawn on iced's canvas: bars (due forecast, answer buttons), a calendar heatmap
//! of reviews, and a proportion bar (cards by state).

use chrono::{Datelike, NaiveDate, TimeDelta};
use iced::widget::canvas::{self, Geometry, Path, Text};
use iced::{Color, Point, Rectangle, Renderer, Size, Theme, mouse};

use super::plot;
use crate::gui::theme::colors;

/// Room under the bars for their labels.
const LABEL_BAND: f32 = 20.0;

/// Vertical bars with a label under some of them and the value over each non-zero one.
#[derive(Debug, Clone)]
pub struct Bars {
    pub values: Vec<u64>,
    /// A label per bar; empty strings leave a bar unlabelled.
    pub labels: Vec<String>,
    /// The colour of the bar at an index.
    pub color: fn(&Theme, usize) -> Color,
}

impl<Message> canvas::Program<Message> for Bars {
    type State = ();

    fn draw(
        &self,
        _state: &(),
        renderer: &Renderer,
        theme: &Theme,
        bounds: Rectangle,
        _cursor: mouse::Cursor,
    ) -> Vec<Geometry> {
        let mut frame = plot::frame(renderer, bounds, theme);
        let palette = colors(theme);
        let max = self.values.iter().copied().max().unwrap_or(0).max(1) as f32;
        let slot = bounds.width / self.values.len().max(1) as f32;
        let chart_height = bounds.height - LABEL_BAND * 2.0;
        let baseline = LABEL_BAND + chart_height;
        frame.fill(
            &Path::rectangle(Point::new(0.0, baseline), Size::new(bounds.width, 1.0)),
            palette.border,
        );
        for (index, (&value, name)) in self.values.iter().zip(&self.labels).enumerate() {
            let center = slot * (index as f32 + 0.5);
            if value > 0 {
                let height = (value as f32 / max * chart_height).max(2.0);
                let width = (slot * 0.7).min(46.0);
                let bar = Path::rounded_rectangle(
                    Point::new(center - width / 2.0, baseline - height),
                    Size::new(width, height),
                    3.0.into(),
                );
                frame.fill(&bar, (self.color)(theme, index));
                frame.fill_text(centred(
                    value.to_string(),
                    center,
                    bounds.width,
                    |label_height| baseline - height - 3.0 - label_height,
                    palette.muted,
                ));
            }
            if !name.is_empty() {
                frame.fill_text(centred(
                    name.clone(),
                    center,
                    bounds.width,
                    |_| baseline + 4.0,
                    palette.muted,
                ));
            }
        }
        vec![frame.into_geometry()]
    }
}

/// A bar's label, centred on it but kept inside a chart `width` wide at the first and last
/// bars; `top` places its box given its height.
fn centred(
    content: String,
    center: f32,
    width: f32,
    top: impl Fn(f32) -> f32,
    color: Color,
) -> Text {
    let size = plot::measure(&content);
    let x = plot::centred_within(center, size.width, width);
    plot::label(content, Point::new(x, top(size.height)), color)
}

/// Reviews per day as a calendar: one column per week, Monday at the top, month names above
/// and weekday names at the left.
#[derive(Debug, Clone)]
pub struct Heatmap {
    /// Counts per day, oldest first; the last is today.
    pub days: Vec<u64>,
    /// The date of the first of `days`.
    pub first_day: NaiveDate,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
/// Every other weekday is named, as on GitHub, so the names have two rows of room.
const WEEKDAY_HINTS: [(usize, &str); 3] = [(0, "Mon"), (2, "Wed"), (4, "Fri")];
/// Room between the labels and the squares, and between two month names.
const LABEL_GAP: f32 = 6.0;

/// The month names over a heatmap whose first day is `first_day` and which shows `days`
/// days, each with its x from the left of the squares, `pitch` apart per week.
///
/// A month is named over the week holding its first day; the first week is named after its
/// month even when that began earlier. A name that would run into the next one, or past
/// `room` (the width from the left of the squares to the edge), is left out, so a partial
/// first month gives way to the next.
fn month_labels(
    first_day: NaiveDate,
    days: usize,
    pitch: f32,
    room: f32,
    width_of: impl Fn(&str) -> f32,
) -> Vec<(f32, &'static str)> {
    let first_weekday = first_day.weekday().num_days_from_monday() as usize;
    let starts = (1..days).filter_map(|index| {
        let date = first_day.checked_add_signed(TimeDelta::try_days(index as i64)?)?;
        (date.day() == 1).then_some(((first_weekday + index) / 7, date.month0()))
    });
    let candidates: Vec<(usize, u32)> = std::iter::once((0, first_day.month0()))
        .chain(starts)
        .collect();
    let mut limit = room;
    let mut placed = Vec::new();
    for &(week, month) in candidates.iter().rev() {
        let name = MONTHS[month as usize];
        let x = week as f32 * pitch;
        if x + width_of(name) <= limit {
            placed.push((x, name));
            limit = x - LABEL_GAP;
        }
    }
    placed.reverse();
    placed
}

impl Heatmap {
    /// The week (column) and weekday (row) of `days[index]`.
    fn cell(&self, index: usize) -> (usize, usize) {
        let position = self.first_day.weekday().num_days_from_monday() as usize + index;
        (position / 7, position % 7)
    }
}

impl<Message> canvas::Program<Message> for Heatmap {
    type State = ();

    fn draw(
        &self,
        _state: &(),
        renderer: &Renderer,
        theme: &Theme,
        bounds: Rectangle,
        _cursor: mouse::Cursor,
    ) -> Vec<Geometry> {
        let mut frame = plot::frame(renderer, bounds, theme);
        let palette = colors(theme);
        let accent = theme.palette().success;
        let weeks = self.cell(self.days.len().saturating_sub(1)).0 + 1;
        let hints = WEEKDAY_HINTS.map(|(row, name)| (row, name, plot::measure(name)));
        let left = hints
            .iter()
            .map(|(_, _, size)| size.width)
            .fold(0.0, f32::max)
            + LABEL_GAP;
        let month_height = plot::measure(MONTHS[0]).height;
        let top = month_height + LABEL_GAP / 2.0;
        let pitch = ((bounds.width - left) / weeks as f32).min((bounds.height - top) / 7.0);
        let gap = (pitch * 0.18).max(1.0);
        let square = pitch - gap;

        let months = month_labels(
            self.first_day,
            self.days.len(),
            pitch,
            bounds.width - left,
            |name| plot::measure(name).width,
        );
        for (x, name) in months {
            frame.fill_text(plot::label(name, Point::new(left + x, 0.0), palette.muted));
        }
        // Names taller than two rows would run into each other on a short chart.
        if hints.iter().all(|(_, _, size)| size.height <= 2.0 * pitch) {
            for (row, name, size) in hints {
                let y = top + row as f32 * pitch + (square - size.height) / 2.0;
                frame.fill_text(plot::label(name, Point::new(0.0, y), palette.muted));
            }
        }

        let max = self.days.iter().copied().max().unwrap_or(0).max(1) as f32;
        for (day, &count) in self.days.iter().enumerate() {
            let (week, weekday) = self.cell(day);
            let color = if count == 0 {
                palette.border
            } else {
                // At least a visible tint for one review; the busiest day is full strength.
                Color {
                    a: 0.3 + 0.7 * (count as f32 / max),
                    ..accent
                }
            };
            let cell = Path::rounded_rectangle(
                Point::new(left + week as f32 * pitch, top + weekday as f32 * pitch),
                Size::new(square, square),
                2.0.into(),
            );
            frame.fill(&cell, color);
        }
        vec![frame.into_geometry()]
    }
}

/// Parts of a whole side by side in one rounded bar.
#[derive(Debug, Clone)]
pub struct Proportions {
    pub parts: Vec<(u64, Color)>,
}

impl<Message> canvas::Program<Message> for Proportions {
    type State = ();

    fn draw(
        &self,
        _state: &(),
        renderer: &Renderer,
        theme: &Theme,
        bounds: Rectangle,
        _cursor: mouse::Cursor,
    ) -> Vec<Geometry> {
        let mut frame = plot::frame(renderer, bounds, theme);
        let total: u64 = self.parts.iter().map(|(count, _)| count).sum();
        frame.fill(
            &Path::rounded_rectangle(Point::ORIGIN, bounds.size(), 6.0.into()),
            colors(theme).border,
        );
        let mut x = 0.0;
        for &(count, color) in &self.parts {
            if count == 0 || total == 0 {
                continue;
            }
            let width = bounds.width * count as f32 / total as f32;
            frame.fill(
                &Path::rectangle(Point::new(x, 0.0), Size::new(width, bounds.height)),
                color,
            );
            x += width;
        }
        vec![frame.into_geometry()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    /// Every month name 24 px wide.
    fn width(_: &str) -> f32 {
        24.0
    }

    #[test]
    fn heatmap_days_fall_on_their_weekdays() {
        // A year up to Wednesday 25 November 2026, from Wednesday 26 November 2025.
        let map = Heatmap {
            days: vec![0; 365],
            first_day: date(2025, 11, 26),
        };
        assert_eq!(map.cell(0), (0, 2), "the first day is a Wednesday");
        assert_eq!(
            map.cell(5),
            (1, 0),
            "Monday 1 December starts the second week"
        );
        assert_eq!(map.cell(364), (52, 2), "today");
        assert_eq!(map.cell(363), (52, 1), "yesterday");
        assert_eq!(map.cell(357), (51, 2), "a week ago");
    }

    #[test]
    fn months_are_named_over_the_week_of_their_first_day() {
        let labels = month_labels(date(2025, 11, 26), 365, 16.0, 53.0 * 16.0, width);
        let weeks: Vec<(f32, &str)> = [
            (1, "Dec"),
            (5, "Jan"),
            (9, "Feb"),
            (13, "Mar"),
            (18, "Apr"),
            (22, "May"),
            (27, "Jun"),
            (31, "Jul"),
            (35, "Aug"),
            (40, "Sep"),
            (44, "Oct"),
            (48, "Nov"),
        ]
        .into_iter()
        .map(|(week, name)| (week as f32 * 16.0, name))
        .collect();
        // November 2025 has one week of room, too little for its name, so it is left out.
        assert_eq!(labels, weeks);
    }

    #[test]
    fn a_first_month_with_room_is_named_once() {
        let labels = month_labels(date(2025, 12, 1), 365, 16.0, 53.0 * 16.0, width);
        assert_eq!(labels[..2], [(0.0, "Dec"), (64.0, "Jan")]);
        assert_eq!(labels.len(), 12, "December 2025 to November 2026");
    }

    #[test]
    fn a_name_that_would_stick_out_at_the_right_is_left_out() {
        let labels = month_labels(date(2025, 11, 26), 365, 16.0, 48.0 * 16.0 + 20.0, width);
        assert_eq!(labels.last(), Some(&(44.0 * 16.0, "Oct")));
    }

    #[test]
    fn a_month_after_the_last_day_is_not_named() {
        // The last day is Saturday 31 October 2026; Sunday 1 November shares its week.
        let labels = month_labels(date(2025, 11, 26), 340, 16.0, 1000.0, width);
        assert_eq!(labels.last().map(|(_, name)| *name), Some("Oct"));
    }

    #[test]
    fn on_narrow_weeks_names_never_overlap() {
        let labels = month_labels(date(2025, 11, 26), 365, 4.0, 53.0 * 4.0, width);
        assert!(labels.len() >= 4, "{labels:?}");
        for pair in labels.windows(2) {
            assert!(pair[1].0 >= pair[0].0 + 24.0 + LABEL_GAP, "{labels:?}");
        }
        assert!(labels.iter().all(|(x, _)| x + 24.0 <= 53.0 * 4.0));
    }
}
