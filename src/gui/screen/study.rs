//! Studying: the question, the answer on Space or Enter, Again / Hard / Good / Easy with the
//! next interval on each, undo, suspend, the same-day drill, and congratulations at the end.

use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDateTime;
use iced::widget::{
    button, center, column, container, responsive, row, scrollable, sensor, space, text, text_input,
};
use iced::{Alignment, Color, Element, Fill, FillPortion, Padding, Point, Size, Task};
use spool_core::app::{ButtonPreview, Remaining, Spool, StudyCard, StudySession, held_back_notice};
use spool_core::render::CardLink;
use spool_core::render::sound::Side;
use spool_core::scheduler::Grade;
use spool_core::store::DECK_SEPARATOR;

use crate::gui::Shortcut;
use crate::gui::faces::{DrawError, Drawn, FaceId, Painting};
use crate::gui::screen::demo::panel as demo_panel;
use crate::gui::store::{Store, StoreError, StoreResult};
use crate::gui::theme::{self, Colors, size};
use crate::gui::widget::card_face;
use crate::gui::widget::{banner, bold};

/// The widest the card grows, so lines stay readable on a wide window.
const CARD_WIDTH: f32 = 780.0;

/// The demo panel's width beside the card.
const DEMO_PANEL_WIDTH: f32 = 400.0;
/// The least room for the card beside the demo panel; on a narrower page the panel goes
/// under the card.
const CARD_BESIDE_PANEL_WIDTH: f32 = 440.0;
const DEMO_PANEL_GAP: f32 = 20.0;

/// The type-in answer box, focused when a type-in card is shown.
const TYPED_ANSWER: &str = "typed-answer";

/// A card ready to show: the scheduler's view of it, its faces' HTML and where its media is.
#[derive(Debug)]
pub struct Shown {
    pub card: StudyCard,
    pub media_dir: std::path::PathBuf,
}

/// The faces drawn for the card on screen. A redraw (a new width, a revealed hint, the
/// typed answer) starts a new generation, and faces of an older one are dropped on arrival.
#[derive(Debug, Default)]
struct DrawnFaces {
    generation: u64,
    question: Option<Drawn>,
    answer: Option<Drawn>,
}

/// When the next review falls due, once today's cards are done.
#[derive(Debug, Clone, PartialEq)]
pub struct NextDue {
    pub days_from_now: i64,
    /// Local time the study day starts (the rollover hour).
    pub at: NaiveDateTime,
}

/// What comes after a finished session: the next review, and new cards left for later days.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Finished {
    pub next_due: Option<NextDue>,
    pub new_held_back: u64,
}

/// What the session looks like after a request: the card to show, or none when done.
#[derive(Debug, Clone)]
pub struct Step {
    pub card: Option<Arc<Shown>>,
    pub remaining: Remaining,
    pub finished: Option<Finished>,
}

#[derive(Debug, Default)]
enum Phase {
    #[default]
    Loading,
    Question(Arc<Shown>),
    Answer(Arc<Shown>),
    Done(Finished),
}

/// The study screen. The session itself lives on the collection worker.
#[derive(Debug, Default)]
pub struct State {
    deck: Option<String>,
    has_session: bool,
    phase: Phase,
    remaining: Remaining,
    shown_at: Option<Instant>,
    /// A request is on the worker; input waits for its answer.
    busy: bool,
    /// Answers this session can take back, latest last: what was answered, and how.
    answered: Vec<(String, Grade)>,
    /// The answer on its way to the worker, kept for undo once it is committed.
    answering: Option<(String, Grade)>,
    /// What the last action did, said once beside the next card (the undone answer).
    notice: Option<String>,
    error: Option<String>,
    /// Shown with the next card: why the card on screen is shown again.
    reshown_because: Option<&'static str>,
    faces: DrawnFaces,
    /// The width the faces are drawn at: the card's, once it has been laid out.
    face_width: Option<u32>,
    /// Where the pointer is over the face on screen.
    pointer: Point,
    /// What the learner typed for a type-in card.
    typed: String,
    /// Hints (`{{hint:Field}}`) revealed with a click.
    revealed_hints: Vec<String>,
    /// A link clicked on the card, waiting to be confirmed before it leaves the app.
    link: Option<String>,
    /// The card's demo, running beside it (`d` opens and closes it).
    demo_panel: Option<demo_panel::State>,
}

