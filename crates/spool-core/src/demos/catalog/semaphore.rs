//! `semaphore`: k permits let at most k of N threads in at once.

use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex};
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::demos::workers::{run_workers, worker_lane};
use crate::demos::{Demo, DemoError, DemoInfo, ParamSpec, Run};

pub(crate) struct SemaphoreDemo;

const WORKERS: ParamSpec = ParamSpec {
    name: "workers",
    description: "threads that want a permit",
    unit: "threads",
    default: 8,
    min: 1,
    max: 16,
};
const PERMITS: ParamSpec = ParamSpec {
    name: "permits",
    description: "permits in the semaphore (k)",
    unit: "permits",
    default: 3,
    min: 1,
    max: 8,
};
const HOLD_MS: ParamSpec = ParamSpec {
    name: "hold-ms",
    description: "how long a thread keeps its permit",
    unit: "ms",
    default: 300,
    min: 10,
    max: 500,
};

static INFO: DemoInfo = DemoInfo {
    id: "semaphore",
    title: "Semaphore: at most k at once",
    concept: "Semaphores",
    explanation: "N threads want to use a resource that only k may use at a time, so each must take one \
        of k permits first and give it back when done. Watch the holder count: it climbs to k and never \
        above, while the other threads queue. Each thread starts its work once the room is full (or \
        nobody else is queued), so the limit is always reached.",
    params: &[WORKERS, PERMITS, HOLD_MS],
};

/// Shorter queueing than this is just thread start-up, not worth a timeline span.
const NOTICEABLE_WAIT: Duration = Duration::from_millis(1);

/// Who is inside, counted under a lock so every reported count is exact.
#[derive(Default)]
struct Room {
    holders: usize,
    finished: usize,
    most_holders: usize,
}

impl Demo for SemaphoreDemo {
    fn info(&self) -> &'static DemoInfo {
        &INFO
    }

    fn run(&self, run: &Run) -> Result<(), DemoError> {
        let (workers, permits, hold) = (
            run.count(&WORKERS),
            run.count(&PERMITS),
            run.millis(&HOLD_MS),
        );
        let events = run.events();
        let semaphore = Semaphore::new(permits);
        let (room, room_changed) = (Mutex::new(Room::default()), Condvar::new());
        events.count("permits", permits);
        events.log(format!("{workers} threads share {permits} permits"));
        run_workers(run, workers, |index| {
            let lane = worker_lane(index);
            let asked = Instant::now();
            let permit = acquire(run, &semaphore)?;
            let entered = Instant::now();
            if entered - asked >= NOTICEABLE_WAIT {
                events.span(&lane, asked, entered, "queued");
            }
            {
                let mut room = room.lock();
                room.holders += 1;
                room.most_holders = room.most_holders.max(room.holders);
                events.count("holders", room.holders);
                events.log(format!(
                    "{lane} got a permit: {} of {permits} held",
                    room.holders
                ));
                room_changed.notify_all();
                run.wait_while(&room_changed, &mut room, |room| {
                    room.holders < permits.min(workers - room.finished)
                })?;
            }
            run.sleep(hold)?;
            let mut room = room.lock();
            room.holders -= 1;
            room.finished += 1;
            events.span_until_now(&lane, entered, "holding a permit");
            events.count("holders", room.holders);
            events.log(format!(
                "{lane} gives its permit back: {} of {permits} held",
                room.holders
            ));
            events.progress(room.finished, workers);
            room_changed.notify_all();
            drop(permit);
            Ok(())
        })?;
        let most = room.into_inner().most_holders;
        events.count("most holders at once", most);
        events.log(format!(
            "at most {most} threads held a permit at once; the limit was {permits}"
        ));
        Ok(())
    }
}

/// Waits for a permit like a blocking call would, but gives up when the run is cancelled.
fn acquire<'a>(run: &Run, semaphore: &'a Semaphore) -> Result<SemaphorePermit<'a>, DemoError> {
    futures::executor::block_on(async {
        tokio::select! {
            biased;
            () = run.cancel_token().cancelled() => Err(DemoError::Cancelled),
            // The semaphore is never closed, so the only way not to get a permit is cancellation.
            permit = semaphore.acquire() => permit.map_err(|_closed| DemoError::Cancelled),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::testing::{metric, metric_values, run_to_end};

    #[test]
    fn holders_reach_k_and_never_exceed_it() {
        let events = run_to_end(
            &SemaphoreDemo,
            &[("workers", 7), ("permits", 3), ("hold-ms", 10)],
        );
        let holders = metric_values(&events, "holders");
        assert_eq!(holders.len(), 2 * 7);
        assert!(holders.iter().all(|&count| count <= 3.0), "{holders:?}");
        assert_eq!(holders.iter().copied().fold(0.0, f64::max), 3.0);
        assert_eq!(metric(&events, "most holders at once"), 3.0);
        assert_eq!(holders.last(), Some(&0.0));
    }

    #[test]
    fn fewer_workers_than_permits_all_get_in() {
        let events = run_to_end(
            &SemaphoreDemo,
            &[("workers", 2), ("permits", 5), ("hold-ms", 10)],
        );
        assert_eq!(metric(&events, "most holders at once"), 2.0);
    }
}
