//! `race-condition`: an unsynchronised read-modify-write loses updates; a `Mutex` does not.
//!
//! The shared counter is an atomic read and written in two separate steps, so the race is a real
//! lost update without undefined behaviour.

use std::sync::Barrier;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use parking_lot::Mutex;

use crate::demos::workers::{run_workers, worker_lane};
use crate::demos::{Demo, DemoError, DemoInfo, ParamSpec, Run};

pub(crate) struct RaceCondition;

const WORKERS: ParamSpec = ParamSpec {
    name: "workers",
    description: "threads incrementing the counter",
    unit: "threads",
    default: 4,
    min: 2,
    max: 16,
};
const INCREMENTS: ParamSpec = ParamSpec {
    name: "increments",
    description: "increments each thread makes",
    unit: "increments",
    default: 1_000_000,
    min: 1_000,
    max: 2_000_000,
};

static INFO: DemoInfo = DemoInfo {
    id: "race-condition",
    title: "Race condition: lost updates",
    concept: "Race conditions",
    explanation: "Each thread adds one to a shared counter by reading it and then writing the value plus \
        one. When two threads read the same value, one increment is lost. First a barrier forces that \
        interleaving on purpose, then the threads race freely, then a Mutex makes read-and-write one \
        step and the total comes out exact.",
    params: &[WORKERS, INCREMENTS],
};

/// How often a counting thread looks at the cancellation token.
const CHECK_EVERY: usize = 4096;

impl Demo for RaceCondition {
    fn info(&self) -> &'static DemoInfo {
        &INFO
    }

    fn run(&self, run: &Run) -> Result<(), DemoError> {
        let (workers, increments) = (run.count(&WORKERS), run.count(&INCREMENTS));
        let events = run.events();

        events.log(format!(
            "1. Forced interleaving: {workers} threads each read the counter, wait until all have read, then write"
        ));
        let forced = forced_interleaving(run, workers)?;
        events.count("forced interleaving: expected", workers);
        events.count("forced interleaving: counted", forced);
        events.log(format!(
            "   every thread read 0 and wrote 1: {workers} increments, counter = {forced}"
        ));

        let expected = workers * increments;
        events.count("expected total", expected);
        events.log(format!(
            "2. Free race: {workers} threads x {increments} unsynchronised increments"
        ));
        let counter = AtomicUsize::new(0);
        count_concurrently(run, workers, increments, "unsynchronised", || {
            let seen = counter.load(Ordering::Relaxed);
            counter.store(seen + 1, Ordering::Relaxed);
        })?;
        let unsynchronised = counter.load(Ordering::Relaxed);
        events.count("unsynchronised total", unsynchronised);
        events.count("lost updates", expected - unsynchronised);
        events.log(format!(
            "   expected {expected}, counted {unsynchronised}: {} updates lost",
            expected - unsynchronised
        ));

        events.log("3. The same with a Mutex around read-and-write");
        let locked = Mutex::new(0_usize);
        count_concurrently(run, workers, increments, "with a mutex", || {
            *locked.lock() += 1
        })?;
        let locked = locked.into_inner();
        events.count("mutex total", locked);
        events.log(format!("   expected {expected}, counted {locked}: exact"));
        Ok(())
    }
}

/// Every thread reads the counter, a barrier waits until all have read, then every thread writes
/// what it read plus one: the lost-update interleaving, every time. Returns the final counter.
fn forced_interleaving(run: &Run, workers: usize) -> Result<usize, DemoError> {
    let counter = AtomicUsize::new(0);
    let all_have_read = Barrier::new(workers);
    run_workers(run, workers, |_| {
        let seen = counter.load(Ordering::Relaxed);
        all_have_read.wait();
        counter.store(seen + 1, Ordering::Relaxed);
        Ok(())
    })?;
    Ok(counter.load(Ordering::Relaxed))
}

fn count_concurrently(
    run: &Run,
    workers: usize,
    increments: usize,
    label: &str,
    increment: impl Fn() + Sync,
) -> Result<(), DemoError> {
    let events = run.events();
    // Everyone starts counting at the same moment, so the threads really overlap.
    let ready = Barrier::new(workers);
    run_workers(run, workers, |index| {
        ready.wait();
        let started = Instant::now();
        for done in 0..increments {
            if done % CHECK_EVERY == 0 {
                run.check()?;
            }
            increment();
        }
        events.span_until_now(worker_lane(index), started, label);
        Ok(())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::testing::{metric, run_to_end};

    #[test]
    fn forced_interleaving_loses_all_but_one_update() {
        let events = run_to_end(&RaceCondition, &[("workers", 5), ("increments", 1_000)]);
        assert_eq!(metric(&events, "forced interleaving: counted"), 1.0);
        assert_eq!(metric(&events, "forced interleaving: expected"), 5.0);
    }

    #[test]
    fn unsynchronised_never_exceeds_expected_and_mutex_is_exact() {
        let events = run_to_end(&RaceCondition, &[("workers", 4), ("increments", 20_000)]);
        let expected = metric(&events, "expected total");
        assert_eq!(expected, 80_000.0);
        let unsynchronised = metric(&events, "unsynchronised total");
        assert!(unsynchronised <= expected);
        assert_eq!(metric(&events, "lost updates"), expected - unsynchronised);
        assert_eq!(metric(&events, "mutex total"), expected);
    }
}
