//! The GUI driven headless: iced_test's simulator clicks the real views, and the tasks the
//! updates return run for real on the collection worker before the next step.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use common::Fixture;
use iced::futures::StreamExt;
use iced::keyboard::key::{Named, NativeCode, Physical};
use iced::keyboard::{self, Key, Location, Modifiers};
use iced::mouse;
use iced::theme::Mode;
use iced::{Element, Task};
use iced::{Point, Rectangle, Size};
use iced_test::core::event;
use iced_test::runtime::{Action, task};
use iced_test::selector::{Candidate, id};
use iced_test::{Error, Simulator};
use spool::gui::demo::run;
use spool::gui::{
    App, FileDialogs, Message, Page, Shortcut, backups, card_info, decks, demo, editor, settings,
};
use spool_core::app::{ImportFormat, ImportOptions, Spool};
use spool_core::demos::Outcome;
use spool_core::store::{NewNote, StockNotetype, Theme};

struct Harness {
    app: App,
    /// Tasks run here, as under the real app's tokio executor, each forwarding its messages.
    runtime: tokio::runtime::Runtime,
    messages: (mpsc::Sender<Message>, mpsc::Receiver<Message>),
    /// Task streams still running.
    live: Arc<AtomicUsize>,
    /// Holds the collection's folder for as long as the app is open.
    fixture: Fixture,
}

/// Longest wait for the next message before a test gives up, so a bug fails instead of hanging.
const PATIENCE: Duration = Duration::from_secs(60);
/// How often a waiting test looks again whether its tasks are done.
const POLL: Duration = Duration::from_millis(5);

impl Harness {
    /// The app on the fixture's collection, booted and settled.
    fn boot(fixture: Fixture) -> Harness {
        let path = fixture.path();
        Harness::boot_at(fixture, path)
    }

    /// The app on the collection at `path`, with the fixture's clock.
    fn boot_at(fixture: Fixture, path: std::path::PathBuf) -> Harness {
        let (app, boot) = App::boot(
            path,
            Arc::new(fixture.clock.clone()),
            FileDialogs::PathField,
        );
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let mut harness = Harness {
            app,
            runtime,
            messages: mpsc::channel(),
            live: Arc::default(),
            fixture,
        };
        harness.spawn(boot);
        harness.settle();
        harness
    }

    /// The app on a fresh collection (built-in deck), open.
    fn open() -> Harness {
        let harness = Harness::boot(Fixture::new());
        assert!(harness.app.store().is_some(), "the collection opened");
        harness
    }

    /// Starts `task`; its messages come back through `self.messages`.
    fn spawn(&self, task: Task<Message>) {
        let Some(stream) = task::into_stream(task) else {
            return;
        };
        let sender = self.messages.0.clone();
        let live = self.live.clone();
        live.fetch_add(1, SeqCst);
        self.runtime.spawn(async move {
            stream
                .for_each(|action| {
                    if let Action::Output(message) = action {
                        let _ = sender.send(message);
                    }
                    std::future::ready(())
                })
                .await;
            live.fetch_sub(1, SeqCst);
        });
    }

    fn handle(&mut self, message: Message) {
        let task = self.app.update(message);
        self.spawn(task);
    }

    /// Handles messages until every task has finished and nothing is left to handle.
    fn settle(&mut self) {
        let deadline = std::time::Instant::now() + PATIENCE;
        loop {
            // Streams send before they count themselves done, so once none is live, what is
            // queued is all there will be.
            let idle = self.live.load(SeqCst) == 0;
            match self.messages.1.recv_timeout(POLL) {
                Ok(message) => self.handle(message),
                Err(_) if idle => return,
                // Some tasks (asking the system theme) end without a message, so keep polling.
                Err(_) => assert!(
                    std::time::Instant::now() < deadline,
                    "tasks are still running after {PATIENCE:?}"
                ),
            }
        }
    }

    /// Handles messages as they come until `done` holds of the app.
    fn wait_until(&mut self, what: &str, done: impl Fn(&App) -> bool) {
        while !done(&self.app) {
            let message = self
                .messages
                .1
                .recv_timeout(PATIENCE)
                .unwrap_or_else(|_| panic!("waiting for {what}"));
            self.handle(message);
        }
    }

    fn send(&mut self, message: Message) {
        self.handle(message);
        self.settle();
    }

    /// Clicks the widget showing `label`, without waiting for the tasks that starts.
    fn press(&mut self, label: &str) -> Result<(), Error> {
        let messages: Vec<Message> = {
            let mut ui = Simulator::new(self.app.view());
            ui.click(label)?;
            ui.into_messages().collect()
        };
        messages
            .into_iter()
            .for_each(|message| self.handle(message));
        Ok(())
    }

    /// Clicks the widget showing `label` in the current view, then handles what follows.
    fn click(&mut self, label: &str) -> Result<(), Error> {
        self.press(label)?;
        self.settle();
        Ok(())
    }

    /// Clicks the input with widget id `input` and, from the end of its text, does `act`;
    /// then handles the messages that produced.
    fn in_input<T>(
        &mut self,
        input: &'static str,
        act: impl FnOnce(&mut Simulator<'_, Message>) -> T,
    ) -> Result<T, Error> {
        let (result, messages): (T, Vec<Message>) = {
            let mut ui = Simulator::new(self.app.view());
            ui.click(id(input))?;
            ui.simulate([key_press(Key::Named(Named::End), Modifiers::CTRL)]);
            let result = act(&mut ui);
            (result, ui.into_messages().collect())
        };
        for message in messages {
            self.send(message);
        }
        Ok(result)
    }

    /// Types `typed` at the end of the input with widget id `input`; `\n` presses Enter.
    fn type_into(&mut self, input: &'static str, typed: &str) -> Result<(), Error> {
        self.in_input(input, |ui| {
            for (index, line) in typed.split('\n').enumerate() {
                if index > 0 {
                    ui.tap_key(Named::Enter);
                }
                ui.typewrite(line);
            }
        })
    }

    /// Presses `key` with `modifiers` in the input `input`: whether the input took the key.
    fn key_in(
        &mut self,
        input: &'static str,
        key: Key,
        modifiers: Modifiers,
    ) -> Result<event::Status, Error> {
        self.in_input(input, |ui| ui.simulate([key_press(key, modifiers)])[0])
    }

    /// Turns the mouse wheel `pixels` down over the scrollable with id `list`, then clicks
    /// `label`. iced keeps a scrollable's position from frame to frame, but a new simulator
    /// starts at the top; so the wheel turns twice: once for the app to learn where the list
    /// is and build the rows there, and again in the frame that draws them.
    fn scroll_and_click(
        &mut self,
        list: &'static str,
        pixels: f32,
        label: &str,
    ) -> Result<(), Error> {
        for frame in 0..2 {
            let messages: Vec<Message> = {
                let mut ui = Simulator::new(self.app.view());
                let list = ui.find(id(list))?;
                ui.point_at(
                    list.visible_bounds()
                        .expect("the list is on screen")
                        .center(),
                );
                ui.simulate([iced::Event::Mouse(mouse::Event::WheelScrolled {
                    delta: mouse::ScrollDelta::Pixels { x: 0.0, y: -pixels },
                })]);
                if frame == 1 {
                    ui.click(label)?;
                }
                ui.into_messages().collect()
            };
            for message in messages {
                self.send(message);
            }
        }
        Ok(())
    }

    fn shows(&mut self, label: &str) -> bool {
        Simulator::new(self.app.view()).find(label).is_ok()
    }

    /// Runs `job` on the app's collection worker and waits for it.
    fn query<T: Send + 'static>(
        &self,
        job: impl FnOnce(&mut Spool) -> spool_core::Result<T> + Send + 'static,
    ) -> T {
        self.runtime
            .block_on(self.app.store().expect("open").call(job))
            .expect("the query succeeds")
    }

    /// Starts studying `deck` from the deck list.
    fn study(&mut self, deck: &str) {
        self.send(Message::Decks(decks::Message::Study(Some(deck.into()))));
    }

    fn current_card_id(&self) -> Option<i64> {
        self.app.study().current().map(|shown| shown.card.card.id)
    }
}

fn key_press(key: Key, modifiers: Modifiers) -> iced::Event {
    iced::Event::Keyboard(keyboard::Event::KeyPressed {
        key: key.clone(),
        modified_key: key,
        physical_key: Physical::Unidentified(NativeCode::Unidentified),
        location: Location::Standard,
        modifiers,
        text: None,
        repeat: false,
    })
}

/// Adds a Basic note with these fields to deck `deck` behind the app's back.
fn add_basic_note(gui: &Harness, deck: &'static str, fields: [&str; 2]) {
    add_note_with_demo(gui, deck, fields, None);
}

