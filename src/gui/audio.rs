//! Card sounds through the default audio device.
//!
//! The device opens on the first sound rather than at start-up, so a collection without
//! sounds never touches it. A machine without one (a server, a CI runner) is told why once,
//! and studies in silence.

use std::fs::File;
use std::path::{Path, PathBuf};

use rodio::decoder::DecoderError;
use rodio::{Decoder, DeviceSinkBuilder, DeviceSinkError, MixerDeviceSink, Player};

/// Why a sound did not play, in one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AudioError {
    #[error("Sounds cannot play: {0}")]
    Unavailable(String),
    #[error("Cannot play {}: {reason}", file.display())]
    File { file: PathBuf, reason: String },
}

/// Plays card sounds one after another; a new request replaces whatever is playing.
pub struct Audio {
    device: Device,
    open: fn() -> Result<MixerDeviceSink, DeviceSinkError>,
}

enum Device {
    Unopened,
    Open {
        sink: MixerDeviceSink,
        /// What plays now; dropping it silences it.
        player: Option<Player>,
    },
    Unavailable(String),
}

impl Default for Audio {
    fn default() -> Self {
        Self::new()
    }
}

impl Audio {
    /// Audio through the system's default output, opened on the first sound.
    pub fn new() -> Audio {
        Audio {
            device: Device::Unopened,
            open: DeviceSinkBuilder::open_default_sink,
        }
    }

    /// Plays `files` in order in place of what was playing; no files just stops it. Every
    /// file that opens plays; the first that does not is the error. That the device cannot
    /// open is an error only the first time: later requests are silently dropped.
    pub fn play(&mut self, files: Vec<PathBuf>) -> Result<(), AudioError> {
        if files.is_empty() {
            self.stop();
            return Ok(());
        }
        self.open_once()?;
        let Device::Open { sink, player } = &mut self.device else {
            return Ok(());
        };
        let next = Player::connect_new(sink.mixer());
        let queued = queue(&next, &files);
        *player = Some(next);
        queued
    }

    /// Silences whatever is playing.
    pub fn stop(&mut self) {
        if let Device::Open { player, .. } = &mut self.device {
            *player = None;
        }
    }

    /// Why sounds cannot play on this machine, once opening the device has failed.
    pub fn unavailable_reason(&self) -> Option<&str> {
        match &self.device {
            Device::Unavailable(reason) => Some(reason),
            Device::Unopened | Device::Open { .. } => None,
        }
    }

    /// Opens the device unless that was tried before; failing is an error only this once.
    fn open_once(&mut self) -> Result<(), AudioError> {
        if !matches!(self.device, Device::Unopened) {
            return Ok(());
        }
        match (self.open)() {
            Ok(mut sink) => {
                // rodio says on stderr that dropping the sink stops its sound; that is the
                // point here, not news.
                sink.log_on_drop(false);
                self.device = Device::Open { sink, player: None };
                Ok(())
            }
            Err(error) => {
                let reason = with_causes(&error);
                self.device = Device::Unavailable(reason.clone());
                Err(AudioError::Unavailable(reason))
            }
        }
    }
}

/// `error` followed by what caused it, since rodio's own words hide the system's reason.
fn with_causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}

