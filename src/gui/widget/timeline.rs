//! A demo's timeline on a canvas: one lane per worker, a bar per span, time left to right.

use std::time::Duration;

use iced::widget::canvas::{self, Geometry, Path};
use iced::{Color, Point, Rectangle, Renderer, Size, Theme, mouse};

use super::plot;
use crate::gui::theme::colors;

/// Width kept for the worker names at the left.
const NAMES_WIDTH: f32 = 130.0;
const LANE_HEIGHT: f32 = 26.0;
/// Room under the lanes for the time axis.
const AXIS_HEIGHT: f32 = 20.0;
/// Least room between the two axis labels.
const LABEL_GAP: f32 = 8.0;

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

    /// The time axis on a canvas `width` wide: its labels, each with the top-left corner of
    /// its box. The axis runs from 0 at the end of the worker names to the end of the latest
    /// span at the right edge.
    fn axis(&self, width: f32, measure: impl Fn(&str) -> Size) -> [(String, Point); 2] {
        let top = self.lanes.len().max(1) as f32 * LANE_HEIGHT;
        let start = "0 ms".to_string();
        let end = format!("{:.0} ms", self.span().as_secs_f64() * 1000.0);
        let (start_size, end_size) = (measure(&start), measure(&end));
        let middle = |size: Size| top + (AXIS_HEIGHT - size.height) / 2.0;
        let end_x = (width - end_size.width).max(NAMES_WIDTH + start_size.width + LABEL_GAP);
        [
            (start, Point::new(NAMES_WIDTH, middle(start_size))),
            (end, Point::new(end_x, middle(end_size))),
        ]
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
        let mut frame = plot::frame(renderer, bounds, theme);
        let palette = colors(theme);
        let plot_width = (bounds.width - NAMES_WIDTH).max(1.0);
        let total = self.span().as_secs_f32();
        let x = |at: Duration| NAMES_WIDTH + at.as_secs_f32() / total * plot_width;
        for (lane, name) in self.lanes.iter().enumerate() {
            let middle = lane as f32 * LANE_HEIGHT + LANE_HEIGHT / 2.0;
            frame.fill(
                &Path::rectangle(Point::new(NAMES_WIDTH, middle), Size::new(plot_width, 1.0)),
                palette.border,
            );
            let height = plot::measure(name).height;
            frame.fill_text(plot::label(
                name.clone(),
                Point::new(0.0, middle - height / 2.0),
                palette.muted,
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
        for (content, top_left) in self.axis(bounds.width, plot::measure) {
            frame.fill_text(plot::label(content, top_left, palette.muted));
        }
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

    /// Labels 7 px a character and 15 px tall, as a stand-in for the renderer's measure.
    fn measure(content: &str) -> Size {
        Size::new(content.len() as f32 * 7.0, 15.0)
    }

    #[test]
    fn the_axis_ends_at_the_latest_span_with_its_label_inside_the_right_edge() {
        let ms = Duration::from_millis;
        let width = 600.0;
        let mut timeline = Timeline::default();
        timeline.push("thread 1", ms(0), ms(120), "work".into());
        let [start, end] = timeline.axis(width, measure);
        assert_eq!(
            start,
            (
                "0 ms".to_string(),
                Point::new(NAMES_WIDTH, LANE_HEIGHT + 2.5)
            )
        );
        assert_eq!(end.0, "120 ms");
        // The label's box, not just its anchor, is inside the canvas: the renderer repaints
        // a changed label from its anchor rightwards and downwards only.
        assert_eq!(end.1.x + measure(&end.0).width, width);
        assert_eq!(end.1.y, start.1.y);

        timeline.push("thread 2", ms(150), ms(201), "work".into());
        let [_, end] = timeline.axis(width, measure);
        assert_eq!(end.0, "201 ms", "each span moves the end");
        assert_eq!(end.1.y, 2.0 * LANE_HEIGHT + 2.5, "under the new lane");

        timeline.push("thread 1", ms(201), ms(1234), "more".into());
        let [_, end] = timeline.axis(width, measure);
        assert_eq!(end.0, "1234 ms");
        assert_eq!(end.1.x + measure(&end.0).width, width);
    }

    #[test]
    fn on_a_narrow_canvas_the_axis_labels_do_not_overlap() {
        let mut timeline = Timeline::default();
        timeline.push(
            "thread 1",
            Duration::ZERO,
            Duration::from_secs(12),
            "work".into(),
        );
        let [start, end] = timeline.axis(NAMES_WIDTH + 40.0, measure);
        assert!(end.1.x >= start.1.x + measure(&start.0).width + LABEL_GAP);
    }
}