/// Adds a Basic note offering demo `demo` (if any) to deck `deck` behind the app's back.
fn add_note_with_demo(
    gui: &Harness,
    deck: &'static str,
    fields: [&str; 2],
    demo: Option<&'static str>,
) {
    let fields = fields.map(String::from).to_vec();
    gui.query(move |spool| {
        let notetype_id = spool.stock_notetype(StockNotetype::Basic)?;
        let deck_id = match spool.collection().deck_by_name(deck) {
            Ok(existing) => existing.id,
            Err(_) => spool.create_deck(deck)?,
        };
        spool.add_note(&NewNote {
            guid: None,
            notetype_id,
            deck_id,
            fields,
            tags: vec![],
            demo: demo.map(String::from),
        })
    });
}

/// The fields of the only note `query` finds.
fn fields_of(gui: &Harness, query: &'static str) -> Vec<String> {
    let notes = gui.query(move |spool| spool.search(query));
    assert_eq!(notes.len(), 1, "{notes:?}");
    notes[0]
        .fields
        .values()
        .map(|value| value.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn reveal_then_grade_shows_the_next_card_and_writes_the_review() -> Result<(), Error> {
    let mut gui = Harness::open();
    gui.click("Study all")?;
    assert_eq!(gui.app.page(), Page::Study);
    let first = gui.current_card_id().expect("a new card is shown");
    assert!(!gui.shows("Good"), "grades appear only with the answer");

    gui.click("Show answer")?;
    gui.click("Good")?;

    let second = gui.current_card_id().expect("the next card is shown");
    assert_ne!(first, second);
    assert!(
        gui.shows("Show answer"),
        "the next card starts on its question"
    );
    let log = gui.query(move |spool| spool.collection().review_log(Some(first)));
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].quality, 4, "Good is quality 4");
    Ok(())
}

#[test]
fn a_grade_for_a_card_changed_meanwhile_is_refused_and_the_card_shown_as_it_is_now()
-> Result<(), Error> {
    let mut gui = Harness::open();
    gui.click("Study all")?;
    let shown = gui.current_card_id().expect("a new card is shown");
    gui.click("Show answer")?;
    // Answered behind the screen's back, so its buttons preview a state it has left.
    let changed = gui.query(move |spool| {
        spool.answer_card_with_quality(shown, 1, 0)?;
        spool.collection().card(shown)
    });

    gui.click("Easy")?;
    assert!(gui.shows("This card changed while it was on screen, so that answer was not saved. Here it is as it is now."));
    assert_eq!(gui.current_card_id(), Some(shown), "the same card again");
    assert_eq!(gui.app.study().current().unwrap().card.card, changed);
    let log = gui.query(move |spool| spool.collection().review_log(Some(shown)));
    assert_eq!(log.len(), 1, "only the answer given elsewhere is logged");

    gui.click("Show answer")?;
    gui.click("Good")?;
    let log = gui.query(move |spool| spool.collection().review_log(Some(shown)));
    assert_eq!(
        log.len(),
        2,
        "the answer from the state shown again is saved"
    );
    Ok(())
}

#[test]
fn the_grade_buttons_say_what_each_answer_does() -> Result<(), Error> {
    let mut gui = Harness::open();
    gui.click("Study all")?;
    gui.click("Show answer")?;
    // A new card: Again and Hard drill it again today, and either way it is due tomorrow.
    assert!(gui.shows("again today, then 1d"));
    assert!(gui.shows("1d"), "Good and Easy");
    assert!(!gui.shows("today"), "no bare \"today\" on a button");

    // And it does come back in this session.
    let hard = gui.current_card_id().expect("a card is shown");
    gui.click("Hard")?;
    for _ in 0..10 {
        if gui.current_card_id() == Some(hard) {
            break;
        }
        gui.click("Show answer")?;
        gui.click("Good")?;
    }
    assert_eq!(gui.current_card_id(), Some(hard));
    assert!(gui.shows("Same-day drill · this answer does not change the schedule"));
    Ok(())
}

#[test]
fn undo_restores_the_answered_card() -> Result<(), Error> {
    let mut gui = Harness::open();
    gui.click("Study all")?;
    let first = gui.current_card_id().expect("a card is shown");
    let before = gui.query(move |spool| spool.collection().card(first));

    gui.click("Show answer")?;
    gui.click("Easy")?;
    assert_ne!(gui.current_card_id(), Some(first));
    gui.click("Undo")?;

    assert_eq!(
        gui.current_card_id(),
        Some(first),
        "the answered card is back on screen"
    );
    assert!(gui.shows("Show answer"), "on its question side");
    let question = gui.query(move |spool| spool.card_faces(first)).question;
    let question = spool_core::render::html::to_plain_text(&question);
    let question = question.lines().next().unwrap_or_default().trim();
    // Long questions are cut after 60 characters.
    let shown: String = question.chars().take(60).collect();
    let cut = if shown.len() < question.len() {
        "…"
    } else {
        ""
    };
    let said = format!("Undid: Easy on “{shown}{cut}”");
    assert!(gui.shows(&said), "undo says what it undid: {said}");
    let after = gui.query(move |spool| spool.collection().card(first));
    assert_eq!(after.schedule, before.schedule);
    assert_eq!(
        gui.query(|spool| spool.collection().review_log(None).map(|log| log.len())),
        0
    );
    Ok(())
}

#[test]
fn a_locked_collection_is_explained_and_can_be_retried() -> Result<(), Error> {
    let fixture = Fixture::new();
    let holder = fixture.open();
    let mut gui = Harness::boot(fixture);
    assert!(gui.app.store().is_none());
    assert!(gui.shows("Spool cannot open the collection"));

    drop(holder);
    gui.click("Try again")?;
    assert!(
        gui.app.store().is_some(),
        "opens once the other user lets go"
    );
    Ok(())
}

#[test]
fn a_second_window_on_a_hard_link_of_an_open_collection_is_refused() -> Result<(), Error> {
    let first = Harness::open();
    // The link lives in the second window's folder, which outlasts the first's.
    let second_folder = Fixture::new();
    let link = second_folder.dir.path().join("linked.spool");
    std::fs::hard_link(first.fixture.path(), &link).unwrap();
    let mut second = Harness::boot_at(second_folder, link.clone());
    assert!(second.app.store().is_none());
    assert!(second.shows("Spool cannot open the collection"));
    // The first window's worker closes the collection on its own thread once the window
    // is gone: wait for the file to be free, through the link.
    drop(first);
    let deadline = std::time::Instant::now() + PATIENCE;
    while spool_core::store::Collection::open(&link).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "the first window never let go"
        );
        std::thread::sleep(POLL);
    }
    second.click("Try again")?;
    assert!(second.app.store().is_some(), "opens once the first closes");
    Ok(())
}

#[test]
fn an_added_note_is_found_by_search() -> Result<(), Error> {
    let mut gui = Harness::open();
    gui.click("Add")?;
    assert_eq!(gui.app.page(), Page::Add);
    gui.type_into("field-0", "What does borrowck enforce")?;
    gui.type_into(
        "field-1",
        "Aliasing XOR mutation:\n<i>never both at once</i>",
    )?;
    gui.type_into("tags", "rust ownership")?;
    // The field leaves Ctrl+Enter to the app's shortcut, which adds without breaking a line.
    let status = gui.key_in("field-1", Key::Named(Named::Enter), Modifiers::CTRL)?;
    assert_eq!(status, event::Status::Ignored);
    gui.send(Message::Shortcut(Shortcut::Submit));
    assert!(gui.shows("Added. The next note keeps the deck, type and tags."));
    assert_eq!(
        fields_of(&gui, "tag:ownership"),
        [
            "What does borrowck enforce",
            "Aliasing XOR mutation:<br><i>never both at once</i>"
        ],
        "the typed line break saved as <br>, no newline added at the end"
    );

    gui.click("Browse")?;
    gui.type_into("query", "borrowck tag:ownership")?;
    gui.click("Search")?;
    let rows = gui.app.browse().rows();
    assert_eq!(rows.len(), 1, "exactly the new note's card: {rows:?}");
    assert_eq!(rows[0].question, "What does borrowck enforce");
    assert!(
        gui.shows("What does borrowck enforce"),
        "the row is on screen"
    );
    Ok(())
}

