//! The demo panel: pick a demo, set its parameters, Run / Stop, and watch it live: a timeline
//! with one lane per worker, the log and the metrics. A run keeps going while the person
//! studies; its events arrive in batches so a chatty demo cannot flood the UI.

use std::time::Duration;

use futures::SinkExt;
use iced::widget::{
    button, canvas, column, container, pick_list, row, scrollable, space, text, text_input,
};
use iced::{Alignment, Element, Fill, Task};
use tokio_util::sync::CancellationToken;

use crate::gui::screen::note_form::labelled;
use crate::gui::theme::{self, size};
use crate::gui::widget::timeline::Timeline;
use crate::gui::widget::{banner, bold, title};
use spool_core::demos::{self, DemoEvent, DemoInfo, Outcome, RunContext, Unit};

/// Events handed to the UI at once, at most.
const BATCH: usize = 256;
/// Log lines kept; older ones scroll away for good.
const LOG_LINES: usize = 500;

/// What a run reports, in order: started, batches of events, finished.
#[derive(Debug, Clone)]
pub enum Report {
    Started,
    Events(Vec<DemoEvent>),
    Finished(Result<Outcome, String>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Idle,
    Starting,
    Running,
    Finished(Outcome),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
struct Metric {
    name: String,
    value: f64,
    unit: Unit,
}

#[derive(Debug)]
pub struct State {
    demo: Option<&'static DemoInfo>,
    /// Typed parameter values, in the demo's order.
    params: Vec<String>,
    status: Status,
    cancel: Option<CancellationToken>,
    timeline: Timeline,
    log: Vec<(Duration, String)>,
    metrics: Vec<Metric>,
    progress: Option<(u64, u64)>,
    error: Option<String>,
}

impl Default for State {
    fn default() -> Self {
        let mut state = State {
            demo: None,
            params: Vec::new(),
            status: Status::Idle,
            cancel: None,
            timeline: Timeline::default(),
            log: Vec::new(),
            metrics: Vec::new(),
            progress: None,
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
    Run,
    Stop,
    Report(Report),
}

impl State {
    pub fn status(&self) -> &Status {
        &self.status
    }

    pub fn is_running(&self) -> bool {
        matches!(self.status, Status::Starting | Status::Running)
    }

    /// Lines of the log so far.
    pub fn log(&self) -> impl Iterator<Item = &str> {
        self.log.iter().map(|(_, line)| line.as_str())
    }

    fn choose(&mut self, info: &'static DemoInfo) {
        self.demo = Some(info);
        self.params = info
            .params
            .iter()
            .map(|spec| spec.default.to_string())
            .collect();
        self.error = None;
    }

    /// Opens demo `id` (from a card) and runs it with its defaults. Unknown ids are explained.
    pub fn open_and_run(&mut self, id: &str) -> Task<Message> {
        match demos::find(id) {
            Some(demo) if !self.is_running() => {
                self.choose(demo.info());
                self.run()
            }
            Some(_) => {
                self.error = Some("A demo is already running; stop it first.".into());
                Task::none()
            }
            None => {
                self.error = Some(format!(
                    "This card names a demo, {id:?}, that this version of Spool does not have."
                ));
                Task::none()
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
            }
            Message::Param(index, value) => {
                if let Some(slot) = self.params.get_mut(index) {
                    *slot = value;
                }
            }
            Message::Run => return self.run(),
            Message::Stop => {
                if let Some(cancel) = &self.cancel {
                    cancel.cancel();
                }
            }
            Message::Report(report) => self.report(report),
        }
        Task::none()
    }

    fn run(&mut self) -> Task<Message> {
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
        self.status = Status::Starting;
        self.error = None;
        self.timeline = Timeline::default();
        self.log.clear();
        self.metrics.clear();
        self.progress = None;
        // Made here rather than by the run, so Stop works while the demo is still starting.
        let cancel = CancellationToken::new();
        self.cancel = Some(cancel.clone());
        Task::stream(run_stream(info.id, overrides, cancel)).map(Message::Report)
    }

    fn report(&mut self, report: Report) {
        match report {
            Report::Started => self.status = Status::Running,
            Report::Events(events) => events.into_iter().for_each(|event| self.record(event)),
            Report::Finished(outcome) => {
                self.cancel = None;
                self.status = match outcome {
                    Ok(outcome) => Status::Finished(outcome),
                    Err(error) => Status::Failed(error),
                };
            }
        }
    }

    fn record(&mut self, event: DemoEvent) {
        match event {
            DemoEvent::Log { at, text } => {
                self.log.push((at, text));
                let excess = self.log.len().saturating_sub(LOG_LINES);
                self.log.drain(..excess);
            }
            DemoEvent::Metric {
                name, value, unit, ..
            } => match self.metrics.iter_mut().find(|m| m.name == name) {
                Some(metric) => (metric.value, metric.unit) = (value, unit),
                None => self.metrics.push(Metric { name, value, unit }),
            },
            DemoEvent::Progress { done, total, .. } => self.progress = Some((done, total)),
            DemoEvent::Span {
                worker,
                start,
                end,
                label,
            } => self.timeline.push(&worker, start, end, label),
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let titles: Vec<String> = demos::registry()
            .iter()
            .map(|demo| demo.info().title.to_string())
            .collect();
        let picker = pick_list(
            titles,
            self.demo.map(|info| info.title.to_string()),
            Message::Picked,
        )
        .padding([6, 10])
        .style(theme::pick_list);
        let running = self.is_running();
        let controls = row![
            picker,
            space().width(Fill),
            button(text("Run"))
                .padding([8, 20])
                .style(theme::primary)
                .on_press_maybe((!running).then_some(Message::Run)),
            button(text("Stop"))
                .padding([8, 20])
                .style(theme::danger)
                .on_press_maybe(running.then_some(Message::Stop)),
        ]
        .spacing(10)
        .align_y(Alignment::Center);

        let mut page = column![
            row![
                title("Demos"),
                space().width(Fill),
                text(self.status_line()).style(theme::muted)
            ]
            .align_y(Alignment::Center),
            controls
        ]
        .spacing(16);
        if let Some(error) = &self.error {
            page = page.push(banner(error));
        }
        if let Some(info) = self.demo {
            let params = row(info.params.iter().zip(&self.params).enumerate().map(
                |(index, (spec, value))| {
                    labelled(
                        spec.description,
                        text_input(&spec.default.to_string(), value)
                            .on_input(move |value| Message::Param(index, value))
                            .on_submit(Message::Run)
                            .padding(8)
                            .width(110)
                            .style(theme::input)
                            .into(),
                    )
                },
            ))
            .spacing(18);
            page = page.push(
                container(column![text(info.explanation).size(size::BODY), params].spacing(14))
                    .padding(16)
                    .width(Fill)
                    .style(theme::card),
            );
        }
        let timeline = container(
            column![
                text("Timeline").font(bold()),
                canvas(&self.timeline)
                    .width(Fill)
                    .height(self.timeline.height()),
            ]
            .spacing(10),
        )
        .padding(16)
        .width(Fill)
        .style(theme::card);
        let log = container(
            column![
                text("Log").font(bold()),
                scrollable(
                    column(
                        self.log()
                            .map(|line| text(line).size(size::SMALL + 1.0).into())
                    )
                    .spacing(4)
                )
                .anchor_bottom()
                .height(Fill)
                .style(theme::scrollable),
            ]
            .spacing(10),
        )
        .padding(16)
        .width(Fill)
        .height(Fill)
        .style(theme::card);
        let metrics = container(
            column![text("Metrics").font(bold())]
                .extend(self.metrics.iter().map(|metric| {
                    row![
                        text(metric.name.as_str())
                            .size(size::SMALL + 1.0)
                            .width(Fill),
                        text(format_value(metric.value, metric.unit))
                            .size(size::SMALL + 1.0)
                            .font(bold()),
                    ]
                    .into()
                }))
                .spacing(8),
        )
        .padding(16)
        .width(300)
        .height(Fill)
        .style(theme::card);
        page.push(timeline)
            .push(row![log, metrics].spacing(16).height(Fill))
            .height(Fill)
            .into()
    }

    fn status_line(&self) -> String {
        let progress = self
            .progress
            .map(|(done, total)| format!(" · {done}/{total}"))
            .unwrap_or_default();
        match &self.status {
            Status::Idle => "Ready".into(),
            Status::Starting => "Starting…".into(),
            Status::Running => format!("Running{progress}"),
            Status::Finished(Outcome::Completed) => "Finished".into(),
            Status::Finished(Outcome::Cancelled) => "Stopped".into(),
            Status::Failed(error) => format!("Failed: {error}"),
        }
    }
}

fn format_value(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Count | Unit::Pid => format!("{value:.0}"),
        Unit::Milliseconds if value < 1.0 => format!("{value:.3} ms"),
        Unit::Milliseconds => format!("{value:.1} ms"),
        Unit::Times => format!("{value:.2}×"),
    }
}

/// Starts demo `id` off the UI thread and streams what it reports until it is over.
fn run_stream(
    id: &'static str,
    overrides: Vec<(&'static str, u32)>,
    cancel: CancellationToken,
) -> impl futures::Stream<Item = Report> {
    iced::stream::channel(
        4,
        async move |mut output: futures::channel::mpsc::Sender<Report>| {
            // Process demos start `spool demo-worker` children, so they need this program's path.
            let context = RunContext {
                spool_exe: std::env::current_exe().ok(),
                shutdown: cancel,
            };
            let spawned =
                tokio::task::spawn_blocking(move || demos::spawn(id, &overrides, context)).await;
            let mut running = match spawned {
                Ok(Ok(running)) => running,
                Ok(Err(error)) => {
                    let _ = output.send(Report::Finished(Err(error.to_string()))).await;
                    return;
                }
                Err(join) => {
                    let _ = output.send(Report::Finished(Err(join.to_string()))).await;
                    return;
                }
            };
            if output.send(Report::Started).await.is_err() {
                return;
            }
            while let Some(first) = running.events().recv().await {
                let mut batch = vec![first];
                while batch.len() < BATCH {
                    match running.events().try_recv() {
                        Ok(event) => batch.push(event),
                        Err(_) => break,
                    }
                }
                if output.send(Report::Events(batch)).await.is_err() {
                    return;
                }
            }
            // Joining the demo thread blocks, so it happens off the async workers too.
            let outcome = match tokio::task::spawn_blocking(move || running.wait()).await {
                Ok(outcome) => outcome.map_err(|error| error.to_string()),
                Err(join) => Err(join.to_string()),
            };
            let _ = output.send(Report::Finished(outcome)).await;
        },
    )
}
