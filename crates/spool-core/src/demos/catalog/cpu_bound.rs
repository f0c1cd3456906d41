//! `cpu-bound`: a Mandelbrot image computed on one thread, then on a rayon pool. The pool's result
//! is identical and, with more than one core, arrives sooner.

use std::collections::BTreeMap;
use std::ops::Range;
use std::time::Instant;

use parking_lot::Mutex;
use rayon::ThreadPool;
use rayon::prelude::*;

use tokio_util::sync::CancellationToken;

use crate::demos::run::check;
use crate::demos::{Demo, DemoError, DemoInfo, EventSink, ParamSpec, Run, Unit};

pub(crate) struct CpuBound;

const WORKERS: ParamSpec = ParamSpec {
    name: "workers",
    description: "threads in the rayon pool (0 = one per core)",
    unit: "threads",
    default: 0,
    min: 0,
    max: 64,
};
const SIZE: ParamSpec = ParamSpec {
    name: "size",
    description: "width and height of the image in pixels",
    unit: "px",
    default: 800,
    min: 50,
    max: 1000,
};
const ITERATIONS: ParamSpec = ParamSpec {
    name: "iterations",
    description: "most iterations per pixel",
    unit: "iterations",
    default: 1000,
    min: 50,
    max: 1500,
};

static INFO: DemoInfo = DemoInfo {
    id: "cpu-bound",
    title: "CPU-bound work on a thread pool",
    concept: "CPU-bound work",
    explanation: "Computing a Mandelbrot image keeps the CPU busy with no waiting at all. One thread \
        computes it band by band; then a rayon pool splits the bands among its worker threads, which \
        steal work from each other when they run out. With several cores the pool finishes sooner, \
        and its image is exactly the same.",
    params: &[WORKERS, SIZE, ITERATIONS],
};

/// Horizontal bands the image is cut into: the unit of work on the timeline.
const BANDS: usize = 24;

impl Demo for CpuBound {
    fn info(&self) -> &'static DemoInfo {
        &INFO
    }

    fn run(&self, run: &Run) -> Result<(), DemoError> {
        let image = Mandelbrot {
            size: run.count(&SIZE),
            max_iterations: run.param(&ITERATIONS),
        };
        let events = run.events();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(run.count(&WORKERS))
            .thread_name(|index| format!("pool worker {}", index + 1))
            .build()
            .map_err(|err| DemoError::Io {
                action: "start a thread pool",
                source: std::io::Error::other(err),
            })?;
        let cores = std::thread::available_parallelism().map_or(1, |cores| cores.get());
        events.log(format!(
            "{0}x{0} pixels, up to {1} iterations each; {2} pool threads on {cores} cores",
            image.size,
            image.max_iterations,
            pool.current_num_threads()
        ));

        events.log("1. One thread");
        let started = Instant::now();
        let sequential = image.rows_sequential(run.cancel_token(), |band| {
            report_band(events, "one thread", band)
        })?;
        let one_thread = started.elapsed();
        events.millis("one thread: time", one_thread);

        events.log(format!(
            "2. A rayon pool of {} threads",
            pool.current_num_threads()
        ));
        let bands_by_worker = Mutex::new(BTreeMap::<usize, usize>::new());
        let started = Instant::now();
        let parallel = image.rows_parallel(&pool, run.cancel_token(), |band| {
            let worker = rayon::current_thread_index().unwrap_or_default();
            *bands_by_worker.lock().entry(worker).or_default() += 1;
            report_band(events, &format!("pool worker {}", worker + 1), band);
        })?;
        let pooled = started.elapsed();
        events.millis("pool: time", pooled);
        for (worker, bands) in bands_by_worker.into_inner() {
            events.count(format!("bands done by pool worker {}", worker + 1), bands);
        }

        let differing = sequential
            .iter()
            .zip(&parallel)
            .filter(|(one, other)| one != other)
            .count();
        events.count("rows that differ", differing);
        let speed_up = one_thread.as_secs_f64() / pooled.as_secs_f64();
        events.metric("speed-up", speed_up, Unit::Times);
        events.log(format!(
            "one thread {one_thread:.2?}, pool {pooled:.2?}: {speed_up:.2}x faster; {} of {} rows identical",
            image.size - differing,
            image.size
        ));
        Ok(())
    }
}

fn report_band(events: &EventSink, lane: &str, band: BandDone) {
    events.span(
        lane,
        band.started,
        band.ended,
        format!("rows {}-{}", band.rows.start + 1, band.rows.end),
    );
}

/// One finished band, for whoever watches the computation.
pub struct BandDone {
    pub rows: Range<usize>,
    pub started: Instant,
    pub ended: Instant,
}