/// What a request did to the session, so the reply can adjust the undo count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Answered,
    Undone,
    Suspended,
    Refreshed,
}

#[derive(Debug, Clone)]
pub enum Message {
    Started(StoreResult<Step>),
    Stepped(Change, StoreResult<Step>),
    Reveal,
    Grade(Grade),
    Undo,
    Suspend,
    Edit,
    /// Opens the demo panel on the card's demo, or closes it.
    ToggleDemo,
    DemoPanel(demo_panel::Message),
    BackToDecks,
    FaceDrawn(u64, Side, Result<Drawn, DrawError>),
    CardResized(Size),
    PointerMoved(Point),
    FaceClicked(FaceId),
    ClickedLink(Option<String>),
    OpenLink,
    CloseLink,
    Typed(String),
    Replay,
}

/// What the study screen asks of the rest of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    ShowDecks,
    /// Open the note of the card on screen in the editor.
    EditNote(spool_core::store::NoteId),
    /// Show this demo on the Demos screen.
    OpenInDemos(&'static str),
    /// Play these files of the media folder, in order, in place of what is playing;
    /// `automatic` when no one asked (a face shown), so the autoplay setting decides.
    PlaySounds {
        files: Vec<std::path::PathBuf>,
        automatic: bool,
    },
}

impl State {
    pub fn has_session(&self) -> bool {
        self.has_session
    }

    /// Starts a session on `deck` (every deck when `None`).
    pub fn start(&mut self, store: &Store, deck: Option<String>) -> Task<Message> {
        *self = State {
            deck: deck.clone(),
            busy: true,
            ..State::default()
        };
        let started = store.start_study(deck, |session, spool| step(spool, session));
        Task::perform(started, Message::Started)
    }

    /// Shows the current card again, re-read from the collection (after an edit, say).
    pub fn refresh(&mut self, store: &Store) -> Task<Message> {
        self.request(store, Change::Refreshed, |_, _| Ok(()))
    }

    /// Runs `change` on the session, then reads what to show next, in one worker job.
    fn request(
        &mut self,
        store: &Store,
        change: Change,
        apply: impl FnOnce(&mut StudySession, &mut Spool) -> spool_core::Result<()> + Send + 'static,
    ) -> Task<Message> {
        if !self.has_session {
            return Task::none();
        }
        self.busy = true;
        let stepped = store.study(move |session, spool| {
            apply(session, spool)?;
            step(spool, session)
        });
        Task::perform(stepped, move |result| Message::Stepped(change, result))
    }

