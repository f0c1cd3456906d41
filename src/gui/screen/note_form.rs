//! The fields and tags of one note, as inputs. Shared by the add/edit screen and the browser.

use iced::widget::{column, text, text_input};
use iced::{Element, Fill};

use crate::gui::theme::{self, size};
use crate::store::split_tags;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct NoteForm {
    names: Vec<String>,
    values: Vec<String>,
    tags: String,
}

#[derive(Debug, Clone)]
pub enum Message {
    FieldChanged(usize, String),
    TagsChanged(String),
}

impl NoteForm {
    /// An empty form for a note type with these fields.
    pub fn empty(names: Vec<String>) -> NoteForm {
        let values = vec![String::new(); names.len()];
        NoteForm {
            names,
            values,
            tags: String::new(),
        }
    }

    /// A form holding an existing note.
    pub fn filled(names: Vec<String>, mut values: Vec<String>, tags: &[String]) -> NoteForm {
        values.resize(names.len(), String::new());
        NoteForm {
            names,
            values,
            tags: tags.join(" "),
        }
    }

    /// Empties the fields and keeps the tags, for adding the next note of the same kind.
    pub fn clear_fields(&mut self) {
        self.values.iter_mut().for_each(String::clear);
    }

    pub fn values(&self) -> Vec<String> {
        self.values.clone()
    }

    pub fn tags(&self) -> Vec<String> {
        split_tags(&self.tags)
    }

    pub fn update(&mut self, message: Message) {
        match message {
            Message::FieldChanged(index, value) => {
                if let Some(slot) = self.values.get_mut(index) {
                    *slot = value;
                }
            }
            Message::TagsChanged(tags) => self.tags = tags,
        }
    }

    /// Labelled inputs, one per field, then the tags. Inputs have ids `field-N` and `tags`.
    pub fn view(&self) -> Element<'_, Message> {
        let fields =
            self.names
                .iter()
                .zip(&self.values)
                .enumerate()
                .map(|(index, (name, value))| {
                    labelled(
                        name,
                        text_input(name, value)
                            .id(format!("field-{index}"))
                            .on_input(move |value| Message::FieldChanged(index, value))
                            .padding(10)
                            .size(size::BODY + 1.0)
                            .style(theme::input)
                            .into(),
                    )
                });
        let tags = labelled(
            "Tags",
            text_input("space separated", &self.tags)
                .id("tags")
                .on_input(Message::TagsChanged)
                .padding(10)
                .style(theme::input)
                .into(),
        );
        column(fields.chain(std::iter::once(tags)))
            .spacing(14)
            .width(Fill)
            .into()
    }
}

/// A small caption over an input.
pub fn labelled<'a, Message: 'a>(
    label: &'a str,
    input: Element<'a, Message>,
) -> Element<'a, Message> {
    column![text(label).size(size::SMALL).style(theme::muted), input]
        .spacing(6)
        .into()
}
