//! A long list of equally tall rows in a scrollable, built a window at a time.
//!
//! A widget per row does not scale to a 100,000-card search: building and laying them out
//! takes seconds a frame. Only the rows in view, and a few either side so a quick scroll
//! shows no gap before the next frame, become widgets; two spacers stand for the rest, so
//! the scrollable's content, and so its scrollbar, have the whole list's height.

use std::ops::Range;

use iced::widget::operation::{self, AbsoluteOffset};
use iced::widget::{column, responsive, scrollable, space};
use iced::{Element, Fill, Task};

use crate::gui::theme;

/// Rows built beyond each edge of the viewport.
const OVERSCAN: usize = 8;

/// Where a list is scrolled to, and how tall its visible part is, in logical pixels.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Viewport {
    pub offset: f32,
    pub height: f32,
}

/// The rows to build, `start..end`, for a list of `count` rows of `row_height` seen through
/// `viewport`. An offset beyond the end (a stale one after a shorter search) is clamped as
/// the scrollable clamps it.
pub fn window(viewport: Viewport, row_height: f32, count: usize) -> Range<usize> {
    let height = viewport.height.max(0.0);
    let max_offset = (count as f32 * row_height - height).max(0.0);
    let offset = viewport.offset.clamp(0.0, max_offset);
    let first = (offset / row_height).floor() as usize;
    let last = ((offset + height) / row_height).ceil() as usize;
    first.saturating_sub(OVERSCAN).min(count)..(last + OVERSCAN).min(count)
}

/// The offset that brings row `index` just into `viewport`, or `None` if it is in view.
pub fn reveal(index: usize, viewport: Viewport, row_height: f32) -> Option<f32> {
    let top = index as f32 * row_height;
    let bottom = top + row_height;
    if top < viewport.offset {
        Some(top)
    } else if bottom > viewport.offset + viewport.height {
        Some((bottom - viewport.height).max(0.0))
    } else {
        None
    }
}

/// Scrolls the list with `id` to `offset`.
pub fn scroll_to<Message: 'static>(id: &'static str, offset: f32) -> Task<Message> {
    operation::scroll_to(
        id,
        AbsoluteOffset {
            x: None,
            y: Some(offset),
        },
    )
}

/// `count` rows of `row_height`, drawn by `row`, in a scrollable with `id` that fills the
/// space it is given. `offset` is the last one `on_scroll` reported; the height of the
/// visible part comes from the layout, so a resized window never shows blank rows.
pub fn view<'a, Message: 'a>(
    id: &'static str,
    count: usize,
    row_height: f32,
    offset: f32,
    on_scroll: impl Fn(Viewport) -> Message + Copy + 'a,
    row: impl Fn(usize) -> Element<'a, Message> + 'a,
) -> Element<'a, Message> {
    let spacer = move |rows: usize| space().height(rows as f32 * row_height);
    responsive(move |size| {
        let rows = window(
            Viewport {
                offset,
                height: size.height,
            },
            row_height,
            count,
        );
        let list = column![
            spacer(rows.start),
            column(rows.clone().map(&row)),
            spacer(count - rows.end),
        ]
        .width(Fill);
        scrollable(list)
            .id(id)
            .height(Fill)
            .on_scroll(move |viewport| {
                on_scroll(Viewport {
                    offset: viewport.absolute_offset().y,
                    height: viewport.bounds().height,
                })
            })
            .style(theme::scrollable)
            .into()
    })
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROW: f32 = 32.0;

    fn at(offset: f32, height: f32) -> Viewport {
        Viewport { offset, height }
    }

    #[test]
    fn the_window_is_the_rows_in_view_and_a_few_more() {
        assert_eq!(window(at(0.0, 320.0), ROW, 100_000), 0..10 + OVERSCAN);
        // Scrolled to row 50 000 and a half: rows 50 000 to 50 010 show, partly.
        let offset = 50_000.5 * ROW;
        assert_eq!(
            window(at(offset, 320.0), ROW, 100_000),
            50_000 - OVERSCAN..50_011 + OVERSCAN
        );
    }

    #[test]
    fn the_window_stays_inside_the_list() {
        assert_eq!(window(at(0.0, 320.0), ROW, 3), 0..3);
        assert_eq!(window(at(0.0, 320.0), ROW, 0), 0..0);
        let bottom = 100_000.0 * ROW - 320.0;
        assert_eq!(
            window(at(bottom, 320.0), ROW, 100_000),
            99_990 - OVERSCAN..100_000
        );
        // An offset from a longer, earlier result shows the end of this one, as iced does.
        assert_eq!(window(at(bottom, 320.0), ROW, 500), 490 - OVERSCAN..500);
        assert_eq!(window(at(-5.0, 320.0), ROW, 500), 0..10 + OVERSCAN);
    }

    #[test]
    fn revealing_scrolls_only_as_far_as_needed() {
        let view = at(100.0 * ROW, 10.0 * ROW);
        assert_eq!(reveal(100, view, ROW), None, "first row in view");
        assert_eq!(reveal(109, view, ROW), None, "last row in view");
        assert_eq!(reveal(99, view, ROW), Some(99.0 * ROW), "up to its top");
        assert_eq!(
            reveal(110, view, ROW),
            Some(101.0 * ROW),
            "down to its bottom"
        );
        assert_eq!(reveal(90_000, view, ROW), Some(89_991.0 * ROW));
    }
}
