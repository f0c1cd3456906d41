//! Adding notes (deck, note type, one editor per field, tags; Ctrl+Enter adds and clears) and
//! editing one, e.g. the card being studied. Below the fields, the note's cards as they
//! will look, redrawn as it is written.

use iced::widget::{button, column, container, pick_list, row, scrollable, space, text};
use iced::{Alignment, Element, Fill, Task};

use std::path::PathBuf;

use super::note_form::{self, NoteForm, labelled};
use super::preview::{self, Preview};
use crate::gui::Shortcut;
use crate::gui::faces::Painting;
use crate::gui::store::{BoxedJob, Store, StoreResult};
use crate::gui::theme::{self, size};
use crate::gui::widget;
use spool_core::app::Spool;
use spool_core::render::CardFaces;
use spool_core::store::{Deck, NewNote, NoteId, Notetype, StockNotetype};

/// How many lines each field shows before it grows: room to write a multi-line answer.
const FIELD_LINES: f32 = 3.0;
/// The preview's height: a card's worth, below the fields.
const PREVIEW_HEIGHT: f32 = 320.0;

/// The decks and note types to choose from.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub decks: Vec<Deck>,
    pub notetypes: Vec<Notetype>,
    /// Where the collection keeps pictures and sounds, for drawing fields.
    pub media_dir: PathBuf,
}

impl Catalog {
    /// Reads the choices, adding any missing stock note type so Basic and Cloze are offered.
    pub fn load(spool: &mut Spool) -> spool_core::Result<Catalog> {
        for stock in StockNotetype::ALL {
            spool.stock_notetype(stock)?;
        }
        Ok(Catalog {
            decks: spool.decks()?,
            notetypes: spool.notetypes()?,
            media_dir: spool.collection().media_dir(),
        })
    }

    pub fn deck_names(&self) -> Vec<String> {
        self.decks.iter().map(|deck| deck.name.clone()).collect()
    }

    pub fn deck_id(&self, name: &str) -> Option<i64> {
        self.decks
            .iter()
            .find(|deck| deck.name == name)
            .map(|deck| deck.id)
    }

    fn notetype(&self, name: &str) -> Option<&Notetype> {
        self.notetypes.iter().find(|notetype| notetype.name == name)
    }
}

/// A note being edited, as it was when the editor opened on it.
#[derive(Debug, Clone)]
pub struct Existing {
    pub id: NoteId,
    /// Deck of the note's first card.
    pub deck: String,
    pub notetype: String,
    pub fields: Vec<String>,
    pub tags: Vec<String>,
}

impl Existing {
    pub fn load(spool: &Spool, id: NoteId) -> spool_core::Result<Existing> {
        let note = spool.note_summary(id)?;
        Ok(Existing {
            id,
            deck: note.deck,
            notetype: note.notetype,
            fields: note
                .fields
                .into_values()
                .map(|value| value.as_str().unwrap_or_default().to_owned())
                .collect(),
            tags: note.tags,
        })
    }
}

#[derive(Debug, Default)]
pub struct State {
    catalog: Catalog,
    deck: Option<String>,
    notetype: Option<String>,
    form: NoteForm,
    editing: Option<Existing>,
    /// A note being added when the screen was left: kept for when it comes back.
    keep_draft: bool,
    status: Option<Result<String, String>>,
    busy: bool,
    preview: Preview,
    /// Each change asks for a new preview; answers to older asks are dropped.
    preview_request: u64,
    /// The first field the person was told is a duplicate: adding it again adds it.
    duplicate_allowed: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(StoreResult<(Catalog, Option<Existing>)>),
    DeckPicked(String),
    NotetypePicked(String),
    Form(note_form::Message),
    Submit,
    Saved(StoreResult<Saved>),
    Close,
    Previewed(u64, StoreResult<(Vec<CardFaces>, PathBuf)>),
    Preview(preview::Message),
}

/// How a submitted note fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Done,
    /// Not added: this many notes of its type have its first field already.
    Duplicate(usize),
}

/// What the editor tells the rest of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A note was added: counts elsewhere are stale.
    Added,
    /// The note being edited was saved, or the edit was abandoned.
    Closed,
}

impl State {
    /// Opens the editor to add notes.
    pub fn add(&mut self, store: &Store) -> Task<Message> {
        self.keep_draft = self.editing.is_none() && self.notetype.is_some();
        self.editing = None;
        self.status = None;
        Task::perform(
            store.call(|spool| Ok((Catalog::load(spool)?, None))),
            Message::Loaded,
        )
    }

    /// The note's cards as they will look.
    pub fn preview(&self) -> &Preview {
        &self.preview
    }

    /// Opens the editor on an existing note.
    pub fn edit(&mut self, store: &Store, id: NoteId) -> Task<Message> {
        self.status = None;
        Task::perform(
            store.call(move |spool| Ok((Catalog::load(spool)?, Some(Existing::load(spool, id)?)))),
            Message::Loaded,
        )
    }