#[test]
fn an_edit_from_the_study_screen_persists() -> Result<(), Error> {
    let mut gui = Harness::open();
    add_basic_note(&gui, "Edits", ["Capital of Peru", "Lima"]);
    gui.study("Edits");
    gui.send(Message::Shortcut(Shortcut::Edit));
    assert_eq!(gui.app.page(), Page::Edit, "editing is not adding");
    assert!(gui.shows("Edit note"));

    gui.type_into("field-1", "\n<small>on the Pacific coast</small>")?;
    gui.click("Save")?;
    assert_eq!(gui.app.page(), Page::Study, "back to the card");
    assert_eq!(
        fields_of(&gui, "deck:Edits"),
        [
            "Capital of Peru",
            "Lima<br><small>on the Pacific coast</small>"
        ]
    );
    Ok(())
}

#[test]
fn a_formatted_field_is_drawn_in_place_of_its_html_until_opened() -> Result<(), Error> {
    let mut gui = Harness::open();
    add_basic_note(&gui, "Edits", ["Capital of Peru", "<b>Lima</b>"]);
    gui.study("Edits");
    gui.send(Message::Shortcut(Shortcut::Edit));
    assert!(
        gui.type_into("field-1", "x").is_err(),
        "the HTML of a formatted field is closed at first"
    );
    gui.click("HTML")?;
    gui.type_into("field-1", " &amp; Callao")?;
    // Ctrl+Shift+X closes the HTML again, as in Anki.
    gui.key_in(
        "field-1",
        Key::Character("X".into()),
        Modifiers::CTRL | Modifiers::SHIFT,
    )?;
    assert!(gui.type_into("field-1", "x").is_err(), "closed again");
    assert!(gui.shows("HTML"));
    gui.click("Save")?;
    assert_eq!(
        fields_of(&gui, "deck:Edits"),
        ["Capital of Peru", "<b>Lima</b> &amp; Callao"]
    );
    Ok(())
}

#[test]
fn a_saved_edit_leaves_nothing_in_the_add_screen() -> Result<(), Error> {
    let mut gui = Harness::open();
    add_basic_note(&gui, "Edits", ["Capital of Peru", "Lima"]);
    gui.study("Edits");
    gui.send(Message::Shortcut(Shortcut::Edit));
    gui.type_into("field-1", "!")?;
    gui.click("Save")?;
    gui.send(Message::Shortcut(Shortcut::Open(Page::Add)));
    assert_eq!(gui.app.page(), Page::Add);
    assert!(
        !gui.shows("Capital of Peru"),
        "the edited note is not in Add"
    );
    gui.type_into("field-0", "Capital of Ecuador")?;
    gui.type_into("field-1", "Quito")?;
    gui.send(Message::Shortcut(Shortcut::Submit));
    assert_eq!(
        gui.query(|spool| spool.search("Peru")).len(),
        1,
        "no copy of the edit"
    );
    assert_eq!(fields_of(&gui, "Ecuador"), ["Capital of Ecuador", "Quito"]);
    Ok(())
}

#[test]
fn adding_a_note_whose_first_field_exists_warns_and_a_second_add_adds_it() -> Result<(), Error> {
    let mut gui = Harness::open();
    add_basic_note(&gui, "Capitals", ["Capital of <b>Peru</b>", "Lima"]);
    gui.click("Add")?;
    gui.type_into("field-0", "Capital of Peru")?;
    gui.type_into("field-1", "Lima, again")?;
    gui.send(Message::Shortcut(Shortcut::Submit));
    assert!(
        gui.shows(
            "A note of type Basic already starts with this first field. Add again to add it anyway."
        ),
        "the duplicate is pointed out"
    );
    assert_eq!(
        gui.query(|spool| spool.search("Peru")).len(),
        1,
        "nothing added yet"
    );
    gui.send(Message::Shortcut(Shortcut::Submit));
    assert_eq!(
        gui.query(|spool| spool.search("Peru")).len(),
        2,
        "added when asked again"
    );
    Ok(())
}

#[test]
fn a_note_edited_in_the_browser_is_saved() -> Result<(), Error> {
    let mut gui = Harness::open();
    add_basic_note(&gui, "Edits", ["Capital of Chile", "Santiago"]);
    gui.click("Browse")?;
    gui.type_into("query", "deck:Edits")?;
    gui.click("Search")?;
    gui.click("Capital of Chile")?;

    gui.type_into("field-1", " de Chile")?;
    gui.type_into("field-0", "?")?;
    gui.click("Save")?;
    assert_eq!(
        fields_of(&gui, "deck:Edits"),
        ["Capital of Chile?", "Santiago de Chile"]
    );
    let rows = gui.app.browse().rows();
    assert_eq!(
        rows[0].question, "Capital of Chile?",
        "the table is searched again"
    );
    Ok(())
}

#[test]
fn the_browser_shows_the_selected_cards_face_and_its_card_info() -> Result<(), Error> {
    let mut gui = Harness::open();
    add_basic_note(&gui, "Capitals", ["Capital of Peru", "Lima"]);
    gui.click("Browse")?;
    gui.type_into("query", "deck:Capitals")?;
    gui.click("Search")?;
    gui.click("Capital of Peru")?;
    let preview = gui.app.browse().preview();
    let faces = preview.showing().expect("the selected card's faces");
    assert!(
        faces.question.contains("Capital of Peru"),
        "{}",
        faces.question
    );
    let question = preview.drawn().expect("the face is drawn").id;
    gui.click("Answer")?;
    let answer = gui
        .app
        .browse()
        .preview()
        .drawn()
        .expect("the answer is drawn");
    assert_ne!(answer.id, question, "the answer is a face of its own");

    let card = gui.app.browse().selected().expect("a card is selected");
    gui.query(move |spool| spool.answer_card_with_quality(card, 4, 3_000));
    gui.click("Card info")?;
    let info = gui.app.card_info().and_then(card_info::State::info);
    let info = info.expect("card info is open");
    assert_eq!(
        (info.card_id, info.reviews, info.deck.as_str()),
        (card, 1, "Capitals")
    );
    assert_eq!(info.history[0].quality, 4);
    assert_eq!(info.total_ms, 3_000);
    assert!(gui.shows("Latest review"), "the facts are on screen");
    gui.send(Message::Shortcut(Shortcut::Cancel));
    assert!(gui.app.card_info().is_none(), "Escape closes card info");
    Ok(())
}

#[test]
fn i_shows_the_studied_cards_info_over_the_study_screen() -> Result<(), Error> {
    let mut gui = Harness::open();
    gui.click("Study all")?;
    let card = gui.current_card_id().expect("a card is shown");
    gui.send(Message::Shortcut(Shortcut::CardInfo));
    let info = gui.app.card_info().expect("card info is open");
    assert_eq!(info.card_id(), card);
    assert_eq!(gui.app.page(), Page::Study, "over the study screen");
    // Keys wait while it is open: a grade does not answer the card beneath.
    gui.send(Message::Shortcut(Shortcut::Reveal));
    assert!(gui.shows("Show answer"), "the card was not revealed");
    gui.click("Close")?;
    assert!(gui.app.card_info().is_none());
    Ok(())
}

#[test]
fn the_editor_previews_each_card_of_the_note_as_it_is_written() -> Result<(), Error> {
    let mut gui = Harness::open();
    gui.click("Add")?;
    assert_eq!(
        gui.app.editor().preview().card_count(),
        0,
        "an empty note makes no card"
    );
    assert!(gui.shows("The note makes no card yet: fill in its first field."));
    gui.type_into("field-0", "Capital of Bolivia")?;
    let preview = gui.app.editor().preview();
    assert_eq!(preview.card_count(), 1);
    let faces = preview.showing().expect("the card's faces");
    assert!(
        faces.question.contains("Capital of Bolivia"),
        "{}",
        faces.question
    );
    assert!(preview.drawn().is_some(), "the face is drawn");
    gui.type_into("field-0", ": Sucre")?;
    let faces = gui
        .app
        .editor()
        .preview()
        .showing()
        .expect("the card's faces");
    assert!(
        faces.question.contains("Capital of Bolivia: Sucre"),
        "redrawn as typed"
    );

    let reversed = "Basic (and reversed card)".to_string();
    gui.send(Message::Editor(editor::Message::NotetypePicked(reversed)));
    gui.type_into("field-0", "Sucre")?;
    gui.type_into("field-1", "Capital of Bolivia")?;
    assert_eq!(gui.app.editor().preview().card_count(), 2, "both cards");
    gui.click("›")?;
    assert!(gui.shows("Card 2 of 2"));
    let faces = gui
        .app
        .editor()
        .preview()
        .showing()
        .expect("the second card");
    assert!(
        faces.question.contains("Capital of Bolivia"),
        "{}",
        faces.question
    );
    assert_eq!(
        gui.query(|spool| spool.search("Sucre")).len(),
        0,
        "a preview adds nothing"
    );
    Ok(())
}

