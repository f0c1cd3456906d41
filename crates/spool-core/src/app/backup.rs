//! Backups: when they are made, where they live, which are kept, and restoring one.
//!
//! Backups are checked snapshots of the collection (see `store::backup`) in a folder beside
//! it, `<file name>-backups`, named by the local time they were made. Like Anki, Spool
//! backs up on open when the newest backup is older than the interval (30 minutes by
//! default), every interval while changes are being made, on close after changes, and
//! always before an import or a restore; and it keeps every backup of today and
//! yesterday, then one a day for 12 days, one a week for 10 weeks and one a month for 9
//! months (the counts are settings).
//!
//! Media files are not copied into backups: Spool never changes or deletes a media file
//! once it is in the media folder (an import that brings a different file under a taken name
//! stores it under a new name), so every backup's notes still find theirs.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::Spool;
use crate::error::{Error, Result};
use crate::store::{BackupSettings, check_backup, remove_unfinished_backups};

/// chrono's format of a backup's file name; the milliseconds keep two backups of one
/// second apart.
const NAME_FORMAT: &str = "backup-%Y-%m-%d-%H.%M.%S%.3f.spool";

/// Why a backup is being considered; each has its own rule for whether one is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupReason {
    /// A front end opened the collection to change it.
    Opened,
    /// The interval came round while a front end was open.
    Interval,
    /// A front end is closing the collection.
    Closing,
    /// Before the collection takes in an import.
    BeforeImport,
    /// Before the collection is replaced by a backup.
    BeforeRestore,
    /// The person asked for one.
    Requested,
}

impl BackupReason {
    /// Whether a backup is due. `newest_age` is the age of the newest backup (`None`: there
    /// is none); `changed` says whether this process changed the collection since its
    /// last backup (or since it opened it).
    fn is_due(self, newest_age: Option<Duration>, changed: bool, interval: Duration) -> bool {
        let stale = newest_age.is_none_or(|age| age >= interval);
        match self {
            Self::Opened => stale,
            Self::Interval => stale && changed,
            Self::Closing => changed,
            Self::BeforeImport | Self::BeforeRestore | Self::Requested => true,
        }
    }
}

/// A backup file in the backups folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupInfo {
    pub name: String,
    pub path: PathBuf,
    /// Local time the backup was made, from its name.
    pub made_at: NaiveDateTime,
    pub size_bytes: u64,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Restored {
    /// The backup now in the collection.
    pub restored: BackupInfo,
    /// The backup of the collection as it was just before.
    pub previous_state: BackupInfo,
}

impl Spool {
    /// Where this collection's backups are kept.
    pub fn backup_folder(&self) -> PathBuf {
        let path = self.collection.path();
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push("-backups");
        path.with_file_name(name)
    }