    fn reset_form(&mut self) {
        let names = self
            .notetype
            .as_deref()
            .and_then(|name| self.catalog.notetype(name))
            .map(|nt| nt.fields.clone());
        self.form = NoteForm::empty(names.unwrap_or_default(), self.catalog.media_dir.clone());
    }

    pub fn update(
        &mut self,
        message: Message,
        store: &Store,
        painting: &Painting,
    ) -> (Task<Message>, Option<Event>) {
        let changes_note = matches!(
            message,
            Message::Loaded(Ok(_))
                | Message::DeckPicked(_)
                | Message::NotetypePicked(_)
                | Message::Form(_)
                | Message::Saved(Ok(Saved::Done))
        );
        let loaded = matches!(message, Message::Loaded(Ok(_)));
        let (mut task, event) = self.handle(message, store, painting);
        // Typing goes to the first field as soon as the note is open, as in Anki.
        if loaded {
            task = Task::batch([task, iced::widget::operation::focus(note_form::FIRST_FIELD)]);
        }
        if changes_note && event != Some(Event::Closed) {
            return (Task::batch([task, self.ask_preview(store)]), event);
        }
        (task, event)
    }

    /// Asks the worker for the faces of the note as written now.
    fn ask_preview(&mut self, store: &Store) -> Task<Message> {
        self.preview_request += 1;
        let request = self.preview_request;
        let Some(note) = self.draft() else {
            self.preview.clear();
            return Task::none();
        };
        Task::perform(
            store.call(move |spool| {
                Ok((spool.preview_note(&note)?, spool.collection().media_dir()))
            }),
            move |faces| Message::Previewed(request, faces),
        )
    }

