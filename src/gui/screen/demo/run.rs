//! One run of a demo, as the Demos screen and the panel beside a study card both show it:
//! starting it, taking in what it reports, and the pieces of its view (status, timeline, log,
//! metrics) for each host to arrange. Every event of a run is recorded, so a finished run can
//! be replayed slowly onto the same timeline and log without running the demo again.

use std::time::Duration;

use futures::SinkExt;
use iced::widget::{button, canvas, column, container, row, scrollable, text};
use iced::{Element, Fill, Task};
use tokio_util::sync::CancellationToken;

use crate::gui::theme::{self, size};
use crate::gui::widget::bold;
use crate::gui::widget::timeline::{self, Timeline};
use spool_core::demos::{self, DemoEvent, Outcome, RunContext, Unit};

/// Events handed to the UI at once, at most.
const BATCH: usize = 256;
/// Log lines kept; older ones scroll away for good.
const LOG_LINES: usize = 500;
/// The log's height: a few lines at a time, so the page around it keeps its place.
const LOG_HEIGHT: f32 = 240.0;
/// How many times slower than it ran a replay plays: most demos are over in a second.
const REPLAY_SLOWDOWN: u32 = 10;
/// How often a replay hands over the events whose time has come.
const REPLAY_FRAME: Duration = Duration::from_millis(33);

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

#[derive(Debug, Clone)]
pub enum Message {
    /// What run number `.0` reported; reports of an earlier run are dropped.
    Report(u64, Report),
    Stop,
    Replay,
    Replayed(Vec<DemoEvent>),
    ReplayEnded,
}

#[derive(Debug, Clone, PartialEq)]
struct Metric {
    name: String,
    value: f64,
    unit: Unit,
}

/// What the view shows of a run: built from its events as they come, or as a replay plays them.
#[derive(Debug, Default)]
struct Output {
    timeline: Timeline,
    log: Vec<(Duration, String)>,
    metrics: Vec<Metric>,
    progress: Option<(u64, u64)>,
}

impl Output {
    fn show(&mut self, event: DemoEvent) {
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
}

/// A run of a demo and what it has shown. Dropping it stops the run and any replay.
#[derive(Debug)]
pub struct State {
    status: Status,
    /// Counts the runs started, so a report of a run that was replaced is told apart.
    run_number: u64,
    cancel: Option<CancellationToken>,
    output: Output,
    /// Every event of the latest run, in the order it came.
    recording: Vec<DemoEvent>,
    /// The replay playing, if one is; dropping the handle ends it.
    replay: Option<iced::task::Handle>,
}

impl Default for State {
    fn default() -> Self {
        State::new(Status::Idle, 0)
    }
}

impl Drop for State {
    fn drop(&mut self) {
        self.stop_run();
    }
}

impl State {
    /// Nothing shown yet, for run number `run_number`.
    fn new(status: Status, run_number: u64) -> State {
        State {
            status,
            run_number,
            cancel: None,
            output: Output::default(),
            recording: Vec::new(),
            replay: None,
        }
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    pub fn is_running(&self) -> bool {
        matches!(self.status, Status::Starting | Status::Running)
    }

    pub fn is_replaying(&self) -> bool {
        self.replay.is_some()
    }

    /// Lines of the log shown so far.
    pub fn log(&self) -> impl Iterator<Item = &str> {
        self.output.log.iter().map(|(_, line)| line.as_str())
    }

    pub fn timeline(&self) -> &Timeline {
        &self.output.timeline
    }

    /// Every event the latest run reported, in order.
    pub fn recording(&self) -> &[DemoEvent] {
        &self.recording
    }

    /// Forgets the run shown, for another demo; a run still going is stopped.
    pub fn clear(&mut self) {
        self.stop_run();
        *self = State::new(Status::Idle, self.run_number);
    }

    /// Starts demo `id` with `overrides` on its defaults, in place of whatever was shown.
    pub fn start(
        &mut self,
        id: &'static str,
        overrides: Vec<(&'static str, u32)>,
    ) -> Task<Message> {
        self.stop_run();
        *self = State::new(Status::Starting, self.run_number + 1);
        // Made here rather than by the run, so Stop works while the demo is still starting.
        let cancel = CancellationToken::new();
        self.cancel = Some(cancel.clone());
        let run_number = self.run_number;
        Task::stream(run_stream(id, overrides, cancel))
            .map(move |report| Message::Report(run_number, report))
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Report(run_number, report) if run_number == self.run_number => {
                self.report(report)
            }
            Message::Report(..) => {}
            Message::Stop if self.replay.is_some() => {
                // The rest of the run at once, so what is left on screen is the whole run.
                self.replay = None;
                self.output = Output::default();
                self.recording
                    .iter()
                    .for_each(|event| self.output.show(event.clone()));
            }
            Message::Stop => self.stop_run(),
            Message::Replay if self.can_replay() => {
                self.output = Output::default();
                let (task, handle) = Task::stream(replay_stream(self.recording.clone()))
                    .chain(Task::done(Message::ReplayEnded))
                    .abortable();
                self.replay = Some(handle.abort_on_drop());
                return task;
            }
            Message::Replay => {}
            Message::Replayed(events) => {
                events.into_iter().for_each(|event| self.output.show(event))
            }
            Message::ReplayEnded => self.replay = None,
        }
        Task::none()
    }

    fn can_replay(&self) -> bool {
        matches!(self.status, Status::Finished(_) | Status::Failed(_))
            && !self.recording.is_empty()
            && self.replay.is_none()
    }

    fn stop_run(&self) {
        if let Some(cancel) = &self.cancel {
            cancel.cancel();
        }
    }

    fn report(&mut self, report: Report) {
        match report {
            Report::Started => self.status = Status::Running,
            Report::Events(events) => {
                self.recording.extend(events.iter().cloned());
                events.into_iter().for_each(|event| self.output.show(event));
            }
            Report::Finished(outcome) => {
                self.cancel = None;
                self.status = match outcome {
                    Ok(outcome) => Status::Finished(outcome),
                    Err(error) => Status::Failed(error),
                };
            }
        }
    }

    pub fn status_line(&self) -> String {
        if self.replay.is_some() {
            return format!("Replaying at 1/{REPLAY_SLOWDOWN} speed");
        }
        let progress = self
            .output
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

    /// Stops the run, or a replay (which then shows the whole run at once).
    pub fn stop_button(&self) -> Element<'_, Message> {
        let stoppable = self.is_running() || self.is_replaying();
        button(text("Stop"))
            .padding([8, 20])
            .style(theme::danger)
            .on_press_maybe(stoppable.then_some(Message::Stop))
            .into()
    }

    pub fn replay_button(&self) -> Element<'_, Message> {
        button(text(format!("Replay 1/{REPLAY_SLOWDOWN}×")))
            .padding([8, 16])
            .style(theme::secondary)
            .on_press_maybe(self.can_replay().then_some(Message::Replay))
            .into()
    }