    pub fn update(
        &mut self,
        message: Message,
        store: &Store,
        painting: &Painting,
    ) -> (Task<Message>, Option<Event>) {
        let task = match message {
            Message::Started(Ok(step)) => {
                self.has_session = true;
                self.show(step);
                let task = Task::batch([
                    self.draw_faces(painting),
                    self.focus_typing(),
                    self.follow_card_with_demo_panel(),
                ]);
                return (task, Some(self.sounds_of(Side::Question, true)));
            }
            Message::Stepped(change, Ok(step)) => {
                let undone = match change {
                    Change::Answered => {
                        self.answered.extend(self.answering.take());
                        None
                    }
                    Change::Undone => self.answered.pop(),
                    Change::Suspended | Change::Refreshed => None,
                };
                self.show(step);
                self.notice = undone
                    .map(|(question, grade)| format!("Undid: {} on “{question}”", grade.label()));
                let task = Task::batch([
                    self.draw_faces(painting),
                    self.focus_typing(),
                    self.follow_card_with_demo_panel(),
                ]);
                return (task, Some(self.sounds_of(Side::Question, true)));
            }
            Message::Stepped(Change::Answered, Err(StoreError::Spool(error)))
                if matches!(*error, spool_core::Error::CardChanged(_)) =>
            {
                // The buttons showed where the card stood when it was shown; show it as it
                // is now, so the next grade previews and commits from there.
                self.reshown_because = Some(
                    "This card changed while it was on screen, so that answer was not saved. \
                     Here it is as it is now.",
                );
                self.refresh(store)
            }
            Message::Started(Err(error)) | Message::Stepped(_, Err(error)) => {
                self.busy = false;
                self.error = Some(format!("Something went wrong: {error}"));
                Task::none()
            }
            Message::Reveal => {
                let Phase::Question(shown) = &self.phase else {
                    return (Task::none(), None);
                };
                let typed = shown.card.faces.question_expects_typing();
                self.phase = Phase::Answer(shown.clone());
                let sounds = Some(self.sounds_of(Side::Answer, true));
                if typed {
                    // The answer compares what was typed, known only now.
                    self.faces.answer = None;
                    return (self.draw_faces(painting), sounds);
                }
                return (Task::none(), sounds);
            }
            Message::FaceDrawn(generation, side, drawn) => {
                if generation == self.faces.generation {
                    match drawn {
                        Ok(drawn) => match side {
                            Side::Question => self.faces.question = Some(drawn),
                            Side::Answer => self.faces.answer = Some(drawn),
                        },
                        Err(error) => {
                            self.error = Some(format!("This card cannot be shown: {error}"))
                        }
                    }
                }
                Task::none()
            }
            Message::CardResized(size) => {
                let width = card_face::width_for(size);
                if self.face_width != Some(width) {
                    self.face_width = Some(width);
                    return (self.draw_faces(painting), None);
                }
                Task::none()
            }
            Message::PointerMoved(point) => {
                self.pointer = point;
                Task::none()
            }
            Message::FaceClicked(face) => Task::perform(
                painting.faces.link_at(face, self.pointer.x, self.pointer.y),
                Message::ClickedLink,
            ),
            Message::ClickedLink(Some(target)) => match CardLink::parse(&target) {
                CardLink::Hint(id) => {
                    if !self.revealed_hints.contains(&id) {
                        self.revealed_hints.push(id);
                    }
                    self.draw_faces(painting)
                }
                CardLink::Web(url) => {
                    self.link = Some(url);
                    Task::none()
                }
                CardLink::Sound(sound) => {
                    let file = self.current().and_then(|shown| {
                        let name = shown.card.faces.sound(sound)?;
                        Some(shown.media_dir.join(name))
                    });
                    let play = file.map(|file| Event::PlaySounds {
                        files: vec![file],
                        automatic: false,
                    });
                    return (Task::none(), play);
                }
                CardLink::Inert => Task::none(),
            },
            Message::ClickedLink(None) => Task::none(),
            Message::OpenLink => {
                if let Some(url) = self.link.take()
                    && let Err(error) = card_face::open_in_browser(&url)
                {
                    self.error = Some(error);
                }
                Task::none()
            }
            Message::CloseLink => {
                self.link = None;
                Task::none()
            }
            Message::Replay => {
                let side = match self.phase {
                    Phase::Answer(_) => Side::Answer,
                    _ => Side::Question,
                };
                return (Task::none(), Some(self.sounds_of(side, false)));
            }
            Message::Typed(typed) => {
                self.typed = typed;
                Task::none()
            }
            Message::Grade(grade) => self.grade(store, grade),
            Message::Undo if !self.busy && !self.answered.is_empty() => {
                self.request(store, Change::Undone, |session, spool| {
                    session.undo(spool).map(drop)
                })
            }
            Message::Suspend if !self.busy && self.current().is_some() => {
                self.request(store, Change::Suspended, |session, spool| {
                    session.suspend_current(spool)
                })
            }
            Message::Undo | Message::Suspend => Task::none(),
            Message::Edit => {
                let note = self
                    .current()
                    .map(|shown| Event::EditNote(shown.card.card.note_id));
                return (Task::none(), note.filter(|_| !self.busy));
            }
            Message::ToggleDemo if self.demo_panel.is_some() => {
                self.demo_panel = None;
                Task::none()
            }
            Message::ToggleDemo => self.open_demo_panel(),
            Message::DemoPanel(message) => {
                let Some(panel) = &mut self.demo_panel else {
                    return (Task::none(), None);
                };
                let (task, event) = panel.update(message);
                let task = task.map(Message::DemoPanel);
                return match event {
                    Some(demo_panel::Event::OpenInDemos(id)) => {
                        (task, Some(Event::OpenInDemos(id)))
                    }
                    Some(demo_panel::Event::Close) => {
                        self.demo_panel = None;
                        (task, None)
                    }
                    None => (task, None),
                };
            }
            Message::BackToDecks => return (Task::none(), Some(Event::ShowDecks)),
        };
        (task, None)
    }