    fn handle(
        &mut self,
        message: Message,
        store: &Store,
        painting: &Painting,
    ) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Loaded(Ok((catalog, existing))) => {
                self.catalog = catalog;
                match existing {
                    Some(note) => {
                        let names = self
                            .catalog
                            .notetype(&note.notetype)
                            .map(|nt| nt.fields.clone())
                            .unwrap_or_default();
                        self.form = NoteForm::filled(
                            names,
                            note.fields.clone(),
                            &note.tags,
                            self.catalog.media_dir.clone(),
                        );
                        self.deck = Some(note.deck.clone());
                        self.notetype = Some(note.notetype.clone());
                        self.editing = Some(note);
                    }
                    None => {
                        let first_deck = self.catalog.decks.first().map(|deck| deck.name.clone());
                        self.deck = self
                            .deck
                            .take()
                            .filter(|deck| self.catalog.deck_id(deck).is_some())
                            .or(first_deck);
                        let draft_fits = self
                            .notetype
                            .as_deref()
                            .is_some_and(|name| self.catalog.notetype(name).is_some());
                        self.notetype = self
                            .notetype
                            .take()
                            .or_else(|| Some(StockNotetype::Basic.name().to_string()));
                        if !(std::mem::take(&mut self.keep_draft) && draft_fits) {
                            self.reset_form();
                        }
                    }
                }
            }
            Message::Loaded(Err(error)) => {
                self.status = Some(Err(format!("Could not load decks and note types: {error}")))
            }
            Message::DeckPicked(deck) => self.deck = Some(deck),
            Message::NotetypePicked(notetype) => {
                self.notetype = Some(notetype);
                self.reset_form();
            }
            Message::Form(message) => {
                if let Some(request) = self.form.update(message) {
                    return (request.run(store, painting).map(Message::Form), None);
                }
            }
            Message::Submit => return (self.submit(store), None),
            Message::Saved(Ok(Saved::Duplicate(count))) => {
                self.busy = false;
                self.duplicate_allowed = self.form.values().into_iter().next();
                let (notes, verb) = if count == 1 {
                    ("A note", "starts")
                } else {
                    ("Notes", "start")
                };
                let notetype = self.notetype.as_deref().unwrap_or("this type");
                self.status = Some(Err(format!(
                    "{notes} of type {notetype} already {verb} with this first field. \
                     Add again to add it anyway."
                )));
            }
            Message::Saved(Ok(Saved::Done)) => {
                self.busy = false;
                if self.editing.take().is_some() {
                    return (Task::none(), Some(Event::Closed));
                }
                self.form.clear_fields();
                self.status = Some(Ok(
                    "Added. The next note keeps the deck, type and tags.".into()
                ));
                return (Task::none(), Some(Event::Added));
            }
            Message::Saved(Err(error)) => {
                self.busy = false;
                self.status = Some(Err(error.to_string()));
            }
            Message::Close => {
                self.editing = None;
                return (Task::none(), Some(Event::Closed));
            }
            Message::Previewed(request, Ok((cards, media_dir))) => {
                if request == self.preview_request {
                    let task = self.preview.set(cards, media_dir, painting);
                    return (task.map(Message::Preview), None);
                }
            }
            // A note that cannot be shown yet (its note type was just deleted, say) keeps
            // the last preview; adding it will say what is wrong.
            Message::Previewed(_, Err(_)) => {}
            Message::Preview(message) => {
                let task = self.preview.update(message, painting);
                return (task.map(Message::Preview), None);
            }
        }
        (Task::none(), None)
    }

    pub fn shortcut(
        &mut self,
        shortcut: Shortcut,
        store: &Store,
        _painting: &Painting,
    ) -> Task<Message> {
        match shortcut {
            Shortcut::Submit => self.submit(store),
            _ => Task::none(),
        }
    }

    /// The note as written now, once a deck and a note type are chosen.
    fn draft(&self) -> Option<NewNote> {
        let deck_id = self
            .deck
            .as_deref()
            .and_then(|name| self.catalog.deck_id(name))?;
        let notetype_id = self
            .notetype
            .as_deref()
            .and_then(|name| self.catalog.notetype(name))
            .map(|nt| nt.id)?;
        Some(NewNote {
            guid: None,
            notetype_id,
            deck_id,
            fields: self.form.values(),
            tags: self.form.tags(),
            demo: None,
        })
    }

    fn submit(&mut self, store: &Store) -> Task<Message> {
        let Some(note) = self.draft() else {
            self.status = Some(Err("Choose a deck and a note type first.".into()));
            return Task::none();
        };
        if self.busy {
            return Task::none();
        }
        self.busy = true;
        let save: BoxedJob<Saved> = match &self.editing {
            Some(existing) => {
                let (id, edit) = (existing.id, self.form.edit(note.deck_id));
                Box::new(move |spool| spool.edit_note(id, edit).map(|()| Saved::Done))
            }
            None => {
                let warned = self.duplicate_allowed.as_ref() == note.fields.first();
                Box::new(move |spool| {
                    if !warned {
                        let duplicates = spool.duplicates_of(&note)?.len();
                        if duplicates > 0 {
                            return Ok(Saved::Duplicate(duplicates));
                        }
                    }
                    spool.add_note(&note).map(|_| Saved::Done)
                })
            }
        };
        Task::perform(store.call(save), Message::Saved)
    }

    pub fn view(&self) -> Element<'_, Message> {
        let title = if self.editing.is_some() {
            "Edit note"
        } else {
            "Add"
        };
        let pickers = row![
            labelled(
                "Deck",
                pick_list(
                    self.catalog.deck_names(),
                    self.deck.clone(),
                    Message::DeckPicked
                )
                .padding([6, 10])
                .style(theme::pick_list)
                .into()
            ),
            labelled(
                "Note type",
                pick_list(
                    self.catalog
                        .notetypes
                        .iter()
                        .map(|nt| nt.name.clone())
                        .collect::<Vec<_>>(),
                    self.notetype.clone(),
                    Message::NotetypePicked,
                )
                .padding([6, 10])
                .style(theme::pick_list)
                .into()
            ),
        ]
        .spacing(16)
        .wrap()
        .vertical_spacing(12);
        // Changing the note type of an existing note is not supported, so it is only shown.
        let pickers: Element<'_, Message> = match &self.editing {
            Some(note) => text(format!("{} · {}", note.notetype, note.deck))
                .style(theme::muted)
                .into(),
            None => pickers.into(),
        };
        let submit_label = if self.editing.is_some() {
            "Save"
        } else {
            "Add"
        };
        let mut actions = row![space().width(Fill)]
            .spacing(10)
            .align_y(Alignment::Center);
        if self.editing.is_some() {
            actions = actions.push(
                button(text("Cancel"))
                    .padding([9, 16])
                    .style(theme::secondary)
                    .on_press(Message::Close),
            );
        }
        let actions = actions
            .push(text("Ctrl+Enter").size(size::SMALL).style(theme::muted))
            .push(
                button(text(submit_label))
                    .padding([9, 22])
                    .style(theme::primary)
                    .on_press_maybe((!self.busy).then_some(Message::Submit)),
            );

        let mut page = column![
            widget::title(title),
            pickers,
            container(self.form.view(FIELD_LINES).map(Message::Form))
                .padding(22)
                .style(theme::card),
            actions,
            text("Preview").size(size::BODY),
            container(
                self.preview
                    .view("The note makes no card yet: fill in its first field.")
                    .map(Message::Preview)
            )
            .height(PREVIEW_HEIGHT),
        ]
        .spacing(20)
        .max_width(820);
        if let Some(status) = &self.status {
            page = page.push(widget::outcome(status));
        }
        // Fields grow with their text, so a long note can be taller than the window.
        scrollable(page).style(theme::scrollable).into()
    }
}
