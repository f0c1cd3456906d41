//! The fields and tags of one note, as inputs. Shared by the add/edit screen and the browser.
//!
//! Fields are multi-line editors of the field's HTML. Enter breaks the line on the card: a
//! newline typed between text is saved as `<br>` (see [`line_breaks`]). A field left as it
//! was is saved byte for byte as it came. Ctrl+B, Ctrl+I and Ctrl+U wrap the selection
//! in bold, italic and underline tags, as Anki's editor does, and a picture pasted with
//! Ctrl+V goes into the media folder with an `<img>` in the field.
//!
//! A field with formatting (tags, entities, maths, sounds) is drawn as on a card. The first
//! field, which takes the keyboard, shows its HTML with the drawing under it, redrawn as it
//! is typed; the others show only the drawing until it is clicked. Ctrl+Shift+X opens and
//! closes a field's HTML, as in Anki. A field of plain words is simply its editor.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use iced::keyboard::{Key, key::Named};
use iced::mouse::Interaction;
use iced::widget::text_editor::{self, Binding, Content, KeyPress};
use iced::widget::{
    button, column, container, keyed_column, mouse_area, row, sensor, space, text,
    text_editor as editor, text_input,
};
use iced::{Alignment, Element, Fill, Size, Task};

use crate::gui::faces::{DrawError, Drawn, Painting};
use crate::gui::store::Store;
use crate::gui::theme::{self, size};
use crate::gui::widget::card_face;
use spool_core::app::NoteEdit;
use spool_core::render::{field, html, line_breaks};
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

/// Tells forms apart, so a new form's fields are drawn as soon as it is on screen.
static NEXT_FORM: AtomicU64 = AtomicU64::new(1);

#[derive(Debug, Default)]
pub struct NoteForm {
    /// Which form this is: each gets a sensor of its own to measure the fields' width.
    serial: u64,
    names: Vec<String>,
    fields: Vec<Content>,
    views: Vec<FieldView>,
    /// Each field's HTML as it came, and as its editor first showed it.
    loaded: Vec<(String, String)>,
    tags: String,
    paste_error: Option<String>,
    media_dir: PathBuf,
    /// The fields' width in logical pixels, once on screen.
    width: Option<u32>,
}

/// How one field is shown besides its editor.
#[derive(Debug, Default)]
struct FieldView {
    /// The field has formatting, so it is drawn.
    formatted: bool,
    /// Its HTML is open for editing; closed, the drawing stands in its place.
    source_open: bool,
    drawn: Option<Drawn>,
    /// Each drawing starts a new generation; older drawings are dropped on arrival.
    generation: u64,
}

impl FieldView {
    fn shows_editor(&self) -> bool {
        self.source_open || !self.formatted
    }
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
    /// The fields are this wide now: they are drawn again to fit.
    Resized(Size),
    /// A drawn field was clicked: its HTML opens, with the keyboard.
    OpenSource(usize),
    /// Ctrl+Shift+X: the field's HTML opens or closes.
    ToggleSource(usize),
    FieldDrawn(usize, u64, Result<Drawn, DrawError>),
}

/// What the form needs done outside itself: on the collection worker, the face painter or
/// the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Keep this PNG in the media folder, then answer with [`Message::ImageSaved`].
    SaveImage { field: usize, png: Vec<u8> },
    /// Draw these fields, then answer with [`Message::FieldDrawn`] for each.
    Draw(Vec<FieldDrawing>),
    /// Give field N's editor the keyboard.
    Focus(usize),
}

/// One field to draw, as it reads now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDrawing {
    field: usize,
    generation: u64,
    html: String,
    width: u32,
    media_dir: PathBuf,
}

