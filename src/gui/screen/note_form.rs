//! The fields and tags of one note, as inputs. Shared by the add/edit screen and the browser.
//!
//! Fields are multi-line editors of the field's HTML. Enter breaks the line on the card: a
//! newline typed between text is saved as `<br>` (see [`line_breaks`]). A field left as it
//! was is saved byte for byte as it came. Ctrl+B, Ctrl+I and Ctrl+U wrap the selection
//! in bold, italic and underline tags, as Anki's editor does, and a picture pasted with
//! Ctrl+V goes into the media folder with an `<img>` in the field.

use iced::keyboard::{Key, key::Named};
use iced::widget::text_editor::{self, Binding, Content, KeyPress};
use iced::widget::{column, text, text_editor as editor, text_input};
use iced::{Element, Fill, Task};

use crate::gui::store::Store;
use crate::gui::theme::{self, size};
use spool_core::app::NoteEdit;
use spool_core::render::line_breaks;
use spool_core::store::{DeckId, split_tags};

/// The widget id of the first field's editor, which takes the keyboard when a note opens.
pub const FIRST_FIELD: &str = "field-0";

const FIELD_TEXT_SIZE: f32 = size::BODY + 1.0;
const FIELD_LINE_HEIGHT: f32 = 1.35;
/// A field grows with its text up to this many lines; longer text scrolls inside it.
const FIELD_MAX_LINES: f32 = 12.0;

/// The height of `lines` lines of a field's text (iced adds the padding around it).
fn field_height(lines: f32) -> f32 {
    lines * FIELD_TEXT_SIZE * FIELD_LINE_HEIGHT
}

#[derive(Debug, Default)]
pub struct NoteForm {
    names: Vec<String>,
    fields: Vec<Content>,
    /// Each field's HTML as it came, and as its editor first showed it.
    loaded: Vec<(String, String)>,
    tags: String,
    paste_error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    FieldEdited(usize, text_editor::Action),
    /// A formatting key in a field: its selection (or the cursor) goes inside the tag.
    Format(usize, Format),
    /// Ctrl+V in a field: a picture on the clipboard, or else its text.
    Paste(usize),
    /// A pasted picture is in the media folder under this name, or could not be kept.
    ImageSaved(usize, Result<String, String>),
    TagsChanged(String),
}

/// What the form needs done on the collection worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Keep this PNG in the media folder, then answer with [`Message::ImageSaved`].
    SaveImage { field: usize, png: Vec<u8> },
}

impl Request {
    /// Does the request on the worker; its answer is a message for the form.
    pub fn run(self, store: &Store) -> Task<Message> {
        match self {
            Request::SaveImage { field, png } => Task::perform(
                store.call(move |spool| spool.add_media(&png, "png")),
                move |saved| Message::ImageSaved(field, saved.map_err(|error| error.to_string())),
            ),
        }
    }
}

/// What Anki's formatting keys do to a field's HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Bold,
    Italic,
    Underline,
}

impl Format {
    fn tag(self) -> &'static str {
        match self {
            Format::Bold => "b",
            Format::Italic => "i",
            Format::Underline => "u",
        }
    }

    fn for_key(key: &Key) -> Option<Format> {
        match key.as_ref() {
            Key::Character("b") => Some(Format::Bold),
            Key::Character("i") => Some(Format::Italic),
            Key::Character("u") => Some(Format::Underline),
            _ => None,
        }
    }
}

impl NoteForm {
    /// An empty form for a note type with these fields.
    pub fn empty(names: Vec<String>) -> NoteForm {
        NoteForm::filled(names, Vec::new(), &[])
    }

    /// A form holding an existing note.
    pub fn filled(names: Vec<String>, values: Vec<String>, tags: &[String]) -> NoteForm {
        let loaded: Vec<(String, String)> = values
            .into_iter()
            .map(|html| {
                let shown = line_breaks::to_editor_text(&html);
                (html, shown)
            })
            .collect();
        let mut fields: Vec<Content> = loaded
            .iter()
            .map(|(_, shown)| Content::with_text(shown))
            .collect();
        fields.resize_with(names.len(), Content::new);
        NoteForm {
            names,
            fields,
            loaded,
            tags: tags.join(" "),
            paste_error: None,
        }
    }

