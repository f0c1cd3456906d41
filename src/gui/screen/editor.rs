//! Adding notes (deck, note type, one editor per field, tags; Ctrl+Enter adds and clears) and
//! editing one, e.g. the card being studied.

use iced::widget::{button, column, container, pick_list, row, scrollable, space, text};
use iced::{Alignment, Element, Fill, Task};

use super::note_form::{self, NoteForm, labelled};
use crate::gui::Shortcut;
use crate::gui::store::{BoxedJob, Store, StoreResult};
use crate::gui::theme::{self, size};
use crate::gui::widget;
use spool_core::store::{Deck, NewNote, NoteId, Notetype, StockNotetype};

/// How many lines each field shows before it grows: room to write a multi-line answer.
const FIELD_LINES: f32 = 3.0;

/// The decks and note types to choose from.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub decks: Vec<Deck>,
    pub notetypes: Vec<Notetype>,
}

impl Catalog {
    /// Reads the choices, adding any missing stock note type so Basic and Cloze are offered.
    pub fn load(spool: &mut spool_core::app::Spool) -> spool_core::Result<Catalog> {
        let now = spool.now_secs();
        for stock in StockNotetype::ALL {
            spool.collection_mut().stock_notetype(stock, now)?;
        }
        Ok(Catalog {
            decks: spool.collection().decks()?,
            notetypes: spool.collection().notetypes()?,
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

/// A note being edited: what the form does not show but saving must keep.
#[derive(Debug, Clone)]
pub struct Existing {
    pub id: NoteId,
    pub guid: String,
    pub demo: Option<String>,
    pub deck: String,
    pub notetype: String,
    pub fields: Vec<String>,
    pub tags: Vec<String>,
}

impl Existing {
    pub fn load(spool: &spool_core::app::Spool, id: NoteId) -> spool_core::Result<Existing> {
        let collection = spool.collection();
        let note = collection.note(id)?;
        let notetype = collection.notetype(note.notetype_id)?;
        let deck = match collection.cards_of_note(id)?.first() {
            Some(card) => collection.deck(card.deck_id)?.name,
            None => String::new(),
        };
        Ok(Existing {
            id,
            guid: note.guid,
            demo: note.demo,
            deck,
            notetype: notetype.name,
            fields: note.fields,
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
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(StoreResult<(Catalog, Option<Existing>)>),
    DeckPicked(String),
    NotetypePicked(String),
    Form(note_form::Message),
    Submit,
    Saved(StoreResult<()>),
    Close,
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

    /// Opens the editor on an existing note.
    pub fn edit(&mut self, store: &Store, id: NoteId) -> Task<Message> {
        self.status = None;
        Task::perform(
            store.call(move |spool| Ok((Catalog::load(spool)?, Some(Existing::load(spool, id)?)))),
            Message::Loaded,
        )
    }

    pub fn is_editing(&self) -> bool {
        self.editing.is_some()
    }

    fn reset_form(&mut self) {
        let names = self
            .notetype
            .as_deref()
            .and_then(|name| self.catalog.notetype(name))
            .map(|nt| nt.fields.clone());
        self.form = NoteForm::empty(names.unwrap_or_default());
    }

    pub fn update(&mut self, message: Message, store: &Store) -> (Task<Message>, Option<Event>) {
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
                        self.form = NoteForm::filled(names, note.fields.clone(), &note.tags);
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
            Message::Form(message) => self.form.update(message),
            Message::Submit => return (self.submit(store), None),
            Message::Saved(Ok(())) => {
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
        }
        (Task::none(), None)
    }

    pub fn shortcut(&mut self, shortcut: Shortcut, store: &Store) -> Task<Message> {
        match shortcut {
            Shortcut::Submit => self.submit(store),
            _ => Task::none(),
        }
    }

    fn submit(&mut self, store: &Store) -> Task<Message> {
        let deck_id = self
            .deck
            .as_deref()
            .and_then(|name| self.catalog.deck_id(name));
        let notetype_id = self
            .notetype
            .as_deref()
            .and_then(|name| self.catalog.notetype(name))
            .map(|nt| nt.id);
        let (Some(deck_id), Some(notetype_id)) = (deck_id, notetype_id) else {
            self.status = Some(Err("Choose a deck and a note type first.".into()));
            return Task::none();
        };
        if self.busy {
            return Task::none();
        }
        self.busy = true;
        let mut note = NewNote {
            guid: None,
            notetype_id,
            deck_id,
            fields: self.form.values(),
            tags: self.form.tags(),
            demo: None,
        };
        let save: BoxedJob<()> = match &self.editing {
            Some(existing) => {
                let id = existing.id;
                note.guid = Some(existing.guid.clone());
                note.demo = existing.demo.clone();
                Box::new(move |spool| {
                    let now = spool.now_secs();
                    spool.collection_mut().update_note(id, &note, now)
                })
            }
            None => Box::new(move |spool| {
                let now = spool.now_secs();
                spool.collection_mut().add_note(&note, now).map(drop)
            }),
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
        .spacing(16);
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
