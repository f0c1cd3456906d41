//! The browser: the CLI's search language, a sortable table of cards, and the selected
//! card's note edited in place (fields, tags), suspended, moved to another deck or deleted.
//! The selected card's face is shown beside its note, drawn as study draws it.
//! The table holds every card found and draws only the rows in view, so a search over a
//! whole large collection scrolls as smoothly as a short one. Up and Down move the selection.

use std::cmp::Ordering;
use std::path::PathBuf;

use iced::widget::{
    button, column, container, mouse_area, pick_list, responsive, row, rule, scrollable, text,
    text_input, tooltip,
};
use iced::{Alignment, Element, Fill, FillPortion, Task, mouse};

mod columns;

pub use columns::Column;
use columns::{CELL_SPACING, Widths};

use super::editor::Catalog;
use super::note_form::{self, NoteForm};
use super::preview::{self, Preview};
use crate::gui::Shortcut;
use crate::gui::faces::Painting;
use crate::gui::store::{BoxedJob, Store, StoreResult};
use crate::gui::theme::{self, size};
use crate::gui::widget::plot;
use crate::gui::widget::virtual_list::{self, Viewport};
use crate::gui::widget::{banner, title};
use spool_core::app::{CardRow, NoteSummary, Spool};
use spool_core::render::CardFaces;
use spool_core::store::{CardId, NoteId};

/// Every row is this tall, so which rows are in view follows from the scroll offset.
const ROW_HEIGHT: f32 = 32.0;
const CELL_TEXT_SIZE: f32 = size::SMALL + 1.0;
/// The rows' padding around the cells, inside the table card's.
const TABLE_INSET: f32 = 2.0 * 8.0;
/// The table's scrollable, for scrolling it from an update.
const TABLE: &str = "browse-table";
/// The search box.
const QUERY: &str = "query";

/// The selected card's note, open for editing.
#[derive(Debug)]
struct Selection {
    card_id: CardId,
    note_id: NoteId,
    /// The note's fields and tags, once loaded: rows carry only what the table shows.
    form: Option<NoteForm>,
    deck: String,
    suspended: bool,
    confirm_delete: bool,
}

#[derive(Debug)]
pub struct State {
    query: String,
    rows: Vec<CardRow>,
    sort: Column,
    ascending: bool,
    searching: bool,
    catalog: Catalog,
    selection: Option<Selection>,
    error: Option<String>,
    /// The table's scroll position, as last reported.
    viewport: Viewport,
    preview: Preview,
    widths: Widths,
    /// A column edge being dragged: the column, and the pointer and the column's width
    /// when the drag began.
    resizing: Option<(Column, f32, f32)>,
    /// Where the pointer is across the table.
    pointer_x: f32,
}

impl Default for State {
    fn default() -> Self {
        State {
            query: String::new(),
            rows: Vec::new(),
            sort: Column::Created,
            ascending: false,
            searching: false,
            catalog: Catalog::default(),
            selection: None,
            error: None,
            viewport: Viewport::default(),
            preview: Preview::default(),
            widths: Widths::default(),
            resizing: None,
            pointer_x: 0.0,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    QueryChanged(String),
    Search,
    Found(StoreResult<(Vec<CardRow>, Catalog)>),
    Sort(Column),
    /// The edge left of a column was grabbed.
    ResizeStart(Column),
    /// The pointer moved across the table, to this x.
    PointerMoved(f32),
    ResizeEnd,
    Scrolled(Viewport),
    Select(CardId),
    NoteLoaded(CardId, StoreResult<Box<(NoteSummary, CardFaces, PathBuf)>>),
    Preview(preview::Message),
    ShowInfo,
    Form(note_form::Message),
    Save,
    ToggleSuspend,
    MoveTo(String),
    Delete,
    Changed(StoreResult<()>),
}

/// What the browser asks of the rest of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    ShowCardInfo(CardId),
}

impl State {
    /// Runs the current query again.
    fn search(&mut self, store: &Store) -> Task<Message> {
        self.searching = true;
        let query = self.query.clone();
        Task::perform(
            store.call(move |spool| Ok((spool.card_rows(&query)?, Catalog::load(spool)?))),
            Message::Found,
        )
    }