#[test]
fn a_dragged_column_edge_resizes_the_column() -> Result<(), Error> {
    use spool::gui::browse::{self, Column};
    let mut gui = Harness::open();
    gui.click("Browse")?;
    let deck = gui
        .app
        .browse()
        .column_width(Column::Deck)
        .expect("a width");
    let due = gui.app.browse().column_width(Column::Due).expect("a width");
    // The edge between question and deck dragged 60 px right: the deck is narrower. The
    // edge between deck and due dragged 30 px left: due is wider.
    for (right_of_edge, from, to) in [(Column::Deck, 400.0, 460.0), (Column::Due, 700.0, 670.0)] {
        gui.send(Message::Browse(browse::Message::PointerMoved(from)));
        gui.send(Message::Browse(browse::Message::ResizeStart(right_of_edge)));
        gui.send(Message::Browse(browse::Message::PointerMoved(to)));
        gui.send(Message::Browse(browse::Message::ResizeEnd));
    }
    assert_eq!(
        gui.app.browse().column_width(Column::Deck),
        Some(deck - 60.0)
    );
    assert_eq!(gui.app.browse().column_width(Column::Due), Some(due + 30.0));
    // Moving after the release changes nothing.
    gui.send(Message::Browse(browse::Message::PointerMoved(900.0)));
    assert_eq!(gui.app.browse().column_width(Column::Due), Some(due + 30.0));
    Ok(())
}

#[test]
fn the_browser_reaches_rows_far_down_a_long_result() -> Result<(), Error> {
    const NOTES: usize = 1000;
    let fixture = Fixture::new();
    add_in_bulk(
        &fixture,
        (0..NOTES).map(|i| {
            [
                "Far".into(),
                format!("Far {i:04}"),
                format!("Answer {i}"),
                String::new(),
            ]
        }),
    );
    let mut gui = Harness::boot(fixture);
    gui.click("Browse")?;
    gui.type_into("query", "deck:Far")?;
    gui.click("Search")?;
    gui.click("Question")?; // ascending: Far 0000 first
    let rows = gui.app.browse().rows();
    assert_eq!(rows.len(), NOTES, "the table holds every card found");
    let card_of = |gui: &Harness, index: usize| gui.app.browse().rows()[index].card_id;
    assert!(gui.shows("1000 cards"));
    assert!(gui.shows("Far 0000"));
    assert!(!gui.shows("Far 0999"), "rows out of view are not built");

    gui.scroll_and_click("browse-table", 1e9, "Far 0999")?;
    assert_eq!(gui.app.browse().selected(), Some(card_of(&gui, 999)));
    assert!(!gui.shows("Far 0000"), "the rows at the top are gone");

    // Up moves the selection; Down past the end stays on the last row.
    gui.send(Message::Shortcut(Shortcut::Previous));
    assert_eq!(gui.app.browse().selected(), Some(card_of(&gui, 998)));
    gui.send(Message::Shortcut(Shortcut::Next));
    gui.send(Message::Shortcut(Shortcut::Next));
    assert_eq!(gui.app.browse().selected(), Some(card_of(&gui, 999)));

    // Sorting the other way brings the selected row to the top, and keeps it in view.
    gui.click("Question ↑")?;
    assert_eq!(gui.app.browse().rows()[0].question, "Far 0999");
    assert_eq!(gui.app.browse().selected(), Some(card_of(&gui, 0)));
    assert!(gui.shows("Far 0999"));
    Ok(())
}

#[test]
fn saved_settings_persist_in_the_collection() -> Result<(), Error> {
    let mut gui = Harness::open();
    gui.click("Settings")?;
    gui.type_into("new-per-day", "7")?; // appended to the 20 already there
    gui.click("Play audio automatically")?; // on by default, as in Anki
    gui.click("Dark")?;
    gui.click("Save")?;
    assert!(gui.shows("Saved in the collection."));

    let stored = gui.query(|spool| spool.settings());
    assert_eq!(stored.new_per_day, 207);
    assert!(!stored.play_audio_automatically);
    assert_eq!(stored.theme, Theme::Dark);
    assert_eq!(gui.app.settings(), &stored, "the app applies what it saved");
    assert!(gui.app.theme().extended_palette().is_dark);

    gui.click("Decks")?;
    gui.click("Settings")?;
    assert!(gui.shows("207"), "the screen reads the saved value back");
    Ok(())
}

#[test]
fn follow_system_switches_live_with_the_desktop_and_a_chosen_theme_stays() -> Result<(), Error> {
    let mut gui = Harness::open();
    let dark = |gui: &Harness| gui.app.theme().extended_palette().is_dark;
    assert_eq!(gui.app.settings().theme, Theme::System, "the default");
    assert!(
        !dark(&gui),
        "a desktop with no preference, as under Xvfb, gets light"
    );
    gui.click("Settings")?;
    assert!(
        gui.shows("Your desktop states no light or dark preference, so Follow system is light.")
    );

    gui.send(Message::SystemTheme(Mode::Dark));
    assert!(dark(&gui));
    assert!(gui.shows("Your desktop asks for dark, so Follow system is dark."));
    gui.send(Message::SystemTheme(Mode::Light));
    assert!(!dark(&gui));

    gui.click("Dark")?;
    assert!(dark(&gui), "Dark takes effect at once, without Save");
    assert!(
        !gui.shows("Your desktop asks for light, so Follow system is light."),
        "what Follow system does is said only under Follow system"
    );
    gui.send(Message::SystemTheme(Mode::Light));
    assert!(
        dark(&gui),
        "a theme chosen in the settings wins over the desktop"
    );
    let kept = gui.query(|spool| spool.settings()).theme;
    assert_eq!(kept, Theme::Dark, "and it is kept in the collection");
    Ok(())
}

#[test]
fn invalid_settings_are_explained_and_not_saved() -> Result<(), Error> {
    let mut gui = Harness::open();
    gui.click("Settings")?;
    gui.type_into("rollover-hour", "9")?; // 4 becomes 49
    gui.click("Save")?;
    assert!(gui.shows("invalid setting rollover_hour: must be between 0 and 23, got 49"));
    assert_eq!(gui.query(|spool| spool.settings()).rollover_hour, 4);
    Ok(())
}

/// A collection of `cards` Basic notes in 20 subdecks of "Big", with HTML and code on the
/// back, as the large-collection measurements use. `SPOOL_LATENCY_CARDS` sets a smaller
/// collection for a quick look.
fn large_collection() -> (Fixture, usize) {
    let cards: usize = std::env::var("SPOOL_LATENCY_CARDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let fixture = Fixture::new();
    add_in_bulk(
        &fixture,
        (0..cards).map(|i| {
            [
                format!("Big::Part {}", i % 20),
                format!("Question <b>{i}</b>"),
                format!(
                    "<p>Answer {i}</p><pre><code class=\"language-rust\">let x = {i};</code></pre>"
                ),
                "bulk".into(),
            ]
        }),
    );
    (fixture, cards)
}

/// Writes the notes `notes` makes of the Basic note type, each with the name of its deck,
/// into the fixture's collection after the built-in deck, as one batch straight through the
/// store: the app adds notes one at a time.
fn add_in_bulk(fixture: &Fixture, notes: impl Iterator<Item = [String; 4]>) {
    // Anki's text export, as a person would bring many notes, with HTML kept as HTML.
    let path = fixture.path().with_extension("txt");
    let header = "#separator:Comma\n#html:true\n#deck column:1\n#tags column:4\n";
    std::fs::write(&path, header).unwrap();
    let file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    let mut rows = csv::Writer::from_writer(file);
    for note in notes {
        rows.write_record(note).unwrap();
    }
    rows.flush().unwrap();
    let options = ImportOptions {
        format: Some(ImportFormat::AnkiText),
        ..ImportOptions::default()
    };
    let mut spool = fixture.open();
    spool.import_file(&path, &options, &mut |_| {}).unwrap();
}

/// Not a pass/fail test: measures how long the next card takes to be ready for the screen
/// after a grade, on a 100,000-card collection with a full day of reviews due. Run with
/// `cargo test --release --test gui -- --ignored --nocapture grade_to_next_card_latency`.
#[test]
#[ignore]
fn grade_to_next_card_latency_on_100k_cards() -> Result<(), Error> {
    use std::time::Instant;

    const REVIEWED: i64 = 400;
    let (fixture, cards) = large_collection();
    {
        let mut spool = fixture.open();
        // Yesterday's answers make today's reviews.
        let first = spool.search("Question 0").unwrap()[0].cards[0].id;
        for id in first..first + REVIEWED {
            spool.answer_card_with_quality(id, 4, 1000).unwrap();
        }
        fixture.clock.advance_days(1);
    }
    let mut gui = Harness::boot(fixture);
    gui.click("Study all")?;
    assert!(
        gui.current_card_id().is_some(),
        "cards are due: {:?}",
        gui.app.study()
    );
    let mut latencies = Vec::new();
    // Today's limits (200 reviews, 20 new) end the session before the 400 due cards run out.
    while let Some(before) = gui.current_card_id() {
        gui.send(Message::Shortcut(Shortcut::Reveal));
        let started = Instant::now();
        // Waiting for the reply itself, not for the harness to go idle, which polls.
        gui.handle(Message::Shortcut(Shortcut::Grade(
            spool_core::scheduler::Grade::Good,
        )));
        gui.wait_until("the next card's face", |app| {
            !app.study().is_busy() && app.study().face_is_drawn()
        });
        drop(gui.app.view());
        latencies.push(started.elapsed());
        gui.settle();
        assert_ne!(
            gui.current_card_id(),
            Some(before),
            "the next card (or the end) is on screen"
        );
    }
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize];
    let mean = latencies.iter().sum::<Duration>() / latencies.len() as u32;
    println!(
        "grade -> next card's face drawn, {} grades on {cards} cards: median {:?}, p95 {:?}, max {:?}, mean {mean:?}",
        latencies.len(),
        at(0.5),
        at(0.95),
        at(1.0)
    );
    Ok(())
}

