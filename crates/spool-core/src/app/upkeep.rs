//! Keeping the collection file healthy: checking and repairing it, and keeping its
//! write-ahead log short while a front end runs.

use std::time::Duration;

use super::Spool;
use crate::error::Result;
use crate::store::{CheckReport, Checkpointer};

/// How often a running front end moves the write-ahead log into the collection file: often
/// enough that the log stays short, and on its own connection, so no answer waits for it.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(2);

impl Spool {
    /// Checks the collection for problems and repairs what is safe to repair.
    pub fn check(&mut self) -> Result<CheckReport> {
        self.collection.check()
    }

    /// Checkpoints the collection in the background until the returned guard is dropped.
    pub fn spawn_checkpointer(&self) -> Result<Checkpointer> {
        self.collection.spawn_checkpointer(CHECKPOINT_EVERY)
    }
}