    /// What a key means on this screen now, if anything.
    pub fn message_for(&self, shortcut: Shortcut) -> Option<Message> {
        Some(match (shortcut, &self.phase) {
            (Shortcut::Reveal, Phase::Question(_)) => Message::Reveal,
            // As in Anki, Space or Enter on the answer means Good.
            (Shortcut::Reveal, Phase::Answer(_)) => Message::Grade(Grade::Good),
            (Shortcut::Grade(grade), _) => Message::Grade(grade),
            (Shortcut::Undo, _) => Message::Undo,
            (Shortcut::Suspend, _) => Message::Suspend,
            (Shortcut::Edit, _) => Message::Edit,
            (Shortcut::ToggleDemo, _) => Message::ToggleDemo,
            (Shortcut::Replay, Phase::Question(_) | Phase::Answer(_)) => Message::Replay,
            _ => return None,
        })
    }

    /// Commits the answer the button of `grade` shows, in one call on the worker.
    fn grade(&mut self, store: &Store, grade: Grade) -> Task<Message> {
        let Phase::Answer(shown) = &self.phase else {
            return Task::none();
        };
        if self.busy {
            return Task::none();
        }
        let looked_ms = self.shown_at.map_or(0, |at| {
            u32::try_from(at.elapsed().as_millis()).unwrap_or(u32::MAX)
        });
        let answer = shown.card.answer(grade, looked_ms);
        self.answering = Some((undo_label(&shown.card.faces.question), grade));
        self.request(store, Change::Answered, move |session, spool| {
            session.answer(spool, &answer).map(drop)
        })
    }

    fn show(&mut self, step: Step) {
        self.busy = false;
        self.notice = None;
        self.error = self.reshown_because.take().map(String::from);
        self.remaining = step.remaining;
        self.shown_at = Some(Instant::now());
        self.typed.clear();
        self.revealed_hints.clear();
        self.link = None;
        self.faces = DrawnFaces {
            generation: self.faces.generation,
            ..DrawnFaces::default()
        };
        self.phase = match step.card {
            Some(shown) => Phase::Question(shown),
            None => Phase::Done(step.finished.unwrap_or_default()),
        };
    }

    /// The demo panel on the card's demo, running it; a demo this Spool lacks is explained.
    fn open_demo_panel(&mut self) -> Task<Message> {
        let Some(id) = self.current().and_then(|shown| shown.card.demo.clone()) else {
            return Task::none();
        };
        match spool_core::demos::find(&id) {
            Some(demo) => {
                let (panel, task) = demo_panel::State::open(demo.info());
                self.demo_panel = Some(panel);
                task.map(Message::DemoPanel)
            }
            None => {
                self.error = Some(format!(
                    "This card names a demo, {id:?}, that this version of Spool does not have."
                ));
                Task::none()
            }
        }
    }

    /// After the card changed, an open demo panel keeps a demo this card shares, runs the
    /// card's own demo in place of another, and closes on a card without one.
    fn follow_card_with_demo_panel(&mut self) -> Task<Message> {
        let Some(panel) = &self.demo_panel else {
            return Task::none();
        };
        let card_demo = self.current().and_then(|shown| shown.card.demo.as_deref());
        if card_demo == Some(panel.demo_id()) {
            return Task::none();
        }
        self.demo_panel = None;
        self.open_demo_panel()
    }

    /// The demo panel, if open.
    pub fn demo_panel(&self) -> Option<&demo_panel::State> {
        self.demo_panel.as_ref()
    }

    /// The sounds a side plays when it is shown (`automatic`) or replayed: on the answer, as
    /// in Anki, only its own when shown, the question's too when replayed.
    fn sounds_of(&self, side: Side, automatic: bool) -> Event {
        let files = self.current().map_or_else(Vec::new, |shown| {
            let faces = &shown.card.faces;
            let names: Vec<&str> = if automatic {
                faces.sounds(side).iter().map(String::as_str).collect()
            } else {
                faces.replayed(side)
            };
            names
                .iter()
                .map(|name| shown.media_dir.join(name))
                .collect()
        });
        Event::PlaySounds { files, automatic }
    }

    /// Shows `error` above the card.
    pub fn report(&mut self, error: String) {
        self.error = Some(error);
    }

