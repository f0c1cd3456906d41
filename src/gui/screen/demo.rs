//! The Demos screen: pick a demo, set its parameters, Run / Stop, and watch it live: a
//! timeline with one lane per worker, the log and the metrics. A run keeps going while the
//! person studies; its events arrive in batches so a chatty demo cannot flood the UI.

pub mod panel;
pub mod run;

use iced::widget::{button, column, container, pick_list, row, scrollable, text, text_input};
use iced::{Alignment, Element, Fill, Task};

use crate::gui::screen::note_form::labelled;
use crate::gui::theme::{self, size};
use crate::gui::widget::{banner, title};
use spool_core::demos::{self, DemoInfo};

#[derive(Debug)]
pub struct State {
    demo: Option<&'static DemoInfo>,
    /// Typed parameter values, in the demo's order.
    params: Vec<String>,
    run: run::State,
    error: Option<String>,
}

impl Default for State {
    fn default() -> Self {
        let mut state = State {
            demo: None,
            params: Vec::new(),
            run: run::State::default(),
            error: None,
        };
        if let Some(first) = demos::registry().first() {
            state.choose(first.info());
        }
        state
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Picked(String),
    Param(usize, String),
    /// Run the chosen demo with the typed parameters.
    Start,
    Run(run::Message),
}

impl State {
    /// The run shown: the latest of the chosen demo.
    pub fn run(&self) -> &run::State {
        &self.run
    }

    pub fn is_running(&self) -> bool {
        self.run.is_running()
    }

    /// The chosen demo's id.
    pub fn demo_id(&self) -> Option<&'static str> {
        self.demo.map(|info| info.id)
    }

    /// Another demo, with its default parameters and nothing of the previous one's run.
    fn choose(&mut self, info: &'static DemoInfo) {
        self.demo = Some(info);
        self.params = info
            .params
            .iter()
            .map(|spec| spec.default.to_string())
            .collect();
        self.error = None;
        self.run.clear();
    }

    /// Shows demo `id` (one a card named), ready to run, unless a run is going.
    pub fn show(&mut self, id: &str) {
        match demos::find(id) {
            Some(demo) if self.demo_id() == Some(demo.id()) => {}
            Some(demo) if !self.is_running() => self.choose(demo.info()),
            Some(_) => self.error = Some("A demo is already running; stop it first.".into()),
            None => {
                self.error = Some(format!(
                    "This card names a demo, {id:?}, that this version of Spool does not have."
                ))
            }
        }
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Picked(title) => {
                let demo = demos::registry()
                    .iter()
                    .find(|demo| demo.info().title == title);
                if let Some(demo) = demo.filter(|_| !self.is_running()) {
                    self.choose(demo.info());
                }
                Task::none()
            }
            Message::Param(index, value) => {
                if let Some(slot) = self.params.get_mut(index) {
                    *slot = value;
                }
                Task::none()
            }
            Message::Start => self.start(),
            Message::Run(message) => self.run.update(message).map(Message::Run),
        }
    }

    fn start(&mut self) -> Task<Message> {
        let Some(info) = self.demo else {
            return Task::none();
        };
        if self.is_running() {
            return Task::none();
        }
        let mut overrides = Vec::new();
        for (spec, typed) in info.params.iter().zip(&self.params) {
            match typed.trim().parse::<u32>() {
                Ok(value) => overrides.push((spec.name, value)),
                Err(_) => {
                    self.error = Some(format!(
                        "{} must be a whole number between {} and {}.",
                        spec.name, spec.min, spec.max
                    ));
                    return Task::none();
                }
            }
        }
        self.error = None;
        self.run.start(info.id, overrides).map(Message::Run)
    }

    pub fn view(&self) -> Element<'_, Message> {
        let titles: Vec<String> = demos::registry()
            .iter()
            .map(|demo| demo.info().title.to_string())
            .collect();
        // The picker takes what the buttons leave, so they keep room for their labels at
        // any UI scale.
        let picker = pick_list(
            titles,
            self.demo.map(|info| info.title.to_string()),
            Message::Picked,
        )
        .padding([6, 10])
        .width(Fill)
        .style(theme::pick_list);
        let controls = row![
            picker,
            self.run.replay_button().map(Message::Run),
            button(text("Run"))
                .padding([8, 20])
                .style(theme::primary)
                .on_press_maybe((!self.is_running()).then_some(Message::Start)),
            self.run.stop_button().map(Message::Run),
        ]
        .spacing(10)
        .align_y(Alignment::Center);

        let mut page = column![
            row![
                container(title("Demos")).width(Fill),
                text(self.run.status_line()).style(theme::muted)
            ]
            .align_y(Alignment::Center),
            controls
        ]
        .spacing(16);
        if let Some(error) = &self.error {
            page = page.push(banner(error));
        }
        if let Some(info) = self.demo {
            page = page.push(self.about(info));
        }
        let output = row![
            self.run.log_card(),
            container(self.run.metrics_card()).width(300)
        ]
        .spacing(16);
        let page = page
            .push(self.run.timeline_card().map(Message::Run))
            .push(Element::from(output).map(Message::Run));
        // A run with many workers makes a tall timeline: the page scrolls rather than
        // pushing the log and metrics off the window.
        // The scrollbar beside the page rather than over it, where it would hide Stop.
        scrollable(page).spacing(6).style(theme::scrollable).into()
    }

    /// What the chosen demo shows, and its parameters.
    fn about(&self, info: &'static DemoInfo) -> Element<'_, Message> {
        let params =
            row(info
                .params
                .iter()
                .zip(&self.params)
                .enumerate()
                .map(|(index, (spec, value))| {
                    let input = text_input(&spec.default.to_string(), value)
                        .on_input(move |value| Message::Param(index, value))
                        .on_submit(Message::Start)
                        .padding(8)
                        .width(110)
                        .style(theme::input);
                    let unit = text(spec.unit).size(size::SMALL).style(theme::muted);
                    let input = row![input, unit].spacing(6).align_y(Alignment::Center);
                    // A long description wraps over its input rather than squeezing it.
                    container(labelled(spec.description, input.into()))
                        .max_width(280)
                        .into()
                }))
            .spacing(18)
            .wrap()
            .vertical_spacing(12);
        container(column![text(info.explanation).size(size::BODY), params].spacing(14))
            .padding(16)
            .width(Fill)
            .style(theme::card)
            .into()
    }
}
