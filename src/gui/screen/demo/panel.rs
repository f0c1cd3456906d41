//! The demo beside the card being studied: the card's demo runs there while the card stays
//! usable, shown with the same status, timeline, log and metrics as on the Demos screen.

use iced::widget::{button, column, row, scrollable, text};
use iced::{Alignment, Element, Fill, Task};

use super::run;
use crate::gui::theme::{self, size};
use crate::gui::widget::bold;
use spool_core::demos::DemoInfo;

#[derive(Debug)]
pub struct State {
    demo: &'static DemoInfo,
    run: run::State,
}

#[derive(Debug, Clone)]
pub enum Message {
    Run(run::Message),
    RunAgain,
    OpenInDemos,
    Close,
}

/// What the panel asks of the screen it is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Show this demo on the Demos screen, to explore its parameters.
    OpenInDemos(&'static str),
    Close,
}

impl State {
    /// The panel on `demo`, running it with its default parameters.
    pub fn open(demo: &'static DemoInfo) -> (State, Task<Message>) {
        let mut state = State {
            demo,
            run: run::State::default(),
        };
        let task = state.run_demo();
        (state, task)
    }

    pub fn demo_id(&self) -> &'static str {
        self.demo.id
    }

    pub fn run(&self) -> &run::State {
        &self.run
    }

    fn run_demo(&mut self) -> Task<Message> {
        self.run.start(self.demo.id, Vec::new()).map(Message::Run)
    }

    pub fn update(&mut self, message: Message) -> (Task<Message>, Option<Event>) {
        match message {
            Message::Run(message) => (self.run.update(message).map(Message::Run), None),
            Message::RunAgain if !self.run.is_running() => (self.run_demo(), None),
            Message::RunAgain => (Task::none(), None),
            Message::OpenInDemos => (Task::none(), Some(Event::OpenInDemos(self.demo.id))),
            Message::Close => (Task::none(), Some(Event::Close)),
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let header = row![
            text(self.demo.title)
                .size(size::BODY + 1.0)
                .font(bold())
                .width(Fill),
            button(text("Close  d").size(size::SMALL))
                .padding([5, 12])
                .style(theme::secondary)
                .on_press(Message::Close),
        ]
        .spacing(8)
        .align_y(Alignment::Center);
        // Wrapped, so a narrow panel or a large UI scale moves buttons down instead of
        // squeezing their labels.
        let controls = row![
            self.run.stop_button().map(Message::Run),
            self.run.replay_button().map(Message::Run),
            button(text("Run again"))
                .padding([8, 16])
                .style(theme::primary)
                .on_press_maybe((!self.run.is_running()).then_some(Message::RunAgain)),
            button(text("Open in Demos"))
                .padding([8, 16])
                .style(theme::secondary)
                .on_press(Message::OpenInDemos),
        ]
        .spacing(8)
        .wrap()
        .vertical_spacing(8);
        let output = column![
            self.run.timeline_card(),
            self.run.log_card(),
            self.run.metrics_card()
        ]
        .spacing(12);
        column![
            header,
            text(self.run.status_line()).style(theme::muted),
            controls,
            scrollable(Element::from(output).map(Message::Run))
                .height(Fill)
                .spacing(6)
                .style(theme::scrollable),
        ]
        .spacing(12)
        .into()
    }
}