    /// Puts the keyboard in the answer box of a type-in card.
    fn focus_typing(&self) -> Task<Message> {
        match self.current() {
            Some(shown) if shown.card.faces.question_expects_typing() => {
                iced::widget::operation::focus(TYPED_ANSWER)
            }
            _ => Task::none(),
        }
    }

    /// Draws both faces of the card on screen, in a new generation; the question first.
    fn draw_faces(&mut self, painting: &Painting) -> Task<Message> {
        let Some(shown) = self.current() else {
            return Task::none();
        };
        let faces = &shown.card.faces;
        let pages = [
            (
                Side::Question,
                faces.question_page(painting.dark, &self.revealed_hints),
            ),
            (
                Side::Answer,
                faces.answer_page(&self.typed, painting.dark, &self.revealed_hints),
            ),
        ];
        let width = self.face_width.unwrap_or(card_face::DEFAULT_WIDTH);
        let media_dir = shown.media_dir.clone();
        self.faces.generation += 1;
        let generation = self.faces.generation;
        Task::batch(pages.map(|(side, page)| {
            let page = painting.page(page, media_dir.clone(), width);
            Task::perform(painting.faces.draw(page), move |drawn| {
                Message::FaceDrawn(generation, side, drawn)
            })
        }))
    }

    /// Whether a request to the collection is on its way (the screen ignores grades meanwhile).
    pub fn is_busy(&self) -> bool {
        self.busy
    }

    /// Whether the face of the card on screen has been drawn (or there is no card).
    pub fn face_is_drawn(&self) -> bool {
        match &self.phase {
            Phase::Question(_) => self.faces.question.is_some(),
            Phase::Answer(_) => self.faces.answer.is_some(),
            Phase::Loading | Phase::Done(_) => true,
        }
    }

    /// The card on screen, if any.
    pub fn current(&self) -> Option<&Shown> {
        match &self.phase {
            Phase::Question(shown) | Phase::Answer(shown) => Some(shown),
            Phase::Loading | Phase::Done(_) => None,
        }
    }

