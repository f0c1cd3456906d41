//! Settings kept in the collection, so they travel with it.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::Collection;
use crate::error::{Error, Result};
use crate::scheduler::sm2::DEFAULT_MAX_INTERVAL_DAYS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    Light,
    Dark,
    System,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// New cards introduced per day, per deck.
    pub new_per_day: u32,
    /// Reviews shown per day, per deck.
    pub reviews_per_day: u32,
    /// Local hour (0-23) at which a new study day starts.
    pub rollover_hour: u8,
    pub max_interval_days: u32,
    pub theme: Theme,
    pub ui_scale: f32,
    /// Whether a card's sounds play as its question shows and again as its answer does, as
    /// in Anki; the play buttons and replaying work either way.
    pub play_audio_automatically: bool,
    pub backups: BackupSettings,
}

/// How often backups are made and how many are kept, stored with the other settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BackupSettings {
    /// The shortest time between two automatic backups.
    pub interval_minutes: u32,
    /// Backups kept one per day, after today's and yesterday's.
    pub daily: u32,
    /// Then one per week (Monday to Sunday).
    pub weekly: u32,
    /// Then one per month.
    pub monthly: u32,
}

impl Default for BackupSettings {
    fn default() -> Self {
        Self {
            interval_minutes: 30,
            daily: 12,
            weekly: 10,
            monthly: 9,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            new_per_day: 20,
            reviews_per_day: 200,
            rollover_hour: 4,
            max_interval_days: DEFAULT_MAX_INTERVAL_DAYS,
            theme: Theme::System,
            ui_scale: 1.0,
            play_audio_automatically: true,
            backups: BackupSettings::default(),
        }
    }
}

impl Settings {
    pub fn validate(&self) -> Result<()> {
        let invalid = |key: &str, reason: String| {
            Err(Error::InvalidSetting {
                key: key.into(),
                reason,
            })
        };
        if self.rollover_hour > 23 {
            return invalid(
                "rollover_hour",
                format!("must be between 0 and 23, got {}", self.rollover_hour),
            );
        }
        if self.max_interval_days == 0 {
            return invalid("max_interval_days", "must be at least 1 day".into());
        }
        if self.backups.interval_minutes == 0 {
            return invalid(
                "backups.interval_minutes",
                "must be at least 1 minute".into(),
            );
        }
        if !(0.5..=3.0).contains(&self.ui_scale) {
            return invalid(
                "ui_scale",
                format!("must be between 0.5 and 3.0, got {}", self.ui_scale),
            );
        }
        Ok(())
    }
}

const SETTINGS_KEY: &str = "settings";

impl Collection {
    /// The collection's settings; stored values that are out of range (say, edited by hand)
    /// are an error naming the setting, not something to study by.
    pub fn settings(&self) -> Result<Settings> {
        let settings: Settings = self.config_value(SETTINGS_KEY)?.unwrap_or_default();
        settings.validate()?;
        Ok(settings)
    }

    pub fn save_settings(&mut self, settings: &Settings) -> Result<()> {
        settings.validate()?;
        self.set_config_value(SETTINGS_KEY, settings)
    }

    pub fn config_value<T: for<'de> Deserialize<'de>>(&self, key: &str) -> Result<Option<T>> {
        let raw: Option<String> = self
            .conn
            .prepare_cached("SELECT value FROM config WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?;
        raw.map(|json| {
            serde_json::from_str(&json).map_err(|e| Error::InvalidSetting {
                key: key.into(),
                reason: format!("stored value is unreadable: {e}"),
            })
        })
        .transpose()
    }

    pub fn set_config_value<T: Serialize>(&mut self, key: &str, value: &T) -> Result<()> {
        let json = serde_json::to_string(value).map_err(|e| Error::InvalidSetting {
            key: key.into(),
            reason: e.to_string(),
        })?;
        self.transact(|tx| {
            tx.execute(
                "INSERT INTO config (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
                params![key, json],
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_saved_before_audio_existed_play_it_as_anki_does() {
        let stored: Settings = serde_json::from_str(r#"{"new_per_day": 5}"#).unwrap();
        assert!(stored.play_audio_automatically);
        assert_eq!(stored.new_per_day, 5);
        let quiet: Settings =
            serde_json::from_str(r#"{"play_audio_automatically": false}"#).unwrap();
        assert!(!quiet.play_audio_automatically);
    }
}
