//! What every chart canvas shares: a frame that is repainted whole, and labels placed by
//! their top-left corner.
//!
//! iced 0.14's tiny-skia renderer repaints only the damage it computes between two frames,
//! and for canvas content that damage falls short: a text's is what lies right of and below
//! its position, whatever its alignment (iced-rs/iced#3384), and a shape's is its exact
//! outline, without the anti-aliased pixels around it. A live chart then keeps stale pixels:
//! the demo timeline showed an old "201 ms" at the end of its axis while the run went on, and
//! faint lines of old bars. So a chart frame starts with its whole background, which puts the
//! whole canvas in the damage; and labels are measured, so the charts place each label's box
//! where it fits inside the canvas instead of aligning text around a point, which also keeps
//! a text's own damage over its glyphs.

use iced::advanced::text::Paragraph as _;
use iced::widget::canvas::{Frame, Path, Text};
use iced::{Color, Point, Rectangle, Renderer, Size, Theme, advanced};

use crate::gui::theme::{colors, size};

/// Text size of every chart label.
const SIZE: f32 = size::SMALL - 1.0;

/// A frame for a chart on a card, its background already painted.
pub fn frame(renderer: &Renderer, bounds: Rectangle, theme: &Theme) -> Frame {
    let mut frame = Frame::new(renderer, bounds.size());
    frame.fill(
        &Path::rectangle(Point::ORIGIN, bounds.size()),
        colors(theme).surface,
    );
    frame
}

/// A chart label whose box starts at `top_left`.
pub fn label(content: impl Into<String>, top_left: Point, color: Color) -> Text {
    Text {
        content: content.into(),
        position: top_left,
        color,
        size: SIZE.into(),
        ..Text::default()
    }
}

/// The room `content` takes as a chart label.
pub fn measure(content: &str) -> Size {
    measure_at(content, label("", Point::ORIGIN, Color::BLACK).size)
}

/// The room `content` takes on one line in the default font at `size`.
pub fn measure_at(content: &str, size: iced::Pixels) -> Size {
    let text = label("", Point::ORIGIN, Color::BLACK);
    <Renderer as advanced::text::Renderer>::Paragraph::with_text(advanced::Text {
        content,
        bounds: Size::INFINITE,
        size,
        line_height: text.line_height,
        font: text.font,
        align_x: text.align_x,
        align_y: text.align_y,
        shaping: text.shaping,
        wrapping: advanced::text::Wrapping::None,
    })
    .min_bounds()
}

/// Where a box of `width` centred on `center` starts, moved inside `0..=limit` when it would
/// stick out of either end.
pub fn centred_within(center: f32, width: f32, limit: f32) -> f32 {
    (center - width / 2.0).min(limit - width).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_centred_box_stays_inside_its_limits() {
        assert_eq!(centred_within(50.0, 20.0, 100.0), 40.0);
        assert_eq!(centred_within(4.0, 20.0, 100.0), 0.0, "at the left edge");
        assert_eq!(centred_within(98.0, 20.0, 100.0), 80.0, "at the right edge");
        assert_eq!(
            centred_within(5.0, 120.0, 100.0),
            0.0,
            "wider than the room: starts at the left"
        );
    }
}
