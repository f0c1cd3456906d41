//! A demo's timeline on a canvas: one lane per worker, a bar per span, time left to right.

use std::time::Duration;

use iced::widget::canvas::{self, Frame, Geometry, Path, Text};
use iced::{Color, Point, Rectangle, Renderer, Size, Theme, alignment, mouse};

use crate::gui::theme::{colors, size};

/// Width kept for the worker names at the left.
const NAMES_WIDTH: f32 = 130.0;
const LANE_HEIGHT: f32 = 26.0;
/// Room under the lanes for the time axis.
const AXIS_HEIGHT: f32 = 20.0;

/// One stretch of work on one lane.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub lane: usize,
    pub start: Duration,
    pub end: Duration,
    pub label: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timeline {
    pub lanes: Vec<String>,
    pub bars: Vec<Bar>,
}

impl Timeline {
    /// Adds a span, opening a lane for a worker seen for the first time.
    pub fn push(&mut self, worker: &str, start: Duration, end: Duration, label: String) {
        let lane = match self.lanes.iter().position(|name| name == worker) {
            Some(lane) => lane,
            None => {
                self.lanes.push(worker.to_string());
                self.lanes.len() - 1
            }
        };
        self.bars.push(Bar {
            lane,
            start,
            end,
            label,
        });
    }

    /// Height the canvas needs for the lanes seen so far.
    pub fn height(&self) -> f32 {
        self.lanes.len().max(1) as f32 * LANE_HEIGHT + AXIS_HEIGHT
    }

    fn span(&self) -> Duration {
        self.bars
            .iter()
            .map(|bar| bar.end)
            .max()
            .unwrap_or_default()
            .max(Duration::from_millis(1))
    }
}

/// Bars with the same label share a colour, so repeated steps read as a pattern.
fn bar_color(theme: &Theme, label: &str) -> Color {
    let palette = theme.palette();
    let choices = [
        palette.primary,
        palette.success,
        palette.warning,
        colors(theme).syntax.keyword,
        palette.danger,
    ];
    let hash = label
        .bytes()
        .filter(|b| !b.is_ascii_digit())
        .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b.into()));
    choices[hash % choices.len()]
}

impl<Message> canvas::Program<Message> for Timeline {
    type State = ();

    fn draw(
        &self,
        _state: &(),
        renderer: &Renderer,
        theme: &Theme,
        bounds: Rectangle,
        _cursor: mouse::Cursor,
    ) -> Vec<Geometry> {
        let mut frame = Frame::new(renderer, bounds.size());
        let palette = colors(theme);
        let plot_width = (bounds.width - NAMES_WIDTH).max(1.0);
        let total = self.span().as_secs_f32();
        let x = |at: Duration| NAMES_WIDTH + at.as_secs_f32() / total * plot_width;
        let text = |content: String, position: Point, align_x: alignment::Horizontal| Text {
            content,
            position,
            color: palette.muted,
            size: (size::SMALL - 1.0).into(),
            align_x: align_x.into(),
            align_y: alignment::Vertical::Center,
            ..Text::default()
        };
        for (lane, name) in self.lanes.iter().enumerate() {
            let middle = lane as f32 * LANE_HEIGHT + LANE_HEIGHT / 2.0;
            frame.fill(
                &Path::rectangle(Point::new(NAMES_WIDTH, middle), Size::new(plot_width, 1.0)),
                palette.border,
            );
            frame.fill_text(text(
                name.clone(),
                Point::new(0.0, middle),
                alignment::Horizontal::Left,
            ));
        }
        for bar in &self.bars {
            let top = bar.lane as f32 * LANE_HEIGHT + 4.0;
            let width = (x(bar.end) - x(bar.start)).max(2.0);
            let rect = Path::rounded_rectangle(
                Point::new(x(bar.start), top),
                Size::new(width, LANE_HEIGHT - 8.0),
                3.0.into(),
            );
            frame.fill(
                &rect,
                Color {
                    a: 0.85,
                    ..bar_color(theme, &bar.label)
                },
            );
        }
        let axis = self.lanes.len().max(1) as f32 * LANE_HEIGHT + AXIS_HEIGHT / 2.0;
        frame.fill_text(text(
            "0 ms".into(),
            Point::new(NAMES_WIDTH, axis),
            alignment::Horizontal::Left,
        ));
        frame.fill_text(text(
            format!("{:.0} ms", total * 1000.0),
            Point::new(bounds.width, axis),
            alignment::Horizontal::Right,
        ));
        vec![frame.into_geometry()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_worker_gets_one_lane_in_order_of_appearance() {
        let mut timeline = Timeline::default();
        let ms = Duration::from_millis;
        timeline.push("thread 1", ms(0), ms(5), "work".into());
        timeline.push("thread 2", ms(1), ms(6), "work".into());
        timeline.push("thread 1", ms(6), ms(9), "more".into());
        assert_eq!(timeline.lanes, ["thread 1", "thread 2"]);
        assert_eq!(
            timeline.bars.iter().map(|bar| bar.lane).collect::<Vec<_>>(),
            [0, 1, 0]
        );
        assert_eq!(timeline.span(), ms(9));
    }
}