/// Not a pass/fail test: how long the browser takes to list every card of a 100,000-card
/// collection, sort it and lay out a frame, and the memory the rows take. Run with
/// `cargo test --release --test gui -- --ignored --nocapture browse_every_card`.
#[test]
#[ignore]
fn browse_every_card_of_100k() -> Result<(), Error> {
    use std::time::Instant;

    /// Resident memory of this process, in MiB (Linux).
    fn resident_mib() -> f64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let kib: f64 = status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0.0);
        kib / 1024.0
    }

    let (fixture, cards) = large_collection();
    let mut gui = Harness::boot(fixture);
    let before = resident_mib();
    let started = Instant::now();
    gui.click("Browse")?;
    let listed = started.elapsed();
    let rows = gui.app.browse().rows().len();
    assert!(rows >= cards, "every card is listed: {rows}");
    let grown = resident_mib() - before;
    // Deck names are shared between rows; questions and due dates are their own.
    let held: usize = gui
        .app
        .browse()
        .rows()
        .iter()
        .map(|row| {
            std::mem::size_of_val(row)
                + row.question.capacity()
                + row.due.as_ref().map_or(0, String::capacity)
        })
        .sum();
    let held = held as f64 / (1024.0 * 1024.0);

    let started = Instant::now();
    gui.click("Question")?;
    let sorted = started.elapsed();

    let first = gui.app.browse().rows()[0].question.clone();
    let started = Instant::now();
    assert!(gui.shows(&first), "the first row is on screen");
    let frame = started.elapsed();
    println!(
        "browse {rows} cards: search and rows {listed:?}, sort by question {sorted:?}, \
         view and layout {frame:?}; the rows hold {held:.0} MiB, the process grew {grown:.0} MiB"
    );
    Ok(())
}

#[test]
fn a_demo_runs_live_and_stops_when_asked() -> Result<(), Error> {
    let mut gui = Harness::open();
    gui.click("Demos")?;
    gui.send(Message::Demo(demo::Message::Picked(
        "I/O-bound work: sequential, threads, async".into(),
    )));
    gui.press("Run")?;
    gui.wait_until("the first events", |app| {
        app.demo().is_running() && app.demo().run().log().next().is_some()
    });
    assert!(gui.shows("Stop"));

    gui.press("Stop")?;
    gui.wait_until("the run to end", |app| !app.demo().is_running());
    assert_eq!(
        gui.app.demo().run().status(),
        &run::Status::Finished(Outcome::Cancelled)
    );
    assert!(gui.shows("Stopped"));
    Ok(())
}

#[test]
fn escape_stops_a_running_demo() -> Result<(), Error> {
    let mut gui = Harness::open();
    gui.click("Demos")?;
    gui.send(Message::Demo(demo::Message::Picked(
        "I/O-bound work: sequential, threads, async".into(),
    )));
    gui.press("Run")?;
    gui.wait_until("the run to start", |app| app.demo().is_running());
    gui.handle(Message::Shortcut(Shortcut::Cancel));
    gui.wait_until("the run to end", |app| !app.demo().is_running());
    assert_eq!(
        gui.app.demo().run().status(),
        &run::Status::Finished(Outcome::Cancelled)
    );
    Ok(())
}

#[test]
fn a_card_naming_an_unknown_demo_is_explained() -> Result<(), Error> {
    let mut gui = Harness::open();
    add_note_with_demo(&gui, "Odd", ["front", "back"], Some("no-such-demo"));
    gui.study("Odd");
    assert!(gui.shows("Run demo  d"), "the card offers its demo");

    gui.send(Message::Shortcut(Shortcut::ToggleDemo));
    assert_eq!(gui.app.page(), Page::Study);
    assert!(gui.shows(
        "This card names a demo, \"no-such-demo\", that this version of Spool does not have."
    ));
    assert!(gui.app.study().demo_panel().is_none());
    Ok(())
}

/// The id of the demo in the study screen's panel, if it is open.
fn panel_demo(app: &App) -> Option<&'static str> {
    app.study().demo_panel().map(|panel| panel.demo_id())
}

fn panel_run(app: &App) -> &run::State {
    app.study()
        .demo_panel()
        .expect("the demo panel is open")
        .run()
}

#[test]
fn d_runs_the_cards_demo_beside_it_on_the_study_screen() -> Result<(), Error> {
    let mut gui = Harness::open();
    add_note_with_demo(&gui, "Threads", ["join?", "waits"], Some("threads-join"));
    gui.study("Threads");

    gui.handle(Message::Shortcut(Shortcut::ToggleDemo));
    assert_eq!(gui.app.page(), Page::Study, "the card stays on screen");
    assert_eq!(panel_demo(&gui.app), Some("threads-join"));
    gui.wait_until("the run to end", |app| {
        matches!(panel_run(app).status(), run::Status::Finished(_))
    });
    assert_eq!(
        panel_run(&gui.app).status(),
        &run::Status::Finished(Outcome::Completed)
    );
    assert!(panel_run(&gui.app).log().next().is_some());
    assert!(gui.shows("Timeline") && gui.shows("Hide demo  d"));
    assert!(
        !gui.app.demo().is_running(),
        "the Demos screen runs nothing"
    );

    gui.click("Open in Demos")?;
    assert_eq!(gui.app.page(), Page::Demos);
    assert_eq!(gui.app.demo().demo_id(), Some("threads-join"));

    gui.click("Study")?;
    gui.send(Message::Shortcut(Shortcut::ToggleDemo));
    assert_eq!(panel_demo(&gui.app), None, "a second d closes the panel");
    Ok(())
}

#[test]
fn cards_are_graded_with_the_demo_panel_open_and_it_follows_the_card() -> Result<(), Error> {
    let mut gui = Harness::open();
    add_note_with_demo(&gui, "Threads", ["first", "a"], Some("threads-join"));
    add_note_with_demo(&gui, "Threads", ["second", "b"], Some("event"));
    add_note_with_demo(&gui, "Threads", ["third", "c"], None);
    gui.study("Threads");
    let first = gui.current_card_id();
    gui.handle(Message::Shortcut(Shortcut::ToggleDemo));
    assert!(panel_run(&gui.app).is_running());

    // Graded while the demo runs: the panel takes nothing from the card.
    gui.press("Show answer")?;
    gui.press("Good")?;
    gui.wait_until("the next card", |app| {
        app.study().current().map(|shown| shown.card.card.id) != first
    });
    let log = gui.query(move |spool| spool.collection().review_log(first));
    assert_eq!(log.len(), 1, "the grade was written");
    assert_eq!(
        panel_demo(&gui.app),
        Some("event"),
        "the next card's own demo replaces the last one's"
    );

    gui.handle(Message::Shortcut(Shortcut::Reveal));
    gui.handle(Message::Shortcut(Shortcut::Grade(
        spool_core::scheduler::Grade::Good,
    )));
    gui.settle();
    assert_eq!(
        gui.app
            .study()
            .current()
            .map(|shown| shown.card.demo.clone()),
        Some(None)
    );
    assert_eq!(
        panel_demo(&gui.app),
        None,
        "a card without a demo closes it"
    );
    Ok(())
}

const THREADS_JOIN: &str = "Threads start and join";

