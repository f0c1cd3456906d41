//! `barrier`: workers go through phases together; no phase starts before all ended the last one.

use std::sync::Barrier;
use std::time::{Duration, Instant};

use crate::demos::workers::{run_workers, worker_lane};
use crate::demos::{Demo, DemoError, DemoInfo, ParamSpec, Run};

pub(crate) struct BarrierDemo;

const WORKERS: ParamSpec = ParamSpec {
    name: "workers",
    description: "threads working in phases",
    unit: "threads",
    default: 4,
    min: 1,
    max: 16,
};
const PHASES: ParamSpec = ParamSpec {
    name: "phases",
    description: "phases to go through",
    unit: "phases",
    default: 3,
    min: 2,
    max: 5,
};
const WORK_MS: ParamSpec = ParamSpec {
    name: "work-ms",
    description: "typical work per phase; each thread takes between half and twice that",
    unit: "ms",
    default: 150,
    min: 10,
    max: 500,
};

static INFO: DemoInfo = DemoInfo {
    id: "barrier",
    title: "Barrier: phases in lockstep",
    concept: "Barriers",
    explanation: "Each thread does some work in phase 1, then waits at a barrier. Only when the last \
        thread arrives does the barrier open and phase 2 begin. Fast threads idle at the barrier while \
        slow ones finish: on the timeline, every phase starts after every thread has ended the one before.",
    params: &[WORKERS, PHASES, WORK_MS],
};

impl Demo for BarrierDemo {
    fn info(&self) -> &'static DemoInfo {
        &INFO
    }

    fn run(&self, run: &Run) -> Result<(), DemoError> {
        let (workers, phases, work) = (
            run.count(&WORKERS),
            run.count(&PHASES),
            run.millis(&WORK_MS),
        );
        let events = run.events();
        let barrier = Barrier::new(workers);
        events.log(format!(
            "{workers} threads, {phases} phases, a barrier between each"
        ));
        run_workers(run, workers, |index| {
            let lane = worker_lane(index);
            for phase in 1..=phases {
                let started = Instant::now();
                // A cancelled thread skips its work but still arrives at every barrier, so no
                // other thread is left waiting for it.
                if run.sleep(work_time(work, index, phase)).is_ok() {
                    events.span_until_now(&lane, started, format!("phase {phase}"));
                }
                let arrived = Instant::now();
                if barrier.wait().is_leader() && phase < phases {
                    events.log(format!(
                        "everyone ended phase {phase}: the barrier opens for phase {}",
                        phase + 1
                    ));
                }
                events.span_until_now(&lane, arrived, "at the barrier");
            }
            run.check()
        })?;
        events.log("all phases done");
        Ok(())
    }
}

/// Uneven but repeatable work, so different threads arrive last in different phases.
fn work_time(typical: Duration, worker: usize, phase: usize) -> Duration {
    let quarters = 2 + (worker * 3 + phase * 5) % 7;
    typical * quarters as u32 / 4
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::testing::{run_to_end, spans};

    #[test]
    fn every_phase_starts_after_every_thread_ended_the_previous_one() {
        let events = run_to_end(
            &BarrierDemo,
            &[("workers", 4), ("phases", 3), ("work-ms", 10)],
        );
        for phase in 1..3 {
            let ended = spans(&events, &format!("phase {phase}"));
            let next = spans(&events, &format!("phase {}", phase + 1));
            assert_eq!((ended.len(), next.len()), (4, 4));
            let last_end = ended.iter().map(|(_, _, end)| *end).max().unwrap();
            let first_start = next.iter().map(|(_, start, _)| *start).min().unwrap();
            assert!(
                last_end <= first_start,
                "phase {} started before phase {phase} ended",
                phase + 1
            );
        }
    }
}