    /// The backups in the folder, newest first. Files that are not named as Spool names
    /// backups are not counted, so nothing else in the folder is ever thinned away.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        let folder = self.backup_folder();
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => {
                return Err(Error::Io {
                    path: folder,
                    error,
                });
            }
        };
        let mut backups: Vec<BackupInfo> = entries
            .filter_map(|entry| entry.ok())
            .filter_map(|entry| {
                let name = entry.file_name().into_string().ok()?;
                let made_at = NaiveDateTime::parse_from_str(&name, NAME_FORMAT).ok()?;
                let size_bytes = entry.metadata().ok()?.len();
                Some(BackupInfo {
                    path: entry.path(),
                    name,
                    made_at,
                    size_bytes,
                })
            })
            .collect();
        backups.sort_by(|a, b| b.made_at.cmp(&a.made_at).then(b.name.cmp(&a.name)));
        Ok(backups)
    }

    /// Makes a backup if `reason` calls for one now, then thins the folder. A backup that
    /// fails its check is deleted and its error returned.
    pub fn back_up(&mut self, reason: BackupReason) -> Result<Option<BackupInfo>> {
        if self.collection.is_read_only() && reason != BackupReason::Requested {
            // A collection that cannot change needs no new backups.
            return Ok(None);
        }
        let settings = self.settings()?.backups;
        let now = self.local_now();
        let newest_age = self.backups()?.first().map(|newest| now - newest.made_at);
        let changed = self.collection.rows_written() > self.rows_at_last_backup;
        let interval = Duration::minutes(i64::from(settings.interval_minutes));
        if !reason.is_due(newest_age, changed, interval) {
            return Ok(None);
        }
        let folder = self.backup_folder();
        std::fs::create_dir_all(&folder).map_err(|error| Error::Io {
            path: folder.clone(),
            error,
        })?;
        remove_unfinished_backups(&folder);
        let (name, made_at) = self.free_name(&folder, now);
        let written = self.collection.write_backup(&folder.join(&name))?;
        self.rows_at_last_backup = self.collection.rows_written();
        self.thin_backups(now.date(), &settings)?;
        Ok(Some(BackupInfo {
            name,
            path: written.path,
            made_at,
            size_bytes: written.size_bytes,
        }))
    }

    /// Replaces the collection with a backup, named as [`Spool::backups`] lists it or by
    /// its path, after checking it and backing up the collection as it is now.
    pub fn restore(&mut self, backup: &str) -> Result<Restored> {
        let path = self.backup_path(backup);
        check_backup(&path)?;
        let previous_state = self
            .back_up(BackupReason::BeforeRestore)?
            .expect("a backup before a restore is always due");
        self.collection.restore_backup(&path)?;
        self.settings = self.collection.settings().ok();
        self.rows_at_last_backup = self.collection.rows_written();
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let made_at =
            NaiveDateTime::parse_from_str(&name, NAME_FORMAT).unwrap_or(previous_state.made_at);
        let size_bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        Ok(Restored {
            restored: BackupInfo {
                name,
                path,
                made_at,
                size_bytes,
            },
            previous_state,
        })
    }

    fn backup_path(&self, backup: &str) -> PathBuf {
        let in_folder = self.backup_folder().join(backup);
        if !backup.contains(std::path::MAIN_SEPARATOR) && in_folder.exists() {
            in_folder
        } else {
            Path::new(backup).to_path_buf()
        }
    }

    fn local_now(&self) -> NaiveDateTime {
        let local_ms = self.now_ms() + i64::from(self.clock.utc_offset_secs()) * 1000;
        DateTime::from_timestamp_millis(local_ms)
            .unwrap_or_default()
            .naive_utc()
    }

    /// A name for a backup made at `now` that no file in `folder` has: a clock that stands
    /// still, or two backups in one millisecond, moves the name on by a millisecond.
    fn free_name(&self, folder: &Path, now: NaiveDateTime) -> (String, NaiveDateTime) {
        let mut made_at = now;
        loop {
            let name = made_at.format(NAME_FORMAT).to_string();
            if !folder.join(&name).exists() {
                return (name, made_at);
            }
            made_at += Duration::milliseconds(1);
        }
    }

    fn thin_backups(&self, today: NaiveDate, settings: &BackupSettings) -> Result<()> {
        let backups = self.backups()?;
        let made: Vec<NaiveDateTime> = backups.iter().map(|b| b.made_at).collect();
        for index in obsolete_backups(&made, today, settings) {
            let path = &backups[index].path;
            std::fs::remove_file(path).map_err(|error| Error::Io {
                path: path.clone(),
                error,
            })?;
        }
        Ok(())
    }
}

/// Which of `made` (times backups were made, newest first) thinning removes, as indexes.
///
/// Every backup from yesterday or today is kept. Going back from there, the newest backup
/// of each day is kept until `daily` days have one, then the newest of each week until
/// `weekly` weeks have one, then the newest of each month for `monthly` months; the rest
/// go. Weeks run Monday to Sunday.
pub fn obsolete_backups(
    made: &[NaiveDateTime],
    today: NaiveDate,
    limits: &BackupSettings,
) -> Vec<usize> {
    let yesterday = today.pred_opt().unwrap_or(today);
    let mut left = [limits.daily, limits.weekly, limits.monthly];
    let mut last_kept: Option<NaiveDate> = None;
    let mut obsolete = Vec::new();
    for (index, time) in made.iter().enumerate() {
        let day = time.date();
        if day >= yesterday {
            last_kept = Some(day);
            continue;
        }
        let Some(stage) = left.iter().position(|&count| count > 0) else {
            obsolete.push(index);
            continue;
        };
        let new_period = last_kept.is_none_or(|kept| match stage {
            0 => day < kept,
            1 => week_of(day) < week_of(kept),
            _ => month_of(day) < month_of(kept),
        });
        if new_period {
            left[stage] -= 1;
            last_kept = Some(day);
        } else {
            obsolete.push(index);
        }
    }
    obsolete
}

