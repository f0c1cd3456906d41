//! A demo's timeline on a canvas: one lane per worker, a bar per span, time left to right;
//! pointing at a bar reads out what it was. Its legend names what each colour stands for.

use std::time::Duration;

use iced::widget::canvas::{self, Geometry, Path, Stroke};
use iced::widget::{container, row, space, text};
use iced::{Alignment, Color, Element, Point, Rectangle, Renderer, Size, Theme, mouse};

use super::plot;
use crate::gui::theme::{self, colors, size};

/// Width kept for the worker names at the left.
const NAMES_WIDTH: f32 = 130.0;
const LANE_HEIGHT: f32 = 26.0;
/// Room under the lanes for the time axis.
const AXIS_HEIGHT: f32 = 20.0;
/// Least room between the two axis labels.
const LABEL_GAP: f32 = 8.0;
/// Room between a bar and the top and bottom of its lane.
const BAR_INSET: f32 = 4.0;
/// Room around the text of the readout of the bar pointed at.
const READOUT_PADDING: f32 = 6.0;

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

    /// What the bars stand for, each once, in order of appearance: their labels with the
    /// numbers left out, as their colours are chosen.
    pub fn kinds(&self) -> Vec<String> {
        let mut kinds: Vec<String> = Vec::new();
        for bar in &self.bars {
            let kind = label_kind(&bar.label);
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        kinds
    }

    /// Where `bar` is drawn on a canvas `width` wide.
    fn bar_bounds(&self, bar: &Bar, width: f32) -> Rectangle {
        let plot_width = (width - NAMES_WIDTH).max(1.0);
        let total = self.span().as_secs_f32();
        let x = |at: Duration| NAMES_WIDTH + at.as_secs_f32() / total * plot_width;
        Rectangle {
            x: x(bar.start),
            y: bar.lane as f32 * LANE_HEIGHT + BAR_INSET,
            width: (x(bar.end) - x(bar.start)).max(2.0),
            height: LANE_HEIGHT - 2.0 * BAR_INSET,
        }
    }

    /// The bar under `point` on a canvas `width` wide; the latest one where bars overlap, as
    /// it is drawn on top.
    fn bar_at(&self, point: Point, width: f32) -> Option<usize> {
        self.bars
            .iter()
            .rposition(|bar| self.bar_bounds(bar, width).contains(point))
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

/// A label with its numbers left out ("step 3 of 5" is a "step N of N"), so the steps of
/// one kind share a colour and a line in the legend.
fn label_kind(label: &str) -> String {
    label
        .split(' ')
        .map(|word| match word.contains(|c: char| c.is_ascii_digit()) {
            true => "N",
            false => word,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The timeline's legend: a swatch of each colour with what its bars stand for.
pub fn legend<'a, Message: 'a>(timeline: &Timeline) -> Element<'a, Message> {
    let entries = timeline
        .kinds()
        .into_iter()
        .enumerate()
        .map(|(index, kind)| {
            let swatch = container(space())
                .width(14)
                .height(10)
                .style(move |theme: &Theme| container::Style {
                    background: Some(kind_color(theme, index).into()),
                    border: iced::border::rounded(3),
                    ..container::Style::default()
                });
            row![swatch, text(kind).size(size::SMALL).style(theme::muted)]
                .spacing(6)
                .align_y(Alignment::Center)
                .into()
        });
    row(entries).spacing(16).wrap().vertical_spacing(6).into()
}

/// The colour of the `index`th kind of bar: bars of one kind share a colour, so repeated
/// steps read as a pattern, and kinds take the colours in turn, so the first few differ.
fn kind_color(theme: &Theme, index: usize) -> Color {
    let palette = theme.palette();
    let choices = [
        palette.primary,
        palette.success,
        palette.warning,
        colors(theme).syntax.keyword,
        palette.danger,
    ];
    choices[index % choices.len()]
}

impl<Message> canvas::Program<Message> for Timeline {
    /// The bar the pointer is on.
    type State = Option<usize>;

    fn update(
        &self,
        hovered: &mut Option<usize>,
        _event: &canvas::Event,
        bounds: Rectangle,
        cursor: mouse::Cursor,
    ) -> Option<canvas::Action<Message>> {
        let now = cursor
            .position_in(bounds)
            .and_then(|point| self.bar_at(point, bounds.width));
        if now == *hovered {
            return None;
        }
        *hovered = now;
        Some(canvas::Action::request_redraw())
    }

    fn draw(
        &self,
        hovered: &Option<usize>,
        renderer: &Renderer,
        theme: &Theme,
        bounds: Rectangle,
        _cursor: mouse::Cursor,
    ) -> Vec<Geometry> {
        let mut frame = plot::frame(renderer, bounds, theme);
        let palette = colors(theme);
        let plot_width = (bounds.width - NAMES_WIDTH).max(1.0);
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
        let kinds = self.kinds();
        for bar in &self.bars {
            let kind = label_kind(&bar.label);
            let kind_index = kinds.iter().position(|known| *known == kind).unwrap_or(0);
            let at = self.bar_bounds(bar, bounds.width);
            let rect = Path::rounded_rectangle(at.position(), at.size(), 3.0.into());
            frame.fill(
                &rect,
                Color {
                    a: 0.85,
                    ..kind_color(theme, kind_index)
                },
            );
        }
        for (content, top_left) in self.axis(bounds.width, plot::measure) {
            frame.fill_text(plot::label(content, top_left, palette.muted));
        }
        if let Some(bar) = hovered.and_then(|index| self.bars.get(index)) {
            self.draw_readout(&mut frame, theme, bar, bounds.width);
        }
        vec![frame.into_geometry()]
    }
}

impl Timeline {
    /// What `bar` was, in a box over it (under it on the top lane), inside the canvas.
    fn draw_readout(&self, frame: &mut canvas::Frame, theme: &Theme, bar: &Bar, width: f32) {
        let palette = colors(theme);
        let ms = |at: Duration| at.as_secs_f64() * 1000.0;
        let content = format!(
            "{} · {} · {:.1}–{:.1} ms",
            self.lanes[bar.lane],
            bar.label,
            ms(bar.start),
            ms(bar.end)
        );
        let text_size = plot::measure(&content);
        let size = Size::new(
            text_size.width + 2.0 * READOUT_PADDING,
            text_size.height + READOUT_PADDING,
        );
        let at = self.bar_bounds(bar, width);
        let x = plot::centred_within(at.center_x(), size.width, width);
        let above = at.y - BAR_INSET - size.height;
        let y = if above >= 0.0 {
            above
        } else {
            at.y + at.height + BAR_INSET
        };
        let readout = Path::rounded_rectangle(Point::new(x, y), size, 4.0.into());
        frame.fill(&readout, palette.surface);
        frame.stroke(
            &readout,
            Stroke::default().with_color(palette.border).with_width(1.0),
        );
        frame.fill_text(plot::label(
            content,
            Point::new(x + READOUT_PADDING, y + READOUT_PADDING / 2.0),
            theme.palette().text,
        ));
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

    #[test]
    fn steps_of_one_kind_share_a_colour_and_a_line_in_the_legend() {
        let mut timeline = Timeline::default();
        let ms = Duration::from_millis;
        timeline.push("thread 1", ms(0), ms(5), "step 1 of 2".into());
        timeline.push("thread 2", ms(0), ms(5), "waiting for lock A".into());
        timeline.push("thread 1", ms(5), ms(9), "step 2 of 2".into());
        timeline.push("thread 2", ms(5), ms(9), "rows 1-40".into());
        assert_eq!(
            timeline.kinds(),
            ["step N of N", "waiting for lock A", "rows N"]
        );
    }

    #[test]
    fn the_bar_under_the_pointer_is_found_on_its_lane() {
        let mut timeline = Timeline::default();
        let ms = Duration::from_millis;
        timeline.push("thread 1", ms(0), ms(50), "work".into());
        timeline.push("thread 2", ms(50), ms(100), "work".into());
        let width = NAMES_WIDTH + 100.0;
        let middle_of_lane = |lane: f32| lane * LANE_HEIGHT + LANE_HEIGHT / 2.0;
        assert_eq!(
            timeline.bar_at(Point::new(NAMES_WIDTH + 25.0, middle_of_lane(0.0)), width),
            Some(0)
        );
        assert_eq!(
            timeline.bar_at(Point::new(NAMES_WIDTH + 75.0, middle_of_lane(1.0)), width),
            Some(1)
        );
        assert_eq!(
            timeline.bar_at(Point::new(NAMES_WIDTH + 75.0, middle_of_lane(0.0)), width),
            None,
            "thread 1 was idle then"
        );
        assert_eq!(
            timeline.bar_at(Point::new(10.0, middle_of_lane(0.0)), width),
            None,
            "over the names"
        );
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
