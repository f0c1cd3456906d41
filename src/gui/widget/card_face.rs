//! A drawn card face in the window: the picture the face painter made, at its size, with
//! the pointer followed so a click can be asked what it hit.

use iced::widget::{container, image, mouse_area, space};
use iced::{Element, Point, Size};

use crate::gui::faces::{Drawn, FaceId};

/// The width faces are drawn at before the card's own width is known.
pub const DEFAULT_WIDTH: u32 = 700;

/// Space kept between a face and its card's edge, so the face leaves the card's 1 px
/// border showing.
pub const INSET: f32 = 1.0;

/// The width to draw faces at for a card area of `size`, its [`INSET`] on both sides left.
pub fn width_for(size: Size) -> u32 {
    (size.width - 2.0 * INSET).floor().max(120.0) as u32
}

/// The face, or an empty space of its height-to-be while it is drawn.
pub fn view<'a, Message: Clone + 'a>(
    drawn: Option<&'a Drawn>,
    on_move: impl Fn(Point) -> Message + 'a,
    on_click: impl Fn(FaceId) -> Message + 'a,
) -> Element<'a, Message> {
    let Some(drawn) = drawn else {
        return space().into();
    };
    mouse_area(container(picture(Some(drawn))))
        .on_move(on_move)
        .on_press(on_click(drawn.id))
        .into()
}

/// The face as a picture only, for a preview that is looked at, not clicked.
pub fn picture<'a, Message: 'a>(drawn: Option<&'a Drawn>) -> Element<'a, Message> {
    let Some(drawn) = drawn else {
        return space().into();
    };
    // Drawn at the window's scale already: shown pixel for pixel.
    image(drawn.image.clone())
        .width(drawn.width)
        .height(drawn.height)
        .filter_method(image::FilterMethod::Nearest)
        .into()
}

/// Opens `url` in the system's browser.
pub fn open_in_browser(url: &str) -> Result<(), String> {
    std::process::Command::new("xdg-open")
        .arg(url)
        .spawn()
        .map(drop)
        .map_err(|error| format!("Cannot open {url}: {error}"))
}
