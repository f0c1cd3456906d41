//! Where a laid-out formula puts ink. Glyph outlines and rules may reach past the box
//! Typst lays the formula out in (an italic f past its advance, a stretched bracket past
//! its line), and an image cut to that box would cut them off.

use ttf_parser::GlyphId;
use typst::layout::{Frame, FrameItem, Point, Rect, Transform};
use typst::text::TextItem;

/// The smallest rectangle holding all of `frame`'s glyphs and shapes, in its coordinates.
pub(crate) fn ink_bounds(frame: &Frame) -> Option<Rect> {
    let mut bounds = None;
    add_frame(&mut bounds, frame, Transform::identity());
    bounds
}

fn add_frame(bounds: &mut Option<Rect>, frame: &Frame, transform: Transform) {
    for (position, item) in frame.items() {
        let transform = transform.pre_concat(Transform::translate(position.x, position.y));
        match item {
            FrameItem::Group(group) => {
                add_frame(bounds, &group.frame, transform.pre_concat(group.transform));
            }
            FrameItem::Text(text) => {
                for glyph in glyph_boxes(text) {
                    add_rect(bounds, glyph, transform);
                }
            }
            FrameItem::Shape(shape, _) => add_rect(bounds, shape.bbox(true), transform),
            FrameItem::Image(..) | FrameItem::Link(..) | FrameItem::Tag(_) => {}
        }
    }
}

/// The outline box of each of a text's glyphs, relative to the text's origin on its
/// baseline (font units grow upwards, frames downwards).
fn glyph_boxes(text: &TextItem) -> impl Iterator<Item = Rect> + '_ {
    let font = &text.font;
    let scale = |units: i16| font.to_em(units).at(text.size);
    let mut pen = typst::layout::Abs::zero();
    text.glyphs.iter().filter_map(move |glyph| {
        let origin = Point::new(
            pen + glyph.x_offset.at(text.size),
            -glyph.y_offset.at(text.size),
        );
        pen += glyph.x_advance.at(text.size);
        let outline = font.ttf().glyph_bounding_box(GlyphId(glyph.id))?;
        Some(Rect::new(
            origin + Point::new(scale(outline.x_min), -scale(outline.y_max)),
            origin + Point::new(scale(outline.x_max), -scale(outline.y_min)),
        ))
    })
}

fn add_rect(bounds: &mut Option<Rect>, rect: Rect, transform: Transform) {
    let corners = [
        rect.min,
        rect.max,
        Point::new(rect.min.x, rect.max.y),
        Point::new(rect.max.x, rect.min.y),
    ]
    .map(|corner| corner.transform(transform));
    for corner in corners {
        let grown = bounds.get_or_insert(Rect::new(corner, corner));
        grown.min = grown.min.min(corner);
        grown.max = grown.max.max(corner);
    }
}