    pub fn view(&self, colors: &'static Colors) -> Element<'_, Message> {
        let Some(panel) = &self.demo_panel else {
            return self.card_page(colors);
        };
        responsive(move |size| {
            let panel = panel.view().map(Message::DemoPanel);
            if size.width >= CARD_BESIDE_PANEL_WIDTH + DEMO_PANEL_GAP + DEMO_PANEL_WIDTH {
                row![
                    self.card_page(colors),
                    container(panel).width(DEMO_PANEL_WIDTH)
                ]
                .spacing(DEMO_PANEL_GAP)
                .into()
            } else {
                column![
                    container(self.card_page(colors)).height(FillPortion(3)),
                    container(panel).height(FillPortion(2))
                ]
                .spacing(DEMO_PANEL_GAP)
                .into()
            }
        })
        .into()
    }

    /// The deck's name and counts over the card, or what stands in for a card.
    fn card_page(&self, colors: &'static Colors) -> Element<'_, Message> {
        let deck = self.deck.as_deref().map_or_else(
            || "All decks".to_string(),
            |name| name.replace(DECK_SEPARATOR, " › "),
        );
        let header = container(
            row![
                text(deck).size(size::TITLE).font(bold()).width(Fill),
                remaining(self.remaining, colors)
            ]
            .align_y(Alignment::Center),
        )
        .max_width(CARD_WIDTH);

        let body: Element<'_, Message> = match &self.phase {
            Phase::Loading if self.error.is_none() => {
                center(text("Loading cards…").style(theme::muted)).into()
            }
            Phase::Loading => space().into(),
            Phase::Question(shown) => self.card_view(shown, false),
            Phase::Answer(shown) => self.card_view(shown, true),
            Phase::Done(finished) => done_view(finished),
        };
        let mut page = column![header]
            .spacing(20)
            .align_x(Alignment::Center)
            .width(Fill)
            .height(Fill);
        if let Some(error) = &self.error {
            page = page.push(container(banner(error)).max_width(CARD_WIDTH));
        }
        if let Some(notice) = &self.notice {
            page = page.push(
                container(text(notice.as_str()).size(size::SMALL).style(theme::muted))
                    .max_width(CARD_WIDTH)
                    .width(Fill),
            );
        }
        page.push(body).into()
    }

    fn card_view<'a>(&'a self, shown: &'a Shown, revealed: bool) -> Element<'a, Message> {
        // As in Anki, a face reads from the top of the card and scrolls when long.
        let drawn = if revealed {
            self.faces.answer.as_ref()
        } else {
            self.faces.question.as_ref()
        };
        let picture = card_face::view(drawn, Message::PointerMoved, Message::FaceClicked);
        let mut face = column![picture].align_x(Alignment::Center).width(Fill);
        if !revealed && shown.card.faces.question_expects_typing() {
            face = face.push(
                container(
                    text_input("Type the answer, then Enter", &self.typed)
                        .id(TYPED_ANSWER)
                        .on_input(Message::Typed)
                        .on_submit(Message::Reveal)
                        .padding(10)
                        .size(size::BODY + 2.0),
                )
                .padding([12, 40]),
            );
        }
        // The padding keeps the face's square corners off the card's rounded ones.
        let face = container(scrollable(face).height(Fill).style(theme::scrollable))
            .padding([theme::CARD_RADIUS, card_face::INSET]);
        let face = sensor(face)
            .on_show(Message::CardResized)
            .on_resize(Message::CardResized);
        let mut card = column![];
        if shown.card.drill {
            card = card.push(
                container(
                    text("Same-day drill · this answer does not change the schedule")
                        .size(size::SMALL)
                        .style(theme::muted),
                )
                .padding(Padding {
                    top: 18.0,
                    left: 40.0,
                    ..Padding::ZERO
                }),
            );
        }
        let canvas = drawn.map(|drawn| drawn.canvas);
        let card = container(card.push(face))
            .max_width(CARD_WIDTH)
            .width(Fill)
            .height(Fill)
            .style(move |theme| theme::card_face(theme, canvas));

        let controls: Element<'a, Message> = if revealed {
            row(shown
                .card
                .buttons()
                .iter()
                .enumerate()
                .map(|(index, preview)| grade_button(index + 1, preview)))
            .spacing(12)
            .into()
        } else {
            button(
                text("Show answer")
                    .size(size::BODY + 1.0)
                    .width(Fill)
                    .align_x(Alignment::Center),
            )
            .padding([13, 20])
            .width(Fill)
            .style(theme::primary)
            .on_press(Message::Reveal)
            .into()
        };
        let hint = if revealed {
            "1–4 to answer · r replay · u undo · e edit · @ suspend · i info"
        } else {
            "Space or Enter shows the answer · e edit · @ suspend · i info"
        };
        let mut secondary = row![].spacing(8).align_y(Alignment::Center);
        if shown.card.demo.is_some() {
            let demo_toggle_label = match self.demo_panel {
                Some(_) => "Hide demo  d",
                None => "Run demo  d",
            };
            secondary = secondary.push(
                button(text(demo_toggle_label).size(size::SMALL))
                    .padding([5, 12])
                    .style(theme::primary)
                    .on_press(Message::ToggleDemo),
            );
        }
        let secondary = secondary.extend([
            small_button(
                "Undo",
                (!self.answered.is_empty() && !self.busy).then_some(Message::Undo),
            ),
            small_button("Edit", (!self.busy).then_some(Message::Edit)),
            small_button("Suspend", (!self.busy).then_some(Message::Suspend)),
        ]);
        // The keys' hint has a line of its own, so at a large scale it wraps once at most
        // instead of word by word beside the buttons.
        let hint = text(hint)
            .size(size::SMALL)
            .style(theme::muted)
            .width(Fill)
            .align_x(Alignment::Center);
        let under_card = column![
            controls,
            container(secondary.wrap().vertical_spacing(8)).center_x(Fill),
            hint
        ]
        .spacing(10);
        column![card, container(under_card).max_width(CARD_WIDTH)]
            .spacing(18)
            .align_x(Alignment::Center)
            .into()
    }
}

fn remaining<'a>(remaining: Remaining, colors: &'static Colors) -> Element<'a, Message> {
    let count = |value: u64, label: &'static str, color: Color| {
        row![
            text(value).color(color).font(bold()),
            text(label).size(size::SMALL).style(theme::muted)
        ]
        .spacing(5)
        .align_y(Alignment::Center)
    };
    row![
        count(remaining.new, "new", colors.new),
        count(remaining.learning, "learning", colors.learning),
        count(remaining.review, "due", colors.due),
    ]
    .spacing(16)
    .into()
}

