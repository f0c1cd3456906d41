//! A card's faces in a panel, drawn by the same painter as study: the browser's selected
//! card, the note being written in the editor, and card info. The question or the answer,
//! and for a note of several cards, which one.

use std::path::PathBuf;

use iced::widget::{button, column, container, row, scrollable, sensor, space, text};
use iced::{Alignment, Element, Fill, Length, Size, Task};
use spool_core::render::CardFaces;
use spool_core::render::sound::Side;

use crate::gui::faces::{DrawError, Drawn, Painting};
use crate::gui::theme::{self, size};
use crate::gui::widget::card_face;

#[derive(Debug, Default)]
pub struct Preview {
    cards: Vec<CardFaces>,
    media_dir: PathBuf,
    card: usize,
    side: Side,
    drawn: Option<Drawn>,
    error: Option<String>,
    /// A new drawing starts a new generation; older faces are dropped on arrival.
    generation: u64,
    width: Option<u32>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Show(Side),
    Card(usize),
    Resized(Size),
    Drawn(u64, Result<Drawn, DrawError>),
}

impl Preview {
    /// Shows `cards` (a note's, in card order), keeping the card and side looked at.
    pub fn set(
        &mut self,
        cards: Vec<CardFaces>,
        media_dir: PathBuf,
        painting: &Painting,
    ) -> Task<Message> {
        self.card = self.card.min(cards.len().saturating_sub(1));
        self.cards = cards;
        self.media_dir = media_dir;
        self.draw(painting)
    }

    /// Nothing to show: the panel says so.
    pub fn clear(&mut self) {
        self.cards.clear();
        self.drawn = None;
        self.generation += 1;
    }

    pub fn update(&mut self, message: Message, painting: &Painting) -> Task<Message> {
        match message {
            Message::Show(side) if side != self.side => {
                self.side = side;
                return self.draw(painting);
            }
            Message::Card(card) if card != self.card && card < self.cards.len() => {
                self.card = card;
                return self.draw(painting);
            }
            Message::Resized(area) => {
                let width = card_face::width_for(area);
                if self.width != Some(width) {
                    self.width = Some(width);
                    return self.draw(painting);
                }
            }
            Message::Drawn(generation, drawn) if generation == self.generation => match drawn {
                Ok(drawn) => {
                    self.drawn = Some(drawn);
                    self.error = None;
                }
                Err(error) => self.error = Some(format!("This card cannot be shown: {error}")),
            },
            Message::Show(_) | Message::Card(_) | Message::Drawn(..) => {}
        }
        Task::none()
    }

    fn draw(&mut self, painting: &Painting) -> Task<Message> {
        self.generation += 1;
        let Some(faces) = self.cards.get(self.card) else {
            self.drawn = None;
            return Task::none();
        };
        let html = match self.side {
            Side::Question => faces.question_page(painting.dark, &[]),
            Side::Answer => faces.answer_page("", painting.dark, &[]),
        };
        let width = self.width.unwrap_or(card_face::DEFAULT_WIDTH);
        let page = painting.page(html, self.media_dir.clone(), width);
        let generation = self.generation;
        Task::perform(painting.faces.draw(page), move |drawn| {
            Message::Drawn(generation, drawn)
        })
    }

    /// The faces of the card shown, as HTML.
    pub fn showing(&self) -> Option<&CardFaces> {
        self.cards.get(self.card)
    }

    /// How many cards there are to step through.
    pub fn card_count(&self) -> usize {
        self.cards.len()
    }

    pub fn side(&self) -> Side {
        self.side
    }

    /// The face on screen, once drawn.
    pub fn drawn(&self) -> Option<&Drawn> {
        self.drawn.as_ref()
    }

    pub fn view(&self, empty: &'static str) -> Element<'_, Message> {
        let side = |label: &'static str, side: Side| {
            button(text(label).size(size::SMALL))
                .padding([4, 12])
                .style(theme::nav(self.side == side))
                .on_press(Message::Show(side))
        };
        let mut controls = row![
            side("Question", Side::Question),
            side("Answer", Side::Answer),
            space().width(Fill)
        ]
        .spacing(6)
        .align_y(Alignment::Center);
        if self.cards.len() > 1 {
            let step = |label: &'static str, to: Option<usize>| {
                button(text(label).size(size::SMALL))
                    .padding([4, 10])
                    .style(theme::secondary)
                    .on_press_maybe(to.map(Message::Card))
            };
            controls = controls.extend([
                step("‹", self.card.checked_sub(1)).into(),
                text(format!("Card {} of {}", self.card + 1, self.cards.len()))
                    .size(size::SMALL)
                    .into(),
                step(
                    "›",
                    (self.card + 1 < self.cards.len()).then_some(self.card + 1),
                )
                .into(),
            ]);
        }
        let face: Element<'_, Message> = match (&self.error, self.cards.is_empty()) {
            (Some(error), _) => text(error.as_str()).style(theme::muted).into(),
            (None, true) => text(empty).style(theme::muted).into(),
            (None, false) => card_face::picture(self.drawn.as_ref()),
        };
        let face = container(
            scrollable(column![face].width(Fill).align_x(Alignment::Center))
                .height(Fill)
                .style(theme::scrollable),
        )
        .padding([theme::CARD_RADIUS, card_face::INSET]);
        let face = sensor(face)
            .on_show(Message::Resized)
            .on_resize(Message::Resized);
        let canvas = self.drawn.as_ref().map(|drawn| drawn.canvas);
        let card = container(face)
            .width(Fill)
            .height(Length::Fill)
            .style(move |theme| theme::card_face(theme, canvas));
        column![controls, card].spacing(8).into()
    }
}