    /// The browser shown again: the same search, at the same place in the table (its
    /// scrollable is new, and starts at the top).
    pub fn show(&mut self, store: &Store) -> Task<Message> {
        let offset = self.viewport.offset;
        Task::batch([
            self.search(store),
            virtual_list::scroll_to(TABLE, offset),
            // Typing starts a search, as in Anki's browser.
            iced::widget::operation::focus(QUERY),
        ])
    }

    pub fn rows(&self) -> &[CardRow] {
        &self.rows
    }

    /// How wide a column is, when it is not the question (which fills).
    pub fn column_width(&self, column: Column) -> Option<f32> {
        self.widths.of(column)
    }

    /// The selected card's face.
    pub fn preview(&self) -> &Preview {
        &self.preview
    }

    /// The card whose note is open below the table.
    pub fn selected(&self) -> Option<CardId> {
        self.selection.as_ref().map(|selection| selection.card_id)
    }

    pub fn update(
        &mut self,
        message: Message,
        store: &Store,
        painting: &Painting,
    ) -> (Task<Message>, Option<Event>) {
        let task = match message {
            Message::ShowInfo => {
                return (Task::none(), self.selected().map(Event::ShowCardInfo));
            }
            message => self.handle(message, store, painting),
        };
        (task, None)
    }

    fn handle(&mut self, message: Message, store: &Store, painting: &Painting) -> Task<Message> {
        match message {
            Message::QueryChanged(query) => self.query = query,
            // A new search starts at the top; searching again after a change stays put.
            Message::Search => {
                self.viewport.offset = 0.0;
                return Task::batch([self.search(store), virtual_list::scroll_to(TABLE, 0.0)]);
            }
            Message::Found(Ok((mut rows, catalog))) => {
                self.searching = false;
                self.error = None;
                rows.sort_by(|a, b| self.order(a, b));
                self.rows = rows;
                self.catalog = catalog;
                if let Some(card_id) = self.selected() {
                    return self.select(card_id, store);
                }
            }
            Message::Found(Err(error)) => {
                self.searching = false;
                self.error = Some(error.to_string());
            }
            Message::Sort(column) => {
                self.ascending = if self.sort == column {
                    !self.ascending
                } else {
                    true
                };
                self.sort = column;
                let mut rows = std::mem::take(&mut self.rows);
                rows.sort_by(|a, b| self.order(a, b));
                self.rows = rows;
                return match self.selected_index() {
                    Some(index) => self.reveal(index),
                    None => self.scroll_to(0.0),
                };
            }
            Message::Scrolled(viewport) => self.viewport = viewport,
            Message::ResizeStart(column) => {
                if let Some(width) = self.widths.of(column) {
                    self.resizing = Some((column, self.pointer_x, width));
                }
            }
            // The table's right edge is fixed and the question fills the rest, so the edge
            // follows the pointer when the column right of it gives or takes the width.
            Message::PointerMoved(x) => {
                self.pointer_x = x;
                if let Some((column, start_x, start_width)) = self.resizing {
                    self.widths.set(column, start_width - (x - start_x));
                }
            }
            Message::ResizeEnd => self.resizing = None,
            Message::Select(card_id) => return self.select(card_id, store),
            Message::NoteLoaded(card_id, Ok(loaded)) => {
                let (note, faces, media_dir) = *loaded;
                if let Some(selection) = &mut self.selection
                    && selection.card_id == card_id
                {
                    let (names, values) = note
                        .fields
                        .into_iter()
                        .map(|(name, value)| (name, value.as_str().unwrap_or_default().into()))
                        .unzip();
                    selection.form = Some(NoteForm::filled(
                        names,
                        values,
                        &note.tags,
                        media_dir.clone(),
                    ));
                    return self
                        .preview
                        .set(vec![faces], media_dir, painting)
                        .map(Message::Preview);
                }
            }
            Message::Preview(message) => {
                return self.preview.update(message, painting).map(Message::Preview);
            }
            Message::ShowInfo => {}
            Message::NoteLoaded(_, Err(error)) => self.error = Some(error.to_string()),
            Message::Form(message) => {
                if let Some(form) = self.selection.as_mut().and_then(|s| s.form.as_mut())
                    && let Some(request) = form.update(message)
                {
                    return request.run(store, painting).map(Message::Form);
                }
            }
            Message::Save => {
                let Some(selection) = &self.selection else {
                    return Task::none();
                };
                let Some(form) = &selection.form else {
                    return Task::none();
                };
                let edit = self
                    .catalog
                    .deck_id(&selection.deck)
                    .map(|deck_id| form.edit(deck_id))
                    .ok_or_else(|| spool_core::Error::UnknownDeck(selection.deck.clone()));
                return self.change(store, |selection, _| {
                    let id = selection.note_id;
                    Box::new(move |spool: &mut Spool| spool.edit_note(id, edit?))
                });
            }
            Message::ToggleSuspend => {
                return self.change(store, |selection, _| {
                    let (card, suspend) = (selection.card_id, !selection.suspended);
                    Box::new(move |spool: &mut Spool| spool.set_suspended(&[card], suspend))
                });
            }
            Message::MoveTo(deck) => {
                return self.change(store, |selection, catalog| {
                    let card = selection.card_id;
                    let deck_id = catalog.deck_id(&deck);
                    Box::new(move |spool: &mut Spool| match deck_id {
                        Some(deck_id) => spool.move_cards(&[card], deck_id),
                        None => Err(spool_core::Error::UnknownDeck(deck)),
                    })
                });
            }
            Message::Delete => match &mut self.selection {
                Some(selection) if !selection.confirm_delete => selection.confirm_delete = true,
                _ => {
                    return self.change(store, |selection, _| {
                        let note = selection.note_id;
                        Box::new(move |spool: &mut Spool| spool.delete_notes(&[note]))
                    });
                }
            },
            Message::Changed(Ok(())) => return self.search(store),
            Message::Changed(Err(error)) => self.error = Some(error.to_string()),
        }
        Task::none()
    }

