//! Live concept demos: each one runs its idea for real on threads, tasks, pools or processes.
//!
//! A [`Demo`] declares its parameters and, when run, sends [`DemoEvent`]s (log lines, metrics,
//! progress, timeline spans) as they happen. [`spawn`] runs a demo on a background thread and
//! hands back a [`RunningDemo`]: the event receiver, cancellation, and a way to wait.
//!
//! Events travel over a tokio unbounded channel. Its sender works from plain threads and from
//! tasks without blocking, so a slow viewer never distorts what a demo measures; its receiver
//! serves a blocking reader (`blocking_recv`, the CLI) and an async one (`recv`/`poll_recv`, a
//! GUI subscription) alike. Every demo's parameters have maxima, so the event count is bounded.
//!
//! Every demo finishes on its own within about ten seconds, and every wait in it is cut into
//! short slices that look at the run's cancellation token, so a cancelled demo stops promptly.
//! Threads are scoped and joined, async tasks die with their runtime, and child processes are
//! killed and reaped, so nothing outlives a run.

mod catalog;
mod error;
mod events;
mod params;
mod process;
mod run;
pub mod worker;
mod worker_protocol;
mod workers;

use std::path::PathBuf;
use std::thread::JoinHandle;

use serde::Serialize;
use tokio::sync::mpsc::UnboundedReceiver;
use tokio_util::sync::CancellationToken;

pub use catalog::{cpu_bound, process_vs_thread};
pub use error::DemoError;
pub use events::{DemoEvent, EventSink, Unit};
pub use params::{ParamSpec, Params};
pub use run::Run;

/// A live demonstration of one concept.
pub trait Demo: Send + Sync {
    /// What the demo is called, what it teaches, and which parameters it takes.
    fn info(&self) -> &'static DemoInfo;

    /// Runs the demo to the end, or until `run` is cancelled (then `Err(DemoError::Cancelled)`).
    fn run(&self, run: &Run) -> Result<(), DemoError>;

    /// Stable identifier; decks refer to demos by it.
    fn id(&self) -> &'static str {
        self.info().id
    }
}

/// Every demo, in the order a course would show them.
pub fn registry() -> &'static [&'static dyn Demo] {
    catalog::ALL
}

pub fn find(id: &str) -> Option<&'static dyn Demo> {
    registry().iter().copied().find(|demo| demo.id() == id)
}

/// A demo's description, as `spool demo list --json` prints it and a GUI shows it.
#[derive(Debug, Clone, Serialize)]
pub struct DemoInfo {
    pub id: &'static str,
    pub title: &'static str,
    /// The concept the demo teaches, as a card would name it.
    pub concept: &'static str,
    /// What to watch for, in a few sentences.
    pub explanation: &'static str,
    pub params: &'static [ParamSpec],
}

/// What a run needs from the program around it.
#[derive(Debug, Clone, Default)]
pub struct RunContext {
    /// The spool program, which the process demos start as `spool demo-worker`.
    pub spool_exe: Option<PathBuf>,
    /// Cancelling this (say, when the app shuts down) cancels every run started with it.
    pub shutdown: CancellationToken,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Completed,
    Cancelled,
}

/// Starts demo `id` on a background thread with `overrides` applied to its default parameters.
pub fn spawn(
    id: &str,
    overrides: &[(&str, u32)],
    context: RunContext,
) -> Result<RunningDemo, DemoError> {
    let demo = find(id).ok_or_else(|| DemoError::UnknownDemo {
        id: id.to_owned(),
        known: registry()
            .iter()
            .map(|demo| demo.id())
            .collect::<Vec<_>>()
            .join(", "),
    })?;
    let params = Params::resolve(demo.id(), demo.info().params, overrides)?;
    let (events, receiver) = EventSink::channel();
    let cancel = context.shutdown.child_token();
    let run = Run::new(
        demo.id(),
        params.clone(),
        events,
        cancel.clone(),
        context.spool_exe,
    );
    let thread = std::thread::Builder::new()
        .name(format!("demo {}", demo.id()))
        .spawn(move || demo.run(&run))
        .map_err(DemoError::io("start the demo thread"))?;
    Ok(RunningDemo {
        demo,
        params,
        events: receiver,
        cancel,
        thread: Some(thread),
    })
}

/// A demo running in the background. Dropping it cancels the run and waits for it to stop.
pub struct RunningDemo {
    demo: &'static dyn Demo,
    params: Params,
    events: UnboundedReceiver<DemoEvent>,
    cancel: CancellationToken,
    thread: Option<JoinHandle<Result<(), DemoError>>>,
}

impl RunningDemo {
    pub fn info(&self) -> &'static DemoInfo {
        self.demo.info()
    }

    /// The parameter values this run uses.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The events so far and to come; the channel closes when the run is over.
    pub fn events(&mut self) -> &mut UnboundedReceiver<DemoEvent> {
        &mut self.events
    }

    /// Asks the run to stop; it does so within a wait slice or so.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    pub fn is_finished(&self) -> bool {
        self.thread.as_ref().is_none_or(JoinHandle::is_finished)
    }

    /// Blocks until the run is over and says how it ended.
    pub fn wait(mut self) -> Result<Outcome, DemoError> {
        self.join()
    }

    fn join(&mut self) -> Result<Outcome, DemoError> {
        let Some(thread) = self.thread.take() else {
            return Ok(Outcome::Completed);
        };
        match thread.join() {
            Ok(Ok(())) => Ok(Outcome::Completed),
            Ok(Err(DemoError::Cancelled)) => Ok(Outcome::Cancelled),
            Ok(Err(error)) => Err(error),
            Err(_panic) => Err(DemoError::Crashed(self.demo.id())),
        }
    }
}