/// Weeks counted from a Monday, so comparing two tells whether they are in one week.
fn week_of(day: NaiveDate) -> i64 {
    i64::from(day.num_days_from_ce() - 1).div_euclid(7)
}

fn month_of(day: NaiveDate) -> i64 {
    i64::from(day.year()) * 12 + i64::from(day.month0())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn thinning_keeps_recent_then_daily_weekly_monthly() {
        let today = NaiveDate::from_ymd_opt(2022, 2, 22).unwrap();
        let limits = BackupSettings {
            daily: 3,
            weekly: 2,
            monthly: 1,
            ..BackupSettings::default()
        };
        // (time, removed), newest first.
        let cases = [
            (at(2022, 2, 22, 9), false), // today and yesterday: all kept
            (at(2022, 2, 22, 8), false),
            (at(2022, 2, 21, 0), false),
            (at(2022, 2, 20, 18), false), // daily 1: the newest of its day
            (at(2022, 2, 20, 6), true),
            (at(2022, 2, 10, 0), false), // daily 2
            (at(2022, 2, 9, 0), false),  // daily 3
            (at(2022, 2, 7, 0), true),   // a Monday, in daily 3's week
            (at(2022, 2, 6, 2), false),  // weekly 1: Sunday of the week before
            (at(2022, 2, 6, 1), true),
            (at(2022, 1, 6, 0), false),   // weekly 2
            (at(2022, 1, 5, 0), true),    // same week as weekly 2
            (at(2021, 12, 24, 0), false), // monthly 1
            (at(2021, 12, 1, 0), true),
            (at(2021, 11, 1, 0), true), // limits used up
        ];
        let made: Vec<_> = cases.iter().map(|(time, _)| *time).collect();
        let expected: Vec<usize> = (0..cases.len()).filter(|&i| cases[i].1).collect();
        assert_eq!(obsolete_backups(&made, today, &limits), expected);
    }

    #[test]
    fn a_year_of_daily_backups_thins_to_the_default_counts() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let made: Vec<_> = (0..366)
            .map(|days| {
                (today - Duration::days(days))
                    .and_hms_opt(12, 0, 0)
                    .unwrap()
            })
            .collect();
        let limits = BackupSettings::default();
        let removed = obsolete_backups(&made, today, &limits);
        let kept: Vec<_> = (0..made.len()).filter(|i| !removed.contains(i)).collect();
        // Today and yesterday, then 12 days, then 10 Sundays, then 9 month ends.
        assert_eq!(kept.len(), 2 + 12 + 10 + 9);
        let weekly = &kept[14..24];
        assert!(
            weekly
                .iter()
                .all(|&i| made[i].weekday() == chrono::Weekday::Sun)
        );
        let monthly = &kept[24..];
        assert!(
            monthly
                .iter()
                .all(|&i| made[i].date().succ_opt().unwrap().day() == 1)
        );
    }

    #[test]
    fn zero_counts_keep_only_today_and_yesterday() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let made = [at(2026, 12, 4, 1), at(2026, 12, 3, 1), at(2026, 12, 2, 1)];
        let none = BackupSettings {
            daily: 0,
            weekly: 0,
            monthly: 0,
            ..BackupSettings::default()
        };
        assert_eq!(obsolete_backups(&made, today, &none), [2]);
    }

    #[test]
    fn each_reason_has_its_own_rule() {
        let interval = Duration::minutes(30);
        let fresh = Some(Duration::minutes(5));
        let stale = Some(Duration::minutes(31));
        use BackupReason::*;
        assert!(Opened.is_due(None, false, interval));
        assert!(Opened.is_due(stale, false, interval));
        assert!(!Opened.is_due(fresh, true, interval));
        assert!(Interval.is_due(stale, true, interval));
        assert!(
            !Interval.is_due(stale, false, interval),
            "nothing new to keep"
        );
        assert!(!Interval.is_due(fresh, true, interval));
        assert!(Closing.is_due(fresh, true, interval));
        assert!(!Closing.is_due(stale, false, interval));
        for always in [BeforeImport, BeforeRestore, Requested] {
            assert!(always.is_due(fresh, false, interval));
        }
    }
}
