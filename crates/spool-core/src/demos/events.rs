//! The stream of typed events a running demo reports, and the sink demos send them through.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

/// One thing that happened during a run. Times are offsets since the run started.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DemoEvent {
    /// A line of narration: what just happened and why it matters.
    Log {
        #[serde(rename = "at_ms", with = "millis")]
        at: Duration,
        text: String,
    },
    /// A measured value, such as a counter's total or how long a wait took.
    Metric {
        #[serde(rename = "at_ms", with = "millis")]
        at: Duration,
        name: String,
        value: f64,
        unit: Unit,
    },
    /// How far the current part of the demo has got.
    Progress {
        #[serde(rename = "at_ms", with = "millis")]
        at: Duration,
        done: u64,
        total: u64,
    },
    /// A stretch of time one worker spent doing something, for the timeline.
    Span {
        worker: String,
        #[serde(rename = "start_ms", with = "millis")]
        start: Duration,
        #[serde(rename = "end_ms", with = "millis")]
        end: Duration,
        label: String,
    },
}

impl DemoEvent {
    /// When the event happened since the run started; a span happened when it ended, which
    /// is when the demo reports it.
    pub fn at(&self) -> Duration {
        match self {
            DemoEvent::Log { at, .. }
            | DemoEvent::Metric { at, .. }
            | DemoEvent::Progress { at, .. } => *at,
            DemoEvent::Span { end, .. } => *end,
        }
    }

    /// The value of metric `name`, if this event reports it.
    pub fn metric_value(&self, name: &str) -> Option<f64> {
        match self {
            DemoEvent::Metric {
                name: metric,
                value,
                ..
            } if metric == name => Some(*value),
            _ => None,
        }
    }
}

/// Offsets travel as milliseconds with microsecond precision (`"at_ms": 105.967`), which JSON
/// readers and timelines take as they are.
mod millis {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(offset: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(offset.as_micros() as f64 / 1000.0)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
        let ms = f64::deserialize(deserializer)?;
        Duration::try_from_secs_f64(ms / 1000.0).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Count,
    Milliseconds,
    /// A ratio such as a speed-up: 2.0 means twice as fast.
    Times,
    /// A process id.
    Pid,
}

/// Where a demo sends its events. Cheap to clone into every worker thread or task.
///
/// Sending never blocks and never fails the demo: if nobody listens any more the event is
/// dropped, and the run is stopped by its cancellation token instead.
#[derive(Debug, Clone)]
pub struct EventSink {
    sender: UnboundedSender<DemoEvent>,
    started: Instant,
}

impl EventSink {
    /// A sink whose clock starts now, and the receiving end of its channel.
    pub(crate) fn channel() -> (EventSink, UnboundedReceiver<DemoEvent>) {
        let (sender, receiver) = unbounded_channel();
        (
            EventSink {
                sender,
                started: Instant::now(),
            },
            receiver,
        )
    }

    /// Time since the run started.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// The offset of `instant` from the start of the run.
    pub fn offset(&self, instant: Instant) -> Duration {
        instant.saturating_duration_since(self.started)
    }

    pub fn log(&self, text: impl Into<String>) {
        self.send(DemoEvent::Log {
            at: self.elapsed(),
            text: text.into(),
        });
    }

    pub fn metric(&self, name: impl Into<String>, value: f64, unit: Unit) {
        self.send(DemoEvent::Metric {
            at: self.elapsed(),
            name: name.into(),
            value,
            unit,
        });
    }

    /// A number of things as a metric.
    pub fn count(&self, name: impl Into<String>, value: usize) {
        self.metric(name, value as f64, Unit::Count);
    }

    /// A duration as a metric in milliseconds.
    pub fn millis(&self, name: impl Into<String>, duration: Duration) {
        self.metric(name, duration.as_secs_f64() * 1000.0, Unit::Milliseconds);
    }

    pub fn progress(&self, done: usize, total: usize) {
        self.send(DemoEvent::Progress {
            at: self.elapsed(),
            done: done as u64,
            total: total as u64,
        });
    }

    /// A timeline span from `start` until now.
    pub fn span_until_now(
        &self,
        worker: impl Into<String>,
        start: Instant,
        label: impl Into<String>,
    ) {
        self.span(worker, start, Instant::now(), label);
    }

    pub fn span(
        &self,
        worker: impl Into<String>,
        start: Instant,
        end: Instant,
        label: impl Into<String>,
    ) {
        self.send(DemoEvent::Span {
            worker: worker.into(),
            start: self.offset(start),
            end: self.offset(end),
            label: label.into(),
        });
    }

    fn send(&self, event: DemoEvent) {
        // A closed channel only means nobody is watching; the run's token decides when it stops.
        let _ = self.sender.send(event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip_through_json_lines() {
        let events = vec![
            DemoEvent::Log {
                at: Duration::from_millis(1),
                text: "hello".into(),
            },
            DemoEvent::Metric {
                at: Duration::from_millis(2),
                name: "lost updates".into(),
                value: 3.0,
                unit: Unit::Count,
            },
            DemoEvent::Progress {
                at: Duration::from_millis(3),
                done: 1,
                total: 4,
            },
            DemoEvent::Span {
                worker: "worker 1".into(),
                start: Duration::from_micros(10),
                end: Duration::from_micros(20),
                label: "holding".into(),
            },
        ];
        for event in events {
            let line = serde_json::to_string(&event).unwrap();
            assert!(!line.contains('\n'));
            assert_eq!(serde_json::from_str::<DemoEvent>(&line).unwrap(), event);
        }
    }

    #[test]
    fn sink_reports_offsets_from_the_start_of_the_run() {
        let (sink, mut receiver) = EventSink::channel();
        let start = Instant::now();
        let end = start + Duration::from_millis(5);
        sink.span("worker 1", start, end, "work");
        let Some(DemoEvent::Span {
            start: from,
            end: to,
            ..
        }) = receiver.try_recv().ok()
        else {
            panic!("expected a span");
        };
        assert_eq!(to - from, Duration::from_millis(5));
    }

    #[test]
    fn sending_after_the_receiver_is_gone_is_harmless() {
        let (sink, receiver) = EventSink::channel();
        drop(receiver);
        sink.log("nobody is listening");
    }
}