/// A square view of the Mandelbrot set. The result per row is the total iteration count of its
/// pixels: cheap to compare, and different rows cost very different amounts of work.
#[derive(Debug, Clone, Copy)]
pub struct Mandelbrot {
    pub size: usize,
    pub max_iterations: u32,
}

impl Mandelbrot {
    /// Every row on the calling thread, band after band. Stops within a row of `cancel`.
    pub fn rows_sequential(
        &self,
        cancel: &CancellationToken,
        mut on_band: impl FnMut(BandDone),
    ) -> Result<Vec<u64>, DemoError> {
        let mut rows = Vec::with_capacity(self.size);
        for band in self.bands() {
            rows.extend(self.band(band, cancel, &mut on_band)?);
        }
        Ok(rows)
    }

    /// Every row on `pool`, bands handed out to whichever worker is free. Stops within a row of
    /// `cancel`.
    pub fn rows_parallel(
        &self,
        pool: &ThreadPool,
        cancel: &CancellationToken,
        on_band: impl Fn(BandDone) + Sync,
    ) -> Result<Vec<u64>, DemoError> {
        let bands = pool.install(|| {
            self.bands()
                .into_par_iter()
                .map(|band| self.band(band, cancel, &on_band))
                .collect::<Result<Vec<_>, _>>()
        })?;
        Ok(bands.concat())
    }

    fn bands(&self) -> Vec<Range<usize>> {
        let height = self.size.div_ceil(BANDS);
        (0..self.size)
            .step_by(height)
            .map(|top| top..(top + height).min(self.size))
            .collect()
    }

    fn band(
        &self,
        rows: Range<usize>,
        cancel: &CancellationToken,
        on_band: impl FnOnce(BandDone),
    ) -> Result<Vec<u64>, DemoError> {
        let started = Instant::now();
        let totals = rows
            .clone()
            .map(|row| check(cancel).map(|()| self.row(row)))
            .collect::<Result<_, _>>()?;
        on_band(BandDone {
            rows,
            started,
            ended: Instant::now(),
        });
        Ok(totals)
    }

    fn row(&self, row: usize) -> u64 {
        let scale = 2.6 / self.size as f64;
        let imaginary = 1.3 - row as f64 * scale;
        (0..self.size)
            .map(|column| u64::from(self.escape_time(-2.0 + column as f64 * scale, imaginary)))
            .sum()
    }

    fn escape_time(&self, real: f64, imaginary: f64) -> u32 {
        let (mut x, mut y) = (0.0_f64, 0.0_f64);
        for iteration in 0..self.max_iterations {
            if x * x + y * y > 4.0 {
                return iteration;
            }
            (x, y) = (x * x - y * y + real, 2.0 * x * y + imaginary);
        }
        self.max_iterations
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::testing::{metric, run_to_end};

    #[test]
    fn the_pool_computes_exactly_what_one_thread_computes() {
        let image = Mandelbrot {
            size: 120,
            max_iterations: 200,
        };
        let never = CancellationToken::new();
        let sequential = image.rows_sequential(&never, |_| {}).unwrap();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let parallel = image.rows_parallel(&pool, &never, |_| {}).unwrap();
        assert_eq!(sequential.len(), 120);
        assert_eq!(parallel, sequential);
    }

    #[test]
    fn cancelling_stops_both_ways_of_computing() {
        let image = Mandelbrot {
            size: 200,
            max_iterations: 100,
        };
        let cancelled = CancellationToken::new();
        cancelled.cancel();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        assert!(matches!(
            image.rows_sequential(&cancelled, |_| {}),
            Err(DemoError::Cancelled)
        ));
        assert!(matches!(
            image.rows_parallel(&pool, &cancelled, |_| {}),
            Err(DemoError::Cancelled)
        ));
    }

    #[test]
    fn bands_cover_every_row_once() {
        let image = Mandelbrot {
            size: 50,
            max_iterations: 1,
        };
        let rows: Vec<usize> = image.bands().into_iter().flatten().collect();
        assert_eq!(rows, (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn points_inside_the_set_never_escape_and_far_points_escape_at_once() {
        let image = Mandelbrot {
            size: 10,
            max_iterations: 100,
        };
        assert_eq!(image.escape_time(0.0, 0.0), 100);
        assert_eq!(image.escape_time(2.0, 2.0), 1);
    }

    #[test]
    fn the_demo_reports_identical_rows() {
        let events = run_to_end(
            &CpuBound,
            &[("workers", 2), ("size", 60), ("iterations", 100)],
        );
        assert_eq!(metric(&events, "rows that differ"), 0.0);
    }
}
