//! Charts drawn on iced's canvas: bars (due forecast, answer buttons), a calendar heatmap
//! of reviews, and a proportion bar (cards by state).

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
    pub color: fn(&Theme) -> Color,
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
                frame.fill(&bar, (self.color)(theme));
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

/// Reviews per day as a calendar: one column per week, Monday at the top.
#[derive(Debug, Clone)]
pub struct Heatmap {
    /// Counts per day, oldest first; the last is today.
    pub days: Vec<u64>,
    /// Weekday of today, 0 = Monday.
    pub today_weekday: usize,
}

impl Heatmap {
    /// The week (column) and weekday (row) of `days[index]`.
    fn cell(&self, index: usize) -> (usize, usize) {
        let last = self.days.len().saturating_sub(1);
        let first_weekday = (self.today_weekday + 7 - last % 7) % 7;
        let position = first_weekday + index;
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
        let pitch = (bounds.width / weeks as f32).min(bounds.height / 7.0);
        let gap = (pitch * 0.18).max(1.0);
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
            let square = Path::rounded_rectangle(
                Point::new(week as f32 * pitch, weekday as f32 * pitch),
                Size::new(pitch - gap, pitch - gap),
                2.0.into(),
            );
            frame.fill(&square, color);
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

    #[test]
    fn heatmap_days_fall_on_their_weekdays() {
        // Today is a Wednesday (2); yesterday a Tuesday; a week ago the Wednesday before.
        let map = Heatmap {
            days: vec![0; 365],
            today_weekday: 2,
        };
        let (last_week, today_row) = map.cell(364);
        assert_eq!(today_row, 2);
        assert_eq!(map.cell(363), (last_week, 1));
        assert_eq!(map.cell(357), (last_week - 1, 2));
        assert_eq!(map.cell(0).0, 0, "the first day is in the first column");
    }
}
