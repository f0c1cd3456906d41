//! Where "now" comes from, so services can be tested at any time of any day.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

pub trait Clock: Send + Sync {
    fn now_ms(&self) -> i64;
    /// The local UTC offset at `now`, in seconds east of UTC.
    fn utc_offset_secs(&self) -> i32;
}

/// The computer's clock and time zone.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        chrono::Utc::now().timestamp_millis()
    }

    fn utc_offset_secs(&self) -> i32 {
        chrono::Local::now().offset().local_minus_utc()
    }
}

/// A clock that stands still until moved; clones share the same time.
#[derive(Debug, Clone)]
pub struct ManualClock {
    now_ms: Arc<AtomicI64>,
    utc_offset_secs: i32,
}

impl ManualClock {
    pub fn new(now_ms: i64, utc_offset_secs: i32) -> Self {
        Self {
            now_ms: Arc::new(AtomicI64::new(now_ms)),
            utc_offset_secs,
        }
    }

    pub fn advance_ms(&self, ms: i64) {
        self.now_ms.fetch_add(ms, Ordering::SeqCst);
    }

    pub fn advance_days(&self, days: i64) {
        self.advance_ms(days * 86_400_000);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.now_ms.load(Ordering::SeqCst)
    }

    fn utc_offset_secs(&self) -> i32 {
        self.utc_offset_secs
    }
}
