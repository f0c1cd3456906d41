//! `async-gather`: awaiting tasks one by one takes the sum of their waits; gathering them takes
//! about the longest one.

use std::time::Duration;

use tokio::runtime::Builder;
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::demos::run::runtime;
use crate::demos::{Demo, DemoError, DemoInfo, EventSink, ParamSpec, Run};

pub(crate) struct AsyncGather;

const TASKS: ParamSpec = ParamSpec {
    name: "tasks",
    description: "async tasks to run",
    unit: "tasks",
    default: 5,
    min: 1,
    max: 10,
};
const LONGEST_MS: ParamSpec = ParamSpec {
    name: "longest-ms",
    description: "the longest task's wait; the others wait evenly spaced shorter times",
    unit: "ms",
    default: 1000,
    min: 10,
    max: 1000,
};

static INFO: DemoInfo = DemoInfo {
    id: "async-gather",
    title: "Async tasks: one by one vs gathered",
    concept: "Async/await",
    explanation: "Each task waits for a while, like a request waiting on the network. Awaited one after \
        another, the waits add up. Gathered (spawned together and awaited as a group), the waits \
        overlap and the whole takes about as long as the longest, all on a single thread.",
    params: &[TASKS, LONGEST_MS],
};

impl Demo for AsyncGather {
    fn info(&self) -> &'static DemoInfo {
        &INFO
    }

    fn run(&self, run: &Run) -> Result<(), DemoError> {
        let waits = waits(run.count(&TASKS), run.millis(&LONGEST_MS));
        let events = run.events();
        let sum: Duration = waits.iter().sum();
        let longest = waits.iter().copied().max().unwrap_or_default();
        events.millis("sum of waits", sum);
        events.millis("longest wait", longest);
        let runtime = runtime(&mut Builder::new_current_thread())?;
        run.block_on(&runtime, async {
            events.log(format!("1. Awaiting {} tasks one by one", waits.len()));
            let one_by_one = await_one_by_one(&waits, events).await;
            events.millis("one by one", one_by_one);
            events.log(format!(
                "   took {one_by_one:.2?}: about the sum of the waits ({sum:?})"
            ));

            events.log(format!("2. Gathering the same {} tasks", waits.len()));
            let gathered = gather(&waits, events).await;
            events.millis("gathered", gathered);
            events.log(format!(
                "   took {gathered:.2?}: about the longest wait ({longest:?})"
            ));
            Ok(())
        })
    }
}

/// Waits for `tasks` tasks, the first waiting `longest` and each later one a step less.
fn waits(tasks: usize, longest: Duration) -> Vec<Duration> {
    (0..tasks)
        .map(|index| longest * (tasks - index) as u32 / tasks as u32)
        .collect()
}

async fn await_one_by_one(waits: &[Duration], events: &EventSink) -> Duration {
    let started = Instant::now();
    for (index, wait) in waits.iter().enumerate() {
        simulated_request(index, *wait, events.clone(), "awaited alone").await;
    }
    started.elapsed()
}

async fn gather(waits: &[Duration], events: &EventSink) -> Duration {
    let started = Instant::now();
    let tasks: JoinSet<()> = waits
        .iter()
        .enumerate()
        .map(|(index, wait)| simulated_request(index, *wait, events.clone(), "gathered"))
        .collect();
    tasks.join_all().await;
    started.elapsed()
}

async fn simulated_request(index: usize, wait: Duration, events: EventSink, label: &'static str) {
    let lane = format!("task {}", index + 1);
    let started = Instant::now();
    tokio::time::sleep(wait).await;
    events.span(&lane, started.into_std(), Instant::now().into_std(), label);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_are_evenly_spaced_down_from_the_longest() {
        let ms = Duration::from_millis;
        assert_eq!(
            waits(4, ms(1000)),
            vec![ms(1000), ms(750), ms(500), ms(250)]
        );
    }

    /// Virtual time: the paused clock jumps straight to the next timer, so these are exact sums
    /// and maxima, not wall-clock measurements.
    #[tokio::test(start_paused = true)]
    async fn one_by_one_takes_the_sum_and_gathering_takes_the_longest() {
        let (events, _receiver) = EventSink::channel();
        let waits = waits(5, Duration::from_millis(1000));
        let sum: Duration = waits.iter().sum();
        let longest = waits[0];
        let tolerance = Duration::from_millis(waits.len() as u64);

        let one_by_one = await_one_by_one(&waits, &events).await;
        assert!(
            one_by_one >= sum && one_by_one <= sum + tolerance,
            "{one_by_one:?} vs sum {sum:?}"
        );

        let gathered = gather(&waits, &events).await;
        assert!(
            gathered >= longest && gathered <= longest + tolerance,
            "{gathered:?} vs longest {longest:?}"
        );
    }
}
