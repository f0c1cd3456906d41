//! Whole-day arithmetic with a configurable rollover hour (like Anki's "next day starts at").

use chrono::{DateTime, NaiveDate, TimeDelta};

const SECONDS_PER_DAY: i64 = 86_400;

/// The day (days since 1970-01-01, local calendar, shifted by the rollover hour) that
/// `unix_secs` falls in. With rollover 4, 03:59 local time still belongs to the previous day.
pub fn day_number(unix_secs: i64, utc_offset_secs: i32, rollover_hour: u8) -> i64 {
    let local = unix_secs + i64::from(utc_offset_secs) - i64::from(rollover_hour) * 3600;
    local.div_euclid(SECONDS_PER_DAY)
}

/// A time zone offset and rollover hour: everything needed to turn instants into study days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayClock {
    pub utc_offset_secs: i32,
    pub rollover_hour: u8,
}

impl DayClock {
    pub fn day_of(&self, unix_secs: i64) -> i64 {
        day_number(unix_secs, self.utc_offset_secs, self.rollover_hour)
    }

    /// The instant (unix seconds) at which `day` begins.
    pub fn start_of_day(&self, day: i64) -> i64 {
        day * SECONDS_PER_DAY + i64::from(self.rollover_hour) * 3600
            - i64::from(self.utc_offset_secs)
    }

    /// The calendar date a study day is named by.
    pub fn date_of_day(day: i64) -> Option<NaiveDate> {
        DateTime::UNIX_EPOCH
            .date_naive()
            .checked_add_signed(TimeDelta::try_days(day)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UTC_4AM: DayClock = DayClock {
        utc_offset_secs: 0,
        rollover_hour: 4,
    };

    #[test]
    fn rollover_hour_moves_the_day_boundary() {
        let midnight_jan_2 = 86_400;
        assert_eq!(UTC_4AM.day_of(midnight_jan_2), 0);
        assert_eq!(UTC_4AM.day_of(midnight_jan_2 + 4 * 3600 - 1), 0);
        assert_eq!(UTC_4AM.day_of(midnight_jan_2 + 4 * 3600), 1);
    }

    #[test]
    fn offset_uses_local_time() {
        // 23:00 UTC on Jan 1 is 01:00 on Jan 2 at UTC+2, which is still day 0 with rollover 4
        // but day 1 with rollover 0.
        let t = 23 * 3600;
        assert_eq!(day_number(t, 7200, 4), 0);
        assert_eq!(day_number(t, 7200, 0), 1);
    }

    #[test]
    fn times_before_the_epoch_floor_correctly() {
        assert_eq!(day_number(-1, 0, 0), -1);
    }

    #[test]
    fn start_of_day_round_trips() {
        let clock = DayClock {
            utc_offset_secs: -5 * 3600,
            rollover_hour: 4,
        };
        for day in [-3, 0, 20_000] {
            let start = clock.start_of_day(day);
            assert_eq!(clock.day_of(start), day);
            assert_eq!(clock.day_of(start - 1), day - 1);
        }
    }

    #[test]
    fn dates_of_days() {
        assert_eq!(
            DayClock::date_of_day(0),
            NaiveDate::from_ymd_opt(1970, 1, 1)
        );
        assert_eq!(
            DayClock::date_of_day(20_000),
            NaiveDate::from_ymd_opt(2024, 10, 4)
        );
    }
}