impl Request {
    /// Does the request; its answers are messages for the form.
    pub fn run(self, store: &Store, painting: &Painting) -> Task<Message> {
        match self {
            Request::SaveImage { field, png } => Task::perform(
                store.call(move |spool| spool.add_media(&png, "png")),
                move |saved| Message::ImageSaved(field, saved.map_err(|error| error.to_string())),
            ),
            Request::Draw(drawings) => Task::batch(drawings.into_iter().map(|drawing| {
                let html = field::page(&drawing.html, painting.dark);
                let page = painting.page(html, drawing.media_dir, drawing.width);
                let (index, generation) = (drawing.field, drawing.generation);
                Task::perform(painting.faces.draw(page), move |drawn| {
                    Message::FieldDrawn(index, generation, drawn)
                })
            })),
            Request::Focus(index) => iced::widget::operation::focus(format!("field-{index}")),
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
    /// An empty form for a note type with these fields, its media in `media_dir`.
    pub fn empty(names: Vec<String>, media_dir: PathBuf) -> NoteForm {
        NoteForm::filled(names, Vec::new(), &[], media_dir)
    }

    /// A form holding an existing note, its media in `media_dir`.
    pub fn filled(
        names: Vec<String>,
        values: Vec<String>,
        tags: &[String],
        media_dir: PathBuf,
    ) -> NoteForm {
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
        let views = (0..names.len())
            .map(|index| {
                let formatted = loaded
                    .get(index)
                    .is_some_and(|(html, _)| field::has_formatting(html));
                FieldView {
                    formatted,
                    source_open: index == 0,
                    ..FieldView::default()
                }
            })
            .collect();
        NoteForm {
            serial: NEXT_FORM.fetch_add(1, Ordering::Relaxed),
            names,
            fields,
            views,
            loaded,
            tags: tags.join(" "),
            paste_error: None,
            media_dir,
            width: None,
        }
    }

    /// Empties the fields and keeps the tags, for adding the next note of the same kind.
    pub fn clear_fields(&mut self) {
        self.fields
            .iter_mut()
            .for_each(|field| *field = Content::new());
        for (index, view) in self.views.iter_mut().enumerate() {
            *view = FieldView {
                source_open: index == 0,
                generation: view.generation + 1,
                ..FieldView::default()
            };
        }
        self.loaded.clear();
    }

    /// The fields' HTML: as they came where untouched, else with typed line breaks as `<br>`.
    pub fn values(&self) -> Vec<String> {
        (0..self.fields.len())
            .map(|index| self.value(index))
            .collect()
    }

    fn value(&self, index: usize) -> String {
        let text = self.fields[index].text();
        match self.loaded.get(index) {
            Some((html, shown)) if *shown == text => html.clone(),
            _ => line_breaks::from_editor_text(&text),
        }
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
                let edits = action.is_edit();
                self.fields.get_mut(index)?.perform(action);
                if edits {
                    return self.redraw([index]);
                }
            }
            Message::Format(index, format) => {
                wrap_selection(self.fields.get_mut(index)?, format.tag());
                return self.redraw([index]);
            }
            Message::Paste(index) => match clipboard() {
                Some(Clipboard::Picture(png)) => {
                    return Some(Request::SaveImage { field: index, png });
                }
                Some(Clipboard::Text(text)) => return self.paste(index, text),
                None => {}
            },
            // The name is `paste-<hex>.png`: nothing in it needs escaping.
            Message::ImageSaved(index, Ok(name)) => {
                self.paste_error = None;
                return self.paste(index, format!("<img src=\"{name}\">"));
            }
            Message::ImageSaved(_, Err(error)) => {
                self.paste_error = Some(format!("The pasted picture could not be kept: {error}"));
            }
            Message::TagsChanged(tags) => self.tags = tags,
            Message::Resized(area) => {
                let width = card_face::width_for(area);
                if self.width != Some(width) {
                    self.width = Some(width);
                    return self.redraw(0..self.fields.len());
                }
            }
            Message::OpenSource(index) => {
                self.views.get_mut(index)?.source_open = true;
                return Some(Request::Focus(index));
            }
            Message::ToggleSource(index) => {
                let view = self.views.get_mut(index)?;
                view.source_open = !view.source_open;
                return view.source_open.then_some(Request::Focus(index));
            }
            Message::FieldDrawn(index, generation, drawn) => {
                let view = self.views.get_mut(index)?;
                if view.generation == generation {
                    match drawn {
                        Ok(drawn) => view.drawn = Some(drawn),
                        // What cannot be drawn is still there to read and mend as HTML.
                        Err(_) => {
                            view.drawn = None;
                            view.source_open = true;
                        }
                    }
                }
            }
        }
        None
    }

    /// The drawings of `fields` as they read now: those with formatting, once the width is
    /// known. Drawings asked for earlier are dropped when they arrive.
    fn redraw(&mut self, fields: impl IntoIterator<Item = usize>) -> Option<Request> {
        let mut drawings = Vec::new();
        for index in fields {
            let html = self.value(index);
            let view = &mut self.views[index];
            view.generation += 1;
            let formatted = field::has_formatting(&html);
            // Formatting just typed in: the field keeps the editor it is typed in.
            view.source_open |= formatted && !view.formatted;
            view.formatted = formatted;
            match self.width {
                Some(width) if view.formatted => drawings.push(FieldDrawing {
                    field: index,
                    generation: view.generation,
                    html,
                    width,
                    media_dir: self.media_dir.clone(),
                }),
                _ => view.drawn = None,
            }
        }
        (!drawings.is_empty()).then_some(Request::Draw(drawings))
    }

