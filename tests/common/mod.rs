//! Shared set-up for integration tests.
#![allow(dead_code)] // each test binary uses a different part of this module

use std::path::PathBuf;

use spool_core::app::{ManualClock, Spool};

/// 2026-01-15 12:00 UTC: a fixed "now" so tests are the same every day.
pub const NOON_MS: i64 = 1_768_478_400_000;
/// The fixture clock's time in unix seconds, for store calls that stamp rows.
pub const NOON_SECS: i64 = NOON_MS / 1000;

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub clock: ManualClock,
}

impl Fixture {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            clock: ManualClock::new(NOON_MS, 0),
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("collection.spool")
    }

    /// Opens the fixture's collection (created with the built-in deck on first open).
    pub fn open(&self) -> Spool {
        Spool::open(self.path(), self.clock.clone()).unwrap()
    }

    /// Opens the fixture's collection without the built-in deck.
    pub fn open_empty(&self) -> Spool {
        Spool::open_without_builtin(self.path(), self.clock.clone()).unwrap()
    }
}

pub fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Runs the `spool` binary on `collection` with `args`.
pub fn run_spool(collection: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_spool"))
        .arg("--collection")
        .arg(collection)
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap()
}

/// The stdout of a run that must have succeeded.
pub fn success_stdout(output: &std::process::Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// The stderr of a run that must have failed cleanly: non-zero exit, one line, no panic.
pub fn one_line_error(output: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(!output.status.success(), "should have failed");
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "not one line: {stderr:?}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// The note with `guid`, found the way a person finds one: through a search over every card.
pub fn note_by_guid(
    collection: &spool_core::store::Collection,
    guid: &str,
) -> Option<spool_core::store::Note> {
    collection
        .search_notes("", 0)
        .unwrap()
        .into_iter()
        .map(|id| collection.note(id).unwrap())
        .find(|note| note.guid == guid)
}