impl Drop for RunningDemo {
    fn drop(&mut self) {
        self.cancel();
        let _ = self.join();
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Running demos in unit tests and reading their events back.

    use std::time::Duration;

    use super::*;

    /// A run of a demo with no parameters and nobody listening.
    pub(crate) fn idle_run() -> Run {
        let (events, _) = EventSink::channel();
        let params = Params::resolve("test", &[], &[]).unwrap();
        Run::new("test", params, events, CancellationToken::new(), None)
    }

    /// Runs `demo` on this thread to the end and returns everything it reported.
    pub(crate) fn run_to_end(demo: &dyn Demo, overrides: &[(&str, u32)]) -> Vec<DemoEvent> {
        let (result, events) = run_collecting(demo, overrides, CancellationToken::new());
        result.unwrap();
        events
    }

    pub(crate) fn run_collecting(
        demo: &dyn Demo,
        overrides: &[(&str, u32)],
        cancel: CancellationToken,
    ) -> (Result<(), DemoError>, Vec<DemoEvent>) {
        let params = Params::resolve(demo.id(), demo.info().params, overrides).unwrap();
        let (events, mut receiver) = EventSink::channel();
        let result = demo.run(&Run::new(demo.id(), params, events, cancel, None));
        let mut collected = Vec::new();
        while let Ok(event) = receiver.try_recv() {
            collected.push(event);
        }
        (result, collected)
    }

    /// Every value reported for metric `name`, in order.
    pub(crate) fn metric_values(events: &[DemoEvent], name: &str) -> Vec<f64> {
        events
            .iter()
            .filter_map(|event| event.metric_value(name))
            .collect()
    }

    /// The single value of metric `name`; fails the test if it was not reported exactly once.
    pub(crate) fn metric(events: &[DemoEvent], name: &str) -> f64 {
        match metric_values(events, name)[..] {
            [value] => value,
            ref values => panic!(
                "metric {name:?} reported {} times: {values:?}",
                values.len()
            ),
        }
    }

    /// The (worker, start, end) of every span labelled `label`, in the order they were sent.
    pub(crate) fn spans(events: &[DemoEvent], label: &str) -> Vec<(String, Duration, Duration)> {
        events
            .iter()
            .filter_map(|event| match event {
                DemoEvent::Span {
                    worker,
                    start,
                    end,
                    label: span_label,
                } if span_label == label => Some((worker.clone(), *start, *end)),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn registry_ids_are_unique_and_findable() {
        let ids: HashSet<_> = registry().iter().map(|demo| demo.id()).collect();
        assert_eq!(ids.len(), registry().len());
        for id in ids {
            assert_eq!(find(id).map(|demo| demo.id()), Some(id));
        }
    }

    #[test]
    fn registry_has_the_demos_the_deck_refers_to() {
        let deck_ids = [
            "threads-join",
            "race-condition",
            "lock-contention",
            "semaphore",
            "barrier",
            "event",
            "async-gather",
            "blocking-in-async",
            "io-bound",
            "cpu-bound",
            "process-memory",
            "queue-pipe",
            "process-vs-thread",
            "deadlock",
        ];
        for id in deck_ids {
            assert!(find(id).is_some(), "missing demo {id}");
        }
    }

    #[test]
    fn every_param_default_is_inside_its_range_and_names_are_unique() {
        for demo in registry() {
            let params = demo.info().params;
            let names: HashSet<_> = params.iter().map(|spec| spec.name).collect();
            assert_eq!(names.len(), params.len(), "{}", demo.id());
            for spec in params {
                assert!(
                    spec.min <= spec.default && spec.default <= spec.max,
                    "{} {}",
                    demo.id(),
                    spec.name
                );
            }
        }
    }

    #[test]
    fn every_param_names_its_unit_and_milliseconds_are_ms() {
        for demo in registry() {
            for spec in demo.info().params {
                assert!(!spec.unit.is_empty(), "{} {}", demo.id(), spec.name);
                assert_eq!(
                    spec.name.ends_with("-ms"),
                    spec.unit == "ms",
                    "{} {}",
                    demo.id(),
                    spec.name
                );
            }
        }
    }

    #[test]
    fn unknown_demo_lists_the_known_ones() {
        let Err(err) = spawn("juggling", &[], RunContext::default()) else {
            panic!("an unknown demo started");
        };
        assert!(
            err.to_string()
                .starts_with("no demo called \"juggling\"; the demos are: threads-join, ")
        );
    }

    #[test]
    fn out_of_range_param_is_rejected_before_starting() {
        let Err(err) = spawn("semaphore", &[("permits", 0)], RunContext::default()) else {
            panic!("a bad parameter was accepted");
        };
        assert!(matches!(
            err,
            DemoError::ParamOutOfRange {
                name: "permits",
                got: 0,
                ..
            }
        ));
    }
}
