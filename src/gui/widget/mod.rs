//! Widgets the screens share.

pub mod card_face;
pub mod chart;
pub mod plot;
pub mod timeline;
pub mod virtual_list;

use iced::widget::{container, text};
use iced::{Element, Fill, Font, font};

use crate::gui::theme::{self, size};

pub fn bold() -> Font {
    Font {
        weight: font::Weight::Bold,
        ..Font::DEFAULT
    }
}

/// A screen's title.
pub fn title<'a, Message: 'a>(label: &'a str) -> Element<'a, Message> {
    text(label).size(size::HERO).font(bold()).into()
}

/// A problem the person should see, on a tinted strip.
pub fn banner<'a, Message: 'a>(message: &'a str) -> Element<'a, Message> {
    container(text(message))
        .padding(12)
        .width(Fill)
        .style(theme::banner)
        .into()
}

/// The outcome of the last action: a quiet notice, or a banner for a failure.
pub fn outcome<'a, Message: 'a>(outcome: &'a Result<String, String>) -> Element<'a, Message> {
    match outcome {
        Ok(notice) => text(notice.as_str()).style(theme::muted).into(),
        Err(error) => banner(error),
    }
}