    /// Empties the fields and keeps the tags, for adding the next note of the same kind.
    pub fn clear_fields(&mut self) {
        self.fields
            .iter_mut()
            .for_each(|field| *field = Content::new());
        self.loaded.clear();
    }

    /// The fields' HTML: as they came where untouched, else with typed line breaks as `<br>`.
    pub fn values(&self) -> Vec<String> {
        self.fields
            .iter()
            .enumerate()
            .map(|(index, field)| {
                let text = field.text();
                match self.loaded.get(index) {
                    Some((html, shown)) if *shown == text => html.clone(),
                    _ => line_breaks::from_editor_text(&text),
                }
            })
            .collect()
    }

    pub fn tags(&self) -> Vec<String> {
        split_tags(&self.tags)
    }

    /// The form's fields and tags as an edit of the note they were filled from; any cards
    /// the new fields call for go into `deck_id`.
    pub fn edit(&self, deck_id: DeckId) -> NoteEdit {
        NoteEdit {
            fields: self.values(),
            tags: self.tags(),
            deck_id,
        }
    }

    pub fn update(&mut self, message: Message) -> Option<Request> {
        match message {
            Message::FieldEdited(index, action) => {
                if let Some(field) = self.fields.get_mut(index) {
                    field.perform(action);
                }
            }
            Message::Format(index, format) => {
                if let Some(field) = self.fields.get_mut(index) {
                    wrap_selection(field, format.tag());
                }
            }
            Message::Paste(index) => match clipboard() {
                Some(Clipboard::Picture(png)) => {
                    return Some(Request::SaveImage { field: index, png });
                }
                Some(Clipboard::Text(text)) => self.paste(index, text),
                None => {}
            },
            // The name is `paste-<hex>.png`: nothing in it needs escaping.
            Message::ImageSaved(index, Ok(name)) => {
                self.paste_error = None;
                self.paste(index, format!("<img src=\"{name}\">"));
            }
            Message::ImageSaved(_, Err(error)) => {
                self.paste_error = Some(format!("The pasted picture could not be kept: {error}"));
            }
            Message::TagsChanged(tags) => self.tags = tags,
        }
        None
    }

    fn paste(&mut self, index: usize, text: String) {
        if let Some(field) = self.fields.get_mut(index) {
            field.perform(text_editor::Action::Edit(text_editor::Edit::Paste(
                std::sync::Arc::new(text),
            )));
        }
    }

