//! Collection statistics for today.

use super::Spool;
use crate::error::Result;
use crate::store::Stats;

impl Spool {
    pub fn stats(&self) -> Result<Stats> {
        self.collection.stats(self.day_clock()?, self.today()?)
    }
}