    /// Ctrl+Enter saves the selected note, as it adds one on the Add screen; Up and Down
    /// select the row above or below and scroll it into view.
    pub fn shortcut(
        &mut self,
        shortcut: Shortcut,
        store: &Store,
        painting: &Painting,
    ) -> Task<Message> {
        let next = match (shortcut, self.selected_index()) {
            (Shortcut::Submit, _) => return self.handle(Message::Save, store, painting),
            (Shortcut::Previous, Some(index)) => index.saturating_sub(1),
            (Shortcut::Next, Some(index)) => (index + 1).min(self.rows.len().saturating_sub(1)),
            // Nothing selected yet: start from the top row in view rather than jump away.
            (Shortcut::Previous | Shortcut::Next, None) => {
                (self.viewport.offset / ROW_HEIGHT).ceil() as usize
            }
            _ => return Task::none(),
        };
        let Some(card_id) = self.rows.get(next).map(|row| row.card_id) else {
            return Task::none();
        };
        Task::batch([self.select(card_id, store), self.reveal(next)])
    }

    fn selected_index(&self) -> Option<usize> {
        let card_id = self.selected()?;
        self.rows.iter().position(|row| row.card_id == card_id)
    }

    /// Scrolls the table just enough to show row `index`.
    fn reveal(&mut self, index: usize) -> Task<Message> {
        match virtual_list::reveal(index, self.viewport, ROW_HEIGHT) {
            Some(offset) => self.scroll_to(offset),
            None => Task::none(),
        }
    }

    /// Scrolls the table to `offset`, drawing the rows there at once rather than after the
    /// scrollable reports its new position.
    fn scroll_to(&mut self, offset: f32) -> Task<Message> {
        self.viewport.offset = offset;
        virtual_list::scroll_to(TABLE, offset)
    }

    fn order(&self, a: &CardRow, b: &CardRow) -> Ordering {
        let order = self.sort.compare(a, b);
        if self.ascending {
            order
        } else {
            order.reverse()
        }
    }

    /// Selects the card `card_id`, if it is in the table, and loads its note into the form.
    fn select(&mut self, card_id: CardId, store: &Store) -> Task<Message> {
        let Some(row) = self.rows.iter().find(|row| row.card_id == card_id) else {
            self.selection = None;
            self.preview.clear();
            return Task::none();
        };
        let note_id = row.note_id;
        self.selection = Some(Selection {
            card_id,
            note_id,
            form: None,
            deck: row.deck.to_string(),
            suspended: row.suspended,
            confirm_delete: false,
        });
        Task::perform(
            store.call(move |spool| {
                let media_dir = spool.collection().media_dir();
                Ok(Box::new((
                    spool.note_summary(note_id)?,
                    spool.card_faces(card_id)?,
                    media_dir,
                )))
            }),
            move |loaded| Message::NoteLoaded(card_id, loaded),
        )
    }

