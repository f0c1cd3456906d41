//! `blocking-in-async`: a blocking sleep inside async code stalls every task on that runtime
//! thread; `tokio::time::sleep` lets them run.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use parking_lot::Mutex;
use tokio::runtime::Builder;
use tokio::task::JoinHandle;
use tokio::time::{Instant, MissedTickBehavior};
use tokio_util::sync::CancellationToken;

use crate::demos::run::{runtime, sleep};
use crate::demos::{Demo, DemoError, DemoInfo, EventSink, ParamSpec, Run};

pub(crate) struct BlockingInAsync;

const TICK_MS: ParamSpec = ParamSpec {
    name: "tick-ms",
    description: "how often the ticker task ticks",
    unit: "ms",
    default: 50,
    min: 10,
    max: 200,
};
const PAUSE_MS: ParamSpec = ParamSpec {
    name: "pause-ms",
    description: "how long the other task sleeps, first blocking, then async",
    unit: "ms",
    default: 600,
    min: 100,
    max: 2000,
};

static INFO: DemoInfo = DemoInfo {
    id: "blocking-in-async",
    title: "Blocking inside async code",
    concept: "Async/await",
    explanation: "A ticker task ticks steadily on a single-threaded tokio runtime. Another task then \
        sleeps: first with std::thread::sleep, which blocks the thread, so the ticker cannot run and \
        falls silent; then with tokio::time::sleep, which yields, so the ticker keeps ticking.",
    params: &[TICK_MS, PAUSE_MS],
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pause {
    /// `std::thread::sleep`: holds on to the runtime thread.
    Blocking,
    /// `tokio::time::sleep`: hands the thread back until the timer fires.
    Async,
}

impl Pause {
    fn name(self) -> &'static str {
        match self {
            Pause::Blocking => "blocking sleep",
            Pause::Async => "async sleep",
        }
    }

    fn call(self) -> &'static str {
        match self {
            Pause::Blocking => "std::thread::sleep, which blocks the runtime's only thread",
            Pause::Async => "tokio::time::sleep, which yields the thread until the timer fires",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TickerReport {
    ticks_during_pause: usize,
    longest_gap: Duration,
}

impl Demo for BlockingInAsync {
    fn info(&self) -> &'static DemoInfo {
        &INFO
    }

    fn run(&self, run: &Run) -> Result<(), DemoError> {
        let (tick, pause) = (run.millis(&TICK_MS), run.millis(&PAUSE_MS));
        let events = run.events();
        let runtime = runtime(&mut Builder::new_current_thread())?;
        run.block_on(&runtime, async {
            for kind in [Pause::Blocking, Pause::Async] {
                events.log(format!(
                    "The ticker ticks every {tick:?}; another task sleeps {pause:?} with {}",
                    kind.call()
                ));
                let report = watch_ticker(kind, tick, pause, run.cancel_token(), events).await?;
                events.count(
                    format!("ticks during {}", kind.name()),
                    report.ticks_during_pause,
                );
                events.millis(
                    format!("longest gap between ticks ({})", kind.name()),
                    report.longest_gap,
                );
                events.log(format!(
                    "   {} ticks during the {}; the longest gap between ticks was {:.0?}",
                    report.ticks_during_pause,
                    kind.name(),
                    report.longest_gap
                ));
            }
            Ok(())
        })
    }
}

/// Runs a ticker task, pauses the current task with `kind` for `pause`, and reports what the
/// ticker managed meanwhile. On a single-threaded runtime a blocking pause allows no ticks at all.
async fn watch_ticker(
    kind: Pause,
    tick: Duration,
    pause: Duration,
    cancel: &CancellationToken,
    events: &EventSink,
) -> Result<TickerReport, DemoError> {
    let ticker = Ticker::start(tick, events.clone());
    tokio::time::sleep(tick * 3).await;
    let before = ticker.ticks();
    let paused = Instant::now();
    match kind {
        Pause::Blocking => sleep(cancel, pause)?,
        Pause::Async => tokio::time::sleep(pause).await,
    }
    let ticks_during_pause = ticker.ticks() - before;
    events.span(
        kind.name(),
        paused.into_std(),
        Instant::now().into_std(),
        "sleeping",
    );
    // A few more ticks so the ticker can notice and report a stall.
    tokio::time::sleep(tick * 3).await;
    Ok(TickerReport {
        ticks_during_pause,
        longest_gap: ticker.longest_gap(),
    })
}

/// A task that ticks on an interval and remembers the longest gap it saw; stops when dropped.
struct Ticker {
    ticks: Arc<AtomicUsize>,
    longest_gap: Arc<Mutex<Duration>>,
    task: JoinHandle<()>,
}

impl Ticker {
    fn start(period: Duration, events: EventSink) -> Ticker {
        let ticks = Arc::new(AtomicUsize::new(0));
        let longest_gap = Arc::new(Mutex::new(Duration::ZERO));
        let (tick_count, gap) = (ticks.clone(), longest_gap.clone());
        let task = tokio::spawn(async move {
            let mut interval = tokio::time::interval(period);
            interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
            interval.tick().await;
            let mut last = Instant::now();
            loop {
                interval.tick().await;
                let now = Instant::now();
                let since_last = now - last;
                tick_count.fetch_add(1, Ordering::Relaxed);
                let mut longest = gap.lock();
                *longest = (*longest).max(since_last);
                events.span("ticker", last.into_std(), now.into_std(), "between ticks");
                if since_last >= period * 2 {
                    events.log(format!(
                        "ticker: stalled for {since_last:.0?} (expected a tick every {period:?})"
                    ));
                }
                last = now;
            }
        });
        Ticker {
            ticks,
            longest_gap,
            task,
        }
    }

    fn ticks(&self) -> usize {
        self.ticks.load(Ordering::Relaxed)
    }

    fn longest_gap(&self) -> Duration {
        *self.longest_gap.lock()
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On a single-threaded runtime the ticker can only run when the pausing task yields; the
    /// paused clock makes the async case exact in virtual time.
    #[tokio::test(start_paused = true)]
    async fn blocking_stalls_the_ticker_and_async_sleep_does_not() {
        let (events, _receiver) = EventSink::channel();
        let cancel = CancellationToken::new();
        let (tick, pause) = (Duration::from_millis(10), Duration::from_millis(100));

        let blocking = watch_ticker(Pause::Blocking, tick, pause, &cancel, &events)
            .await
            .unwrap();
        assert_eq!(blocking.ticks_during_pause, 0);

        let yielding = watch_ticker(Pause::Async, tick, pause, &cancel, &events)
            .await
            .unwrap();
        assert!(yielding.ticks_during_pause >= 9, "{yielding:?}");
        assert!(
            yielding.longest_gap <= tick + Duration::from_millis(1),
            "{yielding:?}"
        );
    }

    #[test]
    fn the_ticker_falls_silent_under_a_blocking_sleep_in_real_time() {
        let events = crate::demos::testing::run_to_end(
            &BlockingInAsync,
            &[("tick-ms", 10), ("pause-ms", 100)],
        );
        assert_eq!(
            crate::demos::testing::metric(&events, "ticks during blocking sleep"),
            0.0
        );
    }
}
