//! What a demo gets while it runs: its parameters, its event sink, and a cancellation token that
//! every wait honours, so a cancelled demo stops within one wait slice.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use parking_lot::{Condvar, MutexGuard};
use tokio::runtime::{Builder, Runtime};
use tokio_util::sync::CancellationToken;

use super::{DemoError, EventSink, ParamSpec, Params};

/// The longest a demo waits without looking at its cancellation token.
pub(crate) const WAIT_SLICE: Duration = Duration::from_millis(10);

pub struct Run {
    demo: &'static str,
    params: Params,
    events: EventSink,
    cancel: CancellationToken,
    spool_exe: Option<PathBuf>,
}

impl Run {
    pub(crate) fn new(
        demo: &'static str,
        params: Params,
        events: EventSink,
        cancel: CancellationToken,
        spool_exe: Option<PathBuf>,
    ) -> Run {
        Run {
            demo,
            params,
            events,
            cancel,
            spool_exe,
        }
    }

    pub fn demo_id(&self) -> &'static str {
        self.demo
    }

    pub fn param(&self, spec: &ParamSpec) -> u32 {
        self.params.get(spec)
    }

    /// A parameter that counts things (workers, items).
    pub fn count(&self, spec: &ParamSpec) -> usize {
        self.param(spec) as usize
    }

    /// A parameter given in milliseconds.
    pub fn millis(&self, spec: &ParamSpec) -> Duration {
        Duration::from_millis(u64::from(self.param(spec)))
    }

    pub fn events(&self) -> &EventSink {
        &self.events
    }

    pub fn cancel_token(&self) -> &CancellationToken {
        &self.cancel
    }

    /// `Err(Cancelled)` once the run has been cancelled, for `?` at every step.
    pub fn check(&self) -> Result<(), DemoError> {
        check(&self.cancel)
    }

    /// Sleeps the calling thread for `duration`, waking every slice to see whether to stop.
    pub fn sleep(&self, duration: Duration) -> Result<(), DemoError> {
        sleep(&self.cancel, duration)
    }

    /// Blocks on `condvar` while `condition` holds, and stops waiting when the run is cancelled.
    pub fn wait_while<T>(
        &self,
        condvar: &Condvar,
        guard: &mut MutexGuard<'_, T>,
        mut condition: impl FnMut(&mut T) -> bool,
    ) -> Result<(), DemoError> {
        while condition(guard) {
            self.check()?;
            condvar.wait_for(guard, WAIT_SLICE);
        }
        Ok(())
    }

    /// The spool program, for demos that start `spool demo-worker` child processes.
    pub fn spool_exe(&self) -> Result<&Path, DemoError> {
        self.spool_exe
            .as_deref()
            .ok_or(DemoError::MissingExecutable { demo: self.demo })
    }

    /// Drives `body` to completion on `runtime`, or stops it as soon as the run is cancelled.
    pub fn block_on<T>(
        &self,
        runtime: &Runtime,
        body: impl Future<Output = Result<T, DemoError>>,
    ) -> Result<T, DemoError> {
        runtime.block_on(async {
            tokio::select! {
                biased;
                () = self.cancel.cancelled() => Err(DemoError::Cancelled),
                result = body => result,
            }
        })
    }
}

/// A tokio runtime with timers and sockets, built from `builder`.
pub(crate) fn runtime(builder: &mut Builder) -> Result<Runtime, DemoError> {
    builder
        .enable_all()
        .build()
        .map_err(DemoError::io("start an async runtime"))
}

/// `Err(Cancelled)` once `cancel` has been cancelled.
pub(crate) fn check(cancel: &CancellationToken) -> Result<(), DemoError> {
    if cancel.is_cancelled() {
        Err(DemoError::Cancelled)
    } else {
        Ok(())
    }
}

/// Blocks the calling thread for `duration` in slices, stopping early once `cancel` is cancelled.
pub(crate) fn sleep(cancel: &CancellationToken, duration: Duration) -> Result<(), DemoError> {
    let deadline = Instant::now() + duration;
    loop {
        check(cancel)?;
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Ok(());
        }
        std::thread::sleep(remaining.min(WAIT_SLICE));
    }
}

#[cfg(test)]
mod tests {
    use parking_lot::Mutex;

    use super::*;
    use crate::demos::testing::idle_run;

    #[test]
    fn sleep_returns_cancelled_once_the_token_is_cancelled() {
        let run = idle_run();
        run.cancel_token().cancel();
        assert!(matches!(
            run.sleep(Duration::from_secs(60)),
            Err(DemoError::Cancelled)
        ));
    }

    #[test]
    fn wait_while_stops_when_cancelled_even_if_nobody_notifies() {
        let run = idle_run();
        let (lock, condvar) = (Mutex::new(false), Condvar::new());
        std::thread::scope(|scope| {
            scope.spawn(|| run.cancel_token().cancel());
            let mut guard = lock.lock();
            let result = run.wait_while(&condvar, &mut guard, |released| !*released);
            assert!(matches!(result, Err(DemoError::Cancelled)));
        });
    }

    #[test]
    fn wait_while_returns_when_the_condition_clears() {
        let run = idle_run();
        let (lock, condvar) = (Mutex::new(false), Condvar::new());
        std::thread::scope(|scope| {
            scope.spawn(|| {
                *lock.lock() = true;
                condvar.notify_all();
            });
            let mut guard = lock.lock();
            run.wait_while(&condvar, &mut guard, |released| !*released)
                .unwrap();
            assert!(*guard);
        });
    }

    #[test]
    fn missing_executable_names_the_demo() {
        let err = idle_run().spool_exe().unwrap_err();
        assert!(err.to_string().contains("test"), "{err}");
    }
}