/// Runs the demo titled `title` on the Demos screen with `params` typed in, to its end.
fn run_on_demos_screen(gui: &mut Harness, title: &str, params: &[(usize, &str)]) {
    gui.send(Message::Navigate(Page::Demos));
    gui.send(Message::Demo(demo::Message::Picked(title.into())));
    for &(index, value) in params {
        gui.send(Message::Demo(demo::Message::Param(index, value.into())));
    }
    gui.send(Message::Demo(demo::Message::Start));
    assert_eq!(
        gui.app.demo().run().status(),
        &run::Status::Finished(Outcome::Completed)
    );
}

#[test]
fn switching_demos_clears_the_previous_runs_output() -> Result<(), Error> {
    let mut gui = Harness::open();
    run_on_demos_screen(&mut gui, THREADS_JOIN, &[(1, "1"), (2, "10")]);
    assert!(gui.app.demo().run().log().next().is_some());
    assert!(gui.shows("Finished"));

    gui.send(Message::Demo(demo::Message::Picked(
        "Event: wait for the start signal".into(),
    )));
    let run = gui.app.demo().run();
    assert_eq!(run.status(), &run::Status::Idle);
    assert_eq!(run.log().count(), 0);
    assert!(run.timeline().lanes.is_empty());
    assert!(gui.shows("Ready"));
    Ok(())
}

#[test]
fn every_metric_of_the_deadlock_run_can_be_seen() -> Result<(), Error> {
    let mut gui = Harness::open();
    run_on_demos_screen(
        &mut gui,
        "Deadlock: detect, recover, prevent",
        &[(1, "10"), (2, "10")],
    );
    let names: Vec<String> = gui
        .app
        .demo()
        .run()
        .recording()
        .iter()
        .filter_map(|event| match event {
            spool_core::demos::DemoEvent::Metric { name, .. } => Some(name.clone()),
            _ => None,
        })
        .collect();
    assert!(names.iter().any(|name| name.ends_with("(global order)")));

    let window = Rectangle::new(Point::ORIGIN, Size::new(1024.0, 768.0));
    let mut ui = Simulator::new(gui.app.view());
    // Over the page's title, clear of the log, which scrolls on its own.
    ui.point_at(Point::new(400.0, 45.0));
    ui.simulate([iced::Event::Mouse(mouse::Event::WheelScrolled {
        delta: mouse::ScrollDelta::Pixels { x: 0.0, y: -5000.0 },
    })]);
    for name in &names {
        let shown = ui.find(name.as_str())?;
        let whole = shown.bounds().size();
        let seen = shown.visible_bounds().filter(|seen| {
            let (top_left, bottom_right) = (seen.position(), seen.position() + seen.size().into());
            // Rounding in the scroll offset leaves a sliver of a pixel either way.
            window.contains(top_left)
                && window.contains(bottom_right)
                && seen.height >= whole.height - 0.5
        });
        assert!(
            seen.is_some(),
            "{name:?} is whole on screen once the page is scrolled down"
        );
    }
    Ok(())
}

#[test]
fn a_replay_shows_the_recorded_events_again_without_running_the_demo() -> Result<(), Error> {
    let mut gui = Harness::open();
    run_on_demos_screen(&mut gui, THREADS_JOIN, &[(1, "2"), (2, "10")]);
    let run = gui.app.demo().run();
    let (log, timeline) = (
        run.log().map(String::from).collect::<Vec<_>>(),
        run.timeline().clone(),
    );

    gui.press("Replay 1/10×")?;
    let run = gui.app.demo().run();
    assert!(run.is_replaying());
    assert_eq!(
        run.log().count(),
        0,
        "the replay starts from an empty screen"
    );
    assert!(gui.shows("Replaying at 1/10 speed"));
    gui.wait_until("the first replayed events", |app| {
        app.demo().run().log().next().is_some()
    });
    assert!(
        gui.app.demo().run().is_replaying(),
        "the events come slowly"
    );
    gui.settle();

    let run = gui.app.demo().run();
    assert!(!run.is_replaying());
    assert!(!run.is_running(), "nothing ran again");
    assert_eq!(run.log().collect::<Vec<_>>(), log);
    assert_eq!(run.timeline(), &timeline);
    assert!(gui.shows("Finished"));
    Ok(())
}

#[test]
fn a_deck_file_imported_from_the_deck_list_shows_up_with_a_summary() -> Result<(), Error> {
    let mut gui = Harness::open();
    let deck = gui.fixture.dir.path().join("extra.toml");
    std::fs::write(
        &deck,
        "format = 1\n[deck]\nid = \"extra\"\nname = \"Extra\"\n[[note]]\nid = \"a\"\nfront = \"Q\"\nback = \"A\"\n",
    )
    .unwrap();
    gui.click("Import…")?;
    gui.type_into("dialog-input", deck.to_str().unwrap())?;
    gui.click("Import")?;
    assert!(gui.shows("Imported: added 1 note, updated 0, unchanged 0; 0 media files."));
    assert!(
        gui.app.decks().decks().iter().any(|d| d.name == "Extra"),
        "the list is reloaded"
    );
    let summary = "Imported: added 1 note, updated 0, unchanged 0; 0 media files.";
    gui.click("Browse")?;
    gui.click("Decks")?;
    assert!(
        !gui.shows(summary),
        "the summary goes once the deck list is left"
    );

    // A file that is not there is explained in the dialog, and nothing changes.
    gui.click("Import…")?;
    gui.type_into("dialog-input", "/no/such/file.apkg")?;
    gui.click("Import")?;
    let expected = gui
        .runtime
        .block_on(gui.app.store().expect("open").call(|spool| {
            spool.import_file(
                std::path::Path::new("/no/such/file.apkg"),
                &spool_core::app::ImportOptions::default(),
                &mut |_| {},
            )
        }))
        .unwrap_err()
        .to_string();
    assert!(gui.shows(&expected), "the dialog explains: {expected}");
    let notes = gui.query(|spool| spool.collection().note_count());
    assert_eq!(notes, 54);
    Ok(())
}

#[test]
fn exporting_from_the_deck_list_writes_the_file() -> Result<(), Error> {
    let mut gui = Harness::open();
    let target = gui.fixture.dir.path().join("out.csv");
    gui.click("Export…")?;
    // The field starts with a default path: select it away by typing a full new one.
    gui.send(Message::Decks(spool::gui::decks::Message::InputChanged(
        target.to_str().unwrap().to_string(),
    )));
    gui.click("Export")?;
    assert!(gui.shows(&format!(
        "Exported 53 notes, 59 cards and 0 media files to {}.",
        target.display()
    )));
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(
        text.starts_with("#separator:"),
        "{}",
        &text[..40.min(text.len())]
    );
    Ok(())
}

#[test]
fn a_large_import_shows_its_progress_then_lands_in_the_chosen_deck() -> Result<(), Error> {
    let mut gui = Harness::open();
    let csv = gui.fixture.dir.path().join("words.csv");
    let rows: String = (0..2500)
        .map(|i| format!("word {i},meaning {i}\n"))
        .collect();
    std::fs::write(&csv, rows).unwrap();
    gui.click("Import…")?;
    gui.type_into("dialog-input", csv.to_str().unwrap())?;
    // A text file names no deck, so the dialog asks for one.
    gui.send(Message::Decks(decks::Message::ImportDeckChosen(
        "Parallel Programming::Quiz".into(),
    )));
    gui.press("Import")?;
    gui.wait_until("the first progress report", |app| {
        Simulator::new(app.view())
            .find("Writing notes: 1,000 of 2,500")
            .is_ok()
    });
    // Files dropped meanwhile wait their turn, and the dialog says so.
    let later = gui.fixture.dir.path().join("later.csv");
    std::fs::write(&later, "one,1\ntwo,2\n").unwrap();
    let deck = gui.fixture.dir.path().join("later.toml");
    std::fs::write(
        &deck,
        "format = 1\n[deck]\nid = \"later\"\nname = \"Later\"\n[[note]]\nid = \"a\"\nfront = \"Q\"\nback = \"A\"\n",
    )
    .unwrap();
    gui.handle(Message::FileDropped(later.clone()));
    gui.handle(Message::FileDropped(deck));
    assert!(gui.shows("Next, as dropped: later.csv, later.toml."));
    gui.settle();
    // The text file asks for its deck; the deck file then imports on its own.
    assert!(gui.shows(&later.display().to_string()));
    gui.click("Import")?;
    assert!(gui.shows(
        "Imported words.csv: added 2,500 notes, updated 0, unchanged 0; 0 media files.\n\
         Imported later.csv: added 2 notes, updated 0, unchanged 0; 0 media files.\n\
         Imported later.toml: added 1 note, updated 0, unchanged 0; 0 media files."
    ));
    assert!(gui.app.decks().decks().iter().any(|d| d.name == "Later"));
    let quiz = gui
        .app
        .decks()
        .decks()
        .iter()
        .find(|deck| deck.name == "Parallel Programming::Quiz")
        .map(|deck| deck.notes);
    assert_eq!(quiz, Some(5 + 2500), "the notes went into the chosen deck");
    Ok(())
}

