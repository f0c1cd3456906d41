//! Store benchmarks on a generated 100,000-card collection with 50 decks:
//! opening it, due counts for every deck, and answering cards one transaction each.
//!
//! `cargo bench --bench store` prints criterion's figures, then answer-latency percentiles
//! over 10,000 answers and the whole-process time of `spool decks --json`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use spool_core::app::{ImportFormat, ImportOptions, Spool, SystemClock};
use spool_core::import::{ColumnRole, Separator};
use spool_core::store::Collection;

const CARDS: usize = 100_000;
const PARENT_DECKS: usize = 5;
const CHILDREN_PER_PARENT: usize = 9;
const ANSWERS: usize = 10_000;

/// Builds the collection once: 5 parents with 9 subdecks each (50 decks), a third
/// new, a third in review spread over the past and next 30 days, the rest reviewed long ago.
fn generate(path: &Path) {
    // With the built-in deck, as every real collection has it: 56 decks in all.
    let mut spool = Spool::open(path, SystemClock).unwrap();
    let today = spool.today().unwrap();
    let deck_names: Vec<String> = (0..PARENT_DECKS)
        .flat_map(|p| (0..CHILDREN_PER_PARENT).map(move |c| format!("Subject {p}::Topic {c}")))
        .collect();
    // As a person would bring them: one CSV file, imported in one transaction.
    let csv_path = path.with_extension("csv");
    let mut csv = csv::Writer::from_path(&csv_path).unwrap();
    for i in 0..CARDS {
        csv.write_record([
            format!("bench-{i}"),
            format!("Question number {i}"),
            format!("Answer {i}"),
            format!("tag{}", i % 17),
            deck_names[i % deck_names.len()].clone(),
        ])
        .unwrap();
    }
    csv.flush().unwrap();
    let options = ImportOptions {
        format: Some(ImportFormat::Csv),
        columns: vec![
            ColumnRole::Guid,
            ColumnRole::Field(0),
            ColumnRole::Field(1),
            ColumnRole::Tags,
            ColumnRole::Deck,
        ],
        separator: Some(Separator::Comma),
        ..ImportOptions::default()
    };
    spool.import_file(&csv_path, &options, &mut |_| {}).unwrap();
    drop(spool);
    std::fs::remove_file(&csv_path).unwrap();
    let raw = rusqlite::Connection::open(path).unwrap();
    raw.execute(
        "UPDATE cards SET ctype = 2, queue = 2, due_day = ?1 + (id % 61) - 30, interval_days = 1 + id % 40,
                ease_permille = 2500, repetitions = 3, reps = 3
         WHERE id % 3 != 0",
        [today],
    )
    .unwrap();
    raw.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")
        .unwrap();
}

fn collection_path() -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-100k.spool");
    if !path.exists() {
        eprintln!("generating {CARDS} cards in {} ...", path.display());
        let partial = path.with_extension("partial");
        let _ = std::fs::remove_file(&partial);
        generate(&partial);
        std::fs::rename(&partial, &path).unwrap();
    }
    path
}

fn open_and_count(c: &mut Criterion) {
    let path = collection_path();
    c.bench_function("open collection (100k cards)", |b| {
        b.iter(|| Collection::open(&path).unwrap())
    });
    let spool = Spool::open_without_builtin(&path, SystemClock).unwrap();
    assert!(spool.deck_counts().unwrap().len() >= PARENT_DECKS * (CHILDREN_PER_PARENT + 1));
    c.bench_function("due counts of all decks (100k cards)", |b| {
        b.iter(|| spool.deck_counts().unwrap())
    });
    drop(spool);
    c.bench_function("open + all due counts (100k cards)", |b| {
        b.iter(|| {
            Spool::open_without_builtin(&path, SystemClock)
                .unwrap()
                .deck_counts()
                .unwrap()
        })
    });
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn report(label: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!(
        "{label}: n={} p50={:.3?} p90={:.3?} p99={:.3?} max={:.3?}",
        samples.len(),
        percentile(&samples, 0.50),
        percentile(&samples, 0.90),
        percentile(&samples, 0.99),
        samples[samples.len() - 1],
    );
}

/// Answers 10,000 cards, one durable transaction each, with the background checkpointer on
/// as in a real session, and prints the latency distribution. The same run on tmpfs (where
/// fsync returns at once) shows how much of it is Spool's own work rather than the disk's.
fn answer_latency(label: &str, dir: &Path) {
    let path = dir.join("bench-answers.spool");
    std::fs::copy(collection_path(), &path).unwrap();
    let mut spool = Spool::open_without_builtin(&path, SystemClock).unwrap();
    let _checkpointer = spool.spawn_checkpointer().unwrap();
    let card_ids = spool.collection().search_cards("", 0).unwrap();
    let samples: Vec<Duration> = card_ids
        .iter()
        .cycle()
        .step_by(7)
        .take(ANSWERS)
        .enumerate()
        .map(|(i, &id)| {
            let start = Instant::now();
            spool
                .answer_card_with_quality(id, [1, 3, 4, 5][i % 4], 0)
                .unwrap();
            start.elapsed()
        })
        .collect();
    report(label, samples);
    drop(spool);
    std::fs::remove_file(&path).unwrap();
}

/// The whole `spool decks --json` process, as a person runs it.
fn decks_json_process() {
    let path = collection_path();
    let exe = env!("CARGO_BIN_EXE_spool");
    let run = || {
        let start = Instant::now();
        let output = Command::new(exe)
            .arg("--collection")
            .arg(&path)
            .args(["decks", "--json"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        start.elapsed()
    };
    run();
    report(
        "`spool decks --json` process (100k cards)",
        (0..50).map(|_| run()).collect(),
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(4));
    targets = open_and_count
}

fn main() {
    benches();
    let target_tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    answer_latency(
        "answer a card (durable commit, synchronous=FULL)",
        target_tmp,
    );
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        answer_latency(
            "answer a card on tmpfs (Spool's work without the disk flush)",
            shm,
        );
    }
    decks_json_process();
    Criterion::default().configure_from_args().final_summary();
}
