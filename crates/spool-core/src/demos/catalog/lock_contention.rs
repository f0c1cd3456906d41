//! `lock-contention`: threads sharing data behind one `Mutex` queue up for it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use crate::demos::workers::{run_workers, worker_lane};
use crate::demos::{Demo, DemoError, DemoInfo, ParamSpec, Run};

pub(crate) struct LockContention;

const WORKERS: ParamSpec = ParamSpec {
    name: "workers",
    description: "threads sharing the lock",
    unit: "threads",
    default: 4,
    min: 1,
    max: 8,
};
const ROUNDS: ParamSpec = ParamSpec {
    name: "rounds",
    description: "times each thread takes the lock",
    unit: "rounds",
    default: 5,
    min: 1,
    max: 10,
};
const HOLD_MS: ParamSpec = ParamSpec {
    name: "hold-ms",
    description: "how long a thread works while holding the lock",
    unit: "ms",
    default: 40,
    min: 1,
    max: 100,
};
const THINK_MS: ParamSpec = ParamSpec {
    name: "think-ms",
    description: "how long a thread works without the lock between rounds",
    unit: "ms",
    default: 20,
    min: 0,
    max: 100,
};

static INFO: DemoInfo = DemoInfo {
    id: "lock-contention",
    title: "Lock contention: who waits, and how long",
    concept: "Locks",
    explanation: "Several threads append to one shared ledger protected by a Mutex. Only one can hold \
        the lock at a time, so whenever it is taken the others queue up. Watch the timeline: the \
        holding spans never overlap, and the waiting spans show the price of sharing.",
    params: &[WORKERS, ROUNDS, HOLD_MS, THINK_MS],
};

const NOBODY: usize = usize::MAX;

impl Demo for LockContention {
    fn info(&self) -> &'static DemoInfo {
        &INFO
    }

    fn run(&self, run: &Run) -> Result<(), DemoError> {
        let (workers, rounds) = (run.count(&WORKERS), run.count(&ROUNDS));
        let (hold, think) = (run.millis(&HOLD_MS), run.millis(&THINK_MS));
        let events = run.events();
        let ledger = Mutex::new(0_usize);
        // Only for narration: who held the lock when a thread found it taken.
        let holder = AtomicUsize::new(NOBODY);
        events.log(format!(
            "{workers} threads each take the lock {rounds} times and hold it for {hold:?}"
        ));
        let totals = run_workers(run, workers, |index| {
            let lane = worker_lane(index);
            let (mut waited, mut held) = (Duration::ZERO, Duration::ZERO);
            for _ in 0..rounds {
                let asked = Instant::now();
                let mut entries = match ledger.try_lock() {
                    Some(entries) => entries,
                    None => {
                        let blocker = holder.load(Ordering::Relaxed);
                        if blocker != NOBODY {
                            events.log(format!(
                                "{lane} waits: {} holds the lock",
                                worker_lane(blocker)
                            ));
                        }
                        let entries = ledger.lock();
                        events.span_until_now(&lane, asked, "waiting");
                        entries
                    }
                };
                let acquired = Instant::now();
                waited += acquired - asked;
                holder.store(index, Ordering::Relaxed);
                run.sleep(hold)?;
                *entries += 1;
                holder.store(NOBODY, Ordering::Relaxed);
                let released = Instant::now();
                drop(entries);
                held += released - acquired;
                events.span(&lane, acquired, released, "holding");
                run.sleep(think)?;
            }
            events.millis(format!("{lane} waited in total"), waited);
            Ok((waited, held))
        })?;
        let entries = ledger.into_inner();
        events.count("ledger entries", entries);
        events.millis(
            "longest total wait",
            totals
                .iter()
                .map(|(waited, _)| *waited)
                .max()
                .unwrap_or_default(),
        );
        events.millis(
            "lock held in total",
            totals.iter().map(|(_, held)| *held).sum(),
        );
        events.log(format!("{entries} entries written, one holder at a time"));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::testing::{metric, run_to_end, spans};

    #[test]
    fn holders_never_overlap_and_every_entry_is_written() {
        let events = run_to_end(
            &LockContention,
            &[
                ("workers", 4),
                ("rounds", 3),
                ("hold-ms", 2),
                ("think-ms", 0),
            ],
        );
        assert_eq!(metric(&events, "ledger entries"), 12.0);
        let mut holding = spans(&events, "holding");
        assert_eq!(holding.len(), 12);
        holding.sort_by_key(|(_, start, _)| *start);
        for pair in holding.windows(2) {
            let (_, _, earlier_end) = &pair[0];
            let (_, later_start, _) = &pair[1];
            assert!(
                earlier_end <= later_start,
                "two threads held the lock at once: {pair:?}"
            );
        }
    }
}