fn grade_button<'a>(key: usize, preview: &ButtonPreview) -> Element<'a, Message> {
    let accent: fn(&iced::theme::Palette) -> Color = match preview.grade {
        Grade::Again => |p| p.danger,
        Grade::Hard => |p| p.warning,
        Grade::Good => |p| p.success,
        Grade::Easy => |p| p.primary,
    };
    // The key sits by the name so the second line has the whole width for the outcome,
    // which reads "again today, then 15d" for a drill answer.
    button(
        column![
            row![
                text(preview.grade.label())
                    .size(size::BODY + 1.0)
                    .font(bold()),
                text(key).size(size::SMALL).style(theme::muted),
            ]
            .spacing(6)
            .align_y(Alignment::Center),
            text(preview.label())
                .size(size::SMALL)
                .style(theme::muted)
                .width(Fill)
                .align_x(Alignment::Center),
        ]
        .spacing(2)
        .align_x(Alignment::Center)
        .width(Fill),
    )
    .padding([10, 8])
    .width(Fill)
    .style(theme::grade(accent))
    .on_press(Message::Grade(preview.grade))
    .into()
}

fn small_button(label: &str, message: Option<Message>) -> Element<'_, Message> {
    button(text(label).size(size::SMALL))
        .padding([5, 12])
        .style(theme::secondary)
        .on_press_maybe(message)
        .into()
}

fn done_view<'a>(finished: &Finished) -> Element<'a, Message> {
    let next = match &finished.next_due {
        Some(next) => {
            let when = match next.days_from_now {
                ..=0 => "later today".to_string(),
                1 => "tomorrow".to_string(),
                days => format!("in {days} days"),
            };
            format!(
                "The next review is due {when}, {}.",
                next.at.format("%A %-d %B from %H:%M")
            )
        }
        None => "No reviews are scheduled in these decks.".to_string(),
    };
    let mut content = column![
        text("Congratulations!").size(size::HERO).font(bold()),
        text("You have finished these decks for now.").size(size::BODY + 1.0),
        text(next).style(theme::muted).align_x(Alignment::Center),
    ]
    .spacing(10)
    .max_width(560)
    .align_x(Alignment::Center);
    if finished.new_held_back > 0 {
        content = content.push(
            text(format!(
                "{} The limit is in Settings.",
                held_back_notice(finished.new_held_back)
            ))
            .style(theme::muted)
            .align_x(Alignment::Center),
        );
    }
    content = content.push(space().height(6)).push(
        button(text("Back to decks"))
            .padding([9, 18])
            .style(theme::primary)
            .on_press(Message::BackToDecks),
    );
    center(container(content).padding([36, 48]).style(theme::card)).into()
}

/// How undo names an answered card: its question's first line, cut short.
fn undo_label(question_html: &str) -> String {
    const LONGEST: usize = 60;
    let text = spool_core::render::html::to_plain_text(question_html);
    let line = text
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or_default()
        .trim();
    match line.char_indices().nth(LONGEST) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}

/// Reads the current card (parsing its faces) and the counts; runs on the worker.
fn step(spool: &Spool, session: &mut StudySession) -> spool_core::Result<Step> {
    let card = session.current_card(spool)?;
    let remaining = session.remaining();
    let finished = match card {
        Some(_) => None,
        None => Some(Finished {
            next_due: session
                .next_due_day(spool)?
                .map(|day| next_due(spool, day))
                .transpose()?,
            new_held_back: session.new_cards_held_back(spool)?,
        }),
    };
    let media_dir = spool.collection().media_dir();
    let card = card.map(|card| Arc::new(Shown { card, media_dir }));
    Ok(Step {
        card,
        remaining,
        finished,
    })
}

fn next_due(spool: &Spool, day: i64) -> spool_core::Result<NextDue> {
    let clock = spool.day_clock()?;
    let local_secs = clock.start_of_day(day) + i64::from(clock.utc_offset_secs);
    let at = chrono::DateTime::from_timestamp(local_secs, 0)
        .unwrap_or_default()
        .naive_utc();
    Ok(NextDue {
        days_from_now: day - spool.today()?,
        at,
    })
}
