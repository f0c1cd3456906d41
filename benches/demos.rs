//! Timings behind the demos' claims: a rayon pool's speed-up on CPU-bound work, what creating a
//! process costs next to creating a thread, and how quickly a cancelled demo stops.
//!
//! Run with `cargo bench --bench demos`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use spool_core::demos::cpu_bound::Mandelbrot;
use spool_core::demos::process_vs_thread::{task_in_process, task_in_thread};
use spool_core::demos::{self, RunContext};
use tokio_util::sync::CancellationToken;

const SPOOL: &str = env!("CARGO_BIN_EXE_spool");

fn cpu_bound(criterion: &mut Criterion) {
    let image = Mandelbrot {
        size: 400,
        max_iterations: 500,
    };
    let never = CancellationToken::new();
    let pool = rayon::ThreadPoolBuilder::new()
        .build()
        .expect("a rayon pool");
    let mut group = criterion.benchmark_group("mandelbrot 400x400");
    group.sample_size(20);
    group.bench_function("one thread", |bencher| {
        bencher.iter(|| {
            black_box(
                image
                    .rows_sequential(&never, |_| {})
                    .expect("never cancelled"),
            )
        })
    });
    group.bench_function(
        format!("rayon pool of {} threads", pool.current_num_threads()),
        |bencher| {
            bencher.iter(|| {
                black_box(
                    image
                        .rows_parallel(&pool, &never, |_| {})
                        .expect("never cancelled"),
                )
            })
        },
    );
    group.finish();
}

fn spawn_cost(criterion: &mut Criterion) {
    let never = CancellationToken::new();
    let mut group = criterion.benchmark_group("tiny task, start to finish");
    group.bench_function("new process", |bencher| {
        bencher.iter(|| {
            task_in_process(Path::new(SPOOL), Duration::ZERO, &never).expect("the task runs")
        })
    });
    group.bench_function("new thread", |bencher| {
        bencher.iter(|| task_in_thread(Duration::ZERO).expect("the task runs"))
    });
    group.finish();
}

/// From `cancel()` to the run being over, measured once each demo has sent its first event.
fn cancel_latency(criterion: &mut Criterion) {
    let context = RunContext {
        spool_exe: Some(PathBuf::from(SPOOL)),
        ..RunContext::default()
    };
    let mut group = criterion.benchmark_group("cancel to stopped");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(1));
    for demo in demos::registry() {
        group.bench_function(demo.id(), |bencher| {
            bencher.iter_custom(|iterations| {
                let mut stopping = Duration::ZERO;
                for _ in 0..iterations {
                    let mut running =
                        demos::spawn(demo.id(), &[], context.clone()).expect("the demo starts");
                    running.events().blocking_recv();
                    let cancelled = Instant::now();
                    running.cancel();
                    while running.events().blocking_recv().is_some() {}
                    running.wait().expect("the demo stops cleanly");
                    stopping += cancelled.elapsed();
                }
                stopping
            })
        });
    }
    group.finish();
}

criterion_group!(benches, cpu_bound, spawn_cost, cancel_latency);
criterion_main!(benches);
