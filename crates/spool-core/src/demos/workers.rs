//! Starting, gating and joining demo worker threads, shared by every thread-based demo.

use std::thread;

use parking_lot::{Condvar, Mutex};

use super::{DemoError, Run};

/// The timeline lane of worker `index`; people count workers from 1.
pub(crate) fn worker_lane(index: usize) -> String {
    format!("worker {}", index + 1)
}

/// Holds freshly spawned threads until all of them exist. It does not look at cancellation: every
/// thread passes it or none does, so tasks that meet at a barrier never wait for a missing one.
#[derive(Debug, Default)]
struct Gate {
    opened: Mutex<Option<Passage>>,
    condvar: Condvar,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Passage {
    Go,
    Abort,
}

impl Gate {
    fn open(&self, passage: Passage) {
        *self.opened.lock() = Some(passage);
        self.condvar.notify_all();
    }

    fn pass(&self) -> Passage {
        let mut opened = self.opened.lock();
        self.condvar
            .wait_while(&mut opened, |opened| opened.is_none());
        opened.unwrap_or(Passage::Abort)
    }
}

/// Runs `work(index)` on `count` scoped threads and returns their results in worker order.
pub(crate) fn run_workers<T: Send>(
    run: &Run,
    count: usize,
    work: impl Fn(usize) -> Result<T, DemoError> + Sync,
) -> Result<Vec<T>, DemoError> {
    let work = &work;
    let tasks = (0..count).map(|index| move || work(index));
    run_threads(run, tasks, || Ok(())).map(|((), results)| results)
}

/// Runs each task on its own scoped thread while `main` runs on the calling thread, and returns
/// what `main` returned with the tasks' results in order.
///
/// No task starts before all have been spawned, so a failed spawn cannot strand the others at a
/// barrier: then none starts. Any failure cancels the run, so the rest stop instead of waiting
/// for the one that failed. Every thread is joined before this returns.
pub(crate) fn run_threads<T: Send, R, F>(
    run: &Run,
    tasks: impl IntoIterator<Item = F>,
    main: impl FnOnce() -> Result<R, DemoError>,
) -> Result<(R, Vec<T>), DemoError>
where
    F: FnOnce() -> Result<T, DemoError> + Send,
{
    let gate = Gate::default();
    let (main_result, task_results) = thread::scope(|scope| {
        let gate = &gate;
        let mut handles = Vec::new();
        let mut spawn_failure = None;
        for (index, task) in tasks.into_iter().enumerate() {
            let spawned = thread::Builder::new()
                .name(worker_lane(index))
                .spawn_scoped(scope, move || match gate.pass() {
                    Passage::Go => cancel_others_on_failure(run, task()),
                    Passage::Abort => Err(DemoError::Cancelled),
                });
            match spawned {
                Ok(handle) => handles.push(handle),
                Err(source) => {
                    spawn_failure = Some(DemoError::Io {
                        action: "start a worker thread",
                        source,
                    });
                    break;
                }
            }
        }
        let main_result = match spawn_failure {
            Some(failure) => {
                gate.open(Passage::Abort);
                Err(failure)
            }
            None => {
                gate.open(Passage::Go);
                cancel_others_on_failure(run, main())
            }
        };
        let crashed = || Err(DemoError::Crashed(run.demo_id()));
        let task_results: Vec<_> = handles
            .into_iter()
            .map(|handle| handle.join().unwrap_or_else(|_| crashed()))
            .collect();
        (main_result, task_results)
    });
    match (main_result, first_failure(task_results)) {
        (Ok(main), Ok(results)) => Ok((main, results)),
        (Err(DemoError::Cancelled), Err(error)) | (Err(error), _) | (_, Err(error)) => Err(error),
    }
}

fn cancel_others_on_failure<T>(run: &Run, result: Result<T, DemoError>) -> Result<T, DemoError> {
    if let Err(error) = &result
        && !matches!(error, DemoError::Cancelled)
    {
        run.cancel_token().cancel();
    }
    result
}

/// All results, or the most telling failure: a real error beats a cancellation it caused.
fn first_failure<T>(results: Vec<Result<T, DemoError>>) -> Result<Vec<T>, DemoError> {
    let mut cancelled = false;
    let mut values = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(DemoError::Cancelled) => cancelled = true,
            Err(error) => return Err(error),
        }
    }
    if cancelled {
        Err(DemoError::Cancelled)
    } else {
        Ok(values)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::demos::testing::idle_run;

    #[test]
    fn results_come_back_in_worker_order() {
        let run = idle_run();
        assert_eq!(
            run_workers(&run, 5, |index| Ok(index * 10)).unwrap(),
            vec![0, 10, 20, 30, 40]
        );
    }

    #[test]
    fn a_failing_worker_cancels_the_others_and_its_error_wins() {
        let run = idle_run();
        let stopped = AtomicUsize::new(0);
        let result = run_workers(&run, 4, |index| {
            if index == 0 {
                return Err(DemoError::WorkerProtocol("boom".into()));
            }
            let outcome = run.sleep(std::time::Duration::from_secs(600));
            stopped.fetch_add(1, Ordering::Relaxed);
            outcome
        });
        assert!(matches!(result, Err(DemoError::WorkerProtocol(_))));
        assert_eq!(stopped.load(Ordering::Relaxed), 3);
    }

    #[test]
    fn main_runs_alongside_the_tasks_and_a_main_failure_stops_them() {
        let run = idle_run();
        let released = (Mutex::new(false), Condvar::new());
        let tasks = (0..2).map(|_| {
            || {
                let mut is_released = released.0.lock();
                run.wait_while(&released.1, &mut is_released, |is_released| !*is_released)
            }
        });
        let ((), results) = run_threads(&run, tasks, || {
            *released.0.lock() = true;
            released.1.notify_all();
            Ok(())
        })
        .unwrap();
        assert_eq!(results.len(), 2);

        let run = idle_run();
        let tasks = (0..2).map(|_| || run.sleep(std::time::Duration::from_secs(600)));
        let result = run_threads(&run, tasks, || {
            Err::<(), _>(DemoError::WorkerProtocol("main failed".into()))
        });
        assert!(matches!(result, Err(DemoError::WorkerProtocol(_))));
    }

    #[test]
    fn cancelling_while_starting_cannot_strand_tasks_at_a_barrier() {
        let run = idle_run();
        run.cancel_token().cancel();
        let barrier = std::sync::Barrier::new(3);
        let arrived = AtomicUsize::new(0);
        let result = run_workers(&run, 3, |_| {
            barrier.wait();
            arrived.fetch_add(1, Ordering::Relaxed);
            run.check()
        });
        assert!(matches!(result, Err(DemoError::Cancelled)));
        assert_eq!(arrived.load(Ordering::Relaxed), 3);
    }
}