    pub fn timeline_card(&self) -> Element<'_, Message> {
        let timeline = &self.output.timeline;
        card(
            column![
                text("Timeline").font(bold()),
                timeline::legend(timeline),
                canvas(timeline).width(Fill).height(timeline.height()),
            ]
            .spacing(10),
        )
    }

    pub fn log_card(&self) -> Element<'_, Message> {
        let lines = self
            .log()
            .map(|line| text(line).size(size::SMALL + 1.0).into());
        card(
            column![
                text("Log").font(bold()),
                scrollable(column(lines).spacing(4))
                    .anchor_bottom()
                    .height(Fill)
                    .style(theme::scrollable),
            ]
            .spacing(10)
            .height(LOG_HEIGHT),
        )
    }

    /// Every metric the run has reported, as tall as they need.
    pub fn metrics_card(&self) -> Element<'_, Message> {
        let metrics = self.output.metrics.iter().map(|metric| {
            row![
                text(metric.name.as_str())
                    .size(size::SMALL + 1.0)
                    .width(Fill),
                text(format_value(metric.value, metric.unit))
                    .size(size::SMALL + 1.0)
                    .font(bold()),
            ]
            .spacing(8)
            .into()
        });
        card(
            column![text("Metrics").font(bold())]
                .extend(metrics)
                .spacing(8),
        )
    }
}

fn card<'a>(content: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    container(content)
        .padding(16)
        .width(Fill)
        .style(theme::card)
        .into()
}

fn format_value(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Count | Unit::Pid => format!("{value:.0}"),
        Unit::Milliseconds if value < 1.0 => format!("{value:.3} ms"),
        Unit::Milliseconds => format!("{value:.1} ms"),
        Unit::Times => format!("{value:.2}×"),
    }
}

/// Plays `recording` back at 1/[`REPLAY_SLOWDOWN`] of the speed it ran at, in its order:
/// each frame hands over the events whose time in the run has come.
fn replay_stream(recording: Vec<DemoEvent>) -> impl futures::Stream<Item = Message> {
    iced::stream::channel(
        4,
        async move |mut output: futures::channel::mpsc::Sender<Message>| {
            let started = tokio::time::Instant::now();
            let mut pending = recording.into_iter().peekable();
            while pending.peek().is_some() {
                tokio::time::sleep(REPLAY_FRAME).await;
                let reached = started.elapsed() / REPLAY_SLOWDOWN;
                let due: Vec<DemoEvent> =
                    std::iter::from_fn(|| pending.next_if(|event| event.at() <= reached)).collect();
                if !due.is_empty() && output.send(Message::Replayed(due)).await.is_err() {
                    return;
                }
            }
        },
    )
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