    /// Labelled editors, one per field, then the tags. They have ids `field-N` and `tags`.
    /// Each field is at least `min_lines` tall: roomy where the form has the screen, one
    /// line (as in Anki) where it shares it.
    pub fn view(&self, min_lines: f32) -> Element<'_, Message> {
        let fields =
            self.names
                .iter()
                .zip(&self.fields)
                .enumerate()
                .map(|(index, (name, field))| {
                    labelled(
                        name,
                        editor(field)
                            .id(format!("field-{index}"))
                            .placeholder(name.as_str())
                            .on_action(move |action| Message::FieldEdited(index, action))
                            .key_binding(move |press| field_keys(index, press))
                            .padding(10)
                            .size(FIELD_TEXT_SIZE)
                            .line_height(FIELD_LINE_HEIGHT)
                            .min_height(field_height(min_lines))
                            .max_height(field_height(FIELD_MAX_LINES))
                            .style(theme::editor)
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
        let error = self
            .paste_error
            .as_deref()
            .map(|error| text(error).size(size::SMALL).style(theme::muted).into());
        column(fields.chain(error).chain(std::iter::once(tags)))
            .spacing(14)
            .width(Fill)
            .into()
    }
}

/// Keys in field `index` edit as usual, except Ctrl+Enter, which submits the form (a
/// shortcut the root maps) and must not also break the line, and the formatting keys.
fn field_keys(index: usize, press: KeyPress) -> Option<Binding<Message>> {
    // Every field is asked about every key; only the one with the keyboard acts on it.
    if !matches!(press.status, text_editor::Status::Focused { .. }) {
        return Binding::from_key_press(press);
    }
    let command = press.modifiers.command() && !press.modifiers.shift();
    if command && press.key == Key::Named(Named::Enter) {
        return None;
    }
    if command && press.key.as_ref() == Key::Character("v") {
        return Some(Binding::Custom(Message::Paste(index)));
    }
    match Format::for_key(&press.key) {
        Some(format) if command => Some(Binding::Custom(Message::Format(index, format))),
        _ => Binding::from_key_press(press),
    }
}

/// What the system clipboard holds.
enum Clipboard {
    /// A picture, as PNG.
    Picture(Vec<u8>),
    Text(String),
}

fn clipboard() -> Option<Clipboard> {
    let mut clipboard = arboard::Clipboard::new().ok()?;
    if let Ok(picture) = clipboard.get_image() {
        let width = u32::try_from(picture.width).ok()?;
        let height = u32::try_from(picture.height).ok()?;
        let mut png = Vec::new();
        image::RgbaImage::from_raw(width, height, picture.bytes.into_owned())?
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .ok()?;
        return Some(Clipboard::Picture(png));
    }
    clipboard.get_text().ok().map(Clipboard::Text)
}

/// Puts the field's selection between `<tag>` and `</tag>`; with nothing selected, the pair
/// goes in at the cursor with the cursor between them, to type into.
fn wrap_selection(field: &mut Content, tag: &str) {
    use text_editor::{Action, Edit, Motion};
    let selected = field.selection().unwrap_or_default();
    let wrapped = format!("<{tag}>{selected}</{tag}>");
    field.perform(Action::Edit(Edit::Paste(std::sync::Arc::new(wrapped))));
    if selected.is_empty() {
        for _ in 0..tag.len() + 3 {
            field.perform(Action::Move(Motion::Left));
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use iced::keyboard::Modifiers;
    use iced::keyboard::key::{NativeCode, Physical};
    use iced::widget::text_editor::{Action, Edit, Status};

    fn names() -> Vec<String> {
        vec!["Front".into(), "Back".into()]
    }

    fn type_into(form: &mut NoteForm, index: usize, typed: &str) {
        for c in typed.chars() {
            let edit = if c == '\n' {
                Edit::Enter
            } else {
                Edit::Insert(c)
            };
            form.update(Message::FieldEdited(index, Action::Edit(edit)));
        }
    }

    #[test]
    fn fields_save_what_was_typed_and_no_trailing_newline() {
        let mut form = NoteForm::empty(names());
        type_into(&mut form, 0, "<b>Send</b>\npromises");
        type_into(&mut form, 1, "moves");
        assert_eq!(form.values(), ["<b>Send</b><br>promises", "moves"]);

        type_into(&mut form, 1, "\n");
        assert_eq!(form.values()[1], "moves\n", "a typed final newline is kept");
    }

    #[test]
    fn existing_fields_round_trip_unchanged() {
        let values = vec![
            "one\r\ntwo".to_string(),
            "<p>a</p>\n\n<p>b</p>\n".to_string(),
        ];
        let form = NoteForm::filled(names(), values.clone(), &[]);
        assert_eq!(form.values(), values);

        // A note with fewer values than its type has fields shows the rest empty.
        let form = NoteForm::filled(names(), vec!["only".into()], &[]);
        assert_eq!(form.values(), ["only", ""]);
    }

    #[test]
    fn a_br_shows_as_a_line_break_and_an_edited_field_keeps_it() {
        let values = vec!["one<br>two".to_string(), "<p>x</p>\ny".to_string()];
        let mut form = NoteForm::filled(names(), values, &[]);
        assert_eq!(form.fields[0].text(), "one\ntwo");
        type_into(&mut form, 0, "!");
        let saved = form.values();
        assert!(
            saved[0].contains("one<br>two") && saved[0].contains('!'),
            "{}",
            saved[0]
        );
        assert_eq!(
            saved[1], "<p>x</p>\ny",
            "the untouched field is saved as it came"
        );
    }

    #[test]
    fn clearing_keeps_the_tags() {
        let mut form = NoteForm::filled(names(), vec!["q".into(), "a".into()], &["x".into()]);
        form.clear_fields();
        assert_eq!(form.values(), ["", ""]);
        assert_eq!(form.tags(), ["x"]);
    }

    #[test]
    fn enter_breaks_the_line_and_ctrl_enter_is_left_to_submit() {
        let press = |modifiers| KeyPress {
            key: Key::Named(Named::Enter),
            modified_key: Key::Named(Named::Enter),
            physical_key: Physical::Unidentified(NativeCode::Unidentified),
            modifiers,
            text: Some("\r".into()),
            status: Status::Focused { is_hovered: false },
        };
        assert!(matches!(
            field_keys(0, press(Modifiers::empty())),
            Some(Binding::Enter)
        ));
        assert!(field_keys(0, press(Modifiers::CTRL)).is_none());
    }

    #[test]
    fn formatting_keys_wrap_the_selection_or_open_a_pair_at_the_cursor() {
        let key = |character: &str, modifiers| KeyPress {
            key: Key::Character(character.into()),
            modified_key: Key::Character(character.into()),
            physical_key: Physical::Unidentified(NativeCode::Unidentified),
            modifiers,
            text: Some(character.into()),
            status: Status::Focused { is_hovered: false },
        };
        let mut form = NoteForm::empty(names());
        type_into(&mut form, 1, "Send and Sync");
        // Select "Sync": the last four characters.
        for _ in 0..4 {
            form.update(Message::FieldEdited(
                1,
                Action::Select(text_editor::Motion::Left),
            ));
        }
        match field_keys(1, key("b", Modifiers::CTRL)) {
            Some(Binding::Custom(message)) => assert_eq!(form.update(message), None),
            other => panic!("Ctrl+B is not bold: {other:?}"),
        }
        assert_eq!(form.values()[1], "Send and <b>Sync</b>");

        let Some(Binding::Custom(italic)) = field_keys(0, key("i", Modifiers::CTRL)) else {
            panic!("Ctrl+I is not italic");
        };
        assert_eq!(form.update(italic), None);
        type_into(&mut form, 0, "Rust");
        assert_eq!(form.values()[0], "<i>Rust</i>", "typed between the pair");
        assert!(
            matches!(
                field_keys(0, key("b", Modifiers::empty())),
                Some(Binding::Insert('b'))
            ),
            "a plain b is typed"
        );
        assert!(matches!(
            field_keys(0, key("v", Modifiers::CTRL)),
            Some(Binding::Custom(Message::Paste(0)))
        ));
        let unfocused = KeyPress {
            status: Status::Hovered,
            ..key("v", Modifiers::CTRL)
        };
        assert!(
            field_keys(1, unfocused).is_none(),
            "a field without the keyboard does not paste"
        );
    }

    #[test]
    fn a_kept_picture_goes_into_the_field_as_an_image() {
        let mut form = NoteForm::empty(names());
        type_into(&mut form, 0, "Look: ");
        let saved = Message::ImageSaved(0, Ok("paste-ab12.png".into()));
        assert_eq!(form.update(saved), None);
        assert_eq!(form.values()[0], "Look: <img src=\"paste-ab12.png\">");
        let failed = Message::ImageSaved(1, Err("disk full".into()));
        assert_eq!(form.update(failed), None);
        assert_eq!(form.values()[1], "", "nothing inserted");
        assert!(
            form.paste_error
                .as_deref()
                .is_some_and(|e| e.contains("disk full"))
        );
    }
}