    /// Runs a change to the selected card on the worker, then searches again.
    fn change(
        &mut self,
        store: &Store,
        job: impl FnOnce(&Selection, &Catalog) -> BoxedJob<()>,
    ) -> Task<Message> {
        let Some(selection) = &self.selection else {
            return Task::none();
        };
        let job = job(selection, &self.catalog);
        Task::perform(store.call(job), Message::Changed)
    }

    pub fn view(&self) -> Element<'_, Message> {
        let search = row![
            text_input(
                "Search: words, deck:Name, tag:x, is:due, is:new, is:suspended …",
                &self.query
            )
            .id(QUERY)
            .on_input(Message::QueryChanged)
            .on_submit(Message::Search)
            .padding(10)
            .style(theme::input),
            button(text("Search"))
                .padding([9, 18])
                .style(theme::primary)
                .on_press(Message::Search),
        ]
        .spacing(10);
        let count = match (self.searching, self.rows.len()) {
            (true, _) => "Searching…".to_string(),
            (false, 1) => "1 card".to_string(),
            (false, n) => format!("{n} cards"),
        };
        let selected = self.selected();
        let table = responsive(move |size| {
            let width = size.width - TABLE_INSET;
            let columns = self.widths.visible(width);
            // Between two header cells, a handle to drag the edge with.
            let header = row(columns.iter().enumerate().flat_map(|(index, &column)| {
                let arrow = match (self.sort == column, self.ascending) {
                    (true, true) => " ↑",
                    (true, false) => " ↓",
                    (false, _) => "",
                };
                let title = button(
                    text(format!("{}{arrow}", column.title()))
                        .size(size::SMALL)
                        .wrapping(text::Wrapping::None),
                )
                .padding([4, 6])
                .width(self.widths.length(column))
                .style(theme::link)
                .on_press(Message::Sort(column));
                let handle = columns.get(index + 1).map(|&right| {
                    mouse_area(
                        container(rule::vertical(1))
                            .width(CELL_SPACING)
                            .height(22)
                            .center_x(CELL_SPACING),
                    )
                    .interaction(mouse::Interaction::ResizingHorizontally)
                    .on_press(Message::ResizeStart(right))
                    .into()
                });
                std::iter::once(title.into()).chain(handle)
            }))
            .align_y(Alignment::Center)
            .padding([0, 8]);
            let widths = &self.widths;
            let rows = virtual_list::view(
                TABLE,
                self.rows.len(),
                ROW_HEIGHT,
                self.viewport.offset,
                Message::Scrolled,
                move |index| {
                    let row = &self.rows[index];
                    table_row(row, selected == Some(row.card_id), widths, &columns, width)
                },
            );
            mouse_area(column![header, rule::horizontal(1), rows].spacing(4))
                .on_move(|point| Message::PointerMoved(point.x))
                .on_release(Message::ResizeEnd)
                .into()
        });
        let table = container(table)
            .padding(10)
            // With a note open, the note gets the larger part: every field needs room.
            .height(FillPortion(if self.selection.is_some() { 2 } else { 3 }))
            .style(theme::card);

        let mut page = column![
            title("Browse"),
            search,
            text(count).size(size::SMALL).style(theme::muted),
        ]
        .spacing(14)
        .height(Fill);
        if let Some(error) = &self.error {
            page = page.push(banner(error));
        }
        page = page.push(table);
        if let Some(selection) = &self.selection {
            page = page.push(self.selection_view(selection));
        }
        page.into()
    }

    fn selection_view<'a>(&'a self, selection: &'a Selection) -> Element<'a, Message> {
        let delete_label = if selection.confirm_delete {
            "Really delete the note?"
        } else {
            "Delete note"
        };
        let choices = row![
            pick_list(
                self.catalog.deck_names(),
                Some(selection.deck.clone()),
                Message::MoveTo
            )
            .padding([6, 10])
            .style(theme::pick_list),
            button(text(if selection.suspended {
                "Unsuspend"
            } else {
                "Suspend"
            }))
            .padding([7, 14])
            .style(theme::secondary)
            .on_press(Message::ToggleSuspend),
            button(text(delete_label))
                .padding([7, 14])
                .style(theme::danger)
                .on_press(Message::Delete),
            button(text("Card info"))
                .padding([7, 14])
                .style(theme::secondary)
                .on_press(Message::ShowInfo),
        ]
        .spacing(10)
        .align_y(Alignment::Center)
        // In a narrow window the buttons take a second line rather than squeezing.
        .wrap()
        .vertical_spacing(8);
        let actions = row![
            container(choices).width(Fill),
            button(text("Save"))
                .padding([7, 20])
                .style(theme::primary)
                .on_press(Message::Save),
        ]
        .spacing(10)
        .align_y(Alignment::Start);
        let form: Element<'a, Message> = match &selection.form {
            // One-line fields that grow: the form shares the screen with the table.
            Some(form) => scrollable(form.view(1.0).map(Message::Form))
                .spacing(6)
                .style(theme::scrollable)
                .into(),
            None => text("Opening the note…").style(theme::muted).into(),
        };
        let note = row![
            container(form).width(FillPortion(3)),
            container(self.preview.view("No face to show").map(Message::Preview))
                .width(FillPortion(2)),
        ]
        .spacing(16);
        container(column![actions, note].spacing(14))
            .padding(16)
            .height(FillPortion(3))
            .style(theme::card)
            .into()
    }
}