    fn paste(&mut self, index: usize, text: String) -> Option<Request> {
        self.fields
            .get_mut(index)?
            .perform(text_editor::Action::Edit(text_editor::Edit::Paste(
                std::sync::Arc::new(text),
            )));
        self.redraw([index])
    }

    /// Labelled fields, then the tags: an editor (id `field-N`) where the HTML is open,
    /// with the field drawn under it if it has formatting, or the drawing alone; the tags
    /// have the id `tags`. Each editor is at least `min_lines` tall: roomy where the form
    /// has the screen, one line (as in Anki) where it shares it.
    pub fn view(&self, min_lines: f32) -> Element<'_, Message> {
        let fields = self
            .names
            .iter()
            .zip(self.fields.iter().zip(&self.views))
            .enumerate()
            .map(|(index, (name, (field, view)))| {
                self.field_view(index, name, field, view, min_lines)
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
        let form = column(fields.chain(error).chain(std::iter::once(tags)))
            .spacing(14)
            .width(Fill);
        // The sensor reports the width as soon as the form is laid out. Its `on_show` never
        // fires inside a scroller (iced 0.14), and `on_resize` alone reports only changes,
        // so each form gets a sensor of its own, keyed by the form, whose first size counts.
        let measured = sensor(form).on_resize(Message::Resized);
        keyed_column([(self.serial, measured.into())]).into()
    }

    fn field_view<'a>(
        &'a self,
        index: usize,
        name: &'a str,
        field: &'a Content,
        view: &'a FieldView,
        min_lines: f32,
    ) -> Element<'a, Message> {
        let mut label = row![
            text(name).size(size::SMALL).style(theme::muted),
            space().width(Fill)
        ]
        .align_y(Alignment::Center);
        if view.formatted {
            let toggle = if view.source_open {
                "Hide HTML"
            } else {
                "HTML"
            };
            label = label.push(
                button(text(toggle).size(size::SMALL))
                    .padding([0, 6])
                    .style(theme::link)
                    .on_press(Message::ToggleSource(index)),
            );
        }
        let mut parts = column![label].spacing(6);
        if view.shows_editor() {
            parts = parts.push(
                editor(field)
                    .id(format!("field-{index}"))
                    .placeholder(name)
                    .on_action(move |action| Message::FieldEdited(index, action))
                    .key_binding(move |press| field_keys(index, press))
                    .padding(10)
                    .size(FIELD_TEXT_SIZE)
                    .line_height(FIELD_LINE_HEIGHT)
                    .min_height(field_height(min_lines))
                    .max_height(field_height(FIELD_MAX_LINES))
                    .style(theme::editor),
            );
        }
        if view.formatted {
            parts = parts.push(self.drawing(index, field, view));
        }
        parts.into()
    }

    /// The field as on a card; until it is drawn, its words. Clicking it opens its HTML.
    fn drawing<'a>(
        &'a self,
        index: usize,
        field: &'a Content,
        view: &'a FieldView,
    ) -> Element<'a, Message> {
        let face: Element<'_, Message> = match &view.drawn {
            Some(drawn) => card_face::picture(Some(drawn)),
            None => container(text(html::to_plain_text(&field.text())).style(theme::muted))
                .padding(10)
                .into(),
        };
        // Shown whole, however long: the form scrolls, and a scroller inside would cover
        // the drawing's right edge.
        let framed = container(face)
            .padding(card_face::INSET)
            .width(Fill)
            .style(theme::drawn_field);
        if view.source_open {
            return framed.into();
        }
        mouse_area(framed)
            .interaction(Interaction::Text)
            .on_press(Message::OpenSource(index))
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
    if press.modifiers.command()
        && press.modifiers.shift()
        && matches!(press.key.as_ref(), Key::Character(c) if c.eq_ignore_ascii_case("x"))
    {
        return Some(Binding::Custom(Message::ToggleSource(index)));
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
        let mut form = NoteForm::empty(names(), PathBuf::new());
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
        let form = NoteForm::filled(names(), values.clone(), &[], PathBuf::new());
        assert_eq!(form.values(), values);

        // A note with fewer values than its type has fields shows the rest empty.
        let form = NoteForm::filled(names(), vec!["only".into()], &[], PathBuf::new());
        assert_eq!(form.values(), ["only", ""]);
    }

    #[test]
    fn a_br_shows_as_a_line_break_and_an_edited_field_keeps_it() {
        let values = vec!["one<br>two".to_string(), "<p>x</p>\ny".to_string()];
        let mut form = NoteForm::filled(names(), values, &[], PathBuf::new());
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
        let mut form = NoteForm::filled(
            names(),
            vec!["q".into(), "a".into()],
            &["x".into()],
            PathBuf::new(),
        );
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
        let mut form = NoteForm::empty(names(), PathBuf::new());
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
        let mut form = NoteForm::empty(names(), PathBuf::new());
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

    fn drawings(request: Option<Request>) -> Vec<(usize, String)> {
        match request {
            Some(Request::Draw(drawings)) => drawings
                .into_iter()
                .map(|drawing| (drawing.field, drawing.html))
                .collect(),
            other => panic!("expected drawings, got {other:?}"),
        }
    }

    fn on_screen(form: &mut NoteForm) -> Option<Request> {
        form.update(Message::Resized(Size::new(500.0, 300.0)))
    }

    #[test]
    fn formatted_fields_are_drawn_once_on_screen_and_plain_ones_never() {
        let values = vec!["plain words".into(), "<b>bold</b> &amp; more".into()];
        let mut form = NoteForm::filled(names(), values, &[], PathBuf::new());
        assert!(!form.views[0].formatted && form.views[1].formatted);
        assert_eq!(
            drawings(on_screen(&mut form)),
            [(1, "<b>bold</b> &amp; more".to_string())]
        );
        assert_eq!(
            on_screen(&mut form),
            None,
            "the same width draws nothing new"
        );
        assert!(
            form.views[0].shows_editor(),
            "the first field takes the keyboard"
        );
        assert!(
            !form.views[1].shows_editor(),
            "the drawing stands in for the HTML"
        );
    }

    #[test]
    fn typing_markup_into_a_field_draws_it_as_it_is_typed() {
        let mut form = NoteForm::empty(names(), PathBuf::new());
        assert_eq!(on_screen(&mut form), None);
        type_into(&mut form, 0, "<i");
        assert!(
            !form.views[0].formatted,
            "a half-typed tag is not formatting yet"
        );
        let request = form.update(Message::FieldEdited(0, Action::Edit(Edit::Insert('>'))));
        assert_eq!(drawings(request), [(0, "<i>".to_string())]);
        assert!(
            form.views[0].shows_editor(),
            "the field being typed in keeps its editor"
        );
        type_into(&mut form, 1, "<b>x</b>");
        assert!(
            form.views[1].shows_editor(),
            "so does a field after the first"
        );
    }

    #[test]
    fn a_drawing_asked_for_before_the_latest_edit_is_dropped() {
        let mut form = NoteForm::empty(names(), PathBuf::new());
        on_screen(&mut form);
        type_into(&mut form, 0, "<b>a</b>");
        let latest = form.views[0].generation;
        let stale = Message::FieldDrawn(0, latest - 1, Err(DrawError::PainterStopped));
        assert_eq!(form.update(stale), None);
        assert!(form.views[0].source_open);
        form.views[1].source_open = false;
        let failed =
            Message::FieldDrawn(1, form.views[1].generation, Err(DrawError::PainterStopped));
        form.update(failed);
        assert!(
            form.views[1].source_open,
            "a field that cannot be drawn shows its HTML"
        );
    }

    #[test]
    fn clicking_a_drawing_or_ctrl_shift_x_opens_the_html_with_the_keyboard() {
        let values = vec!["q".into(), "<u>a</u>".into()];
        let mut form = NoteForm::filled(names(), values, &[], PathBuf::new());
        assert_eq!(form.update(Message::OpenSource(1)), Some(Request::Focus(1)));
        assert!(form.views[1].source_open);

        let press = KeyPress {
            key: Key::Character("X".into()),
            modified_key: Key::Character("X".into()),
            physical_key: Physical::Unidentified(NativeCode::Unidentified),
            modifiers: Modifiers::CTRL | Modifiers::SHIFT,
            text: Some("X".into()),
            status: Status::Focused { is_hovered: false },
        };
        let Some(Binding::Custom(toggle)) = field_keys(1, press) else {
            panic!("Ctrl+Shift+X does not toggle the HTML");
        };
        assert_eq!(
            form.update(toggle.clone()),
            None,
            "closing takes no keyboard"
        );
        assert!(!form.views[1].shows_editor());
        assert_eq!(form.update(toggle), Some(Request::Focus(1)));
        assert!(form.views[1].shows_editor());
    }
}
