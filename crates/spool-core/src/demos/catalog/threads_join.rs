//! `threads-join`: threads run side by side, and `join` waits for every one of them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crate::demos::workers::{run_workers, worker_lane};
use crate::demos::{Demo, DemoError, DemoInfo, ParamSpec, Run};

pub(crate) struct ThreadsJoin;

const WORKERS: ParamSpec = ParamSpec {
    name: "workers",
    description: "threads to start",
    unit: "threads",
    default: 4,
    min: 1,
    max: 16,
};
const STEPS: ParamSpec = ParamSpec {
    name: "steps",
    description: "steps each thread takes",
    unit: "steps",
    default: 5,
    min: 1,
    max: 20,
};
const STEP_MS: ParamSpec = ParamSpec {
    name: "step-ms",
    description: "how long the fastest thread sleeps per step; thread k sleeps up to twice that",
    unit: "ms",
    default: 100,
    min: 10,
    max: 250,
};

static INFO: DemoInfo = DemoInfo {
    id: "threads-join",
    title: "Threads start and join",
    concept: "Threads",
    explanation: "The main thread starts several threads that each take a few steps, sleeping between \
        them. Their output interleaves because they really run at the same time. The main thread then \
        joins them: join returns only when every thread has finished.",
    params: &[WORKERS, STEPS, STEP_MS],
};

impl Demo for ThreadsJoin {
    fn info(&self) -> &'static DemoInfo {
        &INFO
    }

    fn run(&self, run: &Run) -> Result<(), DemoError> {
        let (workers, steps, step) = (run.count(&WORKERS), run.count(&STEPS), run.millis(&STEP_MS));
        let events = run.events();
        let steps_done = AtomicUsize::new(0);
        events.log(format!(
            "main: starting {workers} threads with {steps} steps each, then joining them"
        ));
        let started = Instant::now();
        run_workers(run, workers, |index| {
            let lane = worker_lane(index);
            // Later threads are slower, so the threads overtake each other and the output interleaves.
            let pause = step.mul_f64(1.0 + index as f64 / workers as f64);
            for number in 1..=steps {
                let step_started = Instant::now();
                run.sleep(pause)?;
                events.span_until_now(&lane, step_started, format!("step {number} of {steps}"));
                events.progress(
                    steps_done.fetch_add(1, Ordering::Relaxed) + 1,
                    workers * steps,
                );
            }
            events.log(format!("{lane}: finished"));
            Ok(())
        })?;
        events.span_until_now("main", started, "join");
        events.log(format!(
            "main: join returned; all {workers} threads have finished"
        ));
        events.count("threads joined", workers);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::testing::{metric, run_to_end, spans};

    #[test]
    fn join_returns_after_every_step_of_every_thread() {
        let events = run_to_end(
            &ThreadsJoin,
            &[("workers", 3), ("steps", 2), ("step-ms", 10)],
        );
        let steps: Vec<_> = (1..=2)
            .flat_map(|number| spans(&events, &format!("step {number} of 2")))
            .collect();
        assert_eq!(steps.len(), 3 * 2);
        let [(_, _, joined)] = spans(&events, "join")[..] else {
            panic!("expected one join span")
        };
        assert!(steps.iter().all(|(_, _, end)| *end <= joined));
        assert_eq!(metric(&events, "threads joined"), 3.0);
    }
}