fn table_row<'a>(
    row: &'a CardRow,
    selected: bool,
    widths: &Widths,
    columns: &[Column],
    width: f32,
) -> Element<'a, Message> {
    let cells = iced::widget::row(columns.iter().map(|&column| {
        let full = column.cell(row);
        let shown = fit(
            &full,
            widths.cell_width(column, columns, width),
            text_width,
            // Wide CJK glyphs are one em, emoji a little more.
            CELL_TEXT_SIZE * 1.25,
        );
        let cut = shown.len() != full.len();
        let cell = text(shown)
            .size(CELL_TEXT_SIZE)
            .wrapping(text::Wrapping::None);
        let cell = if row.suspended {
            cell.style(theme::muted)
        } else {
            cell
        };
        // The cell is clipped at its edge in case the estimate ran long; a cut cell shows
        // its whole text under the pointer.
        let cell: Element<'a, Message> = if cut {
            tooltip(
                cell,
                container(text(full).size(size::SMALL))
                    .padding(8)
                    .max_width(480)
                    .style(theme::card),
                tooltip::Position::Bottom,
            )
            .into()
        } else {
            cell.into()
        };
        container(cell)
            .width(widths.length(column))
            .height(Fill)
            .align_y(Alignment::Center)
            .clip(true)
            .into()
    }))
    .spacing(CELL_SPACING);
    button(cells)
        .padding([0, 8])
        .width(Fill)
        .height(ROW_HEIGHT)
        .style(theme::row(selected))
        .on_press(Message::Select(row.card_id))
        .into()
}

/// How wide `content` is in a cell.
fn text_width(content: &str) -> f32 {
    plot::measure_at(content, CELL_TEXT_SIZE.into()).width
}

/// `text` as it fits in `room` pixels, as `width` measures text: whole, or cut with an
/// ellipsis marking the cut. No glyph is wider than `widest_glyph`, so a short text fits
/// unmeasured.
fn fit(text: &str, room: f32, width: impl Fn(&str) -> f32, widest_glyph: f32) -> String {
    let characters = text.chars().count();
    if characters as f32 * widest_glyph <= room || width(text) <= room {
        return text.to_string();
    }
    let cut = |kept: usize| {
        let end = text
            .char_indices()
            .nth(kept)
            .map_or(text.len(), |(at, _)| at);
        format!("{}…", text[..end].trim_end())
    };
    // The longest prefix that fits with its ellipsis.
    let (mut fits, mut too_long) = (0, characters);
    while too_long - fits > 1 {
        let middle = (fits + too_long) / 2;
        if width(&cut(middle)) <= room {
            fits = middle;
        } else {
            too_long = middle;
        }
    }
    cut(fits)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ten pixels a character, the ellipsis too.
    fn monospace(text: &str) -> f32 {
        text.chars().count() as f32 * 10.0
    }

    #[test]
    fn cut_cells_end_in_an_ellipsis_and_whole_ones_do_not() {
        assert_eq!(
            fit("Parallel Programming", 90.0, monospace, 10.0),
            "Parallel…"
        );
        assert_eq!(fit("Deck", 40.0, monospace, 10.0), "Deck");
        assert_eq!(fit("Decks", 40.0, monospace, 10.0), "Dec…");
        assert_eq!(fit("日本語のカード", 30.0, monospace, 10.0), "日本…");
        assert_eq!(fit("A long question", 5.0, monospace, 10.0), "…");
    }
}