/// Appends each of `files` that opens as a sound to `player`, in order; returns the first
/// file that does not.
fn queue(player: &Player, files: &[PathBuf]) -> Result<(), AudioError> {
    let mut first_error = None;
    for file in files {
        match decode(file) {
            Ok(sound) => player.append(sound),
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    first_error.map_or(Ok(()), Err)
}

fn decode(file: &Path) -> Result<Decoder<std::io::BufReader<File>>, AudioError> {
    let failed = |reason: String| AudioError::File {
        file: file.to_path_buf(),
        reason,
    };
    let opened = File::open(file).map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => failed("the file is missing".into()),
        _ => failed(error.to_string()),
    })?;
    Decoder::try_from(opened).map_err(|error| match error {
        DecoderError::UnrecognizedFormat => {
            failed("not a sound file Spool can read (mp3, ogg, wav, flac)".into())
        }
        other => failed(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use std::process::Command;

    use rodio::Source;
    use rodio::queue::SourcesQueueOutput;

    use super::*;

    const RATE: u32 = 8000;

    /// A mono 16-bit PCM WAV file of `samples` at [`RATE`].
    fn write_wav(path: &Path, samples: &[i16]) {
        let data_len = u32::try_from(samples.len() * 2).unwrap();
        let mut bytes = Vec::new();
        bytes.extend(b"RIFF");
        bytes.extend((36 + data_len).to_le_bytes());
        bytes.extend(b"WAVEfmt ");
        bytes.extend(16u32.to_le_bytes());
        bytes.extend(1u16.to_le_bytes()); // PCM
        bytes.extend(1u16.to_le_bytes()); // mono
        bytes.extend(RATE.to_le_bytes());
        bytes.extend((RATE * 2).to_le_bytes()); // bytes per second
        bytes.extend(2u16.to_le_bytes()); // bytes per frame
        bytes.extend(16u16.to_le_bytes()); // bits per sample
        bytes.extend(b"data");
        bytes.extend(data_len.to_le_bytes());
        for sample in samples {
            bytes.extend(sample.to_le_bytes());
        }
        std::fs::write(path, bytes).unwrap();
    }

    /// Everything `player` plays, pulled from its output as a device would pull it.
    fn played(player: &Player, output: &mut SourcesQueueOutput) -> Vec<f32> {
        let mut samples = Vec::new();
        // The output falls silent rather than ending; the pull that finds the last sound
        // finished already returns that silence, and the player's count drops to zero.
        for sample in output.by_ref() {
            if player.empty() {
                break;
            }
            samples.push(sample);
        }
        samples
    }

    fn all_near(samples: &[f32], value: f32) -> bool {
        samples.iter().all(|sample| (sample - value).abs() < 1e-4)
    }

    #[test]
    fn files_play_one_after_another_sample_for_sample() {
        let dir = tempfile::tempdir().unwrap();
        let (high, low) = (dir.path().join("high.wav"), dir.path().join("low.wav"));
        write_wav(&high, &[8192; 800]);
        write_wav(&low, &[-16384; 400]);
        let (player, mut output) = Player::new();
        queue(&player, &[high, low]).unwrap();
        let samples = played(&player, &mut output);
        assert_eq!(samples.len(), 1200);
        assert!(all_near(&samples[..800], 0.25), "the first file first");
        assert!(all_near(&samples[800..], -0.5), "then the second");
        let after: Vec<f32> = output.take(100).collect();
        assert!(all_near(&after, 0.0), "then silence");
    }

    #[test]
    fn mp3_ogg_and_flac_play_for_as_long_as_they_last() {
        let dir = tempfile::tempdir().unwrap();
        for format in ["mp3", "ogg", "flac"] {
            let file = dir.path().join(format!("tone.{format}"));
            // Half a second of a 440 Hz tone at half volume.
            let status = Command::new("sox")
                .args(["-n", "-r", "22050", "-c", "1"])
                .arg(&file)
                .args(["synth", "0.5", "sine", "440", "vol", "0.5"])
                .status()
                .expect("sox writes the fixtures: apt-get install sox libsox-fmt-mp3");
            assert!(status.success(), "sox could not write {format}");
            let (player, mut output) = Player::new();
            queue(&player, &[file]).unwrap();
            let rate = output.sample_rate().get() as f32;
            let samples = played(&player, &mut output);
            let seconds = samples.len() as f32 / rate;
            // MP3 pads the start and end with a few milliseconds of encoder delay.
            assert!((0.49..0.6).contains(&seconds), "{format} lasts {seconds}s");
            let rms = (samples.iter().map(|s| s * s).sum::<f32>() / samples.len() as f32).sqrt();
            // A sine at half volume: 0.5 / √2.
            assert!(
                (0.3..0.4).contains(&rms),
                "{format} has a root-mean-square of {rms}"
            );
        }
    }

    #[test]
    fn a_file_that_cannot_play_is_named_and_the_others_still_play() {
        let dir = tempfile::tempdir().unwrap();
        let corrupt = dir.path().join("corrupt.mp3");
        std::fs::write(&corrupt, "not a sound at all\n".repeat(100)).unwrap();
        let missing = dir.path().join("missing.mp3");
        let good = dir.path().join("good.wav");
        write_wav(&good, &[8192; 80]);

        let (player, mut output) = Player::new();
        let error = queue(&player, &[corrupt.clone(), missing.clone(), good]).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "Cannot play {}: not a sound file Spool can read (mp3, ogg, wav, flac)",
                corrupt.display()
            )
        );
        let samples = played(&player, &mut output);
        assert_eq!(samples.len(), 80, "the good file plays all the same");
        assert!(all_near(&samples, 0.25));

        let (player, _output) = Player::new();
        assert_eq!(
            queue(&player, std::slice::from_ref(&missing))
                .unwrap_err()
                .to_string(),
            format!("Cannot play {}: the file is missing", missing.display())
        );
    }

    #[test]
    fn a_machine_without_a_device_is_told_once_and_stays_silent() {
        let mut audio = Audio {
            device: Device::Unopened,
            open: || Err(DeviceSinkError::NoDevice),
        };
        assert_eq!(audio.play(Vec::new()), Ok(()));
        assert_eq!(
            audio.unavailable_reason(),
            None,
            "nothing to play opens nothing"
        );
        let hello = vec![PathBuf::from("hello.mp3")];
        assert_eq!(
            audio.play(hello.clone()),
            Err(AudioError::Unavailable(
                "Could not find any output device".into()
            ))
        );
        assert_eq!(audio.play(hello), Ok(()), "said once");
        assert_eq!(
            audio.unavailable_reason(),
            Some("Could not find any output device")
        );
    }
}
