//! Shared set-up for integration tests.
#![allow(dead_code)] // each test binary uses a different part of this module

use std::path::PathBuf;

use spool::app::{ManualClock, Spool};

/// 2026-01-15 12:00 UTC: a fixed "now" so tests are the same every day.
pub const NOON_MS: i64 = 1_768_478_400_000;

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
