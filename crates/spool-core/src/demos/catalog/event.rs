//! `event`: threads block on a start signal (a Condvar underneath) and none runs before it is set.

use std::time::Instant;

use parking_lot::{Condvar, Mutex};

use crate::demos::workers::{run_threads, worker_lane};
use crate::demos::{Demo, DemoError, DemoInfo, ParamSpec, Run};

pub(crate) struct EventDemo;

const WORKERS: ParamSpec = ParamSpec {
    name: "workers",
    description: "threads waiting for the signal",
    unit: "threads",
    default: 4,
    min: 1,
    max: 16,
};
const DELAY_MS: ParamSpec = ParamSpec {
    name: "delay-ms",
    description: "how long the main thread waits before setting the signal",
    unit: "ms",
    default: 800,
    min: 0,
    max: 3000,
};
const WORK_MS: ParamSpec = ParamSpec {
    name: "work-ms",
    description: "how long each thread works once started",
    unit: "ms",
    default: 200,
    min: 10,
    max: 1000,
};

static INFO: DemoInfo = DemoInfo {
    id: "event",
    title: "Event: wait for the start signal",
    concept: "Events",
    explanation: "Worker threads start at once but block on an event, a flag guarded by a mutex and a \
        condition variable. They use no CPU while they wait. When the main thread sets the event, \
        every waiter wakes and runs; none ran before the signal.",
    params: &[WORKERS, DELAY_MS, WORK_MS],
};

/// A one-shot signal threads can wait for, like Python's `threading.Event`.
#[derive(Debug, Default)]
struct StartSignal {
    is_set: Mutex<bool>,
    condvar: Condvar,
}

impl StartSignal {
    fn set(&self) {
        *self.is_set.lock() = true;
        self.condvar.notify_all();
    }

    /// Blocks until the signal is set, or the run is cancelled.
    fn wait(&self, run: &Run) -> Result<(), DemoError> {
        let mut is_set = self.is_set.lock();
        run.wait_while(&self.condvar, &mut is_set, |is_set| !*is_set)
    }
}

impl Demo for EventDemo {
    fn info(&self) -> &'static DemoInfo {
        &INFO
    }

    fn run(&self, run: &Run) -> Result<(), DemoError> {
        let (workers, delay, work) = (
            run.count(&WORKERS),
            run.millis(&DELAY_MS),
            run.millis(&WORK_MS),
        );
        let events = run.events();
        let signal = StartSignal::default();
        let signal = &signal;
        let waiters = (0..workers).map(|index| {
            move || {
                let lane = worker_lane(index);
                events.log(format!("{lane} waits for the start signal"));
                let waiting = Instant::now();
                signal.wait(run)?;
                let woke = Instant::now();
                events.span(&lane, waiting, woke, "waiting for the signal");
                events.log(format!("{lane} woke up and runs"));
                run.sleep(work)?;
                events.span_until_now(&lane, woke, "running");
                Ok(())
            }
        });
        run_threads(run, waiters, || {
            let holding = Instant::now();
            run.sleep(delay)?;
            // Reported before the signal is set, so every wake-up comes after it on the timeline.
            events.span_until_now("main", holding, "before the signal");
            events.log("main sets the start signal");
            signal.set();
            Ok(())
        })?;
        events.log(format!("all {workers} threads ran, each after the signal"));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::testing::{run_to_end, spans};

    #[test]
    fn no_thread_runs_before_the_signal_is_set() {
        let events = run_to_end(
            &EventDemo,
            &[("workers", 5), ("delay-ms", 20), ("work-ms", 10)],
        );
        let [(_, _, signal_set)] = spans(&events, "before the signal")[..] else {
            panic!("expected one signal")
        };
        let running = spans(&events, "running");
        assert_eq!(running.len(), 5);
        assert!(
            running.iter().all(|(_, start, _)| *start >= signal_set),
            "{running:?} vs {signal_set:?}"
        );
    }
}