#[test]
fn one_deck_exports_as_a_package_with_its_scheduling() -> Result<(), Error> {
    let mut gui = Harness::open();
    // One quiz card answered, so there is scheduling to carry.
    gui.study("Parallel Programming::Quiz");
    gui.click("Show answer")?;
    gui.click("Good")?;
    gui.send(Message::Navigate(Page::Decks));

    gui.click("Export…")?;
    let target = gui.fixture.dir.path().join("quiz.csv");
    gui.send(Message::Decks(decks::Message::InputChanged(
        target.to_str().unwrap().to_string(),
    )));
    gui.send(Message::Decks(decks::Message::ExportScopeChosen(
        decks::ExportScope::Deck("Parallel Programming::Quiz".into()),
    )));
    // Choosing the package format renames the file, and offers scheduling.
    gui.send(Message::Decks(decks::Message::ExportFormatChosen(
        spool_core::app::ExportFormat::Apkg,
    )));
    gui.click("Include scheduling and review history")?;
    gui.click("Export")?;
    let package = target.with_extension("apkg");
    assert!(gui.shows(&format!(
        "Exported 5 notes, 5 cards and 0 media files to {}.",
        package.display()
    )));

    let limits = spool_core::import::Limits::default();
    let batch = spool_core::import::read_package(&package, &limits, &std::env::temp_dir())
        .expect("the package reads back");
    assert_eq!(batch.notes.len(), 5, "the quiz deck only");
    assert_eq!(batch.revlog.len(), 1, "the review went with it");
    assert_eq!(
        batch.cards.iter().filter(|card| card.reps == 1).count(),
        1,
        "the answered card keeps its scheduling"
    );
    Ok(())
}

#[test]
fn a_finished_session_says_how_many_new_cards_the_daily_limit_holds_back() -> Result<(), Error> {
    let mut gui = Harness::open();
    gui.query(|spool| {
        let settings = spool_core::store::Settings {
            new_per_day: 2,
            ..spool.settings()?
        };
        spool.save_settings(&settings)
    });
    gui.study("Parallel Programming::Quiz");
    for _ in 0..2 {
        gui.click("Show answer")?;
        gui.click("Easy")?;
    }
    assert!(gui.shows("Congratulations!"));
    assert!(
        gui.shows(
            "Today's new-card limit is reached: 3 more new cards wait for the next days. The limit is in Settings."
        ),
        "the quiz deck's other three new cards are held back"
    );
    assert!(
        !gui.shows("No reviews are scheduled in these decks."),
        "the two answered cards are scheduled"
    );
    Ok(())
}

#[test]
fn exporting_over_an_existing_file_asks_first() -> Result<(), Error> {
    let mut gui = Harness::open();
    let target = gui.fixture.dir.path().join("taken.csv");
    std::fs::write(&target, "someone else's file").unwrap();
    gui.click("Export…")?;
    gui.send(Message::Decks(decks::Message::InputChanged(
        target.to_str().unwrap().to_string(),
    )));
    gui.click("Export")?;
    assert!(gui.shows(&format!(
        "{} already exists. Press Replace to write over it, or change the path.",
        target.display()
    )));
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "someone else's file",
        "nothing is written before the person agrees"
    );
    // Editing the path takes the question back: the next Export asks again.
    gui.send(Message::Decks(decks::Message::InputChanged(
        target.to_str().unwrap().to_string(),
    )));
    assert!(!gui.shows("Replace"), "the button is Export again");
    gui.click("Export")?;
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "someone else's file"
    );

    gui.click("Replace")?;
    assert!(gui.shows(&format!(
        "Exported 53 notes, 59 cards and 0 media files to {}.",
        target.display()
    )));
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("#separator:")
    );
    Ok(())
}

#[test]
fn a_folded_deck_hides_its_subdecks_and_stays_folded() -> Result<(), Error> {
    let mut gui = Harness::open();
    assert!(gui.shows("Asyncio"));
    gui.click("▾")?;
    assert!(!gui.shows("Asyncio"), "the subdecks are hidden");
    assert!(gui.shows("Parallel Programming"));
    assert!(gui.shows("▸"));
    let parent = gui.app.decks().decks()[0].id;
    let kept = gui.query(|spool| spool.collapsed_decks());
    assert_eq!(
        kept.into_iter().collect::<Vec<_>>(),
        [parent],
        "kept in the collection"
    );

    gui.click("Study")?;
    gui.click("Decks")?;
    assert!(!gui.shows("Asyncio"), "still folded after the list reloads");
    gui.click("▸")?;
    assert!(gui.shows("Asyncio"));
    assert!(gui.query(|spool| spool.collapsed_decks()).is_empty());

    // A deleted deck's fold is forgotten with it.
    gui.click("▾")?;
    gui.send(Message::Decks(decks::Message::Delete(parent)));
    gui.send(Message::Decks(decks::Message::Confirm));
    assert!(gui.app.decks().decks().is_empty());
    assert!(gui.query(|spool| spool.collapsed_decks()).is_empty());
    Ok(())
}

#[test]
fn a_file_dropped_on_the_window_is_imported() -> Result<(), Error> {
    let mut gui = Harness::open();
    gui.click("Browse")?;
    let deck = gui.fixture.dir.path().join("dropped.toml");
    std::fs::write(
        &deck,
        "format = 1\n[deck]\nid = \"dropped\"\nname = \"Dropped\"\n[[note]]\nid = \"a\"\nfront = \"Q\"\nback = \"A\"\n",
    )
    .unwrap();
    gui.send(Message::FileDropped(deck));
    assert_eq!(
        gui.app.page(),
        Page::Decks,
        "the deck list shows the outcome"
    );
    assert!(gui.shows("Imported: added 1 note, updated 0, unchanged 0; 0 media files."));
    assert!(gui.app.decks().decks().iter().any(|d| d.name == "Dropped"));
    Ok(())
}

#[test]
fn a_dropped_text_file_waits_for_its_deck_and_a_drop_never_discards_an_open_dialog()
-> Result<(), Error> {
    let mut gui = Harness::open();
    let csv = gui.fixture.dir.path().join("dropped.csv");
    std::fs::write(&csv, "front one,back one\nfront two,back two\n").unwrap();

    // Over a dialog with typed input, the drop is refused with a notice and the input stays.
    gui.click("Create deck")?;
    gui.type_into("dialog-input", "Half typed")?;
    gui.send(Message::FileDropped(csv.clone()));
    assert!(gui.shows("Half typed"), "the typed name is still there");
    assert!(gui.shows(&format!(
        "{} was dropped while a dialog was open and is not imported; drop it again.",
        csv.display()
    )));
    gui.click("Cancel")?;

    // A text file names no deck, so the import waits for one.
    gui.send(Message::FileDropped(csv.clone()));
    assert!(gui.shows("Into deck"));
    let before = gui.query(|spool| spool.collection().note_count());
    assert_eq!(before, 53, "nothing imported before the deck is chosen");
    gui.send(Message::Decks(decks::Message::ImportDeckChosen(
        "Parallel Programming::Quiz".into(),
    )));
    gui.click("Import")?;
    assert!(gui.shows("Imported: added 2 notes, updated 0, unchanged 0; 0 media files."));
    let quiz = gui
        .app
        .decks()
        .decks()
        .iter()
        .find(|deck| deck.name == "Parallel Programming::Quiz")
        .map(|deck| deck.notes);
    assert_eq!(quiz, Some(5 + 2));
    Ok(())
}

#[test]
fn a_note_being_added_survives_a_look_at_another_screen() -> Result<(), Error> {
    let mut gui = Harness::open();
    gui.click("Add")?;
    gui.type_into("field-0", "Half a question")?;
    gui.click("Browse")?;
    gui.send(Message::Shortcut(Shortcut::Open(Page::Add)));
    gui.type_into("field-1", "and its answer")?;
    gui.send(Message::Shortcut(Shortcut::Submit));
    assert_eq!(
        fields_of(&gui, "\"Half a question\""),
        ["Half a question", "and its answer"],
        "the draft was still there to finish"
    );
    Ok(())
}

#[test]
fn a_card_added_during_a_session_is_not_called_held_back() -> Result<(), Error> {
    let mut gui = Harness::open();
    add_basic_note(&gui, "Small", ["first", "one"]);
    gui.study("Small");
    // Added once the session has its cards, well within today's limit of 20 new cards.
    add_basic_note(&gui, "Small", ["second", "two"]);
    gui.click("Show answer")?;
    gui.click("Easy")?;
    assert!(gui.shows("Congratulations!"));
    assert!(
        !gui.shows(&format!(
            "{} The limit is in Settings.",
            spool_core::app::held_back_notice(1)
        )),
        "the new card is not held back by the limit: a new session shows it"
    );
    Ok(())
}

#[test]
fn files_dropped_on_a_waiting_import_are_named_when_it_is_cancelled() -> Result<(), Error> {
    let mut gui = Harness::open();
    let first = gui.fixture.dir.path().join("first.csv");
    let second = gui.fixture.dir.path().join("second.csv");
    for path in [&first, &second] {
        std::fs::write(path, "q,a\n").unwrap();
    }
    gui.send(Message::FileDropped(first));
    assert!(gui.shows("Into deck"), "the text file waits for its deck");
    gui.send(Message::FileDropped(second));
    assert!(gui.shows("Next, as dropped: second.csv."));
    gui.click("Cancel")?;
    assert!(gui.shows("Not imported: first.csv, second.csv."));
    assert_eq!(gui.query(|spool| spool.collection().note_count()), 53);
    Ok(())
}

/// A window of `width` by `height` device pixels at interface scale `scale`, as iced lays
/// it out: in logical pixels.
struct Window {
    name: &'static str,
    logical: Size,
}

const WINDOWS: [Window; 6] = [
    Window::at("1180x780 at 100%", 1180.0, 780.0, 1.0),
    Window::at("1180x780 at 125%", 1180.0, 780.0, 1.25),
    Window::at("1180x780 at 150%", 1180.0, 780.0, 1.5),
    Window::at("1180x780 at 200%", 1180.0, 780.0, 2.0),
    Window::at("1024x700 at 100%", 1024.0, 700.0, 1.0),
    Window::at("1920x1080 at 100%", 1920.0, 1080.0, 1.0),
];

impl Window {
    const fn at(name: &'static str, width: f32, height: f32, scale: f32) -> Window {
        Window {
            name,
            logical: Size::new(width / scale, height / scale),
        }
    }
}

/// The window's sans-serif face here, so the simulator's words are as wide as the window's.
const WINDOW_FONT: iced::Font = iced::Font::with_name("DejaVu Sans");
/// The text sizes the screens use (theme sizes and iced's default).
const TEXT_SIZES: [f32; 5] = [13.0, 15.0, 16.0, 24.0, 30.0];

/// How big `content` is at `size`, wrapped at `width` as a text widget wraps it.
fn text_extent(content: &str, size: f32, width: f32) -> Size {
    use iced::advanced::text::{self, Paragraph as _};
    <iced::Renderer as text::Renderer>::Paragraph::with_text(text::Text {
        content,
        bounds: Size::new(width, f32::INFINITY),
        size: size.into(),
        line_height: text::LineHeight::default(),
        font: WINDOW_FONT,
        align_x: text::Alignment::Default,
        align_y: iced::alignment::Vertical::Top,
        shaping: text::Shaping::default(),
        wrapping: text::Wrapping::default(),
    })
    .min_bounds()
}

/// Every text in `view` laid out in `window` that sticks out of its own widget (a word wider
/// than the room it was given) or out of the window's sides, described for a failure.
fn texts_out_of_place(view: Element<'_, Message>, window: &Window) -> Vec<String> {
    let settings = iced::Settings {
        default_font: WINDOW_FONT,
        ..iced::Settings::default()
    };
    let mut ui = Simulator::with_size(settings, window.logical, view);
    let mut texts = Vec::new();
    let _every_candidate_seen = ui.find(|candidate: Candidate<'_>| {
        if let Candidate::Text {
            bounds, content, ..
        } = candidate
        {
            texts.push((bounds, content.to_owned()));
        }
        None::<()>
    });
    texts
        .into_iter()
        .filter(|(_, content)| !content.trim().is_empty())
        .filter_map(|(bounds, content)| {
            let beyond_window =
                bounds.x < -0.5 || bounds.x + bounds.width > window.logical.width + 0.5;
            // The widget does not say its size; the size whose wrapped height is the widget's
            // height is the one it was laid out at.
            let cut = TEXT_SIZES.iter().any(|&size| {
                let extent = text_extent(&content, size, bounds.width);
                (extent.height - bounds.height).abs() < 0.5 && extent.width > bounds.width + 0.5
            });
            (beyond_window || cut).then(|| {
                let how = if cut { "is cut" } else { "leaves the window" };
                format!("{:?} {how} at {bounds:?}", content)
            })
        })
        .collect()
}

#[test]
fn text_stays_inside_its_widget_and_the_window_at_every_scale_and_size() -> Result<(), Error> {
    let mut gui = Harness::open();
    add_note_with_demo(
        &gui,
        "Multiprocessing",
        [
            "What does a process pool share between its workers?",
            "Nothing but what is sent",
        ],
        Some("threads-join"),
    );
    let mut problems = Vec::new();
    let mut look = |gui: &Harness, screen: &str| {
        for window in &WINDOWS {
            for problem in texts_out_of_place(gui.app.view(), window) {
                problems.push(format!("{screen}, {}: {problem}", window.name));
            }
        }
    };

    look(&gui, "decks");
    gui.study("Multiprocessing");
    let card = gui.current_card_id().expect("a card to study");
    look(&gui, "study question");
    gui.click("Show answer")?;
    look(&gui, "study answer");
    gui.handle(Message::Shortcut(Shortcut::ToggleDemo));
    gui.wait_until("the run to end", |app| {
        matches!(panel_run(app).status(), run::Status::Finished(_))
    });
    look(&gui, "study with its demo");
    gui.handle(Message::Shortcut(Shortcut::ToggleDemo));
    // Answered once behind the window's back, so card info has a history table to lay out.
    gui.query(move |spool| spool.answer_card_with_quality(card, 4, 3_000));
    gui.send(Message::Shortcut(Shortcut::CardInfo));
    look(&gui, "card info");
    gui.send(Message::Shortcut(Shortcut::Cancel));
    gui.send(Message::Shortcut(Shortcut::Edit));
    look(&gui, "edit");
    gui.send(Message::Navigate(Page::Browse));
    gui.type_into("query", "deck:Multiprocessing")?;
    gui.click("Search")?;
    gui.send(Message::Browse(spool::gui::browse::Message::Select(card)));
    look(&gui, "browse with a note open");
    gui.send(Message::Navigate(Page::Add));
    look(&gui, "add");
    run_on_demos_screen(&mut gui, THREADS_JOIN, &[(1, "16"), (2, "10")]);
    look(&gui, "demos after a 16-worker run");
    gui.send(Message::Navigate(Page::Stats));
    look(&gui, "stats");
    gui.send(Message::Navigate(Page::Settings));
    look(&gui, "settings");

    assert!(
        problems.is_empty(),
        "{} texts out of place:\n{}",
        problems.len(),
        problems.join("\n")
    );
    Ok(())
}

#[test]
fn closing_backs_up_changes_and_settings_restore_a_backup() -> Result<(), Error> {
    let mut gui = Harness::open();
    assert_eq!(
        gui.query(|spool| spool.backups()).len(),
        1,
        "a backup on open"
    );
    let grade_current = |gui: &mut Harness| {
        let card = gui.current_card_id().expect("a card is shown");
        gui.send(Message::Shortcut(Shortcut::Reveal));
        gui.send(Message::Shortcut(Shortcut::Grade(
            spool_core::scheduler::Grade::Good,
        )));
        card
    };
    gui.click("Study all")?;
    let kept = grade_current(&mut gui);
    gui.send(Message::CloseRequested);
    let backups = gui.query(|spool| spool.backups());
    assert_eq!(backups.len(), 2, "closing after a change backs up");

    let undone = grade_current(&mut gui);
    gui.send(Message::Navigate(Page::Settings));
    let restore = |message| Message::Settings(settings::Message::Backups(message));
    gui.send(restore(backups::Message::AskRestore(backups[0].clone())));
    gui.send(restore(backups::Message::ConfirmRestore));
    let logs = gui.query(move |spool| {
        Ok((
            spool.collection().review_log(Some(kept))?.len(),
            spool.collection().review_log(Some(undone))?.len(),
            spool.backups()?.len(),
        ))
    });
    assert_eq!(
        logs,
        (1, 0, 3),
        "the newest backup is back, the present backed up"
    );
    assert_eq!(gui.app.page(), Page::Settings);
    assert!(
        gui.app.study().current().is_none(),
        "the stale session is gone"
    );
    Ok(())
}
